"""Run one endpoint query within the time and size limits, serialised in the chosen format.

pyoxigraph cannot cancel a running query, so on the embedded store each query runs
in a forked child process (it inherits the in-memory store copy-on-write) that is
killed when ``query_timeout`` passes: the work truly stops and no worker hangs.
The child counts rows (or triples) first and refuses results larger than ``max_rows``.

With a remote store (``KG_BACKEND=sparql``) the query is passed on to that endpoint
and its raw answer returned, with the same time limit.
"""

from __future__ import annotations

import io
import multiprocessing
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox
from rdflib import Graph

from kg.namespaces import PREFIXES, bind_prefixes
from kg.store import EmbeddedStore, SparqlEndpointStore, Store, to_rdflib
from web.conneg import Format
from kg.readonly import Refused
from kg.sandbox import deny_network, no_new_descriptors

_FORK = multiprocessing.get_context("fork")


@dataclass(frozen=True)
class Answer:
    """A serialised query result."""

    body: bytes
    mimetype: str


@dataclass(frozen=True)
class RdfDataset:
    """The protocol's ``default-graph-uri`` / ``named-graph-uri``; empty means the union of all graphs."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def query_options(self) -> dict:
        """Keyword arguments for pyoxigraph's ``Store.query``."""
        if not self.default_graphs and not self.named_graphs:
            return {"use_default_graph_as_union": True}
        options: dict = {"default_graph": [ox.NamedNode(g) for g in self.default_graphs] or ox.DefaultGraph()}
        if self.named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in self.named_graphs]
        return options

    def form_fields(self) -> list[tuple[str, str]]:
        return [("default-graph-uri", g) for g in self.default_graphs] + [("named-graph-uri", g) for g in self.named_graphs]


def run_query(store: Store, query: str, fmt: Format, timeout: float, max_rows: int,
              dataset: RdfDataset = RdfDataset()) -> Answer:
    """Run ``query`` over ``dataset`` and serialise the result as ``fmt``; raises :class:`Refused` with a clear message."""
    if isinstance(store, SparqlEndpointStore):
        return _proxy(store.endpoint, query, fmt, timeout, dataset)
    if not isinstance(store, EmbeddedStore):
        raise Refused(501, "Deze opslag ondersteunt het SPARQL-endpoint niet.")
    receiver, sender = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_child, args=(sender, store.ox, query, fmt, max_rows, dataset), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise Refused(503, f"De query duurde langer dan de tijdslimiet van {timeout:g} seconden en is afgebroken. "
                               f"Maak de query specifieker (bijvoorbeeld met LIMIT of meer voorwaarden).")
        try:
            status, payload = receiver.recv()
        except EOFError:
            raise Refused(500, "De query is onverwacht afgebroken.") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if status != 200:
        raise Refused(status, payload)
    return Answer(payload, fmt.mimetype)


def _child(sender, store: ox.Store, query: str, fmt: Format, max_rows: int,
           dataset: RdfDataset) -> None:  # pragma: no cover - runs in the child
    """Runs in the forked process: evaluate, check the size, serialise, send (status, body or message)."""
    deny_network(files_needed=True)  # second line behind the SERVICE guard: no network in here
    try:
        sender.send((200, _evaluate(store, query, fmt, max_rows, dataset)))
    except Refused as exc:
        sender.send((exc.status, str(exc)))
    except SyntaxError as exc:
        sender.send((400, f"Fout in de query: {exc}"))
    except Exception as exc:  # noqa: BLE001 - reported to the client as a 500 without a trace
        sender.send((500, f"De query kon niet worden uitgevoerd: {type(exc).__name__}: {exc}"))
    finally:
        sender.close()


def _evaluate(store: ox.Store, query: str, fmt: Format, max_rows: int, dataset: RdfDataset) -> bytes:
    def run():
        return store.query(query, prefixes=PREFIXES, **dataset.query_options())

    with no_new_descriptors():  # SERVICE, if it got past the guard, cannot open a socket
        result = run()
        if isinstance(result, ox.QueryBoolean):
            return _serialise_results(result, fmt)
        if isinstance(result, ox.QuerySolutions):
            if sum(1 for _ in islice(result, max_rows + 1)) > max_rows:
                raise _too_large(max_rows, "rijen")
            return _serialise_results(run(), fmt)
        triples = list(islice(result, max_rows + 1))
    if len(triples) > max_rows:
        raise _too_large(max_rows, "triples")
    graph = bind_prefixes(Graph())
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    if fmt.name == "json-ld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True, encoding="utf-8")
    return graph.serialize(format=fmt.name, encoding="utf-8")


def _serialise_results(result: object, fmt: Format) -> bytes:
    try:
        out = io.BytesIO()
        result.serialize(out, format=getattr(ox.QueryResultsFormat, fmt.name))  # type: ignore[attr-defined]
        return out.getvalue()
    except (AttributeError, ValueError) as exc:
        raise Refused(406, f"Dit resultaat kan niet als {fmt.key} worden geleverd ({exc}).") from exc


def _too_large(limit: int, unit: str) -> Refused:
    return Refused(413, f"Het resultaat is groter dan de limiet van {limit} {unit}. "
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
