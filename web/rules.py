"""Blueprint ``rules``: the page ``/regels`` that names and explains every rule (SHACL shape).

Reports and the validation page cite rules by IRI (``https://w3id.org/kgb/shapes#Name``);
those IRIs are shown here, at ``/regels#Name``: the analysis rules (``shapes/analysis``,
checks and balances) and the validation rules (``shapes/*.ttl``), each with its Dutch
name, severity, explanation, message and sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, render_template
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH

from web.labels import SHAPES_IRI, Link
from web.state import KgState, get_state

bp = Blueprint("rules", __name__)

SEVERITY_NL = {SH.Violation: "overtreding", SH.Warning: "waarschuwing", SH.Info: "ter informatie"}


@dataclass
class Rule:
    """One named shape, with the names (anchors) of the constraints that belong to it."""

    anchor: str
    title: str
    severity: str
    comments: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    sources: list[Link] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


@lru_cache(maxsize=4)
def _load(folder: Path, mtimes: tuple[float, ...]) -> Graph:
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def shapes_graph(folder: Path) -> Graph:
    """The shapes of one folder (re-read when a file changes)."""
    return _load(folder, tuple(p.stat().st_mtime for p in sorted(folder.glob("*.ttl"))))


def _dutch(graph: Graph, node: URIRef, predicate: URIRef) -> list[str]:
    values = [v for v in graph.objects(node, predicate) if isinstance(v, Literal) and v.language in ("nl", None)]
    return sorted(str(v) for v in values)


def _unplaceholder(message: str) -> str:
    """A message template with its ``{?variable}`` placeholders shown as "…"."""
    return re.sub(r"\{[?$]\w+\}", "…", message)


def rules_of(state: KgState, graph: Graph) -> list[Rule]:
    """Every named node shape, its named SPARQL constraints folded in, by title."""
    rules = []
    for shape in set(graph.subjects(RDF.type, SH.NodeShape)):
        if not str(shape).startswith(SHAPES_IRI):
            continue
        parts = [shape, *graph.objects(shape, SH.sparql)]
        for prop in graph.objects(shape, SH.property):
            parts.append(prop)
        title = next(iter(_dutch(graph, shape, RDFS.label)), str(shape)[len(SHAPES_IRI):])
        rule = Rule(str(shape)[len(SHAPES_IRI):], title, SEVERITY_NL.get(graph.value(shape, SH.severity), "overtreding"))
        for part in parts:
            if isinstance(part, URIRef) and part != shape and str(part).startswith(SHAPES_IRI):
                rule.anchors.append(str(part)[len(SHAPES_IRI):])
            rule.comments += [c for c in _dutch(graph, part, RDFS.comment) if c not in rule.comments]
            rule.messages += [m for m in map(_unplaceholder, _dutch(graph, part, SH.message)) if m not in rule.messages]
            rule.sources += [state.labels.link(s) for s in sorted(graph.objects(part, PROV.wasDerivedFrom))]
        rules.append(rule)
    return sorted(rules, key=lambda r: r.title.casefold())


@bp.route("/regels")
def rules():
    """Analysis and validation rules, each at its own anchor."""
    state = get_state()
    folder = state.settings.shapes_dir
    groups = [
        ("Analyseregels: checks and balances", "Regels die het rapport Conflicten per scenario toepast.",
         rules_of(state, shapes_graph(folder / "analysis")) if (folder / "analysis").is_dir() else []),
        ("Validatieregels", "Regels waaraan de gegevens zelf moeten voldoen (pagina Validatie).",
         rules_of(state, shapes_graph(folder)) if folder.is_dir() else []),
    ]
    return render_template("meta/rules.html", groups=groups)
