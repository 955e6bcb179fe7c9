"""The production HTTP server behind ``kg serve``: gunicorn, several processes with threads.

Why gunicorn (not waitress): it runs several worker processes, so page rendering (pure
Python, bound to one core per process by the GIL) uses every core, and it restarts a
worker that dies. The app is built once, before the fork, so the graph snapshot and
indexes are shared copy-on-write; each process starts its own query worker pool
(:mod:`web.pool`) right after the fork. Flask's development server is only for ``--debug``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.http import wsgi

from web.execute import warm_up
from web.state import KgState


class _QuietResponse(wsgi.Response):
    """gunicorn's response without its ``Server: gunicorn`` line: no banner telling a prober what runs here.

    gunicorn has no setting for it; it builds every response through ``wsgi.Response``.
    """

    def default_headers(self) -> list[str]:
        return [line for line in super().default_headers() if not line.lower().startswith("server:")]


wsgi.Response = _QuietResponse


class _Gunicorn(BaseApplication):
    """gunicorn configured from a dict instead of its command line."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.app, self.options = app, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.app


def serve_forever(app: Flask, host: str, port: int, workers: int, threads: int) -> None:
    """Serve ``app`` on ``host:port`` with ``workers`` processes of ``threads`` threads until stopped."""
    state: KgState = app.extensions["kg"]

    def post_fork(_server: Any, _worker: Any) -> None:
        warm_up(state.store, state.settings)

    _Gunicorn(app, {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "post_fork": post_fork,
        "graceful_timeout": 5,
        "loglevel": "warning",
    }).run()
