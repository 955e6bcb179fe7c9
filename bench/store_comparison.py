"""Compare the embedded store candidates on our data: rdflib (in memory) vs pyoxigraph.

Measures load time and query time on the built graph and on a synthetic copy that is
N times larger (every IRI of ours is copied with a suffix, so joins stay realistic).
rdflib queries run in a child process with a time limit, so a slow query is reported
as "> limit" instead of stalling the benchmark.

    python bench/store_comparison.py [--copies 10] [--limit 60] [--out bench/results.md]

``--out`` replaces this benchmark's section of the file, not the other benchmarks' results.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.build import ensure_built
from kg.config import load_settings
from kg.namespaces import ID_BASE
from kg.query import load_query

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section  # noqa: E402 - bench/ is not a package

QUERIES = [
    ("class counts (aggregate)", "lookup/class-counts"),
    ("scenario counts (optional joins + aggregate)", "lookup/scenario-counts"),
    ("provisions with BWB id (property path)", "checks/provisions"),
    ("unsourced statements (VALUES + MINUS)", "checks/unsourced-statements"),
]


def synthetic_copy(source: Path, copies: int, target: Path) -> int:
    """Write ``copies`` renamed copies of every quad whose IRIs are ours; return the line count."""
    lines = source.read_text(encoding="utf-8").splitlines()
    n = 0
    with target.open("w", encoding="utf-8") as out:
        for i in range(copies):
            suffix = f"-copy{i}" if i else ""
            for line in lines:
                if suffix:
                    line = line.replace(f"<{ID_BASE}", f"<{ID_BASE}copy{i}/")
                out.write(line + "\n")
                n += 1
    return n


def time_oxigraph(path: Path) -> tuple[float, dict[str, float]]:
    start = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    load = time.perf_counter() - start
    times = {}
    for title, name in QUERIES:
        start = time.perf_counter()
        list(store.query(load_query(name).text, use_default_graph_as_union=True))
        times[title] = time.perf_counter() - start
    return load, times


def _rdflib_query(path: str, text: str, conn) -> None:  # runs in a child process
    ds = Dataset(default_union=True)
    ds.parse(path, format="nquads")
    start = time.perf_counter()
    list(ds.query(text))
    conn.send(time.perf_counter() - start)


def time_rdflib(path: Path, limit: float) -> tuple[float, dict[str, float | None]]:
    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(str(path), format="nquads")
    load = time.perf_counter() - start
    times: dict[str, float | None] = {}
    ctx = mp.get_context("fork")
    for title, name in QUERIES:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_rdflib_query, args=(str(path), load_query(name).text, child))
        proc.start()
        proc.join(limit + load + 5)
        if proc.is_alive():
            proc.kill()
            times[title] = None
        else:
            times[title] = parent.recv() if parent.poll() else None
    return load, times


def fmt(seconds: float | None, limit: float) -> str:
    return f"> {limit:.0f} s" if seconds is None else f"{seconds * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="size of the synthetic graph, in copies of ours")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds an rdflib query may run")
    parser.add_argument("--out", type=Path, help="also write the Markdown table to this file")
    args = parser.parse_args()

    built = ensure_built(load_settings())
    report = [f"Store comparison on {platform.machine()}, Python {platform.python_version()}, "
              f"{time.strftime('%Y-%m-%d')}\n"]
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.nq"
        n_big = synthetic_copy(built, args.copies, big)
        n_real = sum(1 for _ in built.open(encoding="utf-8"))
        for label, path, n in [("our data", built, n_real), (f"{args.copies}× synthetic", big, n_big)]:
            print(f"measuring {label} ({n} quads) …", file=sys.stderr)
            ox_load, ox_times = time_oxigraph(path)
            rd_load, rd_times = time_rdflib(path, args.limit)
            report.append(f"\n### {label}: {n} quads\n\n| measurement | pyoxigraph | rdflib |\n|---|---|---|")
            report.append(f"| load | {fmt(ox_load, args.limit)} | {fmt(rd_load, args.limit)} |")
            for title, _ in QUERIES:
                report.append(f"| {title} | {fmt(ox_times[title], args.limit)} | {fmt(rd_times[title], args.limit)} |")
    text = "\n".join(report) + "\n"
    print(text)
    if args.out:
        write_section("store_comparison", text, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
