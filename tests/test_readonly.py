"""The read-only guard and the network sandbox: no SERVICE, no update, no runaway parsing, no outbound request."""

from __future__ import annotations

import os
import time

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.query import list_queries
from kg.readonly import MAX_NESTING, MAX_QUERY_CHARS, Refused, inspect_query
from kg.sandbox import deny_network, no_new_descriptors
from kg.store import EmbeddedStore, QueryError
from tests.listener import Listener, listener
from tests.ssrf_cases import bypasses, fuzzed


@pytest.fixture(scope="module")
def probe():
    with listener() as target:
        yield target


def _passes_guard_and_runs(query: str, engine: ox.Store) -> bool:
    """False when the guard refuses ``query``; else run it on the bare engine (no sandbox) and return True."""
    try:
        inspect_query(query)
    except Refused as refused:
        assert refused.status in (400, 403, 413)
        return False
    try:
        result = engine.query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, RuntimeError, OSError):
        pass
    return True


def test_every_known_bypass_is_refused_or_harmless(probe: Listener) -> None:
    """Whatever the guard lets through, the bare engine runs: the listener must hear nothing."""
    passed = [q for q in bypasses(probe.url) if _passes_guard_and_runs(q, ox.Store())]
    assert probe.wait_quiet() == 0
    assert len(passed) <= 1, passed  # only the one whose SERVICE sits inside a string literal


def test_fuzzed_service_queries_never_reach_the_listener(probe: Listener) -> None:
    """2,000 variants: each is refused by the guard, or the engine itself (no sandbox) fetches nothing."""
    engine = ox.Store()
    passed = sum(_passes_guard_and_runs(q, engine) for q in fuzzed(probe.url, 2000))
    assert probe.wait_quiet() == 0
    assert passed < 2000, "the fuzzer must produce queries the guard refuses"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s <http://example.org/service> ?o FILTER(CONTAINS(?o, 'service')) }",
    "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT ?service WHERE { ?service a sd:Service }",
    "SELECT ?x WHERE { ?x ?p 'de service'@nl ; ex:self-service ?y }",
    "SELECT * WHERE { FILTER(?x = <http://x#a> || ?x IN (<http://y#b>, <http://z#c>)) VALUES (?a ?b) { (<a#1> <b#2>) } }",
    "select*{?s ?p ?o}",
    "# DELETE and SERVICE in a comment\nSELECT ?s WHERE { ?s ?p \"INSERT DATA { SERVICE }\" }",
])
def test_harmless_uses_of_the_words_pass(query: str) -> None:
    assert inspect_query(query).form == "SELECT"


def test_every_named_query_passes() -> None:
    for named in list_queries():
        inspect_query(named.text)


@pytest.mark.parametrize("query, form, dataset", [
    ("BASE <http://x/> PREFIX : <a> PREFIX ex:<b> DESCRIBE <c>", "DESCRIBE", False),
    ("ASK { ?s ?p ?o }", "ASK", False),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False),
    ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", "SELECT", True),
    ("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }", "SELECT", True),
    ("SELECT ?from WHERE { ?from ex:from 'FROM' }", "SELECT", False),
])
def test_form_and_dataset_are_read_from_tokens(query: str, form: str, dataset: bool) -> None:
    shape = inspect_query(query)
    assert (shape.form, shape.has_dataset) == (form, dataset)


@pytest.mark.parametrize("query, status", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403),
    ("PREFIX x: <urn:x:> DELETE WHERE { ?s ?p ?o }", 403),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", 403),
    ("LOAD <http://example.org/data.ttl>", 403),
    ("hello", 400),
    ("", 400),
    ("SELECT * WHERE { ?s ?p 'open", 400),
    ("SELECT * WHERE " + "{" * (MAX_NESTING + 1) + "}" * (MAX_NESTING + 1), 400),
    ("SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }", 400),
    ("SELECT * WHERE { ?s ?p ?o }" + " " * MAX_QUERY_CHARS, 413),
])
def test_refusals(query: str, status: int) -> None:
    with pytest.raises(Refused) as refused:
        inspect_query(query)
    assert refused.value.status == status and str(refused.value)


def test_adversarial_long_texts_are_checked_quickly() -> None:
    """Finding 2: the old regex took 24 s on a 64 KB query; the tokenizer is linear (a bound on a bug, not a speed target)."""
    n = 64_000
    for text in ('"' * n, "'''" + "'" * n, "#" * n, "<" * n, '"a' * (n // 2), "'''a\\" * (n // 5),
                 "SELECT * WHERE { " + "?s ?p ?o . " * (n // 11) + "}"):
        started = time.perf_counter()
        try:
            inspect_query(text)
        except Refused:
            pass
        assert time.perf_counter() - started < 5


def test_engine_cannot_connect_inside_the_descriptor_limit(probe: Listener) -> None:
    """The second line on its own: SERVICE that reaches pyoxigraph fails without a connection."""
    engine = ox.Store()
    with no_new_descriptors():
        with pytest.raises((OSError, RuntimeError)):
            list(engine.query(f"SELECT * WHERE {{ SERVICE <{probe.url}> {{ ?s ?p ?o }} }}"))
    assert probe.wait_quiet() == 0
    os.close(os.open(os.devnull, os.O_RDONLY))  # the limit is lifted again


def test_worker_process_has_no_network(probe: Listener) -> None:
    """deny_network in a forked child: the engine's SERVICE call fails, the listener hears nothing."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            how = deny_network()
            try:
                list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{probe.url}> {{ ?s ?p ?o }} }}"))
            except (OSError, RuntimeError):
                code = 0 if how in ("namespace", "descriptors") else 1
        finally:
            os.write(write, bytes([code]))
            os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(pid, 0)
    os.close(read)
    assert answer == b"\x00"
    assert probe.wait_quiet() == 0


def test_untrusted_store_query_refuses_and_does_not_connect(probe: Listener, store: EmbeddedStore) -> None:
    for query in bypasses(probe.url)[:6]:
        with pytest.raises(QueryError):
            store.query(query, untrusted=True)
    assert probe.wait_quiet() == 0


def test_kg_query_refuses_every_bypass(runner, settings, store, probe: Listener) -> None:
    for query in bypasses(probe.url):
        result = runner.invoke(main, ["--build-dir", str(settings.build_dir), "query", query])
        assert result.exit_code == 2 and "ongeldige query" in result.output, (query, result.output)
    deep = "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000
    result = runner.invoke(main, ["--build-dir", str(settings.build_dir), "query", deep])
    assert result.exit_code == 2 and "genest" in result.output
    assert probe.wait_quiet() == 0


def test_kg_query_honours_from_and_from_named(runner, settings, store) -> None:
    """Finding 7 for the CLI: the query's own dataset, not the union of every graph."""
    graphs = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?n LIMIT 1")
    graph, size = str(graphs[0]["g"]), int(graphs[0]["n"])
    total = len(store)

    def count(query: str) -> int:
        result = runner.invoke(main, ["--build-dir", str(settings.build_dir), "query", query, "--format", "csv"])
        assert result.exit_code == 0, result.output
        return int(result.output.splitlines()[1])

    assert count(f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}") == size
    assert count(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") == size
    assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") <= total  # the union of all graphs
    assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") > size


def test_kg_query_survives_long_flat_chains(settings, store) -> None:
    """15,000 terms of 1+1+… overflow an 8 MB stack in the engine (a segfault); the engine gets a large one."""
    import subprocess
    import sys

    chain = "SELECT (" + "+".join(["1"] * 15_000) + " AS ?n) WHERE {}"
    result = subprocess.run([sys.executable, "-m", "kg", "--build-dir", str(settings.build_dir), "query", chain, "--format", "csv"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.splitlines()[1] == "15000"
