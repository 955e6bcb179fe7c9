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


def test_the_long_table_comes_in_pages_and_the_download_holds_every_row(real_app) -> None:
    """430-odd rows were 1.5 MB of HTML on one page; now 100 rows a page, with a pager, the filters kept."""
    import csv
    import io
    import re

    from web.reports import ROWS_PER_PAGE

    client = real_app.test_client()

    def rows(query: str) -> tuple[list[str], str]:
        text = client.get(REPORT + query).get_data(as_text=True)
        main = text[text.index('<section class="report-section">'):]
        return re.findall(r"<tbody>(.*?)</tbody>", main, re.S), text

    first, text = rows("")
    pages = int(re.search(r"van (\d+) \(rijen 1–", text).group(1))
    assert pages > 1 and sum(b.count("<tr>") for b in first) == ROWS_PER_PAGE
    assert f'href="{REPORT}&amp;pagina=2"' in text
    seen = sum(sum(b.count("<tr>") for b in rows(f"&pagina={n}")[0]) for n in range(1, pages + 1))
    table = list(csv.reader(io.StringIO(client.get(REPORT + "&format=csv").get_data(as_text=True))))
    assert seen == len(table) - 1  # every row on exactly one page
    last, text = rows(f"&pagina={pages + 5}")  # past the end: the last page
    assert f'<strong aria-current="page">{pages}</strong>' in text
    filtered, text = rows("&wet=Jeugdwet&pagina=2")
    assert "wet=Jeugdwet&amp;pagina=1" in text and all("Jeugdwet" in b for b in filtered)
