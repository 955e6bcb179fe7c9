"""Every stored query runs; the competency questions give the answers the sources give."""

from __future__ import annotations

import pytest

from kg.namespaces import ID, KGB
from kg.query import list_queries, load_query

ALL = list_queries()
HUIDIG, S2021, S2024 = ID["scenario/huidig"], ID["scenario/toekomstscenario-2021"], ID["scenario/ontwikkelrichting-2024"]
GI, RVDK, RVT = ID["orgtype/gecertificeerde-instelling"], ID["org/raad-voor-de-kinderbescherming"], ID["orgtype/regionaal-veiligheidsteam"]


def rows(store, name: str) -> list[dict]:
    return store.select(load_query(name).text)


@pytest.mark.parametrize("query", ALL, ids=[q.name for q in ALL])
def test_every_stored_query_runs_and_says_what_it_answers(store, query) -> None:
    assert query.title.endswith("?") or query.name.startswith(("export/", "lookup/", "checks/", "regions/", "analysis/"))
    store.query(query.text)


def test_there_are_at_least_25_competency_questions_each_also_asked_in_dutch() -> None:
    questions = list_queries("cq")
    assert len(questions) >= 25
    assert all(q.title_nl and q.title_nl.endswith("?") for q in questions), [q.name for q in questions if not q.title_nl]


def test_cq01_jeugdwet_3_2_grounds_gi_execution_and_the_jeugdhulp_prohibition(store) -> None:
    found = {(r["type"], r["basis"], r.get("holder")) for r in rows(store, "cq/01-powers-on-jeugdwet-3-2")}
    assert (KGB.Power, ID["bwb/BWBR0034925/artikel/3.2/lid/1"], GI) in found
    assert (KGB.Prohibition, ID["bwb/BWBR0034925/artikel/3.2/lid/2"], GI) in found


def test_cq02_research_is_done_by_several_organisations_today(store) -> None:
    by_task = {r["kerntaak"]: int(r["holders"]) for r in rows(store, "cq/02-kerntaken-with-several-holders-today")}
    assert by_task.get(ID["task/onderzoek"], 0) >= 3, by_task


def test_cq03_kinderrechter_imposes_ots_at_the_request_of_the_rvdk(store) -> None:
    found = {(r["measure"], r.get("requester")) for r in rows(store, "cq/03-kinderrechter-measures-and-requesters")}
    assert (ID["measure/ondertoezichtstelling"], RVDK) in found


def test_cq04_gi_executes_the_ots(store) -> None:
    found = {(r["measure"], r["holder"]) for r in rows(store, "cq/04-who-executes-measures-today")}
    assert (ID["measure/ondertoezichtstelling"], GI) in found


def test_cq05_rvdk_requests_measures_today(store) -> None:
    bases = {r.get("basis") for r in rows(store, "cq/05-rvdk-positions-today")}
    assert any(str(b).startswith(str(ID["bwb/BWBR0002656/artikel/255"])) for b in bases if b)


def test_cq06_future_positions_without_legal_basis_belong_to_the_rvt(store) -> None:
    result = rows(store, "cq/06-positions-without-legal-basis")
    assert any(r.get("holder") == RVT for r in result)


def test_cq07_provisions_naming_the_gi_include_article_3_2(store) -> None:
    jcis = {str(r.get("jci")) for r in rows(store, "cq/07-provisions-naming-the-gi")}
    assert any(j.startswith("jci1.3:c:BWBR0034925&artikel=3.2") for j in jcis), jcis


def test_cq08_transfers_2024_vt_expected_rvdk_to_be_decided(store) -> None:
    found = {(r["scenario"], r["from"], r["to"], r["certainty"]) for r in rows(store, "cq/08-transfers-per-scenario")}
    assert (S2024, ID["orgtype/veilig-thuis"], RVT, KGB.Expected) in found
    assert (S2024, RVDK, RVT, KGB.ToBeDecided) in found


def test_cq09_toets_en_advies_is_excluded_in_2024(store) -> None:
    found = {(r["scenario"], r["from"], r["excluded"]) for r in rows(store, "cq/09-explicit-exclusions")}
    assert (S2024, RVDK, ID["task/toets-en-advies"]) in found


def test_cq11_every_kerntaak_has_a_holder_today(store) -> None:
    today = [r for r in rows(store, "cq/11-kerntaak-holders-per-scenario") if r["scenario"] == HUIDIG]
    assert len(today) == 9
    assert all(str(r.get("holders", "")).strip() for r in today), [r["kerntaak"] for r in today if not r.get("holders")]


def test_cq16_every_cited_provision_has_jci_version_and_link(store) -> None:
    result = rows(store, "cq/16-cited-provisions-with-jci")
    assert len(result) >= 20
    assert all("version" in r and "url" in r for r in result), [r["provision"] for r in result if "version" not in r]


def test_cq22_rvdk_toets_en_advies_stays_with_the_rvdk_in_2024(store) -> None:
    found = {(r["item"], r["scenario"], r["holder"]) for r in rows(store, "cq/22-rvdk-items-2021-vs-2024")}
    assert (ID["task/toets-en-advies"], S2024, RVDK) in found


def test_cq23_jeugdreclassering_goes_to_the_rvt_in_2021_and_central_steering_in_2024(store) -> None:
    found = {(r["scenario"], r["holder"]) for r in rows(store, "cq/23-jeugdreclassering-per-scenario")}
    assert (HUIDIG, GI) in found
    assert (S2021, RVT) in found
    assert (S2024, ID["org/centrale-jeugdreclassering"]) in found
    assert (S2024, RVT) not in found


def test_cq25_burgemeester_imposes_the_tijdelijk_huisverbod(store) -> None:
    found = {(r.get("measure"), str(r.get("basis", ""))) for r in rows(store, "cq/25-powers-of-the-burgemeester")}
    assert any(m == ID["measure/tijdelijk-huisverbod"] and b.startswith(str(ID["bwb/BWBR0024649"])) for m, b in found), found


def test_cq26_rvt_inherits_gi_execution_in_2024(store) -> None:
    found = {(r["item"], r.get("from")) for r in rows(store, "cq/26-rvt-items-2024")}
    assert any(origin == GI for _, origin in found), found
