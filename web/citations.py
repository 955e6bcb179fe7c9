"""How sources are named on pages: seed excerpts by document title, section and lines.

A seed excerpt's IRI (``seed/{file}/L{a}-L{b}``) only says which file and lines; a reader
wants "Toekomstscenario kind- en gezinsbescherming (2021), 5.7 Rechtsbescherming, r. 2269–2275".
The section is the nearest heading above the excerpt in the seed text (``Bijlage 5 - …``,
``5.7 …``), when the seed file is available.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

#: A heading line in a seed text: "Bijlage 4 - Kerntaken …" or a numbered section "4.3 Het doen …".
HEADING = re.compile(r"^\s*(Bijlage\s+\d+\b.*|\d+(?:\.\d+)+\s+[A-Z(].*)$")
#: An excerpt IRI's path below the id base: ``seed/{document}/L{a}-L{b}`` (or ``/L{a}``).
EXCERPT_PATH = re.compile(r"^seed/(?P<doc>[0-9a-z_]+)/L(?P<start>\d+)(?:-L(?P<end>\d+))?$")
#: Longest section title shown.
MAX_SECTION = 70


def section_of(lines: Sequence[str] | None, line: int) -> str | None:
    """The heading of the section that line ``line`` (1-based) lies in, or None."""
    if not lines:
        return None
    for number in range(min(line, len(lines)), 0, -1):
        text = lines[number - 1].strip()
        if HEADING.match(text):
            text = " ".join(text.split())
            return text if len(text) <= MAX_SECTION else text[:MAX_SECTION].rsplit(" ", 1)[0] + " …"
    return None


def line_range(start: int, end: int) -> str:
    """``r. 12`` or ``r. 12–15``."""
    return f"r. {start}" if start == end else f"r. {start}–{end}"


def excerpt_label(document: str, start: int, end: int, section: str | None = None) -> str:
    """``{document}, {section}, r. {start}–{end}`` (without the section when there is none)."""
    return ", ".join(p for p in (document, section, line_range(start, end)) if p)


def parse_excerpt_path(path: str) -> tuple[str, int, int] | None:
    """(document id, first line, last line) of an excerpt IRI path, or None."""
    match = EXCERPT_PATH.match(path)
    if not match:
        return None
    start = int(match["start"])
    return match["doc"], start, int(match["end"] or start)


SeedLines = Callable[[str], "list[str] | None"]
