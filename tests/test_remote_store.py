"""The same code runs against a SPARQL 1.1 Protocol endpoint instead of the embedded store.

The endpoint is our own web app's /sparql, served on a local port: the CLI and the
store talk to it only through the SPARQL 1.1 Protocol.
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from kg.cli import main
from kg.namespaces import ID
from kg.query import load_query
from kg.store import QueryError, SparqlEndpointStore
from web import create_app
from web.background import background_server


@pytest.fixture(scope="module")
def endpoint(settings, store):
    app = create_app({"TESTING": True, "KG_SETTINGS": settings, "KG_STORE": store})
    with background_server(app) as base:
        yield f"{base}/sparql"


def test_remote_store_answers_like_the_embedded_store(endpoint: str, store) -> None:
    remote = SparqlEndpointStore(endpoint)
    query = load_query("cq/09-explicit-exclusions").text
    assert remote.select(query) == store.select(query)
    assert remote.query("ASK { ?s a <https://w3id.org/kgb/def#CoreTask> }").boolean is True
    graph = remote.query("CONSTRUCT { ?t a <https://w3id.org/kgb/def#CoreTask> } WHERE { ?t a <https://w3id.org/kgb/def#CoreTask> }").graph
    assert isinstance(graph, Graph) and len(graph) == 9


def test_remote_store_reports_a_malformed_query(endpoint: str) -> None:
    with pytest.raises(QueryError):
        SparqlEndpointStore(endpoint).query("SELECT ?x WHERE { ?x ?y }")


def test_cli_runs_against_the_endpoint(endpoint: str, runner) -> None:
    result = runner.invoke(main, ["--endpoint", endpoint, "query", "-n", "cq/23-jeugdreclassering-per-scenario", "--format", "json"])
    assert result.exit_code == 0, result.output
    holders = {b["holder"]["value"] for b in json.loads(result.output)["results"]["bindings"]}
    assert str(ID["org/centrale-jeugdreclassering"]) in holders
    stats = runner.invoke(main, ["--endpoint", endpoint, "stats", "--format", "json"])
    assert json.loads(stats.output)["classes"]["kgb:CoreTask"] == 9
