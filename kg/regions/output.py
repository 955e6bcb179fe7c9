"""``kg where`` output: a readable table (Dutch), CSV and JSON (shape in docs/regions.md)."""

from __future__ import annotations

import csv
import io
import json

from kg.query import render_table
from kg.regions.places import Place
from kg.regions.where import CarrierRow, PilotRow, Ref, WhereAnswer

FORMATS = ("table", "csv", "json")
CSV_COLUMNS = ("section", "notation", "kerntaak", "scenario", "carrier", "carrier_iri", "level", "type", "via",
               "certainty", "pilot", "pilot_iri", "scope", "start", "tranche", "tries_out", "sources", "source_iris")


def _ref(ref: Ref | None) -> dict[str, str] | None:
    return None if ref is None else {"iri": ref.iri, "label": ref.label}


def _labels(refs: tuple[Ref, ...]) -> str:
    return "; ".join(r.label for r in refs)


def _place(place: Place) -> dict[str, str]:
    return {"iri": place.iri, "kind": place.kind, "code": place.code, "name": place.name}


def title(answer: WhereAnswer) -> str:
    """``gemeente Heerenveen (GM0074), veiligheidsregio Fryslân (VR02)``."""
    text = f"{answer.place.kind} {answer.place.name} ({answer.place.code})"
    if answer.region:
        text += f", veiligheidsregio {answer.region.name} ({answer.region.code})"
    if answer.municipalities:
        text += f", {len(answer.municipalities)} gemeenten"
    return text


def carrier_text(row: CarrierRow) -> str:
    """The carrier in words: the instance, the type, or that the data name none."""
    if row.carrier is None:
        return f"— ({row.note})"
    return row.carrier.label + (f" ({row.note})" if row.note else "")


def to_json(answer: WhereAnswer) -> str:
    kerntaken: dict[str, dict] = {}
    for row in answer.rows:
        entry = kerntaken.setdefault(row.kerntaak.iri, {**_ref(row.kerntaak), "notation": row.notation, "carriers": []})
        entry["carriers"].append({
            "scenario": row.scenario.id, "carrier": _ref(row.carrier), "level": row.level, "type": _ref(row.type),
            "via": [_ref(v) for v in row.via], "certainty": _ref(row.certainty), "note": row.note,
            "sources": [_ref(s) for s in row.sources], "instanceSources": [_ref(s) for s in row.instance_sources],
        })
    return json.dumps({
        "place": _place(answer.place),
        "safetyRegion": _place(answer.region) if answer.region else None,
        "municipalities": [_place(m) for m in answer.municipalities],
        "scenarios": [{"iri": s.iri, "id": s.id, "label": s.label} for s in answer.scenarios],
        "kerntaken": list(kerntaken.values()),
        "pilots": [_pilot_json(p) for p in answer.pilots],
    }, ensure_ascii=False, indent=1) + "\n"


def _pilot_json(row: PilotRow) -> dict:
    return {**_ref(row.pilot), "kind": row.kind, "scope": row.scope, "tranche": row.tranche, "start": row.start,
            "triesOut": [_ref(t) for t in row.tries_out], "sources": [_ref(s) for s in row.sources]}


def to_csv(answer: WhereAnswer) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in answer.rows:
        writer.writerow({
            "section": "kerntaak", "notation": row.notation, "kerntaak": row.kerntaak.label, "scenario": row.scenario.id,
            "carrier": row.carrier.label if row.carrier else "", "carrier_iri": row.carrier.iri if row.carrier else "",
            "level": row.level or "", "type": row.type.label if row.type else "", "via": _labels(row.via),
            "certainty": row.certainty.label if row.certainty else "", "sources": _labels(row.all_sources),
            "source_iris": " ".join(s.iri for s in row.all_sources),
        })
    for pilot in answer.pilots:
        writer.writerow({
            "section": "proeftuin", "pilot": pilot.pilot.label, "pilot_iri": pilot.pilot.iri, "scope": pilot.scope,
            "start": pilot.start or "", "tranche": pilot.tranche or "", "tries_out": _labels(pilot.tries_out),
            "sources": _labels(pilot.sources), "source_iris": " ".join(s.iri for s in pilot.sources),
        })
    return buf.getvalue()


def to_table(answer: WhereAnswer) -> str:
    carriers = render_table(
        ["nr", "kerntaak", "scenario", "drager", "zekerheid", "bron"],
        [[r.notation, r.kerntaak.label, r.scenario.id, carrier_text(r), r.certainty.label if r.certainty else "",
          _labels(r.all_sources)] for r in answer.rows])
    pilots = render_table(
        ["proeftuin", "soort", "waar", "start", "beproeft", "bron"],
        [[p.pilot.label, p.kind, p.scope, p.start or "", _labels(p.tries_out), _labels(p.sources)] for p in answer.pilots])
    if not answer.pilots:
        pilots = "(geen proeftuinen bekend voor deze plaats)\n"
    return f"Wie draagt welke kerntaak voor {title(answer)}\n\n{carriers}\nProeftuinen\n\n{pilots}"


def render(answer: WhereAnswer, fmt: str) -> str:
    """The answer in one of :data:`FORMATS`."""
    if fmt == "json":
        return to_json(answer)
    if fmt == "csv":
        return to_csv(answer)
    if fmt == "table":
        return to_table(answer)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
