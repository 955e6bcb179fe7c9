"""Read line ranges of the seed documents (../shared/seeds/) to check citations."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def normalise(text: str) -> str:
    """Collapse all white space to single spaces (the rule quotes are checked by)."""
    return " ".join(text.split())


@lru_cache(maxsize=None)
def seed_lines(seeds_dir: Path, document: str) -> tuple[str, ...]:
    """The lines of one seed document (``004_e61924f29c307353``), 0-based tuple."""
    return tuple((seeds_dir / f"{document}.txt").read_text(encoding="utf-8").splitlines())


def excerpt_text(seeds_dir: Path, document: str, start: int, end: int) -> str:
    """Lines ``start``–``end`` (1-based, inclusive), joined and normalised."""
    lines = seed_lines(seeds_dir, document)
    if start < 1 or end > len(lines) or start > end:
        raise IndexError(f"{document}.txt has {len(lines)} lines; L{start}-L{end} is outside it")
    return normalise(" ".join(lines[start - 1:end]))
