"""Reader for the 2013–2015 Markdown snapshots (``laws/BWBR…_name.md``).

Headings ``### Artikel  3.2`` (also ``Hoofdstuk``, ``Afdeling``, ``§``, ``Paragraaf``) with the
article's paragraphs below: leden as ``1.  …``, onderdelen as ``a. …``, definitions as
``–  *term:* …``. The files carry no date: the archive date is given by the caller (the
curated ``kgb:versionDate`` of the regulation, see data/legislation/regulations.ttl).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from kg.laws.model import Version, article_from_blocks

FORMAT = "markdown-snapshot"
HEADING = re.compile(r"^#+\s*(?P<kind>Artikel|Hoofdstuk|Afdeling|§|Paragraaf|Titel|Boek)\s+(?P<n>[0-9A-Za-z.:]+)\s*$")
TITLE = re.compile(r"^##\s*(?P<title>[^#].*)$")


def bwb_of(path: Path) -> str:
    """The BWB id a snapshot file is named after (``BWBR0034925_jeugdwet.md`` → ``BWBR0034925``)."""
    return path.name.split("_", 1)[0]


def sections(path: Path) -> dict[tuple[str, str], list[str]]:
    """The non-empty lines under every heading, by (kind, number); kinds in lower case ("artikel", "§", …)."""
    found: dict[tuple[str, str], list[str]] = {}
    current: list[str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            heading = HEADING.match(line)
            current = found.setdefault((heading.group("kind").lower(), heading.group("n").rstrip(".")), []) if heading else None
        elif current is not None and line:
            current.append(line)
    return found


def read(path: Path, archive_date: date) -> Version:
    """One version from a snapshot; ``archive_date`` is a day on which this text was in force."""
    title = next((m.group("title").strip() for line in path.read_text(encoding="utf-8").splitlines()[:10]
                  if (m := TITLE.match(line.strip()))), None)
    version = Version(bwb=bwb_of(path), valid_from=archive_date, source=path, format=FORMAT, title=title, start_known=False)
    for (kind, number), lines in sections(path).items():
        if kind == "artikel":
            version.articles[number] = article_from_blocks(number, lines)
    return version
