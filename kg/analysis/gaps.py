"""``kg gaps``: what falls between the cracks in a scenario.

Six kinds of gap:

- ``core-task-without-holder`` — a kerntaak nobody carries (not the kerntaak, no finer
  task, no power or duty serving it);
- ``orphan`` — an item whose holder is dissolved in the scenario without a successor
  (from :func:`kg.inheritance.compute`), or whose holder does not exist in the scenario;
- ``no-legal-basis`` — a position held in the scenario that is marked
  ``kgb:NoLegalBasisYet``;
- ``basis-names-previous-holder`` — a position that moves to a new holder in the scenario
  while its legal basis names (``kgb:namesActor``) the previous holder: until those
  provisions are amended, the new holder has no legal basis for it;
- ``provision-names-absent-actor`` — a provision that names (``kgb:namesActor``) an
  organisation that no longer exists in the scenario;
- ``transfer-cycle`` — transfers that lead an item back to an earlier holder.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg.analysis.facts import Facts, ScenarioInfo
from kg.analysis.model import SCHEMA_VERSION, Evidence, Ref, Table, sentence

KIND_NL = {
    "core-task-without-holder": "kerntaak zonder houder",
    "orphan": "zonder opvolger",
    "no-legal-basis": "nog geen wettelijke grondslag",
    "basis-names-previous-holder": "grondslag noemt de vorige houder",
    "provision-names-absent-actor": "bepaling noemt verdwenen organisatie",
    "transfer-cycle": "overdrachtscyclus",
}


@dataclass
class Gap:
    kind: str
    subject: Ref
    holder: Ref | None
    message: str
    evidence: Evidence
    certainty: Ref | None = None

    def __post_init__(self) -> None:
        self.message = sentence(self.message)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "kindLabel": KIND_NL[self.kind], "subject": self.subject.to_dict(),
                "holder": self.holder.to_dict() if self.holder else None,
                "certainty": self.certainty.to_dict() if self.certainty else None,
                "message": self.message, "evidence": self.evidence.to_dict()}


@dataclass
class GapReport:
    """The answer of ``kg gaps --scenario S``."""

    scenario: Ref
    gaps: list[Gap] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"command": "gaps", "schemaVersion": SCHEMA_VERSION, "scenario": self.scenario.to_dict(),
                "summary": {"gaps": len(self.gaps), "byKind": dict(sorted(Counter(g.kind for g in self.gaps).items()))},
                "gaps": [g.to_dict() for g in self.gaps]}

    def tables(self) -> list[Table]:
        return [Table(f"Lacunes in {self.scenario.label}: {len(self.gaps)}",
                      ["soort", "wat", "houder", "toelichting", "bron"],
                      [[KIND_NL[g.kind], g.subject.label, g.holder.label if g.holder else "—", g.message, g.evidence.cite()]
                       for g in self.gaps], notes="toelichting")]


def _without_holder(facts: Facts, s: ScenarioInfo) -> list[Gap]:
    return [Gap("core-task-without-holder", facts.ref(t.iri), None,
                f"Niemand draagt de kerntaak '{facts.label(t.iri)}' in {facts.label(s.iri)}: geen belegging van de "
                f"kerntaak of een fijnere taak, en geen bevoegdheid of plicht die haar dient.", facts.evidence(t.iri))
            for t in facts.core_tasks() if not facts.task_holders(s.iri, t.iri)]


def _orphans(facts: Facts, s: ScenarioInfo) -> list[Gap]:
    out = []
    for o in facts.inheritance.orphans:
        if o.scenario != s.iri:
            continue
        by = ", ".join(facts.label(t) for t in o.dissolved_by)
        out.append(Gap("orphan", facts.ref(o.item), facts.ref(o.holder),
                       f"'{facts.label(o.item)}' ligt nu bij {facts.label(o.holder)}, dat in {facts.label(s.iri)} wordt "
                       f"opgeheven ({by}) zonder dat een overdracht dit meeneemt: er is geen opvolger.",
                       facts.evidence_of([o.base_assignment, *o.dissolved_by])))
    for a in facts.assignments_in(s.iri):
        if not facts.exists_in(a.holder, s.iri) and a.holder not in facts.dissolved_in(s.iri):
            out.append(Gap("orphan", facts.ref(a.item), facts.ref(a.holder),
                           f"'{facts.label(a.item)}' is belegd bij {facts.label(a.holder)}, maar die organisatie bestaat "
                           f"volgens de gegevens (kgb:existsIn) niet in {facts.label(s.iri)}.",
                           facts.evidence(a.iri), facts.ref(a.certainty)))
    return out


def _no_legal_basis(facts: Facts, s: ScenarioInfo) -> list[Gap]:
    return [Gap("no-legal-basis", facts.ref(a.item), facts.ref(a.holder),
                f"{facts.label(a.holder)} heeft in {facts.label(s.iri)} '{facts.label(a.item)}' nodig, maar daarvoor is "
                f"nog geen wettelijke grondslag: nieuwe regelgeving is nodig.",
                facts.evidence_of([a.iri, a.item]), facts.ref(a.certainty))
            for a in facts.assignments_in(s.iri)
            if a.item in facts.positions and facts.positions[a.item].no_legal_basis_yet]


def _basis_names_previous_holder(facts: Facts, s: ScenarioInfo) -> list[Gap]:
    out, seen = [], set()
    for d in facts.inheritance.derivations:
        position = facts.positions.get(d.item)
        if d.scenario != s.iri or not d.chain or position is None or (d.item, d.holder) in seen:
            continue
        naming = facts.topmost({p for basis in position.bases for p in facts.parts(basis)
                                if facts.names_actor(p, d.original_holder)})
        if not naming or any(facts.names_actor(p, d.holder) for basis in position.bases for p in facts.parts(basis)):
            continue
        seen.add((d.item, d.holder))
        provisions = ", ".join(facts.label(p) for p in naming)
        out.append(Gap("basis-names-previous-holder", facts.ref(d.item), facts.ref(d.holder),
                       f"{facts.label(d.holder)} krijgt in {facts.label(s.iri)} '{facts.label(d.item)}' van "
                       f"{facts.label(d.original_holder)}, maar de grondslag ({provisions}) wijst "
                       f"{facts.label(d.original_holder)} aan: tot die bepalingen zijn aangepast heeft "
                       f"{facts.label(d.holder)} hiervoor geen wettelijke grondslag.",
                       facts.evidence_of([d.base_assignment, *(t.iri for t in d.chain), *naming]),
                       facts.ref(d.certainty)))
    return out


def _absent_actors(facts: Facts, s: ScenarioInfo) -> list[Gap]:
    out = []
    dissolved = facts.dissolved_in(s.iri)
    named = {actor for p in facts.provisions.values() for actor in p.names}
    for actor in sorted(named):
        if facts.exists_in(actor, s.iri):
            continue
        provisions = facts.topmost({p.iri for p in facts.provisions.values() if actor in p.names})
        transfers = [t.iri for t in dissolved.get(actor, [])]
        why = (f"wordt opgeheven ({', '.join(facts.label(t) for t in transfers)})" if transfers
               else "bestaat volgens de gegevens (kgb:existsIn) niet in dit scenario")
        for p in provisions:
            out.append(Gap("provision-names-absent-actor", facts.ref(p), facts.ref(actor),
                           f"{facts.label(p)} noemt {facts.label(actor)}, dat in {facts.label(s.iri)} {why}; "
                           f"de bepaling moet worden aangepast.", facts.evidence_of([p, *transfers])))
    return out


def transfer_cycles(facts: Facts, s: ScenarioInfo) -> list[Gap]:
    """Transfer cycles in the scenario (reported by the inheritance computation, never followed)."""
    out = []
    for c in facts.inheritance.cycles:
        if c.scenario == s.iri:
            path = ", ".join(facts.label(t) for t in c.transfers)
            out.append(Gap("transfer-cycle", facts.ref(c.item), None,
                           f"De overdrachten voor '{facts.label(c.item)}' lopen in een kring ({path}); de kring is "
                           f"niet gevolgd. Maak duidelijk waar de taak uiteindelijk terechtkomt.",
                           facts.evidence_of(list(c.transfers))))
    return out


def gaps(facts: Facts, scenario: str) -> GapReport:
    """Every gap in ``scenario``: kerntaken without holder, orphans, positions without legal basis
    (marked, or because the basis still names the previous holder), provisions naming
    organisations that no longer exist, transfer cycles."""
    s = facts.scenario(scenario)
    found: list[Gap] = []
    for finder in (_without_holder, _orphans, _no_legal_basis, _basis_names_previous_holder, _absent_actors,
                   transfer_cycles):
        found += finder(facts, s)
    return GapReport(facts.ref(s.iri), found)

