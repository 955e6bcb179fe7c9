"""Draft amendment instructions in the style of a Dutch amending act.

"In artikel 3.2, eerste lid, wordt 'gecertificeerde instelling' vervangen door
'regionaal veiligheidsteam'." — the place is written as the Aanwijzingen voor de
regelgeving do (article, ordinal lid, onderdeel), a term that occurs more than once is
replaced "telkens", and singular and plural are replaced by their own counterpart.
These are drafts for a drafter to check, never finished legislative text.
"""

from __future__ import annotations

from dataclasses import dataclass

_ORDINALS = ["eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende",
             "elfde", "twaalfde", "dertiende", "veertiende", "vijftiende", "zestiende", "zeventiende", "achttiende",
             "negentiende", "twintigste"]


def ordinal(n: int) -> str:
    """The Dutch ordinal used for leden: 1 → "eerste", 12 → "twaalfde"; beyond twenty "21e"."""
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else f"{n}e"


def place(article: str, lid: str | None = None, onderdeel: str | None = None) -> str:
    """"artikel 3.2, eerste lid, onderdeel a" (no trailing comma)."""
    parts = [f"artikel {article}"]
    if lid:
        parts.append(f"{ordinal(int(lid))} lid" if lid.isdigit() else f"lid {lid}")
    if onderdeel:
        parts.append(f"onderdeel {onderdeel}")
    return ", ".join(parts)


@dataclass(frozen=True)
class Replacement:
    """Replace ``old`` by ``new``; ``times`` is how often ``old`` occurs in the provision."""

    old: str
    new: str
    times: int = 1


def inserted(where: str) -> str:
    """The place as it stands inside a sentence: "artikel 3.2, eerste lid," takes a closing comma."""
    return f"{where}," if "," in where else where


def replace_instruction(where: str, replacements: list[Replacement]) -> str:
    """In artikel 3.2, eerste lid, wordt 'x' vervangen door 'y' en wordt 'p' telkens vervangen door 'q'."""
    clauses = [f"wordt '{r.old}' {'telkens ' if r.times > 1 else ''}vervangen door '{r.new}'" for r in replacements]
    return f"In {inserted(where)} {' en '.join(clauses)}."


def definition_instruction(where: str, old: str, new: str) -> str:
    """A definition of the old holder is not a word swap: the drafter writes a new definition."""
    return (f"In {inserted(where)} wordt de begripsomschrijving van '{old}' vervangen door een "
            f"begripsomschrijving van '{new}' (nader uit te werken).")
