"""The coverage ledger (docs/coverage-ledger.md): one row per thing a seed names.

A row says where in which seed the thing is named (document, lines, a verbatim
fragment), what kind of thing it is, and either the IRI(s) that model it in the graph or
why it is out of scope. :func:`check` verifies every row against the seeds and the built
graph; :func:`coverage` counts rows per kind. ``kg ledger`` and the tests use both.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.config import PROJECT_ROOT
from kg.namespaces import ID
from kg.seeds import excerpt_text, normalise

LEDGER = PROJECT_ROOT / "docs" / "coverage-ledger.md"

#: The kinds of thing the sweep records, in the order the summary lists them.
KINDS = ("actor", "bevoegdheid", "maatregel", "regeling", "besluit", "mijlpaal", "knelpunt")

#: Seed documents by the short number used in the ledger.
SEEDS = {
    "000": "000_c76da6159ae9a83d", "001": "001_50e3f2c21a59e4a0", "002": "002_d8bfcf3eebcdfeb7",
    "003": "003_ecbfa00c0dee1ddb", "004": "004_e61924f29c307353",
}

OUT_OF_SCOPE = "buiten scope:"
_IRI = re.compile(r"`id:([^`\s]+)`")
_LINES = re.compile(r"^(\d+)(?:-(\d+))?$")


class LedgerError(ValueError):
    """A ledger row is malformed; the message names the line."""


@dataclass(frozen=True)
class Row:
    """One ledger row."""

    line: int
    seed: str
    start: int
    end: int
    kind: str
    fragment: str
    iris: tuple[str, ...]
    reason: str | None

    @property
    def document(self) -> str:
        """The seed document's file stem, e.g. ``004_e61924f29c307353``."""
        return SEEDS[self.seed]


def parse(path: Path = LEDGER) -> list[Row]:
    """The rows of the ledger's tables (rows with a seed number in the first cell)."""
    rows: list[Row] = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        cells = [c.strip() for c in text.strip().strip("|").split("|")] if text.startswith("|") else []
        if len(cells) < 5 or cells[0] not in SEEDS:
            continue
        seed, lines, kind, fragment, model = cells[:5]
        match = _LINES.match(lines)
        if not match:
            raise LedgerError(f"{path.name}:{number}: regels {lines!r} zijn geen 'a' of 'a-b'")
        if kind not in KINDS:
            raise LedgerError(f"{path.name}:{number}: onbekende soort {kind!r} (kies uit {', '.join(KINDS)})")
        start = int(match.group(1))
        end = int(match.group(2) or start)
        # an out-of-scope reason may point at related IRIs; they do not make the row modelled
        reason = model[len(OUT_OF_SCOPE):].strip() if model.lower().startswith(OUT_OF_SCOPE) else None
        iris = () if reason is not None else tuple(str(ID[m]) for m in _IRI.findall(model))
        rows.append(Row(number, seed, start, end, kind, fragment.strip("'\""), iris, reason))
    return rows


def check(rows: list[Row], seeds_dir: Path, known: set[str]) -> list[str]:
    """Problems in Dutch: lines that do not exist or do not contain the fragment, IRIs that
    are not in the graph (``known``), rows with neither an IRI nor a reason."""
    problems: list[str] = []
    for row in rows:
        where = f"regel {row.line} ({row.seed} r. {row.start}-{row.end})"
        try:
            text = excerpt_text(seeds_dir, row.document, row.start, row.end)
        except IndexError as exc:
            problems.append(f"{where}: {exc}")
            continue
        if normalise(row.fragment).lower() not in text.lower():
            problems.append(f"{where}: {row.fragment!r} staat niet in deze regels")
        if not row.iris and not (row.reason and len(row.reason) >= 10):
            problems.append(f"{where}: geen IRI en geen reden waarom {row.fragment!r} buiten scope is")
        problems += [f"{where}: {iri} bestaat niet in de graaf" for iri in row.iris if iri not in known]
    return problems


@dataclass(frozen=True)
class Coverage:
    """Rows per kind: how many are modelled by an IRI and how many are out of scope."""

    modelled: Counter
    out_of_scope: Counter

    @property
    def total(self) -> int:
        return sum(self.modelled.values()) + sum(self.out_of_scope.values())

    def summary(self) -> str:
        """One Dutch sentence with the figures (the README quotes it verbatim)."""
        parts = ", ".join(
            f"{kind} {self.modelled[kind]}/{self.modelled[kind] + self.out_of_scope[kind]}"
            for kind in KINDS if self.modelled[kind] + self.out_of_scope[kind])
        modelled = sum(self.modelled.values())
        return (f"{self.total} dingen die de bronnen noemen: {modelled} in de graaf, "
                f"{self.total - modelled} buiten scope met reden (per soort gemodelleerd/genoemd: {parts}).")


def coverage(rows: list[Row]) -> Coverage:
    """Count the rows per kind, modelled (with IRIs) versus out of scope."""
    return Coverage(Counter(r.kind for r in rows if r.iris), Counter(r.kind for r in rows if not r.iris))
