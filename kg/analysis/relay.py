"""``kg relay``: a family's route through the kerntaken and the hand-overs between organisations.

The route is the kerntaken ordered by ``kgb:stepInRoute`` (signal → questions → research
→ request and review → decision → help and execution → legal protection). The holders
of a step are the holders of its kerntaken or of a finer task under them (task
assignments only: the route follows who does the work, not every power that serves it). The route becomes a layered
directed graph (networkx): one node per (step, holder), an edge from every holder of a
step to every holder of the next non-empty step, marked as a hand-over when the
organisation changes. From that graph the report takes

- the distinct hand-overs (organisation A at one step → organisation B at the next),
- the fewest and the most hand-overs a family can meet along the route (shortest and
  longest path, an edge weighing 1 when it is a hand-over),
- one route with the fewest hand-overs,

per scenario, so that the *estafette* of today can be set against the future scenarios.
The graph is written as GraphML or node-link JSON for the web UI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import URIRef

from kg.analysis.facts import AnalysisError, Facts, ScenarioInfo
from kg.analysis.model import SCHEMA_VERSION, Evidence, Ref, Table, labels, refs
from kg.namespaces import ID_BASE

START, END = "start", "end"
#: File types ``RelayReport.write`` can produce.
GRAPH_SUFFIXES = (".graphml", ".json")


@dataclass
class StepHolder:
    holder: Ref
    via: list[Ref]
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {"holder": self.holder.to_dict(), "via": refs(self.via), "evidence": self.evidence.to_dict()}


@dataclass
class RouteStep:
    step: int
    tasks: list[Ref]
    holders: list[StepHolder]

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "tasks": refs(self.tasks), "holders": [h.to_dict() for h in self.holders]}


@dataclass(frozen=True)
class Handover:
    source: Ref
    target: Ref
    from_step: int
    to_step: int

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source.to_dict(), "to": self.target.to_dict(), "fromStep": self.from_step, "toStep": self.to_step}


@dataclass
class RelayRoute:
    """The route of one scenario and its hand-overs."""

    scenario: Ref
    steps: list[RouteStep]
    handovers: list[Handover]
    min_handovers: int
    max_handovers: int
    best_route: list[tuple[int, Ref]]

    @property
    def organisations(self) -> int:
        return len({h.holder.iri for s in self.steps for h in s.holders})

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario.to_dict(), "organisations": self.organisations,
                "handoverCount": len(self.handovers), "minHandovers": self.min_handovers, "maxHandovers": self.max_handovers,
                "bestRoute": [{"step": s, "holder": h.to_dict()} for s, h in self.best_route],
                "steps": [s.to_dict() for s in self.steps], "handovers": [h.to_dict() for h in self.handovers]}


@dataclass
class RelayReport:
    """The answer of ``kg relay``: one route per scenario, and the graph of all of them."""

    routes: list[RelayRoute]
    graph: nx.DiGraph = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"command": "relay", "schemaVersion": SCHEMA_VERSION, "routes": [r.to_dict() for r in self.routes],
                "graph": node_link(self.graph)}

    def tables(self) -> list[Table]:
        summary = Table("Estafette: overdrachten tussen organisaties langs de route van een gezin",
                        ["scenario", "stappen", "houders per stap", "organisaties", "verschillende overdrachten",
                         "minste overdrachten", "meeste overdrachten"],
                        [[r.scenario.label, str(len(r.steps)), " · ".join(str(len(s.holders)) for s in r.steps),
                          str(r.organisations), str(len(r.handovers)), str(r.min_handovers), str(r.max_handovers)]
                         for r in self.routes])
        tables = [summary]
        for r in self.routes:
            tables.append(Table(f"Route in {r.scenario.label}", ["stap", "kerntaken", "houders"],
                                [[str(s.step), labels(s.tasks), labels([h.holder for h in s.holders])] for s in r.steps]))
        return tables

    def write(self, path: Path) -> None:
        """Write the graph as GraphML (``.graphml``) or node-link JSON (``.json``)."""
        if path.suffix not in GRAPH_SUFFIXES:
            raise AnalysisError(f"onbekend bestandstype {path.suffix!r} voor {path}: gebruik .graphml of .json")
        if path.suffix == ".graphml":
            nx.write_graphml(self.graph, path)
        else:
            path.write_text(json.dumps(node_link(self.graph), ensure_ascii=False, indent=1), encoding="utf-8")


def node_link(graph: nx.DiGraph) -> dict[str, Any]:
    """The graph as node-link JSON (``nodes`` and ``links``), as d3 and the web UI read it."""
    return nx.node_link_data(graph, edges="links")


def _node(scenario: ScenarioInfo, step: int, holder: URIRef) -> str:
    path = str(holder)[len(ID_BASE):] if str(holder).startswith(ID_BASE) else str(holder)
    return f"{scenario.id}|{step}|{path}"


def _steps(facts: Facts, scenario: ScenarioInfo) -> list[RouteStep]:
    by_step: dict[int, list[URIRef]] = {}
    for task in facts.core_tasks():
        if task.step is not None:
            by_step.setdefault(task.step, []).append(task.iri)
    steps = []
    for step, tasks in sorted(by_step.items()):
        holders: dict[URIRef, list] = {}
        for task in tasks:
            for holder, assignments in facts.task_holders(scenario.iri, task, positions=False).items():
                holders.setdefault(holder, []).extend(assignments)
        steps.append(RouteStep(step, [facts.ref(t) for t in tasks], [
            StepHolder(facts.ref(h), [facts.ref(i) for i in sorted({a.item for a in group})],
                       facts.evidence_of([a.iri for a in group]))
            for h, group in sorted(holders.items(), key=lambda kv: facts.label(kv[0]))]))
    return steps


def _route(facts: Facts, scenario: ScenarioInfo, graph: nx.DiGraph) -> RelayRoute:
    steps = _steps(facts, scenario)
    filled = [s for s in steps if s.holders]
    work = nx.DiGraph()
    for s in filled:
        for h in s.holders:
            node = _node(scenario, s.step, URIRef(h.holder.iri))
            attrs = {"scenario": scenario.id, "step": s.step, "tasks": "; ".join(t.label for t in s.tasks),
                     "holder": h.holder.iri, "label": h.holder.label}
            graph.add_node(node, **attrs)
            work.add_node(node, **attrs)
    handovers: dict[tuple[str, str, int, int], Handover] = {}
    for a, b in zip(filled, filled[1:]):
        for ha in a.holders:
            for hb in b.holders:
                moved = ha.holder.iri != hb.holder.iri
                u, v = _node(scenario, a.step, URIRef(ha.holder.iri)), _node(scenario, b.step, URIRef(hb.holder.iri))
                graph.add_edge(u, v, handover=moved, weight=int(moved))
                work.add_edge(u, v, weight=int(moved))
                if moved:
                    handovers.setdefault((ha.holder.iri, hb.holder.iri, a.step, b.step), Handover(ha.holder, hb.holder, a.step, b.step))
    if not filled:
        return RelayRoute(facts.ref(scenario.iri), steps, [], 0, 0, [])
    for h in filled[0].holders:
        work.add_edge(START, _node(scenario, filled[0].step, URIRef(h.holder.iri)), weight=0)
    for h in filled[-1].holders:
        work.add_edge(_node(scenario, filled[-1].step, URIRef(h.holder.iri)), END, weight=0)
    best = nx.shortest_path(work, START, END, weight="weight")
    route = [(work.nodes[n]["step"], Ref(work.nodes[n]["holder"], work.nodes[n]["label"])) for n in best[1:-1]]
    return RelayRoute(facts.ref(scenario.iri), steps, list(handovers.values()),
                      nx.shortest_path_length(work, START, END, weight="weight"),
                      nx.dag_longest_path_length(work, weight="weight"), route)


def relay(facts: Facts, scenarios: list[str] | None = None) -> RelayReport:
    """The route and hand-overs of each scenario (default: every scenario, today's first)."""
    chosen = [facts.scenario(s) for s in scenarios] if scenarios else sorted(
        facts.scenarios.values(), key=lambda s: (s.base is not None, s.date or "", s.id))
    graph = nx.DiGraph()
    return RelayReport([_route(facts, s, graph) for s in chosen], graph)
