"""Article texts from the statute snapshots in the shared folder (``laws/BWBR…_name.md``).

Each file has one ``### Artikel N`` heading per article; the article's text runs to the
next heading. The snapshots are 2013–2015 versions: pages say so and link to
wetten.overheid.nl for the text in force.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

HEADING = re.compile(r"^#+\s+Artikel\s+(?P<number>\S+)\s*$")


@lru_cache(maxsize=32)
def _articles(path: Path) -> dict[str, list[str]]:
    articles: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            match = HEADING.match(line)
            current = articles.setdefault(match.group("number"), []) if match else None
        elif current is not None and line.strip():
            current.append(line.strip())
    return articles


def article_text(laws_dir: Path, bwb: str, article: str) -> list[str] | None:
    """The lines (paragraphs) of article ``article`` of regulation ``bwb``, or None when not available."""
    files = sorted(laws_dir.glob(f"{bwb}_*.md")) if laws_dir.is_dir() else []
    if not files:
        return None
    return _articles(files[0]).get(article)


def lid_of(line: str) -> str | None:
    """The lid number a line starts (``"2.  De kinderrechter …"`` → ``"2"``), or None."""
    match = re.match(r"^(\d+[a-z]?)\.\s", line)
    return match.group(1) if match else None
