"""``kg overlaps``: kerntaken and powers held by more than one organisation in a scenario.

Two kinds of overlap are found:

- a **kerntaak** carried by several holders (of the kerntaak itself, a finer task under
  it, or a power or duty serving one of those);
- a **position** overlap: several holders of positions with the same role (request,
  decide, execute, review) for the same measure, or of one and the same position.

Each overlap is classified, most legitimate first:

- ``shared`` — every holder has an assignment marked ``kgb:shared`` (the source presents
  the task as deliberately shared);
- ``different-measures`` — each holder's positions concern other measures;
- ``different-judges`` — each holder's positions are addressed to other courts, or
  every holder is itself a court;
- ``duplication`` — none of these: several organisations do the same work (the
  *estafette* of the Toekomstscenario).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.analysis.facts import AssignmentInfo, Facts
from kg.analysis.model import SCHEMA_VERSION, Evidence, Ref, Table, labels, refs
from kg.namespaces import KGB

CLASSIFICATION_NL = {
    "shared": "gedeeld (bron: bewust gedeeld)",
    "different-measures": "legitiem: verschillende maatregelen",
    "different-judges": "legitiem: verschillende rechters",
    "duplication": "doublure",
}

DUPLICATION_NL = {
    "core-task": "Meer organisaties dragen deze kerntaak, elk voor een deel van de route (estafette).",
    "position": "Meer organisaties hebben dezelfde rol bij deze maatregel (samenloop van bevoegdheden).",
}


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


def classify(facts: Facts, by_holder: dict[URIRef, list[AssignmentInfo]], duplication: str) -> tuple[str, str]:
    """Classification and Dutch reason for the assignments of several holders of one thing."""
    if all(any(a.shared for a in group) for group in by_holder.values()):
        return "shared", "De bron zegt uitdrukkelijk dat dit gedeeld wordt uitgevoerd (kgb:shared)."

    def per_holder(attribute: str) -> list[set[URIRef]]:
        return [{x for a in group if a.item in facts.positions for x in getattr(facts.positions[a.item], attribute)}
                for group in by_holder.values()]

    if _pairwise_disjoint(per_holder("measures")):
        return "different-measures", "Elke houder doet dit voor andere maatregelen."
    if _pairwise_disjoint(per_holder("addressees")):
        return "different-judges", "Elke houder richt zich tot een andere rechter."
    if all(h in facts.actors and KGB.Court in facts.actors[h].types for h in by_holder):
        return "different-judges", "Alle houders zijn rechters, elk met een eigen rechtsmacht."
    if _pairwise_disjoint([_jurisdiction(facts, h, g) for h, g in by_holder.items()]):
        return "different-judges", ("Elke houder beslist over andere maatregelen of binnen een eigen rechtsmacht "
                                    "(rechter, burgemeester): geen doublure.")
    return "duplication", duplication


def _overlap(facts: Facts, kind: str, subject: URIRef, role: URIRef | None,
             by_holder: dict[URIRef, list[AssignmentInfo]]) -> Overlap:
    classification, reason = classify(facts, by_holder, DUPLICATION_NL[kind])
    holdings = [Holding(facts.ref(h), [facts.ref(i) for i in sorted({a.item for a in group})])
                for h, group in sorted(by_holder.items(), key=lambda kv: facts.label(kv[0]))]
    statements = [a.iri for group in by_holder.values() for a in group]
    return Overlap(kind, facts.ref(subject), facts.ref(role) if role else None, holdings, classification, reason,
                   facts.evidence_of(statements))


def overlaps(facts: Facts, scenario: str) -> OverlapReport:
    """Kerntaken and positions held by more than one organisation in ``scenario``, classified."""
    s = facts.scenario(scenario)
    found = []
    for task in facts.core_tasks():
        by_holder = facts.task_holders(s.iri, task.iri)
        if len(by_holder) > 1:
            found.append(_overlap(facts, "core-task", task.iri, None, by_holder))
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
            found.append(_overlap(facts, "position", subject, role, by_holder))
    return OverlapReport(facts.ref(s.iri), found)
