"""Provision and seed-excerpt metadata are derived from IRIs by one rule."""

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kg.enrich import derive, parse_provision, provision_iri
from kg.namespaces import ELI, ID, KGB


def test_provision_iri_round_trips_to_jci() -> None:
    iri = provision_iri("BWBR0034925", artikel="3.2", lid="2")
    assert iri == ID["bwb/BWBR0034925/artikel/3.2/lid/2"]
    ref = parse_provision(str(iri))
    assert ref is not None and ref.jci == "jci1.3:c:BWBR0034925&artikel=3.2&lid=2"
    assert ref.parent().iri == ID["bwb/BWBR0034925/artikel/3.2"]


def test_malformed_provision_iris_are_rejected() -> None:
    for bad in ["bwb/BWBR34925/artikel/1", "bwb/BWBR0034925/lemma/1", "bwb/BWBR0034925/artikel/"]:
        assert parse_provision(str(ID[bad])) is None


def test_derive_adds_chain_type_jci_url_version_and_label() -> None:
    g = Graph()
    law = ID["bwb/BWBR0034925"]
    g.add((law, DCTERMS.alternative, Literal("Jeugdwet")))
    g.add((law, KGB.versionDate, Literal("2015-01-05", datatype=XSD.date)))
    lid = ID["bwb/BWBR0034925/artikel/3.2/lid/2"]
    g.add((ID["position/x"], KGB.legalBasis, lid))
    d = derive(g)
    art = ID["bwb/BWBR0034925/artikel/3.2"]
    assert (lid, RDF.type, KGB.Paragraph) in d and (art, RDF.type, KGB.Article) in d
    assert (lid, ELI.is_part_of, art) in d and (art, ELI.is_part_of, law) in d
    assert (lid, KGB.jci, Literal("jci1.3:c:BWBR0034925&artikel=3.2&lid=2")) in d
    assert (lid, KGB.wettenUrl, URIRef("https://wetten.overheid.nl/jci1.3:c:BWBR0034925&artikel=3.2&lid=2&g=2015-01-05")) in d
    assert (lid, KGB.versionDate, Literal("2015-01-05", datatype=XSD.date)) in d
    assert (lid, RDFS.label, Literal("art. 3.2 lid 2 Jeugdwet", lang="nl")) in d


def test_derive_reads_seed_excerpt_lines_from_the_iri() -> None:
    g = Graph()
    excerpt = ID["seed/004_e61924f29c307353/L2054-L2059"]
    g.add((ID["position/x"], URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), excerpt))
    d = derive(g)
    assert (excerpt, RDF.type, KGB.SeedExcerpt) in d
    assert (excerpt, KGB.inDocument, ID["seed/004_e61924f29c307353"]) in d
    assert (excerpt, KGB.lineStart, Literal(2054)) in d and (excerpt, KGB.lineEnd, Literal(2059)) in d
