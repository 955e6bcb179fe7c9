"""``kg inherit``: what an organisation would hold in a scenario, from whom, on which basis.

For every task and normative position the organisation holds in the scenario (curated
or derived by :mod:`kg.inheritance`), the report gives where it comes from (the holder
in the base scenario), the chain of transfers, the certainty, the legal basis today,
and the provisions that name the old holder and would have to be amended. Items that
a transfer explicitly excludes are listed with the holder they stay with ("blijft bij").
:func:`compare` puts the answers of several scenarios side by side.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.analysis.facts import AnalysisError, AssignmentInfo, Facts, ScenarioInfo
from kg.analysis.gaps import Gap, transfer_cycles
from kg.analysis.model import SCHEMA_VERSION, Evidence, Ref, Source, Table, labels, refs
from kg.inheritance import CERTAINTY_ORDER, Derivation, weakest
from kg.namespaces import KGB


@dataclass
class TransferStep:
    """One transfer in a chain: from → to, with its certainty and scope."""

    transfer: Ref
    source: Ref
    target: Ref
    certainty: Ref
    scope: Ref | None

    def to_dict(self) -> dict[str, Any]:
        return {"transfer": self.transfer.to_dict(), "from": self.source.to_dict(), "to": self.target.to_dict(),
                "certainty": self.certainty.to_dict(), "scope": self.scope.to_dict() if self.scope else None}


@dataclass
class Route:
    """How an item reached its holder: the holder in the base scenario and the transfers since."""

    origin: Ref
    transfers: list[TransferStep]

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin.to_dict(), "transfers": [t.to_dict() for t in self.transfers]}

    def text(self) -> str:
        return " → ".join([self.origin.label] + [t.target.label for t in self.transfers])


@dataclass
class Amendment:
    """A provision that names the old holder of an item: it must change for the new holder to hold it."""

    provision: Source
    names: Ref

    def to_dict(self) -> dict[str, Any]:
        return {"provision": self.provision.to_dict(), "names": self.names.to_dict()}


@dataclass
class InheritedItem:
    """One task or position the organisation holds in the scenario."""

    item: Ref
    holder: Ref
    how: str  # "transfer" | "unchanged" | "explicit"
    routes: list[Route]
    certainty: Ref
    legal_basis: list[Source]
    legal_basis_status: str  # "present" | "none-yet" | "unknown"
    amend: list[Amendment]
    evidence: Evidence
    inference: str | None = None  # our reasoning when no source says it outright

    @property
    def origins(self) -> list[Ref]:
        return [r.origin for r in self.routes]

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item.to_dict(), "holder": self.holder.to_dict(), "how": self.how,
            "origins": refs(self.origins), "routes": [r.to_dict() for r in self.routes],
            "certainty": self.certainty.to_dict(), "inference": self.inference,
            "legalBasis": [s.to_dict() for s in self.legal_basis],
            "legalBasisStatus": self.legal_basis_status, "amend": [a.to_dict() for a in self.amend],
            "evidence": self.evidence.to_dict(),
        }


GROUNDS_NL = {"source": "de bron zegt het", "inference": "afgeleid door ons"}


@dataclass
class ExcludedItem:
    """An item a transfer leaves out: it stays where it was ("blijft bij"), either because the
    source says so (``kgb:excludes``) or by our reading of it (``kgb:excludesByInference``)."""

    item: Ref
    origin: Ref
    not_to: Ref
    stays_with: list[Ref]
    transfer: Ref
    evidence: Evidence
    certainty: Ref
    grounds: str  # "source" | "inference"
    inference: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item.to_dict(), "origin": self.origin.to_dict(), "notTo": self.not_to.to_dict(),
                "staysWith": refs(self.stays_with), "transfer": self.transfer.to_dict(),
                "certainty": self.certainty.to_dict(), "grounds": self.grounds, "groundsLabel": GROUNDS_NL[self.grounds],
                "inference": self.inference, "evidence": self.evidence.to_dict()}

    def grounds_text(self) -> str:
        """In words: whether the source says so, or our reasoning."""
        return GROUNDS_NL[self.grounds] + (f": {self.inference}" if self.inference else "")


def certainty_text(certainty: Ref, inference: str | None) -> str:
    """The certainty in words, marked when it rests on our inference."""
    return f"{certainty.label} (afgeleid door ons)" if inference else certainty.label


@dataclass
class InheritanceReport:
    """The answer of ``kg inherit --scenario S --to ORG``."""

    scenario: Ref
    base: Ref | None
    organisation: Ref
    items: list[InheritedItem] = field(default_factory=list)
    excluded: list[ExcludedItem] = field(default_factory=list)
    cycles: list[Gap] = field(default_factory=list)
    origin: Ref | None = None

    def amendments(self) -> list[dict[str, Any]]:
        """Per provision to amend: which old holder it names and which items depend on it."""
        grouped: dict[str, dict[str, Any]] = {}
        for item in self.items:
            for a in item.amend:
                entry = grouped.setdefault(a.provision.iri, {"provision": a.provision.to_dict(), "names": {}, "items": {}})
                entry["names"][a.names.iri] = a.names.to_dict()
                entry["items"][item.item.iri] = item.item.to_dict()
        return [{"provision": e["provision"], "names": list(e["names"].values()), "items": list(e["items"].values())}
                for _, e in sorted(grouped.items(), key=lambda kv: kv[1]["provision"]["label"])]

    def to_dict(self) -> dict[str, Any]:
        counts = Counter(i.certainty.label for i in self.items)
        return {
            "command": "inherit", "schemaVersion": SCHEMA_VERSION,
            "scenario": self.scenario.to_dict(), "base": self.base.to_dict() if self.base else None,
            "organisation": self.organisation.to_dict(), "origin": self.origin.to_dict() if self.origin else None,
            "summary": {"items": len(self.items), "byCertainty": dict(sorted(counts.items())),
                        "byOrigin": dict(sorted(Counter(o.label for i in self.items for o in i.origins).items())),
                        "excluded": len(self.excluded), "cycles": len(self.cycles)},
            "items": [i.to_dict() for i in self.items],
            "excluded": [e.to_dict() for e in self.excluded],
            "amendments": self.amendments(),
            "cycles": [c.to_dict() for c in self.cycles],
        }

    def tables(self) -> list[Table]:
        main = Table(
            f"{self.organisation.label} in {self.scenario.label}: {len(self.items)} taken en posities",
            ["taak of positie", "soort", "herkomst", "route", "zekerheid", "grondslag (nu)", "te wijzigen"],
            [[i.item.label, i.item.kind_label, labels(i.origins) if i.routes else "nieuw",
              "; ".join(r.text() for r in i.routes if r.transfers) or {"explicit": "expliciet", "unchanged": "ongewijzigd"}.get(i.how, ""),
              certainty_text(i.certainty, i.inference),
              "nog geen wettelijke grondslag" if i.legal_basis_status == "none-yet" else ", ".join(s.label for s in i.legal_basis) or "—",
              ", ".join(a.provision.label for a in i.amend) or "—"] for i in self.items])
        tables = [main]
        if self.excluded:
            tables.append(Table("Uitgezonderd (blijft bij …)",
                                ["taak of positie", "van", "niet naar", "blijft bij", "zekerheid", "grond", "bron"],
                                [[e.item.label, e.origin.label, e.not_to.label, labels(e.stays_with), e.certainty.label,
                                  e.grounds_text(), e.evidence.cite()] for e in self.excluded], notes="grond"))
        amend = self.amendments()
        if amend:
            tables.append(Table("Bepalingen die de oude houder noemen (aan te passen)", ["bepaling", "JCI", "noemt", "voor"],
                                [[a["provision"]["label"], a["provision"].get("jci") or "", ", ".join(n["label"] for n in a["names"]),
                                  ", ".join(i["label"] for i in a["items"])] for a in amend]))
        if self.cycles:
            tables.append(Table("Overdrachtscycli (niet gevolgd)", ["taak of positie", "melding"],
                                [[c.subject.label, c.message] for c in self.cycles]))
        return tables


# --- computation ----------------------------------------------------------------------

def default_organisation(facts: Facts, scenario: ScenarioInfo) -> URIRef:
    """The organisation most transfers of the scenario lead to (the RVT in both future scenarios)."""
    targets = Counter(t.target for t in facts.transfers_in(scenario.iri) if t.target is not None)
    if not targets:
        raise AnalysisError(f"scenario {scenario.id!r} heeft geen overdrachten; geef met --to aan over welke organisatie het gaat")
    top = max(targets.values())
    return sorted(t for t, n in targets.items() if n == top)[0]


def _holds(facts: Facts, holder: URIRef, organisation: URIRef) -> bool:
    """The holder is the organisation or one of its members (e.g. a regional instance)."""
    info = facts.actors.get(holder)
    return holder == organisation or (info is not None and organisation in info.member_of)


def _step(facts: Facts, transfer: URIRef) -> TransferStep:
    t = facts.transfer(transfer)
    return TransferStep(facts.ref(t.iri), facts.ref(t.source), facts.ref(t.target), facts.ref(t.certainty),
                        facts.ref(t.scope) if t.scope else None)


def _routes(facts: Facts, scenario: ScenarioInfo, assignment: AssignmentInfo) -> list[Route]:
    """Where the item came from: the derivations of a derived assignment, or the base holders."""
    derivations: list[Derivation] = [d for d in facts.inheritance.derivations
                                     if d.scenario == scenario.iri and d.iri == assignment.iri]
    if derivations:
        return [Route(facts.ref(d.original_holder), [_step(facts, t.iri) for t in d.chain]) for d in derivations]
    if scenario.base is None:
        return []
    base_holders = sorted(facts.holdings(scenario.base).get(assignment.item, {}))
    return [Route(facts.ref(h), []) for h in base_holders if h != assignment.holder]


def legal_basis(facts: Facts, item: URIRef, holders: list[URIRef], base: URIRef | None) -> list[URIRef]:
    """The provisions an item rests on today: a position's kgb:legalBasis; for a task, the provisions
    it is derived from plus the legal basis of the powers and duties serving it held by ``holders``."""
    if item in facts.positions:
        return list(facts.positions[item].bases)
    found = [s for s in facts.tasks[item].sources if s in facts.provisions] if item in facts.tasks else []
    if base is not None:
        for holder, assignments in facts.task_holders(base, item).items():
            if holder in holders:
                for a in assignments:
                    if not a.is_task:
                        found += [b for b in facts.positions[a.item].bases if b not in found]
    return found


def amendments(facts: Facts, provisions: list[URIRef], origins: list[URIRef]) -> list[Amendment]:
    """The provisions among ``provisions`` and their parts that name one of ``origins``; a part is
    left out when a provision it belongs to is listed already."""
    out: list[Amendment] = []
    for origin in origins:
        naming = {p for basis in provisions for p in facts.parts(basis) if facts.names_actor(p, origin)}
        out += [Amendment(facts.source(p), facts.ref(origin)) for p in facts.topmost(naming)]
    return out


def _item(facts: Facts, scenario: ScenarioInfo, a: AssignmentInfo) -> InheritedItem:
    routes = _routes(facts, scenario, a)
    origins = [URIRef(r.origin.iri) for r in routes if URIRef(r.origin.iri) != a.holder]
    basis = legal_basis(facts, a.item, origins or [a.holder], scenario.base)
    position = facts.positions.get(a.item)
    status = "none-yet" if position is not None and position.no_legal_basis_yet else ("present" if basis else "unknown")
    how = "explicit" if not a.derived else ("transfer" if any(r.transfers for r in routes) else "unchanged")
    evidence = facts.evidence(a.iri).add(Evidence(sources=facts.sources(basis)))
    return InheritedItem(facts.ref(a.item), facts.ref(a.holder), how, routes, facts.ref(a.certainty),
                         facts.sources(basis), status, amendments(facts, basis, origins), evidence, a.inference)


def _excluded(facts: Facts, scenario: ScenarioInfo, organisation: URIRef) -> list[ExcludedItem]:
    """What the transfers to the organisation leave out, where it stays, and how certain that is:
    the weakest certainty of the assignments that keep it (to be decided when none does)."""
    out = []
    holdings = facts.holdings(scenario.iri)
    for t in facts.transfers_in(scenario.iri):
        if t.target != organisation or t.source is None:
            continue
        for item, grounds in [(x, "source") for x in t.excludes] + [(x, "inference") for x in t.inferred_excludes]:
            kept = holdings.get(item) or facts.task_holders(scenario.iri, item)
            stays = [a for group in kept.values() for a in group]
            statements = [t.iri] + [a.iri for a in stays]
            certainty = weakest([a.certainty for a in stays]) if stays else KGB.ToBeDecided
            out.append(ExcludedItem(facts.ref(item), facts.ref(t.source), facts.ref(organisation),
                                    [facts.ref(h) for h in sorted(kept)], facts.ref(t.iri), facts.evidence_of(statements),
                                    facts.ref(certainty), grounds, t.inference if grounds == "inference" else None))
    return out


def inherit(facts: Facts, scenario: str, organisation: str | None = None, origin: str | None = None) -> InheritanceReport:
    """Every task and position ``organisation`` (default: the target of the scenario's transfers)
    holds in ``scenario``, with origin, transfer chain, certainty, legal basis and provisions to amend;
    with ``origin``, only what comes from that organisation."""
    s = facts.scenario(scenario)
    org = facts.actor(organisation) if organisation else default_organisation(facts, s)
    source = facts.actor(origin) if origin else None
    items = [_item(facts, s, a) for a in facts.assignments_in(s.iri) if _holds(facts, a.holder, org)]
    excluded = _excluded(facts, s, org)
    if source is not None:
        items = [i for i in items if str(source) in {o.iri for o in i.origins}]
        excluded = [e for e in excluded if e.origin.iri == str(source)]
    items.sort(key=lambda i: (labels(i.origins), CERTAINTY_ORDER.index(URIRef(i.certainty.iri))
                              if URIRef(i.certainty.iri) in CERTAINTY_ORDER else 3, i.item.label))
    return InheritanceReport(facts.ref(s.iri), facts.ref(s.base) if s.base else None, facts.ref(org), items,
                             excluded, transfer_cycles(facts, s), facts.ref(source) if source else None)


# --- comparison -----------------------------------------------------------------------

@dataclass
class Cell:
    """Who holds an item in one scenario, how certain, and how it got there."""

    holders: list[Ref]
    certainty: Ref | None
    how: str  # "transfer" | "unchanged" | "explicit" | "none"

    def to_dict(self) -> dict[str, Any]:
        return {"holders": refs(self.holders), "certainty": self.certainty.to_dict() if self.certainty else None, "how": self.how}

    def text(self) -> str:
        if not self.holders:
            return "— (geen houder)"
        return f"{labels(self.holders)} ({self.certainty.label if self.certainty else '?'})"


@dataclass
class CompareRow:
    item: Ref
    origins: list[Ref]
    cells: dict[str, Cell]

    @property
    def differs(self) -> bool:
        return len({tuple(sorted(h.iri for h in c.holders)) for c in self.cells.values()}) > 1

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item.to_dict(), "origins": refs(self.origins), "differs": self.differs,
                "scenarios": {k: c.to_dict() for k, c in self.cells.items()}}


@dataclass
class ComparisonReport:
    """The answer of ``kg inherit --compare``: one row per item, one column per scenario."""

    scenarios: list[Ref]
    organisation: Ref
    origin: Ref | None
    rows: list[CompareRow]

    def to_dict(self) -> dict[str, Any]:
        return {"command": "inherit-compare", "schemaVersion": SCHEMA_VERSION,
                "scenarios": [s.to_dict() for s in self.scenarios], "organisation": self.organisation.to_dict(),
                "origin": self.origin.to_dict() if self.origin else None,
                "summary": {"items": len(self.rows), "differing": sum(r.differs for r in self.rows)},
                "rows": [r.to_dict() for r in self.rows]}

    def tables(self) -> list[Table]:
        ids = [s.iri for s in self.scenarios]
        title = f"{self.organisation.label}: vergelijking van scenario's" + (f" (herkomst {self.origin.label})" if self.origin else "")
        return [Table(title, ["taak of positie", "herkomst"] + [s.label for s in self.scenarios] + ["verschil"],
                      [[r.item.label, labels(r.origins)] + [r.cells[i].text() for i in ids] + ["ja" if r.differs else ""]
                       for r in self.rows])]


def _cell(facts: Facts, scenario: ScenarioInfo, item: URIRef) -> Cell:
    held = facts.holdings(scenario.iri).get(item, {})
    assignments = [a for group in held.values() for a in group]
    if not assignments:
        return Cell([], None, "none")
    how = "explicit" if any(not a.derived for a in assignments) else (
        "transfer" if any(facts.transfer(t) for a in assignments for t in a.derived_from) else "unchanged")
    return Cell([facts.ref(h) for h in sorted(held)], facts.ref(weakest([a.certainty for a in assignments])), how)


def compare(facts: Facts, scenarios: list[str] | None = None, organisation: str | None = None,
            origin: str | None = None) -> ComparisonReport:
    """The holders of the organisation's items in several scenarios side by side.

    Rows are the items the organisation holds in any of the scenarios or that a transfer
    to it excludes; with ``origin``, instead every item ``origin`` holds in the base scenario.
    """
    chosen = [facts.scenario(s) for s in scenarios] if scenarios else facts.future_scenarios()
    if not chosen:
        raise AnalysisError("er zijn geen scenario's om te vergelijken")
    if organisation:
        org = facts.actor(organisation)
    else:
        targets = Counter(t.target for s in chosen for t in facts.transfers_in(s.iri) if t.target is not None)
        if not targets:
            raise AnalysisError("de gekozen scenario's hebben geen overdrachten; geef met --to een organisatie")
        org = max(sorted(targets), key=lambda t: targets[t])
    source = facts.actor(origin) if origin else None
    items: set[URIRef] = set()
    for s in chosen:
        if source is not None:
            base = s.base or s.iri
            items |= {a.item for a in facts.assignments_in(base) if a.holder == source}
        else:
            items |= {a.item for a in facts.assignments_in(s.iri) if _holds(facts, a.holder, org)}
            items |= {x for t in facts.transfers_in(s.iri) if t.target == org for x in t.excludes}
    rows = []
    for item in items:
        origins = sorted({h for s in chosen if s.base for h in facts.holdings(s.base).get(item, {})})
        rows.append(CompareRow(facts.ref(item), [facts.ref(o) for o in origins],
                               {str(s.iri): _cell(facts, s, item) for s in chosen}))
    rows.sort(key=lambda r: (not r.differs, labels(r.origins), r.item.label))
    return ComparisonReport([facts.ref(s.iri) for s in chosen], facts.ref(org), facts.ref(source) if source else None, rows)
