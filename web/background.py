"""Run the app on a free local port in a background thread (browser tests, screenshots).

Also the one place that says how those drive Chromium: Debian's binary, headless, offline.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class RequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without the ``Server: Werkzeug/… Python/…`` version banner."""

    def version_string(self) -> str:
        return "kg"


@contextmanager
def background_server(app: Flask, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``app`` on ``host`` and a free port; yields the base URL, shuts down on exit."""
    server = make_server(host, 0, app, threaded=True, request_handler=RequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="kg-web", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
