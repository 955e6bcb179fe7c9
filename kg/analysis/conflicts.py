"""``kg conflicts``: checks-and-balances rules that a scenario breaks.

Two sources of findings:

1. The SHACL-SPARQL rules in ``shapes/analysis/*.ttl`` (severity Warning or Info, Dutch
   messages), run by pySHACL against the scenario's view of the graph: everything except
   the assignments and transfers of other scenarios. Each rule's ``prov:wasDerivedFrom``
   names the sources it rests on; each result row names one assignment (``?value``), and
   rows with the same rule, holder and message form one finding.
2. The OWL check of :mod:`kg.analysis.reasoning` (disjoint roles, checked by HermiT); when
   Java is missing this part is skipped and the report says so.

Every rule has a scope (``kgb:ruleScope``, with ``skos:scopeNote`` saying why): a rule of
statute law applies in every scenario, a design principle of the Toekomstscenario only in
the future scenarios. Rules outside the scenario's scope are not run; the report lists
them. Each finding names its rule's scope, the reason and the rule's sources.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import owlready2
import pyoxigraph as ox
from oxrdflib.store import OxigraphStore
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.analysis.facts import AnalysisError, Facts, ScenarioInfo
from kg.analysis.model import SCHEMA_VERSION, Evidence, Ref, Source, Table, sentence
from kg.analysis.reasoning import DISJOINT_ROLES, ReasonerOutcome, check, in_scope
from kg.cache import cached, forget
from kg.config import load_settings
from kg.namespaces import KGB, SH
from kg.store import EmbeddedStore, Store
from kg.validate import load_shapes

SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
SEVERITY_NL = {"violation": "overtreding", "warning": "waarschuwing", "info": "info"}


@dataclass
class Rule:
    """A checks-and-balances rule: its scope (which scenarios, and why) and its sources."""

    ref: Ref
    scope: Ref
    scope_note: str
    sources: list[Source]

    @property
    def label(self) -> str:
        return self.ref.label

    def to_dict(self) -> dict[str, Any]:
        return {**self.ref.to_dict(), "scope": self.scope.to_dict(), "scopeNote": self.scope_note,
                "sources": [s.to_dict() for s in self.sources]}


@dataclass
class Conflict:
    """One broken checks-and-balances rule: which holder, which rule (with scope), in words, and why."""

    rule: Rule
    method: str  # "shacl" | "owl"
    severity: str  # "warning" | "info" | "violation"
    holder: Ref
    message: str
    evidence: Evidence

    def __post_init__(self) -> None:
        self.message = sentence(self.message)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule.to_dict(), "method": self.method, "severity": self.severity,
                "severityLabel": SEVERITY_NL[self.severity], "holder": self.holder.to_dict(),
                "message": self.message, "evidence": self.evidence.to_dict()}


@dataclass
class ConflictReport:
    """The answer of ``kg conflicts --scenario S``."""

    scenario: Ref
    conflicts: list[Conflict] = field(default_factory=list)
    reasoner: ReasonerOutcome | None = None
    not_applied: list[Rule] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"command": "conflicts", "schemaVersion": SCHEMA_VERSION, "scenario": self.scenario.to_dict(),
                "summary": {"conflicts": len(self.conflicts),
                            "bySeverity": dict(sorted(Counter(c.severity for c in self.conflicts).items())),
                            "byRule": dict(sorted(Counter(c.rule.label for c in self.conflicts).items()))},
                "reasoner": self.reasoner.to_dict() if self.reasoner else None,
                "conflicts": [c.to_dict() for c in self.conflicts],
                "rulesNotApplied": [r.to_dict() for r in self.not_applied]}

    def tables(self) -> list[Table]:
        tables = [Table(f"Checks and balances in {self.scenario.label}: {len(self.conflicts)} bevindingen",
                        ["ernst", "regel", "geldt voor", "organisatie", "bevinding", "bron"],
                        [[SEVERITY_NL[c.severity], c.rule.label, c.rule.scope.label, c.holder.label,
                          f"{c.message} Regel geldt voor {c.rule.scope.label}: {c.rule.scope_note}", c.evidence.cite()]
                         for c in self.conflicts], notes="bevinding")]
        if self.not_applied:
            tables.append(Table("Regels die in dit scenario niet gelden", ["regel", "geldt voor", "waarom"],
                                [[r.ref.label, r.scope.label, r.scope_note] for r in self.not_applied], notes="waarom"))
        if self.reasoner is not None:
            tables.append(Table("OWL-redenering", ["redeneerder", "uitkomst"], [["HermiT", self.reasoner.message]]))
        return tables


#: The named graph that holds a scenario view (pySHACL queries it as the default graph).
VIEW_GRAPH = ox.NamedNode("urn:kgb:scenario-view")


class ScenarioView(Graph):
    """A read-only graph in pyoxigraph (through oxrdflib), so that pySHACL's SPARQL runs fast.

    Its size is counted once: pySHACL asks for it for every result, and oxrdflib would
    count the store each time.
    """

    def __init__(self, triples: Graph | ox.Store) -> None:
        if isinstance(triples, ox.Store):
            super().__init__(store=OxigraphStore(store=triples), identifier=URIRef(VIEW_GRAPH.value))
        else:
            super().__init__(store="Oxigraph")
            self += triples
        self._size = super().__len__()

    def __len__(self) -> int:
        return self._size


def scenario_view(graph: Graph, scenario: URIRef, source: Store | None = None) -> ScenarioView:
    """The graph as one scenario sees it: without the assignments and transfers of other scenarios.

    From an embedded ``source`` (the store ``graph`` was read from) the view is copied inside
    pyoxigraph: converting every triple through rdflib took seconds per scenario."""
    others = {s for s, o in graph.subject_objects(KGB.inScenario) if o != scenario}
    others -= set(graph.subjects(KGB.inScenario, scenario))
    if isinstance(source, EmbeddedStore):
        skip = {str(s) for s in others}
        view = ox.Store()
        view.extend(ox.Quad(q.subject, q.predicate, q.object, VIEW_GRAPH) for q in source.ox if q.subject.value not in skip)
        return ScenarioView(view)
    kept = Graph()
    for triple in graph:
        if triple[0] not in others:
            kept.add(triple)
    return ScenarioView(kept)


def load_rules(shapes_dir: Path | None = None) -> Graph:
    """The analysis shapes (``shapes/analysis/*.ttl``)."""
    folder = shapes_dir or load_settings().shapes_dir / "analysis"
    try:
        return load_shapes(folder)
    except FileNotFoundError as exc:
        raise AnalysisError(f"geen analyseregels (SHACL) gevonden in {folder}") from exc


def rule_of(facts: Facts, rules: Graph, constraint: URIRef) -> Rule:
    """A SHACL-SPARQL rule with its label, scope, scope note and sources."""
    label = rules.value(constraint, RDFS.label)
    scope = rules.value(constraint, KGB.ruleScope)
    note = rules.value(constraint, SKOS.scopeNote)
    return Rule(Ref(str(constraint), str(label) if label else str(constraint), "sh:SPARQLConstraint", "SHACL-regel"),
                facts.ref(scope) if scope is not None else Ref("", "—"), str(note) if note else "",
                facts.sources(sorted(rules.objects(constraint, PROV.wasDerivedFrom))))


def owl_rule(facts: Facts, index: int) -> Rule:
    """The role pair ``DISJOINT_ROLES[index]`` as a rule."""
    pair = DISJOINT_ROLES[index]
    return Rule(Ref(f"https://w3id.org/kgb/analysis/roles#pair{index}",
                    f"Rollen gescheiden houden: {pair.first_nl} en {pair.second_nl}", "owl:AllDisjointClasses", "OWL-axioma"),
                facts.ref(pair.scope), pair.scope_note, facts.sources(pair.sources))


def _scoped(rules: Graph, scenario: ScenarioInfo) -> tuple[Graph, list[URIRef]]:
    """A copy of the rules in which the shapes whose constraint does not apply to the scenario are
    deactivated (``sh:deactivated``), and those constraints."""
    scoped, skipped = Graph(), []
    scoped += rules
    for shape, constraint in rules.subject_objects(SH.sparql):
        if not in_scope(rules.value(constraint, KGB.ruleScope), scenario):
            scoped.add((shape, SH.deactivated, Literal(True)))
            skipped.append(constraint)
    return scoped, sorted(skipped)


def _shacl(facts: Facts, scenario: ScenarioInfo, rules: Graph) -> list[Conflict]:
    _conforms, results, text = shacl_validate(
        scenario_view(facts.graph, scenario.iri, facts.store), shacl_graph=rules, inference="none", inplace=True, allow_warnings=True)
    if not isinstance(results, Graph):
        raise AnalysisError(f"de analyseregels (SHACL) konden niet worden uitgevoerd: {text}")
    grouped: dict[tuple[URIRef, URIRef, str], list[URIRef]] = {}
    severities: dict[tuple[URIRef, URIRef, str], URIRef] = {}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        key = (results.value(result, SH.sourceConstraint), results.value(result, SH.focusNode),
               str(results.value(result, SH.resultMessage)))
        grouped.setdefault(key, []).append(results.value(result, SH.value))
        severities[key] = results.value(result, SH.resultSeverity)
    found = []
    for (constraint, holder, message), values in grouped.items():
        rule = rule_of(facts, rules, constraint)
        evidence = facts.evidence_of(sorted({v for v in values if isinstance(v, URIRef)}))
        evidence.add(Evidence(sources=rule.sources))
        found.append(Conflict(rule, "shacl", SEVERITY.get(severities[(constraint, holder, message)], "violation"),
                              facts.ref(holder), message, evidence))
    return found


def _reasoned(facts: Facts, scenario: ScenarioInfo) -> ReasonerOutcome:
    """HermiT's outcome for the scenario, cached per graph version when HermiT could run
    (without Java, :func:`check` says why the OWL part is skipped)."""
    name = f"reasoner-{scenario.id}"
    if shutil.which(owlready2.JAVA_EXE) is None:
        return check(facts, scenario)
    outcome = cached(facts.store, name, lambda: check(facts, scenario))
    if not outcome.available:
        forget(facts.store, name)  # the Java process failed: try again next time
    return outcome


def conflicts(facts: Facts, scenario: str, reasoner: bool = True, shapes_dir: Path | None = None) -> ConflictReport:
    """Run the checks-and-balances rules (SHACL) and, unless ``reasoner`` is false, the OWL
    disjointness check (HermiT) on ``scenario``; only the rules whose scope covers it."""
    s = facts.scenario(scenario)
    rules, skipped = _scoped(load_rules(shapes_dir), s)
    # pySHACL and HermiT run once per graph version, scenario and rule set (kg.cache).
    found = list(cached(facts.store, f"conflicts-{s.id}-{to_isomorphic(rules).graph_digest():x}",
                        lambda: _shacl(facts, s, rules)))
    not_applied = [rule_of(facts, rules, c) for c in skipped]
    not_applied += [owl_rule(facts, i) for i, p in enumerate(DISJOINT_ROLES) if not in_scope(p.scope, s)]
    outcome = _reasoned(facts, s) if reasoner else None
    if outcome is not None:
        found += [Conflict(owl_rule(facts, DISJOINT_ROLES.index(f.pair)), "owl", "warning", f.holder, f.message, f.evidence)
                  for f in outcome.findings]
    order = {"violation": 0, "warning": 1, "info": 2}
    found.sort(key=lambda c: (order[c.severity], c.rule.label, c.holder.label, c.message))
    return ConflictReport(facts.ref(s.iri), found, outcome, not_applied)
