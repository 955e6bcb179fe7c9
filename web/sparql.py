"""Blueprint ``sparql``: the read-only SPARQL 1.1 Protocol endpoint and the query editor, both at ``/sparql``.

- ``GET ?query=``, ``POST`` form (``query=``) and ``POST application/sparql-query`` run a query;
  the answer format follows ``?format=`` or the Accept header (SPARQL JSON/XML, CSV, TSV;
  Turtle, JSON-LD, N-Triples, RDF/XML for CONSTRUCT and DESCRIBE).
- A browser (Accept ``text/html``) gets the editor page, with the results as a table.
- Without a query: the editor for browsers, a Turtle service description otherwise.
- Updates (the ``update`` parameter, ``application/sparql-update``, INSERT/DELETE/…) and
  ``SERVICE`` are refused with 403 and a message; limits answer 503 (time) and 422 (result size).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request, url_for
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from kg.namespaces import ID_BASE, KGB_IRI, PREFIXES
from kg.query import NamedQuery, list_queries
from web.conneg import GRAPH_FORMATS, HTML, RESULT_FORMATS, NotAcceptable, choose
from web.execute import RdfDataset, run_query
from web.labels import Link
from kg.laws.asof import store_for_request
from kg.readonly import QueryShape, Refused, inspect_query
from web.state import get_state

bp = Blueprint("sparql", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
#: Rows shown in the HTML result table (the CSV download has them all).
HTML_ROWS = 1000
#: Formats per query form. ASK: JSON and XML only, the SPARQL 1.1 CSV/TSV note defines
#: tables of bindings and nothing for a boolean (a bare ``true`` is no CSV result).
FORMS_OFFERED = {"SELECT": RESULT_FORMATS, "ASK": RESULT_FORMATS[:2], "CONSTRUCT": GRAPH_FORMATS, "DESCRIBE": GRAPH_FORMATS}
XML_TYPES = ("application/sparql-results+xml", "application/rdf+xml")
#: Characters XML 1.0 cannot carry at all, not even as a character reference.
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
#: An absolute IRI as SPARQL's IRIREF allows it (a scheme, then no spaces, quotes or brackets).
_ABSOLUTE_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20]*\Z')
FOLDER_TITLES = {"cq": "Competentievragen", "analysis": "Analyses", "lookup": "Opzoeken", "export": "Export", "checks": "Controles", "regions": "Regio's"}


@dataclass
class Example:
    name: str
    title: str
    description: str
    text: str
    href: str


@dataclass
class ResultTable:
    """A SELECT/ASK/graph result for the HTML page."""

    variables: list[str] = field(default_factory=list)
    rows: list[list[Link | None]] = field(default_factory=list)
    total: int = 0
    boolean: bool | None = None
    graph_text: str | None = None


@dataclass
class EditorPage:
    query: str
    examples: "OrderedDict[str, list[Example]]"
    endpoint: str
    result: ResultTable | None = None
    error: str | None = None
    csv_href: str | None = None
    share_href: str | None = None


def prologue() -> str:
    """Our PREFIX lines, one per line, for the editor's starting text."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def example_text(q: NamedQuery, scenario: str | None) -> str:
    """The query as the editor shows it: a Dutch title comment instead of the file's (English)
    comment block, and a template's ``?scenarioParam`` bound to ``scenario`` so it runs as it is."""
    body = "\n".join(itertools.dropwhile(lambda line: line.startswith("#"), q.text.splitlines()))
    text = f"# {q.display_title}\n{body}\n"
    if scenario and "?scenarioParam" in text:
        text = text.replace("?scenarioParam", f"<{scenario}>")
    return text


def examples(scenario: str | None = None) -> "OrderedDict[str, list[Example]]":
    """Named queries grouped by folder, competency questions first (templates bound to ``scenario``)."""
    groups: OrderedDict[str, list[Example]] = OrderedDict((title, []) for title in FOLDER_TITLES.values())
    for q in list_queries():
        folder = q.name.split("/", 1)[0]
        text = example_text(q, scenario)
        href = url_for("sparql.endpoint", query=text)
        groups.setdefault(FOLDER_TITLES.get(folder, folder), []).append(Example(q.name, q.display_title, q.description, text, href))
    return OrderedDict((k, v) for k, v in groups.items() if v)


def _requested_query() -> str | None:
    """The query of this request; raises :class:`Refused` for update requests, unknown bodies and ambiguity.

    Per the SPARQL 1.1 Protocol: GET carries ``query`` in the URL, a form POST in the body,
    a direct POST is the body itself (UTF-8). Exactly one query: two (also one in the URL
    and one in a form body) is a 400, not a guess.
    """
    if "update" in request.values:
        raise Refused(403, "Dit endpoint is alleen-lezen: de parameter 'update' (SPARQL Update) wordt geweigerd.")
    if request.method == "POST":
        mimetype = request.mimetype
        if mimetype == "application/sparql-update":
            raise Refused(403, "Dit endpoint is alleen-lezen: application/sparql-update wordt geweigerd.")
        if mimetype == "application/sparql-query":
            _only_one("query", request.args.getlist("query") + [""])
            return _utf8_body()
        if not mimetype and not request.get_data():
            return None
        if mimetype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            raise Refused(415, "Stuur de query als formulier (query=…) of als application/sparql-query.")
        return _only_one("query", request.args.getlist("query") + request.form.getlist("query"))
    return _only_one("query", request.args.getlist("query"))


def _only_one(name: str, values: list[str]) -> str | None:
    if len(values) > 1:
        raise Refused(400, f"De parameter '{name}' komt {len(values)} keer voor; stuur precies één query.")
    return values[0] if values else None


def _utf8_body() -> str:
    """The body of a direct POST: the protocol allows only UTF-8."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise Refused(415, f"De query moet in UTF-8 zijn gecodeerd, niet in {charset}.")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(400, f"De query is geen geldige UTF-8 (byte {exc.start + 1}).") from None


def _dataset() -> RdfDataset:
    """The protocol's dataset parameters; each must be an absolute IRI (400 otherwise)."""
    graphs = {}
    for name in ("default-graph-uri", "named-graph-uri"):
        values = request.values.getlist(name)
        for value in values:
            if not _ABSOLUTE_IRI.match(value):
                raise Refused(400, f"Ongeldige {name}: {value[:200]!r} is geen absolute IRI.")
        graphs[name] = tuple(values)
    return RdfDataset(graphs["default-graph-uri"], graphs["named-graph-uri"])


def xml_safe(body: bytes) -> bytes:
    """An XML result as well-formed XML 1.0 that keeps every character a parser would alter.

    A carriage return inside a literal becomes ``&#xD;`` (a parser turns a raw one into a
    line feed; the serialisers write none elsewhere); a control character XML 1.0 cannot
    carry is refused (406) with the advice to ask for JSON, rather than silently changed.
    """
    found = _NOT_XML.search(body)
    if found:
        raise Refused(406, f"Het resultaat bevat een teken dat XML 1.0 niet kan bevatten ({found.group(0)!r}); "
                           f"vraag het resultaat als JSON (application/sparql-results+json).")
    return body.replace(b"\r", b"&#xD;")


def _wants_html() -> bool:
    """True for browsers: no data ``format`` asked, and HTML preferred over every result format."""
    if "html" not in request.headers.get("Accept", "").lower():
        return False  # HTML cannot win unless named (``*/*`` or no Accept pick the first result format)
    if request.values.get("format", "html") != "html":
        return False
    offered = [f.mimetype for f in RESULT_FORMATS] + [f.mimetype for f in GRAPH_FORMATS] + [HTML.mimetype]
    return request.accept_mimetypes.best_match(offered) == HTML.mimetype


#: Query texts up to this length whose guard verdict is remembered: clients repeat the same
#: lookups, and the guard's tokenizer is a fifth of such a request's time in this process.
GUARDED_CHARS = 4000


@functools.lru_cache(maxsize=1024)
def _inspect_short(query: str) -> QueryShape:
    return inspect_query(query)


def _inspect(query: str) -> QueryShape:
    """The guard's verdict on ``query`` (:func:`kg.readonly.inspect_query`), remembered for short texts; raises :class:`Refused`."""
    return _inspect_short(query) if len(query) <= GUARDED_CHARS else inspect_query(query)


def _text(message: str, status: int) -> Response:
    return Response(message + "\n", status, mimetype="text/plain")


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    """The SPARQL endpoint; the editor page for browsers."""
    state = get_state()
    settings = state.settings
    wants_html = _wants_html()
    try:
        query = _requested_query()
    except Refused as exc:
        return _editor(None, str(exc), exc.status) if wants_html else _text(str(exc), exc.status)
    if not query or not query.strip():
        if request.method == "POST":
            message = "Geen query ontvangen: stuur query=… of een application/sparql-query-body."
            return _editor(None, message, 400) if wants_html else _text(message, 400)
        if wants_html:
            return _editor(None, None, 200)
        return Response(service_description(url_for("sparql.endpoint", _external=True)), mimetype="text/turtle")
    try:
        shape = _inspect(query)
        form = shape.form
        offered = FORMS_OFFERED[form]
        dataset = replace(_dataset(), from_query=shape.has_dataset)
        store = store_for_request(state.store, request.values.get("as-of"))  # statute versions of that day
        transient = store is not state.store
        if wants_html:
            answer = run_query(store, query, offered[0], settings, dataset, transient)
            return _editor(query, None, 200, answer.body, form)
        fmt = choose(offered, request.values.get("format"), request.accept_mimetypes, strict=False)
        answer = run_query(store, query, fmt, settings, dataset, transient)
    except NotAcceptable as exc:
        return _text(str(exc), 406)
    except Refused as exc:
        return _editor(query, str(exc), exc.status) if wants_html else _text(str(exc), exc.status)
    try:
        body = xml_safe(answer.body) if answer.mimetype in XML_TYPES else answer.body
    except Refused as exc:
        return _text(str(exc), exc.status)
    response = Response(body, mimetype=answer.mimetype)
    response.vary.add("Accept")
    if transient:
        _note_missing_versions(response, state.store, request.values["as-of"])
    return response


#: Response header naming the regulations without a loaded version on the as-of day (ASCII, readable by CORS clients).
AS_OF_NOTE = "KG-As-Of-Note"


def _note_missing_versions(response: Response, store, as_of: str) -> None:
    """An as-of answer says which laws it lacks that day, so an empty result is not taken for "not in the law"."""
    from kg.laws.asof import parse_day
    from kg.laws.state import missing_versions_note

    note = missing_versions_note(store, parse_day(as_of))
    if note:
        response.headers[AS_OF_NOTE] = unicodedata.normalize("NFKD", note).encode("ascii", "ignore").decode()


#: A read-only public endpoint: any web page may query it, also with a preflighted POST
#: (``Content-Type: application/sparql-query``); errors carry the headers too, so a page
#: can read the message.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
    "Access-Control-Expose-Headers": AS_OF_NOTE,
}


@bp.after_app_request
def cors(response: Response) -> Response:
    """CORS headers on every answer of ``/sparql``: results, errors (also 405) and the OPTIONS preflight."""
    if request.path == "/sparql":
        response.headers.update(CORS_HEADERS)
    return response


def _editor(query: str | None, error: str | None, status: int, body: bytes | None = None, form: str = "") -> tuple[str, int]:
    """The editor page, with the result of ``query`` as a table when there is one."""
    state = get_state()
    groups = examples(str(state.scenarios[0]) if state.scenarios else None)
    first = next(iter(groups.values()), [])
    page = EditorPage(query=query or (first[0].text if first else prologue() + "\nSELECT ?s ?label WHERE {\n  ?s a kgb:Organisation ; rdfs:label ?label .\n}\nLIMIT 25\n"),
                      examples=groups, endpoint=url_for("sparql.endpoint", _external=True), error=error)
    if query:
        page.share_href = url_for("sparql.endpoint", query=query)
        if body is not None:
            page.result = _table(state, body, form)
            if form == "SELECT":
                page.csv_href = url_for("sparql.endpoint") + "?" + urlencode({"query": query, "format": "csv"})
    config = {"endpoint": page.endpoint, "query": page.query, "run": bool(query and not error), "prefixes": PREFIXES,
              "local": [{"iri": ID_BASE, "path": "/id/"}, {"iri": KGB_IRI, "path": "/ontology#"}],
              "examples": [{"name": e.name, "title": e.title, "text": e.text} for g in groups.values() for e in g]}
    config_json = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")  # safe inside <script>
    return render_template("sparql/editor.html", page=page, config=config_json), status


def _table(state, body: bytes, form: str) -> ResultTable:
    """Parse our own serialised result (SPARQL JSON or Turtle) into a table of links and texts."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return ResultTable(graph_text=body.decode("utf-8"))
    data = json.loads(body)
    if "boolean" in data:
        return ResultTable(boolean=bool(data["boolean"]))
    variables = data["head"]["vars"]
    rows = []
    bindings = data["results"]["bindings"]
    for binding in bindings[:HTML_ROWS]:
        row: list[Link | None] = []
        for var in variables:
            term = binding.get(var)
            if term is None:
                row.append(None)
            elif term["type"] == "uri":
                row.append(state.labels.link(URIRef(term["value"])))
            else:
                row.append(Link("", term["value"]))
        rows.append(row)
    return ResultTable(variables=variables, rows=rows, total=len(bindings))


def service_description(endpoint_url: str) -> str:
    """A SPARQL 1.1 Service Description of this endpoint, in Turtle."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS_NS)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint_url)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML"):
        g.add((service, SD.resultFormat, FORMATS_NS[name]))
    g.add((service, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
           Literal("Alleen-lezen SPARQL 1.1-endpoint van de kennisgraaf kind- en gezinsbescherming.", lang="nl")))
    return g.serialize(format="turtle")
