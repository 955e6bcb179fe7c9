"""How fast every page a visitor can reach answers once the app has started (issue 13: within 1 s).

Starts the app on the built graph, waits for the start-up computations (validation and the
reports, :mod:`web.warmup`), then requests every internal page within ``--depth`` clicks of
the home page (as the link crawl in tests/web/test_ux.py finds them, query links excluded),
and every page a form leads to (each report for each scenario or pair, the tensions per
scenario, the region map by each kerntaak in each scenario, every page of a long report),
and reports the slowest per kind of page. A measurement, not a test: run it on the machine
class you care about (set ``KG_BOUNDARIES`` to include the map).

    KG_BOUNDARIES=../shared/regions/nl-vr-gm-2023.topo.json python bench/pages.py [--depth 2] [--limit 1.0] [--out FILE]
"""

from __future__ import annotations

import argparse
import html
import platform
import re
import statistics
import time
import urllib.parse
from pathlib import Path

from kg.build import ensure_built
from kg.config import load_settings
from kg.store import EmbeddedStore
from web import create_app
from web.warmup import EXTENSION

HREF = re.compile(r'<a\s[^>]*?href="([^"#]*)(?:#[^"]*)?"')


def crawl(client, depth: int) -> dict[str, float]:
    """Seconds per page, breadth first from the home page."""
    level, times = {"/": 0}, {}
    frontier = ["/"]
    while frontier:
        url = frontier.pop(0)
        if url.startswith("/sparql?"):
            continue
        start = time.perf_counter()
        response = client.get(url, headers={"Accept": "text/html"})
        times[url] = time.perf_counter() - start
        if level[url] >= depth or "html" not in response.content_type:
            continue
        for href in HREF.findall(response.get_data(as_text=True)):
            target = urllib.parse.urlsplit(urllib.parse.urljoin("http://localhost" + url, html.unescape(href)))
            found = target.path + ("?" + target.query if target.query else "")
            if target.netloc == "localhost" and found not in level:
                level[found] = level[url] + 1
                frontier.append(found)
    return times


def form_pages(app) -> list[str]:
    """Pages reached by choosing in a form rather than by following a link."""
    from web.regions import BY_CARRIER
    from web.report_specs import available
    from web.reports import scenario_choices

    state = app.extensions["kg"]
    scenarios = [c.value for c in scenario_choices(state)]
    future = [c.value for c in scenario_choices(state, future_only=True)]
    pages = []
    for spec in available():
        if spec.params == "pair":
            pages += [f"/rapporten/{spec.slug}?van={a}&naar={b}" for a in scenarios for b in scenarios]
        elif spec.params != "compare":
            pages += [f"/rapporten/{spec.slug}?scenario={s}" for s in (future if spec.params == "future" else scenarios)]
    pages += [f"/rapporten/wijzigingen?scenario={s}&pagina={n}" for s in future for n in range(2, 6)]
    pages += [f"/spanningen?scenario={s}" for s in scenarios]
    kerntaken = sorted(notation for notation, _ in state.regions.kerntaken.values())
    pages += [f"/regio?kleur={BY_CARRIER}&kerntaak={k}&scenario={s}" for k in kerntaken for s in scenarios]
    return pages


def kind(url: str) -> str:
    """The kind of page: its path up to the first varying segment."""
    path = url.split("?", 1)[0]
    parts = path.strip("/").split("/")
    if parts[0] in ("id", "klasse"):
        return "/" + "/".join(parts[:2]) + "/…"
    if parts[0] == "regio" and len(parts) > 2:
        return f"/regio/{parts[1]}/…"
    return path + ("?…" if "?" in url else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=2, help="clicks from the home page (default 2)")
    parser.add_argument("--limit", type=float, default=1.0, help="seconds a page may take (default 1.0)")
    parser.add_argument("--kinds", type=int, default=25, help="kinds of page to list (default 25)")
    parser.add_argument("--out", type=Path, help="also write the result as Markdown to this file")
    args = parser.parse_args()
    settings = load_settings()
    ensure_built(settings)
    started = time.perf_counter()
    app = create_app({"KG_SETTINGS": settings, "KG_STORE": EmbeddedStore.from_file(settings.built_file), "KG_WARM_UP": True})
    app.extensions[EXTENSION].join()
    warm = time.perf_counter() - started
    client = app.test_client()
    times = crawl(client, args.depth)
    for url in form_pages(app):
        start = time.perf_counter()
        client.get(url, headers={"Accept": "text/html"})
        times[url] = time.perf_counter() - start
    slow = sorted(((t, u) for u, t in times.items() if t > args.limit), reverse=True)
    values = sorted(times.values())
    kinds: dict[str, list[float]] = {}
    for url, seconds in times.items():
        kinds.setdefault(kind(url), []).append(seconds)
    lines = [f"# Page times ({platform.node()}, {platform.processor() or platform.machine()})", "",
             f"- start-up computations done after {warm:.1f} s",
             f"- {len(times)} pages within {args.depth} clicks or one form choice: median {statistics.median(values) * 1000:.0f} ms, "
             f"95th percentile {values[int(len(values) * .95)] * 1000:.0f} ms, slowest {values[-1] * 1000:.0f} ms",
             f"- slower than {args.limit} s: {len(slow)}", ""]
    lines += [f"  - {t:.2f} s {u}" for t, u in slow[:30]]
    lines += ["", f"The {args.kinds} slowest of {len(kinds)} kinds of page:", "",
              "| kind of page | pages | median ms | slowest ms |", "|---|---:|---:|---:|"]
    lines += [f"| `{k}` | {len(v)} | {statistics.median(v) * 1000:.0f} | {max(v) * 1000:.0f} |"
              for k, v in sorted(kinds.items(), key=lambda kv: -max(kv[1]))[:args.kinds]]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
