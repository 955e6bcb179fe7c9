"""Reader for plain-text exports of wetten.overheid.nl (``laws/history/BWBR…/BWBR….<valid_from>.txt``).

One file per version; ``versions.tsv`` beside them lists valid_from, the start of the next
version (exclusive end, "heden" for the newest) and the source commit. Articles start with a
line "Artikel N", leden with "1.<tab>", onderdelen with "<tab>a.<tab>"; lines such as
"Titel 14. …" or "Afdeling 4. …" are headings between articles.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from kg.laws.model import Version, article_from_blocks

FORMAT = "wetten-plaintext"
ARTICLE = re.compile(r"^Artikel\s+(?P<n>[0-9][0-9A-Za-z.:]*)\s*$")
HEADING = re.compile(r"^(Boek|Titel|Afdeling|Paragraaf|§|Hoofdstuk|Deel)\s+[0-9A-Za-z]+[.:]?(\s|$)")


def read(path: Path, valid_from: date, valid_to: date | None) -> Version:
    """One version from a plain-text export; the dates come from versions.tsv."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = next((line.strip() for line in lines if line.strip()), None)
    version = Version(bwb=path.name.split(".", 1)[0], valid_from=valid_from, source=path, format=FORMAT,
                      title=title, valid_to=valid_to, end_known=valid_to is not None)
    number: str | None = None
    blocks: list[str] = []
    for raw in lines:
        line = raw.strip()
        match = ARTICLE.match(line)
        if match or HEADING.match(line):
            if number is not None:
                version.articles[number] = article_from_blocks(number, blocks)
            number, blocks = (match.group("n"), []) if match else (None, [])
        elif number is not None and line:
            blocks.append(line)
    if number is not None:
        version.articles[number] = article_from_blocks(number, blocks)
    return version


def read_history(folder: Path) -> list[Version]:
    """Every version listed in ``folder/versions.tsv``, oldest first."""
    versions: list[Version] = []
    for row in (folder / "versions.tsv").read_text(encoding="utf-8").splitlines():
        fields = row.split()
        if len(fields) < 2 or not re.match(r"^\d{4}-\d\d-\d\d$", fields[0]):
            continue
        start = date.fromisoformat(fields[0])
        end = date.fromisoformat(fields[1]) if re.match(r"^\d{4}-\d\d-\d\d$", fields[1]) else None
        files = list(folder.glob(f"*.{fields[0]}.txt"))
        if not files:
            raise FileNotFoundError(f"{folder / 'versions.tsv'}: versie {fields[0]} genoemd maar bestand ontbreekt")
        versions.append(read(files[0], start, end))
    return versions
