"""The W3C SPARQL 1.1 Protocol test suite (query side), read from its manifest and run against our endpoint.

The manifest (``../shared/tests/w3c-sparql11-protocol/manifest.ttl``) describes each test
as HTTP requests and the expected status, result format and boolean. Adapted to our
endpoint as the manifest asks: ``/sparql/`` becomes ``/sparql``; the suite's three small
graphs are loaded next to our sample data under the names the manifest gives them.
Update tests are left out: the endpoint is read-only by design.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

from kg.config import load_settings
from kg.store import EmbeddedStore
from web import create_app

SUITE = load_settings().shared_dir / "tests" / "w3c-sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RESULT_TYPES = {"boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
                "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                            "text/tab-separated-values"),
                "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples")}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    result_format: str | None
    boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    graphs: dict[str, Path]
    requests: list[Request]


def load_suite() -> list[ProtocolTest]:
    """The query-side tests of the manifest, in its order (empty when ../shared is not there)."""
    manifest = SUITE / "manifest.ttl"
    if not manifest.is_file():
        return []
    g = Graph().parse(manifest, publicID=manifest.as_uri())
    tests = []
    for test in Collection(g, g.value(next(g.subjects(RDF.type, MF.Manifest)), MF.entries)):
        name = str(test).rsplit("#", 1)[1]
        if "update" in name:
            continue
        graphs = {str(g.value(d, RDFS.label)): SUITE / str(g.value(d, UT.graph)).rsplit("/", 1)[1] for d in g.objects(test, UT.graphData)}
        requests = []
        for r in Collection(g, g.value(g.value(test, MF.action), HT.requests)):
            headers_list = g.value(r, HT.headers)
            headers = {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue)) for h in Collection(g, headers_list)} if headers_list else {}
            body_node = g.value(r, HT.body)
            body = None
            if body_node is not None:
                body = str(g.value(body_node, CNT.chars)).encode(str(g.value(body_node, CNT.characterEncoding) or "UTF-8"))
            response = g.value(r, HT.resp)
            boolean = g.value(response, MF.expectedBoolean)
            requests.append(Request(
                method=str(g.value(r, HT.methodName)),
                path=str(g.value(r, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
                headers=headers, body=body,
                statuses={str(s).rsplit("#StatusCode", 1)[1] for s in g.objects(response, MF.expectedStatus)},
                result_format=str(g.value(response, MF.expectedFormat) or "") or None,
                boolean=None if boolean is None else boolean.toPython(),
            ))
        tests.append(ProtocolTest(name, graphs, requests))
    return tests


TESTS = load_suite()


@pytest.fixture(scope="module")
def w3c_client(sample_settings, sample_store):
    """Our endpoint over the sample data plus the suite's graphs."""
    store = ox.Store()
    store.extend(sample_store.quads())
    for test in TESTS:
        for name, path in test.graphs.items():
            store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    app = create_app({"TESTING": True, "KG_SETTINGS": sample_settings, "KG_STORE": EmbeddedStore(store), "KG_SLOW_WAIT": 300})
    return app.test_client()


def read_boolean(mimetype: str, body: bytes) -> bool:
    if mimetype == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    element = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert element is not None
    return element.text == "true"


def test_the_suite_is_there_or_skipped() -> None:
    if not TESTS:
        pytest.skip("../shared/tests/w3c-sparql11-protocol is not available")
    assert len(TESTS) == 20


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol(w3c_client, test: ProtocolTest) -> None:
    for request in test.requests:
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-type"}
        content_type = next((v for k, v in request.headers.items() if k.lower() == "content-type"), None)
        response = w3c_client.open(request.path, method=request.method, data=request.body, headers=headers,
                                   content_type=content_type)
        status_class = f"{response.status_code // 100}xx"
        assert status_class in request.statuses, (response.status_code, response.get_data(as_text=True)[:300])
        if status_class == "4xx":
            assert response.get_data(as_text=True).strip(), "an error has a body that says why"
        if request.result_format:
            assert response.mimetype in RESULT_TYPES[request.result_format], response.mimetype
        if request.boolean is not None:
            assert read_boolean(response.mimetype, response.data) is request.boolean
