"""``kg amendments``: every provision in force that names an organisation whose tasks move, and what to do with it.

The rows come from the mentions the build found in the newest loaded version of every
regulation (:mod:`kg.amend.derive`), not only from the provisions the graph cites. For each
provision (lid or onderdeel) and each organisation it names whose tasks move in the
scenario, the table gives the current wording around the mention, the transfers involved
with their certainty, the kind of change and a draft instruction (:mod:`kg.amend.drafting`).

How the kind is decided, most specific evidence first:

1. **Curated positions.** Where the provision (or a provision it is part of, or one of its
   parts) is the legal basis of positions the organisation holds today, their holders in
   the scenario decide: all stay → *behouden*; all go to one new holder → *houder vervangen*
   (or *onduidelijk* when that is *nader te bepalen*); some stay and some go, or they go to
   several holders → *splitsen*.
2. **The text and the transfer.** Otherwise the transfers from the organisation decide. A
   transfer of a part still to be determined, or one whose certainty is *nader te bepalen*,
   gives *onduidelijk*. A provision that also names a task that a transfer excludes or sends
   elsewhere (tasks carry ``kgb:statuteTerm`` too, e.g. "jeugdreclassering") gives
   *splitsen*. Otherwise *houder vervangen*, with the transfer's certainty: the sources say
   "de meeste taken", so the row says the reading is ours.

Every provision that :func:`kg.analysis.inherit.inherit` lists as "te wijzigen" is in the
table too; where the newest text no longer names the organisation (renumbered, reworded),
the row says so instead of inventing wording.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.amend import drafting
from kg.analysis.facts import AnalysisError, Facts, ScenarioInfo, TransferInfo
from kg.analysis.model import SCHEMA_VERSION, Evidence, Ref, Source, Table, labels, refs
from kg.enrich import parse_provision, wetten_url
from kg.inheritance import weakest
from kg.namespaces import ID_BASE, KGB
from kg.query import load_query

REPLACE, SPLIT, KEEP, UNCLEAR = "replace", "split", "keep", "unclear"
KIND_CONCEPT = {REPLACE: KGB.ReplaceHolder, SPLIT: KGB.SplitProvision, KEEP: KGB.KeepProvision, UNCLEAR: KGB.UnclearAmendment}
KIND_ORDER = [REPLACE, SPLIT, UNCLEAR, KEEP]
#: Placeholder for a new holder the sources do not name in statute terms yet.
UNNAMED = "[nieuwe houder; naam nader te bepalen]"


@dataclass(frozen=True)
class MentionRow:
    """A mention in the newest text, as ``kg/queries/amendments/mentions.rq`` returns it."""

    iri: URIRef
    provision: URIRef
    subject: URIRef
    words: str
    start: int
    rule: URIRef
    context: str
    since: str
    version: str
    definition: bool


@dataclass(frozen=True)
class HolderTerms:
    """How statutes name one organisation: singular and plural terms and the determiner."""

    singular: tuple[str, ...]
    plural: tuple[str, ...]
    article: str

    def replacement_for(self, words: str, old: "HolderTerms", determiner: str | None) -> tuple[str, str]:
        """(old text, new text) for the matched words: plural for plural, singular for singular; a
        singular's determiner is replaced too where the new term takes another ("de" → "het")."""
        base = " ".join(words.split())
        if any(base.lower() == p.lower() for p in old.plural):
            return base, (self.plural or self.singular)[0]
        new = self.singular[0]
        if determiner and self.article and determiner.lower() == old.article and self.article != old.article:
            return f"{determiner} {base}", f"{self.article if determiner.islower() else self.article.capitalize()} {new}"
        return base, new


@dataclass
class AmendmentRow:
    """One provision, one organisation it names, and the change the scenario asks of it."""

    regulation: Ref
    provision: Source
    article: str
    lid: str | None
    onderdeel: str | None
    version: str | None
    since: str | None
    organisation: Ref
    words: list[str]
    mentions: int
    rules: list[Ref]
    context: str
    transfers: list[Ref]
    targets: list[Ref]
    certainty: Ref
    kind: str
    kind_label: str
    reason: str
    basis: str  # "curated" | "text" | "curation-only"
    positions: list[Ref]
    instruction: str
    evidence: Evidence
    ours: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "regulation": self.regulation.to_dict(), "provision": self.provision.to_dict(),
            "article": self.article, "lid": self.lid, "onderdeel": self.onderdeel, "version": self.version,
            "textSince": self.since,
            "organisation": self.organisation.to_dict(), "words": self.words, "mentions": self.mentions,
            "rules": refs(self.rules), "context": self.context, "transfers": refs(self.transfers),
            "targets": refs(self.targets), "certainty": self.certainty.to_dict(), "kind": self.kind,
            "kindLabel": self.kind_label, "reason": self.reason, "basis": self.basis, "curatorInference": self.ours,
            "positions": refs(self.positions), "instruction": self.instruction, "evidence": self.evidence.to_dict(),
        }


@dataclass
class AmendmentTable:
    """The answer of ``kg amendments --scenario S``: rows grouped per regulation in article order."""

    scenario: Ref
    target: Ref | None
    origins: list[Ref]
    rows: list[AmendmentRow] = field(default_factory=list)
    texts_loaded: bool = True

    def by_regulation(self) -> dict[str, list[AmendmentRow]]:
        grouped: dict[str, list[AmendmentRow]] = defaultdict(list)
        for row in self.rows:
            grouped[row.regulation.label].append(row)
        return dict(grouped)

    def to_dict(self) -> dict[str, Any]:
        return {
            "command": "amendments", "schemaVersion": SCHEMA_VERSION, "scenario": self.scenario.to_dict(),
            "target": self.target.to_dict() if self.target else None, "origins": refs(self.origins),
            "textsLoaded": self.texts_loaded,
            "summary": {"rows": len(self.rows),
                        "byKind": dict(sorted(Counter(r.kind_label for r in self.rows).items())),
                        "byRegulation": dict(sorted(Counter(r.regulation.label for r in self.rows).items())),
                        "byOrganisation": dict(sorted(Counter(r.organisation.label for r in self.rows).items()))},
            "rows": [r.to_dict() for r in self.rows],
        }

    def tables(self) -> list[Table]:
        headers = ["wet", "bepaling", "noemt", "soort wijziging", "zekerheid", "tekst nu", "wijzigingsopdracht"]
        rows = [[r.regulation.label, r.provision.label, r.organisation.label, r.kind_label,
                 r.certainty.label + (" (afgeleid door ons)" if r.ours else ""), r.context, r.instruction]
                for r in self.rows]
        title = f"Wijzigingstabel {self.scenario.label}: {len(self.rows)} bepalingen"
        if not self.texts_loaded:
            title += " (geen wetteksten geladen: alleen bepalingen uit de curatie)"
        return [Table(title, headers, rows, notes="wijzigingsopdracht")]

    def to_markdown(self) -> str:
        """The table as Markdown, one section per regulation, for the web and for documents."""
        lines = [f"# Wijzigingstabel — {self.scenario.label}", ""]
        if self.target:
            lines += [f"Nieuwe houder: {self.target.label}.", ""]
        lines += ["Concept voor wetgevingsjuristen: elke opdracht is een voorstel dat een jurist controleert.", ""]
        for regulation, rows in self.by_regulation().items():
            lines += [f"## {regulation}", "", "| bepaling | noemt | soort | zekerheid | tekst nu | opdracht |",
                      "|---|---|---|---|---|---|"]
            for r in rows:
                cells = [r.provision.label, r.organisation.label, r.kind_label,
                         r.certainty.label + (" (afgeleid door ons)" if r.ours else ""), r.context, r.instruction]
                lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
            lines.append("")
        return "\n".join(lines)


# --- loading ------------------------------------------------------------------------------

def load_mentions(facts: Facts) -> list[MentionRow]:
    """The mentions in the newest loaded text of every regulation."""
    rows = facts.store.select(load_query("amendments/mentions").text)
    return [MentionRow(URIRef(str(r["mention"])), URIRef(str(r["provision"])), URIRef(str(r["organisation"])),
                       str(r["words"]), int(str(r["start"])), URIRef(str(r["rule"])), str(r.get("context", "")),
                       str(r["version"]), str(r.get("newest") or r["version"]),
                       str(r.get("definition", "")).lower() == "true") for r in rows]


def load_terms(facts: Facts) -> dict[URIRef, HolderTerms]:
    """Statute terms per organisation or task (``kg/queries/amendments/terms.rq``)."""
    found: dict[URIRef, dict[str, Any]] = defaultdict(lambda: {"singular": [], "plural": [], "article": ""})
    for r in facts.store.select(load_query("amendments/terms").text):
        entry = found[URIRef(str(r["organisation"]))]
        if str(r["kind"]) in ("singular", "plural"):
            entry[str(r["kind"])].append(str(r["term"]))
        entry["article"] = str(r.get("article", "") or "")
    return {k: HolderTerms(tuple(v["singular"]), tuple(v["plural"]), v["article"]) for k, v in found.items()}


# --- deciding ------------------------------------------------------------------------------

def _related(a: URIRef, b: URIRef) -> bool:
    """One provision is the other or part of it (by the IRI rule)."""
    x, y = str(a), str(b)
    return x == y or x.startswith(y + "/") or y.startswith(x + "/")


def _holds(facts: Facts, holder: URIRef, organisation: URIRef) -> bool:
    info = facts.actors.get(holder)
    return holder == organisation or (info is not None and organisation in info.member_of)


@dataclass
class Decision:
    kind: str
    reason: str
    certainty: URIRef
    targets: list[URIRef]
    transfers: list[URIRef]
    positions: list[URIRef]
    basis: str
    ours: bool


def _curated(facts: Facts, scenario: ScenarioInfo, provision: URIRef, origin: URIRef,
             moving: list[TransferInfo]) -> Decision | None:
    """The decision from the positions the organisation holds today on this provision, if any."""
    base = facts.holdings(scenario.base) if scenario.base else {}
    now = facts.holdings(scenario.iri)
    positions = sorted(p.iri for p in facts.positions.values()
                       if any(_related(b, provision) for b in p.bases)
                       and any(_holds(facts, h, origin) for h in base.get(p.iri, {})))
    if not positions:
        return None
    stays, goes, certainties, ours = [], defaultdict(list), [], False
    for position in positions:
        holders = now.get(position, {})
        for holder, assignments in holders.items():
            certainties += [a.certainty for a in assignments]
            ours |= any(a.derived for a in assignments)
            if _holds(facts, holder, origin):
                stays.append(position)
            else:
                goes[holder].append(position)
    certainty = weakest(certainties) if certainties else KGB.ToBeDecided

    def names(items: list[URIRef]) -> str:
        return ", ".join(sorted({facts.label(i) for i in items}))

    if goes and (stays or len(goes) > 1):
        kind = SPLIT
        moves = "; ".join(f"{names(ps)} → {facts.label(h)}" for h, ps in sorted(goes.items()))
        reason = f"{moves}" + (f"; blijft bij {facts.label(origin)}: {names(stays)}" if stays else "")
    elif goes:
        kind = UNCLEAR if certainty == KGB.ToBeDecided else REPLACE
        reason = f"gaat over: {names(positions)}"
    elif stays:
        kind, reason = KEEP, f"blijft bij {facts.label(origin)}: {names(stays)}"
    else:
        return None
    return Decision(kind, reason, certainty, sorted(goes), [t.iri for t in moving], positions, "curated", ours)


def _narrower(facts: Facts, tasks: tuple[URIRef, ...] | list[URIRef]) -> set[URIRef]:
    """The tasks and every task below them."""
    return set().union(*(facts.narrower(t) for t in tasks)) if tasks else set()


def _from_text(facts: Facts, origin: URIRef, moving: list[TransferInfo], tasks_named: set[URIRef]) -> Decision:
    """The decision from the transfers alone, for a provision no curated position rests on."""
    general = [t for t in moving if not t.items]
    specific = [t for t in moving if t.items and tasks_named.intersection(_narrower(facts, t.items))]
    excluded = [x for t in general for x in t.excludes]
    named_excluded = sorted(tasks_named.intersection(_narrower(facts, excluded)))
    applicable = general + specific
    certainty = weakest([t.certainty for t in applicable]) if applicable else KGB.ToBeDecided
    scopes = {t.scope for t in applicable}
    targets = sorted({t.target for t in applicable if t.target is not None})
    transfers = [t.iri for t in applicable]
    if (KGB.SomeFunctionsToBeDetermined in scopes and not specific) or certainty == KGB.ToBeDecided:
        return Decision(UNCLEAR, "het scenario laat open welke taken overgaan (nader te bepalen)", certainty,
                        targets, transfers, [], "text", False)
    if named_excluded or len(targets) > 1:
        what = ", ".join(facts.label(t) for t in named_excluded)
        return Decision(SPLIT, f"de bepaling noemt ook {what}, dat niet mee overgaat" if what else
                        "de taken gaan naar verschillende nieuwe houders", certainty, targets, transfers, [], "text", True)
    scope = facts.label(next(iter(scopes))) if scopes and None not in scopes else "de taken"
    return Decision(REPLACE, f"de overdracht betreft {scope} van {facts.label(origin)}; de bepaling noemt geen "
                    f"uitgezonderde taak", certainty, targets, transfers, [], "text", True)


_DETERMINER = re.compile(r"(?:^|\s)(de|De|het|Het)\s*«")


def _determiner(context: str) -> str | None:
    """The determiner right before the mention in its context ("de «gecertificeerde instelling»")."""
    match = _DETERMINER.search(context)
    return match.group(1) if match else None


def _instruction(decision: Decision, where: str, words: list[tuple[str, bool, str]], origin: URIRef,
                 terms: dict[URIRef, HolderTerms], facts: Facts) -> str:
    """The draft instruction for one row (see :mod:`kg.amend.drafting`)."""
    if decision.kind == KEEP:
        return f"Geen wijziging van {where}: {decision.reason}."
    if decision.kind == UNCLEAR:
        return f"Nader te bepalen: of {drafting.inserted(where)} moet worden gewijzigd, hangt af van welke taken overgaan."
    new_terms = [terms.get(t) for t in decision.targets]
    old = terms.get(origin)
    if decision.kind == SPLIT or len(new_terms) != 1 or new_terms[0] is None or old is None:
        new = " of ".join(terms[t].singular[0] if t in terms else UNNAMED for t in decision.targets) or UNNAMED
        return (f"Splitsen: {drafting.inserted(where)} moet onderscheiden wat overgaat naar {new} en wat niet ({decision.reason}); "
                f"nader uit te werken.")
    target = new_terms[0]
    if not words:
        return (f"Controleren: volgens de curatie noemt {where} {facts.label(origin)}, maar de nieuwste geladen tekst "
                f"hier niet (vernummerd of anders geformuleerd?); vervang de oude houder waar hij nu staat.")
    defined = [w for w, is_definition, _ in words if is_definition]
    if defined:
        return drafting.definition_instruction(where, defined[0], target.singular[0])
    counted = Counter(target.replacement_for(w, old, _determiner(context)) for w, _, context in words)
    return drafting.replace_instruction(where, [drafting.Replacement(o, n, c) for (o, n), c in counted.items()])


_NUMBER = re.compile(r"(\d+)|(\D+)")


def _article_key(number: str) -> tuple:
    """Natural order of article numbers: 1.1 < 1.2 < 1.10 < 2.1; 7.3.11 < 7.3.17; 1:255 < 1:255a."""
    return tuple((0, int(d), "") if d else (1, 0, s) for d, s in _NUMBER.findall(number))


def amendments(facts: Facts, scenario: str, to: str | None = None) -> AmendmentTable:
    """The amendment table for ``scenario`` (optionally only transfers to organisation ``to``)."""
    info = facts.scenario(scenario)
    if info.base is None:
        raise AnalysisError(f"scenario {info.id!r} is het huidige stelsel: er gaat niets over; kies een toekomstscenario")
    target = facts.actor(to) if to else None
    transfers = [t for t in facts.transfers_in(info.iri) if t.source is not None and (target is None or t.target == target)]
    if not transfers:
        raise AnalysisError(f"geen overdrachten in {info.id!r}" + (f" naar {facts.label(target)}" if target else ""))
    origins = sorted({t.source for t in transfers})
    terms = load_terms(facts)
    mentions = load_mentions(facts)
    table = AmendmentTable(facts.ref(info.iri), facts.ref(target) if target else None,
                           [facts.ref(o) for o in origins], texts_loaded=bool(mentions))
    tasks_by_provision: dict[URIRef, set[URIRef]] = defaultdict(set)
    grouped: dict[tuple[URIRef, URIRef], list[MentionRow]] = defaultdict(list)
    for m in mentions:
        if m.subject in facts.tasks:
            tasks_by_provision[m.provision].add(m.subject)
        elif m.subject in origins:
            grouped[(m.provision, m.subject)].append(m)
    for (provision, origin), found in grouped.items():
        moving = [t for t in transfers if t.source == origin]
        table.rows.append(_row(facts, info, provision, origin, moving, found, tasks_by_provision[provision], terms))
    covered = {(r.provision.iri, r.organisation.iri) for r in table.rows}
    for provision, origin in _inherit_provisions(facts, info, target):
        if not any(o == str(origin) and _related(URIRef(p), provision) for p, o in covered):
            moving = [t for t in transfers if t.source == origin]
            table.rows.append(_row(facts, info, provision, origin, moving, [], set(), terms))
    table.rows.sort(key=lambda r: (r.regulation.label, _article_key(r.article), _article_key(r.lid or ""),
                                   r.onderdeel or "", r.organisation.label))
    return table


def _inherit_provisions(facts: Facts, info: ScenarioInfo, target: URIRef | None) -> list[tuple[URIRef, URIRef]]:
    """(provision, old holder it names) for every "te wijzigen" entry of ``kg inherit`` in the scenario."""
    from kg.analysis.inherit import inherit

    pairs: set[tuple[URIRef, URIRef]] = set()
    targets = {target} if target else {t.target for t in facts.transfers_in(info.iri) if t.target is not None}
    for organisation in sorted(targets):
        report = inherit(facts, info.id, str(organisation))
        for entry in report.amendments():
            for named in entry["names"]:
                pairs.add((URIRef(entry["provision"]["iri"]), URIRef(named["iri"])))
    return sorted(pairs)


def _row(facts: Facts, info: ScenarioInfo, provision: URIRef, origin: URIRef, moving: list[TransferInfo],
         found: list[MentionRow], tasks_named: set[URIRef], terms: dict[URIRef, HolderTerms]) -> AmendmentRow:
    ref = parse_provision(str(provision))
    if ref is None:
        raise AnalysisError(f"bepaling {provision} volgt de IRI-regel niet")
    path = dict(ref.path)
    decision = _curated(facts, info, provision, origin, moving) or _from_text(facts, origin, moving, tasks_named)
    where = drafting.place(path.get("artikel", "?"), path.get("lid"), path.get("onderdeel"))
    instruction = _instruction(decision, where, [(m.words, m.definition, m.context) for m in found], origin, terms, facts)
    version = found[0].version if found else None
    regulation = URIRef(f"{ID_BASE}bwb/{ref.bwb}")
    source = facts.source(provision) if provision in facts.provisions else Source(str(provision), "provision", facts.label(provision))
    source = Source(source.iri, "provision", source.label, jci=ref.jci + (f"&g={version}" if version else ""),
                    url=str(wetten_url(ref, version)) if version else source.url)
    evidence = facts.evidence_of(decision.transfers + decision.positions)
    evidence.sources.insert(0, source)
    if found:
        context = found[0].context
        reason = decision.reason
    else:
        context = "— (de huidige geladen tekst noemt deze organisatie hier niet; opgenomen omdat kg inherit de bepaling als te wijzigen noemt)"
        reason = decision.reason + "; volgens de curatie noemt de bepaling de oude houder"
    return AmendmentRow(
        facts.ref(regulation), source, path.get("artikel", ""), path.get("lid"), path.get("onderdeel"), version,
        found[0].since if found else None,
        facts.ref(origin), sorted({" ".join(m.words.split()) for m in found}), len(found),
        [facts.ref(r) for r in sorted({m.rule for m in found})], context,
        [facts.ref(t) for t in decision.transfers], [facts.ref(t) for t in decision.targets],
        facts.ref(decision.certainty), decision.kind, facts.label(KIND_CONCEPT[decision.kind]), reason,
        decision.basis if found else "curation-only", [facts.ref(p) for p in decision.positions], instruction,
        evidence, decision.ours)
