"""Readable names for IRIs, and the local URL each IRI is shown at.

Built once from the graph snapshot: the best Dutch and English label of every node
(``skos:prefLabel``, then ``rdfs:label``, then ``dct:title``), and its most specific type.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.namespaces import ID_BASE, KGB, KGB_IRI, ONTOLOGY_IRI, ORG, compact

LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, DCTERMS.title)

#: Dutch names for the standard terms our graph uses without labelling them itself.
STANDARD_LABELS_NL: dict[URIRef, str] = {
    OWL.Class: "klasse", OWL.ObjectProperty: "relatie", OWL.DatatypeProperty: "gegevenseigenschap",
    OWL.Ontology: "ontologie", OWL.AllDisjointClasses: "disjuncte klassen",
    SKOS.ConceptScheme: "begrippenlijst", SKOS.Concept: "begrip",
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
    return None


class Labels:
    """Best label per node and language, and the most specific type of each node."""

    def __init__(self, graph: Graph) -> None:
        self._labels: dict[tuple[Node, str], str] = {}
        for predicate in reversed(LABEL_PREDICATES):  # earlier predicates win
            for subject, value in graph.subject_objects(predicate):
                if isinstance(value, Literal):
                    lang = value.language or ""
                    self._labels[(subject, lang)] = str(value)
        for term, text in STANDARD_LABELS_NL.items():
            self._labels.setdefault((term, "nl"), text)
        self._derive_labels(graph)
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

    def label(self, node: Node, lang: str = "nl") -> str:
        """The label in ``lang``; else Dutch, English or untagged; else a compact IRI."""
        for key in (lang, "nl", "", "en"):
            text = self._labels.get((node, key))
            if text:
                return text
        if isinstance(node, URIRef):
            iri = str(node)
            if iri.startswith(ID_BASE):
                return iri[len(ID_BASE):]
            return compact(iri)
        return str(node)

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
