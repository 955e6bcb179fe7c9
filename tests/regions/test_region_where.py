"""kg where: place lookup, resolution to regional instances, pilots, sources and output formats."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import Settings
from kg.regions.output import CSV_COLUMNS, render
from kg.regions.places import MUNICIPALITY, SAFETY_REGION, AmbiguousPlace, PlaceNotFound, name_key
from kg.regions.where import LEVEL_INSTANCE, LEVEL_ORGANISATION, LEVEL_TYPE, NO_CARRIER, RegionIndex, answer

ID = "https://w3id.org/kgb/id/"


def rows_for(index: RegionIndex, query: str, kind: str, kerntaak: str, scenario: str):
    result = answer(index, index.find(query, kind))
    return [r for r in result.rows if r.kerntaak.iri == ID + f"task/{kerntaak}" and r.scenario.id == scenario]


# --- finding a place ---------------------------------------------------------

def test_names_compare_without_case_accents_or_punctuation() -> None:
    assert name_key("Súdwest-Fryslân") == name_key("sudwest fryslan") == "sudwest fryslan"
    assert name_key("Noord- en Oost-Gelderland") == name_key("noord en oost gelderland")


@pytest.mark.parametrize("query, kind, code", [
    ("Heerenveen", MUNICIPALITY, "GM0074"), ("HEERENVEEN", MUNICIPALITY, "GM0074"), ("gm0074", MUNICIPALITY, "GM0074"),
    ("sudwest-fryslan", MUNICIPALITY, "GM1900"), ("VR02", SAFETY_REGION, "VR02"), ("fryslan", SAFETY_REGION, "VR02"),
])
def test_a_place_is_found_by_code_or_whole_name(small_index: RegionIndex, query: str, kind: str, code: str) -> None:
    assert small_index.find(query, kind).code == code


def test_unknown_and_partial_names_list_candidates(real_index: RegionIndex) -> None:
    with pytest.raises(AmbiguousPlace) as ambiguous:
        real_index.find("Bergen", MUNICIPALITY)
    assert {p.name for p in ambiguous.value.candidates} == {"Bergen (L.)", "Bergen (NH.)", "Bergen op Zoom"}
    with pytest.raises(PlaceNotFound) as partial:
        real_index.find("Heeren", MUNICIPALITY)
    assert "Heerenveen" in {p.name for p in partial.value.candidates}
    with pytest.raises(PlaceNotFound) as unknown:
        real_index.find("Atlantis", MUNICIPALITY)
    assert unknown.value.candidates == []
    with pytest.raises(PlaceNotFound):
        real_index.find("Heerenveen", SAFETY_REGION)  # a municipality is not a veiligheidsregio


# --- carriers, resolved to regional instances --------------------------------

def test_an_organisation_type_resolves_to_this_municipalitys_instance(small_index: RegionIndex) -> None:
    [row] = rows_for(small_index, "Dronten", MUNICIPALITY, "preventie-en-signalering", "huidig")
    assert (row.carrier.label, row.level, row.type.label) == ("Lokaal team Dronten", LEVEL_INSTANCE, "lokaal team")
    assert {s.iri for s in row.sources} == {ID + "seed/004_e61924f29c307353/L233-L237"}
    assert ID + "rule/lokaal-team-per-gemeente" in {s.iri for s in row.instance_sources}


def test_the_rvt_resolves_to_the_veiligheidsregio_instance_only_in_2024(small_index: RegionIndex) -> None:
    rows_2024 = {r.carrier.label: r for r in rows_for(small_index, "Heerenveen", MUNICIPALITY, "onderzoek", "ontwikkelrichting-2024")}
    assert set(rows_2024) == {"RVT Fryslân", "Raad voor de Kinderbescherming"}
    rvt = rows_2024["RVT Fryslân"]
    assert rvt.level == LEVEL_INSTANCE and rvt.certainty.iri.endswith("#Expected")
    # derived by inheritance: the sources of the base assignment and of the transfer
    assert {s.iri for s in rvt.sources} == {ID + "bwb/BWBR0035362/artikel/4.1.1/lid/2",
                                            ID + "seed/002_d8bfcf3eebcdfeb7/L171-L171"}
    assert rows_2024["Raad voor de Kinderbescherming"].level == LEVEL_ORGANISATION
    assert [r.label for r in rows_2024["Raad voor de Kinderbescherming"].via] == ["Uitgebreid onderzoek"]
    rows_2021 = {r.carrier.label: r for r in rows_for(small_index, "Heerenveen", MUNICIPALITY, "onderzoek", "toekomstscenario-2021")}
    assert set(rows_2021) == {"regionaal veiligheidsteam", "Raad voor de Kinderbescherming"}
    assert rows_2021["regionaal veiligheidsteam"].level == LEVEL_TYPE
    assert rows_2021["regionaal veiligheidsteam"].note == "in dit scenario geen eenheid per regio"


def test_a_veiligheidsregio_keeps_municipal_types_as_types(small_index: RegionIndex) -> None:
    [row] = rows_for(small_index, "VR25", SAFETY_REGION, "preventie-en-signalering", "huidig")
    assert (row.carrier.label, row.level, row.note) == ("lokaal team", LEVEL_TYPE, "één per gemeente (2 gemeenten)")
    [rvt] = [r for r in rows_for(small_index, "VR25", SAFETY_REGION, "onderzoek", "ontwikkelrichting-2024")
             if r.level == LEVEL_INSTANCE]
    assert rvt.carrier.label == "RVT Flevoland"


def test_a_kerntaak_without_carrier_says_so_and_names_where_it_is_defined(small_index: RegionIndex) -> None:
    result = answer(small_index, small_index.find("Almere", MUNICIPALITY))
    empty = [r for r in result.rows if r.kerntaak.iri == ID + "task/rechtsbescherming"]
    assert [r.scenario.id for r in empty] == ["huidig", "toekomstscenario-2021", "ontwikkelrichting-2024"]
    assert all(r.carrier is None and r.note == NO_CARRIER for r in empty)
    assert all([s.iri for s in r.sources] == [ID + "seed/004_e61924f29c307353/L204-L204"] for r in empty)


def test_pilots_active_in_a_municipality_or_its_region(small_index: RegionIndex) -> None:
    heerenveen = answer(small_index, small_index.find("Heerenveen", MUNICIPALITY))
    assert [(p.pilot.label, p.scope) for p in heerenveen.pilots] == [
        ("Proef in Heerenveen", "in deze gemeente; in veiligheidsregio Fryslân")]
    sudwest = answer(small_index, small_index.find("Súdwest-Fryslân", MUNICIPALITY))
    assert [p.scope for p in sudwest.pilots] == ["in veiligheidsregio Fryslân"]
    fryslan = answer(small_index, small_index.find("VR02", SAFETY_REGION))
    assert [p.scope for p in fryslan.pilots] == ["in deze veiligheidsregio; in gemeente Heerenveen"]
    flevoland = answer(small_index, small_index.find("VR25", SAFETY_REGION))
    assert [(p.pilot.label, p.kind) for p in flevoland.pilots] == [("Beproevende regio Flevoland", "beproevende regio")]


# --- the real data ------------------------------------------------------------

def test_heerenveen_shows_the_fryslan_rvt_proeftuin(real_index: RegionIndex) -> None:
    result = answer(real_index, real_index.find("heerenveen", MUNICIPALITY))
    assert result.region is not None and result.region.code == "VR02"
    [pilot] = [p for p in result.pilots if p.pilot.iri == ID + "pilot/regionaal-veiligheidsteam-fryslan"]
    assert "in deze gemeente" in pilot.scope
    assert [t.iri for t in pilot.tries_out] == [ID + "orgtype/regionaal-veiligheidsteam"]
    assert pilot.start == "2023-01-10"


def test_dronten_shows_the_flevoland_pilot(real_index: RegionIndex) -> None:
    result = answer(real_index, real_index.find("Dronten", MUNICIPALITY))
    labels = {p.pilot.label: p for p in result.pilots}
    assert "Nu beter beschermen, leren voor later" in labels
    assert labels["Nu beter beschermen, leren voor later"].scope.startswith("in deze gemeente")


@pytest.mark.parametrize("query, kind", [("Heerenveen", MUNICIPALITY), ("Dronten", MUNICIPALITY),
                                         ("VR09", SAFETY_REGION), ("Amsterdam", MUNICIPALITY)])
def test_every_row_names_its_source(real_index: RegionIndex, query: str, kind: str) -> None:
    result = answer(real_index, real_index.find(query, kind))
    assert {r.kerntaak.iri for r in result.rows} == {ID + f"task/{t}" for t in (
        "preventie-en-signalering", "vragen-en-zorgen-ontvangen", "onderzoek", "hulp-organiseren-en-verstrekken",
        "directe-veiligheid-bij-spoed", "verzoeken-gedwongen-maatregel", "toetsing-en-tegenspraak",
        "beslissen-gedwongen-maatregel", "rechtsbescherming")}
    assert all(r.all_sources for r in result.rows)
    assert all(r.sources for r in result.pilots)
    assert all(r.instance_sources for r in result.rows if r.level == LEVEL_INSTANCE)
    parsed = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert parsed and all(row["sources"] and row["source_iris"] for row in parsed)


# --- output formats and the command -------------------------------------------

def test_json_has_the_documented_shape(small_index: RegionIndex) -> None:
    data = json.loads(render(answer(small_index, small_index.find("Heerenveen", MUNICIPALITY)), "json"))
    assert set(data) == {"place", "safetyRegion", "municipalities", "scenarios", "kerntaken", "pilots"}
    assert data["place"] == {"iri": ID + "region/gm/GM0074", "kind": "gemeente", "code": "GM0074", "name": "Heerenveen"}
    assert data["safetyRegion"]["code"] == "VR02"
    assert [s["id"] for s in data["scenarios"]] == ["huidig", "toekomstscenario-2021", "ontwikkelrichting-2024"]
    assert [k["notation"] for k in data["kerntaken"]] == ["1", "3", "9"]
    carrier = data["kerntaken"][0]["carriers"][0]
    assert set(carrier) == {"scenario", "carrier", "level", "type", "via", "certainty", "note", "sources", "instanceSources"}
    assert set(data["pilots"][0]) == {"iri", "label", "kind", "scope", "tranche", "start", "triesOut", "sources"}


def test_csv_has_one_header_and_a_section_per_row(small_index: RegionIndex) -> None:
    text = render(answer(small_index, small_index.find("Heerenveen", MUNICIPALITY)), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {r["section"] for r in rows} == {"kerntaak", "proeftuin"}


def invoke(settings: Settings, *args: str):
    return CliRunner().invoke(main, ["--data-dir", str(settings.data_dir), "--build-dir", str(settings.build_dir),
                                     "where", *args])


def test_the_command_prints_a_table_csv_and_json(small_settings: Settings) -> None:
    table = invoke(small_settings, "--gemeente", "heerenveen")
    assert table.exit_code == 0, table.output
    assert "gemeente Heerenveen (GM0074), veiligheidsregio Fryslân (VR02)" in table.output
    assert "Lokaal team Heerenveen" in table.output and "Proef in Heerenveen" in table.output
    assert json.loads(invoke(small_settings, "--regio", "VR02", "--format", "json").output)["place"]["code"] == "VR02"
    assert invoke(small_settings, "--regio", "Flevoland", "--format", "csv").output.startswith("section,")


@pytest.mark.parametrize("args, message", [
    (("--gemeente", "Atlantis"), "geen gemeente gevonden voor 'Atlantis'"),
    (("--gemeente", "Dront"), "bedoelt u:\n  GM0303  Dronten"),
    (("--regio", "VR99"), "geen veiligheidsregio gevonden"),
    ((), "geef precies één van --gemeente en --regio"),
    (("--gemeente", "Dronten", "--regio", "VR25"), "geef precies één van --gemeente en --regio"),
])
def test_the_command_exits_2_on_unknown_or_ambiguous_places(small_settings: Settings, args, message: str) -> None:
    result = invoke(small_settings, *args)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize("query, name", [
    ("'s-Hertogenbosch", "'s-Hertogenbosch"), ("Den Bosch", "'s-Hertogenbosch"), ("s Gravenhage", "'s-Gravenhage"),
    ("den haag", "'s-Gravenhage"), ("Hengelo", "Hengelo (O.)"), ("De Friese Meren", "De Fryske Marren"),
])
def test_official_and_common_names(real_index: RegionIndex, query: str, name: str) -> None:
    assert real_index.find(query, MUNICIPALITY).name == name


def test_near_misses_are_suggested(real_index: RegionIndex) -> None:
    for typo, meant in (("Amsterdm", "Amsterdam"), ("Hertogenbosch", "'s-Hertogenbosch"), ("Roterdam", "Rotterdam")):
        with pytest.raises(PlaceNotFound) as missed:
            real_index.find(typo, MUNICIPALITY)
        assert meant in {p.name for p in missed.value.candidates}
