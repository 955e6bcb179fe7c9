"""Real SPARQL clients against a live server: SPARQLWrapper, rdflib's SPARQLStore, a YASGUI-style fetch."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from kg.namespaces import ID
from web.background import background_server

RAAD = ID["org/raad-voor-de-kinderbescherming"]
PREFIXES = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX kgb: <https://w3id.org/kgb/def#> "
SELECT = PREFIXES + "SELECT ?o ?label WHERE { ?o a kgb:AdministrativeBody ; rdfs:label ?label }"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o a kgb:AdministrativeBody ; rdfs:label ?l }"
ASK = PREFIXES + "ASK { ?s a kgb:Scenario }"


@pytest.fixture(scope="module")
def endpoint(app):
    with background_server(app) as base:
        yield base + "/sparql"


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
