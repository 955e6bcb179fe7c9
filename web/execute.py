"""Run one endpoint query within the time and size limits, serialised in the chosen format.

pyoxigraph cannot cancel a running query, so on the embedded store each query runs in
a pre-started worker process of a :class:`web.pool.QueryPool`, which is killed (and
replaced) when ``query_timeout`` passes: the work truly stops and no worker hangs.
The query is evaluated once: the serialiser writes into a stream that stops it as soon
as the result passes ``max_rows`` rows or ``max_bytes`` bytes.

With a remote store (``KG_BACKEND=sparql``) the query is passed on to that endpoint
and its raw answer returned, with the same time limit.
"""

from __future__ import annotations

import os
import re
import resource
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import Graph

from kg.config import Settings
from kg.namespaces import ID_BASE, PREFIXES, bind_prefixes
from kg.readonly import Refused
from kg.sandbox import with_large_stack
from kg.store import EmbeddedStore, SparqlEndpointStore, Store, to_rdflib
from web.conneg import Format
from web.pool import PoolError, QueryPool, worker_source


@dataclass(frozen=True)
class Answer:
    """A serialised query result."""

    body: bytes
    mimetype: str


@dataclass(frozen=True)
class RdfDataset:
    """The query's dataset (SPARQL 1.1 Protocol §2.1.4): the protocol's ``default-graph-uri`` /
    ``named-graph-uri`` if given, else the query's own FROM / FROM NAMED (``from_query``),
    else the union of all graphs as the default graph."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    from_query: bool = False

    def query_options(self) -> dict:
        """Keyword arguments for pyoxigraph's ``Store.query`` (relative IRIs resolve against ``id:``)."""
        options: dict = {"base_iri": ID_BASE}
        if not self.default_graphs and not self.named_graphs:
            if not self.from_query:  # pyoxigraph: the union flag would override the query's FROM
                options["use_default_graph_as_union"] = True
            return options
        options["default_graph"] = [ox.NamedNode(g) for g in self.default_graphs] or ox.DefaultGraph()
        if self.named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in self.named_graphs]
        return options

    def form_fields(self) -> list[tuple[str, str]]:
        return [("default-graph-uri", g) for g in self.default_graphs] + [("named-graph-uri", g) for g in self.named_graphs]


def run_query(store: Store, query: str, fmt: Format, settings: Settings, dataset: RdfDataset = RdfDataset(),
              transient: bool = False) -> Answer:
    """Run ``query`` over ``dataset`` and serialise the result as ``fmt``; raises :class:`Refused` with a clear message.

    ``transient``: ``store`` is a short-lived copy (an ``as-of`` date), see :func:`pool_for`.
    """
    timeout = settings.query_timeout
    if isinstance(store, SparqlEndpointStore):
        return _proxy(store.endpoint, query, fmt, timeout, dataset)
    if not isinstance(store, EmbeddedStore):
        raise Refused(501, "Deze opslag ondersteunt het SPARQL-endpoint niet.")
    job = Job(query, fmt, settings.max_rows, settings.max_bytes, dataset)
    try:
        status, payload = pool_for(store, settings, transient).run(job, timeout)
    except PoolError as exc:
        raise _pool_refusal(exc.reason, timeout) from None
    if status != 200:
        raise Refused(status, payload)
    return Answer(payload, fmt.mimetype)


def _pool_refusal(reason: str, timeout: float) -> Refused:
    if reason == "timeout":
        return Refused(503, f"De query duurde langer dan de tijdslimiet van {timeout:g} seconden en is afgebroken. "
                            f"Maak de query specifieker (bijvoorbeeld met LIMIT of meer voorwaarden).")
    if reason == "busy":
        return Refused(503, f"De server is bezet: binnen {timeout:g} seconden kwam geen plaats vrij voor de query. "
                            f"Probeer het later opnieuw.")
    return Refused(500, "De query is onverwacht afgebroken.")


#: Pools of stores other than the served one (the ``as-of`` copies) kept per process; the
#: least recently used one is closed when another is needed, so dates cannot multiply processes.
TRANSIENT_POOLS = 2
_POOLS: "OrderedDict[tuple[int, int], tuple[ox.Store, QueryPool, bool]]" = OrderedDict()
_POOLS_LOCK = threading.Lock()


def pool_for(store: EmbeddedStore, settings: Settings, transient: bool = False) -> QueryPool:
    """The worker pool of ``store`` in this process (created on first use, also after a fork).

    One pool per graph (``store.ox``, so every wrapper of an as-of copy shares one); at most
    :data:`TRANSIENT_POOLS` ``transient`` pools (one worker each) are kept, least recently used first out.
    """
    key = (os.getpid(), id(store.ox))
    with _POOLS_LOCK:
        if key in _POOLS:
            _POOLS.move_to_end(key)
            return _POOLS[key][1]
        size = 1 if transient else settings.query_workers
        pool = QueryPool(worker_source(store, settings), size, settings.max_queries)
        _POOLS[key] = (store.ox, pool, transient)  # the graph is kept so its id is not reused
        transients = [k for k, (_graph, _pool, kept_briefly) in _POOLS.items() if kept_briefly and k[0] == key[0]]
        closing = [_POOLS.pop(k)[1] for k in transients[:max(0, len(transients) - TRANSIENT_POOLS)]]
    for old in closing:
        old.close_when_idle()
    return pool


def warm_up(store: Store, settings: Settings) -> None:
    """Start this process's query workers now rather than at the first query."""
    if isinstance(store, EmbeddedStore):
        pool_for(store, settings)


@dataclass(frozen=True)
class Job:
    """One query for a worker process, with its limits."""

    query: str
    fmt: Format
    max_rows: int
    max_bytes: int
    dataset: RdfDataset


#: Query texts up to this many characters are evaluated on the worker's own stack (when it
#: has the usual 8 MB): the engine's deepest recursion, a flat chain (1+1+…), needs under
#: 8 MB for 4,000 characters and overflows it at 16,000 (measured). Longer texts get a
#: thread with a large stack (kg.sandbox.with_large_stack), which costs ~0.2 ms per query.
SHORT_QUERY_CHARS = 1000
_OWN_STACK_BYTES = resource.getrlimit(resource.RLIMIT_STACK)[0]


def evaluate(store: ox.Store, job: Job) -> tuple[int, bytes | str]:
    """Runs in a worker process: evaluate once, serialise within the limits; (status, body or message)."""
    try:
        if len(job.query) <= SHORT_QUERY_CHARS and (_OWN_STACK_BYTES == resource.RLIM_INFINITY or _OWN_STACK_BYTES >= 8 << 20):
            return 200, _evaluate(store, job)
        return 200, with_large_stack(lambda: _evaluate(store, job))
    except Refused as exc:
        return exc.status, str(exc)
    except SyntaxError as exc:
        return 400, f"Fout in de query: {exc}"
    except Exception as exc:  # noqa: BLE001 - reported to the client as a 500 without a trace
        return 500, f"De query kon niet worden uitgevoerd: {type(exc).__name__}: {exc}"


def _evaluate(store: ox.Store, job: Job) -> bytes:
    result = store.query(job.query, prefixes=PREFIXES, **job.dataset.query_options())
    if isinstance(result, (ox.QueryBoolean, ox.QuerySolutions)):
        return _serialise_results(result, job)
    return _serialise_graph(result, job)


class _MarkerCounter:
    """Counts rows by a pattern that occurs exactly once per row, also when it straddles two chunks."""

    def __init__(self, pattern: bytes, header_rows: int = 0) -> None:
        self.pattern = re.compile(pattern)
        self.rows = -header_rows
        self._tail = b""

    def __call__(self, chunk: bytes) -> int:
        text = self._tail + chunk
        self.rows += sum(1 for m in self.pattern.finditer(text) if m.end() > len(self._tail))
        self._tail = text[-300:]
        return self.rows


class _CsvCounter:
    """Counts CSV records: line breaks outside double quotes (a quote inside a field is doubled)."""

    def __init__(self) -> None:
        self.rows = -1
        self._quoted = False
        self._held = b""

    def __call__(self, chunk: bytes) -> int:
        text, self._held = (self._held + chunk, b"") if not chunk.endswith(b"\r") else (self._held + chunk[:-1], b"\r")
        start = 0
        for match in re.finditer(rb"\r\n", text):
            self._quoted ^= bool(text.count(b'"', start, match.start()) % 2)
            if not self._quoted:
                self.rows += 1
            start = match.end()
        self._quoted ^= bool(text.count(b'"', start) % 2)
        return self.rows


def _row_counter(fmt: Format) -> Callable[[bytes], int]:
    """A row counter for pyoxigraph's serialisation in ``fmt``.

    JSON: the start of a row's first binding (a quote inside a literal is always escaped,
    so no literal can imitate it; rows without any binding are not counted, the byte
    limit still bounds them). XML: ``<result>``. TSV: line breaks (escaped inside literals).
    """
    if fmt.name == "CSV":
        return _CsvCounter()
    return _MarkerCounter(*{"JSON": (rb'[\[,]\{"[^"\\]{1,256}":\{"type":"', 0), "XML": (rb"<result>", 0),
                            "TSV": (rb"\n", 1)}.get(fmt.name, (rb"(?!)", 0)))


class _BoundedOutput:
    """A write-only stream that refuses to grow beyond ``max_bytes`` bytes or ``max_rows`` rows.

    pyoxigraph's serialiser writes into it in chunks while it pulls solutions from the
    engine, so an oversized result stops the evaluation as soon as a limit is passed.
    """

    def __init__(self, max_bytes: int, max_rows: int, rows: Callable[[bytes], int]) -> None:
        self.max_bytes, self.max_rows, self.rows = max_bytes, max_rows, rows
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, chunk: bytes) -> int:
        chunk = bytes(chunk)
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise _too_large(self.max_bytes, "bytes")
        if self.rows(chunk) > self.max_rows:
            raise _too_large(self.max_rows, "rijen")
        self.parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _serialise_results(result: object, job: Job) -> bytes:
    out = _BoundedOutput(job.max_bytes, job.max_rows, _row_counter(job.fmt))
    try:
        result.serialize(out, format=getattr(ox.QueryResultsFormat, job.fmt.name))  # type: ignore[attr-defined]
    except (AttributeError, ValueError) as exc:
        raise Refused(406, f"Dit resultaat kan niet als {job.fmt.key} worden geleverd ({exc}).") from exc
    return out.getvalue()


def _serialise_graph(triples: Iterable[ox.Triple], job: Job) -> bytes:
    """CONSTRUCT/DESCRIBE: collect at most ``max_rows`` triples (and about ``max_bytes`` of terms), then serialise."""
    graph = bind_prefixes(Graph())
    size = 0
    for count, t in enumerate(triples, start=1):
        if count > job.max_rows:
            raise _too_large(job.max_rows, "triples")
        size += len(str(t))  # about the size of its N-Triples line
        if size > job.max_bytes:
            raise _too_large(job.max_bytes, "bytes")
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    if job.fmt.name == "json-ld":
        body = graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True, encoding="utf-8")
    else:
        body = graph.serialize(format=job.fmt.name, encoding="utf-8")
    if len(body) > job.max_bytes:
        raise _too_large(job.max_bytes, "bytes")
    return body


def _too_large(limit: int, unit: str) -> Refused:
    # 422, not 413 (that one is about the request's size): the query is valid, the server
    # will not produce this much; the same request will fail again, so no 503 either.
    return Refused(422, f"Het resultaat is groter dan de limiet van {limit} {unit}. "
                        f"Beperk de query met LIMIT of meer voorwaarden.")


def _proxy(endpoint: str, query: str, fmt: Format, timeout: float, dataset: RdfDataset) -> Answer:
    """Pass the query (and its dataset) on to a remote SPARQL endpoint and return its raw answer."""
    request = urllib.request.Request(
        endpoint, data=urllib.parse.urlencode([("query", query), *dataset.form_fields()]).encode("utf-8"),
        headers={"Accept": fmt.mimetype, "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.read(), response.headers.get_content_type() or fmt.mimetype)
    except urllib.error.HTTPError as exc:
        raise Refused(exc.code if 400 <= exc.code < 600 else 502,
                      f"Het achterliggende endpoint antwoordde {exc.code}: {exc.read().decode('utf-8', 'replace')[:2000]}") from exc
    except TimeoutError as exc:
        raise Refused(504, f"Het achterliggende endpoint gaf binnen {timeout:g} seconden geen antwoord.") from exc
    except urllib.error.URLError as exc:
        raise Refused(502, f"Het achterliggende endpoint is niet bereikbaar: {exc.reason}") from exc
