"""Real SPARQL clients against a live ``kg serve`` on a free loopback port: SPARQLWrapper, rdflib's
SPARQLStore, a YASGUI-style fetch."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from kg.namespaces import ID

RAAD = ID["org/raad-voor-de-kinderbescherming"]
PREFIXES = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX kgb: <https://w3id.org/kgb/def#> "
SELECT = PREFIXES + "SELECT ?o ?label WHERE { ?o a kgb:AdministrativeBody ; rdfs:label ?label }"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o a kgb:AdministrativeBody ; rdfs:label ?l }"
ASK = PREFIXES + "ASK { ?s a kgb:Scenario }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_settings, sample_store):
    """``kg serve --no-build`` on the sample graph, as a user starts it; its base URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "--data-dir", str(sample_settings.data_dir),
                                "--build-dir", str(sample_settings.build_dir), "serve", "--no-build", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/-/version", timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"kg serve did not start: {process.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def endpoint(server: str) -> str:
    return server + "/sparql"


def test_no_version_banner_and_security_headers(server: str) -> None:
    with urllib.request.urlopen(server + "/") as response:
        banner = response.headers.get("Server", "")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert not any(c.isdigit() for c in banner), f"the Server header names a version: {banner!r}"


def test_sparqlwrapper_every_return_format(endpoint: str) -> None:
    from SPARQLWrapper import JSON, N3, RDFXML, TURTLE, XML, SPARQLWrapper

    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(SELECT)
    wrapper.setReturnFormat(JSON)
    assert str(RAAD) in {b["o"]["value"] for b in wrapper.query().convert()["results"]["bindings"]}
    wrapper.setReturnFormat(XML)
    assert wrapper.query().convert().getElementsByTagName("result")
    wrapper.setQuery(ASK)
    wrapper.setReturnFormat(JSON)
    assert wrapper.query().convert()["boolean"] is True
    wrapper.setQuery(CONSTRUCT)
    for fmt in (RDFXML, TURTLE, N3):
        wrapper.setReturnFormat(fmt)
        result = wrapper.query().convert()
        graph = result if isinstance(result, Graph) else Graph().parse(data=result, format="turtle")
        assert (RAAD, RDFS.label, None) in graph, fmt


def test_sparqlwrapper_post(endpoint: str) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    wrapper = SPARQLWrapper(endpoint)
    wrapper.setMethod(POST)
    wrapper.setQuery(SELECT)
    wrapper.setReturnFormat(JSON)
    assert wrapper.query().convert()["results"]["bindings"]


def test_rdflib_sparqlstore(endpoint: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    assert str(RAAD) in {str(row.o) for row in graph.query(SELECT)}
    assert graph.query(ASK).askAnswer is True
    constructed = graph.query(CONSTRUCT).graph  # a graph asked for with a result-set Accept
    assert (RAAD, RDFS.label, None) in constructed
    assert (RAAD, RDFS.label, None) in Graph(store=SPARQLStore(endpoint, returnFormat="xml")).query(CONSTRUCT).graph


def fetch(url: str, query: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    """What YASGUI's fetch does: POST a form with an Accept header, from another origin."""
    request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(), method="POST", headers={
        "Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "Origin": "https://yasgui.example"})
    with urllib.request.urlopen(request) as response:
        return response.status, dict(response.headers), response.read()


def test_yasgui_style_fetch(endpoint: str) -> None:
    status, headers, body = fetch(endpoint, SELECT, "application/sparql-results+json,*/*;q=0.9")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    assert json.loads(body)["results"]["bindings"]
    status, headers, body = fetch(endpoint, CONSTRUCT, "text/turtle,*/*;q=0.9")
    assert headers["Content-Type"].startswith("text/turtle")
    assert (RAAD, RDFS.label, None) in Graph().parse(data=body, format="turtle")
    status, headers, body = fetch(endpoint, SELECT, "application/sparql-results+json; charset=utf-8")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
