"""Blueprint ``reports``: the analysis reports under ``/rapporten`` and the relay-chain graph.

Each report page has a scenario picker, a text and certainty filter, downloads as CSV
(the main table, filtered) and JSON (the analysis result, docs/analysis-json.md), and
the evidence and sources of every finding. Everything works without JavaScript;
the graph view uses cytoscape.js from ``/static/vendor`` and falls back to a table.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Mapping

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from rdflib.namespace import DCTERMS, ORG

from kg.analysis import AnalysisError, Facts
from kg.namespaces import ID_BASE, KGB
from web.report_specs import RELAY_STEPS, ReportSpec, available, by_slug
from web.report_view import Column, Section, SectionView, filter_findings, plain_rows, relabel_excerpts, section_view
from web.slow import Pending, pending_response
from web.wording import dutch
from web.state import KgState, get_state

bp = Blueprint("reports", __name__, url_prefix="/rapporten")
#: Rows of a report's main table per page (``?pagina=``): the amendment table has hundreds, and a
#: browser renders 1.5 MB of HTML slowly; the downloads hold every row.
ROWS_PER_PAGE = 100
bp.add_app_template_filter(dutch, "dutch")


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class ReportPage:
    """What a report template shows."""

    spec: ReportSpec
    params: dict[str, str]
    scenarios: list[Choice]
    sections: list[SectionView] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    routes: list[tuple[dict[str, Any], SectionView]] = field(default_factory=list)
    error: str | None = None
    #: Organisations to choose from (filters of the inheritance reports), by name.
    organisations: list[Choice] = field(default_factory=list)
    csv_href: str = ""
    excel_href: str = ""
    json_href: str = ""
    facets: list[tuple[Any, list[str]]] = field(default_factory=list)
    chosen: dict[str, str] = field(default_factory=dict)
    page_hrefs: list[str] = field(default_factory=list)  #: the pages of the main table


def facts(state: KgState) -> Facts:
    """The analysis facts of the loaded graph, read once per app."""
    return state.slow.get("facts", lambda: Facts.of(state.store), wait=None)


def scenario_choices(state: KgState, future_only: bool = False) -> list[Choice]:
    """The scenarios as (short name, label), base scenario first; only future ones if asked."""
    out = []
    for s in state.scenarios:
        if future_only and (s, KGB.basedOn, None) not in state.graph:
            continue
        ident = state.graph.value(s, DCTERMS.identifier)
        out.append(Choice(str(ident) if ident else str(s), state.labels.label(s)))
    return out


def organisation_choices(state: KgState) -> list[Choice]:
    """Every holder of a task or position in some scenario, by name (value: its path under /id/)."""
    holders = [h for h in state.holdings.by_assignee if str(h).startswith(ID_BASE)]
    return sorted((Choice(str(h)[len(ID_BASE):], state.labels.label(h)) for h in holders), key=lambda c: c.label.casefold())


def params_for(spec: ReportSpec, scenarios: list[Choice], future: list[Choice], args: Mapping[str, str] | None = None) -> dict[str, str]:
    """The request's parameters (or ``args``) with defaults filled in."""
    args = request.args if args is None else args
    if spec.params == "future":
        return {"scenario": args.get("scenario") or (future[-1].value if future else ""), "organisatie": args.get("organisatie", "")}
    if spec.params == "pair":
        return {"van": args.get("van") or (scenarios[0].value if scenarios else ""),
                "naar": args.get("naar") or (scenarios[-1].value if scenarios else "")}
    if spec.params == "compare":
        return {"organisatie": args.get("organisatie", ""), "herkomst": args.get("herkomst", "")}
    if spec.params == "optional":
        return {"scenario": args.get("scenario", "")}
    return {"scenario": args.get("scenario") or (scenarios[0].value if scenarios else "")}


def result_of(state: KgState, spec: ReportSpec, p: dict[str, str], wait: float | None | str = "default") -> dict[str, Any]:
    """The analysis result as JSON (``to_dict()``), computed once per report and parameters
    in the background (raises :class:`~web.slow.Pending` while it runs)."""
    key = ("report", spec.slug, tuple(sorted(p.items())))
    return state.slow.get(key, lambda: relabel_excerpts(run(spec, facts(state), p).to_dict(), state.labels), wait=wait)


def warm_up(state: KgState) -> list[Callable[[], object]]:
    """At start-up (:mod:`web.warmup`): every report with its default parameters, the slowest first."""
    scenarios, future = scenario_choices(state), scenario_choices(state, future_only=True)
    slowest_first = sorted(available(), key=lambda spec: spec.slug != "conflicten")
    return [partial(result_of, state, spec, params_for(spec, scenarios, future, {}), None) for spec in slowest_first]


def warm_up_variants(state: KgState) -> list[Callable[[], object]]:
    """After the defaults (:mod:`web.warmup`): every report for every scenario (or pair of scenarios)
    a visitor can pick, and for the organisations the site links to (organisation pages link to
    what they inherit). Other organisation filters are cheap and computed on demand."""
    scenarios, future = scenario_choices(state), scenario_choices(state, future_only=True)
    linked = [""] + sorted(str(o)[len(ID_BASE):] for o in set(state.graph.objects(None, ORG.resultingOrganization))
                           if str(o).startswith(ID_BASE))
    choices: dict[str, list[dict[str, str]]] = {
        "scenario": [{"scenario": s.value} for s in scenarios],
        "optional": [{"scenario": s.value} for s in [Choice("", ""), *scenarios]],
        "future": [{"scenario": s.value, "organisatie": o} for s in future for o in linked],
        "pair": [{"van": a.value, "naar": b.value} for a in scenarios for b in scenarios],
        "compare": [{"organisatie": o, "herkomst": ""} for o in linked],
    }
    return [partial(_warm, state, spec, params_for(spec, scenarios, future, args))
            for spec in available() for args in choices[spec.params]]


def _warm(state: KgState, spec: ReportSpec, p: dict[str, str]) -> None:
    """Compute one report variant; a variant the analysis refuses is not kept (its page shows why)."""
    try:
        result_of(state, spec, p, None)
    except AnalysisError:
        pass


def run(spec: ReportSpec, f: Facts, p: dict[str, str]) -> Any:
    """Call the analysis function with the page's parameters."""
    fn = spec.function_or_none()
    assert fn is not None
    if spec.params == "future":
        return fn(f, p["scenario"], p["organisatie"] or None)
    if spec.params == "pair":
        return fn(f, p["van"], p["naar"])
    if spec.params == "compare":
        return fn(f, None, p["organisatie"] or None, p["herkomst"] or None)
    if spec.params == "optional":
        return fn(f, [p["scenario"]] if p["scenario"] else None)
    return fn(f, p["scenario"])


def sections_of(spec: ReportSpec, data: dict[str, Any]) -> list[Section]:
    """The spec's sections; a comparison gets one column per compared scenario."""
    if spec.params != "compare":
        return list(spec.sections)
    main = spec.sections[0]
    extra = tuple(Column(s.get("label", s["iri"]), ("scenarios", s["iri"]), "cell") for s in data.get("scenarios", []))
    return [Section(main.title, main.key, main.columns + extra, main.group_by)]


@bp.route("/")
def index():
    """The list of reports."""
    return render_template("reports/index.html", reports=available())


@bp.route("/<slug>")
def report(slug: str):
    """One report: HTML, or ``?format=json`` / ``?format=csv``."""
    spec = by_slug(slug)
    if spec is None:
        abort(404)
    state = get_state()
    scenarios, future = scenario_choices(state), scenario_choices(state, future_only=True)
    p = params_for(spec, scenarios, future)
    page = ReportPage(spec, p, future if spec.params == "future" else scenarios)
    if spec.params in ("future", "compare"):
        page.organisations = organisation_choices(state)
    try:
        data = result_of(state, spec, p)
    except Pending:
        return pending_response(spec.title)
    except AnalysisError as exc:
        page.error = str(exc)
        return render_template("reports/report.html", page=page, filters={}), 400
    sections = sections_of(spec, data)
    fmt = request.args.get("format")
    if fmt not in (None, "", "html", "json", "csv"):
        return Response(f"Onbekende vorm {fmt!r}: kies html, json of csv.", status=406, mimetype="text/plain")
    text, certainty = request.args.get("q", ""), request.args.get("zekerheid", "")
    main = sections[0]
    chosen = {f.param: request.args.get(f.param, "") for f in main.facets}
    findings = {s.key: data.get(s.key, []) for s in sections}
    findings[main.key] = main.chosen(findings[main.key], chosen)
    if fmt == "json":
        return Response(json.dumps(data, ensure_ascii=False, indent=1), mimetype="application/json")
    if fmt == "csv":
        rows = filter_findings(main, findings[main.key], text, certainty)
        buf = io.StringIO()
        buf.write("\ufeff")  # a byte order mark: Excel then reads the file as UTF-8
        writer = csv.writer(buf, delimiter=";" if request.args.get("scheiding") == "puntkomma" else ",", lineterminator="\r\n")
        writer.writerow([c.header for c in main.columns])
        writer.writerows(plain_rows(main, rows))
        name = "-".join([spec.slug, *(v.replace("/", "_") for v in p.values() if v)])
        return Response(buf.getvalue(), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    page.summary = {dutch(k): {dutch(kk): vv for kk, vv in v.items()} if isinstance(v, dict) else v
                    for k, v in data.get("summary", {}).items()}
    number = request.args.get("pagina", "1")
    number = int(number) if number.isdigit() else 1
    page.sections = [section_view(s, findings[s.key], text, certainty, *((number, ROWS_PER_PAGE) if s is main else ()))
                     for s in sections]
    page.facets, page.chosen = main.facet_options(data.get(main.key, [])), chosen
    if spec.slug == "estafette":
        page.routes = [(r, section_view(RELAY_STEPS, r.get("steps", []))) for r in data.get("routes", [])]
    query = {k: v for k, v in request.args.items() if k not in ("format", "scheiding", "pagina")}
    page.page_hrefs = [url_for("reports.report", slug=slug, **query, pagina=n) for n in range(1, page.sections[0].pages + 1)]
    page.csv_href = url_for("reports.report", slug=slug, **query, format="csv")
    page.excel_href = url_for("reports.report", slug=slug, **query, format="csv", scheiding="puntkomma")
    page.json_href = url_for("reports.report", slug=slug, **query, format="json")
    return render_template("reports/report.html", page=page, filters={"q": text, "zekerheid": certainty},
                           rows_per_page=ROWS_PER_PAGE)


@bp.route("/estafette/graaf")
def relay_graph():
    """The relay chain of one scenario as a graph (cytoscape.js), with a table fallback."""
    state = get_state()
    scenarios = scenario_choices(state)
    scenario = request.args.get("scenario") or (scenarios[0].value if scenarios else "")
    return render_template("reports/graph.html", scenarios=scenarios, scenario=scenario,
                           data_url=url_for("reports.relay_graph_data", scenario=scenario),
                           title="Estafette als graaf")


@bp.route("/estafette/graaf.json")
def relay_graph_data():
    """Cytoscape elements of one scenario's relay chain: (step, holder) nodes and hand-over edges."""
    spec = by_slug("estafette")
    if spec is None:
        abort(404)
    scenario = request.args.get("scenario", "")
    try:
        data = result_of(get_state(), spec, {"scenario": scenario})
    except Pending:
        return Response("wordt berekend\n", 202, mimetype="text/plain", headers={"Retry-After": "3"})
    except AnalysisError as exc:
        return Response(f"{exc}\n", 400, mimetype="text/plain")
    return jsonify(relay_elements(data.get("graph", {})))


def relay_elements(node_link: dict[str, Any]) -> list[dict[str, Any]]:
    """Node-link JSON → cytoscape elements, positioned by step (columns) and holder (rows)."""
    elements: list[dict[str, Any]] = []
    rows: dict[Any, int] = {}
    for node in node_link.get("nodes", []):
        step = node.get("step", 0)
        rows[step] = rows.get(step, 0) + 1
        elements.append({"group": "nodes", "data": {"id": node["id"], "label": node.get("label", ""), "step": step,
                                                    "tasks": node.get("tasks", ""), "href": url_for("browse.resource", uri=node.get("holder", ""))},
                         "position": {"x": 220 * int(step or 0), "y": 90 * rows[step]}})
    for link in node_link.get("links", []):
        elements.append({"group": "edges", "data": {"id": f"{link['source']}->{link['target']}", "source": link["source"],
                                                    "target": link["target"], "handover": bool(link.get("handover"))}})
    return elements
