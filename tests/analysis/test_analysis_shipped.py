"""The analyses on the shipped data answer as the sources say.

- Toekomstscenario (2021) and ontwikkelrichting (2024): the RVT takes over the execution of
  kinderbeschermingsmaatregelen from the gecertificeerde instellingen, whose exclusive power
  rests on Jeugdwet art. 3.2 lid 1 (seed 004, bijlage 5 § 5.4).
- 2024: the RvdK's independent toets en advies stays with the RvdK (seed 002 footnote 9);
  the other RvdK youth-protection tasks are 'nader te bepalen'.
- Jeugdreclassering: to the RVT in 2021 (still to be researched), under central steering in
  2024 (seed 000 r. 611–617).
"""

from __future__ import annotations

from analysis_helpers import iri, paths

from kg.analysis.conflicts import conflicts
from kg.analysis.diff import diff
from kg.analysis.gaps import gaps
from kg.analysis.inherit import compare, inherit
from kg.analysis.overlaps import overlaps
from kg.analysis.relay import relay

RVT, GI, RVDK = "orgtype/regionaal-veiligheidsteam", "orgtype/gecertificeerde-instelling", "org/raad-voor-de-kinderbescherming"
S2021, S2024 = "toekomstscenario-2021", "ontwikkelrichting-2024"


def items(report) -> dict:
    return {i.item.iri.removeprefix("https://w3id.org/kgb/id/"): i for i in report.items}


def test_rvt_inherits_execution_of_measures_from_the_gi_on_jeugdwet_3_2(facts) -> None:
    for scenario in (S2021, S2024):
        report = inherit(facts, scenario)
        assert report.organisation.iri == iri(RVT)
        execute = items(report)["position/gi-uitvoeren-kinderbeschermingsmaatregelen"]
        assert paths(execute.origins) == {GI} and execute.how == "transfer"
        assert "bwb/BWBR0034925/artikel/3.2/lid/1" in paths(execute.legal_basis)
        assert ("jci1.3:c:BWBR0034925&artikel=3.2&lid=1", "gecertificeerde instelling") in {
            (a.provision.jci, a.names.label) for a in execute.amend}
        assert paths(items(report)["task/uitvoeren-kinderbeschermingsmaatregel"].origins) == {GI}


def test_2024_toets_en_advies_stays_with_the_rvdk(facts) -> None:
    report = inherit(facts, S2024)
    assert "task/toets-en-advies" not in items(report)
    stays = {paths([e.item]).pop(): e for e in report.excluded}
    assert paths(stays["task/toets-en-advies"].stays_with) == {RVDK}
    assert paths([stays["task/toets-en-advies"].origin]) == {RVDK}
    assert any(s.iri.endswith("002_d8bfcf3eebcdfeb7/L189-L189") for s in stays["task/toets-en-advies"].evidence.sources)


def test_2024_rvdk_tasks_are_to_be_decided(facts) -> None:
    from_rvdk = [i for i in inherit(facts, S2024).items if paths(i.origins) == {RVDK}]
    assert from_rvdk and {i.certainty.label for i in from_rvdk} == {"nader te bepalen"}


def test_jeugdreclassering_to_the_rvt_in_2021_but_central_in_2024(facts) -> None:
    report = compare(facts, [S2021, S2024])
    row = next(r for r in report.rows if r.item.iri == iri("task/uitvoeren-jeugdreclassering"))
    assert RVT in paths(row.cells[iri(f"scenario/{S2021}")].holders)
    assert paths(row.cells[iri(f"scenario/{S2024}")].holders) == {"org/centrale-jeugdreclassering"}
    assert row.differs
    assert "task/uitvoeren-jeugdreclassering" in paths(e.item for e in inherit(facts, S2024).excluded)


def test_rvdk_compared_2021_and_2024(facts) -> None:
    report = compare(facts, [S2021, S2024], origin="raad-voor-de-kinderbescherming")
    toets = next(r for r in report.rows if r.item.iri == iri("task/toets-en-advies"))
    assert paths(toets.cells[iri(f"scenario/{S2021}")].holders) == {RVT}
    assert paths(toets.cells[iri(f"scenario/{S2024}")].holders) == {RVDK}


def test_today_several_organisations_each_do_research(facts) -> None:
    research = next(o for o in overlaps(facts, "huidig").overlaps if o.subject.iri == iri("task/onderzoek"))
    assert {"orgtype/veilig-thuis", RVDK, GI} <= paths(h.holder for h in research.holders)
    assert research.classification == "duplication"


def test_today_deciding_on_measures_is_split_over_judges_and_the_burgemeester_not_duplicated(facts) -> None:
    deciding = next(o for o in overlaps(facts, "huidig").overlaps
                    if o.subject.iri == iri("task/beslissen-gedwongen-maatregel"))
    holders = {h.holder.iri for h in deciding.holders}
    assert {iri("org/kinderrechter"), iri("org/kantonrechter"), iri("orgtype/burgemeester")} <= holders
    assert deciding.classification == "different-judges"


def test_2024_rvt_lacks_a_legal_basis_while_jeugdwet_3_2_names_the_gi(facts) -> None:
    found = [g for g in gaps(facts, S2024).gaps if g.kind == "basis-names-previous-holder"]
    execution = next(g for g in found if g.subject.iri == iri("position/gi-uitvoeren-kinderbeschermingsmaatregelen"))
    assert execution.holder.iri == iri(RVT)
    assert "art. 3.2 lid 1 Jeugdwet" in execution.message
    assert not [g for g in gaps(facts, "huidig").gaps if g.kind == "basis-names-previous-holder"]


def test_future_positions_without_legal_basis_are_the_rvts_and_other_2021_proposals(facts) -> None:
    found = [g for g in gaps(facts, S2021).gaps if g.kind == "no-legal-basis"]
    # besides the RVT: the one national supervisor and the independent expert the 2021 scenario proposes
    assert paths(g.holder for g in found) == {RVT, "org/landelijke-toezichthouder-rvt", "orgtype/beroepskracht"}
    assert "position/rvt-uitvoeren-kinderbeschermingsmaatregelen" in paths(g.subject for g in found)
    assert not [g for g in gaps(facts, "huidig").gaps if g.kind == "no-legal-basis"]


def test_diff_2021_to_2024_moves_the_toets_back_to_the_rvdk(facts) -> None:
    changes = {c.item.iri.removeprefix("https://w3id.org/kgb/id/"): c for c in diff(facts, S2021, S2024).changes}
    toets = changes["task/toets-en-advies"]
    assert (paths(toets.from_holders), paths(toets.to_holders)) == ({RVT}, {RVDK})
    assert "org/centrale-jeugdreclassering" in paths(changes["task/uitvoeren-jeugdreclassering"].to_holders)


def test_exclusive_gi_power_does_not_pass_automatically(facts) -> None:
    report = conflicts(facts, S2024, reasoner=False)
    exclusive = [c for c in report.conflicts if c.rule.label.startswith("Exclusieve")]
    assert any("GI: uitvoeren van kinderbeschermingsmaatregelen" in c.message and paths([c.holder]) == {RVT}
               for c in exclusive)


def test_hermit_2021_rvt_requests_and_reviews_while_2024_keeps_them_apart(facts, java) -> None:
    in_2021 = conflicts(facts, S2021)
    assert in_2021.reasoner.consistent is False
    assert any(c.method == "owl" and paths([c.holder]) == {RVT} and "ondertoezichtstelling" in c.message
               for c in in_2021.conflicts)
    assert conflicts(facts, S2024).reasoner.consistent is True


def test_the_estafette_is_shorter_in_the_future(facts) -> None:
    routes = {r.scenario.iri.rsplit("/", 1)[-1]: r for r in relay(facts).routes}
    assert len(routes["huidig"].handovers) > len(routes[S2021].handovers)
    assert routes["huidig"].organisations > routes[S2021].organisations
