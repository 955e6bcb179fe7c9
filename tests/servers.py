"""Start and stop real SPARQL servers for tests and benchmarks: Oxigraph server and Virtuoso 7.

Each runs on free loopback ports with its data in a temporary folder and is stopped
(its process, by id) on exit. :func:`start` raises :class:`Unavailable` when the binary is
missing (``scripts/setup.sh --test`` installs both), so callers can skip with the reason.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


class Unavailable(RuntimeError):
    """The server's binary is not installed."""


@dataclass
class Server:
    """A running SPARQL server: its query endpoint and the credentials ``kg load`` needs."""

    name: str
    endpoint: str
    user: str | None = None
    password: str | None = None
    load_args: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server stopped at start (exit {process.returncode}): {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not ready after {seconds:g} s: {log.read_text(errors='replace')[-2000:]}")


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


@contextmanager
def start(name: str, folder: Path, ready_seconds: float = 120) -> Iterator[Server]:
    """Run server ``name`` ("oxigraph" or "virtuoso") with its data in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "server.log"
    port = free_port()
    if name == "oxigraph":
        binary = oxigraph_binary()
        if not binary:
            raise Unavailable("oxigraph (PyPI package 'oxigraph') is not installed")
        command = [binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"]
        server = Server(name, f"http://127.0.0.1:{port}/query")
    elif name == "virtuoso":
        binary = shutil.which("virtuoso-t")
        if not binary:
            raise Unavailable("virtuoso-t (Debian package 'virtuoso-opensource-7-bin') is not installed")
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(d=folder, sql=free_port(), http=port), encoding="utf-8")
        command = [binary, "+foreground", "+configfile", str(ini)]
        server = Server(name, f"http://127.0.0.1:{port}/sparql", "dba", "dba", ["--user", "dba", "--password", "dba"])
    else:
        raise ValueError(name)
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait(f"{server.endpoint}?query=ASK%7B%7D", process, ready_seconds, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
