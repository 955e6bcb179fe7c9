"""Blueprint ``knowledge``: the tensions report (``/spanningen``), the timeline (``/tijdlijn``) and the system on a day (``/stelsel``).

Both pages work without JavaScript, filter by query parameters and give the data as JSON
(``?format=json``). The tensions run the analyses they name, so the page is computed in
the background (HTTP 202 while it runs), once per scenario.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any, Callable

from flask import Blueprint, Response, jsonify, render_template, request
from rdflib.namespace import DCTERMS

from kg.analysis import AnalysisError, Facts
from kg.analysis.tensions import STATUS_NL, tensions
from kg.knowledge.timeline import timeline
from kg.laws.asof import parse_day
from kg.laws.state import state_on
from web.labels import local_path
from web.slow import Pending, pending_response
from web.state import KgState, get_state

bp = Blueprint("knowledge", __name__)
bp.add_app_template_filter(local_path, "kg_path")


def _facts(state: KgState) -> Facts:
    """The analysis facts of the loaded graph (shared with the reports)."""
    return state.slow.get("facts", lambda: Facts(state.store), wait=None)


def _scenarios(state: KgState) -> list[tuple[str, str]]:
    out = []
    for s in state.scenarios:
        ident = state.graph.value(s, DCTERMS.identifier)
        out.append((str(ident) if ident else str(s), state.labels.label(s)))
    return out


def _bad_request(message: str) -> Response:
    return Response(message, status=400, mimetype="text/plain")


def _format() -> str | None:
    fmt = request.args.get("format") or "html"
    return fmt if fmt in ("html", "json") else None


def tensions_of(state: KgState, scenario: str, wait: float | None | str = "default") -> dict[str, Any]:
    """The tensions (all scenarios, or one), computed once in the background (may raise Pending)."""
    return state.slow.get(("tensions", scenario), lambda: tensions(_facts(state), scenario or None).to_dict(), wait=wait)


def warm_up_variants(state: KgState) -> list[Callable[[], object]]:
    """At start-up, after the defaults (:mod:`web.warmup`): the tensions over all scenarios and of each one.
    Not among the defaults: they rerun every analysis, and the tests that start the warm-up need none."""
    return [partial(tensions_of, state, s, None) for s in ["", *(s for s, _ in _scenarios(state))]]


@bp.route("/spanningen")
def tensions_page():
    """The tensions, with status, kind, what they involve, sources and evidencing findings."""
    state = get_state()
    scenarios = _scenarios(state)
    scenario = request.args.get("scenario", "")
    if scenario and scenario not in {s for s, _ in scenarios}:
        return _bad_request(f"Onbekend scenario {scenario!r}; kies uit: {', '.join(s for s, _ in scenarios)}.")
    fmt = _format()
    if fmt is None:
        return Response("Onbekende vorm: kies html of json.", status=406, mimetype="text/plain")
    try:
        data = tensions_of(state, scenario)
    except Pending:
        return pending_response("Spanningen")
    except AnalysisError as exc:
        return _bad_request(str(exc))
    if fmt == "json":
        return jsonify(data)
    status, kind = request.args.get("status", ""), request.args.get("soort", "")
    shown = [t for t in data["tensions"]
             if (not status or t["status"] == status) and (not kind or t["kind"]["iri"].endswith("#" + kind))]
    kinds = sorted({(t["kind"]["iri"].split("#")[-1], t["kind"]["label"]) for t in data["tensions"]}, key=lambda k: k[1])
    return render_template("knowledge/tensions.html", data=data, shown=shown, scenarios=scenarios, scenario=scenario,
                           statuses=STATUS_NL, status=status, kinds=kinds, kind=kind)


def _date_arg(name: str) -> date | None:
    value = request.args.get(name, "")
    return date.fromisoformat(value) if value else None


@bp.route("/tijdlijn")
def timeline_page():
    """Decisions and milestones in date order; ``?voor=``/``?na=`` (JJJJ-MM-DD), ``?besluiten=1``."""
    state = get_state()
    try:
        before, after = _date_arg("voor"), _date_arg("na")
    except ValueError:
        return _bad_request("Een datum is JJJJ-MM-DD, bijvoorbeeld 2025-01-01.")
    fmt = _format()
    if fmt is None:
        return Response("Onbekende vorm: kies html of json.", status=406, mimetype="text/plain")
    decisions = request.args.get("besluiten") in ("1", "ja", "on")
    result = timeline(_facts(state), before, after, decisions)
    data: dict[str, Any] = result.to_dict()
    if fmt == "json":
        return jsonify(data)
    years: dict[int, list[dict[str, Any]]] = {}
    for event in data["events"]:
        years.setdefault(int(event["sortDate"][:4]), []).append(event)
    return render_template("knowledge/timeline.html", data=data, years=years, before=request.args.get("voor", ""),
                           after=request.args.get("na", ""), decisions=decisions)


@bp.route("/stelsel")
def state_page():
    """The system on a day (``?peildatum=JJJJ-MM-DD``, default today): today's holdings against the law of that day."""
    state = get_state()
    text = request.args.get("peildatum", "").strip()
    try:
        day = parse_day(text) if text else date.today()
    except ValueError as exc:
        return _bad_request(str(exc))
    fmt = _format()
    if fmt is None:
        return Response("Onbekende vorm: kies html of json.", status=406, mimetype="text/plain")
    result = state_on(state.store, day)
    if fmt == "json":
        return jsonify(result.to_dict())
    return render_template("knowledge/state.html", result=result, day=day.isoformat(), asked=text)
