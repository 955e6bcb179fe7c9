"""Scenario inheritance on small synthetic graphs: chains, splits, exclusions, cycles, orphans."""

from __future__ import annotations

from rdflib import Graph

from kg.inheritance import compute
from kg.namespaces import ID

PREFIXES = """@base <https://w3id.org/kgb/id/> .
@prefix kgb: <https://w3id.org/kgb/def#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<scenario/h> a kgb:Scenario . <scenario/f> a kgb:Scenario ; kgb:basedOn <scenario/h> .
"""


def assign(item: str, holder: str, kind: str = "Position") -> str:
    return (f"<assignment/h/{item}/{holder}> a kgb:Assignment ; kgb:inScenario <scenario/h> ; "
            f"kgb:assignee <org/{holder}> ; kgb:assigned{kind} <{'position' if kind == 'Position' else 'task'}/{item}> ; "
            f"kgb:certainty kgb:Decided .\n")


def transfer(name: str, src: str, dst: str, extra: str = "", certainty: str = "Expected") -> str:
    return (f"<transfer/f/{name}> a kgb:Transfer ; kgb:inScenario <scenario/f> ; org:originalOrganization <org/{src}> ; "
            f"org:resultingOrganization <org/{dst}> ; kgb:certainty kgb:{certainty} {extra} .\n")


def holders(ttl: str) -> dict[str, tuple[str, str]]:
    result = compute(Graph().parse(data=PREFIXES + ttl, format="turtle"))
    return {str(d.item).rsplit("/", 1)[-1]: (str(d.holder).rsplit("/", 1)[-1], str(d.certainty).rsplit("#", 1)[-1])
            for d in result.derivations}


def test_unchanged_holder_is_carried_over() -> None:
    assert holders(assign("p", "a")) == {"p": ("a", "Decided")}


def test_chain_of_transfers_is_followed_with_weakest_certainty() -> None:
    ttl = assign("p", "a") + transfer("ab", "a", "b", certainty="Decided") + transfer("bc", "b", "c", certainty="ToBeDecided")
    assert holders(ttl) == {"p": ("c", "ToBeDecided")}


def test_split_over_two_successors_follows_the_listed_items() -> None:
    ttl = (assign("p1", "a") + assign("p2", "a")
           + transfer("a-b", "a", "b", "; kgb:transfersPosition <position/p1>")
           + transfer("a-c", "a", "c"))
    assert holders(ttl) == {"p1": ("b", "Expected"), "p2": ("c", "Expected")}


def test_task_listed_in_transfer_covers_positions_serving_it() -> None:
    ttl = (assign("p", "a") + "<position/p> kgb:servesTask <task/t2> . <task/t2> skos:broader <task/t> .\n"
           + transfer("a-b", "a", "b", "; kgb:transfersTask <task/t>"))
    assert holders(ttl) == {"p": ("b", "Expected")}


def test_excluded_item_stays_with_the_original_holder() -> None:
    ttl = assign("p", "a") + assign("q", "a") + transfer("a-b", "a", "b", "; kgb:excludes <position/q>")
    assert holders(ttl) == {"p": ("b", "Expected"), "q": ("a", "Decided")}


def test_explicit_assignment_in_the_scenario_wins() -> None:
    ttl = (assign("p", "a") + transfer("a-b", "a", "b")
           + "<assignment/f/p/z> a kgb:Assignment ; kgb:inScenario <scenario/f> ; kgb:assignee <org/z> ; "
             "kgb:assignedPosition <position/p> ; kgb:certainty kgb:Decided .\n")
    assert holders(ttl) == {}


def test_transfer_cycle_is_reported_not_looped() -> None:
    ttl = assign("p", "a") + transfer("ab", "a", "b") + transfer("ba", "b", "a")
    result = compute(Graph().parse(data=PREFIXES + ttl, format="turtle"))
    assert len(result.cycles) == 1
    assert [str(t).rsplit("/", 1)[-1] for t in result.cycles[0].transfers] == ["ab", "ba"]
    assert [str(d.holder).rsplit("/", 1)[-1] for d in result.derivations] == ["b"]


def test_dissolved_holder_without_successor_is_an_orphan() -> None:
    ttl = (assign("p", "a") + transfer("a-b", "a", "b", "; kgb:transfersPosition <position/q> ; kgb:dissolvesOriginal true"))
    result = compute(Graph().parse(data=PREFIXES + ttl, format="turtle"))
    assert not result.derivations
    assert [(o.item, o.holder) for o in result.orphans] == [(ID["position/p"], ID["org/a"])]


def test_empty_scenario_derives_nothing() -> None:
    result = compute(Graph().parse(data=PREFIXES, format="turtle"))
    assert not result.derivations and not result.cycles and not result.orphans


def test_two_origins_merging_into_one_holder_give_one_assignment_with_weakest_certainty() -> None:
    from kg.inheritance import materialise
    from kg.namespaces import KGB

    ttl = (assign("p", "a") + assign("p", "b")
           + transfer("a-c", "a", "c", certainty="Decided") + transfer("b-c", "b", "c", certainty="ToBeDecided"))
    graph = Graph().parse(data=PREFIXES + ttl, format="turtle")
    triples = materialise(graph, compute(graph))
    assignment = ID["assignment/f/p/c"]
    assert list(triples.objects(assignment, KGB.certainty)) == [KGB.ToBeDecided]
    assert len(set(triples.objects(assignment, KGB.derivedFrom))) == 4


def test_vague_scope_weakens_certainty_unless_the_item_is_named() -> None:
    ttl = (assign("p", "a") + assign("q", "a") + assign("r", "b")
           + transfer("a-c", "a", "c", "; kgb:scope kgb:MostFunctions ; kgb:transfersPosition <position/q> , <position/p>", certainty="Decided")
           + transfer("b-c", "b", "c", "; kgb:scope kgb:SomeFunctionsToBeDetermined", certainty="Decided"))
    found = holders(ttl)
    assert found["p"] == ("c", "Decided") and found["q"] == ("c", "Decided")
    assert found["r"] == ("c", "ToBeDecided")
    most = holders(assign("p", "a") + transfer("a-c", "a", "c", "; kgb:scope kgb:MostFunctions", certainty="Decided"))
    assert most["p"] == ("c", "Expected")
