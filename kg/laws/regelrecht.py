"""Reader for the regelrecht YAML (``laws/current/BWBR…_<name>_<valid_from>.yaml``).

Two layouts of the same schema: one entry per article with the leden in its text
("1 …", "2 …", lines wrapped, paragraphs separated by blank lines), and the older one
entry per lid or onderdeel (``number: '77aa.1'``, ``'4:2.1.a'``: article, lid, onderdeel).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from kg.laws.model import Article, Lid, Onderdeel, Version, article_from_blocks, normalise_text

FORMAT = "regelrecht-yaml"
_REF_LINE = re.compile(r"^\[ref\d+\]:\s*\S+\s*$", re.MULTILINE)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of an entry's text: reference definitions removed, wrapped lines joined."""
    text = _REF_LINE.sub("", text)
    text = re.sub(r"(?<=\w-)\n\s*(?=\w)", "", text)  # a line wrapped after a hyphen: the hyphen is part of the word
    # Paragraphs are separated by blank lines; definition lists put each "  - item" on its own line.
    return [normalise_text(p) for p in re.split(r"\n\s*\n|\n\s+-\s+(?=\S)", text) if p.strip()]


def _is_per_lid(entries: list[dict]) -> bool:
    """The older layout: several entries share one article anchor in their URL."""
    anchors = [_anchor(e) for e in entries]
    return len(set(anchors)) < len(anchors)


def _anchor(entry: dict) -> str:
    """The article number from the entry's wetten.overheid.nl anchor (``…#Artikel77aa`` → ``77aa``)."""
    match = re.search(r"#Artikel(.+)$", str(entry.get("url", "")))
    return match.group(1) if match else str(entry.get("number", ""))


def read(path: Path) -> Version:
    """One version from a regelrecht YAML file."""
    # BaseLoader keeps every scalar a string: YAML 1.1 would read '1:1.1' as a sexagesimal number.
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    if not isinstance(data, dict) or "bwb_id" not in data or "valid_from" not in data:
        raise ValueError(f"{path.name}: geen regelrecht-bestand (bwb_id en valid_from ontbreken)")
    version = Version(bwb=data["bwb_id"], valid_from=date.fromisoformat(data["valid_from"]), source=path, format=FORMAT)
    entries = [e for e in data.get("articles") or [] if isinstance(e, dict) and str(e.get("number", "")) != "aanhef"]
    if _is_per_lid(entries):
        _read_per_lid(version, entries)
    else:
        for entry in entries:
            number = str(entry["number"])
            version.articles[number] = article_from_blocks(number, paragraphs(str(entry.get("text") or "")))
    return version


def _read_per_lid(version: Version, entries: list[dict]) -> None:
    """The older layout: group entries 'art', 'art.lid', 'art.lid.onderdeel', 'art.onderdeel' into articles."""
    for entry in entries:
        article_no = _anchor(entry)
        number = str(entry["number"])
        tail = number[len(article_no) + 1:].split(".") if number.startswith(article_no + ".") else []
        text = "\n".join(paragraphs(str(entry.get("text") or "")))
        if tail:  # number the part as the other formats do: "1. …", "a. …"
            text = f"{tail[-1]}. {text}"
        article = version.articles.setdefault(article_no, Article(number=article_no, text=""))
        article.text = f"{article.text}\n{text}".strip()
        if not tail:
            continue
        if re.match(r"^\d+[a-z]?$", tail[0]):
            lid = article.lid(tail[0])
            if lid is None:
                lid = Lid(number=tail[0], text="")
                article.leden.append(lid)
            lid.text = f"{lid.text}\n{text}".strip()
            if len(tail) > 1:
                lid.onderdelen.append(Onderdeel(number=tail[1], text=text))
        else:
            article.onderdelen.append(Onderdeel(number=tail[0], text=text))
