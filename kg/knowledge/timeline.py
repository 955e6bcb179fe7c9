"""The timeline: dated decisions and milestones (kgb:Event), filterable by date.

Dates are kept as precise as the source gives them (a day, a month, a year, or a
parliamentary year); ``kgb:sortDate`` is the earliest day such a date allows and is what
``before``/``after`` compare. Used by ``kg timeline`` and the timeline page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rdflib import URIRef

from kg.analysis.facts import Facts
from kg.analysis.model import Ref, Source, Table, labels, refs
from kg.namespaces import KGB
from kg.query import load_query


@dataclass
class Event:
    """One decision or milestone."""

    ref: Ref
    decision: bool
    date: str
    end_date: str | None
    sort_date: date
    planned: bool
    comment: str
    decided_by: list[Ref]
    concerns: list[Ref]
    sources: list[Source]
    note: str | None = None

    @property
    def when(self) -> str:
        """The date as the source gives it, with the end of a period."""
        return f"{self.date} – {self.end_date}" if self.end_date else self.date

    def to_dict(self) -> dict[str, Any]:
        out = {"event": self.ref.to_dict(), "type": "decision" if self.decision else "milestone",
               "date": self.date, "endDate": self.end_date, "sortDate": self.sort_date.isoformat(),
               "planned": self.planned, "comment": self.comment, "decidedBy": refs(self.decided_by),
               "concerns": refs(self.concerns), "sources": [s.to_dict() for s in self.sources]}
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Timeline:
    """Events in date order, possibly restricted to a period or to decisions."""

    events: list[Event]
    before: date | None = None
    after: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"command": "timeline", "before": self.before.isoformat() if self.before else None,
                "after": self.after.isoformat() if self.after else None,
                "events": [e.to_dict() for e in self.events]}

    def tables(self) -> list[Table]:
        rows = [[e.when, "besluit" if e.decision else "mijlpaal", e.ref.label + (" (gepland)" if e.planned else ""),
                 labels(e.decided_by), "; ".join(s.label for s in e.sources)] for e in self.events]
        return [Table(f"Tijdlijn: {len(self.events)} gebeurtenissen", ["wanneer", "soort", "wat", "besloten door", "bron"], rows)]


def timeline(facts: Facts, before: date | None = None, after: date | None = None,
             decisions_only: bool = False, include_planned: bool = True) -> Timeline:
    """The events whose sort date lies in [after, before), in date order."""
    events = []
    for row in facts.store.select(load_query("timeline/events").text):
        sort_date = date.fromisoformat(str(row["sortDate"]))
        planned = str(row.get("planned", "false")).lower() in {"true", "1"}
        is_decision = URIRef(str(row["type"])) == KGB.Decision
        if (before and sort_date >= before) or (after and sort_date < after) or (decisions_only and not is_decision) \
                or (planned and not include_planned):
            continue
        iri = URIRef(str(row["event"]))
        events.append(Event(
            ref=Ref(str(iri), str(row.get("label") or facts.label(iri)), "kgb:Event", "gebeurtenis"),
            decision=is_decision, date=str(row["date"]), end_date=str(row["endDate"]) if row.get("endDate") else None,
            sort_date=sort_date, planned=planned, comment=str(row.get("comment", "")),
            decided_by=[facts.ref(URIRef(i)) for i in str(row.get("decidedBy", "")).split()],
            concerns=[facts.ref(URIRef(i)) for i in str(row.get("concerns", "")).split()],
            sources=facts.sources([URIRef(s) for s in str(row.get("sources", "")).split()]),
            note=str(row["note"]) if row.get("note") else None))
    return Timeline(events, before, after)
