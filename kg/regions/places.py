"""Finding a municipality or veiligheidsregio by code or name.

Names are compared case- and accent-insensitively, with punctuation and spacing
ignored: ``fryslan``, ``Fryslân`` and ``FRYSLÂN`` are the same name, as are
``Noord en Oost Gelderland`` and ``Noord- en Oost-Gelderland``. Only a whole name or a
code identifies a place; anything else yields candidates to choose from.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

MUNICIPALITY = "gemeente"
SAFETY_REGION = "veiligheidsregio"


@dataclass(frozen=True)
class Place:
    """A municipality or veiligheidsregio."""

    iri: str
    kind: str  #: :data:`MUNICIPALITY` or :data:`SAFETY_REGION`
    code: str
    name: str
    region: str | None = None  #: IRI of the veiligheidsregio a municipality lies in


class PlaceNotFound(LookupError):
    """No place matches; ``candidates`` are places with a similar name (maybe none)."""

    def __init__(self, query: str, kind: str, candidates: list[Place]) -> None:
        self.query, self.kind, self.candidates = query, kind, candidates
        super().__init__(f"geen {kind} gevonden voor {query!r}")


class AmbiguousPlace(LookupError):
    """Several places match; ``candidates`` lists them."""

    def __init__(self, query: str, kind: str, candidates: list[Place]) -> None:
        self.query, self.kind, self.candidates = query, kind, candidates
        super().__init__(f"{query!r} past bij meer dan één {kind}")


def name_key(text: str) -> str:
    """A name reduced for comparison: no accents, lower case, only letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def find_place(places: list[Place], query: str, kind: str) -> Place:
    """The one place of ``kind`` whose code or whole name is ``query``.

    Raises :class:`AmbiguousPlace` when several names match, :class:`PlaceNotFound`
    (with similar names as candidates) when none does.
    """
    pool = [p for p in places if p.kind == kind]
    wanted = name_key(query)
    by_code = [p for p in pool if p.code.casefold() == query.strip().casefold()]
    if by_code:
        return by_code[0]
    exact = [p for p in pool if name_key(p.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise AmbiguousPlace(query, kind, exact)
    starting = [p for p in pool if wanted and name_key(p.name).startswith(wanted + " ")]
    if len(starting) > 1:
        raise AmbiguousPlace(query, kind, sorted(starting, key=lambda p: p.name))
    partial = [p for p in pool if wanted and wanted in name_key(p.name)]
    keys = {name_key(p.name): p for p in pool}
    close = [keys[k] for k in difflib.get_close_matches(wanted, list(keys), n=8, cutoff=0.75)]
    raise PlaceNotFound(query, kind, sorted({*partial, *close}, key=lambda p: p.name)[:12])
