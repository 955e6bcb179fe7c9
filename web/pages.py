"""Page contexts: the plain dataclasses entity templates render.

:func:`entity_page` turns a node of the graph snapshot into an :class:`EntityPage`:
labels, types, every property (values as links with labels), the inverse relations,
and the sources (``prov:wasDerivedFrom``) with excerpt lines or statute links.
Type-specific sections (scenario tables, legal bases, …) come from :mod:`web.sections`
and are added by the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.namespaces import ELI, KGB
from web.labels import Link
from web.state import KgState

#: Shown in the page header, not in the property table.
HEADER_PREDICATES = {RDF.type, RDFS.label, SKOS.prefLabel, RDFS.comment, KGB.note, PROV.wasDerivedFrom, DCTERMS.source,
                     KGB.derivedFrom}
#: Nodes of these classes are sources themselves (statute text, seed documents).
SOURCE_CLASSES = (ELI.LegalResource, ELI.LegalResourceSubdivision, KGB.SeedDocument, KGB.SeedExcerpt)
#: At most this many values per property (and subjects per inverse relation) are listed.
MAX_VALUES = 100
#: Lines of a seed excerpt shown on a page.
MAX_EXCERPT_LINES = 40


@dataclass(frozen=True)
class Value:
    """A property value: a link (IRI) or text (literal) with its language or datatype."""

    text: str
    link: Link | None = None
    lang: str | None = None
    datatype: str | None = None


@dataclass
class PropertyRow:
    """One predicate and its values (or, for inverse relations, its subjects)."""

    predicate: Link
    values: list[Value]
    more: int = 0


@dataclass
class Source:
    """Where a statement comes from: a seed excerpt, a statute provision, or a derivation step."""

    kind: str  # "excerpt" | "provision" | "derivation" | "other"
    link: Link
    document: Link | None = None
    lines: str = ""
    quotes: list[str] = field(default_factory=list)
    wetten_url: str | None = None
    version: str | None = None


@dataclass
class EntityPage:
    """Everything the entity template shows."""

    iri: str
    title: str
    title_en: str | None
    types: list[Link]
    descriptions: list[str]
    notes: list[str]
    properties: list[PropertyRow]
    inverse: list[PropertyRow]
    sources: list[Source]
    #: True for statutes, provisions and seed documents: they are sources themselves.
    is_source: bool = False
    sections: list[object] = field(default_factory=list)


def value_of(state: KgState, node: Node) -> Value:
    """A term as a :class:`Value`."""
    if isinstance(node, Literal):
        if node.datatype == XSD.boolean:
            return Value("ja" if node.toPython() is True else "nee")
        datatype = state.labels.label(node.datatype) if node.datatype and node.datatype != XSD.string else None
        return Value(str(node), lang=node.language, datatype=datatype)
    if isinstance(node, BNode):
        return Value(f"(naamloos knooppunt {node})")
    link = state.labels.link(node)
    return Value(link.label, link=link)


def _rows(state: KgState, pairs: dict[URIRef, list[Node]]) -> list[PropertyRow]:
    rows = []
    for predicate, values in pairs.items():
        # Ties (equal labels) by IRI: the page must not depend on the store's triple order.
        shown = sorted(values, key=lambda v: (isinstance(v, Literal), state.labels.label(v).casefold(), str(v)))
        link = state.labels.link(predicate)
        named = Link(link.href, state.labels.term_name(predicate), link.iri, link.external)
        rows.append(PropertyRow(named, [value_of(state, v) for v in shown[:MAX_VALUES]],
                                more=max(0, len(shown) - MAX_VALUES)))
    return sorted(rows, key=lambda r: r.predicate.label.casefold())


def texts(state: KgState, node: URIRef, predicate: URIRef) -> list[str]:
    """Literal values of a predicate, Dutch first."""
    values = [v for v in state.graph.objects(node, predicate) if isinstance(v, Literal)]
    return [str(v) for v in sorted(values, key=lambda v: (v.language != "nl", str(v)))]


def source(state: KgState, node: Node, kind: str = "") -> Source:
    """Describe one source node: a seed excerpt, a provision, or anything else."""
    graph, labels = state.graph, state.labels
    link = labels.link(node)
    if (node, RDF.type, KGB.SeedExcerpt) in graph:
        document = graph.value(node, KGB.inDocument)
        start, end = graph.value(node, KGB.lineStart), graph.value(node, KGB.lineEnd)
        return Source("excerpt", link, labels.link(document) if document is not None else None,
                      lines=f"regel {start}" if start == end else f"regels {start}–{end}",
                      quotes=texts(state, node, KGB.quote))
    wetten = graph.value(node, KGB.wettenUrl)
    if wetten is not None:
        version = graph.value(node, KGB.versionDate)
        return Source("provision", link, wetten_url=str(wetten), version=str(version) if version else None)
    return Source(kind or "other", link)


def entity_page(state: KgState, node: URIRef) -> EntityPage | None:
    """The page of ``node``, or None when the graph says nothing about it."""
    graph, labels = state.graph, state.labels
    outgoing: dict[URIRef, list[Node]] = {}
    for p, o in graph.predicate_objects(node):
        if p not in HEADER_PREDICATES:
            outgoing.setdefault(p, []).append(o)
    incoming: dict[URIRef, list[Node]] = {}
    for s, p in graph.subject_predicates(node):
        if p != RDF.type:
            incoming.setdefault(p, []).append(s)
    if not outgoing and not incoming and (node, None, None) not in graph:
        return None
    # entities cite their sources with prov:wasDerivedFrom, activities (transfers, pilots) with dct:source
    sources = [source(state, s) for s in sorted(set(graph.objects(node, PROV.wasDerivedFrom)) | set(graph.objects(node, DCTERMS.source)))]
    sources += [source(state, s, "derivation") for s in sorted(graph.objects(node, KGB.derivedFrom))]
    return EntityPage(
        iri=str(node),
        title=labels.label(node),
        title_en=labels.own_label(node, "en"),
        types=[labels.link(t) for t in labels.types(node) if t != OWL.NamedIndividual],
        descriptions=[labels.readable(t) for t in texts(state, node, RDFS.comment)],
        notes=[labels.readable(t) for t in texts(state, node, KGB.note)],
        properties=_rows(state, outgoing),
        inverse=_rows(state, incoming),
        sources=sources,
        is_source=any(labels.is_a(node, c) for c in SOURCE_CLASSES),
    )
