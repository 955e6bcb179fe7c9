"""The UI in real headless Chromium (Debian's /usr/bin/chromium) through Playwright.

Run with ``.venv/bin/python -m pytest tests/web/test_browser.py -m browser``; skipped when
Chromium or Playwright is missing. The server is started here, on a free local port;
the ``browser`` and ``page`` fixtures are in tests/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from web.background import background_server

pytestmark = pytest.mark.browser

VENDOR = Path(__file__).resolve().parents[2] / "web" / "static" / "vendor" / "yasgui" / "yasgui.min.js"


@pytest.fixture(scope="module")
def base_url(app):
    with background_server(app) as url:
        yield url


def test_organisation_to_provision_and_back(page, base_url) -> None:
    page.goto(base_url + "/id/org/raad-voor-de-kinderbescherming")
    assert page.locator("h1").inner_text() == "Raad voor de Kinderbescherming"
    assert page.title().startswith("Raad voor de Kinderbescherming")
    page.locator("#verwijzingen").get_by_role("link", name="art. 255 BW").click()
    page.wait_for_url("**/id/bwb/BWBR0002656/artikel/255")
    assert page.locator("h1").inner_text() == "art. 255 BW"
    assert page.get_by_role("link", name="op wetten.overheid.nl").count() >= 1
    page.go_back()
    page.wait_for_url("**/id/org/raad-voor-de-kinderbescherming")
    assert page.locator("table.scenarios").is_visible()


def test_search_from_the_header(page, base_url) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Zoeken in de kennisgraaf").fill("coordinatie")
    page.get_by_label("Zoeken in de kennisgraaf").press("Enter")
    page.wait_for_url("**/zoeken?q=coordinatie")
    page.get_by_role("link", name="Coördinatiepunt Zorg").click()
    page.wait_for_url("**/id/org/coordinatiepunt")


def test_editor_runs_a_query_and_shows_the_table(page, base_url) -> None:
    if not VENDOR.exists():
        pytest.skip("web/static/vendor is missing: run scripts/vendor_assets.sh")
    page.goto(base_url + "/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.locator("#plain-editor").is_hidden()
    query = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?label WHERE { "
             "<https://w3id.org/kgb/id/org/raad-voor-de-kinderbescherming> rdfs:label ?label }")
    page.evaluate("q => { const cm = document.querySelector('.yasqe .CodeMirror').CodeMirror; cm.setValue(q); }", query)
    page.locator(".yasqe_queryButton").click()
    cell = page.locator(".yasr table tbody td", has_text="Raad voor de Kinderbescherming")
    cell.first.wait_for()
    assert cell.count() >= 1


def test_editor_runs_an_example_query(page, base_url) -> None:
    if not VENDOR.exists():
        pytest.skip("web/static/vendor is missing: run scripts/vendor_assets.sh")
    page.goto(base_url + "/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    example = page.locator('a.example[data-name="lookup/scenarios"]')
    if not example.count():
        pytest.skip("the example query lookup/scenarios is not there")
    page.locator("details", has=example).locator("summary").click()  # open its group
    example.click()
    page.locator(".yasr table tbody tr").first.wait_for()
    assert page.locator(".yasr table tbody td", has_text="huidig").count() >= 1
    assert "query=" in page.url  # the address is a shareable link to this query


def test_editor_without_vendor_files_falls_back_to_the_form(browser, base_url) -> None:
    page = browser.new_page()
    page.route("**/static/vendor/**", lambda route: route.abort())
    page.goto(base_url + "/sparql")
    assert page.locator("#plain-editor").is_visible()
    page.get_by_label("Query").fill("SELECT ?id WHERE { ?s a kgb:Scenario ; dct:identifier ?id } ORDER BY ?id")
    page.get_by_role("button", name="Uitvoeren").click()
    page.wait_for_selector("table.results")
    assert "huidig" in page.locator("table.results").inner_text()
    page.close()


def test_phone_layout_has_no_horizontal_scroll(browser, base_url) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    for path in ("/", "/id/org/raad-voor-de-kinderbescherming", "/zoeken?q=raad", "/ontology", "/sparql",
                 "/rapporten/overerving?scenario=toekomstscenario-2021"):
        page.goto(base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    page.close()


def test_open_each_report(page, base_url) -> None:
    from web.report_specs import available

    specs = available()
    if not specs:
        pytest.skip("kg.analysis is not there")
    for spec in specs:
        page.goto(base_url + "/rapporten/")
        page.get_by_role("link", name=spec.title, exact=True).click()
        page.wait_for_url(f"**/rapporten/{spec.slug}")
        assert page.locator("h1").inner_text() == spec.title
        assert page.locator(".report-section").count() >= 1
        assert page.get_by_role("link", name="CSV", exact=True).count() == 1


def test_report_filter_form(page, base_url) -> None:
    page.goto(base_url + "/rapporten/overerving")
    page.get_by_label("Scenario").select_option("toekomstscenario-2021")
    page.get_by_label("Filter op tekst").fill("ondertoezicht")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**q=ondertoezicht**")
    rows = page.locator("table.report tbody tr")
    assert rows.count() == 1 and "Verzoek tot ondertoezichtstelling" in rows.first.inner_text()


def test_graph_views_draw(page, base_url) -> None:
    if not (VENDOR.parent.parent / "cytoscape" / "cytoscape.min.js").exists():
        pytest.skip("web/static/vendor is missing: run scripts/vendor_assets.sh")
    for path in ("/rapporten/estafette/graaf?scenario=huidig", "/graaf/org/raad-voor-de-kinderbescherming"):
        page.goto(base_url + path)
        page.wait_for_selector("#graph[data-ready]")
        assert int(page.locator("#graph").get_attribute("data-ready")) > 1
        assert page.locator("#graph canvas").count() >= 1
