"""The product's SPARQL endpoint vs a minimal Flask endpoint over pyoxigraph and over rdflib, under load.

Three servers on loopback, each started here on the built graph: ``kg serve`` (the
product), ``bench/minimal_endpoint.py oxigraph`` and ``bench/minimal_endpoint.py rdflib``.
For every query (lookups, a join, GROUP BY, a property path, three competency questions)
and every number of clients (threads, each sending one request after the other on a new
connection) the load runs for ``--seconds``; reported are requests per second, the median
and the 99th percentile latency, and errors. Loopback only; every loop is bounded in time.

    python bench/endpoint.py [--seconds 3] [--clients 1,4,16] [--workers 2] [--out]
    python bench/endpoint.py --product-source DIR   # the product as checked out in DIR (before/after)

Targets (a benchmark, not a test): the product serves ≥ 70 % of the minimal pyoxigraph
endpoint's lookups per second and ≥ 10× the rdflib endpoint's on the competency
questions, with p99 < 50 ms for lookups at 16 clients.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from kg.build import ensure_built
from kg.config import load_settings
from kg.query import load_query
from web.pool import cpu_seconds

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from report import write_section  # noqa: E402 - bench/ is not a package

RAAD = "<https://w3id.org/kgb/id/org/raad-voor-de-kinderbescherming>"
PREFIXES = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX kgb: <https://w3id.org/kgb/def#>\n"
#: (name, kind, query); kind "lookup" and "cq" feed the targets.
QUERIES = [
    ("lookup: label of one IRI", "lookup",
     PREFIXES + f"SELECT ?label WHERE {{ {RAAD} rdfs:label ?label }} LIMIT 1"),
    ("lookup: type of one IRI", "lookup",
     PREFIXES + f"SELECT ?type WHERE {{ {RAAD} a ?type }} LIMIT 1"),
    ("join: positions with holder and label", "other",
     PREFIXES + "SELECT ?position ?org ?label WHERE { ?a kgb:assignedPosition ?position ; kgb:assignee ?org . "
                "?org rdfs:label ?label } LIMIT 100"),
    ("GROUP BY: instances per class", "other", load_query("lookup/class-counts").text),
    ("property path: subclasses of Organisation", "other",
     PREFIXES + "SELECT ?o ?label WHERE { ?o a/rdfs:subClassOf* kgb:Organisation ; rdfs:label ?label }"),
    ("CQ 05: RvdK positions today", "cq", load_query("cq/05-rvdk-positions-today").text),
    ("CQ 11: kerntaak holders per scenario", "cq", load_query("cq/11-kerntaak-holders-per-scenario").text),
    ("CQ 16: cited provisions with JCI", "cq", load_query("cq/16-cited-provisions-with-jci").text),
]
SERVERS = ("product", "minimal pyoxigraph", "minimal rdflib")


@dataclass
class Cell:
    """The outcome of one (server, query, clients) run."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    rows: int | None = None

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_servers(args: argparse.Namespace, settings, graph: Path) -> dict[str, tuple[subprocess.Popen, int]]:
    """Start the three servers; returns name → (process, port)."""
    servers = {}
    env = dict(os.environ)
    if args.product_source:
        env["PYTHONPATH"] = str(Path(args.product_source).resolve())
    product = [sys.executable, "-m", "kg", "--build-dir", str(settings.build_dir), "serve", "--no-build"]
    if not args.product_source:
        product += ["--workers", str(args.workers)]
    commands = {
        "product": (product, env),
        "minimal pyoxigraph": ([sys.executable, str(HERE / "minimal_endpoint.py"), "oxigraph", str(graph)], os.environ),
        "minimal rdflib": ([sys.executable, str(HERE / "minimal_endpoint.py"), "rdflib", str(graph)], os.environ),
    }
    for name, (command, environment) in commands.items():
        port = free_port()
        command = command + (["--port", str(port)] if name == "product" else [str(port)])
        cwd = args.product_source if name == "product" and args.product_source else None  # `-m kg` imports from the cwd first
        servers[name] = (subprocess.Popen(command, env=environment, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), port)
    for name, (process, port) in servers.items():
        deadline = time.monotonic() + 120
        while request(port, "ASK { }")[0] != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{name} did not start")
            time.sleep(0.2)
    wait_until_idle(servers["product"][0].pid)
    return servers


def wait_until_idle(pid: int, limit: float = 300.0) -> None:
    """Wait (at most ``limit`` s) until ``kg serve``'s main process has finished its warm-up of the pages:
    measured is the endpoint's steady state, not its first minutes next to the warm-up's computations."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(2)
        if cpu_seconds(pid) - before < 0.1:
            return
    print("warning: the product was still warming up", file=sys.stderr)


def request(port: int, query: str, timeout: float = 60.0) -> tuple[int, bytes]:
    """One GET /sparql on a new connection; (status, body), status 0 for a connection failure."""
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        connection.close()


def load(port: int, query: str, clients: int, seconds: float) -> Cell:
    """``clients`` threads send ``query`` one after the other for ``seconds``."""
    cell = Cell()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            start = time.perf_counter()
            status, _ = request(port, query)
            elapsed = time.perf_counter() - start
            with lock:
                if status == 200:
                    cell.latencies.append(elapsed)
                else:
                    cell.errors += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cell.seconds = time.monotonic() - start
    return cell


def row_count(port: int, query: str) -> int | None:
    status, body = request(port, query)
    return len(json.loads(body)["results"]["bindings"]) if status == 200 else None


def ms(seconds: float) -> str:
    return "–" if seconds != seconds else f"{seconds * 1000:.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="load duration per query and number of clients")
    parser.add_argument("--clients", default="1,4,16", help="numbers of concurrent clients, comma-separated")
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    parser.add_argument("--product-source", help="run the product from this checkout (e.g. an older commit)")
    parser.add_argument("--out", action="store_true", help="write the results into bench/results.md")
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]

    settings = load_settings()
    graph = ensure_built(settings)
    servers = start_servers(args, settings, graph)
    cells: dict[tuple[str, str, int], Cell] = {}
    try:
        for name, _kind, query in QUERIES:
            rows = {server: row_count(port, query) for server, (_p, port) in servers.items()}
            if len({r for r in rows.values() if r is not None}) > 1:
                print(f"warning: {name}: the servers disagree on the row count: {rows}", file=sys.stderr)
            for n in clients:
                for server, (_process, port) in servers.items():
                    print(f"{name} · {n} clients · {server} …", file=sys.stderr)
                    cell = cells[server, name, n] = load(port, query, n, args.seconds)
                    cell.rows = rows[server]
    finally:
        for process, _port in servers.values():
            process.terminate()
            process.wait(timeout=30)

    source = f" (product from {args.product_source})" if args.product_source else f" (kg serve --workers {args.workers})"
    lines = [f"## SPARQL endpoint under load{source}",
             "",
             f"`python bench/endpoint.py --seconds {args.seconds:g} --clients {args.clients}` on {platform.machine()}, "
             f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.0f} at the end), Python {platform.python_version()}, "
             f"{time.strftime('%Y-%m-%d %H:%M')}; "
             f"requests/s, p50 / p99 latency in ms, errors (non-200).",
             "",
             "| query | clients | " + " | ".join(f"{s} req/s | p50 / p99 | err" for s in SERVERS) + " |",
             "|---|---:|" + "---:|---:|---:|" * len(SERVERS)]
    for name, _kind, _query in QUERIES:
        for n in clients:
            row = [name, str(n)]
            for server in SERVERS:
                cell = cells[server, name, n]
                row += [f"{cell.rate:.0f}" if cell.rate >= 10 else f"{cell.rate:.1f}",
                        f"{ms(cell.percentile(50))} / {ms(cell.percentile(99))}", str(cell.errors)]
            lines.append("| " + " | ".join(row) + " |")
    lines += ["", "Targets:", ""]
    lines += targets(cells, clients)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        write_section("endpoint" + ("-before" if args.product_source else ""), text)
    return 0


def targets(cells: dict[tuple[str, str, int], Cell], clients: list[int]) -> list[str]:
    """The three targets, each with the measured figure and whether it is met."""
    def total(server: str, kind: str, n: int) -> float:
        return sum(cells[server, name, n].rate for name, k, _q in QUERIES if k == kind)

    out = []
    for n in clients:
        ratio = total("product", "lookup", n) / max(total("minimal pyoxigraph", "lookup", n), 1e-9)
        out.append(f"- lookups at {n} clients: product {ratio:.0%} of the minimal pyoxigraph endpoint "
                   f"(target ≥ 70 %: {'met' if ratio >= 0.7 else 'NOT met'})")
    for n in clients:
        ratio = total("product", "cq", n) / max(total("minimal rdflib", "cq", n), 1e-9)
        out.append(f"- competency questions at {n} clients: product {ratio:.0f}× the rdflib endpoint "
                   f"(target ≥ 10×: {'met' if ratio >= 10 else 'NOT met'})")
    if 16 in clients:
        worst = max(cells["product", name, 16].percentile(99) for name, k, _q in QUERIES if k == "lookup")
        out.append(f"- lookup p99 at 16 clients: {ms(worst)} ms (target < 50 ms: {'met' if worst < 0.05 else 'NOT met'})")
    return out


if __name__ == "__main__":
    sys.exit(main())
