"""The one structure every statute reader produces.

regulation → version (valid from / valid to) → article → lid → onderdeel, each with text.
Readers turn their format into *blocks* (one paragraph of text each: a lid, an
onderdeel, a definition, a sentence) and :func:`article_from_blocks` recognises leden
and onderdelen in them, so every format is split the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

#: Block that starts a lid: "1.", "1", "2a." followed by whitespace (the numbering of leden).
LID_START = re.compile(r"^(?P<n>\d{1,2}[a-z]?)\.?\s+(?=\S)")
#: Block that starts an onderdeel: "a.", "aa.", "1°.", "1°".
ONDERDEEL_START = re.compile(r"^(?P<n>[a-z]{1,2}|\d{1,2}°)[.)]?\s+(?=\S)")
#: Article text that says the article lapsed ("Vervallen", "[Vervallen per 01-01-1995]").
_BULLET = re.compile(r"^[-–]\s+")  # definition-list bullets differ per format; the item text is what counts
_LINK = re.compile(r"\[([^\]]*)\]\[ref\d+\]")
_EMPHASIS = re.compile(r"(?<!\w)[*_]{1,2}([^*_\n]+?)[*_]{1,2}(?!\w)")
LAPSED = re.compile(r"^\[?\s*vervallen\b[^\]]*\]?\.?\s*$", re.IGNORECASE)


def normalise_text(text: str) -> str:
    """One paragraph of statute text without layout: markdown links and emphasis removed, spaces collapsed."""
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(r"\1", text)
    return " ".join(text.split())


@dataclass
class Onderdeel:
    """An onderdeel (a, b, 1°, …) of a lid or of an article without leden; its text includes sub-onderdelen."""

    number: str
    text: str


@dataclass
class Lid:
    """A lid of an article: its full text (including onderdelen) and its onderdelen."""

    number: str
    text: str
    onderdelen: list[Onderdeel] = field(default_factory=list)


@dataclass
class Article:
    """An article in one version: full text, leden, onderdelen directly under the article, lapsed or not."""

    number: str
    text: str
    leden: list[Lid] = field(default_factory=list)
    onderdelen: list[Onderdeel] = field(default_factory=list)

    @property
    def lapsed(self) -> bool:
        """True when the article's text only says it lapsed ("Vervallen")."""
        return bool(LAPSED.match(self.text.strip()))

    def lid(self, number: str) -> Lid | None:
        return next((lid for lid in self.leden if lid.number == number), None)


@dataclass
class Version:
    """One version (toestand) of a regulation.

    ``valid_from`` is the first day in force (for an archive snapshot: the archive date, a day on
    which it was in force); ``valid_to`` the first day it no longer is (exclusive), ``None`` when
    it is the newest known. ``end_known`` is False when ``valid_to`` only is the start of the next
    version we happen to have, not a documented end.
    """

    bwb: str
    valid_from: date
    source: Path
    format: str
    articles: dict[str, Article] = field(default_factory=dict)
    title: str | None = None
    valid_to: date | None = None
    end_known: bool = False
    start_known: bool = True

    @property
    def last_day(self) -> date | None:
        """The last day in force (inclusive), as ELI's date_no_longer_in_force."""
        return self.valid_to - timedelta(days=1) if self.valid_to else None

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def text_of(self, path: tuple[tuple[str, str], ...]) -> str | None:
        """The text of the provision at ``path`` ((level, number), …) in this version, or None when absent.

        Levels above the article (hoofdstuk, afdeling, paragraaf) are ignored: articles are
        numbered throughout the regulation.
        """
        steps = [(lvl, num) for lvl, num in path if lvl in ("artikel", "lid", "onderdeel")]
        if not steps or steps[0][0] != "artikel":
            return None
        article = self.articles.get(steps[0][1])
        if article is None:
            return None
        node: Article | Lid | Onderdeel = article
        for level, number in steps[1:]:
            if level == "lid" and isinstance(node, Article):
                found = node.lid(number)
            elif level == "onderdeel" and isinstance(node, (Article, Lid)):
                found = next((o for o in node.onderdelen if o.number.rstrip("°") == number.rstrip("°")), None)
            else:
                found = None
            if found is None:
                return None
            node = found
        return node.text


@dataclass
class Regulation:
    """A regulation (BWB id) with its known versions, oldest first."""

    bwb: str
    versions: list[Version] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        return next((v.title for v in reversed(self.versions) if v.title), None)

    @property
    def newest(self) -> Version:
        return self.versions[-1]

    def version_on(self, day: date) -> Version | None:
        """The version in force on ``day``, or None when no known version covers it."""
        return next((v for v in self.versions if v.in_force_on(day)), None)


@lru_cache(maxsize=4096)
def _cached_article(number: str, blocks: tuple[str, ...]) -> Article:
    return _article(number, list(blocks))


def article_from_blocks(number: str, blocks: list[str]) -> Article:
    """An article from its paragraphs (see :func:`_article`); identical input gives the same (shared) object.

    Versions of a long history repeat most articles unchanged: sharing them saves time and
    memory. Treat the result as read-only.
    """
    return _cached_article(number, tuple(blocks))


def _article(number: str, blocks: list[str]) -> Article:
    """An article from its paragraphs: blocks starting "1." open a lid, "a." an onderdeel.

    A numbered block only opens a lid when the numbering goes up (so a sentence that starts
    with a number inside a lid does not); "1°" items inside a lettered onderdeel belong to it.
    """
    blocks = [b for b in (_BULLET.sub("", normalise_text(b)) for b in blocks) if b]
    article = Article(number=number, text="")
    lid: Lid | None = None
    written: list[str] = []
    for block in blocks:
        lid_match = LID_START.match(block)
        if lid_match and _next_lid(lid, lid_match.group("n")):
            block = f"{lid_match.group('n')}. {block[lid_match.end():]}"  # "1 …", "1.\t…" → "1. …" in every format
            lid = Lid(number=lid_match.group("n"), text=block)
            article.leden.append(lid)
            written.append(block)
            continue
        written.append(block)
        onderdelen = lid.onderdelen if lid else article.onderdelen
        item = ONDERDEEL_START.match(block)
        if item and not (item.group("n").endswith("°") and onderdelen and not onderdelen[-1].number.endswith("°")):
            onderdelen.append(Onderdeel(number=item.group("n"), text=block))
        elif onderdelen and item:
            onderdelen[-1].text += "\n" + block
        if lid is not None:
            lid.text += "\n" + block
    article.text = "\n".join(written)
    return article


def _lid_key(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    return (int(digits.group(0)) if digits else 0, number[len(digits.group(0)) if digits else 0:])


def _next_lid(current: Lid | None, number: str) -> bool:
    if current is None:
        return number == "1"
    return _lid_key(number) > _lid_key(current.number) and _lid_key(number)[0] <= _lid_key(current.number)[0] + 1
