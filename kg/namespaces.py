"""Namespaces and prefixes used in code, queries and every serialisation.

``KGB`` is closed over the terms that ``ontology/*.ttl`` declare, so a typo such
as ``KGB.holdr`` raises ``AttributeError`` instead of silently minting an IRI.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, ClosedNamespace, NamespaceManager

ONTOLOGY_IRI = "https://w3id.org/kgb/def"
KGB_IRI = "https://w3id.org/kgb/def#"
ID_BASE = "https://w3id.org/kgb/id/"
GRAPH_BASE = "https://w3id.org/kgb/graph/"

ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
ID = Namespace(ID_BASE)

_ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


def _ontology_terms(folder: Path) -> list[str]:
    """Every kgb: term declared in ``ontology/*.ttl`` (kgb.ttl plus extensions such as regions.ttl).

    Parsed with pyoxigraph (~2 ms; rdflib took ~40 ms on every start of every command)."""
    terms = set()
    for path in sorted(folder.glob("*.ttl")):
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject = triple.subject
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(KGB_IRI):
                terms.add(subject.value[len(KGB_IRI):])
    return sorted(terms)


def _kgb_namespace(folder: Path) -> Namespace | ClosedNamespace:
    """``kgb:`` closed over the ontology's terms; open when the ontology cannot be read.

    Open rather than failing at import time, so every command can start and the build
    can say which ontology file is missing or broken (with file and line).
    """
    try:
        terms = _ontology_terms(folder)
    except (OSError, SyntaxError, ValueError):
        terms = []
    return ClosedNamespace(KGB_IRI, terms) if terms else Namespace(KGB_IRI)


KGB = _kgb_namespace(_ONTOLOGY_DIR)

PREFIXES: dict[str, str] = {
    "kgb": KGB_IRI,
    "id": ID_BASE,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "org": str(ORG),
    "eli": str(ELI),
    "prov": str(PROV),
    "dct": str(DCTERMS),
    "sh": str(SH),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind our prefixes on ``graph`` (for readable Turtle/JSON-LD output) and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX declarations for every prefix we use, on one line without a line break,
    so that line numbers in parser errors still match the user's query."""
    return "".join(f"PREFIX {p}: <{iri}> " for p, iri in PREFIXES.items())


def compact(iri: str) -> str:
    """``kgb:Power`` for a known namespace, else the IRI unchanged."""
    for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base):]}"
    return iri


def graph_iri(kind: str, name: str) -> URIRef:
    """IRI of a named graph, e.g. ``graph_iri('data', 'organisations/types')``."""
    return URIRef(f"{GRAPH_BASE}{kind}/{name}")


__all__ = [
    "DCTERMS", "ELI", "GRAPH_BASE", "ID", "ID_BASE", "KGB", "NamespaceManager", "ORG", "OWL",
    "PREFIXES", "PROV", "RDF", "RDFS", "SH", "SKOS", "XSD", "bind_prefixes", "compact",
    "graph_iri", "sparql_prologue",
]
