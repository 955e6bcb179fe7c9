"""Slow computations (SHACL validation, some analyses) in a background thread, once per key.

A request waits a few seconds; if the result is not ready by then it gets a "still
computing" page (HTTP 202 that refreshes itself) instead of a request that hangs, and
the computation goes on.

Bounded, because the keys come from URLs (a report's ``?scenario=`` and the like):
at most :data:`MAX_RESULTS` results are kept (least recently used go first); an error
is handed to the requests waiting for it and then forgotten, without its traceback
(whose frames held the analysis data: +222 MB per 3,000 failing URLs); at most
:data:`MAX_RUNNING` computations run at once and :data:`MAX_PENDING` wait, beyond that a
request is told to come back (:class:`Busy`). A computation that needs another slow result
(a report needs the analysis facts) gives up its place while it waits for it: otherwise two
reports waiting for the facts would hold both places, and the facts would never start.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable

from flask import Response, render_template

#: Seconds a request waits for a slow result before it answers 202.
WAIT_SECONDS = 8.0
#: Finished results kept; the least recently used is dropped first.
MAX_RESULTS = 128
#: Computations running at once (each is CPU-bound: more would only slow them all).
MAX_RUNNING = 2
#: Computations started or waiting to start; a request for another gets :class:`Busy`.
MAX_PENDING = 32


class Pending(Exception):
    """The result is still being computed; :func:`pending_response` renders this."""


class Busy(Pending):
    """Too many computations waiting: nothing was started, the client should come back later."""


@dataclass
class Job:
    result: Any = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)


class SlowResults:
    """Background jobs by key; thread-safe."""

    def __init__(self, wait: float = WAIT_SECONDS, running: int = MAX_RUNNING) -> None:
        self.wait = wait
        self._jobs: OrderedDict[Hashable, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._running = threading.BoundedSemaphore(running)
        self._pending = 0
        self._inside = threading.local()  # .job is set in a thread that holds a running place

    def get(self, key: Hashable, compute: Callable[[], Any], wait: float | None | str = "default") -> Any:
        """The result of ``compute()`` for ``key``; raises its error, or :class:`Pending` after ``wait``
        seconds (default: the instance's ``wait``; ``None``: wait as long as it takes), or
        :class:`Busy` when too many computations are waiting already."""
        if wait == "default":
            wait = self.wait
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                if self._pending >= MAX_PENDING:
                    raise Busy(str(key))
                job = self._jobs[key] = Job()
                self._pending += 1
                threading.Thread(target=self._run, args=(key, job, compute), name=f"kg-slow-{key!r}"[:60], daemon=True).start()
            else:
                self._jobs.move_to_end(key)
        if not self._wait_for(job, wait):
            raise Pending(str(key))
        if job.error is not None:
            raise job.error
        return job.result

    def __len__(self) -> int:
        """Jobs kept (running, waiting or finished)."""
        return len(self._jobs)

    def _wait_for(self, job: Job, wait: float | None) -> bool:
        """Wait for ``job``; a computation that waits for another one lends it its running place."""
        if not getattr(self._inside, "job", False):
            return job.done.wait(wait)
        self._running.release()
        try:
            return job.done.wait(wait)
        finally:
            self._running.acquire()

    def _run(self, key: Hashable, job: Job, compute: Callable[[], Any]) -> None:
        try:
            with self._running:
                self._inside.job = True
                job.result = compute()
        except BaseException as exc:  # noqa: BLE001 - handed to the requests that wait for it
            job.error = _without_traceback(exc)
        finally:
            with self._lock:
                self._pending -= 1
                if job.error is not None and self._jobs.get(key) is job:
                    del self._jobs[key]  # the waiting requests have the job; a later one tries again
                self._trim()
            job.done.set()

    def _trim(self) -> None:
        """Drop the least recently used finished results beyond :data:`MAX_RESULTS` (lock held)."""
        finished = [k for k, j in self._jobs.items() if j.done.is_set()]
        for key in finished[: max(0, len(finished) - MAX_RESULTS)]:
            del self._jobs[key]


def _without_traceback(exc: BaseException) -> BaseException:
    """``exc`` and the exceptions it chains, without their tracebacks (and so without their frames)."""
    chained: BaseException | None = exc
    done: set[int] = set()
    while chained is not None and id(chained) not in done:
        done.add(id(chained))
        chained.__traceback__ = None
        chained = chained.__cause__ or chained.__context__
    return exc


def pending_response(title: str) -> Response:
    """HTTP 202: the page refreshes itself until the result is there."""
    response = Response(render_template("pending.html", title=title), 202)
    response.headers["Refresh"] = "5"
    response.headers["Retry-After"] = "5"
    return response
