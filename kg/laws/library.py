"""All statute versions in the law folders, merged per regulation.

Where each format lives (relative to a law folder, default ``../shared/laws``):

- ``BWBR…_name.md`` — 2013–2015 snapshots (:mod:`kg.laws.markdown`), dated by the caller;
- ``current/*.yaml`` — regelrecht YAML (:mod:`kg.laws.regelrecht`);
- ``history/BWBR…/versions.tsv`` + ``*.txt`` — plain-text exports (:mod:`kg.laws.plaintext`);
- ``**/*.xml`` — BWB toestand XML (:mod:`kg.laws.bwbxml`), validated against the XSD found
  beside it or in ``bwb-xml/`` (files written by ``kg import laws`` land here too).

Versions are sorted by date. A snapshot whose date falls inside a version with documented
start and end is the same text from another source and is dropped; of two versions with the
same start, the more official format wins. A version without a documented end runs until the
next known version (``end_known`` False).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from kg.laws import bwbxml, markdown, plaintext, regelrecht
from kg.laws.model import Regulation, Version

#: Preference when two sources give a version with the same start date (lower wins).
FORMAT_RANK = {bwbxml.FORMAT: 0, plaintext.FORMAT: 1, regelrecht.FORMAT: 2, markdown.FORMAT: 3}


def _schema_for(path: Path, folders: Iterable[Path]):
    for folder in [path.parent, *[f / "bwb-xml" for f in folders]]:
        if (folder / bwbxml.SCHEMA_FILE).exists():
            return bwbxml.load_schema(folder / bwbxml.SCHEMA_FILE)
    return None


def read_folder(folder: Path, snapshot_dates: dict[str, date], say: Callable[[str], None],
                schema_folders: Iterable[Path] = (), only: set[str] | None = None) -> list[Version]:
    """Every version found in one law folder (only of the BWB ids in ``only``, when given).

    A file is selected by the BWB id its name starts with; XML is validated against the XSD
    beside it or in ``bwb-xml/`` of this folder or of ``schema_folders``.
    """
    versions: list[Version] = []
    if not folder.is_dir():
        return versions
    wanted = (lambda path: True) if only is None else (lambda path: path.name[:11] in only)
    for path in filter(wanted, sorted(folder.glob("BWB*.md"))):
        day = snapshot_dates.get(markdown.bwb_of(path))
        if day is not None:
            versions.append(markdown.read(path, day))
    for path in filter(wanted, sorted((folder / "current").glob("BWB*.yaml"))):
        versions.append(regelrecht.read(path))
    for tsv in sorted((folder / "history").glob("*/versions.tsv")):
        if only is not None and tsv.parent.name not in only:
            continue
        say(f"wetshistorie {tsv.parent.name} lezen")
        versions += plaintext.read_history(tsv.parent)
    schemas: dict[Path, object] = {}
    for path in filter(wanted, sorted(folder.rglob("BWB*.xml"))):
        if path.parent not in schemas:
            schemas[path.parent] = _schema_for(path, [folder, *schema_folders])
        versions.append(bwbxml.read(path, schemas[path.parent]))  # type: ignore[arg-type]
    return versions


def merge(versions: Iterable[Version]) -> dict[str, Regulation]:
    """Group versions per regulation, drop duplicates and set each version's end."""
    by_bwb: dict[str, list[Version]] = {}
    for version in versions:
        by_bwb.setdefault(version.bwb, []).append(version)
    regulations: dict[str, Regulation] = {}
    for bwb, found in sorted(by_bwb.items()):
        exact = [v for v in found if v.start_known and v.end_known]
        kept: dict[date, Version] = {}
        for version in sorted(found, key=lambda v: (v.valid_from, FORMAT_RANK.get(v.format, 9))):
            if not version.start_known and any(e.in_force_on(version.valid_from) for e in exact):
                continue
            kept.setdefault(version.valid_from, version)
        ordered = [kept[d] for d in sorted(kept)]
        for current, following in zip(ordered, ordered[1:]):
            if current.valid_to is None or current.valid_to > following.valid_from:
                current.valid_to, current.end_known = following.valid_from, False
        regulations[bwb] = Regulation(bwb=bwb, versions=ordered)
    return regulations


def load_laws(folders: Iterable[Path], snapshot_dates: dict[str, date] | None = None,
              say: Callable[[str], None] | None = None, only: set[str] | None = None) -> dict[str, Regulation]:
    """All regulations (or those in ``only``) with their versions from ``folders`` (missing folders are skipped)."""
    folders = list(folders)
    found: list[Version] = []
    for folder in folders:
        found += read_folder(folder, snapshot_dates or {}, say or (lambda _m: None), folders, only)
    return merge(found)
