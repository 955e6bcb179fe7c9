"""``kg overlaps``: kerntaken and powers held by more than one organisation in a scenario.

Two kinds of overlap are found:

- a **kerntaak** carried by several holders (of the kerntaak itself, a finer task under
  it, or a power or duty serving one of those);
- a **position** overlap: several holders of positions with the same role (request,
  decide, execute, review) for the same measure, or of one and the same position.

Each overlap is classified; a duplication only where a source says so or where one and
the same position lies with several holders:

- ``shared`` — every holder has an assignment marked ``kgb:shared`` (the source presents
  the task as deliberately shared);
- a ``kgb:DocumentedOverlap`` of the scenario that covers the task (or the measure and
  role) and names at least two of the holders: its kind, with the source's reason —
  ``duplication`` (e.g. the research *estafette*), ``concurrent-competence`` (e.g. the
  Raad and the openbaar ministerie may both request a measure, on purpose) or
  ``division-of-labour``;
- ``different-measures`` — each holder's positions concern other measures;
- ``different-judges`` — each holder's positions are addressed to other courts, or
  every holder is a court, or decides within its own jurisdiction;
- ``duplication`` — one and the same position lies with several holders;
- ``concurrent-competence`` — several holders have the same role for a measure, each on
  its own statutory basis (the statute grants each its power);
- ``division-of-labour`` — each holder carries another part of the kerntaak (other
  tasks and positions);
- ``not-qualified`` — several holders, and nothing in the sources or the data says
  whether this is duplication: the report says so instead of guessing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.analysis.facts import AssignmentInfo, DocumentedOverlapInfo, Facts
from kg.analysis.model import SCHEMA_VERSION, Evidence, Ref, Table, labels, refs
from kg.namespaces import KGB

CLASSIFICATION_NL = {
    "shared": "gedeeld (bron: bewust gedeeld)",
    "duplication": "doublure",
    "concurrent-competence": "legitiem: bewuste samenloop van bevoegdheden",
    "different-measures": "taakverdeling: verschillende maatregelen",
    "different-judges": "taakverdeling: verschillende rechters",
    "division-of-labour": "taakverdeling: verschillende taken",
    "not-qualified": "niet geduid",
}

#: The classification a kgb:OverlapKind of a documented overlap gives.
DOCUMENTED = {KGB.Duplication: "duplication", KGB.ConcurrentCompetence: "concurrent-competence",
              KGB.DivisionOfLabour: "division-of-labour"}


@dataclass
class Holding:
    """One holder in an overlap and the items through which it holds the task or role."""

    holder: Ref
    via: list[Ref]

    def to_dict(self) -> dict[str, Any]:
        return {"holder": self.holder.to_dict(), "via": refs(self.via)}


@dataclass
class Overlap:
    """Several holders of one kerntaak or of one role in one measure."""

    kind: str  # "core-task" | "position"
    subject: Ref
    role: Ref | None
    holders: list[Holding]
    classification: str
    reason: str
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject.to_dict(), "role": self.role.to_dict() if self.role else None,
                "holders": [h.to_dict() for h in self.holders], "classification": self.classification,
                "classificationLabel": CLASSIFICATION_NL[self.classification], "reason": self.reason,
                "evidence": self.evidence.to_dict()}


@dataclass
class OverlapReport:
    """The answer of ``kg overlaps --scenario S``."""

    scenario: Ref
    overlaps: list[Overlap] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = defaultdict(int)
        for o in self.overlaps:
            counts[o.classification] += 1
        return {"command": "overlaps", "schemaVersion": SCHEMA_VERSION, "scenario": self.scenario.to_dict(),
                "summary": {"overlaps": len(self.overlaps), "byClassification": dict(sorted(counts.items()))},
                "overlaps": [o.to_dict() for o in self.overlaps]}

    def tables(self) -> list[Table]:
        return [Table(
            f"Overlap in {self.scenario.label}: {len(self.overlaps)}",
            ["soort", "kerntaak of maatregel", "rol", "houders", "aantal", "oordeel", "toelichting", "bron"],
            [["kerntaak" if o.kind == "core-task" else "positie", o.subject.label, o.role.label if o.role else "",
              "; ".join(f"{h.holder.label} ({labels(h.via)})" for h in o.holders), str(len(o.holders)),
              CLASSIFICATION_NL[o.classification], o.reason, o.evidence.cite()] for o in self.overlaps])]


def _pairwise_disjoint(sets: list[set[URIRef]]) -> bool:
    """True when every set is non-empty and no two share a member."""
    seen: set[URIRef] = set()
    for s in sets:
        if not s or seen & s:
            return False
        seen |= s
    return True


def _jurisdiction(facts: Facts, holder: URIRef, group: list[AssignmentInfo]) -> set[URIRef]:
    """What a holder does this for: its measures, else its own jurisdiction if it decides.

    A court, or a holder whose positions here are all deciding ones, that names no
    measure still acts within its own jurisdiction (the familierechter on disputes about
    gezag); any other holder without measures overlaps with everyone.
    """
    positions = [facts.positions[a.item] for a in group if a.item in facts.positions]
    measures = {m for p in positions for m in p.measures}
    if measures:
        return measures
    is_court = holder in facts.actors and KGB.Court in facts.actors[holder].types
    decides = bool(positions) and all(KGB.Deciding in p.roles for p in positions)
    return {holder} if is_court or decides else set()


def _named(facts: Facts, holder: URIRef, named: tuple[URIRef, ...]) -> bool:
    """The holder is one of the named actors, or a member of one."""
    info = facts.actors.get(holder)
    return holder in named or (info is not None and bool(set(info.member_of) & set(named)))


def documented(facts: Facts, scenario: URIRef, subject: URIRef, role: URIRef | None,
               holders: list[URIRef]) -> DocumentedOverlapInfo | None:
    """The source's own qualification of this overlap: a documented overlap of the scenario about
    the kerntaak (or the measure and role) that names at least two of the holders."""
    for o in facts.documented_overlaps:
        if o.scenario != scenario:
            continue
        about = (o.role == role and subject in o.measures) if role is not None else o.task == subject
        if about and sum(_named(facts, h, o.between) for h in holders) >= 2:
            return o
    return None


def classify(facts: Facts, scenario: URIRef, subject: URIRef, role: URIRef | None, kind: str,
             by_holder: dict[URIRef, list[AssignmentInfo]]) -> tuple[str, str, Evidence]:
    """Classification, Dutch reason and the extra evidence for the assignments of several holders of one thing."""
    if all(any(a.shared for a in group) for group in by_holder.values()):
        return "shared", "De bron zegt uitdrukkelijk dat dit gedeeld wordt uitgevoerd (kgb:shared).", Evidence()
    source = documented(facts, scenario, subject, role, list(by_holder))
    if source is not None:
        named = ", ".join(sorted(facts.label(h) for h in by_holder if _named(facts, h, source.between)))
        return (DOCUMENTED.get(source.kind, "not-qualified"), f"{source.note or facts.label(source.iri)} (de bron noemt: {named})",
                Evidence([facts.ref(source.iri)], facts.sources(source.sources)))

    def per_holder(attribute: str) -> list[set[URIRef]]:
        return [{x for a in group if a.item in facts.positions for x in getattr(facts.positions[a.item], attribute)}
                for group in by_holder.values()]

    if _pairwise_disjoint(per_holder("measures")):
        return "different-measures", "Elke houder doet dit voor andere maatregelen.", Evidence()
    if _pairwise_disjoint(per_holder("addressees")):
        return "different-judges", "Elke houder richt zich tot een andere rechter.", Evidence()
    if all(h in facts.actors and KGB.Court in facts.actors[h].types for h in by_holder):
        return "different-judges", "Alle houders zijn rechters, elk met een eigen rechtsmacht.", Evidence()
    if _pairwise_disjoint([_jurisdiction(facts, h, g) for h, g in by_holder.items()]):
        return "different-judges", ("Elke houder beslist over andere maatregelen of binnen een eigen rechtsmacht "
                                    "(rechter, burgemeester): geen doublure."), Evidence()
    positions = [{a.item for a in group if a.item in facts.positions} for group in by_holder.values()]
    shared_positions = sorted({p for i, mine in enumerate(positions) for other in positions[i + 1:] for p in mine & other})
    if shared_positions:
        return "duplication", ("Dezelfde positie ligt in dit scenario bij meer houders: "
                               + ", ".join(facts.label(p) for p in shared_positions) + "."), Evidence()
    if kind == "position":
        bases = [b for group in positions for p in sorted(group) for b in facts.positions[p].bases]
        if all(any(facts.positions[p].bases for p in group) for group in positions):
            return ("concurrent-competence", "De wet geeft elke houder een eigen bevoegdheid bij deze maatregel; geen bron "
                    "noemt dit een doublure.", Evidence(sources=facts.sources(list(dict.fromkeys(bases)))))
    items = [{a.item for a in group} for group in by_holder.values()]
    if kind == "core-task" and _pairwise_disjoint(items):
        return ("division-of-labour", "Elke houder draagt een ander deel van deze kerntaak (andere taken en posities); "
                "geen bron noemt dit een doublure.", Evidence())
    return ("not-qualified", "Meer houders dragen dit; de bronnen duiden dat niet als doublure of als taakverdeling, en "
            "de gegevens zeggen niet of het om hetzelfde werk voor hetzelfde gezin gaat.", Evidence())


def _overlap(facts: Facts, scenario: URIRef, kind: str, subject: URIRef, role: URIRef | None,
             by_holder: dict[URIRef, list[AssignmentInfo]]) -> Overlap:
    classification, reason, extra = classify(facts, scenario, subject, role, kind, by_holder)
    holdings = [Holding(facts.ref(h), [facts.ref(i) for i in sorted({a.item for a in group})])
                for h, group in sorted(by_holder.items(), key=lambda kv: facts.label(kv[0]))]
    statements = [a.iri for group in by_holder.values() for a in group]
    return Overlap(kind, facts.ref(subject), facts.ref(role) if role else None, holdings, classification, reason,
                   extra.add(facts.evidence_of(statements)))


def overlaps(facts: Facts, scenario: str) -> OverlapReport:
    """Kerntaken and positions held by more than one organisation in ``scenario``, classified."""
    s = facts.scenario(scenario)
    found = []
    for task in facts.core_tasks():
        by_holder = facts.task_holders(s.iri, task.iri)
        if len(by_holder) > 1:
            found.append(_overlap(facts, s.iri, "core-task", task.iri, None, by_holder))
    groups: dict[tuple[URIRef, URIRef | None], dict[URIRef, list[AssignmentInfo]]] = defaultdict(lambda: defaultdict(list))
    for a in facts.assignments_in(s.iri):
        position = facts.positions.get(a.item)
        if position is None:
            continue
        keys = [(m, r) for m in position.measures for r in position.roles] or [(a.item, None)]
        for key in keys:
            groups[key][a.holder].append(a)
    for (subject, role), by_holder in sorted(groups.items(), key=lambda kv: (facts.label(kv[0][0]), str(kv[0][1]))):
        if len(by_holder) > 1:
            found.append(_overlap(facts, s.iri, "position", subject, role, by_holder))
    return OverlapReport(facts.ref(s.iri), found)
