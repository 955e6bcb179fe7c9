"""The building blocks of every analysis result: references, sources and evidence.

Each command's result is a dataclass with ``to_dict()`` (the JSON documented in
``docs/analysis-json.md``) and ``tables()`` (the sections shown by ``--format table``;
the first section is what ``--format csv`` prints). The findings of each command
are defined next to the command; what they share lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Version of the JSON schema in docs/analysis-json.md; bump on incompatible changes.
SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Ref:
    """A resource named in a result: its IRI, Dutch label, compact kind and the kind's Dutch name."""

    iri: str
    label: str
    kind: str = ""
    kind_label: str = ""

    def to_dict(self) -> dict[str, str]:
        out = {"iri": self.iri, "label": self.label}
        if self.kind:
            out["kind"] = self.kind
            out["kindLabel"] = self.kind_label or self.kind
        return out

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Source:
    """Where a statement comes from: a seed excerpt (document and lines) or a provision (JCI)."""

    iri: str
    kind: str  # "seed" | "provision" | "other"
    label: str
    document: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    quote: str | None = None
    jci: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"iri": self.iri, "kind": self.kind, "label": self.label}
        if self.kind == "seed":
            out.update(document=self.document, lineStart=self.line_start, lineEnd=self.line_end)
            if self.quote:
                out["quote"] = self.quote
        if self.kind == "provision":
            out.update(jci=self.jci, url=self.url)
        return out


@dataclass
class Evidence:
    """The statements a finding rests on (assignments, transfers, positions, rules) and their sources."""

    statements: list[Ref] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def add(self, other: "Evidence") -> "Evidence":
        """Merge another piece of evidence into this one (keeping order, without repeats)."""
        for s in other.statements:
            if s.iri not in {x.iri for x in self.statements}:
                self.statements.append(s)
        for s in other.sources:
            if s.iri not in {x.iri for x in self.sources}:
                self.sources.append(s)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {"statements": [s.to_dict() for s in self.statements], "sources": [s.to_dict() for s in self.sources]}

    def cite(self) -> str:
        """Short list of sources for a table cell: seed lines and provision labels."""
        return "; ".join(s.label for s in self.sources)


@dataclass
class Table:
    """One section of the table output; the column named ``notes`` (long Dutch text) is shown
    in full below the table, as numbered notes, instead of being cut to the column width."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    notes: str | None = None


def sentence(text: str) -> str:
    """The text with a capital first letter (messages often start with a lower-case label)."""
    return text[:1].upper() + text[1:]


def refs(items: list[Ref]) -> list[dict[str, str]]:
    """``to_dict`` of a list of references."""
    return [r.to_dict() for r in items]


def labels(items: list[Ref]) -> str:
    """The labels of several references, for one table cell."""
    return ", ".join(r.label for r in items) or "—"
