"""Read the reference statute texts (../shared/laws/BWBR*.md) to check provisions.

The files are Markdown snapshots of wetten.overheid.nl: headings ``### Artikel  3.2``,
``### Hoofdstuk  4``, with leden as lines ``1.  …`` and onderdelen as ``a. …``.
Used to verify that every provision we cite exists in the version we refer to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.laws import markdown

LID_RE = re.compile(r"^(\d+)\.\s")
ONDERDEEL_RE = re.compile(r"^([a-z]{1,2}|\d+°)\.?\s")

LEVEL_OF_HEADING = {"§": "paragraaf"}


@dataclass
class Statute:
    """The headings and article texts of one regulation."""

    bwb: str
    path: Path
    sections: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def article_text(self, number: str) -> str | None:
        lines = self.sections.get(("artikel", number))
        return "\n".join(lines) if lines is not None else None

    def has(self, path: tuple[tuple[str, str], ...]) -> bool:
        """Does the provision with this path (from :func:`kg.enrich.parse_provision`) exist?"""
        if not path:
            return True
        level, number = path[0]
        lines = self.sections.get((level, number))
        if lines is None:
            return False
        for sub_level, sub_number in path[1:]:
            if sub_level == "lid":
                found = [i for i, line in enumerate(lines) if (m := LID_RE.match(line)) and m.group(1) == sub_number]
                if not found:
                    return False
                start = found[0]
                end = next((i for i, line in enumerate(lines) if i > start and LID_RE.match(line)), len(lines))
                lines = lines[start:end]
            elif sub_level == "onderdeel":
                if not any((m := ONDERDEEL_RE.match(line)) and m.group(1).rstrip("°") == sub_number.rstrip("°") for line in lines):
                    return False
            else:
                return False
        return True


def parse_statute(path: Path) -> Statute:
    """Index a statute Markdown file by its headings (read by :mod:`kg.laws.markdown`)."""
    statute = Statute(bwb=markdown.bwb_of(path), path=path)
    for (kind, number), lines in markdown.sections(path).items():
        statute.sections[(LEVEL_OF_HEADING.get(kind, kind), number)] = lines
    return statute


@lru_cache(maxsize=None)
def load_statutes(laws_dir: Path) -> dict[str, Statute]:
    """All statutes in a folder, by BWB id."""
    return {p.name.split("_", 1)[0]: parse_statute(p) for p in sorted(laws_dir.glob("BWB*.md"))}
