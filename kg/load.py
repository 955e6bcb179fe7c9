"""``kg load``: put the built graph into a SPARQL server through the Graph Store Protocol.

Each named graph of the build is replaced in one ``PUT`` (large graphs: a ``PUT`` and
then ``POST`` appends of :data:`CHUNK` triples), read from the on-disk store one graph at
a time, so memory stays flat however large the graph. Graphs of ours (under
``https://w3id.org/kgb/graph/``) that the build no longer has are deleted; other graphs on
the server are left alone. URLs and authentication per engine: :mod:`kg.engines`.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterator

import pyoxigraph as ox

from kg import engines
from kg.namespaces import GRAPH_BASE
from kg.query import load_query
from kg.store import SparqlEndpointStore

#: Triples per request: large enough to be fast, small enough for any server's request limit.
CHUNK = 100_000


class LoadError(Exception):
    """The server refused or could not be reached; the message says which request failed (Dutch)."""


@dataclass
class LoadReport:
    """What was loaded: graphs, triples, removed graphs."""

    graphs: int = 0
    triples: int = 0
    removed: int = 0


class _Authorizer:
    """The Authorization header for a request, answered up front (HTTP Basic or Digest).

    urllib answers a challenge only after the server refused the request, i.e. after
    sending the body once; Virtuoso closes the connection while a large body is still
    being sent. So a bodiless GET fetches the challenge and the real request carries
    the answer.
    """

    def __init__(self, url: str, user: str, password: str) -> None:
        self.user, self.password = user, password
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password)
        self.digest = urllib.request.HTTPDigestAuthHandler(passwords)

    def __call__(self, request: urllib.request.Request) -> str | None:
        try:
            with urllib.request.urlopen(urllib.request.Request(request.full_url, method="GET"), timeout=60) as response:
                response.read()
            return None
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        scheme, _, rest = challenge.partition(" ")
        if scheme.lower() == "basic":
            return "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        if scheme.lower() == "digest":
            fields = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(rest)))
            return "Digest " + self.digest.get_authorization(request, fields)
        return None


def _chunks(store: ox.Store, graph: ox.NamedNode) -> Iterator[bytes]:
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph))
    while chunk := list(islice(triples, CHUNK)):
        yield ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)


def load(store: ox.Store, endpoint: str, store_url: str | None = None, user: str | None = None,
         password: str | None = None, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Replace our graphs on the server behind ``endpoint`` with the named graphs of ``store``."""
    say = progress or (lambda _msg: None)
    url = store_url or engines.graph_store_url(endpoint)
    param = engines.graph_param(url)
    authorize = _Authorizer(url, user, password or "") if user else None

    def send(method: str, graph: str, body: bytes | None = None) -> None:
        request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({param: graph})}", data=body, method=method,
                                         headers={"Content-Type": "application/n-triples"} if body is not None else {})
        header = authorize(request) if authorize else None
        if header:
            request.add_header("Authorization", header)
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise LoadError(f"{method} {graph} op {url}: {exc.code} {exc.read().decode('utf-8', 'replace')[:500]}") from exc
        except urllib.error.URLError as exc:
            raise LoadError(f"{url} is niet bereikbaar: {exc.reason}") from exc

    report = LoadReport()
    names = sorted(store.named_graphs(), key=lambda g: g.value)
    for i, graph in enumerate(names, 1):
        say(f"[{i}/{len(names)}] {graph.value}")
        for n, body in enumerate(_chunks(store, graph)):
            send("PUT" if n == 0 else "POST", graph.value, body)
            report.triples += body.count(b"\n")
        report.graphs += 1
    remote = SparqlEndpointStore(endpoint)
    ours = {g.value for g in names}
    for row in remote.select(load_query("lookup/named-graphs").text):
        stale = str(row["g"])
        if stale.startswith(GRAPH_BASE) and stale not in ours:
            send("DELETE", stale)
            report.removed += 1
    return report
