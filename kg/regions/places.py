"""Finding a municipality or veiligheidsregio by code or name.

Names are compared case- and accent-insensitively, with punctuation and spacing
ignored: ``fryslan``, ``Fryslân`` and ``FRYSLÂN`` are the same name, as are
``Noord en Oost Gelderland`` and ``Noord- en Oost-Gelderland``. A place is known by its
official (CBS) name, by the name in our source list and by common names (:data:`COMMON_NAMES`);
a name with a province suffix such as ``Hengelo (O.)`` also answers to ``Hengelo``. Only a
whole name or a code identifies a place; anything else yields candidates to choose from,
including near misses (``Amsterdm``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

MUNICIPALITY = "gemeente"
SAFETY_REGION = "veiligheidsregio"


#: Official municipality names (CBS, gemeentelijke indeling 2023) where our source list
#: (the VWS list of 2023) uses the common name instead; that name stays an alias.
CBS_NAMES: dict[str, str] = {"GM0518": "'s-Gravenhage", "GM0796": "'s-Hertogenbosch"}
#: Other names people use for a place, by code (Dutch names of Frisian municipalities, short forms).
COMMON_NAMES: dict[str, tuple[str, ...]] = {
    "GM0518": ("Den Haag",), "GM0796": ("Den Bosch",),
    "GM1900": ("Zuidwest-Friesland",), "GM1970": ("Noordoost-Friesland",), "GM1940": ("De Friese Meren",),
    "GM0737": ("Tietjerksteradeel",), "GM1891": ("Dantumadeel",), "GM0820": ("Nuenen",),
    "VR02": ("Friesland",),
}
#: A province or region suffix in a name, as in ``Bergen (NH.)``.
SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(frozen=True)
class Place:
    """A municipality or veiligheidsregio."""

    iri: str
    kind: str  #: :data:`MUNICIPALITY` or :data:`SAFETY_REGION`
    code: str
    name: str
    region: str | None = None  #: IRI of the veiligheidsregio a municipality lies in
    aliases: tuple[str, ...] = ()  #: other names it is known by (never shown as its name)

    def names(self) -> tuple[str, ...]:
        """Every name that identifies this place: its own, its aliases, and its name without a suffix."""
        return (self.name, *self.aliases, SUFFIX.sub("", self.name))


def official(place: Place) -> Place:
    """``place`` under its official (CBS) name, its other names as aliases."""
    name = CBS_NAMES.get(place.code, place.name)
    aliases = tuple(dict.fromkeys(a for a in (place.name, *COMMON_NAMES.get(place.code, ())) if a != name))
    return Place(place.iri, place.kind, place.code, name, place.region, aliases)


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
    exact = [p for p in pool if wanted in {name_key(n) for n in p.names()}]
    if len(exact) == 1:
        return exact[0]
    starting = [p for p in pool if wanted and name_key(p.name).startswith(wanted + " ")]
    if exact or len(starting) > 1:
        raise AmbiguousPlace(query, kind, sorted({*exact, *starting}, key=lambda p: p.name))
    partial = [p for p in pool if wanted and any(wanted in name_key(n) for n in p.names())]
    keys = {name_key(n): p for p in pool for n in p.names()}
    close = [keys[k] for k in difflib.get_close_matches(wanted, list(keys), n=8, cutoff=0.75)]
    raise PlaceNotFound(query, kind, sorted({*partial, *close}, key=lambda p: p.name)[:12])
