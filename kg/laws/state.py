"""The state of the system on a day: who held which task or power, on which version of the law.

"Today" is a date. For a peildatum this module answers, from the dated facts in the graph:

- per assignment of the current system (scenario ``huidig``) and each of its legal bases
  (``kgb:legalBasis``, and ``kgb:formerLegalBasis`` for a basis that lapsed or moved): the
  version of that provision in force on the day (``kg/queries/cq/35-who-held-what-on-a-date.rq``),
  so a power whose basis did not exist yet in the loaded history (e.g. BW Boek 1, 2002–2023)
  or had lapsed shows as such;
- per cited regulation: the loaded version in force on the day, or, when the day lies before
  the oldest loaded version, that version's date and whether it is only an archive date (the
  2013–2015 snapshots carry no start date: the Jeugdwet snapshot is dated 2015-01-05, so
  2015-01-01 has no loaded Jeugdwet text, and the answer says so instead of guessing);
- which scenarios had been drawn up by then (``dct:date``, as precise as the source), and the
  decisions and milestones of the timeline up to the day.

The holders are those of the current system: the graph records no earlier holders, so an
answer for a past day says whether the holder's basis was in force then, not who held the
power under an older law. Used by ``kg state`` and the page ``/stelsel``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kg.analysis.model import Table
from kg.query import load_query

#: Status of one legal basis on the day (Dutch, shown as is).
IN_FORCE, LAPSED, NOT_YET, NOT_LOADED, NO_TEXT = "geldt", "vervallen", "bestond nog niet", "geen wetsversie geladen", "geen tekst in de wettenmap"
PLACEHOLDER = "VALUES ?peildatum { UNDEF }"


def query_for(day: date) -> str:
    """The stored question (cq/35) with its peildatum filled in."""
    text = load_query("cq/35-who-held-what-on-a-date").text
    if PLACEHOLDER not in text:
        raise ValueError("cq/35-who-held-what-on-a-date.rq mist de regel 'VALUES ?peildatum { UNDEF }'")
    return text.replace(PLACEHOLDER, f'VALUES ?peildatum {{ "{day.isoformat()}"^^xsd:date }}')


def _day(value: object) -> date:
    return date.fromisoformat(str(value)[:10])


def date_range(text: str) -> tuple[date, date]:
    """The first and last day a source date allows: ``2021`` (gYear), ``2021-03`` (gYearMonth) or a day."""
    parts = [int(p) for p in text[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts), date(*parts)


@dataclass
class RegulationOnDay:
    """A cited regulation on the day: the loaded version in force then, or the oldest loaded one."""

    iri: str
    label: str
    version_from: date | None  # start of the version in force on the day, None: none loaded
    version_inferred: bool
    oldest: date
    oldest_inferred: bool

    @property
    def note(self) -> str:
        if self.version_from is not None:
            return f"versie van {self.version_from.isoformat()}" + (" (archiefdatum; begindatum onbekend)" if self.version_inferred else "")
        return (f"geen versie geladen voor deze dag; de dichtstbijzijnde geladen versie is van {self.oldest.isoformat()}"
                + (" (archiefdatum van de momentopname: de tekst gold op die dag, sinds wanneer staat er niet bij)"
                   if self.oldest_inferred else ""))

    def to_dict(self) -> dict[str, Any]:
        return {"regulation": self.iri, "label": self.label,
                "versionInForce": self.version_from.isoformat() if self.version_from else None,
                "oldestLoaded": self.oldest.isoformat(), "oldestDateIsArchiveDate": self.oldest_inferred, "note": self.note}


@dataclass
class Basis:
    """One legal basis of a holding and its status on the day."""

    iri: str
    label: str
    role: str  # "grondslag" | "vroegere grondslag"
    status: str
    version: str | None
    first_from: date | None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"provision": self.iri, "label": self.label, "role": self.role, "status": self.status,
                "versionInForce": self.version, "firstLoadedVersion": self.first_from.isoformat() if self.first_from else None,
                "note": self.note}


@dataclass
class Holding:
    """An assignment of the current system: holder, task or position, and its bases on the day."""

    assignment: str
    holder: str
    holder_label: str
    item: str
    item_label: str
    kind: str  # "positie" | "taak"
    bases: list[Basis] = field(default_factory=list)

    @property
    def status(self) -> str:
        """What the bases say about the holding on the day (a current basis in force wins)."""
        found = {(b.status, b.role) for b in self.bases}
        kinds = {status for status, _ in found}
        if not found:
            return "taak: de grondslagen staan bij de posities" if self.kind == "taak" else "geen wettelijke grondslag in de graaf"
        if (IN_FORCE, "grondslag") in found:
            return "grondslag geldt"
        if (IN_FORCE, "vroegere grondslag") in found:
            return "geldt op een vroegere grondslag"
        if NOT_LOADED in kinds:
            return "onbekend: geen wetsversie geladen voor die dag"
        if kinds == {NOT_YET}:
            return "grondslag bestond nog niet"
        if kinds <= {LAPSED, NOT_YET}:
            return "grondslag vervallen"
        return "grondslag niet in de geladen wetsversies"

    def to_dict(self) -> dict[str, Any]:
        return {"assignment": self.assignment, "holder": {"iri": self.holder, "label": self.holder_label},
                "item": {"iri": self.item, "label": self.item_label, "kind": self.kind}, "status": self.status,
                "bases": [b.to_dict() for b in self.bases]}


@dataclass
class SystemState:
    """Everything :func:`state_on` finds for one day."""

    day: date
    holdings: list[Holding]
    regulations: list[RegulationOnDay]
    scenarios: list[dict[str, Any]]
    events: list[dict[str, Any]]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for holding in self.holdings:
            out[holding.status] = out.get(holding.status, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"command": "state", "asOf": self.day.isoformat(), "scenario": "huidig",
                "note": "Houders zijn die van het huidige stelsel; per grondslag staat of die bepaling op de peildatum gold.",
                "counts": self.counts(), "regulations": [r.to_dict() for r in self.regulations],
                "scenarios": self.scenarios, "events": self.events, "holdings": [h.to_dict() for h in self.holdings]}

    def tables(self) -> list[Table]:
        holdings = [[h.holder_label, h.item_label, h.status,
                     "; ".join(f"{b.label} ({b.role}): {b.status}{' — ' + b.note if b.note else ''}" for b in h.bases) or "—"]
                    for h in self.holdings]
        regulations = [[r.label, r.version_from.isoformat() if r.version_from else "geen", r.note] for r in self.regulations]
        scenarios = [[s["label"], s.get("date") or "—", s["status"]] for s in self.scenarios]
        events = [[e["date"], e["label"]] for e in self.events[-5:]]
        return [Table(f"Stelsel op {self.day.isoformat()}: {len(self.holdings)} beleggingen van het huidige stelsel",
                      ["houder", "taak of positie", "op de peildatum", "notes"], holdings, notes="notes"),
                Table("Wetsversies op de peildatum", ["regeling", "versie", "notes"], regulations, notes="notes"),
                Table("Scenario's", ["scenario", "datum", "op de peildatum"], scenarios),
                Table(f"Laatste besluiten en mijlpalen tot de peildatum ({len(self.events)} in totaal)", ["datum", "wat"], events)]


def regulations_on(store, day: date, cited: set[str] | None = None) -> dict[str, RegulationOnDay]:
    """The version in force on ``day`` per regulation in ``cited``, or per regulation our data describe."""
    spans: dict[str, list[dict]] = {}
    for row in store.select(load_query("lookup/regulation-version-spans").text):
        spans.setdefault(str(row["regulation"]), []).append(row)
    out = {}
    if cited is None:
        cited = {iri for iri, rows in spans.items() if str(rows[0].get("curated", "")).lower() in ("true", "1")}
    for iri in sorted(cited & spans.keys()):
        rows = spans[iri]
        inferred = [str(r.get("inferred", "")).lower() in ("true", "1") for r in rows]
        current = next((i for i, r in enumerate(rows)
                        if _day(r["from"]) <= day and ("to" not in r or day <= _day(r["to"]))), None)
        out[iri] = RegulationOnDay(iri, str(rows[0].get("label") or iri.rsplit("/", 1)[-1]),
                                   _day(rows[current]["from"]) if current is not None else None,
                                   inferred[current] if current is not None else False,
                                   _day(rows[0]["from"]), inferred[0])
    return out


def missing_versions_note(store, day: date) -> str | None:
    """Which regulations have no loaded version on ``day`` and their nearest one, or None when all have one.

    An as-of answer without such a regulation is empty rather than wrong (e.g. the Jeugdwet before its
    2015-01-05 snapshot); the CLI and the endpoint say so instead of answering with nothing.
    """
    missing = [r for r in regulations_on(store, day).values() if r.version_from is None]
    if not missing:
        return None
    return (f"voor {day.isoformat()} is geen versie geladen van "
            + "; ".join(f"{r.label} (dichtstbijzijnde: {r.oldest.isoformat()}{', archiefdatum' if r.oldest_inferred else ''})"
                        for r in missing))


def _basis(row: dict, regulation: RegulationOnDay | None, day: date) -> Basis:
    iri = str(row["basis"])
    first = _day(row["firstFrom"]) if row.get("firstFrom") else None
    label = str(row.get("basisLabel") or iri.split("/id/")[-1])
    version = str(row["version"]) if row.get("version") else None
    if version is not None:
        lapsed = str(row.get("lapsed", "")).lower() in ("true", "1")
        return Basis(iri, label, str(row["role"]), LAPSED if lapsed else IN_FORCE, version, first,
                     f"luidt 'vervallen' in de versie van {_day(row['versionFrom']).isoformat()}" if lapsed else f"versie van {_day(row['versionFrom']).isoformat()}")
    if regulation is None or first is None:
        return Basis(iri, label, str(row["role"]), NO_TEXT, None, first, "deze bepaling staat in geen geladen wetsversie")
    if regulation.version_from is None:
        return Basis(iri, label, str(row["role"]), NOT_LOADED, None, first,
                     f"oudste geladen versie van de {regulation.label}: {regulation.oldest.isoformat()}")
    return Basis(iri, label, str(row["role"]), NOT_YET, None, first,
                 f"deze bepaling (in deze nummering) staat er pas in vanaf de versie van {first.isoformat()}; "
                 "of de taak toen op een andere bepaling rustte, legt de graaf niet vast")


def _scenarios(store, day: date) -> list[dict[str, Any]]:
    out = []
    for row in store.select(load_query("lookup/scenarios").text):
        when = str(row["date"]) if row.get("date") else None
        if when is None:
            status = "het stelsel zoals de wetten het beleggen"
        else:
            first, last = date_range(when)
            status = "bestond" if last <= day else "nog niet opgesteld" if day < first else f"in {when} opgesteld; op deze dag misschien nog niet"
        out.append({"scenario": str(row["scenario"]), "id": str(row["id"]), "label": str(row.get("label") or row["id"]),
                    "date": when, "status": status})
    return out


def _events(store, day: date) -> list[dict[str, Any]]:
    out = []
    for row in store.select(load_query("timeline/events").text):
        planned = str(row.get("planned", "")).lower() in ("true", "1")
        if planned or _day(row["sortDate"]) > day:
            continue
        out.append({"event": str(row["event"]), "label": str(row.get("label") or row["event"]), "date": str(row["date"]),
                    "sortDate": str(row["sortDate"])[:10], "type": "besluit" if str(row["type"]).endswith("Decision") else "mijlpaal"})
    return out


def state_on(store, day: date) -> SystemState:
    """The system on ``day``: holdings with their bases' versions, regulations, scenarios and events."""
    rows = store.select(query_for(day))
    cited = {str(r["basis"]).split("/artikel/")[0] for r in rows if r.get("basis")}
    regulations = regulations_on(store, day, cited)
    holdings: dict[tuple[str, str], Holding] = {}
    for row in rows:
        key = (str(row["assignment"]), str(row["item"]))
        holding = holdings.setdefault(key, Holding(key[0], str(row["holder"]), str(row.get("holderLabel") or row["holder"]),
                                                   key[1], str(row.get("itemLabel") or row["item"]), str(row["kind"])))
        if row.get("basis") and str(row["basis"]) not in {b.iri for b in holding.bases}:
            holding.bases.append(_basis(row, regulations.get(str(row["basis"]).split("/artikel/")[0]), day))
    ordered = sorted(holdings.values(), key=lambda h: (h.holder_label.lower(), h.item_label.lower()))
    return SystemState(day, ordered, sorted(regulations.values(), key=lambda r: r.label.lower()),
                       _scenarios(store, day), _events(store, day))
