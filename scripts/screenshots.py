"""Take PNG screenshots of the main pages into screenshots/ (git-ignored) for the README.

Usage: ``.venv/bin/python scripts/screenshots.py [--out screenshots] [--width 1280]``.
Starts the app on the project's data (built when a source changed) on a free local
port and drives Debian's Chromium (/usr/bin/chromium) through Playwright.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg.config import load_settings
from web import create_app
from web.background import CHROMIUM, CHROMIUM_ARGS, background_server


#: (file name, path, what to wait for) — the pages the README shows.
PAGES = (
    ("home", "/", "h1"),
    ("organisatie", "/id/org/raad-voor-de-kinderbescherming", "h1"),
    ("zoeken", "/zoeken?q=kinderbescherming", "h1"),
    ("sparql", "/sparql", "h1"),
    ("ontologie", "/ontology", "h1"),
    ("rapporten", "/rapporten", "h1"),
    ("rapport-overerving", "/rapporten/overerving", "h1"),
    ("regio", "/regio", "h1"),
    ("regio-gemeente", "/regio/gm/GM0074", "h1"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="output folder (default: screenshots/)")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in pixels (default: 1280)")
    parser.add_argument("--phone", action="store_true", help="also take phone-sized (390 px) screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_app({"KG_SETTINGS": load_settings()})
    sizes = [("", args.width, 900)] + ([("-telefoon", 390, 844)] if args.phone else [])
    with background_server(app) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for suffix, width, height in sizes:
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path, ready in PAGES:
                response = page.goto(base + path)
                if response is None or response.status >= 400:
                    print(f"skipped {path}: HTTP {response.status if response else '?'}", file=sys.stderr)
                    continue
                page.wait_for_selector(ready)
                target = args.out / f"{name}{suffix}.png"
                page.screenshot(path=str(target), full_page=False)
                print(target)
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
