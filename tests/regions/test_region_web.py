"""The region pages through Flask's test client: picker, map, tables, data formats, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.config import Settings
from kg.regions.output import render
from kg.regions.places import MUNICIPALITY
from kg.regions.where import RegionIndex, answer
from kg.store import EmbeddedStore
from tests.regions.conftest import DATA
from tests.web.html_check import assert_valid_html
from web import create_app


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
