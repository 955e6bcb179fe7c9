"""The analyses on the shipped data never claim more than the sources say (issue 8).

Rules have a scope: a design principle of the Toekomstscenario (bijlage 5, § 5.7) is no
rule of today's statute law, so today's statutory roles are not reported as contradictory;
advising and being heard (art. 810 Rv, art. 265j lid 3 BW Boek 1) are not reviewing.
"""

from __future__ import annotations

from analysis_helpers import iri, paths
from rdflib import URIRef
from rdflib.namespace import SKOS

from kg.analysis.conflicts import conflicts, load_rules
from kg.namespaces import KGB, SH

SCENARIOS = ("huidig", "toekomstscenario-2021", "ontwikkelrichting-2024")


def test_today_no_inconsistency_and_no_role_exclusion(facts, java) -> None:
    report = conflicts(facts, "huidig")
    assert report.reasoner.available and report.reasoner.consistent is True
    assert not [c for c in report.conflicts if c.method == "owl"]
    assert not [c for c in report.conflicts if "toetser" in c.message or "Toetsing en tegenspraak" in c.rule.label]
    assert {r.label for r in report.not_applied} >= {"Toetsing en tegenspraak door de verzoekende organisatie",
                                                      "Rollen gescheiden houden: verzoeker en toetser"}


def test_advising_is_not_reviewing(facts) -> None:
    for position in ("position/rvdk-advies-aan-rechter", "position/rvdk-advies-verlenging-ots-met-uithuisplaatsing"):
        roles = facts.positions[URIRef(iri(position))].roles
        assert KGB.Advising in roles and KGB.Reviewing not in roles


def test_every_rule_has_a_scope_a_reason_and_sources() -> None:
    rules = load_rules()
    for constraint in rules.objects(None, SH.sparql):
        assert rules.value(constraint, KGB.ruleScope) in {KGB.EveryScenario, KGB.FutureScenarios}, constraint
        assert rules.value(constraint, SKOS.scopeNote), constraint


def test_each_finding_in_every_scenario_names_scope_and_source(facts) -> None:
    for scenario in SCENARIOS:
        for c in conflicts(facts, scenario, reasoner=False).conflicts:
            d = c.to_dict()["rule"]
            assert d["scope"]["iri"] in {str(KGB.EveryScenario), str(KGB.FutureScenarios)}
            assert d["scopeNote"] and d["sources"], (scenario, c.rule.label)
            assert {s["iri"] for s in d["sources"]} <= {s.iri for s in c.evidence.sources}


def test_future_principles_still_apply_to_future_scenarios(facts, java) -> None:
    report = conflicts(facts, "toekomstscenario-2021")
    owl = [c for c in report.conflicts if c.method == "owl"]
    assert owl and all(paths([c.holder]) == {"orgtype/regionaal-veiligheidsteam"} for c in owl)
    assert all(c.rule.scope.iri == str(KGB.FutureScenarios) for c in owl)
    assert "Toetsing en tegenspraak door de verzoekende organisatie" in {c.rule.label for c in report.conflicts}


# --- certainty is evidence -----------------------------------------------------------------

def test_2024_only_the_toets_en_advies_is_a_decided_exclusion(facts) -> None:
    from kg.analysis.inherit import inherit
    data = inherit(facts, "ontwikkelrichting-2024").to_dict()
    decided = [e["item"]["iri"] for e in data["excluded"] if e["certainty"]["iri"] == str(KGB.Decided)]
    assert decided == [iri("task/toets-en-advies")]
    inferred = {e["item"]["iri"]: e for e in data["excluded"] if e["grounds"] == "inference"}
    assert set(inferred) == {iri("task/jeugdstrafrecht-advisering"), iri("task/onderzoek-gezag-en-omgang")}
    for e in inferred.values():
        assert e["certainty"]["iri"] == str(KGB.ToBeDecided) and e["groundsLabel"] == "afgeleid door ons"
        assert "jeugdbescherming" in e["inference"]


def test_our_inferences_are_never_decided_and_say_so(facts) -> None:
    from kg.analysis.inherit import inherit
    inferred = [a for a in facts.assignments if a.inference]
    assert inferred and all(a.certainty != KGB.Decided for a in inferred)
    supervision = facts.holdings(URIRef(iri("scenario/ontwikkelrichting-2024")))[URIRef(iri("position/rvdk-toezicht-jeugdreclassering"))]
    [kept] = supervision[URIRef(iri("org/raad-voor-de-kinderbescherming"))]
    assert kept.certainty == KGB.ToBeDecided and "volgens onze lezing" in kept.inference
    text = "\n".join(row for t in inherit(facts, "ontwikkelrichting-2024", "raad-voor-de-kinderbescherming").tables()
                     for row in map(str, t.rows))
    assert "afgeleid door ons" in text


# --- overlap classes from the sources -----------------------------------------------------

def test_today_only_the_estafette_is_duplication_with_its_source(facts) -> None:
    from kg.analysis.overlaps import overlaps
    report = overlaps(facts, "huidig")
    core = {o.subject.iri: o for o in report.overlaps if o.kind == "core-task"}
    duplicated = [i for i, o in core.items() if o.classification == "duplication"]
    assert iri("task/onderzoek") in duplicated and len(duplicated) <= 2
    research = core[iri("task/onderzoek")]
    assert "estafette" in research.reason
    assert "seed/000_c76da6159ae9a83d/L32-L34" in paths(research.evidence.sources)
    assert core[iri("task/beslissen-gedwongen-maatregel")].classification == "different-judges"
    assert report.to_dict()["overlaps"][list(core).index(iri("task/beslissen-gedwongen-maatregel"))][
        "classificationLabel"].startswith("taakverdeling")


def test_raad_and_om_may_both_request_on_purpose(facts) -> None:
    from kg.analysis.overlaps import overlaps
    ots = next(o for o in overlaps(facts, "huidig").overlaps
               if o.kind == "position" and o.subject.iri == iri("measure/ondertoezichtstelling") and o.role.iri == str(KGB.Requesting))
    assert ots.classification == "concurrent-competence"
    assert "overheidsorgaan" in ots.reason and "Openbaar Ministerie" in ots.reason
    assert "seed/004_e61924f29c307353/L2222-L2224" in paths(ots.evidence.sources)


# --- diff: silence is not abolition --------------------------------------------------------

def test_2021_to_2024_nothing_disappears_without_a_source(facts) -> None:
    from kg.analysis.diff import diff
    report = diff(facts, "toekomstscenario-2021", "ontwikkelrichting-2024")
    kinds = {(c.kind, c.item.iri) for c in report.changes}
    for c in report.changes:
        if c.kind == "disappears":
            assert any(s.kind == "kgb:Transfer" and facts.transfer(URIRef(s.iri)).dissolves for s in c.evidence.statements)
    assert not [c for c in report.changes if c.kind == "disappears"]
    # the RVT's own 2021 powers and the lokaal team's vast gezicht: the 2024 sources are silent
    assert ("not-addressed", iri("task/vast-gezicht")) in kinds
    assert ("not-addressed", iri("position/rvt-uitvoeren-kinderbeschermingsmaatregelen")) in kinds
    assert all("zegt" in c.reason for c in report.changes if c.kind == "not-addressed")
    # what 2024 does say still moves: the toets back to the Raad, jeugdreclassering to central steering
    assert ("moves", iri("task/toets-en-advies")) in kinds
    assert {o.status for o in report.organisations} <= {"appears", "disappears", "holds-nothing", "changes", "not-addressed"}
    assert "disappears" not in {o.status for o in report.organisations}


# --- the model -------------------------------------------------------------------------------

def test_exactly_the_four_child_protection_measures_of_jeugdwet_1_1(facts) -> None:
    child = {m for m, types in facts.measures.items() if KGB.ChildProtectionMeasure in types}
    assert child == {URIRef(iri(f"measure/{m}")) for m in
                     ("voogdij", "voorlopige-voogdij", "ondertoezichtstelling", "voorlopige-ondertoezichtstelling")}
    assert KGB.AuthorityMeasure in facts.measures[URIRef(iri("measure/gezagsbeeindigende-maatregel"))]


def test_toetsing_en_tegenspraak_by_professionals_from_another_rvt(facts) -> None:
    action = facts.positions[URIRef(iri("position/rvt-toetsing-en-tegenspraak"))].action
    assert "uit een ander RVT" in action and "juristen en gedragswetenschappers" in action
    assert "seed/004_e61924f29c307353/L637-L641" in paths(facts.sources(facts.positions[URIRef(iri("position/rvt-toetsing-en-tegenspraak"))].sources))
