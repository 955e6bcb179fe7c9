"""kg conflicts on the synthetic world: the SHACL rules, the OWL check, and running without Java."""

from __future__ import annotations

import owlready2
from analysis_helpers import paths

from kg.analysis.conflicts import conflicts, load_rules
from kg.config import load_settings
from kg.namespaces import SH
from kg.validate import load_shapes

RULES = {
    "Verzoeken en uitvoeren zonder onafhankelijke toetsing",
    "Maatregelen uitvoeren én zelf jeugdhulp verlenen",
    "Exclusieve bevoegdheid gaat niet vanzelf over",
    "Toetsing en tegenspraak door de verzoekende organisatie",
}


def test_every_rule_fires_where_the_future_scenario_concentrates_roles(world) -> None:
    report = conflicts(world, "toekomst", reasoner=False)
    assert {c.rule.label for c in report.conflicts} == RULES
    assert {c.holder.label for c in report.conflicts} == {"Delta"}
    assert all(c.method == "shacl" and c.severity == "warning" for c in report.conflicts)
    assert report.reasoner is None


def test_findings_name_the_assignments_and_the_rule_sources(world) -> None:
    report = conflicts(world, "toekomst", reasoner=False)
    care = next(c for c in report.conflicts if c.rule.label.startswith("Maatregelen uitvoeren"))
    assert paths(care.evidence.statements) >= {"assignment/toekomst/jeugdhulp-verlenen/delta"}
    assert {"bwb/BWBR0034925/artikel/3.2/lid/2", "bwb/BWBR0034925/artikel/12.1"} <= paths(care.evidence.sources)
    assert "art. 12.1 Jeugdwet" in care.message and "Delta" in care.message
    exclusive = next(c for c in report.conflicts if c.rule.label.startswith("Exclusieve"))
    assert "'Beta: uitvoeren ots' van Beta" in exclusive.message


def test_today_mixed_regimes_is_info(world) -> None:
    report = conflicts(world, "huidig", reasoner=False)
    info = [c for c in report.conflicts if c.severity == "info"]
    assert [(c.rule.label, c.holder.label) for c in info] == [("Verschillende rechtsbeschermingsregimes in één organisatie", "Alfa")]
    assert paths(info[0].evidence.statements) == {"assignment/huidig/alfa-inlichtingen/alfa", "assignment/huidig/alfa-verzoek-ots/alfa"}


def test_empty_scenario_has_no_conflicts(world, java) -> None:
    report = conflicts(world, "leeg")
    assert report.conflicts == [] and report.reasoner.consistent is True


def test_hermit_finds_requester_who_is_also_reviewer(world, java) -> None:
    report = conflicts(world, "toekomst")
    assert report.reasoner.available and report.reasoner.consistent is False
    [owl] = [c for c in report.conflicts if c.method == "owl"]
    assert owl.holder.label == "Delta"
    assert "zowel verzoeker (Alfa: verzoek ots) als toetser (Alfa: toets ots)" in owl.message
    assert "ondertoezichtstelling" in owl.message and "Zekerheid" in owl.message
    assert paths(owl.evidence.statements) >= {"assignment/toekomst/alfa-verzoek-ots/delta", "assignment/toekomst/alfa-toets-ots/delta"}


def test_without_java_the_owl_part_is_skipped(world, monkeypatch) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    report = conflicts(world, "toekomst")
    assert report.reasoner.available is False and report.reasoner.consistent is None
    assert "overgeslagen" in report.reasoner.message
    assert {c.rule.label for c in report.conflicts} == RULES


def test_analysis_rules_are_not_loaded_by_kg_validate() -> None:
    settings = load_settings()
    integrity, analysis = load_shapes(settings.shapes_dir), load_rules()
    assert not set(integrity.subjects(SH.sparql, None)) & set(analysis.subjects(SH.sparql, None))
    assert {str(s) for s in analysis.subjects(SH.severity, None)} <= {str(s) for s in analysis.subjects(SH.sparql, None)}
    assert set(analysis.objects(None, SH.severity)) <= {SH.Warning, SH.Info}
