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


def test_long_queries_share_one_slot(sample_store, sample_settings, monkeypatch) -> None:
    """Three runaway queries and one long-query slot: two are frozen, one runs; all end with the time limit."""
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(web.pool, "LONG_CPU", 0.02)  # long soon, also on a machine busy with other work
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    pool = QueryPool(worker_source(sample_store, sample_settings), size=3, max_size=3, long_slots=1)
    try:
        assert pool.ready()
        job = Job(slow, RESULT_FORMATS[0], 10, 10_000, RdfDataset())
        with ThreadPoolExecutor(3) as executor:
            runs = [executor.submit(pool.run, job, 2.5) for _ in range(3)]
            time.sleep(1.5)
            states = sorted(_state(w.pid) for w in list(pool._long._watched))
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


def test_long_queries_with_least_cpu_run_and_slow_short_ones_are_never_frozen() -> None:
    """Runaways take turns in the one slot, least CPU first; a query that used little CPU always runs."""
    cpu = {1: 0.0, 2: 0.0, 3: 0.0}
    sent: list[tuple[int, int]] = []
    long = web.pool._LongQueries(1, cpu_time=cpu.__getitem__, send=lambda w, signum: sent.append((w.pid, signum)))
    first, second, short = (web.pool._Worker(pid, -1, None) for pid in (1, 2, 3))
    for worker in (first, second, short):
        long.start(worker, 0.0)
    assert long.frozen() == set()  # none used LONG_CPU yet: all run
    cpu.update({1: 2.0, 2: 1.0, 3: web.pool.LONG_CPU / 2})  # two runaways; the third is slow only because the machine is busy
    long._schedule()
    assert long.frozen() == {first}  # the runaway with more CPU waits; the short query is never frozen
    cpu[2] = 3.0
    long._schedule()
    assert long.frozen() == {second} and sent[-1] == (1, web.pool.signal.SIGCONT)  # the runaways take turns
    long.finish(short)
    long.finish(second)  # timed out: it runs again (to be killed)
    assert long.frozen() == set() and sent[-1] == (2, web.pool.signal.SIGCONT)
    long.finish(first)


def test_as_of_pools_are_bounded(sample_store, sample_settings, monkeypatch) -> None:
    """One pool per as-of graph, reused for the same graph; the least recently used one is closed."""
    import pyoxigraph as ox

    import web.execute
    from kg.store import EmbeddedStore

    monkeypatch.setattr(web.execute, "TRANSIENT_POOLS", 1)
    graphs = [ox.Store(), ox.Store()]
    for graph in graphs:
        graph.bulk_extend(list(sample_store.ox)[:50])
    first = web.execute.pool_for(EmbeddedStore(graphs[0]), sample_settings, transient=True)
    assert web.execute.pool_for(EmbeddedStore(graphs[0]), sample_settings, transient=True) is first  # same date, same pool
    assert first.ready()
    zygote, dump = first._zygote, first.source.path
    second = web.execute.pool_for(EmbeddedStore(graphs[1]), sample_settings, transient=True)
    try:
        assert zygote.wait(timeout=10) is not None and not os.path.exists(dump)  # closed, its dump deleted
        kept = [pool for _graph, pool, transient in web.execute._POOLS.values() if transient]
        assert kept == [second]
        served = web.execute.pool_for(sample_store, sample_settings)
        assert served in [pool for _graph, pool, _t in web.execute._POOLS.values()]  # the served store's pool is never evicted
    finally:
        second.close()


def test_short_queries_skip_the_large_stack_thread(sample_store, monkeypatch) -> None:
    """A short text is evaluated on the worker's own stack (no thread per query); a long one on the large stack."""
    import web.execute

    used = []
    monkeypatch.setattr(web.execute, "with_large_stack", lambda function: used.append(1) or function())
    job = Job(COUNT, RESULT_FORMATS[0], 10, 10_000, RdfDataset())
    assert web.execute.evaluate(sample_store.ox, job)[0] == 200 and used == []
    padded = Job(COUNT + "#" * web.execute.SHORT_QUERY_CHARS, RESULT_FORMATS[0], 10, 10_000, RdfDataset())
    assert web.execute.evaluate(sample_store.ox, padded)[0] == 200 and used == [1]
