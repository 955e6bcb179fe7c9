"""A TCP listener on 127.0.0.1 that must receive nothing: the target of every SSRF probe in the tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Listener:
    """Counts connections to ``url``; ``wait_quiet()`` gives late ones a moment to arrive."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(128)
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/secret"
        self.connections = 0
        threading.Thread(target=self._accept, name="ssrf-listener", daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._socket.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def wait_quiet(self) -> int:
        """The number of connections so far, after a short pause for any still on their way."""
        time.sleep(0.2)
        return self.connections

    def close(self) -> None:
        self._socket.close()


@contextmanager
def listener() -> Iterator[Listener]:
    probe = Listener()
    try:
        yield probe
    finally:
        probe.close()
