"""``kg tensions``: the tensions the sources name, and the analysis findings that evidence them.

A :class:`kgb:Tension` (data/tensions/) is named by a source (``kgb:namedBySource``) or
inferred by a curator. It lists what it is about (``kgb:involves``) and which analyses
should evidence it (``kgb:evidencedBy``: overlaps, gaps, conflicts). This module runs
those analyses for the tension's scenarios and links each finding to the tensions it
evidences (:func:`evidences`), so every tension gets a status:

- ``both`` — named by a source and evidenced by an analysis finding;
- ``named`` — named by a source only;
- ``evidenced`` — a curator's inference that an analysis finding confirms;
- ``inferred`` — a curator's inference without analysis evidence.

A finding evidences a tension when the analysis is one the tension names, the finding's
subject (the kerntaak, measure or position of an overlap or gap, or the rule of a
conflict) is among what the tension involves, and — if the tension involves actors — at
least one of the finding's holders is among them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from rdflib import URIRef

from kg.analysis.facts import Facts
from kg.analysis.model import SCHEMA_VERSION, Ref, Source, Table, labels, refs
from kg.query import load_query

#: The analyses whose findings can evidence a tension, by the name used in kgb:evidencedBy.
ANALYSES = ("overlaps", "gaps", "conflicts")

STATUS_NL = {
    "both": "benoemd door bron én gestaafd door analyse",
    "named": "benoemd door bron",
    "evidenced": "afleiding curator, gestaafd door analyse",
    "inferred": "afleiding curator",
}

_ACTOR_PATHS = ("/id/org/", "/id/orgtype/")


@dataclass(frozen=True)
class Finding:
    """One analysis finding, reduced to what links it to tensions."""

    analysis: str
    scenario: Ref
    subject: Ref
    holders: tuple[Ref, ...]
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"analysis": self.analysis, "scenario": self.scenario.to_dict(), "subject": self.subject.to_dict(),
                "holders": refs(list(self.holders)), "text": self.text}


@dataclass
class Tension:
    """A kgb:Tension with the findings that evidence it."""

    ref: Ref
    comment: str
    kind: Ref
    named: bool
    involves: list[Ref]
    scenarios: list[Ref]
    evidenced_by: tuple[str, ...]
    sources: list[Source]
    note: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        """both, named, evidenced or inferred (see the module docstring)."""
        if self.named:
            return "both" if self.findings else "named"
        return "evidenced" if self.findings else "inferred"

    def to_dict(self) -> dict[str, Any]:
        out = {"tension": self.ref.to_dict(), "comment": self.comment, "kind": self.kind.to_dict(),
               "namedBySource": self.named, "status": self.status, "statusLabel": STATUS_NL[self.status],
               "involves": refs(self.involves), "scenarios": refs(self.scenarios),
               "evidencedBy": list(self.evidenced_by), "findings": [f.to_dict() for f in self.findings],
               "sources": [s.to_dict() for s in self.sources]}
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class TensionReport:
    """All tensions (or those of one scenario) with their status and evidencing findings."""

    scenario: Ref | None
    tensions: list[Tension]

    def counts(self) -> dict[str, int]:
        """Number of tensions per status."""
        return {status: sum(t.status == status for t in self.tensions) for status in STATUS_NL}

    def to_dict(self) -> dict[str, Any]:
        return {"command": "tensions", "schemaVersion": SCHEMA_VERSION,
                "scenario": self.scenario.to_dict() if self.scenario else None,
                "summary": {"tensions": len(self.tensions), "byStatus": self.counts()},
                "tensions": [t.to_dict() for t in self.tensions]}

    def tables(self) -> list[Table]:
        where = f" in {self.scenario.label}" if self.scenario else ""
        rows = [[t.ref.label, t.kind.label, STATUS_NL[t.status], labels(t.scenarios) if t.scenarios else "alle",
                 str(len(t.findings)), "; ".join(s.label for s in t.sources)] for t in self.tensions]
        evidence = [[t.ref.label, f.analysis, f.scenario.label, f.text] for t in self.tensions for f in t.findings]
        return [Table(f"Spanningen{where}: {len(self.tensions)}",
                      ["spanning", "soort", "status", "scenario's", "bevindingen", "bron"], rows),
                Table("Bevindingen die een spanning staven", ["spanning", "analyse", "scenario", "bevinding"],
                      evidence, notes="bevinding")]


def load(facts: Facts) -> list[Tension]:
    """Every kgb:Tension in the graph (without findings)."""
    found = []
    for row in facts.store.select(load_query("analysis/tensions").text):
        iri = URIRef(str(row["tension"]))
        found.append(Tension(
            ref=Ref(str(iri), str(row.get("label") or facts.label(iri)), "kgb:Tension", "spanning"),
            comment=str(row.get("comment", "")), kind=facts.ref(URIRef(str(row["kind"]))),
            named=str(row.get("named", "false")).lower() in {"true", "1"},
            involves=[facts.ref(URIRef(i)) for i in sorted(str(row.get("involves", "")).split())],
            scenarios=[facts.ref(URIRef(s)) for s in sorted(str(row.get("scenarios", "")).split())],
            evidenced_by=tuple(sorted(str(row.get("evidencedBy", "")).split())),
            sources=facts.sources([URIRef(s) for s in sorted(str(row.get("sources", "")).split())]),
            note=str(row["note"]) if row.get("note") else None))
    return found


def findings(facts: Facts, scenario: str, analyses: Iterable[str] = ANALYSES) -> list[Finding]:
    """The findings of the given analyses for one scenario (conflicts without the OWL reasoner)."""
    from kg.analysis.conflicts import conflicts
    from kg.analysis.gaps import gaps
    from kg.analysis.overlaps import overlaps

    run = {"overlaps": lambda: overlaps(facts, scenario), "gaps": lambda: gaps(facts, scenario),
           "conflicts": lambda: conflicts(facts, scenario, reasoner=False)}
    info = facts.scenario(scenario)
    out: list[Finding] = []
    for name in analyses:
        out += from_result(name, facts.ref(info.iri), run[name]().to_dict())
    return out


def from_result(analysis: str, scenario: Ref, result: dict[str, Any]) -> list[Finding]:
    """The findings in one analysis result (its JSON form, docs/analysis-json.md)."""
    def ref(d: dict[str, Any] | None) -> Ref:
        d = d or {}
        return Ref(d.get("iri", ""), d.get("label", ""), d.get("kind", ""), d.get("kindLabel", ""))

    out = []
    for item in result.get(analysis, []):
        if analysis == "overlaps":
            holders = tuple(ref(h["holder"]) for h in item.get("holders", []))
            subject, text = ref(item.get("subject")), item.get("explanation") or item.get("classificationLabel") or ""
        elif analysis == "conflicts":
            holders, subject, text = (ref(item.get("holder")),), ref(item.get("rule")), item.get("message", "")
        else:
            holder = item.get("holder") or item.get("organisation")
            holders = (ref(holder),) if holder else ()
            subject, text = ref(item.get("subject")), item.get("message") or item.get("explanation") or ""
        if not text:
            text = f"{subject.label}: {labels(list(holders))}"
        out.append(Finding(analysis, scenario, subject, holders, text))
    return out


def evidences(finding: Finding, tension: Tension) -> bool:
    """Whether ``finding`` evidences ``tension`` (rule in the module docstring)."""
    if finding.analysis not in tension.evidenced_by:
        return False
    if tension.scenarios and finding.scenario.iri not in {s.iri for s in tension.scenarios}:
        return False
    involved = {r.iri for r in tension.involves}
    if finding.subject.iri not in involved:
        return False
    actors = {i for i in involved if any(p in i for p in _ACTOR_PATHS)}
    return not actors or any(h.iri in actors for h in finding.holders)


def tensions(facts: Facts, scenario: str | None = None,
             progress: Callable[[str], None] | None = None) -> TensionReport:
    """All tensions (or those of one scenario), each with the findings that evidence it."""
    say = progress or (lambda _msg: None)
    wanted = facts.scenario(scenario) if scenario else None
    found = [t for t in load(facts) if wanted is None or str(wanted.iri) in {s.iri for s in t.scenarios}]
    needed: dict[str, set[str]] = {}
    for t in found:
        for s in t.scenarios:
            if wanted is None or s.iri == str(wanted.iri):
                needed.setdefault(s.iri, set()).update(t.evidenced_by)
    for scenario_iri, names in sorted(needed.items()):
        if not names:
            continue
        info = facts.scenarios[URIRef(scenario_iri)]
        say(f"analyses {', '.join(sorted(names))} voor {facts.label(info.iri)} …")
        for f in findings(facts, info.id, sorted(names)):
            for t in found:
                if evidences(f, t):
                    t.findings.append(f)
    return TensionReport(facts.ref(wanted.iri) if wanted else None, found)


def link(result: dict[str, Any], facts: Facts) -> dict[str, Any]:
    """An analysis result (JSON form) with, on each finding of kg overlaps, gaps or conflicts,
    the tensions it evidences (``tensions``: Ref[]); other results are returned unchanged."""
    analysis = result.get("command", "")
    if analysis not in ANALYSES:
        return result
    scenario = Ref(**{k: v for k, v in (result.get("scenario") or {}).items() if k in {"iri", "label"}})
    known = load(facts)
    for item, finding in zip(result.get(analysis, []), from_result(analysis, scenario, result)):
        item["tensions"] = [t.ref.to_dict() for t in known if evidences(finding, t)]
    return result
