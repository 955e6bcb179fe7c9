"""SPARQL 1.1 Protocol details beyond the W3C suite: dataset, base IRI, negotiation, clean 400s, XML, ASK, limits."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from kg.namespaces import ID_BASE

JSON = {"Accept": "application/sparql-results+json"}
COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
ONTOLOGY = "https://w3id.org/kgb/graph/ontology/kgb"


def count(client, query: str, **params) -> int:
    response = client.get("/sparql", query_string={"query": query, **params}, headers=JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


def test_from_in_the_query_is_honoured_and_the_protocol_overrides_it(client) -> None:
    everything = count(client, COUNT.format(""))
    ontology = count(client, COUNT.format(f"FROM <{ONTOLOGY}>"))
    assert 0 < ontology < everything
    assert count(client, COUNT.format("FROM <urn:x:nothing>")) == 0
    assert count(client, COUNT.format("FROM <urn:x:nothing>"), **{"default-graph-uri": ONTOLOGY}) == ontology


def test_relative_iris_resolve_against_our_ids(client) -> None:
    response = client.get("/sparql", query_string={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and f"<{ID_BASE}s> <{ID_BASE}p>" in response.get_data(as_text=True)


@pytest.mark.parametrize("accept, expected", [
    ("application/sparql-results+json; charset=utf-8", "application/sparql-results+json"),
    ("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.5", "application/sparql-results+xml"),
    ("text/*;q=0.5, text/tab-separated-values;q=0.4, */*;q=0.1", "text/csv"),
    ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
    ("application/json", "application/sparql-results+json"),
])
def test_accept_per_rfc_9110(client, accept: str, expected: str) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == expected


@pytest.mark.parametrize("accept, expected", [
    ("application/sparql-results+json", "application/ld+json"),
    ("application/sparql-results+xml", "application/rdf+xml"),
    ("text/n3", "text/turtle"),
])
def test_a_graph_asked_for_in_a_result_format_gets_the_graph_format_of_its_family(client, accept: str, expected: str) -> None:
    response = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a ?t } LIMIT 3"}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == expected


def test_format_is_a_hint_that_wins_when_known(client) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    csv = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "format": "csv"}, headers=browser)
    assert csv.mimetype == "text/csv"
    n3 = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a ?t } LIMIT 1", "format": "n3"}, headers={"Accept": "text/n3"})
    assert n3.status_code == 200 and n3.mimetype == "text/turtle"


@pytest.mark.parametrize("params", [
    {"default-graph-uri": ""}, {"default-graph-uri": "not an iri"}, {"named-graph-uri": "urn:x a"},
    {"named-graph-uri": "http://example.org/\r\nX-Injected: 1"}, {"query": ["ASK {}", "ASK {}"]},
])
def test_malformed_protocol_parameters_are_a_400_with_a_message(client, params) -> None:
    query_string = {"query": "ASK {}", **params}
    response = client.get("/sparql", query_string=query_string, headers=JSON)
    assert response.status_code == 400 and response.get_data(as_text=True).strip()


def test_resource_with_a_line_break_is_a_400(client) -> None:
    response = client.get("/resource", query_string={"uri": ID_BASE + "org/x\r\nSet-Cookie: a=b"})
    assert response.status_code == 400 and "stuurtekens" in response.get_data(as_text=True)


def test_deep_nesting_is_a_400_not_a_crash(client) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000}, headers=JSON)
    assert response.status_code == 400 and "genest" in response.get_data(as_text=True)


def test_xml_results_are_well_formed_and_keep_carriage_returns(client) -> None:
    query = 'SELECT ?v WHERE { BIND("a\\rb" AS ?v) }'
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+xml"})
    literal = ElementTree.fromstring(response.data).find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal is not None and literal.text == "a\rb"
    control = client.get("/sparql", query_string={"query": 'SELECT ?v WHERE { BIND("a\\u0001b" AS ?v) }'},
                         headers={"Accept": "application/sparql-results+xml"})
    assert control.status_code == 406 and "JSON" in control.get_data(as_text=True)
    as_json = client.get("/sparql", query_string={"query": 'SELECT ?v WHERE { BIND("a\\u0001b" AS ?v) }'}, headers=JSON)
    assert json.loads(as_json.data)["results"]["bindings"][0]["v"]["value"] == "a\x01b"


def test_ask_is_offered_as_json_and_xml_only(client) -> None:
    assert client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "text/csv"}).status_code == 406
    fallback = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "text/csv, */*;q=0.1"})
    assert fallback.status_code == 200 and json.loads(fallback.data)["boolean"] is True
