"""The graph store behind one small interface.

Two backends: :class:`EmbeddedStore` (pyoxigraph: the build's on-disk store opened
read-only, or in memory; no server to install) and :class:`SparqlEndpointStore` (any
SPARQL 1.1 Protocol endpoint, through SPARQLWrapper). Everything above this module sees rdflib
terms only. ``docs/decisions/20261124-store.md`` explains the choice of pyoxigraph.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.config import Settings
from kg.namespaces import ID_BASE, bind_prefixes
from kg.readonly import Refused, inspect_query
from kg.sandbox import no_new_descriptors, with_large_stack


class QueryError(ValueError):
    """A query that cannot be parsed or run; the message is the parser's or endpoint's."""


Row = dict[str, Node]


@dataclass
class QueryResult:
    """The answer to a SPARQL query: rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT/DESCRIBE)."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


# --- term conversion -------------------------------------------------------

def to_rdflib(term: object) -> Node:
    """Convert a pyoxigraph term to the equivalent rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> object:
    """Convert an rdflib term to the equivalent pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


# --- interface -------------------------------------------------------------

class Store(ABC):
    """What the rest of the code needs from a graph store."""

    #: The graph version (content hash, see :mod:`kg.builddir`) when known: caches key on it.
    version: str | None = None

    @abstractmethod
    def query(self, sparql: str, *, untrusted: bool = False) -> QueryResult:
        """Run a read-only SPARQL query over the union of all graphs (or the query's FROM graphs).

        ``untrusted``: a user's query (``kg query``), evaluated where it cannot open a connection.
        """

    @abstractmethod
    def dataset(self) -> Dataset:
        """All quads as an rdflib Dataset (for validation, export and reasoning)."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of quads."""

    def select(self, sparql: str) -> list[Row]:
        """Rows of a SELECT query."""
        result = self.query(sparql)
        if result.kind != "select":
            raise QueryError("hier is een SELECT-query nodig")
        return result.rows

    def graph(self) -> Graph:
        """The union of all named graphs as one rdflib Graph, with our prefixes bound."""
        union = bind_prefixes(Graph())
        for s, p, o, _ in self.dataset().quads((None, None, None, None)):
            union.add((s, p, o))
        return union


class EmbeddedStore(Store):
    """pyoxigraph: in memory, or the build's on-disk store opened read-only."""

    def __init__(self, store: ox.Store | None = None, version: str | None = None) -> None:
        self.ox = store if store is not None else ox.Store()
        self.version = version

    @classmethod
    def open_built(cls, settings: Settings) -> "EmbeddedStore":
        """The current build's on-disk store, read-only: no parsing, any number of processes at once."""
        from kg.builddir import open_read_only

        return cls(*open_read_only(settings))

    @classmethod
    def from_file(cls, path: Path) -> "EmbeddedStore":
        """Load a built N-Quads file."""
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return cls(store)

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> "EmbeddedStore":
        store = ox.Store()
        store.extend(quads)
        return cls(store)

    def __len__(self) -> int:
        return len(self.ox)

    def raw_query(self, sparql: str, union: bool = True, base_iri: str | None = None) -> object:
        """The pyoxigraph result object; ``union``: the default graph is the union of all graphs;
        ``base_iri``: what relative IRIs in the query resolve against."""
        try:
            return self.ox.query(sparql, use_default_graph_as_union=union, base_iri=base_iri)
        except SyntaxError as exc:
            raise QueryError(str(exc)) from exc
        except OSError as exc:
            raise QueryError(str(exc)) from exc

    def query(self, sparql: str, *, untrusted: bool = False) -> QueryResult:
        if not untrusted:
            return self._convert(*self._evaluated(self.raw_query(sparql)))
        try:
            shape = inspect_query(sparql)
        except Refused as exc:
            raise QueryError(str(exc)) from exc
        # A query with FROM / FROM NAMED names its own dataset; without, the union as always.
        # Relative IRIs resolve against id: (<org/raad-voor-de-kinderbescherming> is ours).
        # Evaluated to the last solution with no new file descriptors (SERVICE cannot
        # connect) on a large stack (long chains such as 1+1+… recurse deeply in the engine).
        def evaluate() -> tuple[str, list[str], object]:
            return self._evaluated(self.raw_query(sparql, union=not shape.has_dataset, base_iri=ID_BASE))

        with no_new_descriptors():
            try:
                evaluated = with_large_stack(evaluate)
            except (RuntimeError, OSError) as exc:
                raise QueryError(str(exc)) from exc
        return self._convert(*evaluated)

    @staticmethod
    def _evaluated(result: object) -> tuple[str, list[str], object]:
        """Pull every answer out of a pyoxigraph result (which must stay in its thread): kind, variables, items."""
        if isinstance(result, ox.QueryBoolean):
            return "ask", [], bool(result)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            return "select", variables, [[solution[name] for name in variables] for solution in result]
        return "graph", [], [(t.subject, t.predicate, t.object) for t in result]

    @staticmethod
    def _convert(kind: str, variables: list[str], items: object) -> QueryResult:
        """Evaluated pyoxigraph answers as a :class:`QueryResult` of rdflib terms."""
        if kind == "ask":
            return QueryResult("ask", boolean=bool(items))
        if kind == "select":
            rows = [{name: to_rdflib(value) for name, value in zip(variables, values) if value is not None}
                    for values in items]  # type: ignore[attr-defined]
            return QueryResult("select", variables=variables, rows=rows)
        graph = bind_prefixes(Graph())
        for triple in items:  # type: ignore[attr-defined]
            graph.add(tuple(to_rdflib(term) for term in triple))
        return QueryResult("graph", graph=graph)

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self.ox)

    def dataset(self) -> Dataset:
        data = io.BytesIO()
        self.ox.dump(data, format=ox.RdfFormat.N_QUADS)
        dataset = Dataset()
        dataset.parse(data=data.getvalue().decode("utf-8"), format="nquads")
        bind_prefixes(dataset)
        return dataset

    def graph(self) -> Graph:
        union = bind_prefixes(Graph())
        for quad in self.ox:
            union.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return union


class SparqlEndpointStore(Store):
    """A remote SPARQL 1.1 Protocol endpoint (read-only use)."""

    def __init__(self, endpoint: str, timeout: float = 30.0) -> None:
        from SPARQLWrapper import SPARQLWrapper  # imported here: only the remote mode needs it

        self.endpoint = endpoint
        self._wrapper = SPARQLWrapper(endpoint)
        self._wrapper.setTimeout(int(timeout))

    def query(self, sparql: str, *, untrusted: bool = False) -> QueryResult:
        from SPARQLWrapper import JSON, TURTLE
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        wrapper = self._wrapper
        wrapper.setQuery(sparql)
        kind = wrapper.queryType
        try:
            if kind in ("CONSTRUCT", "DESCRIBE"):
                wrapper.setReturnFormat(TURTLE)
                data = wrapper.query().convert()
                graph = bind_prefixes(Graph())
                graph.parse(data=data, format="turtle")
                return QueryResult("graph", graph=graph)
            wrapper.setReturnFormat(JSON)
            payload = wrapper.query().convert()
        except SPARQLWrapperException as exc:
            raise QueryError(str(exc)) from exc
        if "boolean" in payload:
            return QueryResult("ask", boolean=bool(payload["boolean"]))
        variables = payload["head"]["vars"]
        rows = [{name: _json_term(value) for name, value in binding.items()} for binding in payload["results"]["bindings"]]
        return QueryResult("select", variables=variables, rows=rows)

    def dataset(self) -> Dataset:
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        dataset = Dataset()
        assert result.graph is not None
        for triple in result.graph:
            dataset.add(triple)
        return bind_prefixes(dataset)

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"]) if rows else 0


def _json_term(value: dict[str, str]) -> Node:
    """A term from SPARQL 1.1 Query Results JSON."""
    if value["type"] == "uri":
        return URIRef(value["value"])
    if value["type"] == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    if "datatype" in value:
        return Literal(value["value"], datatype=URIRef(value["datatype"]))
    return Literal(value["value"])


def open_store(settings: Settings) -> Store:
    """The store the settings ask for: the embedded built graph, or a remote endpoint."""
    if settings.backend == "sparql":
        if not settings.endpoint:
            raise ValueError("KG_BACKEND=sparql vraagt KG_ENDPOINT: de URL van een SPARQL 1.1-endpoint")
        return SparqlEndpointStore(settings.endpoint, timeout=settings.query_timeout)
    if settings.backend != "embedded":
        raise ValueError(f"onbekende opslag {settings.backend!r}: gebruik 'embedded' of 'sparql'")
    from kg.build import ensure_built

    ensure_built(settings)
    return EmbeddedStore.open_built(settings)
