"""Blueprint ``browse``: home, entity pages (``/id/…``), ``/resource?uri=``, search and class lists."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from kg.namespaces import ID_BASE, KGB, KGB_IRI, PREFIXES, bind_prefixes, compact
from web.conneg import GRAPH_FORMATS, HTML, NotAcceptable, alternates, choose
from web.graphs import graph_link
from web.labels import Link, local_path
from web.pages import entity_page
from web.search import MAX_QUERY_CHARS
from web.sections import cited_excerpt_page, sections_for
from web.state import KgState, get_state

bp = Blueprint("browse", __name__)
bp.add_app_template_filter(lambda iri: compact(iri) if iri else "", "compact_iri")

#: Classes listed on the home page, in this order, with the Dutch heading used there.
HOME_CLASSES = (
    (KGB.Organisation, "Organisaties"),
    (KGB.OrganisationType, "Organisatietypen"),
    (KGB.NormativePosition, "Normatieve posities"),
    (KGB.Task, "Taken"),
    (KGB.Measure, "Maatregelen"),
    (KGB.Regulation, "Regelingen"),
    (KGB.Provision, "Bepalingen"),
    (KGB.Scenario, "Scenario's"),
    (KGB.Transfer, "Overdrachten"),
    (KGB.Assignment, "Beleggingen"),
    (KGB.Principle, "Basisprincipes"),
    (KGB.Safeguard, "Rechtswaarborgen"),
    (KGB.Region, "Regio's"),
    (KGB.Pilot, "Proeftuinen"),
    (KGB.SeedDocument, "Brondocumenten"),
    (KGB.SeedExcerpt, "Bronfragmenten"),
)


#: Items per page of a class list.
PAGE_SIZE = 200


@dataclass
class ClassCount:
    link: Link
    heading: str
    count: int


@dataclass
class ClassList:
    """All instances of one class (and its subclasses), sorted by label or by type, one page of them."""

    title: str
    cls: Link
    items: list[tuple[Link, str]]
    total: int = 0
    number: int = 1
    pages: int = 1
    order: str = "naam"


def instances(state: KgState, cls: URIRef) -> list[URIRef]:
    """Every node typed ``cls`` or a subclass of it."""
    found: set[URIRef] = set()
    for sub in state.labels.subclasses(cls):
        found.update(s for s in state.graph.subjects(RDF.type, sub) if isinstance(s, URIRef))
    return sorted(found, key=lambda n: state.labels.label(n).casefold())


@bp.route("/")
def home():
    """Start page: search, what the graph holds, and where to go next."""
    state = get_state()
    counts = [ClassCount(Link(url_for("browse.class_list", name=str(cls)[len(KGB_IRI):]), state.labels.label(cls), str(cls)),
                         heading, len(instances(state, cls))) for cls, heading in HOME_CLASSES]
    return render_template("browse/home.html", counts=counts,
                           scenarios=[state.labels.link(s) for s in state.scenarios], triples=len(state.graph))


@bp.route("/klasse/<name>")
def class_list(name: str):
    """All instances of ``kgb:<name>``."""
    state = get_state()
    cls = URIRef(KGB_IRI + name)
    if (cls, None, None) not in state.graph:
        abort(404)
    items = [(state.labels.link(n), state.labels.label(state.labels.primary_type(n) or cls)) for n in instances(state, cls)]
    order = request.args.get("sorteer", "naam")
    if order == "soort":
        items.sort(key=lambda item: (item[1].casefold(), item[0].label.casefold()))
    pages = max(1, -(-len(items) // PAGE_SIZE))
    try:
        number = min(max(1, int(request.args.get("pagina", "1"))), pages)
    except ValueError:
        number = 1
    page = ClassList(state.labels.label(cls), state.labels.link(cls), items[(number - 1) * PAGE_SIZE:number * PAGE_SIZE],
                     total=len(items), number=number, pages=pages, order=order)
    return render_template("browse/class_list.html", page=page)


@bp.route("/id/<path:rest>")
def entity(rest: str):
    """The page (or, by content negotiation, the data) of ``https://w3id.org/kgb/id/<rest>``."""
    state = get_state()
    node = URIRef(ID_BASE + rest)
    try:
        fmt = choose((HTML, *GRAPH_FORMATS), request.args.get("format"), request.accept_mimetypes)
    except NotAcceptable as exc:
        return Response(f"{exc}\n", 406, mimetype="text/plain")
    page = entity_page(state, node) or cited_excerpt_page(state, node)
    if page is None:
        abort(404)
    if fmt is HTML:
        page.sections = page.sections or sections_for(state, node)
        response = Response(render_template("browse/entity.html", page=page, formats=GRAPH_FORMATS, crumb=class_crumb(state, node),
                                            graph=graph_link(state, node), rdf=request.args.get("weergave") == "rdf"))
    else:
        response = Response(describe(state, node, fmt.name), mimetype=fmt.mimetype)
    response.headers["Link"] = alternates(request.base_url)
    response.vary.add("Accept")
    return response


def class_crumb(state: KgState, node: URIRef) -> Link | None:
    """The list of the node's most specific class of ours, for the breadcrumbs."""
    cls = state.labels.primary_type(node)
    if cls is None or not str(cls).startswith(KGB_IRI):
        return None
    return Link(url_for("browse.class_list", name=str(cls)[len(KGB_IRI):]), state.labels.label(cls).capitalize())


def describe(state: KgState, node: URIRef, rdflib_format: str) -> bytes:
    """The triples about ``node`` (with the blank nodes they lead to) in one RDF format."""
    graph = bind_prefixes(Graph())
    todo, seen = [node], set()
    while todo:
        subject = todo.pop()
        seen.add(subject)
        for p, o in state.graph.predicate_objects(subject):
            graph.add((subject, p, o))
            if isinstance(o, BNode) and o not in seen:
                todo.append(o)
    if rdflib_format == "json-ld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True, encoding="utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")


@bp.route("/resource")
def resource():
    """``/resource?uri=<IRI>``: 303 to the page (or data) of one of our IRIs."""
    iri = request.args.get("uri", "").strip()
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in iri):  # would end up in the Location header
        return Response("Ongeldige IRI: stuurtekens (zoals een regeleinde) zijn niet toegestaan.\n", 400, mimetype="text/plain")
    path = local_path(iri)
    if not iri or path is None:
        abort(404)
    if request.args.get("format") and path.startswith("/id/"):
        path += "?" + urlencode({"format": request.args["format"]})
    return redirect(path, 303)


@bp.route("/zoeken")
def search():
    """Search labels and descriptions; results grouped by type."""
    state = get_state()
    query = request.args.get("q", "").strip()
    try:
        groups = state.search.search(query) if query else []
    except ValueError as exc:
        return render_template("browse/search.html", query=query[:MAX_QUERY_CHARS], groups=[], total=0, error=str(exc)), 400
    return render_template("browse/search.html", query=query, groups=groups,
                           total=sum(len(g.hits) for g in groups))
