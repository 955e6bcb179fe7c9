"""``kg diff S1 S2``: what moves, appears and disappears between two scenarios.

Per task and position, the holders in S1 are compared with the holders in S2:

- ``moves`` — some holders go and others come (old holder → new holder);
- ``added-holder`` / ``removed-holder`` — a holder joins or leaves, the others stay;
- ``appears`` — held in S2, not in S1 (a new task or position);
- ``disappears`` — held in S1, not in S2 (an orphan, e.g. of a dissolved organisation).

Per organisation, the report counts what it gains and loses, and says whether it
appears or disappears as a holder altogether.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.analysis.facts import Facts
from kg.analysis.model import SCHEMA_VERSION, Evidence, Ref, Table, labels, refs
from kg.inheritance import weakest

KIND_NL = {"moves": "verschuift", "added-holder": "houder erbij", "removed-holder": "houder eraf",
           "appears": "nieuw", "disappears": "vervalt"}
STATUS_NL = {"appears": "verschijnt", "disappears": "verdwijnt", "changes": "verandert"}


@dataclass
class Change:
    kind: str
    item: Ref
    from_holders: list[Ref]
    to_holders: list[Ref]
    certainty: Ref | None
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "kindLabel": KIND_NL[self.kind], "item": self.item.to_dict(),
                "from": refs(self.from_holders), "to": refs(self.to_holders),
                "certainty": self.certainty.to_dict() if self.certainty else None, "evidence": self.evidence.to_dict()}


@dataclass
class OrganisationChange:
    organisation: Ref
    status: str  # "appears" | "disappears" | "changes"
    gains: list[Ref]
    losses: list[Ref]
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {"organisation": self.organisation.to_dict(), "status": self.status, "statusLabel": STATUS_NL[self.status],
                "gains": refs(self.gains), "losses": refs(self.losses), "evidence": self.evidence.to_dict()}


@dataclass
class DiffReport:
    """The answer of ``kg diff S1 S2``."""

    first: Ref
    second: Ref
    changes: list[Change] = field(default_factory=list)
    organisations: list[OrganisationChange] = field(default_factory=list)
    unchanged: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"command": "diff", "schemaVersion": SCHEMA_VERSION, "from": self.first.to_dict(), "to": self.second.to_dict(),
                "summary": {"changes": len(self.changes), "unchanged": self.unchanged,
                            "byKind": dict(sorted(Counter(c.kind for c in self.changes).items()))},
                "changes": [c.to_dict() for c in self.changes],
                "organisations": [o.to_dict() for o in self.organisations]}

    def tables(self) -> list[Table]:
        return [
            Table(f"Van {self.first.label} naar {self.second.label}: {len(self.changes)} wijzigingen ({self.unchanged} ongewijzigd)",
                  ["wijziging", "taak of positie", "soort", "van", "naar", "zekerheid", "bron"],
                  [[KIND_NL[c.kind], c.item.label, c.item.kind_label, labels(c.from_holders), labels(c.to_holders),
                    c.certainty.label if c.certainty else "—", c.evidence.cite()] for c in self.changes]),
            Table("Per organisatie", ["organisatie", "status", "erbij", "eraf"],
                  [[o.organisation.label, STATUS_NL[o.status], str(len(o.gains)), str(len(o.losses))] for o in self.organisations]),
        ]


def _kind(before: set[URIRef], after: set[URIRef]) -> str | None:
    gone, new = before - after, after - before
    if not gone and not new:
        return None
    if not before:
        return "appears"
    if not after:
        return "disappears"
    if gone and new:
        return "moves"
    return "added-holder" if new else "removed-holder"


def diff(facts: Facts, first: str, second: str) -> DiffReport:
    """Compare the holders of every task and position in two scenarios, per item and per organisation."""
    s1, s2 = facts.scenario(first), facts.scenario(second)
    h1, h2 = facts.holdings(s1.iri), facts.holdings(s2.iri)
    report = DiffReport(facts.ref(s1.iri), facts.ref(s2.iri))
    gains: dict[URIRef, list[URIRef]] = defaultdict(list)
    losses: dict[URIRef, list[URIRef]] = defaultdict(list)
    orphans = {o.item: o for o in facts.inheritance.orphans if o.scenario == s2.iri}
    for item in sorted(set(h1) | set(h2), key=facts.label):
        before, after = set(h1.get(item, {})), set(h2.get(item, {}))
        kind = _kind(before, after)
        if kind is None:
            report.unchanged += 1
            continue
        assignments = [a for group in h2.get(item, {}).values() for a in group]
        statements = [a.iri for a in assignments]
        if kind == "disappears":
            statements = [a.iri for group in h1[item].values() for a in group]
            statements += list(orphans[item].dissolved_by) if item in orphans else []
        report.changes.append(Change(
            kind, facts.ref(item), [facts.ref(h) for h in sorted(before - after)], [facts.ref(h) for h in sorted(after - before)],
            facts.ref(weakest([a.certainty for a in assignments])) if assignments else None, facts.evidence_of(statements)))
        for h in after - before:
            gains[h].append(item)
        for h in before - after:
            losses[h].append(item)
    held1 = {h for group in h1.values() for h in group}
    held2 = {h for group in h2.values() for h in group}
    dissolved = facts.dissolved_in(s2.iri)
    for org in sorted(set(gains) | set(losses), key=facts.label):
        status = "disappears" if org not in held2 else ("appears" if org not in held1 else "changes")
        report.organisations.append(OrganisationChange(
            facts.ref(org), status, [facts.ref(i) for i in gains[org]], [facts.ref(i) for i in losses[org]],
            facts.evidence_of([t.iri for t in dissolved.get(org, [])])))
    return report
