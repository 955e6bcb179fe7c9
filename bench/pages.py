"""How fast every page a visitor can reach answers once the app has started (issue 13: within 1 s).

Starts the app on the built graph, waits for the start-up computations (validation and the
reports, :mod:`web.warmup`), then requests every internal page within ``--depth`` clicks of
the home page (as the link crawl in tests/web/test_ux.py finds them, query links excluded)
and reports the slowest. A measurement, not a test: run it on the machine class you care about.

    python bench/pages.py [--depth 2] [--limit 1.0] [--out bench/pages.md]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=2, help="clicks from the home page (default 2)")
    parser.add_argument("--limit", type=float, default=1.0, help="seconds a page may take (default 1.0)")
    parser.add_argument("--out", type=Path, help="also write the result as Markdown to this file")
    args = parser.parse_args()
    settings = load_settings()
    ensure_built(settings)
    started = time.perf_counter()
    app = create_app({"KG_SETTINGS": settings, "KG_STORE": EmbeddedStore.from_file(settings.built_file), "KG_WARM_UP": True})
    app.extensions[EXTENSION].join()
    warm = time.perf_counter() - started
    times = crawl(app.test_client(), args.depth)
    slow = sorted(((t, u) for u, t in times.items() if t > args.limit), reverse=True)
    values = sorted(times.values())
    lines = [f"# Page times ({platform.node()}, {platform.processor() or platform.machine()})", "",
             f"- start-up computations done after {warm:.1f} s",
             f"- {len(times)} pages within {args.depth} clicks: median {statistics.median(values) * 1000:.0f} ms, "
             f"95th percentile {values[int(len(values) * .95)] * 1000:.0f} ms, slowest {values[-1] * 1000:.0f} ms",
             f"- slower than {args.limit} s: {len(slow)}", ""]
    lines += [f"  - {t:.2f} s {u}" for t, u in slow[:30]]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
