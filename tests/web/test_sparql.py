"""The SPARQL 1.1 Protocol endpoint: methods, result formats, read-only guard, limits, editor."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from rdflib.query import Result

from kg.namespaces import ID
from web import create_app
from web.background import background_server

SELECT = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?o ?label WHERE { ?o a/rdfs:subClassOf* <https://w3id.org/kgb/def#Organisation> ; rdfs:label ?label FILTER(lang(?label) = 'nl') } ORDER BY ?label"
CONSTRUCT = "CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o a kgb:AdministrativeBody ; rdfs:label ?l }"
ASK = "ASK { ?s a kgb:Scenario }"
#: A cross product of the whole graph with itself four times: never finishes within the test limit.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
RAAD = ID["org/raad-voor-de-kinderbescherming"]


def organisations(rows) -> set[str]:
    return {str(r) for r in rows}


def test_get_select_json(client) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200 and response.mimetype == "application/sparql-results+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.data)
    assert data["head"]["vars"] == ["o", "label"]
    assert str(RAAD) in {b["o"]["value"] for b in data["results"]["bindings"]}


@pytest.mark.parametrize("method", ["form", "direct"])
def test_post(client, method: str) -> None:
    if method == "form":
        response = client.post("/sparql", data={"query": SELECT}, headers={"Accept": "application/sparql-results+json"})
    else:
        response = client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query",
                               headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert str(RAAD) in {b["o"]["value"] for b in json.loads(response.data)["results"]["bindings"]}


@pytest.mark.parametrize("how", ["accept", "param"])
def test_select_xml_parses(client, how: str) -> None:
    kwargs = {"headers": {"Accept": "application/sparql-results+xml"}} if how == "accept" else {}
    response = client.get("/sparql", query_string={"query": SELECT, **({"format": "xml"} if how == "param" else {})}, **kwargs)
    assert response.mimetype == "application/sparql-results+xml"
    result = Result.parse(io.BytesIO(response.data), format="xml")
    assert RAAD in {row.o for row in result}


def test_select_csv_parses(client) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/csv"})
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {"o": str(RAAD), "label": "Raad voor de Kinderbescherming"} in rows


def test_select_tsv_parses(client) -> None:
    response = client.get("/sparql", query_string={"query": SELECT, "format": "tsv"})
    assert response.mimetype == "text/tab-separated-values"
    result = Result.parse(io.StringIO(response.get_data(as_text=True)), format="tsv")
    assert RAAD in {row.o for row in result}


def test_ask(client) -> None:
    response = client.get("/sparql", query_string={"query": ASK}, headers={"Accept": "application/sparql-results+json"})
    assert json.loads(response.data) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("accept,parser", [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
    ("*/*", "turtle"),
])
def test_construct_formats_parse(client, accept: str, parser: str) -> None:
    response = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    graph = Graph().parse(data=response.get_data(as_text=True), format=parser)
    assert (RAAD, RDFS.label, None) in graph


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX x: <urn:x:> DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <urn:g>",
    "CREATE GRAPH <urn:g>",
])
def test_updates_are_refused(client, query: str) -> None:
    for response in (
        client.get("/sparql", query_string={"query": query}),
        client.post("/sparql", data={"query": query}),
        client.post("/sparql", data=query.encode(), content_type="application/sparql-query"),
    ):
        assert response.status_code == 403
        assert "alleen-lezen" in response.get_data(as_text=True).lower()


def test_update_parameter_and_update_body_are_refused(client) -> None:
    response = client.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert response.status_code == 403 and "update" in response.get_data(as_text=True)
    response = client.post("/sparql", data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", content_type="application/sparql-update")
    assert response.status_code == 403
    ask = client.get("/sparql", query_string={"query": "ASK { <urn:a> <urn:b> <urn:c> }", "format": "json"})
    assert json.loads(ask.data)["boolean"] is False


def test_keywords_inside_literals_are_not_updates(client) -> None:
    query = 'SELECT ?x WHERE { BIND("DELETE en INSERT" AS ?x) }'
    assert client.get("/sparql", query_string={"query": query, "format": "json"}).status_code == 200


def test_service_is_refused(client) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert response.status_code == 403 and "SERVICE" in response.get_data(as_text=True)


def test_syntax_error_is_400_with_message(client) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p "}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 400
    assert "Fout in de query" in response.get_data(as_text=True)


def test_size_limit(client, sample_settings) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "json"})
    assert response.status_code == 422  # not 413: that status is about the request's size
    assert f"limiet van {sample_settings.max_rows} rijen" in response.get_data(as_text=True)
    response = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "ttl"})
    assert response.status_code == 422 and "triples" in response.get_data(as_text=True)
    ok = client.get("/sparql", query_string={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {sample_settings.max_rows}", "format": "json"})
    assert ok.status_code == 200


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_row_limit_in_every_format(client, sample_settings, fmt: str) -> None:
    limit = sample_settings.max_rows
    over = client.get("/sparql", query_string={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {limit + 1}", "format": fmt})
    assert over.status_code == 422 and f"limiet van {limit} rijen" in over.get_data(as_text=True)
    at = client.get("/sparql", query_string={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {limit}", "format": fmt})
    assert at.status_code == 200
    # literals that look like row boundaries in any format are one row each
    lookalike = '\\r\\n\\n<result>},{\\"x\\":{\\"type\\":\\"\\"\\"' * 20
    rows = " ".join(f'("{lookalike}" {i})' for i in range(limit))
    tricky = client.get("/sparql", query_string={"query": f"SELECT * WHERE {{ VALUES (?x ?i) {{ {rows} }} }}", "format": fmt})
    assert tricky.status_code == 200, tricky.get_data(as_text=True)[:300]


def test_byte_limit_stops_a_few_huge_rows(client, sample_settings) -> None:
    """Three rows built by repeated CONCAT: refused once the answer passes the byte limit, not after building it."""
    doubling = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(20))
    query = f'SELECT ?v20 WHERE {{ VALUES ?n {{ 1 2 3 }} BIND(CONCAT("x", STR(?n)) AS ?v0) {doubling} }}'
    for fmt in ("json", "xml", "csv", "tsv"):
        response = client.get("/sparql", query_string={"query": query, "format": fmt})
        assert response.status_code == 422, response.status_code
        assert f"limiet van {sample_settings.max_bytes} bytes" in response.get_data(as_text=True)
    graph = client.get("/sparql", query_string={"query": query.replace("SELECT ?v20", "CONSTRUCT { <urn:x:s> <urn:x:v> ?v20 }"), "format": "ttl"})
    assert graph.status_code == 422 and "bytes" in graph.get_data(as_text=True)


def test_slow_query_is_cut_off_while_others_are_answered(app, sample_settings, sample_store) -> None:
    """A query over the time limit gets 503; meanwhile short queries are answered, then its worker is replaced."""
    from concurrent.futures import ThreadPoolExecutor

    from web.execute import pool_for

    pool = pool_for(sample_store, sample_settings)
    assert pool.ready()
    killed, forked = pool.stats.killed, pool.stats.forked
    fast = app.test_client()
    with ThreadPoolExecutor(1) as executor:
        slow = executor.submit(app.test_client().get, "/sparql", query_string={"query": SLOW, "format": "json"})
        answered = 0
        while not slow.done():
            assert fast.get("/sparql", query_string={"query": ASK, "format": "json"}).status_code == 200
            answered += 1
        response = slow.result()
    assert response.status_code == 503 and "tijdslimiet" in response.get_data(as_text=True)
    assert answered > 10  # the short queries went on while the slow one ran
    assert pool.stats.killed == killed + 1
    assert _gone(pool.stats.last_killed)
    assert pool.ready(10) and pool.stats.forked > forked  # replaced in the background
    assert fast.get("/sparql", query_string={"query": ASK, "format": "json"}).status_code == 200


def _gone(pid: int, wait: float = 5.0) -> bool:
    """True once ``pid`` no longer exists (killed and reaped by its parent), within ``wait`` seconds."""
    import os
    import time

    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


def test_bare_get_gives_service_description_or_editor(client) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    page = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.mimetype == "text/html" and 'id="yasgui"' in page.get_data(as_text=True)


def test_unknown_format_and_content_type(client) -> None:
    # format= is a hint on the endpoint: an unknown value is ignored, the Accept header decides
    assert client.get("/sparql", query_string={"query": SELECT, "format": "pdf"}).status_code == 200
    assert client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"}).status_code == 406
    assert client.post("/sparql", data=b"x", content_type="text/plain").status_code == 415
    assert client.post("/sparql", data={}, headers={"Accept": "application/sparql-results+json"}).status_code == 400


def test_editor_renders_results_table_without_javascript(client) -> None:
    response = client.post("/sparql", data={"query": SELECT, "format": "html"}, headers={"Accept": "text/html"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<table class="results">' in text and ">Raad voor de Kinderbescherming</a>" in text
    assert "format=csv" in text  # CSV download link
    assert 'href="/sparql?query=' in text  # shareable link


def test_editor_shows_errors_inline(client) -> None:
    response = client.get("/sparql", query_string={"query": "DROP ALL"}, headers={"Accept": "text/html"})
    assert response.status_code == 403
    assert 'role="alert"' in response.get_data(as_text=True)


def test_editor_prefixes_and_examples(client) -> None:
    from kg.query import list_queries

    text = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    for q in list_queries("cq")[:3]:
        assert f'data-name="{q.name}"' in text
    config = json.loads(text.split('id="editor-config">', 1)[1].split("</script>", 1)[0])
    assert "PREFIX" in config["query"] or not list_queries("cq")


def test_undeclared_prefixes_are_known(client) -> None:
    response = client.get("/sparql", query_string={"query": ASK, "format": "json"})
    assert response.status_code == 200


def test_remote_backend_is_proxied(sample_settings, sample_store) -> None:
    # The proxy fetches the whole graph (with its statute versions) for pages: no size limit upstream.
    upstream = create_app({"KG_SETTINGS": sample_settings.with_(max_rows=100000, max_bytes=10**9), "KG_STORE": sample_store})
    with background_server(upstream) as base:
        settings = sample_settings.with_(backend="sparql", endpoint=base + "/sparql")
        proxy = create_app({"KG_SETTINGS": settings}).test_client()
        response = proxy.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/csv"})
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert str(RAAD) in response.get_data(as_text=True)
        refused = proxy.get("/sparql", query_string={"query": "CLEAR ALL"})
        assert refused.status_code == 403
        page = proxy.get("/id/org/raad-voor-de-kinderbescherming", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "Raad voor de Kinderbescherming" in page.get_data(as_text=True)


def test_describe(client) -> None:
    response = client.get("/sparql", query_string={"query": f"DESCRIBE <{RAAD}>"}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert (RAAD, RDFS.label, None) in graph


def test_protocol_dataset_parameters_are_honoured(client) -> None:
    def count(**params) -> int:
        response = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **params},
                              headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, response.get_data(as_text=True)
        return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])

    everything = count()
    ontology = count(**{"default-graph-uri": "https://w3id.org/kgb/graph/ontology/kgb"})
    assert 0 < ontology < everything
    assert count(**{"default-graph-uri": "urn:x:no-such-graph"}) == 0
    named = client.get("/sparql", headers={"Accept": "application/sparql-results+json"}, query_string={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        "named-graph-uri": "https://w3id.org/kgb/graph/ontology/kgb"})
    graphs = {b["g"]["value"] for b in json.loads(named.data)["results"]["bindings"]}
    assert graphs == {"https://w3id.org/kgb/graph/ontology/kgb"}
