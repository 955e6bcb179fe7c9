"""Blueprint ``graphs``: an actor's neighbourhood as a graph (cytoscape.js), ``/graaf/<id path>``.

Nodes: the actor, the tasks and positions it holds in any scenario, the organisations it
transfers to or receives from, the provisions that name it and its organisation type.
``?format=json`` gives the cytoscape elements; the page falls back to a table without JS.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.namespaces import ID_BASE, KGB, ORG
from web.labels import Link
from web.state import KgState, get_state

bp = Blueprint("graphs", __name__, url_prefix="/graaf")


@dataclass(frozen=True)
class Edge:
    source: URIRef
    target: URIRef
    label: str


def neighbourhood(state: KgState, actor: URIRef, scenario: str | None = None) -> tuple[dict[URIRef, str], list[Edge]]:
    """Nodes (IRI → kind) and labelled edges around ``actor``; only one scenario's items if given."""
    graph = state.graph
    nodes: dict[URIRef, str] = {actor: "focus"}
    scenarios_of: dict[URIRef, list[str]] = defaultdict(list)
    for h in state.holdings.by_assignee.get(actor, []):
        short = str(graph.value(h.scenario, DCTERMS.identifier) or state.labels.label(h.scenario))
        if scenario and short != scenario:
            continue
        name = state.labels.label(h.scenario)
        if name not in scenarios_of[h.item]:
            scenarios_of[h.item].append(name)
    edges = [Edge(actor, item, "draagt in " + ", ".join(sorted(s))) for item, s in sorted(scenarios_of.items())]
    nodes.update({item: "item" for item in scenarios_of})
    for transfer in graph.subjects(ORG.originalOrganization, actor):
        target = graph.value(transfer, ORG.resultingOrganization)
        if target is not None:
            nodes.setdefault(target, "organisation")
            edges.append(Edge(actor, target, "overdracht (" + state.labels.label(graph.value(transfer, KGB.inScenario)) + ")"))
    for transfer in graph.subjects(ORG.resultingOrganization, actor):
        source = graph.value(transfer, ORG.originalOrganization)
        if source is not None:
            nodes.setdefault(source, "organisation")
            edges.append(Edge(source, actor, "overdracht (" + state.labels.label(graph.value(transfer, KGB.inScenario)) + ")"))
    for provision in sorted(graph.subjects(KGB.namesActor, actor)):
        nodes.setdefault(provision, "provision")
        edges.append(Edge(provision, actor, "noemt"))
    for cls in sorted(graph.objects(actor, KGB.memberOfType)):
        nodes.setdefault(cls, "organisation")
        edges.append(Edge(actor, cls, "is van type"))
    return nodes, edges


def elements(state: KgState, nodes: dict[URIRef, str], edges: list[Edge]) -> list[dict]:
    """Cytoscape elements for nodes and edges."""
    out = [{"group": "nodes", "data": {"id": str(n), "label": state.labels.label(n), "kind": kind,
                                       "href": state.labels.link(n).href}} for n, kind in nodes.items()]
    out += [{"group": "edges", "data": {"id": f"e{i}", "source": str(e.source), "target": str(e.target), "label": e.label}}
            for i, e in enumerate(edges)]
    return out


@bp.route("/<path:rest>")
def actor_graph(rest: str):
    """The neighbourhood graph of ``https://w3id.org/kgb/id/<rest>``."""
    state = get_state()
    actor = URIRef(ID_BASE + rest)
    if not state.labels.is_a(actor, KGB.Actor):
        abort(404)
    scenarios = _scenario_ids(state)
    scenario = request.args.get("scenario") or None
    if scenario and scenario not in scenarios:
        return Response(f"Onbekend scenario {scenario!r}; kies uit {', '.join(sorted(scenarios))}.", 400, mimetype="text/plain")
    nodes, edges = neighbourhood(state, actor, scenario)
    if request.args.get("format") == "json":
        return jsonify(elements(state, nodes, edges))
    rows = [(state.labels.link(e.source), e.label, state.labels.link(e.target)) for e in edges]
    query = {"scenario": scenario} if scenario else {}
    return render_template("graphs/actor.html", title=f"Omgeving van {state.labels.label(actor)}",
                           actor=state.labels.link(actor), rows=rows, scenarios=scenarios, scenario=scenario,
                           data_url=url_for("graphs.actor_graph", rest=rest, format="json", **query))


def _scenario_ids(state: KgState) -> dict[str, str]:
    """Short names (dct:identifier) of the scenarios with their Dutch names, in the order of ``state.scenarios``."""
    return {str(state.graph.value(s, DCTERMS.identifier)): state.labels.label(s) for s in state.scenarios
            if state.graph.value(s, DCTERMS.identifier) is not None}


def graph_link(state: KgState, node: URIRef) -> Link | None:
    """A link to the graph view of ``node`` when it is an actor."""
    if str(node).startswith(ID_BASE) and state.labels.is_a(node, KGB.Actor):
        return Link(url_for("graphs.actor_graph", rest=str(node)[len(ID_BASE):]), "Bekijk als graaf")
    return None
