"""OWL check of a scenario: roles that one organisation should not combine for one measure.

Each pair of roles in :data:`DISJOINT_ROLES` has a scope (kgb:RuleScope): a design principle
of the Toekomstscenario applies to the future scenarios only, a separation the source
attributes to the legislator applies everywhere. For each pair that applies and each measure for which some holder
has either role, a per-scenario owlready2 world gets two defined classes, e.g.
``Verzoeker_ondertoezichtstelling ≡ Actor ⊓ ∃verzoekt.{ondertoezichtstelling}`` and
``Toetser_ondertoezichtstelling ≡ Actor ⊓ ∃toetst.{ondertoezichtstelling}``, declared
disjoint, plus the holders' role assertions from the scenario's assignments. HermiT
decides whether the world is consistent. When it is not, a second world without the
disjointness axioms but with the intersection classes lets HermiT name the individuals
that combine the roles; each becomes a finding in plain Dutch, with its sources.

Java (for HermiT) may be missing: then the outcome says so and no finding is made.
"""

from __future__ import annotations

import shutil
import subprocess
import types
from dataclasses import dataclass, field
from typing import Any

import owlready2
from rdflib import URIRef

from kg.analysis.facts import Facts, ScenarioInfo
from kg.analysis.model import Evidence, Ref
from kg.inheritance import weakest
from kg.namespaces import ID_BASE, KGB


ONTOLOGY = "https://w3id.org/kgb/analysis/roles#"


@dataclass(frozen=True)
class RolePair:
    """Two roles (kgb:MeasureRole) one holder should not combine for the same measure, why,
    and in which scenarios that holds (a kgb:RuleScope, with the reason in ``scope_note``)."""

    first: URIRef
    second: URIRef
    first_nl: str
    second_nl: str
    reason: str
    sources: tuple[URIRef, ...]
    scope: URIRef
    scope_note: str


def _seed(path: str) -> URIRef:
    return URIRef(f"{ID_BASE}seed/{path}")


DISJOINT_ROLES = (
    RolePair(KGB.Requesting, KGB.Reviewing, "verzoeker", "toetser",
             "volgens het Toekomstscenario (bijlage 5, § 5.7) toetsen niet bij het gezin betrokken professionals, "
             "met voldoende distantie tot het gezin en de betrokken professionals, of het besluit zorgvuldig tot stand kwam",
             (_seed("004_e61924f29c307353/L2238-L2241"),),
             KGB.FutureScenarios,
             "Ontwerpprincipe van het Toekomstscenario (bijlage 5, § 5.7); geen regel van de huidige wet. Adviseren of "
             "gehoord worden (kgb:Advising, bv. art. 810 Rv) is geen toetsen en valt er niet onder."),
    RolePair(KGB.Executing, KGB.Deciding, "uitvoerder", "beslisser",
             "een duidelijke scheiding tussen uitvoering van de maatregel en de beslissingsbevoegdheid is aangewezen; "
             "de bron noemt dat bij de argumenten van de wetgever voor de huidige bevoegdheden (bijlage 5, § 5.7)",
             (_seed("004_e61924f29c307353/L2222-L2224"), _seed("004_e61924f29c307353/L2228-L2232")),
             KGB.EveryScenario,
             "De bron schrijft deze scheiding toe aan de wetgever van het huidige stelsel (bijlage 5, § 5.7); zij geldt "
             "daarom in elk scenario."),
)


def in_scope(scope: URIRef | None, scenario: ScenarioInfo) -> bool:
    """Whether a rule with this kgb:RuleScope applies to the scenario (a rule without scope applies nowhere)."""
    if scope == KGB.EveryScenario:
        return True
    return scope == KGB.FutureScenarios and scenario.base is not None


@dataclass
class OwlFinding:
    """A holder that combines two disjoint roles for one measure."""

    holder: Ref
    measure: Ref
    pair: RolePair
    message: str
    evidence: Evidence


@dataclass
class ReasonerOutcome:
    """What the OWL check did: whether HermiT ran, whether the scenario is consistent, findings."""

    available: bool
    consistent: bool | None
    message: str
    findings: list[OwlFinding] = field(default_factory=list)
    axioms: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"reasoner": "HermiT (owlready2)", "available": self.available, "consistent": self.consistent,
                "disjointnessAxioms": self.axioms, "message": self.message}


class ReasonerUnavailable(RuntimeError):
    """HermiT could not run (no Java, or the Java process failed)."""


def _hermit(world: owlready2.World) -> bool:
    """Run HermiT; True when consistent. Raises ReasonerUnavailable when it cannot run."""
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ReasonerUnavailable(f"Java ({owlready2.JAVA_EXE}) is niet gevonden")
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    except (owlready2.OwlReadyJavaError, subprocess.SubprocessError, OSError) as exc:
        raise ReasonerUnavailable(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__) from exc
    return True


RoleTable = dict[URIRef, dict[URIRef, dict[URIRef, list[URIRef]]]]


def pairs_for(scenario: ScenarioInfo) -> tuple[RolePair, ...]:
    """The role pairs whose scope covers the scenario."""
    return tuple(p for p in DISJOINT_ROLES if in_scope(p.scope, scenario))


def role_table(facts: Facts, scenario: ScenarioInfo) -> RoleTable:
    """holder → role → measure → assignments, for the roles of the pairs that apply to the scenario."""
    roles = {r for p in pairs_for(scenario) for r in (p.first, p.second)}
    out: RoleTable = {}
    for a in facts.assignments_in(scenario.iri):
        position = facts.positions.get(a.item)
        if position is None:
            continue
        for role in roles.intersection(position.roles):
            for measure in position.measures:
                out.setdefault(a.holder, {}).setdefault(role, {}).setdefault(measure, []).append(a.iri)
    return out


def _world(table: RoleTable, pairs: tuple[RolePair, ...],
           disjoint: bool) -> tuple[owlready2.World, dict[str, tuple[URIRef, RolePair]], list[URIRef], int]:
    """A world with the holders' role assertions and, per role pair and measure, two defined role
    classes: declared disjoint (``disjoint``), or else with a class for their intersection.

    Returns the world, intersection class name → (measure, pair), the holders by individual
    index, and the number of disjointness axioms.
    """
    world = owlready2.World()
    onto = world.get_ontology(ONTOLOGY)
    measures = sorted({m for by_role in table.values() for by_measure in by_role.values() for m in by_measure})
    holders = sorted(table)
    intersections: dict[str, tuple[URIRef, RolePair]] = {}
    axioms = 0
    with onto:
        actor = types.new_class("Actor", (owlready2.Thing,))
        measure_class = types.new_class("Measure", (owlready2.Thing,))
        props = {r: types.new_class(f"role_{r.split('#')[-1]}", (owlready2.ObjectProperty,))
                 for p in pairs for r in (p.first, p.second)}
        individuals = {m: measure_class(f"m{i}") for i, m in enumerate(measures)}
        for index, pair in enumerate(pairs):
            for m, ind in individuals.items():
                first, second = props[pair.first].value(ind), props[pair.second].value(ind)
                if disjoint:
                    classes = [types.new_class(f"p{index}{side}_{ind.name}", (actor,)) for side in "ab"]
                    classes[0].equivalent_to, classes[1].equivalent_to = [actor & first], [actor & second]
                    owlready2.AllDisjoint(classes)
                    axioms += 1
                else:
                    both = types.new_class(f"p{index}both_{ind.name}", (actor,))
                    both.equivalent_to = [actor & first & second]
                    intersections[both.name] = (m, pair)
        for i, holder in enumerate(holders):
            ind = actor(f"h{i}")
            for role, by_measure in table[holder].items():
                getattr(ind, props[role].name).extend(individuals[m] for m in by_measure)
    return world, intersections, holders, axioms


def check(facts: Facts, scenario: ScenarioInfo) -> ReasonerOutcome:
    """Make the disjoint roles explicit for one scenario and let HermiT check them; only the
    role pairs whose scope covers the scenario (:func:`pairs_for`) are checked."""
    table, pairs = role_table(facts, scenario), pairs_for(scenario)
    world, _, _, axioms = _world(table, pairs, disjoint=True)
    try:
        if _hermit(world):
            return ReasonerOutcome(True, True, f"HermiT: {axioms} disjunctie-axioma's, geen tegenstrijdigheid.", axioms=axioms)
        world, intersections, holders, _ = _world(table, pairs, disjoint=False)
        _hermit(world)
    except ReasonerUnavailable as exc:
        return ReasonerOutcome(False, None, f"HermiT kon niet draaien ({exc}); de OWL-controle is overgeslagen.")
    onto = world.get_ontology(ONTOLOGY)
    findings = [_finding(facts, scenario, holders[int(individual.name[1:])], measure, pair, table)
                for name, (measure, pair) in sorted(intersections.items()) for individual in onto[name].instances()]
    return ReasonerOutcome(True, False, f"HermiT: {len(findings)} keer combineert één houder rollen die gescheiden moeten blijven.",
                           findings, axioms)


def _finding(facts: Facts, scenario: ScenarioInfo, holder: URIRef, measure: URIRef, pair: RolePair,
             table: RoleTable) -> OwlFinding:
    assignments = table[holder][pair.first][measure] + table[holder][pair.second][measure]
    first = ", ".join(sorted({facts.label(facts.assignment(a).item) for a in table[holder][pair.first][measure]}))
    second = ", ".join(sorted({facts.label(facts.assignment(a).item) for a in table[holder][pair.second][measure]}))
    certainty = weakest([facts.assignment(a).certainty for a in assignments])
    message = (f"In {facts.label(scenario.iri)} is {facts.label(holder)} bij de {facts.label(measure)} zowel "
               f"{pair.first_nl} ({first}) als {pair.second_nl} ({second}). Die rollen horen gescheiden te zijn: {pair.reason}. "
               f"Zekerheid van deze rolverdeling: {facts.label(certainty)}.")
    evidence = facts.evidence_of(assignments)
    evidence.sources += [s for s in facts.sources(pair.sources) if s.iri not in {x.iri for x in evidence.sources}]
    return OwlFinding(facts.ref(holder), facts.ref(measure), pair, message, evidence)
