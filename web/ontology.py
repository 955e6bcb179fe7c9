"""The ontology documentation page: classes, properties and values of ``kgb:``, from the graph.

Alignments are the super-classes and super-properties outside our namespace (ELI,
W3C ORG, SKOS, PROV-O, Dublin Core).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.namespaces import KGB_IRI, ONTOLOGY_IRI, bind_prefixes, compact
from web.labels import Labels, Link


@dataclass
class Term:
    """One class, property or value of the ontology."""

    anchor: str
    curie: str
    label: str
    label_en: str | None
    comment: str | None
    kind: str
    parents: list[Link] = field(default_factory=list)
    alignments: list[Link] = field(default_factory=list)
    domain: list[Link] = field(default_factory=list)
    range: list[Link] = field(default_factory=list)
    type_of: list[Link] = field(default_factory=list)
    instances: int = 0
    instances_href: str | None = None


@dataclass
class OntologyPage:
    title: str
    description: str
    version: str
    classes: list[Term]
    properties: list[Term]
    values: list[Term]


KIND = {OWL.Class: "klasse", OWL.ObjectProperty: "objecteigenschap", OWL.DatatypeProperty: "gegevenseigenschap"}


def _link(labels: Labels, node: URIRef) -> Link:
    link = labels.link(node)
    return Link(link.href, compact(str(node)) if not str(node).startswith(KGB_IRI) else link.label, str(node), link.external)


def ontology_page(graph: Graph, labels: Labels, instance_counts: dict[URIRef, int], class_href) -> OntologyPage:
    """Document every ``kgb:`` term found in ``graph``."""
    ontology = URIRef(ONTOLOGY_IRI)
    terms = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(KGB_IRI)}, key=str)
    classes, properties, values = [], [], []
    for node in terms:
        types = set(graph.objects(node, RDF.type))
        kind = next((KIND[t] for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) if t in types), "waarde")
        parents = [p for rel in (RDFS.subClassOf, RDFS.subPropertyOf) for p in graph.objects(node, rel) if isinstance(p, URIRef)]
        comment = graph.value(node, RDFS.comment) or graph.value(node, SKOS.definition)
        local = str(node)[len(KGB_IRI):]
        term = Term(
            anchor=local, curie=f"kgb:{local}", label=labels.label(node), label_en=labels.own_label(node, "en"),
            comment=str(comment) if isinstance(comment, Literal) else None, kind=kind,
            parents=[_link(labels, p) for p in parents if str(p).startswith(KGB_IRI)],
            alignments=[_link(labels, p) for p in parents if not str(p).startswith(KGB_IRI)],
            domain=[_link(labels, d) for d in graph.objects(node, RDFS.domain) if isinstance(d, URIRef)],
            range=[_link(labels, r) for r in graph.objects(node, RDFS.range) if isinstance(r, URIRef)],
            type_of=[_link(labels, t) for t in types if str(t).startswith(KGB_IRI)],
        )
        if kind == "klasse":
            term.instances = instance_counts.get(node, 0)
            term.instances_href = class_href(local)
            classes.append(term)
        elif kind == "waarde":
            values.append(term)
        else:
            properties.append(term)
    title = labels.label(ontology)
    description = graph.value(ontology, URIRef("http://purl.org/dc/terms/description"))
    version = graph.value(ontology, OWL.versionInfo)
    return OntologyPage(title, str(description or ""), str(version or ""), classes, properties, values)


def ontology_graph(graph: Graph) -> Graph:
    """The triples about the ontology and its ``kgb:`` terms (for ``/ontology?format=ttl``)."""
    out = bind_prefixes(Graph())
    for s, p, o in graph:
        if isinstance(s, URIRef) and (str(s).startswith(KGB_IRI) or str(s) == ONTOLOGY_IRI):
            out.add((s, p, o))
    return out
