"""kg inherit on the synthetic world: origins, chains, splits, certainty, legal basis, amendments."""

from __future__ import annotations

import pytest
from analysis_helpers import iri, paths

from kg.analysis import AnalysisError, UnknownName
from kg.analysis.inherit import compare, inherit


def by_item(report):
    return {i.item.iri.removeprefix("https://w3id.org/kgb/id/"): i for i in report.items}


def test_default_organisation_is_the_target_of_the_transfers(world) -> None:
    assert inherit(world, "toekomst").organisation.iri == iri("org/delta")


def test_items_come_from_their_old_holders_along_the_transfers(world) -> None:
    items = by_item(inherit(world, "toekomst", "delta"))
    request = items["position/alfa-verzoek-ots"]
    assert paths(request.origins) == {"org/alfa"}
    assert request.how == "transfer"
    assert [paths([t.transfer]) for r in request.routes for t in r.transfers] == [{"transfer/toekomst/alfa-naar-delta"}]
    assert request.certainty.iri.endswith("#Decided")


def test_split_over_two_successors(world) -> None:
    """Beta's execution goes to delta and its casusregie to gamma; its share of 'hulp' has no successor."""
    to_delta = by_item(inherit(world, "toekomst", "delta"))
    to_gamma = by_item(inherit(world, "toekomst", "gamma"))
    assert paths(to_delta["task/uitvoeren-kinderbeschermingsmaatregel"].origins) == {"org/beta"}
    assert paths(to_delta["position/beta-uitvoeren-ots"].origins) == {"org/beta"}
    assert paths(to_gamma["task/casusregie"].origins) == {"org/beta"}
    assert "task/casusregie" not in to_delta and "task/hulp-organiseren-en-verstrekken" not in to_delta


def test_certainty_is_the_weakest_along_the_chain(world) -> None:
    items = by_item(inherit(world, "toekomst", "gamma"))
    assert items["task/casusregie"].certainty.label == "nader te bepalen"
    assert by_item(inherit(world, "toekomst", "delta"))["task/uitvoeren-kinderbeschermingsmaatregel"].certainty.label == "verwacht"


def test_legal_basis_and_provisions_to_amend(world) -> None:
    execute = by_item(inherit(world, "toekomst", "delta"))["position/beta-uitvoeren-ots"]
    assert paths(execute.legal_basis) == {"bwb/BWBR0034925/artikel/3.2/lid/1"}
    assert execute.legal_basis_status == "present"
    assert [(a.provision.jci, a.names.label) for a in execute.amend] == [("jci1.3:c:BWBR0034925&artikel=3.2&lid=1", "Beta")]


def test_from_keeps_only_what_comes_from_one_organisation(world) -> None:
    report = inherit(world, "toekomst", "delta", "beta")
    assert paths(i.item for i in report.items) == {"task/uitvoeren-kinderbeschermingsmaatregel", "position/beta-uitvoeren-ots"}
    assert report.excluded == []


def test_power_without_legal_basis_is_marked(world) -> None:
    new = by_item(inherit(world, "toekomst", "delta"))["position/delta-informatie"]
    assert new.legal_basis_status == "none-yet" and new.routes == [] and new.how == "explicit"
    assert new.certainty.label == "nader te bepalen"


def test_excluded_item_says_where_it_stays(world) -> None:
    report = inherit(world, "toekomst", "delta")
    [excluded] = report.excluded
    assert paths([excluded.item, excluded.origin, excluded.not_to]) == {"task/onderzoek", "org/alfa", "org/delta"}
    assert paths(excluded.stays_with) == {"org/gamma"}
    assert "task/onderzoek" not in by_item(report)


def test_every_item_carries_evidence(world) -> None:
    for item in inherit(world, "toekomst", "delta").items:
        assert item.evidence.statements and item.evidence.sources
        assert all(s.kind in {"seed", "provision", "other"} for s in item.evidence.sources)


def test_cycle_is_reported_not_followed(world) -> None:
    report = inherit(world, "kring", "gamma")
    assert report.cycles and all(c.kind == "transfer-cycle" for c in report.cycles)
    assert all(len(r.transfers) <= 1 for i in report.items for r in i.routes)


def test_empty_scenario(world) -> None:
    with pytest.raises(AnalysisError, match="geen overdrachten"):
        inherit(world, "leeg")
    assert inherit(world, "leeg", "alfa").items == []


def test_unknown_names_list_the_known_ones(world) -> None:
    with pytest.raises(UnknownName, match="huidig, kring, leeg, toekomst"):
        inherit(world, "morgen")
    with pytest.raises(UnknownName, match="org/alfa"):
        inherit(world, "toekomst", "omega")


def test_organisation_by_label_alt_label_path_or_iri(world) -> None:
    for name in ("Alfa", "A", "org/alfa", iri("org/alfa"), "alfa"):
        assert inherit(world, "huidig", name).organisation.iri == iri("org/alfa")


def test_compare_puts_scenarios_side_by_side(world) -> None:
    report = compare(world, ["toekomst", "kring"], "delta")
    rows = {r.item.iri.removeprefix("https://w3id.org/kgb/id/"): r for r in report.rows}
    execute = rows["task/uitvoeren-kinderbeschermingsmaatregel"]
    assert paths(execute.cells[iri("scenario/toekomst")].holders) == {"org/delta"}
    assert paths(execute.cells[iri("scenario/kring")].holders) == {"org/gamma"}
    assert execute.differs


def test_compare_by_origin_lists_everything_the_origin_holds(world) -> None:
    report = compare(world, ["toekomst"], "delta", "alfa")
    assert paths(r.item for r in report.rows) == {
        "task/onderzoek", "task/verzoeken-gedwongen-maatregel", "task/toetsing-en-tegenspraak",
        "position/alfa-verzoek-ots", "position/alfa-toets-ots", "position/alfa-inlichtingen"}
    orphan = next(r for r in report.rows if r.item.iri == iri("position/alfa-inlichtingen"))
    assert orphan.cells[iri("scenario/toekomst")].holders == []
