"""The ontology documents itself: every class and property has Dutch and English labels and a comment."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.config import PROJECT_ROOT
from kg.namespaces import KGB_IRI

ONTOLOGY = Graph()
for path in sorted((PROJECT_ROOT / "ontology").glob("*.ttl")):
    ONTOLOGY.parse(path, format="turtle")
TERMS = sorted(
    s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for s in ONTOLOGY.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(KGB_IRI)
)


@pytest.mark.parametrize("term", TERMS, ids=[str(t)[len(KGB_IRI):] for t in TERMS])
def test_term_has_labels_in_both_languages_and_a_comment(term: URIRef) -> None:
    languages = {label.language for label in ONTOLOGY.objects(term, RDFS.label)}
    assert {"nl", "en"} <= languages, f"labels: {languages}"
    assert any(ONTOLOGY.objects(term, RDFS.comment)), "no rdfs:comment"


def test_our_classes_are_aligned_to_standard_vocabularies() -> None:
    def parents(term: str) -> set[str]:
        return {str(o) for o in ONTOLOGY.transitive_objects(URIRef(KGB_IRI + term), RDFS.subClassOf)}

    assert "http://data.europa.eu/eli/ontology#LegalResourceSubdivision" in parents("Paragraph")
    assert "http://www.w3.org/ns/org#ChangeEvent" in parents("Transfer")
    assert "http://www.w3.org/ns/org#FormalOrganization" in parents("LegalEntity")
    assert "http://www.w3.org/2004/02/skos/core#Concept" in parents("CoreTask")
    assert "http://www.w3.org/ns/prov#Entity" in parents("SeedExcerpt")


def test_every_organisation_in_a_change_event_is_an_organisation_by_the_ontology(store) -> None:
    """org:originalOrganization/resultingOrganization have range org:Organization: each holder a
    transfer names (a concrete organisation or the representative organisation of a type) must be
    one by its asserted classes and our subclass axioms, not only by what a reasoner infers from the range."""
    rows = store.select("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?holder WHERE {
          ?event org:originalOrganization|org:resultingOrganization ?holder .
          FILTER NOT EXISTS { ?holder a/rdfs:subClassOf* org:Organization }
        }""")
    assert store.select("SELECT ?e WHERE { ?e <http://www.w3.org/ns/org#originalOrganization> ?o } LIMIT 1")
    assert not rows, f"not an org:Organization: {[str(r[0]) for r in rows][:5]}"
