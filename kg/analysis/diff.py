"""``kg diff S1 S2``: what moves, appears and disappears between two scenarios.

Per task and position, the holders in S1 are compared with the holders in S2 (curated and
derived holders in both). A difference is only attributed to S2 when S2 says something
about the item: a curated assignment, a transfer that moves, lists or excludes it, or the
dissolution of its holder. Silence is not abolition:

- ``moves`` — some holders go and others come (old holder → new holder);
- ``added-holder`` / ``removed-holder`` — a holder joins or leaves, the others stay;
- ``appears`` — held in S2, not in S1 (a new task or position);
- ``disappears`` — held in S1, not in S2, and a source of S2 says so (the transfer that
  dissolves its holder without a successor);
- ``not-addressed`` — S1 says something about the item that S2 does not address (e.g. a
  task the 2021 scenario gives the RVT, about which the 2024 scenario is silent); S2's
  holders are then simply those of its base scenario.

Per organisation, the report counts what it gains and loses (in changes S2 addresses), and
says whether it appears, disappears (dissolved, with the source), holds nothing any more,
changes, or only differs where S2 is silent.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.analysis.facts import AssignmentInfo, Facts
from kg.analysis.model import SCHEMA_VERSION, Evidence, Ref, Table, labels, refs
from kg.inheritance import weakest

KIND_NL = {"moves": "verschuift", "added-holder": "houder erbij", "removed-holder": "houder eraf",
           "appears": "nieuw", "disappears": "vervalt (volgens de bron)", "not-addressed": "niet behandeld in dit scenario"}
STATUS_NL = {"appears": "verschijnt", "disappears": "verdwijnt (opgeheven)", "holds-nothing": "houdt niets meer",
             "changes": "verandert", "not-addressed": "alleen verschil waar het scenario zwijgt"}


@dataclass
class Change:
    kind: str
    item: Ref
    from_holders: list[Ref]
    to_holders: list[Ref]
    certainty: Ref | None
    evidence: Evidence
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "kindLabel": KIND_NL[self.kind], "item": self.item.to_dict(),
                "from": refs(self.from_holders), "to": refs(self.to_holders),
                "certainty": self.certainty.to_dict() if self.certainty else None, "reason": self.reason,
                "evidence": self.evidence.to_dict()}


@dataclass
class OrganisationChange:
    organisation: Ref
    status: str  # "appears" | "disappears" | "holds-nothing" | "changes" | "not-addressed"
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
                  ["wijziging", "taak of positie", "soort", "van", "naar", "zekerheid", "toelichting", "bron"],
                  [[KIND_NL[c.kind], c.item.label, c.item.kind_label, labels(c.from_holders), labels(c.to_holders),
                    c.certainty.label if c.certainty else "—", c.reason, c.evidence.cite()] for c in self.changes],
                  notes="toelichting"),
            Table("Per organisatie", ["organisatie", "status", "erbij", "eraf"],
                  [[o.organisation.label, STATUS_NL[o.status], str(len(o.gains)), str(len(o.losses))] for o in self.organisations]),
        ]


def _kind(before: set[URIRef], gone: set[URIRef], new: set[URIRef], after: set[URIRef], orphaned: bool) -> str:
    """The kind of an addressed change: who goes (``gone``) and who comes (``new``)."""
    if not before:
        return "appears"
    if not after and orphaned:
        return "disappears"
    if gone and new:
        return "moves"
    return "added-holder" if new else "removed-holder"


def _lineage(facts: Facts, item: URIRef) -> set[URIRef]:
    """The item, the tasks it serves and every broader task of those."""
    found, frontier = {item}, [item]
    while frontier:
        node = frontier.pop()
        parents = set(facts.positions[node].serves) if node in facts.positions else set()
        parents |= set(facts.tasks[node].broader) if node in facts.tasks else set()
        frontier += [p for p in parents - found]
        found |= parents
    return found


def _silent(facts: Facts, scenario: URIRef, item: URIRef, gone: set[URIRef], new: set[URIRef],
            assignments: list[AssignmentInfo]) -> tuple[set[URIRef], list[URIRef]]:
    """The holders in ``gone`` and ``new`` whose change the scenario does not address.

    A scenario not based on another (today's system) addresses everything. Otherwise a holder that
    leaves is addressed when the scenario has a curated assignment for the item or the holder held
    it in the base scenario (so a transfer or dissolution of the scenario took it away) or a transfer
    to it excludes the item; a holder that comes is addressed when its assignment is curated, derived along a transfer, or kept by a
    transfer of the scenario that excludes the item."""
    info = facts.scenarios.get(scenario)
    if info is None or info.base is None or any(not a.derived for a in assignments):
        return set(), []
    base_holders = set(facts.holdings(info.base).get(item, {}))
    lineage = _lineage(facts, item)
    excluding = [t for t in facts.transfers_in(scenario) if lineage & (set(t.excludes) | set(t.inferred_excludes))]
    kept, refused = {t.source for t in excluding}, {t.target for t in excluding}
    silent = {h for h in gone if h not in base_holders and h not in refused}
    silent |= {a.holder for a in assignments if a.holder in new and a.holder not in kept
               and not any(facts.transfer(t) for t in a.derived_from)}
    return silent, [t.iri for t in excluding]


def diff(facts: Facts, first: str, second: str) -> DiffReport:
    """Compare the holders of every task and position in two scenarios, per item and per organisation."""
    s1, s2 = facts.scenario(first), facts.scenario(second)
    h1, h2 = facts.holdings(s1.iri), facts.holdings(s2.iri)
    report = DiffReport(facts.ref(s1.iri), facts.ref(s2.iri))
    gains: dict[URIRef, list[URIRef]] = defaultdict(list)
    losses: dict[URIRef, list[URIRef]] = defaultdict(list)
    quiet: dict[URIRef, list[URIRef]] = defaultdict(list)
    orphans = {o.item: o for o in facts.inheritance.orphans if o.scenario == s2.iri}
    for item in sorted(set(h1) | set(h2), key=facts.label):
        before, after = set(h1.get(item, {})), set(h2.get(item, {}))
        gone, new = before - after, after - before
        if not gone and not new:
            report.unchanged += 1
            continue
        assignments = [a for group in h2.get(item, {}).values() for a in group]
        certainty = facts.ref(weakest([a.certainty for a in assignments])) if assignments else None
        silent, excluding = _silent(facts, s2.iri, item, gone, new, assignments)
        if gone - silent or new - silent:
            kind = _kind(before, gone - silent, new - silent, after, item in orphans)
            statements = [a.iri for a in assignments if a.holder in after] + excluding
            grounds = sorted({t for a in assignments for t in a.derived_from if facts.transfer(t)} | set(excluding),
                             key=facts.label)
            reason = (f"Volgt uit {', '.join(facts.label(t) for t in grounds)}." if grounds
                      else f"Uitdrukkelijke belegging in {facts.label(s2.iri)}.")
            if kind == "disappears":
                statements = [a.iri for group in h1[item].values() for a in group] + list(orphans[item].dissolved_by)
                reason = f"{facts.label(s2.iri)} heft de houder op zonder opvolger voor dit onderdeel."
            report.changes.append(Change(kind, facts.ref(item), [facts.ref(h) for h in sorted(gone - silent)],
                                         [facts.ref(h) for h in sorted(new - silent)], certainty,
                                         facts.evidence_of(statements), reason))
            for h in new - silent:
                gains[h].append(item)
            for h in gone - silent:
                losses[h].append(item)
        if silent:
            statements = [a.iri for group in h1.get(item, {}).values() for a in group]
            reason = (f"{facts.label(s1.iri)} zegt hierover iets anders dan {facts.label(s2.iri)}, dat er niets over zegt"
                      + (f"; daar ligt het bij de houder volgens het basisscenario ({labels([facts.ref(h) for h in sorted(after)])})."
                         if after else "; daar heeft het geen houder, maar geen bron zegt dat het vervalt."))
            report.changes.append(Change("not-addressed", facts.ref(item), [facts.ref(h) for h in sorted(gone & silent)],
                                         [facts.ref(h) for h in sorted(new & silent)], certainty,
                                         facts.evidence_of(statements), reason))
            for h in silent:
                quiet[h].append(item)
    held1 = {h for group in h1.values() for h in group}
    held2 = {h for group in h2.values() for h in group}
    dissolved = facts.dissolved_in(s2.iri)
    for org in sorted(set(gains) | set(losses) | set(quiet), key=facts.label):
        if org in dissolved:
            status = "disappears"
        elif not gains[org] and not losses[org]:
            status = "not-addressed"
        elif org not in held1:
            status = "appears"
        else:
            status = "holds-nothing" if org not in held2 else "changes"
        report.organisations.append(OrganisationChange(
            facts.ref(org), status, [facts.ref(i) for i in gains[org]], [facts.ref(i) for i in losses[org]],
            facts.evidence_of([t.iri for t in dissolved.get(org, [])])))
    return report
