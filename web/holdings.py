"""Who holds what in which scenario: an index of all ``kgb:Assignment`` nodes.

Built once per graph snapshot; organisation, position, task and measure pages and
the graph views read it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from kg.namespaces import KGB


@dataclass(frozen=True)
class Holding:
    """One assignment: in ``scenario``, ``assignee`` carries ``item`` (a task or a position)."""

    assignment: URIRef
    scenario: URIRef
    assignee: URIRef
    item: URIRef
    is_task: bool
    certainty: URIRef | None
    derived: bool
    sources: tuple[URIRef, ...]


class HoldingIndex:
    """Assignments by item and by assignee."""

    def __init__(self, graph: Graph) -> None:
        self.by_item: dict[URIRef, list[Holding]] = defaultdict(list)
        self.by_assignee: dict[URIRef, list[Holding]] = defaultdict(list)
        for a in graph.subjects(RDF.type, KGB.Assignment):
            scenario = graph.value(a, KGB.inScenario)
            assignee = graph.value(a, KGB.assignee)
            task = graph.value(a, KGB.assignedTask)
            item = task or graph.value(a, KGB.assignedPosition)
            if scenario is None or assignee is None or item is None:
                continue  # incomplete: the shapes report it
            derived_from = sorted(graph.objects(a, KGB.derivedFrom))
            holding = Holding(
                assignment=a, scenario=scenario, assignee=assignee, item=item, is_task=task is not None,
                certainty=graph.value(a, KGB.certainty), derived=bool(derived_from),
                sources=tuple(sorted(set(graph.objects(a, PROV.wasDerivedFrom)) - set(derived_from))),
            )
            self.by_item[item].append(holding)
            self.by_assignee[assignee].append(holding)

    def items_of(self, assignee: URIRef) -> list[URIRef]:
        """Every task or position the assignee holds in some scenario."""
        return sorted({h.item for h in self.by_assignee.get(assignee, [])})

    def holders(self, item: URIRef, scenario: URIRef) -> list[Holding]:
        """Who holds ``item`` in ``scenario``."""
        return sorted((h for h in self.by_item.get(item, []) if h.scenario == scenario), key=lambda h: str(h.assignee))
