"""Blueprint ``meta``: the ontology documentation and the operational pages under ``/-/``.

``/ontology`` (HTML, or the ontology as data with ``?format=``), ``/def`` (redirect),
``/-/stats``, ``/-/validation`` (SHACL report of the loaded graph) and ``/-/version``;
each operational page also answers ``?format=json``.
"""

from __future__ import annotations

from functools import partial
from importlib.metadata import PackageNotFoundError, version as package_version

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for
from rdflib import URIRef
from rdflib.namespace import OWL

from kg.namespaces import ONTOLOGY_IRI, PREFIXES, compact
from kg.query import load_query
from kg.report import Report
from kg.validate import load_shapes, validate_graph
from web.conneg import GRAPH_FORMATS, HTML, Format, NotAcceptable, alternates, choose
from web.ontology import ontology_graph, ontology_page
from web.slow import Pending, pending_response
from web.state import KgState, get_state

bp = Blueprint("meta", __name__)


@bp.route("/ontology")
def ontology():
    """Documentation of every class, property and value of the ontology."""
    state = get_state()
    try:
        fmt = choose((HTML, *GRAPH_FORMATS), request.args.get("format"), request.accept_mimetypes)
    except NotAcceptable as exc:
        return Response(f"{exc}\n", 406, mimetype="text/plain")
    if fmt is not HTML:
        try:
            return Response(ontology_data(state, fmt), mimetype=fmt.mimetype)
        except Pending:
            return pending_response("Ontologie")
    counts = {URIRef(r["class"]): int(r["n"]) for r in state.store.select(load_query("lookup/class-counts").text)}
    page = ontology_page(state.graph, state.labels, counts, lambda name: url_for("browse.class_list", name=name))
    response = Response(render_template("meta/ontology.html", page=page, formats=GRAPH_FORMATS))
    response.headers["Link"] = alternates(request.base_url)
    return response


def ontology_data(state: KgState, fmt: Format, wait: float | None | str = "default") -> bytes:
    """The ontology serialized as ``fmt``, once per app (rdflib takes seconds for Turtle)."""
    def serialize() -> bytes:
        extra = {"context": dict(PREFIXES), "auto_compact": True} if fmt.name == "json-ld" else {}
        return ontology_graph(state.graph).serialize(format=fmt.name, encoding="utf-8", **extra)
    return state.slow.get(("ontology", fmt.key), serialize, wait=wait)


@bp.route("/def")
def definitions():
    """``https://w3id.org/kgb/def`` itself: the ontology page."""
    return redirect(url_for("meta.ontology"), 303)


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico; the icon is an SVG in static/."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.route("/-/stats")
def stats():
    """Counts per class and per scenario (the same queries as ``kg stats``)."""
    state = get_state()
    classes = [(compact(str(r["class"])), state.labels.label(r["class"]), int(r["n"]))
               for r in state.store.select(load_query("lookup/class-counts").text)]
    scenarios = state.store.query(load_query("lookup/scenario-counts").text)
    rows = [[str(r.get(v, "")) for v in scenarios.variables] for r in scenarios.rows]
    if request.args.get("format") == "json":
        return jsonify({"triples": len(state.graph), "classes": {c: n for c, _, n in classes},
                        "scenarios": {row[0]: dict(zip(scenarios.variables[1:], map(int, row[1:]))) for row in rows}})
    return render_template("meta/stats.html", classes=classes, variables=scenarios.variables, rows=rows, triples=len(state.graph))


def validation_report(state: KgState, wait: float | None | str = "default") -> Report:
    """The SHACL report of the loaded graph, computed once per app (in the background: may raise Pending)."""
    return state.slow.get("validation", lambda: validate_graph(state.graph, load_shapes(state.settings.shapes_dir)), wait=wait)


def warm_up(state: KgState) -> list:
    """At start-up (:mod:`web.warmup`): the validation report."""
    return [lambda: validation_report(state, wait=None)]


def warm_up_variants(state: KgState) -> list:
    """After the defaults: the ontology in each data format."""
    return [partial(ontology_data, state, fmt, None) for fmt in GRAPH_FORMATS]


@bp.route("/-/validation")
def validation():
    """The SHACL validation report (HTML, ``?format=json`` or ``?format=ttl``)."""
    state = get_state()
    try:
        report = validation_report(state)
    except Pending:
        return pending_response("Validatie (SHACL)")
    except FileNotFoundError as exc:
        return Response(f"{exc}\n", 503, mimetype="text/plain")
    fmt = request.args.get("format")
    if fmt == "json":
        return jsonify({"conforms": report.conforms, "results": [f.as_dict() for f in report.findings]})
    if fmt in ("ttl", "turtle"):
        return Response(report.to_graph().serialize(format="turtle"), mimetype="text/turtle")
    return render_template("meta/validation.html", report=report, groups=report.by_shape())


@bp.route("/-/version")
def version():
    """Software and data versions."""
    state = get_state()
    try:
        software = package_version("kgb")
    except PackageNotFoundError:
        software = "onbekend"
    info = {
        "software": software,
        "ontology": str(state.graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo) or ""),
        "backend": state.settings.backend,
        "endpoint": state.settings.endpoint,
        "triples": len(state.graph),
        "loadedAt": state.loaded_at.isoformat(timespec="seconds"),
        "queryTimeoutSeconds": state.settings.query_timeout,
        "maxRows": state.settings.max_rows,
    }
    if request.args.get("format") == "json":
        return jsonify(info)
    return render_template("meta/version.html", info=info)
