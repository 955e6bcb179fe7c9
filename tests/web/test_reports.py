"""Report pages on the sample graph: parameters, grouping, certainty, evidence, filters, downloads, graphs."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.web.html_check import assert_controls_labelled, assert_valid_html
from web.report_specs import available

pytestmark = pytest.mark.skipif(not available(), reason="kg.analysis is not there")


def html(client, url: str, status: int = 200) -> str:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == status, response.data[-800:]
    assert_valid_html(response.data)
    assert_controls_labelled(response.data)
    return response.get_data(as_text=True)


@pytest.mark.parametrize("slug", [r.slug for r in available()])
def test_every_report_renders_and_downloads(client, slug: str) -> None:
    text = html(client, f"/rapporten/{slug}")
    assert "Download:" in text
    data = json.loads(client.get(f"/rapporten/{slug}?format=json").data)
    assert data["schemaVersion"]
    response = client.get(f"/rapporten/{slug}?format=csv")
    assert response.mimetype == "text/csv"
    header = next(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert header and all(header)


def test_report_index_lists_reports(client) -> None:
    text = html(client, "/rapporten/")
    for spec in available():
        assert f'href="/rapporten/{spec.slug}"' in text


def test_inheritance_groups_by_origin_with_certainty_and_sources(client) -> None:
    text = html(client, "/rapporten/overerving?scenario=toekomstscenario-2021")
    assert "Herkomst: Raad voor de Kinderbescherming" in text
    assert 'href="/id/position/rvdk-verzoek-ondertoezichtstelling"' in text
    assert "certainty-verwacht" in text  # the 2021 transfer is expected, not decided
    assert 'href="https://wetten.overheid.nl/jci1.3:c:BWBR0002656&amp;artikel=255' in text  # legal basis today
    assert "<details><summary>" in text  # evidence, expandable without JavaScript


def test_inheritance_in_2024_comes_from_veilig_thuis(client) -> None:
    text = html(client, "/rapporten/overerving?scenario=ontwikkelrichting-2024")
    assert "Herkomst: Veilig Thuis" in text and "certainty-nader-te-bepalen" in text


def test_filters(client) -> None:
    all_rows = html(client, "/rapporten/overerving?scenario=toekomstscenario-2021")
    filtered = html(client, "/rapporten/overerving?scenario=toekomstscenario-2021&q=ondertoezicht")
    assert filtered.count("<tr>") < all_rows.count("<tr>")
    assert 'href="/id/position/rvdk-verzoek-ondertoezichtstelling"' in filtered
    assert 'href="/id/task/onderzoek"' not in filtered.split('class="report-section"', 1)[1]
    none = html(client, "/rapporten/overerving?scenario=toekomstscenario-2021&zekerheid=besloten")
    assert "die aan het filter voldoen" in none


def test_csv_download_follows_the_filter(client) -> None:
    response = client.get("/rapporten/overerving?scenario=toekomstscenario-2021&q=ondertoezicht&format=csv")
    assert response.data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    assert "overerving-toekomstscenario-2021" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "taak of positie"
    assert [r[0] for r in rows[1:]] == ["Verzoek tot ondertoezichtstelling"]
    excel = client.get("/rapporten/overerving?scenario=toekomstscenario-2021&q=ondertoezicht&format=csv&scheiding=puntkomma")
    assert list(csv.reader(io.StringIO(excel.data.decode("utf-8-sig")), delimiter=";")) == rows


def test_comparison_has_a_column_per_future_scenario(client) -> None:
    text = html(client, "/rapporten/overerving-vergelijken")
    head = text[text.index("<thead>"):text.index("</thead>")]
    assert "Toekomstscenario (2021)" in head and "Ontwikkelrichting 2024" in head


def test_overlap_today_names_both_holders(client) -> None:
    text = html(client, "/rapporten/overlap?scenario=huidig")
    assert 'href="/id/task/onderzoek"' in text
    assert 'href="/id/org/veilig-thuis"' in text and 'href="/id/org/raad-voor-de-kinderbescherming"' in text


def test_scenario_diff(client) -> None:
    text = html(client, "/rapporten/scenariovergelijking?van=huidig&naar=toekomstscenario-2021")
    assert 'href="/id/org/regionaal-veiligheidsteam"' in text


def test_unknown_scenario_is_a_400_with_message(client) -> None:
    text = html(client, "/rapporten/hiaten?scenario=bestaat-niet", status=400)
    assert 'role="alert"' in text and "huidig" in text  # the message lists the known scenarios


def test_unknown_report_is_404(client) -> None:
    assert client.get("/rapporten/bestaat-niet").status_code == 404


def test_relay_graph_elements(client) -> None:
    html(client, "/rapporten/estafette/graaf?scenario=huidig")
    elements = json.loads(client.get("/rapporten/estafette/graaf.json?scenario=huidig").data)
    nodes = [e for e in elements if e["group"] == "nodes"]
    edges = [e for e in elements if e["group"] == "edges"]
    assert {n["data"]["label"] for n in nodes} >= {"Raad voor de Kinderbescherming", "Kinderrechter"}
    ids = {n["data"]["id"] for n in nodes}
    assert edges and all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert any(e["data"]["handover"] for e in edges)


def test_actor_graph(client) -> None:
    text = html(client, "/graaf/org/raad-voor-de-kinderbescherming")
    assert "Als tabel" in text and 'href="/id/org/regionaal-veiligheidsteam"' in text
    elements = json.loads(client.get("/graaf/org/raad-voor-de-kinderbescherming?format=json").data)
    labels = {e["data"]["label"] for e in elements}
    assert "art. 255 BW" in labels and "Regionaal Veiligheidsteam" in labels
    assert client.get("/graaf/task/onderzoek").status_code == 404  # only actors have a neighbourhood graph


def test_actor_graph_for_one_scenario(client) -> None:
    def items(query: str) -> list[dict]:
        elements = json.loads(client.get(f"/graaf/org/raad-voor-de-kinderbescherming?format=json{query}").data)
        return [e for e in elements if e["data"].get("kind") == "item"]

    everything, today = items(""), items("&scenario=huidig")
    assert today and len(today) <= len(everything)
    edges = json.loads(client.get("/graaf/org/raad-voor-de-kinderbescherming?format=json&scenario=huidig").data)
    assert all(e["data"]["label"] == "draagt in Huidig stelsel" for e in edges if e["group"] == "edges" and e["data"]["target"] in
               {i["data"]["id"] for i in today})
    assert client.get("/graaf/org/raad-voor-de-kinderbescherming?scenario=morgen").status_code == 400


def test_unknown_report_format_is_refused(client) -> None:
    response = client.get("/rapporten/overlap?format=xml")
    assert response.status_code == 406
    assert "html, json of csv" in response.get_data(as_text=True)
