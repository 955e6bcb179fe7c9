"""What an analyst, a drafter and a region see, in headless Chromium on the real data (issue 13).

One server and one browser for the module; every test opens its own page. Run with
``-m browser``; skipped without Chromium or Playwright.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from kg.config import Settings
from kg.store import EmbeddedStore
from web import create_app
from web.background import background_server

pytestmark = pytest.mark.browser

VENDOR = Path(__file__).resolve().parents[2] / "web" / "static" / "vendor" / "yasgui" / "yasgui.min.js"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base_url(settings: Settings, store: EmbeddedStore):
    boundaries = settings.shared_dir / "regions" / "nl-vr-gm-2023.topo.json"
    if boundaries.exists():
        settings = settings.with_(boundaries=boundaries)
    app = create_app({"TESTING": True, "KG_SETTINGS": settings, "KG_STORE": store, "KG_SLOW_WAIT": 300})
    with background_server(app) as url:
        yield url


def editor_text(page) -> str:
    return page.evaluate("document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()")


# --- 1. the SPARQL share link --------------------------------------------------

def test_share_link_round_trips_a_query(page, browser, base_url) -> None:
    if not VENDOR.exists():
        pytest.skip("web/static/vendor is missing: run scripts/vendor_assets.sh")
    query = "SELECT ?scenario (COUNT(*) AS ?n) WHERE { ?scenario a kgb:Scenario ; ?p ?o } GROUP BY ?scenario"
    page.goto(base_url + "/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("q => document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue(q)", query)
    page.locator(".yasqe_queryButton").click()
    page.locator(".yasr table tbody tr").first.wait_for()
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["query"] == [query]  # the address bar follows
    page.locator(".yasqe_share").first.click()
    link = page.locator(".yasqe_sharePopup input").first.input_value()
    # a fresh browser (no storage) opening the link gets the query back, and its result
    fresh = browser.new_context().new_page()
    fresh.goto(link)
    fresh.locator(".yasr table tbody tr").first.wait_for()
    assert editor_text(fresh) == query
    assert fresh.locator(".yasr table tbody tr").count() >= 3
    # YASGUI's own link format (#query=…) is understood too
    fresh.goto(base_url + "/sparql#query=" + urllib.parse.quote(query))
    fresh.locator(".yasr table tbody tr").first.wait_for()
    assert editor_text(fresh) == query
    fresh.context.close()


def test_query_results_are_plain_and_local(page, base_url) -> None:
    if not VENDOR.exists():
        pytest.skip("web/static/vendor is missing: run scripts/vendor_assets.sh")
    query = "SELECT ?scenario (COUNT(*) AS ?n) WHERE { ?scenario a kgb:Scenario ; ?p ?o } GROUP BY ?scenario"
    page.goto(base_url + "/sparql?query=" + urllib.parse.quote(query))
    page.locator(".yasr table tbody tr").first.wait_for()
    table = page.locator(".yasr table tbody")
    assert "^^" not in table.inner_text() and "XMLSchema" not in table.inner_html()
    hrefs = [a.get_attribute("href") for a in table.locator("a").all()]
    assert hrefs and all(h.startswith("/id/scenario/") for h in hrefs), hrefs
    # our prefixes are declared by the server: no "Prefix 'kgb' is not defined" warning
    assert page.locator(".yasqe .parseErrorIcon").count() == 0
    # the server-side table of the same query is hidden once the editor runs
    assert page.locator("#server-result").is_hidden()


def test_example_queries_are_dutch_and_the_scenario_template_runs(page, base_url) -> None:
    """Every example starts with its Dutch title (no English comments); the scenario export, a template
    that used to fail with 413, runs bound to a scenario."""
    page.goto(base_url + "/sparql")
    examples = [(a.get_attribute("href"), a.text_content()) for a in page.locator("a.example").all()]
    assert len(examples) > 20
    for href, title in examples:
        text = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)["query"][0]
        assert text.splitlines()[0] == "# " + title
        assert not any(line.startswith("# ") for line in text.splitlines()[1:]), "English comments left in " + title
    template = page.locator('a.example[data-name="export/scenario"]').get_attribute("href")
    response = page.request.get(base_url + template, headers={"Accept": "text/html"})
    assert response.status == 200, response.text()[:300]
    assert "?scenarioParam" not in urllib.parse.unquote_plus(template)


# --- 2. municipalities by official, common and misspelt names ---------------------

@pytest.mark.parametrize("name, code", [
    ("'s-Hertogenbosch", "GM0796"), ("'s-Gravenhage", "GM0518"), ("Den Haag", "GM0518"), ("den bosch", "GM0796"),
    ("Hengelo", "GM0164"),
])
def test_official_and_common_names_find_the_municipality(page, base_url, name: str, code: str) -> None:
    page.goto(base_url + "/regio")
    page.get_by_label("Gemeente").fill(name)
    page.get_by_label("Gemeente").press("Enter")
    page.wait_for_url(f"**/regio/gm/{code}")


def test_a_typo_gets_suggestions_and_a_search_box(page, base_url) -> None:
    page.goto(base_url + "/regio/zoek?gemeente=Amsterdm")
    assert page.locator("h1").inner_text() == "Gemeente niet gevonden"
    page.get_by_role("link", name="Amsterdam").first.click()
    page.wait_for_url("**/regio/gm/GM0363")
    page.go_back()
    box = page.get_by_label("Gemeente")
    assert box.input_value() == "Amsterdm"
    box.fill("Rotterdam")
    box.press("Enter")
    page.wait_for_url("**/regio/gm/GM0599")


def test_official_names_are_shown(page, base_url) -> None:
    page.goto(base_url + "/regio/gm/GM0796")
    assert page.locator("h1").inner_text() == "Gemeente 's-Hertogenbosch"


# --- 4. phones ---------------------------------------------------------------------

PHONE_PAGES = ("/", "/regio", "/regio/gm/GM0363", "/regio/vr/VR13", "/id/org/raad-voor-de-kinderbescherming",
               "/klasse/Organisation", "/rapporten/overerving", "/rapporten/overlap", "/rapporten/scenariovergelijking",
               "/ontology", "/zoeken?q=raad", "/regio/zoek?gemeente=Amsterdm")


def test_no_page_is_wider_than_a_phone(browser, base_url) -> None:
    page = browser.new_page(viewport=PHONE)
    query = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 30")
    for path in PHONE_PAGES + ("/sparql?query=" + query,):
        page.goto(base_url + path)
        if path.startswith("/sparql") and VENDOR.exists():
            page.locator(".yasr table tbody tr").first.wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    page.close()


def test_wide_tables_say_they_scroll_and_the_header_is_compact(browser, base_url) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + "/rapporten/overlap")
    box = page.locator("div.scroll").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert page.locator(".scroll-hint").first.is_visible()
    header = page.locator("header.site").bounding_box()
    assert header["height"] < 0.2 * PHONE["height"], header
    page.close()
