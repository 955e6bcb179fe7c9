"""Run axe-core (the npm package, installed by scripts/setup.sh --test) in a Playwright page."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    """The critical and serious axe violations of the page as it is now ("rule: targets")."""
    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing: run scripts/setup.sh --test")
    # Evaluated through the browser's debugging protocol, not as a <script>: the site's CSP (script-src 'self')
    # rightly refuses inline scripts, and the check must not weaken it.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'critical' || v.impact === 'serious')
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""")
