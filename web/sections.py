"""Type-specific parts of entity pages.

- organisations and organisation types: their tasks and positions per scenario, side by side;
- normative positions: key facts (action, legal basis, measure, task) and the holder per scenario;
- tasks and measures: who carries them (or the positions on them) per scenario;
- provisions and regulations: what rests on them (``kgb:legalBasis``) and which actors they name;
- seed excerpts: the lines of the source document.

Each section is a dataclass naming the partial template that renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, request, url_for
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.namespaces import ELI, ID_BASE, KGB, ORG
from web.holdings import Holding
from web.labels import Link
from web.citations import parse_excerpt_path
from web.pages import MAX_EXCERPT_LINES, EntityPage, Value, value_of
from web.state import KgState
from web.versions import statute_versions

CERTAINTY_KEY = {KGB.Decided: "besloten", KGB.Expected: "verwacht", KGB.ToBeDecided: "nader-te-bepalen"}


@dataclass
class HolderCell:
    """One holder of an item in one scenario."""

    holder: Link
    assignment: Link
    certainty: str
    certainty_key: str
    derived: bool
    is_self: bool
    sources: list[Link]


@dataclass
class HoldersRow:
    item: Link
    kind: str
    cells: list[list[HolderCell]]


@dataclass
class HoldersTable:
    """Items (rows) by scenario (columns): who holds each item where."""

    title: str
    intro: str
    scenarios: list[Link]
    rows: list[HoldersRow]
    template: str = "browse/_holders.html"


@dataclass
class Facts:
    """A short list of labelled values."""

    title: str
    rows: list[tuple[str, list[Value]]]
    template: str = "browse/_facts.html"


@dataclass
class LinkList:
    """A titled list of links, each with a short note (e.g. its type or the exact provision)."""

    title: str
    intro: str
    items: list[tuple[Link, str]]
    empty: str = "Geen."
    template: str = "browse/_linklist.html"


@dataclass
@dataclass
class MentionView:
    """One mention in the text in force: the organisation, the words marked in their context."""

    organisation: Link
    before: str
    words: str
    after: str
    rule: str
    since: str
    part: str = ""


@dataclass
class MentionList:
    """Where the newest loaded text of a provision names an organisation (kgb:Mention)."""

    title: str
    intro: str
    current: list[MentionView] = field(default_factory=list)
    older: int = 0
    template: str = "browse/_mentions.html"


@dataclass
class ExcerptText:
    """The lines of a seed excerpt, from the source document."""

    document: Link | None
    lines: list[tuple[int, str]] = field(default_factory=list)
    truncated: bool = False
    available: bool = True
    template: str = "browse/_excerpt.html"


def _cell(state: KgState, h: Holding, focus: URIRef | None) -> HolderCell:
    labels = state.labels
    return HolderCell(
        holder=labels.link(h.assignee),
        assignment=labels.link(h.assignment),
        certainty=labels.label(h.certainty) if h.certainty is not None else "onbekend",
        certainty_key=CERTAINTY_KEY.get(h.certainty, "onbekend"),
        derived=h.derived,
        is_self=h.assignee == focus,
        sources=[labels.link(s) for s in h.sources],
    )


def holders_table(state: KgState, items: list[URIRef], title: str, intro: str, focus: URIRef | None = None) -> HoldersTable:
    """Who holds each of ``items`` in every scenario."""
    labels, index = state.labels, state.holdings
    rows = []
    for item in sorted(items, key=lambda i: labels.label(i).casefold()):
        cls = labels.primary_type(item)
        kind = labels.label(cls) if cls is not None else ""
        rows.append(HoldersRow(
            item=labels.link(item), kind=kind,
            cells=[[_cell(state, h, focus) for h in index.holders(item, s)] for s in state.scenarios],
        ))
    return HoldersTable(title, intro, [labels.link(s) for s in state.scenarios], rows)


def _values(state: KgState, node: URIRef, predicate: URIRef) -> list[Value]:
    return [value_of(state, v) for v in sorted(state.graph.objects(node, predicate))]


def _descendants(state: KgState, node: URIRef) -> list[URIRef]:
    """The provision and all its parts (``eli:is_part_of`` inverse), breadth first."""
    found, frontier = [node], [node]
    while frontier:
        parts = sorted(state.graph.subjects(ELI.is_part_of, frontier.pop(0)))
        found += parts
        frontier += parts
    return found


def _organisation(state: KgState, node: URIRef) -> list[object]:
    items = state.holdings.items_of(node)
    if not items:
        return [LinkList("Taken en posities per scenario", "", [], "Aan deze actor zijn (nog) geen taken of posities belegd.")]
    return [holders_table(
        state, items, "Taken en posities per scenario",
        "Elke rij is een taak of normatieve positie die deze actor in ten minste één scenario draagt; "
        "de kolommen tonen wie haar in elk scenario draagt, met de zekerheid volgens de bron.", focus=node)]


def _position(state: KgState, node: URIRef) -> list[object]:
    basis = _values(state, node, KGB.legalBasis) or _values(state, node, KGB.legalBasisStatus)
    measure = _values(state, node, KGB.concernsMeasure)
    role = _values(state, node, KGB.measureRole)
    facts = Facts("Kern", [
        ("Handeling", _values(state, node, KGB.action)),
        ("Wettelijke grondslag", basis),
        ("Maatregel", measure + [Value(f"(rol: {v.text})") for v in role]),
        ("Dient taak", _values(state, node, KGB.servesTask)),
        ("Gericht tot", _values(state, node, KGB.addressee)),
        ("Beleidsruimte", _values(state, node, KGB.discretion)),
    ])
    facts.rows = [(k, v) for k, v in facts.rows if v]
    return [facts, holders_table(state, [node], "Houder per scenario",
                                 "Wie deze positie in elk scenario draagt; afgeleide beleggingen volgen uit overdrachten.")]


def _task(state: KgState, node: URIRef) -> list[object]:
    labels = state.labels
    sections: list[object] = [holders_table(state, [node], "Wie draagt deze taak per scenario", "")]
    positions = sorted(state.graph.subjects(KGB.servesTask, node), key=lambda p: labels.label(p).casefold())
    if positions:
        sections.append(holders_table(state, positions, "Posities die deze taak dienen", "Met hun houders per scenario."))
    return sections


def _measure(state: KgState, node: URIRef) -> list[object]:
    positions = list(state.graph.subjects(KGB.concernsMeasure, node))
    return [holders_table(state, positions, "Wie verzoekt, beslist en voert uit",
                          "De normatieve posities bij deze maatregel en hun houders per scenario.")]


def _statute(state: KgState, node: URIRef) -> list[object]:
    """The provision's text per version, the version list and a diff (see :mod:`web.versions`)."""
    return statute_versions(state, node, request.args)


def _provision(state: KgState, node: URIRef) -> list[object]:
    graph, labels = state.graph, state.labels
    resting: list[tuple[Link, str]] = []
    named: list[tuple[Link, str]] = []
    for part in _descendants(state, node):
        where = "" if part == node else f"via {labels.label(part)}"
        for subject in sorted(graph.subjects(KGB.legalBasis, part), key=lambda s: labels.label(s).casefold()):
            cls = labels.primary_type(subject)
            resting.append((labels.link(subject), " · ".join(x for x in (labels.label(cls) if cls else "", where) if x)))
        for actor in sorted(graph.objects(part, KGB.namesActor), key=lambda s: labels.label(s).casefold()):
            named.append((labels.link(actor), where))
    return [
        LinkList("Wat rust op deze bepaling", "Posities en maatregelen met deze bepaling (of een onderdeel ervan) als wettelijke grondslag.",
                 resting, "Geen positie of maatregel noemt deze bepaling als grondslag."),
        LinkList("Genoemde actoren", "Organisaties en organisatietypen die de bepaling met name noemt.", named,
                 "De bepaling noemt geen actor uit de graaf."),
    ]


def _mentions(state: KgState, node: URIRef) -> list[object]:
    """The mentions of organisations in the provision's newest loaded text, the words highlighted."""
    graph, labels = state.graph, state.labels
    section = MentionList("Vermeldingen in de wettekst",
                          "Waar de nieuwste geladen tekst van deze bepaling een organisatie noemt waarvan taken in een "
                          "toekomstscenario overgaan (zie de wijzigingstabel).")
    for part in _descendants(state, node):
        for mention in sorted(graph.subjects(KGB.mentionIn, part), key=str):
            if graph.value(mention, KGB.mentionUntil) is not None:
                section.older += 1
                continue
            before, _, rest = str(graph.value(mention, KGB.mentionContext) or "").partition("«")
            words, _, after = rest.partition("»")
            section.current.append(MentionView(
                labels.link(graph.value(mention, KGB.mentionOf)), before, words, after,
                labels.label(graph.value(mention, KGB.resolvedBy)), str(graph.value(mention, KGB.mentionVersion) or ""),
                "" if part == node else labels.label(part)))
    return [section] if section.current or section.older else []


def _excerpt(state: KgState, node: URIRef) -> list[object]:
    graph = state.graph
    document = graph.value(node, KGB.inDocument)
    start, end = graph.value(node, KGB.lineStart), graph.value(node, KGB.lineEnd)
    if document is None or start is None or end is None:
        return [ExcerptText(state.labels.link(document) if document is not None else None, available=False)]
    return [excerpt_text(state, document, int(start), int(end))]


def excerpt_text(state: KgState, document: URIRef, first: int, last: int) -> ExcerptText:
    """Lines ``first``–``last`` of a seed document (at most :data:`MAX_EXCERPT_LINES`)."""
    doc_link = state.labels.link(document)
    lines = state.seed_lines(str(document).rsplit("/", 1)[-1])
    if lines is None:
        return ExcerptText(doc_link, available=False)
    shown = list(range(first, min(last, first + MAX_EXCERPT_LINES - 1) + 1))
    return ExcerptText(doc_link, [(n, lines[n - 1]) for n in shown if 0 < n <= len(lines)], truncated=len(shown) < last - first + 1)


def cited_excerpt_page(state: KgState, node: URIRef) -> EntityPage | None:
    """The page of a seed excerpt the graph does not hold (the analysis rules cite their own),
    when its document is one of our seed documents; else None."""
    parsed = parse_excerpt_path(str(node)[len(ID_BASE):]) if str(node).startswith(ID_BASE) else None
    if parsed is None:
        return None
    doc, first, last = parsed
    document = URIRef(f"{ID_BASE}seed/{doc}")
    if (document, RDF.type, KGB.SeedDocument) not in state.graph:
        return None
    labels = state.labels
    return EntityPage(iri=str(node), title=labels.label(node), title_en=None, types=[labels.link(KGB.SeedExcerpt)],
                      descriptions=[], notes=[], properties=[], inverse=[], sources=[], is_source=True,
                      sections=[excerpt_text(state, document, first, last)])


def _report_links(state: KgState, node: URIRef) -> list[object]:
    """Links to the reports about this scenario (inheritance, what changes) or what this organisation inherits."""
    if "reports" not in current_app.blueprints:
        return []
    graph, items = state.graph, []
    ident = graph.value(node, DCTERMS.identifier)
    base = graph.value(node, KGB.basedOn)
    if (node, RDF.type, KGB.Scenario) in graph and base is not None and ident is not None:
        items.append((Link(url_for("reports.report", slug="overerving", scenario=str(ident)), "Wat het RVT in dit scenario erft"), "rapport"))
        base_id = graph.value(base, DCTERMS.identifier)
        if base_id is not None:
            items.append((Link(url_for("reports.report", slug="scenariovergelijking", van=str(base_id), naar=str(ident)),
                               f"Wat er verandert ten opzichte van {state.labels.label(base)}"), "rapport"))
    elif (None, ORG.resultingOrganization, node) in graph and str(node).startswith(ID_BASE):
        items.append((Link(url_for("reports.report", slug="overerving", organisatie=str(node)[len(ID_BASE):]),
                           "Wat deze organisatie erft, per toekomstscenario"), "rapport"))
        items.append((Link(url_for("reports.report", slug="overerving-vergelijken", organisatie=str(node)[len(ID_BASE):]),
                           "De scenario's naast elkaar"), "rapport"))
    return [LinkList("Rapporten", "", items)] if items else []


#: (class, builder): every builder whose class the node has (or a subclass of) adds its sections.
BUILDERS = (
    (KGB.Scenario, _report_links),
    (KGB.Actor, _report_links),
    (KGB.Actor, _organisation),
    (KGB.NormativePosition, _position),
    (KGB.Task, _task),
    (KGB.Measure, _measure),
    (ELI.LegalResourceSubdivision, _statute),
    (ELI.LegalResource, _provision),
    (ELI.LegalResourceSubdivision, _provision),
    (ELI.LegalResourceSubdivision, _mentions),
    (KGB.SeedExcerpt, _excerpt),
)


def sections_for(state: KgState, node: URIRef) -> list[object]:
    """The type-specific sections of ``node``'s page, in a fixed order."""
    sections: list[object] = []
    used = set()
    for cls, builder in BUILDERS:
        if builder not in used and state.labels.is_a(node, cls):
            used.add(builder)
            sections += builder(state, node)
    return sections
