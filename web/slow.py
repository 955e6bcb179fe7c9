"""Slow computations (SHACL validation, some analyses) in a background thread, once per key.

A request waits a few seconds; if the result is not ready by then it gets a "still
computing" page (HTTP 202 that refreshes itself) instead of a request that hangs, and
the computation goes on. Results and errors are kept for the life of the app.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable

from flask import Response, render_template

#: Seconds a request waits for a slow result before it answers 202.
WAIT_SECONDS = 8.0


class Pending(Exception):
    """The result is still being computed; :func:`pending_response` renders this."""


@dataclass
class Job:
    result: Any = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)


class SlowResults:
    """Background jobs by key; thread-safe."""

    def __init__(self, wait: float = WAIT_SECONDS) -> None:
        self.wait = wait
        self._jobs: dict[Hashable, Job] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any], wait: float | None | str = "default") -> Any:
        """The result of ``compute()`` for ``key``; raises its error, or :class:`Pending` after ``wait``
        seconds (default: the instance's ``wait``; ``None``: wait as long as it takes)."""
        if wait == "default":
            wait = self.wait
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                job = self._jobs[key] = Job()
                threading.Thread(target=self._run, args=(job, compute), name=f"kg-slow-{key!r}"[:60], daemon=True).start()
        if not job.done.wait(wait):
            raise Pending(str(key))
        if job.error is not None:
            raise job.error
        return job.result

    @staticmethod
    def _run(job: Job, compute: Callable[[], Any]) -> None:
        try:
            job.result = compute()
        except BaseException as exc:  # noqa: BLE001 - handed to the requests that wait for it
            job.error = exc
        finally:
            job.done.set()


def pending_response(title: str) -> Response:
    """HTTP 202: the page refreshes itself until the result is there."""
    response = Response(render_template("pending.html", title=title), 202)
    response.headers["Refresh"] = "5"
    response.headers["Retry-After"] = "5"
    return response
