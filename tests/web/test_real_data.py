"""The UI on the project's real data: every kind of entity page renders as valid HTML, and reports run."""

from __future__ import annotations

import random

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.namespaces import ID_BASE, KGB
from tests.web.html_check import assert_valid_html
from web.report_specs import available

#: Pages checked per class (a stable sample keeps the test quick as the data grow).
PER_CLASS = 6


def sample_pages(app) -> list[str]:
    state = app.extensions["kg"]
    pages: list[str] = []
    classes = sorted({c for c in state.graph.objects(None, RDF.type) if str(c).startswith(str(KGB))})
    for cls in classes:
        nodes = sorted(str(s) for s in state.graph.subjects(RDF.type, cls) if str(s).startswith(ID_BASE))
        pages += ["/id/" + n[len(ID_BASE):] for n in random.Random(str(cls)).sample(nodes, min(PER_CLASS, len(nodes)))]
    return pages


def test_entity_pages_of_every_class(real_app) -> None:
    client = real_app.test_client()
    pages = sample_pages(real_app)
    assert len(pages) > 20
    for url in pages:
        response = client.get(url, headers={"Accept": "text/html"})
        assert response.status_code == 200, url
        assert_valid_html(response.data)


def test_every_actor_with_assignments_shows_its_scenario_table(real_app) -> None:
    state = real_app.extensions["kg"]
    client = real_app.test_client()
    actors = sorted(state.holdings.by_assignee)
    assert actors, "the data have assignments"
    for actor in actors[:40]:
        text = client.get("/id/" + str(actor)[len(ID_BASE):], headers={"Accept": "text/html"}).get_data(as_text=True)
        assert 'class="scenarios"' in text, actor


def test_provision_pages_link_to_wetten(real_app) -> None:
    state = real_app.extensions["kg"]
    client = real_app.test_client()
    provisions = sorted(s for s in state.graph.subjects(KGB.legalBasis, None))[:10]
    for subject in provisions:
        for provision in state.graph.objects(subject, KGB.legalBasis):
            if isinstance(provision, URIRef) and str(provision).startswith(ID_BASE):
                text = client.get("/id/" + str(provision)[len(ID_BASE):]).get_data(as_text=True)
                assert "https://wetten.overheid.nl/jci1.3:c:" in text
                assert "/id/" + str(subject)[len(ID_BASE):] in text  # what rests on it


def test_search_finds_the_raad(real_app) -> None:
    text = real_app.test_client().get("/zoeken?q=raad kinderbescherming").get_data(as_text=True)
    assert 'href="/id/org/raad-voor-de-kinderbescherming"' in text


@pytest.mark.parametrize("slug", [r.slug for r in available() if r.slug != "conflicten"])
def test_reports_on_real_data(real_app, slug: str) -> None:
    response = real_app.test_client().get(f"/rapporten/{slug}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert_valid_html(response.data)
