"""Tensions: every tension that names an analysis is evidenced by a finding of it; the
findings carry the tensions they evidence; kg tensions and kg timeline answer."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.analysis.overlaps import overlaps
from kg.analysis.tensions import Finding, Tension, evidences, link, tensions
from kg.analysis.model import Ref
from kg.cli import main
from kg.namespaces import ID


@pytest.fixture(scope="module")
def report(facts):
    return tensions(facts)


def test_every_tension_that_names_an_analysis_is_evidenced_by_one_of_its_findings(report) -> None:
    claimed = [t for t in report.tensions if t.evidenced_by]
    assert len(claimed) >= 10
    assert [t.ref.iri for t in claimed if not t.findings] == []
    assert all(f.analysis in t.evidenced_by for t in claimed for f in t.findings)


def test_status_separates_what_sources_name_from_curator_inferences(report) -> None:
    by_iri = {t.ref.iri: t for t in report.tensions}
    assert by_iri[str(ID["tension/estafette-in-onderzoek"])].status == "both"
    assert by_iri[str(ID["tension/verzoek-en-uitvoering-bij-het-rvt"])].status == "evidenced"
    assert by_iri[str(ID["tension/einde-van-fase-2"])].status == "inferred"
    assert by_iri[str(ID["tension/adviesplicht-meldcode"])].status == "named"
    assert len(report.tensions) >= 30 and all(t.sources for t in report.tensions)


def test_an_overlap_finding_links_to_the_tension_it_evidences(facts) -> None:
    result = link(overlaps(facts, "huidig").to_dict(), facts)
    research = next(o for o in result["overlaps"] if o["subject"]["iri"] == str(ID["task/onderzoek"]))
    assert str(ID["tension/estafette-in-onderzoek"]) in {t["iri"] for t in research["tensions"]}


def test_a_finding_about_other_holders_does_not_evidence_the_tension() -> None:
    s = Ref(str(ID["scenario/huidig"]), "huidig")
    tension = Tension(Ref("t", "t"), "", Ref("k", "k"), True, [Ref(str(ID["task/onderzoek"]), ""), Ref(str(ID["org/politie"]), "")],
                      [s], ("overlaps",), [])
    other = Finding("overlaps", s, Ref(str(ID["task/onderzoek"]), ""), (Ref(str(ID["orgtype/lokaal-team"]), ""),), "")
    police = Finding("overlaps", s, Ref(str(ID["task/onderzoek"]), ""), (Ref(str(ID["org/politie"]), ""),), "")
    assert not evidences(other, tension) and evidences(police, tension)
    assert not evidences(Finding("gaps", s, police.subject, police.holders, ""), tension)


def test_kg_tensions_for_one_scenario_and_kg_timeline_before_a_date(settings, store) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["--build-dir", str(settings.build_dir), "tensions", "-s", "huidig", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["scenario"]["iri"] == str(ID["scenario/huidig"]) and data["summary"]["byStatus"]["both"] >= 2
    before = runner.invoke(main, ["--build-dir", str(settings.build_dir), "timeline", "--before", "2025-01-01",
                                  "--decisions", "--format", "json"])
    events = {e["event"]["iri"]: e for e in json.loads(before.stdout)["events"]}
    choice = events[str(ID["event/2024-10-29-ontwikkelrichting-rvt"])]
    assert choice["date"] == "2024-10-29" and choice["decidedBy"][0]["iri"] == str(ID["org/opdrachtgevers-toekomstscenario"])
    assert all(e["sortDate"] < "2025-01-01" and e["type"] == "decision" for e in events.values())
    bad = runner.invoke(main, ["--build-dir", str(settings.build_dir), "tensions", "-s", "morgen"])
    assert bad.exit_code == 2 and "onbekend scenario" in bad.output
