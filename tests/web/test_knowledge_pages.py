"""The tensions report (/spanningen) and the timeline (/tijdlijn) on the real data."""

from __future__ import annotations

from tests.web.html_check import assert_controls_labelled, assert_valid_html

from kg.namespaces import ID


def html_of(client, url: str) -> str:
    """The page at ``url``: 200, valid HTML5, every control labelled."""
    page = client.get(url)
    assert page.status_code == 200
    assert_valid_html(page.data)
    assert_controls_labelled(page.data)
    return page.get_data(as_text=True)


def test_timeline_page_lists_decisions_before_a_date_with_deciders_and_sources(real_app) -> None:
    client = real_app.test_client()
    html = html_of(client, "/tijdlijn?voor=2025-01-01&besluiten=1")
    assert 'id="2024-10-29-ontwikkelrichting-rvt"' in html and "opdrachtgevers van het Toekomstscenario" in html
    assert "2026-07-veranderstrategie" not in html and "000_c76da6159ae9a83d.txt" in html
    data = client.get("/tijdlijn?na=2026-01-01&format=json").get_json()
    assert data["events"] and all(e["sortDate"] >= "2026-01-01" for e in data["events"])
    bad = client.get("/tijdlijn?voor=morgen")
    assert bad.status_code == 400 and "JJJJ-MM-DD" in bad.get_data(as_text=True)


def test_tensions_page_shows_status_and_filters_by_scenario_and_kind(real_app) -> None:
    client = real_app.test_client()
    html = html_of(client, "/spanningen?scenario=ontwikkelrichting-2024&soort=TensionOpenQuestion")
    assert 'id="welke-taken-van-de-raad-naar-het-rvt"' in html and 'id="estafette-in-onderzoek"' not in html
    data = client.get("/spanningen?scenario=ontwikkelrichting-2024&format=json").get_json()
    by_iri = {t["tension"]["iri"]: t for t in data["tensions"]}
    assert by_iri[str(ID["tension/rvt-zonder-wettelijke-grondslag"])]["status"] == "both"
    assert client.get("/spanningen?scenario=gisteren").status_code == 400


def test_state_page_on_a_day_and_the_provision_page_before_the_oldest_version(real_app, shared_dir) -> None:
    client = real_app.test_client()
    html = html_of(client, "/stelsel?peildatum=2015-01-01")
    assert 'value="2015-01-01"' in html and "2015-01-05" in html and "onbekend: geen wetsversie geladen" in html
    data = client.get("/stelsel", query_string={"peildatum": "2023-07-01", "format": "json"}).get_json()
    assert data["asOf"] == "2023-07-01" and data["counts"]["grondslag vervallen"] >= 1
    assert client.get("/stelsel?peildatum=gisteren").status_code == 400
    provision = client.get("/id/bwb/BWBR0034925/artikel/3.2/lid/2?peildatum=2015-01-01", headers={"Accept": "text/html"})
    assert "dichtstbijzijnde geladen versie is van" in provision.get_data(as_text=True)
