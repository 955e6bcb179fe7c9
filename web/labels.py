"""Readable names for IRIs, and the local URL each IRI is shown at.

Built once from the graph snapshot: the best Dutch and English label of every node
(``skos:prefLabel``, then ``rdfs:label``, then ``dct:title``), and its most specific type.
Seed excerpts are named by document title, section and lines (:mod:`web.citations`), also
when the graph does not hold them (rules cite excerpts of their own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.namespaces import ELI, ID_BASE, KGB, KGB_IRI, ONTOLOGY_IRI, ORG, PREFIXES, compact
from web.citations import SeedLines, excerpt_label, parse_excerpt_path, section_of

LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
#: A prefixed name in prose, e.g. ``kgb:transfersTask``.
PREFIXED = re.compile(r"\b(?P<prefix>[a-z]{2,8}):(?P<local>[A-Za-z][A-Za-z0-9_]*)\b")
#: The rules (SHACL shapes) cited by reports; shown at ``/regels#Name`` (:mod:`web.rules`).
SHAPES_IRI = "https://w3id.org/kgb/shapes#"

#: Dutch names for the standard terms our graph uses without labelling them itself
#: (properties of the vocabularies the ontology reuses: SKOS, ORG, PROV, ELI, Dublin Core).
STANDARD_LABELS_NL: dict[URIRef, str] = {
    OWL.Class: "klasse", OWL.ObjectProperty: "relatie", OWL.DatatypeProperty: "gegevenseigenschap",
    OWL.Ontology: "ontologie", OWL.AllDisjointClasses: "disjuncte klassen",
    SKOS.ConceptScheme: "begrippenlijst", SKOS.Concept: "begrip",
    RDF.type: "soort", RDF.value: "waarde", RDF.first: "eerste", RDF.rest: "rest",
    RDFS.label: "naam", RDFS.comment: "toelichting", RDFS.domain: "geldt voor", RDFS.range: "waarde is een",
    RDFS.subClassOf: "is een soort", RDFS.subPropertyOf: "is een vorm van", RDFS.seeAlso: "zie ook",
    OWL.members: "leden", OWL.versionInfo: "versie",
    SKOS.prefLabel: "naam", SKOS.altLabel: "andere naam", SKOS.definition: "definitie", SKOS.notation: "nummer",
    SKOS.broader: "valt onder", SKOS.narrower: "omvat", SKOS.related: "verwant aan", SKOS.inScheme: "in begrippenlijst",
    SKOS.hasTopConcept: "hoofdbegrip", SKOS.topConceptOf: "hoofdbegrip van", SKOS.scopeNote: "reikwijdte",
    ORG.hasMember: "heeft als lid", ORG.memberOf: "is lid van", ORG.originalOrganization: "van organisatie",
    ORG.resultingOrganization: "naar organisatie",
    PROV.wasDerivedFrom: "bron", PROV.hadMember: "bevat", PROV.wasAssociatedWith: "betrokken organisatie",
    ELI.is_part_of: "onderdeel van", ELI.has_part: "bevat", ELI.number: "nummer", ELI.title: "titel",
    DCTERMS.title: "titel", DCTERMS.alternative: "korte titel", DCTERMS.date: "datum", DCTERMS.description: "beschrijving",
    DCTERMS.identifier: "code", DCTERMS.issued: "uitgegeven", DCTERMS.publisher: "uitgever", DCTERMS.source: "bronbestand",
    DCTERMS.spatial: "gebied", DCTERMS.subject: "onderwerp",
    URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"): "voorkeursprefix",
    URIRef("http://purl.org/vocab/vann/preferredNamespaceUri"): "voorkeursnaamruimte",
}


@dataclass(frozen=True)
class Link:
    """A link as templates see it: where it goes, what it says, and the IRI it stands for."""

    href: str
    label: str
    iri: str = ""
    external: bool = False


def local_path(iri: str) -> str | None:
    """The path on this site that shows ``iri``, or None when the IRI is not ours."""
    if iri.startswith(ID_BASE) and len(iri) > len(ID_BASE):
        return "/id/" + iri[len(ID_BASE):]
    if iri.startswith(KGB_IRI):
        return "/ontology#" + iri[len(KGB_IRI):]
    if iri in (ONTOLOGY_IRI, KGB_IRI):
        return "/ontology"
    if iri.startswith(SHAPES_IRI) and len(iri) > len(SHAPES_IRI):
        return "/regels#" + iri[len(SHAPES_IRI):]
    return None


class Labels:
    """Best label per node and language, and the most specific type of each node."""

    def __init__(self, graph: Graph, seed_lines: SeedLines | None = None) -> None:
        self._seed_lines = seed_lines
        self._labels: dict[tuple[Node, str], str] = {}
        for predicate in reversed(LABEL_PREDICATES):  # earlier predicates win
            for subject, value in graph.subject_objects(predicate):
                if isinstance(value, Literal):
                    lang = value.language or ""
                    self._labels[(subject, lang)] = str(value)
        for term, text in STANDARD_LABELS_NL.items():
            self._labels.setdefault((term, "nl"), text)
        self._derive_labels(graph)
        for excerpt in graph.subjects(RDF.type, KGB.SeedExcerpt):
            text = self.excerpt_label(str(excerpt))
            if text:
                self._labels[(excerpt, "nl")] = text
        self._subclasses: dict[Node, set[Node]] = {}
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            self._subclasses.setdefault(sup, set()).add(sub)
        self._types: dict[Node, list[URIRef]] = {}
        for subject, cls in graph.subject_objects(RDF.type):
            if isinstance(cls, URIRef):
                self._types.setdefault(subject, []).append(cls)

    def _derive_labels(self, graph: Graph) -> None:
        """Readable Dutch labels for unlabelled assignments and transfers, from what they connect."""
        for a in graph.subjects(RDF.type, KGB.Assignment):
            if (a, "nl") in self._labels or (a, "") in self._labels:
                continue
            item = graph.value(a, KGB.assignedTask) or graph.value(a, KGB.assignedPosition)
            holder, scenario = graph.value(a, KGB.assignee), graph.value(a, KGB.inScenario)
            if item is not None and holder is not None and scenario is not None:
                self._labels[(a, "nl")] = f"{self.label(item)} — {self.label(holder)} ({self.label(scenario)})"
        for t in graph.subjects(RDF.type, KGB.Transfer):
            if (t, "nl") in self._labels or (t, "") in self._labels:
                continue
            source, target = graph.value(t, ORG.originalOrganization), graph.value(t, ORG.resultingOrganization)
            scenario = graph.value(t, KGB.inScenario)
            if source is not None and target is not None and scenario is not None:
                self._labels[(t, "nl")] = f"Overdracht {self.label(source)} → {self.label(target)} ({self.label(scenario)})"

    def excerpt_label(self, iri: str) -> str | None:
        """"{document title}, {section}, r. a–b" for a seed excerpt IRI, or None for other IRIs."""
        parsed = parse_excerpt_path(iri[len(ID_BASE):]) if iri.startswith(ID_BASE) else None
        if parsed is None:
            return None
        doc, start, end = parsed
        title = self._labels.get((URIRef(f"{ID_BASE}seed/{doc}"), "nl")) or f"{doc}.txt"
        section = section_of(self._seed_lines(doc), start) if self._seed_lines else None
        return excerpt_label(title, start, end, section)

    def label(self, node: Node, lang: str = "nl") -> str:
        """The label in ``lang``; else Dutch, English or untagged; else a compact IRI."""
        for key in (lang, "nl", "", "en"):
            text = self._labels.get((node, key))
            if text:
                return text
        if isinstance(node, URIRef):
            iri = str(node)
            if iri.startswith(ID_BASE):
                return self.excerpt_label(iri) or iri[len(ID_BASE):]
            return compact(iri)
        return str(node)

    def term_name(self, term: Node) -> str:
        """A property's (or class's) Dutch name; without one, its local name in words, never a prefixed name."""
        for key in ("nl", ""):
            text = self._labels.get((term, key))
            if text:
                return text
        local = re.split(r"[#/]", str(term).rstrip("#/"))[-1]
        return " ".join(re.sub(r"([a-z])([A-Z])", r"\1 \2", local).replace("_", " ").split()).lower() or str(term)

    def readable(self, text: str) -> str:
        """``text`` with prefixed names of our terms (``kgb:transfersTask``) replaced by their Dutch names."""
        def name(match: re.Match[str]) -> str:
            base = PREFIXES.get(match["prefix"])
            return f"‘{self.term_name(URIRef(base + match['local']))}’" if base else match[0]
        return PREFIXED.sub(name, text)

    def own_label(self, node: Node, lang: str) -> str | None:
        """The label in exactly this language, or None."""
        return self._labels.get((node, lang))

    def types(self, node: Node) -> list[URIRef]:
        """All asserted types, most specific first, then by label."""
        found = self._types.get(node, [])
        return sorted(found, key=lambda c: (self._is_superclass_of_any(c, found), self.label(c)))

    def primary_type(self, node: Node) -> URIRef | None:
        """The most specific of our own types (kgb:), else the most specific type."""
        ordered = self.types(node)
        ours = [t for t in ordered if str(t).startswith(KGB_IRI)]
        return (ours or ordered or [None])[0]

    def is_a(self, node: Node, cls: URIRef) -> bool:
        """True when ``node`` has type ``cls`` or a subclass of it."""
        wanted = self.subclasses(cls)
        return any(t in wanted for t in self._types.get(node, []))

    def subclasses(self, cls: Node) -> set[Node]:
        """``cls`` and all its (transitive) subclasses."""
        seen, frontier = {cls}, [cls]
        while frontier:
            for sub in self._subclasses.get(frontier.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    frontier.append(sub)
        return seen

    def _is_superclass_of_any(self, cls: URIRef, others: list[URIRef]) -> bool:
        below = self.subclasses(cls) - {cls}
        return any(o in below for o in others)

    def link(self, node: Node) -> Link:
        """A link to the page of ``node`` (ours) or to the IRI itself (external)."""
        iri = str(node)
        path = local_path(iri)
        if path is not None:
            return Link(path, self.label(node), iri)
        if iri.startswith(("http://", "https://")):
            return Link(iri, self.label(node), iri, external=True)
        return Link("", self.label(node), iri)
