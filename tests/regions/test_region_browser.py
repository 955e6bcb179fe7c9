"""The region pages in headless Chromium, on the real data with the shared boundaries.

Uses the browser and page fixtures of tests/conftest.py and the web helper's
background server; run with ``-m browser``; skipped without Chromium or Playwright.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings
from kg.store import EmbeddedStore
from tests.axe_check import serious_violations
from web import create_app
from web.background import background_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(settings: Settings, store: EmbeddedStore, shared_dir: Path):
    boundaries = shared_dir / "regions" / "nl-vr-gm-2023.topo.json"
    app = create_app({"TESTING": True, "KG_SETTINGS": settings.with_(boundaries=boundaries), "KG_STORE": store})
    with background_server(app) as url:
        yield url


def test_open_a_region_page(page, base_url) -> None:
    page.goto(base_url + "/regio/vr/VR02")
    assert page.locator("h1").inner_text() == "Veiligheidsregio Fryslân"
    assert page.locator("#gemeenten").get_by_role("link", name="Heerenveen").is_visible()
    assert page.locator("#proeftuinen").get_by_role("link", name="Regionaal veiligheidsteam in regio Fryslân").is_visible()
    assert page.locator("#kerntaken").get_by_role("link", name="RVT Fryslân").count() >= 1
    page.locator("#gemeenten").get_by_role("link", name="Heerenveen").click()
    page.wait_for_url("**/regio/gm/GM0074")
    assert page.locator("h1").inner_text() == "Gemeente Heerenveen"


def test_use_the_municipality_picker(page, base_url) -> None:
    page.goto(base_url + "/regio")
    picker = page.get_by_label("Gemeente")
    assert picker.get_attribute("list") == "gemeenten"
    assert page.locator("datalist#gemeenten option[value='Dronten']").count() == 1
    picker.fill("dronten")
    picker.press("Enter")
    page.wait_for_url("**/regio/gm/GM0303")
    assert page.locator("#proeftuinen").get_by_role("link", name="Nu beter beschermen, leren voor later").is_visible()


def test_click_a_region_on_the_map(page, base_url) -> None:
    page.goto(base_url + "/regio?kleur=aantal-proeftuinen")
    assert page.locator("svg.region-map a.map-link").count() == 25
    page.locator("svg.region-map a.map-link[data-code='VR25']").click()
    page.wait_for_url("**/regio/vr/VR25")
    assert page.locator("h1").inner_text() == "Veiligheidsregio Flevoland"
    assert page.locator("svg.region-map path.current").count() == 1
    page.get_by_label("Kleur naar").select_option("aantal-proeftuinen")
    page.get_by_role("button", name="Kleur").click()
    page.wait_for_url("**/regio/vr/VR25?kleur=aantal-proeftuinen")
    page.get_by_label("of naar wie kerntaak").select_option("3")  # the map by who carries Onderzoek in 2024
    page.get_by_label("draagt in").select_option("ontwikkelrichting-2024")
    page.get_by_role("button", name="Toon dragers").click()
    page.wait_for_url("**/regio/vr/VR25?kleur=kerntaak&kerntaak=3&scenario=ontwikkelrichting-2024")
    assert "lokaal team (één per gemeente)" in page.locator("ul.legend li").all_inner_texts()
    assert "lokaal team" in page.locator("svg.region-map a.map-link[data-code='VR25'] title").text_content()
    assert page.get_by_label("of naar wie kerntaak").input_value() == "3"  # the choice stays


def test_the_map_pages_are_accessible(page, base_url) -> None:
    """axe-core: no critical or serious violation where the map is (its links are not inside an image)."""
    for path in ("/regio", "/regio/vr/VR02", "/regio/gm/GM0074"):
        page.goto(base_url + path)
        assert not serious_violations(page), path
