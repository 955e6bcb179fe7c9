"""The knowledge the seed sweep added: actors, powers and measures with holders and sources,
tensions with sources, the timeline, and the competency questions that ask about them."""

from __future__ import annotations

from kg.namespaces import ID
from kg.query import load_query

PREFIXES = """PREFIX kgb: <https://w3id.org/kgb/def#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX id: <https://w3id.org/kgb/id/>"""


def rows(store, name: str) -> list[dict]:
    return store.select(load_query(name).text)


def count(store, where: str) -> int:
    return int(store.select(f"{PREFIXES} SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0]["n"])


def test_at_least_55_actors_with_sources(store) -> None:
    assert count(store, """?x a ?c . ?c rdfs:subClassOf* kgb:Actor . ?x prov:wasDerivedFrom ?src
                           FILTER NOT EXISTS { ?x a kgb:RegionalInstance }""") >= 55


def test_at_least_42_powers_and_measures_with_holders_and_sources(store) -> None:
    powers = """{ ?x a kgb:Power ; prov:wasDerivedFrom ?s . ?a kgb:assignedPosition ?x ; kgb:assignee ?h }
                UNION { ?x a ?m . ?m rdfs:subClassOf* kgb:Measure . ?x prov:wasDerivedFrom ?s .
                        ?p kgb:concernsMeasure ?x . ?a kgb:assignedPosition ?p ; kgb:assignee ?h }"""
    assert count(store, powers) >= 42


def test_at_least_30_tensions_with_sources_and_a_kind(store) -> None:
    assert count(store, "?x a kgb:Tension ; kgb:tensionKind ?k ; prov:wasDerivedFrom ?s") >= 30
    assert count(store, "?x a kgb:Tension FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?s }") == 0


def test_cq29_the_landelijk_netwerk_zorg_straf_has_its_five_members(store) -> None:
    found = {r["group"]: int(r["members"]) for r in rows(store, "cq/29-network-members")}
    assert found[ID["org/landelijk-netwerk-zorg-straf"]] == 5
    assert found[ID["org/bestuurlijke-kerngroep"]] == 8


def test_cq30_eight_measures_alongside_or_instead_of_an_ots(store) -> None:
    result = rows(store, "cq/30-measures-alongside-ots")
    assert {int(r["count"]) for r in result} == {8} and len(result) == 8
    assert {ID["measure/tijdelijk-huisverbod"], ID["measure/bijzondere-voorwaarden"], ID["measure/mentorschap"]} <= {
        r["measure"] for r in result}


def test_cq31_the_choice_of_29_october_2024_was_made_by_the_opdrachtgevers_and_is_before_2025(store) -> None:
    found = {r["decision"]: r for r in rows(store, "cq/31-decisions-before-a-date")}
    choice = found[ID["event/2024-10-29-ontwikkelrichting-rvt"]]
    assert str(choice["date"]) == "2024-10-29" and "opdrachtgevers" in str(choice["decidedBy"])
    assert ID["event/2025-voorjaar-besluit-inrichting-rvt"] not in found  # planned, and after the date


def test_cq32_sources_name_most_tensions_and_inconsistencies_are_ours(store) -> None:
    result = rows(store, "cq/32-tensions-per-kind-and-scenario")
    by_kind: dict[str, list[int]] = {}
    for r in result:
        by_kind.setdefault(str(r["kind"]), []).append(int(r["namedBySource"]))
    assert sum(by_kind["tegenstrijdigheid tussen bronnen"]) == 0
    assert sum(by_kind["open vraag"]) >= 10


def test_cq33_the_rechtbank_suspends_parental_authority_and_the_kantonrechter_sets_up_mentorschap(store) -> None:
    found = {(r["measure"], r["decider"]) for r in rows(store, "cq/33-who-decides-each-measure-today")}
    assert (ID["measure/schorsing-van-het-gezag"], ID["orgtype/rechtbank"]) in found
    assert (ID["measure/mentorschap"], ID["org/kantonrechter"]) in found
    assert (ID["measure/bijzondere-voorwaarden"], ID["org/strafrechter"]) in found


def test_cq34_which_raad_tasks_go_to_the_rvt_is_an_open_question(store) -> None:
    found = {r["tension"] for r in rows(store, "cq/34-open-questions-about-the-rvt")}
    assert ID["tension/welke-taken-van-de-raad-naar-het-rvt"] in found


def test_the_gi_and_the_college_may_request_a_machtiging_gesloten_jeugdhulp(store) -> None:
    requesters = {r["h"] for r in store.select(f"""{PREFIXES} SELECT ?h WHERE {{
        ?p kgb:concernsMeasure id:measure\\/machtiging-gesloten-jeugdhulp ; kgb:measureRole kgb:Requesting .
        ?a kgb:assignedPosition ?p ; kgb:inScenario id:scenario\\/huidig ; kgb:assignee ?h }}""")}
    assert {ID["orgtype/gecertificeerde-instelling"], ID["orgtype/college-van-burgemeester-en-wethouders"],
            ID["org/raad-voor-de-kinderbescherming"], ID["org/openbaar-ministerie"]} <= requesters
