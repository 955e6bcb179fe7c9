"""As-of answers: evaluate a query against the statute versions in force on a given day.

The built graph says which version of each provision is in force *now* in one named
graph, ``graph/derived/law-current`` (``kgb:inForceVersion``, the newest known version).
For another day, :func:`as_of_store` returns a copy of the store in which that graph is
replaced by the same statements for the day asked: queries that follow
``kgb:inForceVersion`` then see that day's texts, and a provision that did not exist yet
has no version in force. Everything else (data, history) is unchanged. Used by
``kg query --as-of`` and the endpoint parameter ``as-of`` (:func:`store_for_request`).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from threading import Lock

import pyoxigraph as ox

from kg.laws.graph import CURRENT_GRAPH
from kg.namespaces import KGB
from kg.query import load_query

_CACHE: OrderedDict[tuple[int, date], ox.Store] = OrderedDict()
_CACHE_SIZE = 4
_LOCK = Lock()


def parse_day(text: str) -> date:
    """A YYYY-MM-DD date, or ValueError with a Dutch message naming the problem."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"ongeldige peildatum {text!r}: gebruik JJJJ-MM-DD, bv. 2016-01-01") from None


def in_force_quads(store: ox.Store, day: date) -> list[ox.Quad]:
    """``work kgb:inForceVersion version`` for every version in force on ``day``, in the current-law graph."""
    solutions = store.query(load_query("lookup/versions-in-force").text, use_default_graph_as_union=True,
                            substitutions={ox.Variable("day"): ox.Literal(day.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))})
    graph, predicate = ox.NamedNode(str(CURRENT_GRAPH)), ox.NamedNode(str(KGB.inForceVersion))
    return [ox.Quad(s["work"], predicate, s["version"], graph) for s in solutions]


def as_of_store(store: ox.Store, day: date) -> ox.Store:
    """A copy of ``store`` whose current-law graph holds the versions in force on ``day`` (cached per store and day)."""
    key = (id(store), day)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    copy = ox.Store()
    current = ox.NamedNode(str(CURRENT_GRAPH))
    copy.bulk_extend(q for q in store if q.graph_name != current)
    copy.bulk_extend(in_force_quads(store, day))
    with _LOCK:
        _CACHE[key] = copy
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return copy


def store_for_request(store, as_of: str | None):
    """The endpoint hook: the store itself, or its as-of copy for the request parameter ``as-of``.

    Raises :class:`kg.readonly.Refused` (400) for a malformed date or a store that cannot do it.
    """
    from kg.readonly import Refused
    from kg.store import EmbeddedStore

    if not as_of:
        return store
    try:
        day = parse_day(as_of)
    except ValueError as exc:
        raise Refused(400, str(exc)) from None
    if not isinstance(store, EmbeddedStore):
        raise Refused(400, "De parameter as-of werkt alleen met de ingebouwde opslag, niet met een extern endpoint.")
    return EmbeddedStore(as_of_store(store.ox, day))
