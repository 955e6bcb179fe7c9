"""What an analyst, a drafter and a region see, in headless Chromium on the real data (issue 13).

One server and one browser for the module; every test opens its own page. Run with
``-m browser``; skipped without Chromium or Playwright.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS

from kg.namespaces import ID_BASE
from tests.axe_check import serious_violations
from web.background import background_server
from web.regions import region_index
from web.sections import cited_excerpt_page
from web.warmup import EXTENSION
from web.wording import dutch

pytestmark = pytest.mark.browser

VENDOR = Path(__file__).resolve().parents[2] / "web" / "static" / "vendor" / "yasgui" / "yasgui.min.js"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base_url(real_app):
    with background_server(real_app) as url:
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
               "/ontology", "/zoeken?q=raad", "/regio/zoek?gemeente=Amsterdm", "/stelsel?peildatum=2015-01-01")


def test_no_page_is_wider_than_a_phone(browser, base_url, real_app) -> None:
    real_app.extensions[EXTENSION].join(timeout=600)  # the reports among the pages are computed at start-up
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


# --- 3. no broken internal links ---------------------------------------------------

HREF = re.compile(r'<a\s[^>]*?href="([^"#]*)(?:#[^"]*)?"')
#: Entity pages whose links are followed, per type (all non-entity pages are followed).
ENTITY_SAMPLE = 4


def _resolves(state, codes: set[str], path: str) -> bool:
    """Whether a data-driven page exists, without rendering it: /id/… and /graaf/… by the graph,
    /regio/gm|vr/… by the region codes."""
    if path.startswith(("/id/", "/graaf/")):
        node = URIRef(ID_BASE + path.split("/", 2)[2])
        return (node, None, None) in state.graph or (None, None, node) in state.graph or cited_excerpt_page(state, node) is not None
    return path.rsplit("/", 1)[-1] in codes


def test_no_internal_link_is_broken(real_app) -> None:
    """Every internal link within three clicks of the home page (computed reports included) leads to a
    page that exists. Pages are rendered and their links followed up to depth 2 (entity pages: a sample of
    each type, as their links are all drawn from the graph in the same way); links at depth 3 are checked,
    data-driven ones (entities, regions) against the graph. Query links are covered by the example test."""
    client, state = real_app.test_client(), real_app.extensions["kg"]
    with real_app.app_context():
        codes = {p.code for p in region_index().places}
    depth: dict[str, int] = {"/": 0}
    frontier, broken, per_type = ["/"], [], Counter()
    while frontier:
        url = frontier.pop(0)
        path = url.split("?", 1)[0]
        if url.startswith("/sparql?"):
            continue
        if path.startswith(("/id/", "/graaf/", "/regio/gm/", "/regio/vr/")):
            if not _resolves(state, codes, path):
                broken.append((url, "bestaat niet"))
                continue
            kind = path.rsplit("/", 1)[0] if path.startswith("/regio/") else state.labels.primary_type(URIRef(ID_BASE + path.split("/", 2)[2]))
            per_type[kind] += 1
            if depth[url] >= 3 or per_type[kind] > ENTITY_SAMPLE or "?" in url:
                continue
        response = client.get(url, headers={"Accept": "text/html"})
        if response.status_code >= 400:
            broken.append((url, response.status_code))
            continue
        if depth[url] >= 3 or "html" not in response.content_type:
            continue
        for href in HREF.findall(response.get_data(as_text=True)):
            target = urllib.parse.urlsplit(urllib.parse.urljoin("http://localhost" + url, html.unescape(href)))
            if target.netloc != "localhost":
                continue
            found = target.path + ("?" + target.query if target.query else "")
            if found not in depth:
                depth[found] = depth[url] + 1
                frontier.append(found)
    assert len(depth) > 1000
    assert not broken, broken[:20]


def test_cited_rules_and_excerpts_have_pages(page, base_url) -> None:
    """The conflicts report names its sources by document, section and lines, and its rules link to /regels."""
    page.goto(base_url + "/rapporten/conflicten")
    rule = page.locator("table.report a[href^='/regels#']").first
    assert rule.count() == 1
    source = page.locator("table.report a[href^='/id/seed/']").first
    assert "Toekomstscenario" in source.text_content() and "r. " in source.text_content()
    assert ".txt" not in page.locator("main").inner_text()
    rule.click()
    page.wait_for_url("**/regels#*")
    anchor = urllib.parse.urlsplit(page.url).fragment
    assert page.locator(f"[id='{anchor}']").count() == 1
    page.goto(base_url + "/id/seed/004_e61924f29c307353/L2269-L2275")  # cited by a rule only
    assert "r. 2269–2275" in page.locator("h1").inner_text()
    assert page.locator("ol.lines li").count() == 7


# --- 10. slow pages are computed at start-up ------------------------------------------

def test_slow_pages_are_ready_without_waiting(real_app) -> None:
    """Once the start-up computations are done, the conflicts, validation and other reports answer at once
    (a request that had to wait would get 202 "still computing" here)."""
    real_app.extensions[EXTENSION].join(timeout=600)
    state, client = real_app.extensions["kg"], real_app.test_client()
    old, state.slow.wait = state.slow.wait, 0
    try:
        for path in ("/rapporten/conflicten", "/-/validation", "/rapporten/overerving", "/rapporten/hiaten"):
            assert client.get(path, headers={"Accept": "text/html"}).status_code == 200, path
    finally:
        state.slow.wait = old


# --- 5. no English codes in Dutch pages -----------------------------------------------

#: Codes of the analyses and summaries that must never reach a Dutch page as they are.
ENGLISH_CODES = ("different-judges", "different-measures", "duplication", "basis-names-previous-holder",
                 "core-task-without-holder", "no-legal-basis", "provision-names-absent-actor", "transfer-cycle",
                 "added-holder", "removed-holder", "moves", "appears", "disappears", "warning", "violation",
                 "byRule", "byKind", "bySeverity", "byOrigin", "byCertainty", "byClassification", "core-task")


def test_no_english_code_in_a_dutch_page(real_app) -> None:
    client = real_app.test_client()
    state = real_app.extensions["kg"]
    scenarios = [str(state.graph.value(s, DCTERMS.identifier)) for s in state.scenarios]
    paths = ["/", "/regels", "/rapporten/", "/sparql", "/stelsel?peildatum=2023-07-01"]
    for slug in ("overerving", "overerving-vergelijken", "overlap", "hiaten", "conflicten", "scenariovergelijking", "estafette"):
        paths += [f"/rapporten/{slug}"] + [f"/rapporten/{slug}?scenario={s}" for s in scenarios if slug in ("overlap", "hiaten", "conflicten")]
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH_CODES)) + r")(?![\w-])")
    for path in paths:
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 200, path
        main = response.get_data(as_text=True).split("<main", 1)[1]
        visible = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", main, flags=re.S)))
        found = pattern.findall(visible)
        assert not found, f"{path}: {sorted(set(found))}"


def test_unknown_codes_read_as_words() -> None:
    assert dutch("different-judges") == "legitiem: verschillende rechters"
    assert dutch("byRule") == "per regel"
    assert dutch("someNewCode") == "some new code" and dutch("a-new-kind") == "a new kind"
    assert dutch("Raad voor de Kinderbescherming") == "Raad voor de Kinderbescherming"


# --- 6. entity pages without RDF internals; the RDF view one click away -----------------

ENTITY_PAGES = ("/id/org/raad-voor-de-kinderbescherming", "/id/bwb/BWBR0034925/artikel/3.2/lid/1",
                "/id/scenario/huidig", "/id/seed/004_e61924f29c307353", "/id/region/gm/GM0303")


def test_entity_pages_speak_dutch_not_rdf(page, base_url) -> None:
    prefixed = re.compile(r"\b(?:kgb|skos|org|prov|eli|dct|rdfs|rdf|owl|xsd|id):[A-Za-z_]")
    for path in ENTITY_PAGES:
        page.goto(base_url + path)
        text = page.locator("main").inner_text()
        assert not prefixed.search(text), (path, prefixed.findall(text))
        assert "@nl" not in text and "XMLSchema" not in text and "https://w3id.org" not in text, path
        assert not page.locator("main a[title^='https://']").count(), path  # no IRIs as tooltips
    page.get_by_role("link", name="RDF-weergave").click()
    page.wait_for_url("**weergave=rdf")
    assert "https://w3id.org/kgb/id/" in page.locator("main").inner_text()
    assert prefixed.search(page.locator("table.properties").first.inner_text())


# --- 12. accessibility (axe-core, served from node_modules as npm installed it) ---------

AXE_PAGES = ("/", "/sparql", "/sparql?query=" + urllib.parse.quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 30"),
             "/regio", "/regio/zoek?gemeente=Amsterdm", "/id/org/raad-voor-de-kinderbescherming",
             "/id/bwb/BWBR0034925/artikel/3.2/lid/1", "/rapporten/conflicten", "/rapporten/overerving", "/regels",
             "/zoeken?q=raad", "/klasse/Organisation", "/graaf/org/raad-voor-de-kinderbescherming")


def test_no_serious_accessibility_violations(page, base_url) -> None:
    problems = {}
    for path in AXE_PAGES:
        page.goto(base_url + path)
        if path.startswith("/sparql") and VENDOR.exists():
            page.wait_for_selector(".yasqe .CodeMirror")
            if "query=" in path:
                page.locator(".yasr table tbody tr").first.wait_for()
        found = serious_violations(page)
        if found:
            problems[path] = found
    assert not problems, problems


# --- 7. inheritance report -------------------------------------------------------------

def test_inheritance_report_filters_by_name_and_names_what_to_amend(page, base_url) -> None:
    page.goto(base_url + "/rapporten/overerving")
    page.get_by_label("Organisatie").select_option(label="Raad voor de Kinderbescherming")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**organisatie=org%2Fraad-voor-de-kinderbescherming**")
    page.goto(base_url + "/rapporten/overerving")
    assert "telt bij elk van die organisaties mee" in page.locator(".summary").inner_text()
    headers = [h.strip() for h in page.locator("table.report").first.locator("thead th").all_inner_texts()]
    column = headers.index("te wijzigen") + 1
    for cell in page.locator(f"table.report tbody tr td:nth-child({column})").all():
        entries = [li.inner_text() for li in cell.locator("li").all()]
        assert len(entries) == len(set(entries)), entries  # no duplicate "te wijzigen" entries
        assert all("noemt " in e for e in entries), entries


# --- 9. sources by title; links from scenarios and the RVT to the reports ---------------

def test_sources_are_named_by_title_and_article(page, base_url) -> None:
    page.goto(base_url + "/id/org/raad-voor-de-kinderbescherming")
    table = page.locator("table.scenarios")
    sources = [a.inner_text() for a in table.locator(".src a").all()]
    assert sources and not any(s == "bron" for s in sources)
    assert any(s.startswith("art. ") for s in sources) or any("r. " in s for s in sources)
    assert ".txt" not in page.locator("main").inner_text()
    page.goto(base_url + "/id/scenario/ontwikkelrichting-2024")
    page.get_by_role("link", name="Wat het RVT in dit scenario erft").click()
    page.wait_for_url("**/rapporten/overerving?scenario=ontwikkelrichting-2024")


# --- 11. graph views --------------------------------------------------------------------

def test_graph_view_has_a_legend_and_dutch_scenarios(page, base_url) -> None:
    page.goto(base_url + "/graaf/org/raad-voor-de-kinderbescherming")
    options = page.locator("#graph-scenario option").all_inner_texts()
    assert "Huidig stelsel" in options and "huidig" not in options
    assert page.locator(".graph-legend li").count() >= 3
    assert "huidig" not in page.locator("table.data").inner_text().split()


# --- extras: long lists come in pages, sortable; breadcrumbs --------------------------

def test_long_class_lists_are_paged_and_sortable(page, base_url) -> None:
    page.goto(base_url + "/klasse/Organisation")
    assert page.locator("ul.listing li").count() == 200
    pager = page.get_by_role("navigation", name="Pagina's").first
    pager.get_by_role("link", name="2", exact=True).click()
    page.wait_for_url("**pagina=2")
    assert page.locator("ul.listing li").count() > 0
    page.get_by_role("link", name="soort", exact=True).click()
    kinds = page.locator("ul.listing li .type").all_inner_texts()
    assert kinds == sorted(kinds, key=str.casefold)
    page.goto(base_url + "/id/org/raad-voor-de-kinderbescherming")
    crumbs = page.get_by_role("navigation", name="Kruimelpad")
    assert crumbs.get_by_role("link", name="Start").count() == 1


def test_scenario_and_rvt_pages_lead_to_what_changes_and_reports_print_plainly(page, base_url, real_app) -> None:
    real_app.extensions[EXTENSION].join(timeout=600)  # the report is computed at start-up
    page.goto(base_url + "/id/orgtype/regionaal-veiligheidsteam")
    inherit = page.get_by_role("link", name="Wat deze organisatie erft, per toekomstscenario")
    assert "/rapporten/overerving?organisatie=orgtype/regionaal-veiligheidsteam" in urllib.parse.unquote(inherit.get_attribute("href"))
    page.goto(base_url + "/id/scenario/ontwikkelrichting-2024")
    page.get_by_role("link", name="Wat er verandert ten opzichte van Huidig stelsel").click()
    page.wait_for_url("**/rapporten/scenariovergelijking?van=huidig&naar=ontwikkelrichting-2024")
    assert page.locator("table.report tbody tr").count() > 0
    page.emulate_media(media="print")  # the print stylesheet: the table without the site's header and forms
    assert not page.locator("header.site").is_visible() and not page.locator("form.filters").is_visible()
    assert page.locator("table.report").first.is_visible()
    page.emulate_media(media="screen")
