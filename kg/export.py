"""Export the graph, or one scenario, as Turtle, N-Triples, JSON-LD or TriG."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef

from kg.namespaces import PREFIXES, bind_prefixes
from kg.query import load_query
from kg.store import Store

EXPORT_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "trig": "trig"}


def scenario_iri(store: Store, name: str) -> URIRef:
    """The IRI of a scenario given its short name (``huidig``) or IRI; ValueError lists the known ones."""
    rows = store.select(load_query("lookup/scenarios").text)
    known = {str(r["id"]): r["scenario"] for r in rows}
    if name in known:
        return URIRef(known[name])
    if name in {str(v) for v in known.values()}:
        return URIRef(name)
    raise ValueError(f"onbekend scenario {name!r}; bekende scenario's: {', '.join(sorted(known))}")


def scenario_graph(store: Store, scenario: URIRef) -> Graph:
    """Everything that belongs to one scenario: its assignments and transfers and what they point at."""
    text = load_query("export/scenario").text.replace("?scenarioParam", f"<{scenario}>")
    result = store.query(text)
    assert result.graph is not None
    return result.graph


def export(store: Store, fmt: str, scenario: str | None = None) -> str:
    """Serialise the whole graph (every named graph kept in TriG) or one scenario."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"onbekende exportvorm {fmt!r}; kies uit {', '.join(EXPORT_FORMATS)}")
    if scenario is not None:
        if fmt == "trig":
            raise ValueError("één scenario is één graaf: gebruik turtle, ntriples of jsonld")
        graph: Graph | Dataset = scenario_graph(store, scenario_iri(store, scenario))
    else:
        graph = store.dataset() if fmt == "trig" else store.graph()
    bind_prefixes(graph)
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return graph.serialize(format=EXPORT_FORMATS[fmt])
