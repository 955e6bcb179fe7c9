"""Soak: many clients for a minute, one query in twenty too slow; no other errors, memory stable.

Starts ``kg serve`` on the built graph (loopback) with a short time limit and lets
``--clients`` threads send requests one after the other for ``--seconds``: every
twentieth request is a query that never finishes in time (it must get 503), the others
are lookups and competency questions (they must all get 200). Every second the memory
of the server's whole process tree (gunicorn, query zygotes and workers) is sampled as
PSS (resident memory with pages shared by several processes split between them, so the
copy-on-write store of forked workers is not counted once per worker) once the first
``--warmup`` seconds of load have passed; the mean of the first and the last tenth of the
samples must be within 10 %.

    python bench/soak.py [--clients 50] [--seconds 60] [--warmup 10] [--timeout 2] [--out]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from kg.build import ensure_built
from kg.config import load_settings
from kg.query import load_query

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from endpoint import QUERIES, free_port, request  # noqa: E402 - bench/ is not a package
from report import write_section  # noqa: E402

#: A cross product of the graph with itself four times: never finishes within the limit.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FAST = [query for _name, kind, query in QUERIES if kind in ("lookup", "cq")] + [load_query("cq/02-kerntaken-with-several-holders-today").text]


def tree_memory(root: int) -> tuple[int, int]:
    """(proportional set size in bytes, process count) of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    children.setdefault(int(stat.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
            except OSError:
                continue
    total, count, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                total += next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
            count += 1
        except (OSError, StopIteration):
            pass
        todo += children.get(pid, [])
    return total, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0, help="measured load, after the warm-up")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of load before memory is sampled")
    parser.add_argument("--timeout", type=float, default=2.0, help="KG_QUERY_TIMEOUT of the server")
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    parser.add_argument("--out", action="store_true", help="write the results into bench/results.md")
    args = parser.parse_args()

    settings = load_settings()
    ensure_built(settings)
    port = free_port()
    env = dict(os.environ, KG_QUERY_TIMEOUT=str(args.timeout), KG_MAX_QUERIES=str(args.clients))
    server = subprocess.Popen([sys.executable, "-m", "kg", "--build-dir", str(settings.build_dir), "serve", "--no-build",
                               "--port", str(port), "--workers", str(args.workers), "--threads", str(args.clients)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    outcomes: Counter[tuple[str, int]] = Counter()
    reasons: Counter[str] = Counter()
    slow_latency: list[float] = []
    fast_latency: list[float] = []
    samples: list[tuple[float, int, int]] = []
    lock = threading.Lock()
    try:
        deadline = time.monotonic() + 120
        while request(port, "ASK { }")[0] != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        for query in FAST * 4:  # warm up every server process's pool
            request(port, query)
        start = time.monotonic() + args.warmup
        stop = start + args.seconds

        def client(number: int) -> None:
            i = number  # clients start at different points of the cycle
            while time.monotonic() < stop:
                slow = i % 20 == 0
                query = SLOW if slow else FAST[i % len(FAST)]
                began = time.perf_counter()
                status, body = request(port, query, timeout=args.timeout * 10)
                elapsed = time.perf_counter() - began
                with lock:
                    outcomes["slow" if slow else "fast", status] += 1
                    if not slow and status != 200:
                        reasons[body.decode("utf-8", "replace")[:40] or "no answer"] += 1
                    (slow_latency if slow else fast_latency).append(elapsed)
                i += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for thread in threads:
            thread.start()
        time.sleep(args.warmup)
        while time.monotonic() < stop:
            rss, processes = tree_memory(server.pid)
            samples.append((time.monotonic() - start, rss, processes))
            time.sleep(1)
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - start + args.warmup
    finally:
        server.terminate()
        server.wait(timeout=30)

    errors = sum(n for (kind, status), n in outcomes.items() if (kind, status) not in (("fast", 200), ("slow", 503)))
    tenth = max(1, len(samples) // 10)
    first = sum(s[1] for s in samples[:tenth]) / tenth
    last = sum(s[1] for s in samples[-tenth:]) / tenth
    growth = last / first - 1
    fast_latency.sort()
    lines = [
        f"## Soak: {args.clients} clients, one query in twenty too slow",
        "",
        f"`python bench/soak.py --clients {args.clients} --seconds {args.seconds:g} --warmup {args.warmup:g} --timeout {args.timeout:g} "
        f"--workers {args.workers}` on {platform.machine()}, {os.cpu_count()} cores, load average at the end "
        f"{os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        "| what | result |",
        "|---|---|",
        f"| requests (warm-up included) | {sum(outcomes.values())} in {elapsed:.0f} s ({sum(outcomes.values()) / elapsed:.0f}/s) |",
        f"| short queries | {outcomes['fast', 200]} × 200, other: {_others(outcomes, 'fast', 200)} |",
        f"| slow queries | {outcomes['slow', 503]} × 503, other: {_others(outcomes, 'slow', 503)} |",
        f"| short queries' latency p50 / p99 | {_ms(fast_latency, 50)} / {_ms(fast_latency, 99)} ms |",
        f"| errors (other than the slow queries' 503) | {errors} |",
        f"| short queries' errors by message | {'; '.join(f'{n} × {text!r}' for text, n in reasons.most_common(3)) or 'none'} |",
        f"| server tree memory (PSS), first → last tenth | {first / 2**20:.0f} → {last / 2**20:.0f} MB ({growth:+.1%}); "
        f"{samples[0][2]}–{max(s[2] for s in samples)} processes |",
        "",
        f"Criteria: 0 errors other than the slow queries' 503 — {'met' if errors == 0 else 'NOT met'}; "
        f"memory stable within 10 % — {'met' if abs(growth) <= 0.10 else 'NOT met'}.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        write_section("soak", text)
    return 0 if errors == 0 and abs(growth) <= 0.10 else 1


def _others(outcomes: Counter[tuple[str, int]], kind: str, expected: int) -> str:
    other = {status: n for (k, status), n in outcomes.items() if k == kind and status != expected}
    return ", ".join(f"{n} × {status or 'no answer'}" for status, n in sorted(other.items())) or "none"


def _ms(ordered: list[float], p: float) -> str:
    return f"{ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000:.0f}" if ordered else "–"


if __name__ == "__main__":
    sys.exit(main())
