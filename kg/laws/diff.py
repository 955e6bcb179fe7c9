"""Word-level differences between two versions of a provision's text.

Words are compared without punctuation and case (the versions come from different source
formats), but shown as written. Used for the diff on provision pages and for the key
differences in ``kg laws changed``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str | None) -> list[str]:
    """The words of a text, lower case: what the comparison looks at."""
    return _WORD.findall((text or "").lower())


@dataclass(frozen=True)
class Segment:
    """A run of the diff: ``op`` is equal, replace, insert or delete; old and new as written."""

    op: str
    old: str
    new: str


def segments(old: str | None, new: str | None) -> list[Segment]:
    """The texts as runs of equal and changed words (layout tokens such as bullets are dropped)."""
    a = [w for w in (old or "").split() if words(w)]
    b = [w for w in (new or "").split() if words(w)]
    key_a, key_b = [" ".join(words(w)) for w in a], [" ".join(words(w)) for w in b]
    return [Segment(op, " ".join(a[i1:i2]), " ".join(b[j1:j2]))
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, key_a, key_b, autojunk=False).get_opcodes()]


@dataclass(frozen=True)
class Difference:
    """One word-level change: ``kind`` is vervangen, toegevoegd or geschrapt."""

    kind: str
    old: str
    new: str


KIND = {"replace": "vervangen", "insert": "toegevoegd", "delete": "geschrapt"}


def key_differences(old: str | None, new: str | None, limit: int = 6, width: int = 14) -> list[Difference]:
    """The first ``limit`` changes between two texts, each phrase cut to ``width`` words."""
    def cut(phrase: str) -> str:
        ws = phrase.split()
        return " ".join(ws[:width]) + (" …" if len(ws) > width else "")

    return [Difference(KIND[s.op], cut(s.old), cut(s.new)) for s in segments(old, new) if s.op != "equal"][:limit]


def similarity(old: str | None, new: str | None) -> float:
    """How alike two texts read (0–1), word by word."""
    a, b = words(old), words(new)
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
