"""The query worker pool on its own: both ways a worker gets its graph, and a clean shutdown."""

from __future__ import annotations

import os

import json
import time

import pytest

import web.pool
from web.conneg import RESULT_FORMATS
from web.execute import Job, RdfDataset
from web.pool import QueryPool, worker_source

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("in_memory_quads", [web.pool.IN_MEMORY_QUADS, 0])
def test_workers_answer_from_memory_or_disk(store, settings, monkeypatch, in_memory_quads: int) -> None:
    monkeypatch.setattr(web.pool, "IN_MEMORY_QUADS", in_memory_quads)
    source = worker_source(store, settings)
    assert source.kind == ("nquads" if in_memory_quads else "disk")
    pool = QueryPool(source, size=1, max_size=2)
    try:
        status, body = pool.run(Job(COUNT, RESULT_FORMATS[0], 10, 10_000, RdfDataset()), timeout=30)
        assert status == 200
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(store)
        zygote = pool._zygote
    finally:
        pool.close()
    assert zygote is not None and zygote.poll() is not None  # the zygote (and with it every worker) is gone


def test_workers_have_no_network(sample_store, sample_settings) -> None:
    """A SERVICE clause that reaches a worker unguarded cannot make it connect anywhere."""
    from tests.listener import listener
    from web.execute import pool_for

    with listener() as probe:
        job = Job(f"SELECT * WHERE {{ SERVICE <{probe.url}> {{ ?s ?p ?o }} }}", RESULT_FORMATS[0], 10, 10_000, RdfDataset())
        status, _message = pool_for(sample_store, sample_settings).run(job, timeout=30)
        assert status != 200
        assert probe.wait_quiet() == 0


def test_only_the_youngest_long_query_runs(sample_store, sample_settings) -> None:
    """Three runaway queries and one long-query slot: two are frozen, one runs; all end with the time limit."""
    from concurrent.futures import ThreadPoolExecutor

    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    pool = QueryPool(worker_source(sample_store, sample_settings), size=3, max_size=3, long_slots=1)
    try:
        assert pool.ready()
        job = Job(slow, RESULT_FORMATS[0], 10, 10_000, RdfDataset())
        with ThreadPoolExecutor(3) as executor:
            runs = [executor.submit(pool.run, job, 2.5) for _ in range(3)]
            time.sleep(1.5)
            states = sorted(_state(w.pid) for w in pool._long._running + pool._long._frozen)
            outcomes = [_reason(run) for run in runs]
        assert states == ["R", "T", "T"]  # one running, two stopped
        assert outcomes == ["timeout"] * 3
        assert pool.ready(10)
    finally:
        pool.close()


def _state(pid: int) -> str:
    """R when any thread of ``pid`` runs (the query runs in a thread of its own), else the first thread's state."""
    states = []
    for task in sorted(os.listdir(f"/proc/{pid}/task")):
        with open(f"/proc/{pid}/task/{task}/stat", encoding="ascii") as stat:
            states.append(stat.read().rsplit(")", 1)[1].split()[0])
    return "R" if "R" in states else states[0]


def _reason(run) -> str:
    try:
        run.result()
    except web.pool.PoolError as exc:
        return exc.reason
    return "answered"
