"""kg overlaps, gaps, diff and relay on the synthetic world."""

from __future__ import annotations

from analysis_helpers import iri, paths

from kg.analysis.diff import diff
from kg.analysis.gaps import gaps
from kg.analysis.overlaps import overlaps
from kg.analysis.relay import relay


def test_overlaps_are_classified(world) -> None:
    report = overlaps(world, "huidig")
    core = {o.subject.label: o.classification for o in report.overlaps if o.kind == "core-task"}
    # duplication only where a source names it; other holders of other tasks divide the work
    assert core == {"Onderzoek": "duplication", "Verzoeken": "different-measures", "Toetsing": "shared",
                    "Beslissen": "different-judges", "Hulp": "division-of-labour"}
    onderzoek = next(o for o in report.overlaps if o.subject.label == "Onderzoek")
    assert paths(h.holder for h in onderzoek.holders) == {"org/alfa", "org/beta"}
    assert paths(onderzoek.evidence.statements) >= {"assignment/huidig/onderzoek/alfa", "assignment/huidig/onderzoek/beta",
                                                   "overlap/huidig/onderzoek"}
    assert "opnieuw" in onderzoek.reason and "seed/004_e61924f29c307353/L1-L1" in paths(onderzoek.evidence.sources)


def test_without_a_source_several_holders_of_one_task_are_not_called_duplication(world) -> None:
    report = overlaps(world, "toekomst")
    assert "duplication" not in {o.classification for o in report.overlaps}


def test_no_overlap_in_an_empty_scenario(world) -> None:
    assert overlaps(world, "leeg").overlaps == []


def test_gaps_in_the_future_scenario(world) -> None:
    found = {(g.kind, g.subject.iri.removeprefix("https://w3id.org/kgb/id/")) for g in gaps(world, "toekomst").gaps}
    assert found == {
        ("core-task-without-holder", "task/rechtsbescherming"),
        ("orphan", "task/hulp-organiseren-en-verstrekken"),    # beta dissolved, no transfer covers it
        ("orphan", "position/alfa-inlichtingen"),             # serves onderzoek, excluded from alfa's transfer
        ("no-legal-basis", "position/delta-informatie"),
        # moved to delta while their legal basis still names alfa or beta
        ("basis-names-previous-holder", "position/alfa-toets-ots"),
        ("basis-names-previous-holder", "position/alfa-verzoek-ots"),
        ("basis-names-previous-holder", "position/beta-uitvoeren-ots"),
        ("provision-names-absent-actor", "bwb/BWBR0034925/artikel/3.1/lid/1"),
        ("provision-names-absent-actor", "bwb/BWBR0034925/artikel/3.2/lid/1"),
    }


def test_orphan_evidence_names_the_dissolving_transfer(world) -> None:
    orphan = next(g for g in gaps(world, "toekomst").gaps if g.subject.iri == iri("task/hulp-organiseren-en-verstrekken"))
    assert paths(orphan.evidence.statements) >= {"assignment/huidig/hulp-organiseren-en-verstrekken/beta",
                                                  "transfer/toekomst/beta-naar-delta"}
    assert "opgeheven" in orphan.message and orphan.holder.label == "Beta"


def test_transfer_cycles_are_gaps(world) -> None:
    cycles = [g for g in gaps(world, "kring").gaps if g.kind == "transfer-cycle"]
    assert cycles
    assert all(paths(g.evidence.statements) <= {"transfer/kring/beta-naar-gamma", "transfer/kring/gamma-naar-beta"}
               for g in cycles)


def test_empty_scenario_has_every_kerntaak_without_holder(world) -> None:
    report = gaps(world, "leeg")
    assert {g.kind for g in report.gaps} == {"core-task-without-holder"}
    assert len(report.gaps) == 6


def test_diff_moves_appears_disappears(world) -> None:
    report = diff(world, "huidig", "toekomst")
    kinds = {c.item.iri.removeprefix("https://w3id.org/kgb/id/"): c.kind for c in report.changes}
    assert kinds["position/alfa-verzoek-ots"] == "moves"
    assert kinds["position/delta-informatie"] == "appears"
    assert kinds["task/hulp-organiseren-en-verstrekken"] == "disappears"
    status = {o.organisation.label: o.status for o in report.organisations}
    assert status == {"Alfa": "disappears", "Beta": "disappears", "Delta": "appears", "Gamma": "changes"}
    gone = next(c for c in report.changes if c.kind == "disappears" and c.item.label == "Hulp")
    assert "transfer/toekomst/beta-naar-delta" in paths(gone.evidence.statements)


def test_diff_of_a_scenario_with_itself_is_empty(world) -> None:
    report = diff(world, "toekomst", "toekomst")
    assert report.changes == [] and report.organisations == [] and report.unchanged > 0


def test_relay_counts_hand_overs(world) -> None:
    routes = {r.scenario.label: r for r in relay(world).routes}
    today = routes["Huidig"]
    assert [len(s.holders) for s in today.steps] == [2, 2, 2, 2, 0]
    assert (today.min_handovers, today.max_handovers) == (2, 3)
    pairs = {(h.source.label, h.target.label) for h in today.handovers}
    assert ("Beta", "Alfa") in pairs and ("Alfa", "Alfa") not in pairs
    assert [h.label for _, h in today.best_route][:2] == ["Alfa", "Alfa"]
    assert routes["Leeg"].handovers == [] and routes["Leeg"].min_handovers == 0


def test_relay_graph_has_one_node_per_step_and_holder(world) -> None:
    report = relay(world, ["huidig"])
    assert report.graph.number_of_nodes() == 8
    assert all(d["handover"] == (report.graph.nodes[u]["holder"] != report.graph.nodes[v]["holder"])
               for u, v, d in report.graph.edges(data=True))
