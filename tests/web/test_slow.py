"""web.slow: background results stay bounded whatever keys the URLs bring."""

from __future__ import annotations

import threading

import pytest

import web.slow
from web.slow import Busy, Pending, SlowResults


def fail() -> None:
    big = bytearray(10_000_000)  # held by the frame: a kept traceback would keep it too
    raise ValueError(f"onbekend scenario ({len(big)})")


def test_errors_reach_the_waiting_request_and_are_then_forgotten() -> None:
    slow = SlowResults()
    for i in range(50):
        with pytest.raises(ValueError) as raised:
            slow.get(("report", i), fail, wait=None)
        assert "fail" not in {entry.name for entry in raised.traceback}, "the computation's frames are gone"
    assert len(slow) == 0


def test_results_are_bounded_least_recently_used_first(monkeypatch) -> None:
    monkeypatch.setattr(web.slow, "MAX_RESULTS", 5)
    slow = SlowResults()
    for i in range(20):
        assert slow.get(i, lambda i=i: i * i, wait=None) == i * i
        slow.get(0, lambda: -1, wait=None)  # key 0 stays recently used
    assert len(slow) <= 6
    assert slow.get(0, lambda: -1, wait=None) == 0  # still the first result, not recomputed


def test_too_many_pending_computations_are_refused(monkeypatch) -> None:
    monkeypatch.setattr(web.slow, "MAX_PENDING", 3)
    release = threading.Event()
    slow = SlowResults()
    for i in range(3):
        with pytest.raises(Pending):
            slow.get(i, release.wait, wait=0)
    with pytest.raises(Busy):
        slow.get("one more", release.wait, wait=0)
    release.set()
    assert slow.get(0, release.wait, wait=None) is True


def test_computations_waiting_for_a_shared_one_do_not_hold_every_place() -> None:
    """Two reports that both need the facts hold both running places; the facts must still be computed."""
    slow = SlowResults(running=2)
    both_running = threading.Barrier(2, timeout=10)

    def report(name: str) -> str:
        both_running.wait()  # both places are taken before either asks for the facts
        return name + ":" + slow.get("facts", lambda: "feiten", wait=20)

    for name in ("conflicten", "wijzigingen"):
        with pytest.raises(Pending):
            slow.get(name, lambda name=name: report(name), wait=0)
    assert slow.get("conflicten", lambda: None, wait=20) == "conflicten:feiten"
    assert slow.get("wijzigingen", lambda: None, wait=20) == "wijzigingen:feiten"
