"""Entity pages, content negotiation, /resource redirects, class lists and search (sample graph)."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from kg.namespaces import ID, KGB

ORG = "/id/org/raad-voor-de-kinderbescherming"
POSITION = "/id/position/rvdk-verzoek-ondertoezichtstelling"
PROVISION = "/id/bwb/BWBR0002656/artikel/255"


def html(client, url: str) -> str:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_organisation_page_shows_labels_types_and_sources(client) -> None:
    text = html(client, ORG)
    assert "<h1>Raad voor de Kinderbescherming</h1>" in text
    assert "Child Protection Board" not in text  # the English label is in the RDF view, not in the way
    assert "Child Protection Board" in html(client, ORG + "?weergave=rdf")
    assert 'href="/ontology#AdministrativeBody"' in text  # the type links to the ontology
    assert "Dit is het toekomstscenario kind- en gezinsbescherming." in text  # the quote of its source
    assert 'href="/id/seed/004_e61924f29c307353/L1-L1"' in text


def test_organisation_page_has_scenarios_side_by_side(client) -> None:
    text = html(client, ORG)
    table = text[text.index('class="scenarios"'):text.index("</table>", text.index('class="scenarios"'))]
    # three scenario columns, base scenario first
    assert table.index("Huidig stelsel") < table.index("Toekomstscenario (2021)")
    assert "Ontwikkelrichting 2024" in table
    # the power moves to the RVT in 2021 (expected, derived), stays with the Raad in 2024
    assert 'href="/id/org/regionaal-veiligheidsteam"' in table
    assert "certainty-verwacht" in table and "certainty-besloten" in table
    assert "afgeleid" in table
    assert f'href="{POSITION}"' in table


def test_inverse_relations_use_labels(client) -> None:
    text = html(client, ORG)
    section = text[text.index('id="verwijzingen"'):]
    assert "Wat verwijst hiernaar" in section
    assert "art. 255 BW" in section  # the provision naming the organisation, by its label
    assert "Overdracht Raad voor de Kinderbescherming → Regionaal Veiligheidsteam" in section


def test_provision_page_shows_what_rests_on_it_and_named_actors(client) -> None:
    text = html(client, PROVISION)
    resting = text[text.index("Wat rust op deze bepaling"):text.index("Genoemde actoren")]
    assert f'href="{POSITION}"' in resting and 'href="/id/measure/ondertoezichtstelling"' in resting
    named = text[text.index("Genoemde actoren"):]
    assert f'href="{ORG}"' in named
    assert "https://wetten.overheid.nl/jci1.3:c:BWBR0002656&amp;artikel=255&amp;g=2015-10-23" in text


def test_regulation_page_lists_positions_resting_on_its_articles(client) -> None:
    text = html(client, "/id/bwb/BWBR0002656")
    resting = text[text.index("Wat rust op deze bepaling"):text.index("Genoemde actoren")]
    assert f'href="{POSITION}"' in resting and "via art. 255 BW" in resting


def test_position_page_shows_basis_measure_task_and_holders(client) -> None:
    text = html(client, POSITION)
    facts = text[text.index('class="facts"'):text.index("</section>", text.index('class="facts"'))]
    assert f'href="{PROVISION}"' in facts
    assert 'href="/id/measure/ondertoezichtstelling"' in facts and "verzoeken" in facts
    assert 'href="/id/task/verzoeken-gedwongen-maatregel"' in facts
    holders = text[text.index("Houder per scenario"):]
    assert 'href="/id/org/regionaal-veiligheidsteam"' in holders
    # the statute source links to wetten.overheid.nl
    assert 'rel="external">op wetten.overheid.nl</a>' in text


def test_excerpt_page_shows_source_lines(client, sample_settings) -> None:
    text = html(client, "/id/seed/004_e61924f29c307353/L1-L1")
    if sample_settings.seeds_dir.is_dir():
        assert '<ol class="lines"><li value="1">' in text
    else:
        assert "niet beschikbaar" in text


@pytest.mark.parametrize("accept,fmt,parser", [
    ("text/turtle", None, "turtle"),
    ("application/ld+json", None, "json-ld"),
    ("application/n-triples", None, "nt"),
    ("text/html", "ttl", "turtle"),
    ("text/html", "jsonld", "json-ld"),
    ("text/html", "nt", "nt"),
])
def test_content_negotiation(client, accept: str, fmt: str | None, parser: str) -> None:
    response = client.get(ORG, query_string={"format": fmt} if fmt else None, headers={"Accept": accept})
    assert response.status_code == 200
    graph = Graph().parse(data=response.get_data(as_text=True), format=parser)
    node = ID["org/raad-voor-de-kinderbescherming"]
    assert (node, RDFS.label, None) in graph
    assert "Accept" in response.headers["Vary"]
    assert 'rel="alternate"; type="text/turtle"' in response.headers["Link"]


def test_unknown_format_is_406(client) -> None:
    response = client.get(ORG, query_string={"format": "pdf"})
    assert response.status_code == 406
    assert "ttl" in response.get_data(as_text=True)


def test_resource_redirects_with_303(client) -> None:
    response = client.get("/resource", query_string={"uri": str(ID["org/raad-voor-de-kinderbescherming"])})
    assert response.status_code == 303 and response.headers["Location"].endswith(ORG)
    response = client.get("/resource", query_string={"uri": str(KGB.Power)})
    assert response.status_code == 303 and response.headers["Location"].endswith("/ontology#Power")
    assert client.get("/resource", query_string={"uri": "http://example.org/x"}).status_code == 404


def test_ontology_terms_have_anchors(client) -> None:
    text = html(client, "/ontology")
    assert 'id="Power"' in text and 'id="legalBasis"' in text
    # alignments to ELI / ORG / SKOS / PROV are shown as links to their IRIs
    assert 'href="http://data.europa.eu/eli/ontology#LegalResourceSubdivision"' in text
    assert 'href="http://www.w3.org/ns/org#Organization"' in text


def test_ontology_as_turtle(client) -> None:
    response = client.get("/ontology", query_string={"format": "ttl"})
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert (KGB.Power, RDFS.subClassOf, KGB.NormativePosition) in graph


def test_class_list(client) -> None:
    text = html(client, "/klasse/Actor")
    assert f'href="{ORG}"' in text and 'href="/id/org/coordinatiepunt"' in text
    assert client.get("/klasse/GeenKlasse").status_code == 404


@pytest.mark.parametrize("query,expected", [
    ("raad", "/id/org/raad-voor-de-kinderbescherming"),
    ("RAAD VOOR", "/id/org/raad-voor-de-kinderbescherming"),
    ("kinderbesch", "/id/org/raad-voor-de-kinderbescherming"),         # prefix of a word
    ("coordinatie", "/id/org/coordinatiepunt"),                          # accent-insensitive (Coördinatiepunt)
    ("coördinatiepunt", "/id/org/coordinatiepunt"),
    ("ondertoezicht", "/id/measure/ondertoezichtstelling"),
    ("onderzoek doet", "/id/org/raad-voor-de-kinderbescherming"),       # description words
])
def test_search_finds(client, query: str, expected: str) -> None:
    text = html(client, f"/zoeken?q={query}")
    assert f'href="{expected}"' in text


def test_search_groups_by_type(client) -> None:
    text = html(client, "/zoeken?q=ondertoezichtstelling")
    groups = [chunk.split("<span", 1)[0].strip() for chunk in text.split('<section class="hits">\n<h2>')[1:]]
    assert "Kinderbeschermingsmaatregel" in groups and "Bevoegdheid" in groups


def test_search_without_hits(client) -> None:
    text = html(client, "/zoeken?q=xyzzy")
    assert "Niets gevonden" in text


def test_provision_page_shows_the_statute_text(client, sample_settings) -> None:
    text = html(client, PROVISION)
    assert "jci1.3:c:BWBR0002656&amp;artikel=255" in text
    if sample_settings.laws_dir.is_dir():
        assert "Lees deze versie op wetten.overheid.nl" in text and "&amp;g=" in text
        assert "De kinderrechter kan een minderjarige onder toezicht stellen" in text
    else:
        assert "Geen wetsversies in de graaf" in text
    assert "Dit is zelf een bron" in text


def test_provision_page_versions_peildatum_and_diff(client, shared_dir) -> None:
    text = html(client, PROVISION)
    assert "Geldende (nieuwste bekende) versie" in text and "basis van onze gegevens" in text
    old = html(client, PROVISION + "?peildatum=2005-01-01")
    # Until 2015 the number 255 held the provisional OTS ("hangende het onderzoek"): another text, same IRI.
    assert "Geldend op 2005-01-01" in old and "hangende het onderzoek" in old and "hangende het onderzoek" not in text
    first, last = re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', text)[0], re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', text)[-1]
    diff = html(client, f"{PROVISION}?van={first}&naar={last}")
    assert f"Verschil {first} → {last}" in diff and "<del>" in diff and "<ins>" in diff
    assert client.get(PROVISION + "?peildatum=morgen").status_code == 400
    assert client.get(PROVISION + "?van=1999-01-01&naar=2000-01-01").status_code == 400
