"""The amendment report in a real browser, on the real data and statute texts: filters and links."""

from __future__ import annotations

import pytest

from web.background import background_server

pytestmark = pytest.mark.browser

REPORT = "/rapporten/wijzigingen?scenario=ontwikkelrichting-2024"


@pytest.fixture(scope="module")
def base_url(real_app, shared_dir):
    with background_server(real_app) as url:
        yield url


def test_filter_on_law_and_kind_then_follow_a_provision(page, base_url) -> None:
    page.goto(base_url + REPORT, timeout=120_000)
    page.wait_for_selector("h1:has-text('Wijzigingstabel')", timeout=120_000)  # computed in the background first
    page.get_by_label("Wet").select_option("Jeugdwet")
    page.get_by_label("Soort wijziging").select_option("splitsen")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**wet=Jeugdwet**")
    rows = page.locator("section.report-section tbody tr")
    assert rows.count() > 0
    texts = rows.all_inner_texts()
    assert all("splitsen" in t for t in texts)
    assert any("art. 3.2 lid 1 Jeugdwet" in t for t in texts)
    assert all("Splitsen:" in t for t in texts)
    page.get_by_role("link", name="art. 3.2 lid 1 Jeugdwet").first.click()
    page.wait_for_url("**/id/bwb/BWBR0034925/artikel/3.2/lid/1")
    # The provision page shows where its current text names the organisation, the words highlighted.
    marked = page.locator("#vermeldingen mark").all_inner_texts()
    assert "gecertificeerde instelling" in marked


def test_the_raad_is_never_replaced_outright_in_2024(page, base_url) -> None:
    page.goto(base_url + REPORT + "&noemt=Raad+voor+de+Kinderbescherming", timeout=120_000)
    page.wait_for_selector("section.report-section tbody tr", timeout=120_000)
    kinds = set(page.locator("section.report-section tbody tr td:nth-child(3)").all_inner_texts())
    assert kinds and kinds <= {"behouden", "onduidelijk (nader te bepalen)"}
