"""The graph store behind one small interface.

Two backends: :class:`EmbeddedStore` (pyoxigraph: the build's on-disk store opened
read-only, or in memory; no server to install) and :class:`SparqlEndpointStore` (any
SPARQL 1.1 Protocol endpoint, plain HTTP; engine differences in :mod:`kg.engines`). Everything above this module sees rdflib
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

    def __init__(self, store: ox.Store | None = None, version: str | None = None, cache_dir: Path | None = None) -> None:
        self.ox = store if store is not None else ox.Store()
        self.version = version
        #: Where results per graph version are kept (:mod:`kg.cache`); None: in the process only.
        self.cache_dir = cache_dir

    @classmethod
    def open_built(cls, settings: Settings) -> "EmbeddedStore":
        """The current build's on-disk store, read-only: no parsing, any number of processes at once."""
        from kg.builddir import open_read_only

        return cls(*open_read_only(settings), cache_dir=settings.build_dir / "cache")

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
            rows = _rows(variables, items)  # type: ignore[arg-type]
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
    """A remote SPARQL 1.1 Protocol endpoint (read-only use).

    Queries are POSTed as forms. The dataset is the union of our named graphs, however the
    engine defines its default graph (see :mod:`kg.engines`): Oxigraph gets
    ``union-default-graph``; on an engine that also holds graphs of its own (Virtuoso's
    system graphs) our graphs are named with ``default-graph-uri``/``named-graph-uri``.
    """

    def __init__(self, endpoint: str, timeout: float = 30.0) -> None:
        from kg import engines

        self.endpoint = endpoint
        self.timeout = timeout
        self._engine_params = engines.query_parameters(endpoint)
        self._dataset: list[tuple[str, str]] | None = None

    def _post(self, sparql: str, accept: str, dataset: bool = True) -> bytes:
        import urllib.error
        import urllib.parse
        import urllib.request

        from kg import engines

        graphs = self.dataset_parameters() if dataset else []
        # Naming the graphs replaces the engine's own way to a union default graph (Oxigraph refuses both).
        fields = [("query", engines.portable(sparql)), *(graphs or self._engine_params)]
        request = urllib.request.Request(self.endpoint, data=urllib.parse.urlencode(fields).encode("utf-8"),
                                         headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            raise QueryError(f"het endpoint antwoordde {exc.code}: {exc.read().decode('utf-8', 'replace')[:1000]}") from exc
        except TimeoutError as exc:
            raise QueryError(f"het endpoint {self.endpoint} gaf binnen {self.timeout:g} seconden geen antwoord") from exc
        except urllib.error.URLError as exc:
            raise QueryError(f"het endpoint {self.endpoint} is niet bereikbaar: {exc.reason}") from exc

    def dataset_parameters(self) -> list[tuple[str, str]]:
        """``default-graph-uri``/``named-graph-uri`` for each of our graphs when the server also
        holds graphs that are not ours; empty otherwise (asked once)."""
        if self._dataset is None:
            from kg.namespaces import GRAPH_BASE
            from kg.query import load_query

            graphs = [str(r["g"]) for r in self._select(load_query("lookup/named-graphs").text, dataset=False)]
            ours = sorted(g for g in graphs if g.startswith(GRAPH_BASE))
            self._dataset = [] if len(ours) == len(graphs) else (
                [("default-graph-uri", g) for g in ours] + [("named-graph-uri", g) for g in ours])
        return self._dataset

    def _select(self, sparql: str, dataset: bool = True) -> list[Row]:
        return _solution_rows(ox.parse_query_results(
            self._post(sparql, "application/sparql-results+xml", dataset), format=ox.QueryResultsFormat.XML))[1]

    def query(self, sparql: str, *, untrusted: bool = False) -> QueryResult:
        """``untrusted`` changes nothing here: the server evaluates, under its own rules."""
        from kg.readonly import query_form

        try:
            form = query_form(sparql)
        except Refused as exc:
            raise QueryError(str(exc)) from exc
        if form in ("CONSTRUCT", "DESCRIBE"):
            graph = bind_prefixes(Graph())
            for s, p, o in self._triples(sparql):
                graph.add((s, p, o))
            return QueryResult("graph", graph=graph)
        # XML, not JSON: Virtuoso 7 writes JSON results ~3x slower; pyoxigraph parses either.
        result = ox.parse_query_results(self._post(sparql, "application/sparql-results+xml"),
                                        format=ox.QueryResultsFormat.XML)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        variables, rows = _solution_rows(result)
        return QueryResult("select", variables=variables, rows=rows)

    def _triples(self, sparql: str) -> Iterator[tuple[Node, Node, Node]]:
        try:
            triples = list(ox.parse(self._post(sparql, "application/n-triples"), format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise QueryError(f"het endpoint gaf geen leesbare N-Triples: {exc}") from exc
        for t in triples:
            yield to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)

    def quads(self, page: int = 10000) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        """Every quad of our graphs, a page at a time within one named graph (never one
        whole-graph CONSTRUCT, which servers refuse or time out on at scale). Blank nodes
        keep their identity within a page only. Pages hold 10,000 triples: Virtuoso refuses
        to sort more (``MaxSortedTopRows``)."""
        from kg.query import load_query

        for graph in self.select(load_query("lookup/named-graphs").text):
            name, size = URIRef(str(graph["g"])), int(graph["n"])
            text = load_query("export/graph-page").text.replace("?graphParam", f"<{name}>")
            pages = [f"{text} ORDER BY ?s ?p ?o LIMIT {page} OFFSET {offset}" for offset in range(0, size, page)]
            for query in pages if size > page else [text]:
                for s, p, o in self._triples(query):
                    yield s, p, o, name

    def dataset(self) -> Dataset:
        dataset = Dataset()
        for s, p, o, g in self.quads():
            dataset.add((s, p, o, g))
        return bind_prefixes(dataset)

    def graph(self) -> Graph:
        union = bind_prefixes(Graph())
        for s, p, o, _ in self.quads():
            union.add((s, p, o))
        return union

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0


def _rows(variables: list[str], values: Iterable[list[object]]) -> list[Row]:
    """Rows of rdflib terms from pyoxigraph values in variable order (unbound variables left out)."""
    return [{name: to_rdflib(value) for name, value in zip(variables, row) if value is not None} for row in values]


def _solution_rows(result: ox.QuerySolutions) -> tuple[list[str], list[Row]]:
    """Variable names and rows of pyoxigraph solutions (parsed from a server's answer)."""
    variables = [v.value for v in result.variables]
    return variables, _rows(variables, ([solution[name] for name in variables] for solution in result))


def open_store(settings: Settings) -> Store:
    """The store the settings ask for: the embedded built graph, or a remote endpoint."""
    if settings.backend == "sparql":
        if not settings.endpoint:
            raise ValueError("KG_BACKEND=sparql vraagt KG_ENDPOINT: de URL van een SPARQL 1.1-endpoint")
        # The client waits longer than the web endpoint's own limit: the server decides when to stop.
        return SparqlEndpointStore(settings.endpoint, timeout=max(settings.query_timeout, 120.0))
    if settings.backend != "embedded":
        raise ValueError(f"onbekende opslag {settings.backend!r}: gebruik 'embedded' of 'sparql'")
    from kg.build import ensure_built

    ensure_built(settings)
    return EmbeddedStore.open_built(settings)
