"""How each step grows with the graph: synthetic copies of the curated data at 1×, 10×, 100×, ….

Copy k (k ≥ 1) of every data file renames every IRI of ours (``id:…`` → ``id:c{k}/…``)
except the scenarios, so each scenario holds k+1 times the organisations, tasks, positions,
assignments, transfers and provisions, joined exactly as in the original (same shape). Each
step runs as the user runs it — a ``kg`` command in a fresh process (so imports and opening
the store count) — with a time limit; a step over the limit is reported as "> limit".

Measured per size, on the embedded store: cold build, no-op build, validate, every analysis,
``kg where``, a lookup (one entity's triples, ``kg query``), the web app's start (time until
ready and its RSS), a report page and a search. With ``--servers``: the same analyses and the
lookup against Oxigraph server (loaded by ``kg load``), and load + lookup on Virtuoso 7.

    python bench/scale.py --copies 1,10 --limit 300 [--servers] [--out bench/scale-results.json]

The numbers, the growth curve and the extrapolation are written up in bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.namespaces import ID_BASE  # noqa: E402

KG = [sys.executable, "-m", "kg"]
SCENARIO = "toekomstscenario-2021"
ANALYSES = {
    "overlaps": ["overlaps", "-s", "huidig"],
    "gaps": ["gaps", "-s", SCENARIO],
    "inherit": ["inherit", "-s", SCENARIO],
    "diff": ["diff", SCENARIO, "ontwikkelrichting-2024"],
    "relay": ["relay"],
    "conflicts": ["conflicts", "-s", SCENARIO, "--no-reasoner"],
    "where": ["where", "--gemeente", "GM0363"],
}
LOOKUP = "SELECT ?p ?o WHERE { <https://w3id.org/kgb/id/org/raad-voor-de-kinderbescherming> ?p ?o }"
WEB_PROBE = """
import resource, sys, time
start = time.perf_counter()
from web import create_app
client = create_app({"TESTING": True}).test_client()
ready = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
timings = {}
for name, url in [("report page", "/rapporten/overlap?scenario=huidig"), ("search", "/zoeken?q=jeugdreclassering")]:
    t = time.perf_counter(); status = client.get(url).status_code; timings[name] = time.perf_counter() - t
    assert status == 200, (url, status)
print(ready, rss, timings["report page"], timings["search"])
"""


def synthetic_data(copies: int, target: Path) -> int:
    """The curated data plus ``copies - 1`` renamed copies in ``target``; returns the triple count."""
    shutil.copytree(ROOT / "data", target)
    scenario_base = f"{ID_BASE}scenario/"
    total = 0
    for path in sorted((ROOT / "data").rglob("*.ttl")):
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        total += len(triples) * copies
        for k in range(1, copies):
            def rename(term):
                if isinstance(term, ox.NamedNode) and term.value.startswith(ID_BASE) and not term.value.startswith(scenario_base):
                    return ox.NamedNode(f"{ID_BASE}c{k}/{term.value[len(ID_BASE):]}")
                return term
            out = target / f"copy{k}" / path.relative_to(ROOT / "data")
            out.parent.mkdir(parents=True, exist_ok=True)
            renamed = [ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in triples]
            out.write_bytes(ox.serialize(renamed, format=ox.RdfFormat.N_TRIPLES))
    return total


def run(args: list[str], env: dict[str, str], limit: float) -> float | None:
    """Seconds a ``kg`` command took, or None when it ran over ``limit`` (or failed: then it says so)."""
    start = time.perf_counter()
    try:
        done = subprocess.run(KG + args, env=env, cwd=ROOT, capture_output=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode not in (0, 1):  # validate exits 1 on violations: still a measurement
        print(f"  ! kg {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-400:]}", file=sys.stderr)
        return None
    return time.perf_counter() - start


def measure(copies: int, limit: float, servers: bool, work: Path) -> dict:
    data = work / f"data-{copies}"
    triples = synthetic_data(copies, data)
    env = {**os.environ, "KG_DATA": str(data), "KG_BUILD": str(work / f"build-{copies}")}
    row: dict = {"copies": copies, "source triples": triples}
    say = lambda name, value: (row.__setitem__(name, value),  # noqa: E731
                               print(f"{copies}× {name}: {'> limit' if value is None else f'{value:.2f}'}", file=sys.stderr))
    say("build", run(["build", "-q", "--force"], env, limit))
    manifest = json.loads((work / f"build-{copies}" / "manifest.json").read_text())
    row["quads"] = manifest["report"]["quads"]
    say("no-op build", run(["build", "-q"], env, limit))
    say("validate", run(["validate"], env, limit))
    for name, args in ANALYSES.items():
        say(name, run(args, env, limit))
    say("lookup", run(["query", LOOKUP], env, limit))
    try:
        probe = subprocess.run([sys.executable, "-c", WEB_PROBE], env=env, cwd=ROOT, capture_output=True, timeout=limit, check=True)
        ready, rss, page, search = map(float, probe.stdout.split())
        row.update({"web ready": ready, "web RSS MB": rss, "report page": page, "search": search})
        print(f"{copies}× web: ready {ready:.2f} s, {rss:.0f} MB, page {page:.3f} s, search {search:.3f} s", file=sys.stderr)
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as exc:
        print(f"  ! web probe: {exc}", file=sys.stderr)
    if servers:
        from tests.servers import Unavailable, start

        for engine in ("oxigraph", "virtuoso"):
            try:
                with start(engine, work / f"{engine}-{copies}") as server:
                    remote = {**env, "KG_BACKEND": "sparql", "KG_ENDPOINT": server.endpoint, "KG_QUERY_TIMEOUT": str(limit)}
                    say(f"{engine} load", run(["--endpoint", server.endpoint, "load", *server.load_args], env, limit))
                    say(f"{engine} lookup", run(["query", LOOKUP], remote, limit))
                    if engine == "oxigraph":  # Virtuoso answers some analysis queries wrongly (kg.engines)
                        for name in ("overlaps", "gaps", "inherit"):
                            say(f"{engine} {name}", run(ANALYSES[name], remote, limit))
            except Unavailable as exc:
                print(f"  ! {engine}: {exc}", file=sys.stderr)
    return row


def markdown(rows: list[dict]) -> str:
    """The results as a Markdown table: one row per step, one column per size."""
    steps = [k for k in rows[0] if k != "copies"]
    for row in rows[1:]:
        steps += [k for k in row if k not in steps]
    lines = ["| step | " + " | ".join(f"{r['copies']}×" for r in rows) + " |", "|---|" + "---|" * len(rows)]
    for step in steps:
        cells = []
        for row in rows:
            value = row.get(step, "—")
            cells.append("> limit" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value))
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", default="1,10", help="comma-separated sizes (default 1,10)")
    parser.add_argument("--limit", type=float, default=300, help="seconds per step (default 300)")
    parser.add_argument("--servers", action="store_true", help="also Oxigraph server and Virtuoso 7")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "scale-results.json")
    parser.add_argument("--table", type=Path, metavar="JSON", help="only print the Markdown table of an earlier run")
    options = parser.parse_args()
    if options.table:
        print(markdown(json.loads(options.table.read_text(encoding="utf-8"))["rows"]), end="")
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        for copies in (int(c) for c in options.copies.split(",")):
            rows.append(measure(copies, options.limit, options.servers, Path(tmp)))
            options.out.write_text(json.dumps({"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
                                               f"{platform.python_version()}", "limit": options.limit, "rows": rows},
                                              indent=1), encoding="utf-8")
    print(f"written: {options.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
