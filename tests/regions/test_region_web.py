"""The region pages through Flask's test client: picker, map, tables, data formats, errors."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.config import Settings
from kg.regions.output import render
from kg.regions.places import MUNICIPALITY, SAFETY_REGION
from kg.regions.where import LEVEL_TYPE, RegionIndex, answer
from kg.store import EmbeddedStore
from tests.regions.conftest import DATA
from tests.web.html_check import assert_valid_html
from web import create_app
from web.regions import carrier_shading


def make_app(settings: Settings, boundaries: Path | None) -> Flask:
    store = EmbeddedStore.from_file(settings.built_file)
    return create_app({"TESTING": True, "KG_SETTINGS": settings.with_(boundaries=boundaries), "KG_STORE": store})


@pytest.fixture(scope="module")
def client(small_settings: Settings, shared_dir: Path) -> FlaskClient:
    return make_app(small_settings, shared_dir / "regions" / "nl-vr-gm-2023.topo.json").test_client()


def test_the_index_has_a_picker_the_regions_and_a_linked_map(client: FlaskClient) -> None:
    response = client.get("/regio")
    assert response.status_code == 200
    assert_valid_html(response.data)
    page = response.get_data(as_text=True)
    assert re.findall(r'<option value="([^"]+)">GM\d{4}</option>', page) == ["Almere", "Dronten", "Heerenveen", "Súdwest-Fryslân"]
    assert 'list="gemeenten"' in page
    assert set(re.findall(r'<a href="(/regio/vr/VR\d\d)" class="map-link"', page)) == {"/regio/vr/VR02", "/regio/vr/VR25"}
    assert "een of meer proeftuinen" in page


def test_the_map_is_coloured_by_the_chosen_property(client: FlaskClient) -> None:
    def fills(query: str) -> dict[str, str]:
        page = client.get("/regio" + query).get_data(as_text=True)
        return dict(re.findall(r'data-code="(VR\d\d)"[^>]*><path class="[^"]*" fill="([^"]+)"', page))

    assert fills("") == {"VR02": "#2f6f9f", "VR25": "#2f6f9f"}  # both have a pilot
    assert fills("?kleur=aantal-proeftuinen") == {"VR02": "#c6dbef", "VR25": "#c6dbef"}  # one each
    bad = client.get("/regio?kleur=paars")
    assert bad.status_code == 400 and "Onbekende kleuring 'paars'" in bad.get_data(as_text=True)


def test_the_map_is_coloured_by_who_carries_a_chosen_kerntaak(client: FlaskClient) -> None:
    def shading(query: str) -> tuple[dict[str, tuple[str, str]], list[str]]:
        page = client.get("/regio?kleur=kerntaak" + query).get_data(as_text=True)
        regions = {code: (fill, title) for code, fill, title in re.findall(
            r'data-code="(VR\d\d)"[^>]*><path class="[^"]*" fill="([^"]+)"[^>]*><title>([^<]*)</title>', page)}
        legend = re.findall(r'<li><span class="swatch"[^>]*></span>([^<]*)</li>', page)
        return regions, legend

    # 2024: Onderzoek goes to the RVT (by a transfer), and every veiligheidsregio has its own (by rule).
    regions, legend = shading("&kerntaak=3&scenario=ontwikkelrichting-2024")
    assert legend == ["regionaal veiligheidsteam (eigen eenheid in de regio)"]
    assert "RVT Fryslân" in regions["VR02"][1] and "RVT" in regions["VR25"][1] and "Fryslân" not in regions["VR25"][1]
    regions, legend = shading("&kerntaak=3&scenario=toekomstscenario-2021")  # no RVT per region in 2021
    assert legend == ["regionaal veiligheidsteam (geen regionale eenheid in de gegevens)"]
    regions, legend = shading("&kerntaak=3&scenario=huidig")  # Veilig Thuis itself; the Raad only for a finer task
    assert regions["VR02"][0] == regions["VR25"][0] and len(legend) == 1 and legend[0].startswith("Veilig Thuis-organisatie")
    regions, legend = shading("&kerntaak=9&scenario=huidig")
    assert legend == ["geen drager in de gegevens"] and "geen drager" in regions["VR02"][1]
    page = client.get("/regio/vr/VR02?kleur=kerntaak&kerntaak=3&scenario=toekomstscenario-2021")
    assert page.status_code == 200 and 'class="region current"' in page.get_data(as_text=True)
    assert_valid_html(page.data)
    bad = client.get("/regio?kleur=kerntaak&kerntaak=42")
    assert bad.status_code == 400 and "Onbekende kerntaak '42'" in bad.get_data(as_text=True)


def test_regions_with_different_carriers_get_different_colours(small_index: RegionIndex) -> None:
    """Where one region has its own unit and another only the type, the map tells them apart."""
    onderzoek = next(iri for iri, (notation, _) in small_index.kerntaken.items() if notation == "3")
    scenario = next(s.iri for s in small_index.scenarios if s.id == "ontwikkelrichting-2024")
    vr02, vr25 = (small_index.find(code, SAFETY_REGION).iri for code in ("VR02", "VR25"))
    rows = dict(small_index.region_rows)
    rows[vr25] = [replace(r, carrier=r.type, level=LEVEL_TYPE, type=None) if r.type else r for r in rows[vr25]]
    shading = carrier_shading(SimpleNamespace(region_rows=rows, by_iri=small_index.by_iri), onderzoek, scenario)
    assert shading.fills[vr02][0] != shading.fills[vr25][0]
    assert [meaning for _, meaning in shading.legend] == ["regionaal veiligheidsteam (eigen eenheid in de regio)",
                                                          "regionaal veiligheidsteam (geen regionale eenheid in de gegevens)"]


def test_a_municipality_page_shows_the_same_table_as_kg_where(client: FlaskClient, small_index: RegionIndex) -> None:
    response = client.get("/regio/gm/GM0074")
    assert response.status_code == 200
    assert_valid_html(response.data)
    page = response.get_data(as_text=True)
    assert "<h1>Gemeente Heerenveen</h1>" in page
    for text in ("Lokaal team Heerenveen", "RVT Fryslân", "Proef in Heerenveen", "in dit scenario geen eenheid per regio",
                 "r. 233–237"):  # the source, named by its document (web.citations)
        assert text in page, text
    assert 'class="region current"' in page and 'class="outline"' in page
    expected = render(answer(small_index, small_index.find("Heerenveen", MUNICIPALITY)), "json")
    data = client.get("/regio/gm/GM0074?format=json")
    assert data.mimetype == "application/json" and json.loads(data.data) == json.loads(expected)
    assert client.get("/regio/gm/gm0074?format=csv").data.decode("utf-8-sig").startswith("onderdeel,nr,kerntaak,")
    assert client.get("/regio/gm/GM0074?format=xml").status_code == 400


def test_a_veiligheidsregio_page_lists_its_municipalities(client: FlaskClient) -> None:
    response = client.get("/regio/vr/VR25")
    assert response.status_code == 200
    assert_valid_html(response.data)
    page = response.get_data(as_text=True)
    assert '<a href="/regio/gm/GM0034">Almere</a>' in page and '<a href="/regio/gm/GM0303">Dronten</a>' in page
    assert "RVT Flevoland" in page and "één per gemeente (2 gemeenten)" in page
    assert client.get("/regio/vr/VR99").status_code == 404


@pytest.mark.parametrize("query, status, target", [
    ("heerenveen", 303, "/regio/gm/GM0074"), ("GM0303", 303, "/regio/gm/GM0303"), ("", 303, "/regio"),
])
def test_the_picker_redirects_to_the_municipality(client: FlaskClient, query: str, status: int, target: str) -> None:
    response = client.get("/regio/zoek", query_string={"gemeente": query})
    assert response.status_code == status and response.headers["Location"] == target


def test_an_unknown_municipality_lists_candidates(client: FlaskClient) -> None:
    response = client.get("/regio/zoek?gemeente=Dront")
    assert response.status_code == 404
    assert_valid_html(response.data)
    assert '<a href="/regio/gm/GM0303">Dronten</a>' in response.get_data(as_text=True)


@pytest.mark.parametrize("boundaries, reason", [
    (None, "geen grenzenbestand ingesteld"), (Path("/nonexistent/grenzen.json"), "niet gevonden"),
    (DATA / "gemeenten.csv", "onbruikbaar"),
])
def test_without_boundaries_the_pages_work_and_say_the_map_is_unavailable(
        small_settings: Settings, boundaries: Path | None, reason: str) -> None:
    client = make_app(small_settings, boundaries).test_client()
    for url in ("/regio", "/regio/gm/GM0074", "/regio/vr/VR02"):
        response = client.get(url)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "De kaart is niet beschikbaar" in page and reason in page
        assert "<svg" not in page
