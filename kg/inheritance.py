"""Scenario inheritance: who holds each task and position in a future scenario.

A future scenario is ``kgb:basedOn`` a base scenario (today's system). Its holders are:

1. an explicit ``kgb:Assignment`` in the scenario, if there is one for the item;
2. otherwise the base holder, moved along the scenario's ``kgb:Transfer`` statements
   (A→B, then B→C, …) whose scope covers the item and that do not ``kgb:excludes`` it;
3. otherwise the base holder itself, unless a transfer dissolves that holder, in which
   case the item has no holder (a gap, reported by the analysis).

A transfer never moves what it ``kgb:excludes`` (the source says so) or what it
``kgb:excludesByInference`` (our reading of the source): such an item stays with its holder;
in the second case the derived assignment is at best *to be decided* and carries the
transfer's ``kgb:curatorInference`` (our reasoning).

A transfer covers an item when it lists the item (``kgb:transfersPosition`` /
``kgb:transfersTask``), lists a broader task of it (``skos:broader``, or the task a
position serves), or lists nothing at all (it moves everything). When two transfers
from one holder cover an item (a split), the one that names it most specifically wins.
Transfer cycles are detected and reported, never followed twice.

The certainty of a derived assignment is the weakest certainty along its chain. A
transfer that moves "most functions" (``kgb:MostFunctions``) without naming the item
is at best *expected* for that item; one that moves "a part still to be determined"
(``kgb:SomeFunctionsToBeDetermined``) leaves the item *to be decided*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.namespaces import ID_BASE, KGB, ORG

CERTAINTY_ORDER = [KGB.Decided, KGB.Expected, KGB.ToBeDecided]


def weakest(certainties: list[URIRef]) -> URIRef:
    """The least certain of several certainties (unknown values count as to-be-decided)."""
    ranks = [CERTAINTY_ORDER.index(c) if c in CERTAINTY_ORDER else 2 for c in certainties]
    return CERTAINTY_ORDER[max(ranks, default=0)]


SCOPE_CEILING = {KGB.MostFunctions: KGB.Expected, KGB.SomeFunctionsToBeDetermined: KGB.ToBeDecided}


@dataclass(frozen=True)
class Transfer:
    iri: URIRef
    scenario: URIRef
    source: URIRef
    target: URIRef
    tasks: frozenset[URIRef]
    positions: frozenset[URIRef]
    excludes: frozenset[URIRef]
    certainty: URIRef
    dissolves: bool
    scope: URIRef | None = None
    inferred_excludes: frozenset[URIRef] = frozenset()

    def certainty_for(self, lineage: list[URIRef]) -> URIRef:
        """The transfer's certainty for one item, weakened by a vague scope unless it names the item."""
        if lineage[0] in self.tasks | self.positions or self.scope not in SCOPE_CEILING:
            return self.certainty
        return weakest([self.certainty, SCOPE_CEILING[self.scope]])


@dataclass
class Derivation:
    """One derived holder of one item in one scenario, with the evidence it rests on."""

    scenario: URIRef
    item: URIRef
    is_task: bool
    base_assignment: URIRef
    original_holder: URIRef
    holder: URIRef
    chain: list[Transfer] = field(default_factory=list)
    certainty: URIRef = KGB.Decided
    kept_by: list[Transfer] = field(default_factory=list)

    @property
    def iri(self) -> URIRef:
        return assignment_iri(self.scenario, self.item, self.holder)


@dataclass
class Cycle:
    scenario: URIRef
    item: URIRef
    transfers: list[URIRef]


@dataclass
class Orphan:
    """An item whose holder is dissolved in the scenario without a successor."""

    scenario: URIRef
    item: URIRef
    holder: URIRef
    base_assignment: URIRef
    dissolved_by: list[URIRef]


@dataclass
class InheritanceResult:
    derivations: list[Derivation] = field(default_factory=list)
    cycles: list[Cycle] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)


def local_name(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def assignment_iri(scenario: URIRef, item: URIRef, holder: URIRef) -> URIRef:
    """The documented IRI rule for assignments."""
    return URIRef(f"{ID_BASE}assignment/{local_name(scenario)}/{local_name(item)}/{local_name(holder)}")


def _transfers(graph: Graph, scenario: URIRef) -> list[Transfer]:
    result = []
    for iri in graph.subjects(KGB.inScenario, scenario):
        if (iri, RDF.type, KGB.Transfer) not in graph:
            continue
        source = graph.value(iri, ORG.originalOrganization)
        target = graph.value(iri, ORG.resultingOrganization)
        if source is None or target is None:
            continue  # incomplete: the shapes report it
        result.append(Transfer(
            iri=iri, scenario=scenario, source=source, target=target,
            tasks=frozenset(graph.objects(iri, KGB.transfersTask)),
            positions=frozenset(graph.objects(iri, KGB.transfersPosition)),
            excludes=frozenset(graph.objects(iri, KGB.excludes)),
            inferred_excludes=frozenset(graph.objects(iri, KGB.excludesByInference)),
            certainty=graph.value(iri, KGB.certainty) or KGB.ToBeDecided,
            dissolves=bool(graph.value(iri, KGB.dissolvesOriginal, default=Literal(False)).toPython()),
            scope=graph.value(iri, KGB.scope),
        ))
    return sorted(result, key=lambda t: str(t.iri))


def _lineage(graph: Graph, item: URIRef) -> list[URIRef]:
    """The item, then the tasks it serves or falls under, most specific first."""
    order: list[URIRef] = [item]
    frontier = [item]
    while frontier:
        nxt = []
        for node in frontier:
            for parent in list(graph.objects(node, KGB.servesTask)) + list(graph.objects(node, SKOS.broader)):
                if parent not in order:
                    order.append(parent)
                    nxt.append(parent)
        frontier = nxt
    return order


def _specificity(transfer: Transfer, lineage: list[URIRef]) -> int | None:
    """How specifically a transfer covers an item: lower is more specific; None = not covered."""
    if any(x in transfer.excludes or x in transfer.inferred_excludes for x in lineage):
        return None
    listed = transfer.tasks | transfer.positions
    if not listed:
        return len(lineage)  # moves everything: least specific
    for depth, node in enumerate(lineage):
        if node in listed:
            return depth
    return None


def _base_assignments(graph: Graph, scenario: URIRef) -> list[tuple[URIRef, URIRef, URIRef, bool]]:
    """(assignment, item, holder, is_task) for explicit assignments in a scenario."""
    rows = []
    for a in graph.subjects(KGB.inScenario, scenario):
        if (a, RDF.type, KGB.Assignment) not in graph or (a, KGB.derivedFrom, None) in graph:
            continue
        holder = graph.value(a, KGB.assignee)
        task = graph.value(a, KGB.assignedTask)
        position = graph.value(a, KGB.assignedPosition)
        item = task or position
        if holder is not None and item is not None:
            rows.append((a, item, holder, task is not None))
    return sorted(rows)


def compute(graph: Graph) -> InheritanceResult:
    """Derive the holders of every future scenario from its base scenario and transfers."""
    result = InheritanceResult()
    for scenario, base in sorted(graph.subject_objects(KGB.basedOn)):
        transfers = _transfers(graph, scenario)
        explicit = {item for _, item, _, _ in _base_assignments(graph, scenario)}
        dissolved: dict[URIRef, list[URIRef]] = {}
        for t in transfers:
            if t.dissolves:
                dissolved.setdefault(t.source, []).append(t.iri)
        for assignment, item, holder, is_task in _base_assignments(graph, base):
            if item in explicit:
                continue
            lineage = _lineage(graph, item)
            current, chain, seen = holder, [], {holder}
            while True:
                candidates = [(s, t) for t in transfers if t.source == current
                              for s in [_specificity(t, lineage)] if s is not None]
                if not candidates:
                    break
                best = min(s for s, _ in candidates)
                step = sorted((t for s, t in candidates if s == best), key=lambda t: str(t.iri))[0]
                chain.append(step)
                if step.target in seen:
                    result.cycles.append(Cycle(scenario, item, [t.iri for t in chain]))
                    chain.pop()
                    break
                seen.add(step.target)
                current = step.target
            if not chain and current in dissolved:
                result.orphans.append(Orphan(scenario, item, current, assignment, dissolved[current]))
                continue
            # A transfer from the final holder that keeps the item only by our reading of the
            # source: the item stays, but at best 'to be decided' (kgb:excludesByInference).
            kept_by = [t for t in transfers if t.source == current and t.inferred_excludes.intersection(lineage)]
            certainty = graph.value(assignment, KGB.certainty) or KGB.Decided
            result.derivations.append(Derivation(
                scenario=scenario, item=item, is_task=is_task, base_assignment=assignment,
                original_holder=holder, holder=current, chain=chain,
                certainty=weakest([certainty] + [t.certainty_for(lineage) for t in chain]
                                  + ([KGB.ToBeDecided] if kept_by else [])),
                kept_by=kept_by,
            ))
    return result


def materialise(graph: Graph, result: InheritanceResult) -> Graph:
    """The derived assignments as triples, each with a Dutch label (they go into the derived named graph).

    Two origins can yield the same holder for the same item (VT and GI both move a task
    to the RVT): that is one assignment, derived from both, with the weakest certainty.
    """
    merged: dict[URIRef, list[Derivation]] = {}
    for d in result.derivations:
        merged.setdefault(d.iri, []).append(d)
    out = Graph()
    for a, group in merged.items():
        first = group[0]
        out.add((a, RDF.type, KGB.Assignment))
        out.add((a, KGB.inScenario, first.scenario))
        out.add((a, KGB.assignee, first.holder))
        out.add((a, KGB.assignedTask if first.is_task else KGB.assignedPosition, first.item))
        out.add((a, KGB.certainty, weakest([d.certainty for d in group])))
        for d in group:
            out.add((a, KGB.derivedFrom, d.base_assignment))
            for t in d.chain + d.kept_by:
                out.add((a, KGB.derivedFrom, t.iri))
            for t in d.kept_by:
                reason = graph.value(t.iri, KGB.curatorInference)
                out.add((a, KGB.curatorInference, Literal(
                    f"Blijft bij {dutch_label(graph, d.holder)}: {dutch_label(graph, t.iri)} draagt dit volgens onze "
                    f"lezing niet over. {reason or ''}".strip(), lang="nl")))
        how = "ongewijzigd overgenomen" if not any(d.chain for d in group) else "via overdracht"
        out.add((a, RDFS.comment, Literal(f"Afgeleide belegging ({how}) uit het basisscenario.", lang="nl")))
        names = [dutch_label(graph, x) for x in (first.holder, first.item, first.scenario)]
        out.add((a, RDFS.label, Literal(f"{names[0]} – {names[1]} ({names[2]}, afgeleid)", lang="nl")))
    return out


def dutch_label(graph: Graph, node: URIRef) -> str:
    """rdfs:label or skos:prefLabel in Dutch, else the local name."""
    for prop in (RDFS.label, SKOS.prefLabel):
        for value in graph.objects(node, prop):
            if isinstance(value, Literal) and value.language == "nl":
                return str(value)
    return local_name(node)
