"""The app factory, error pages, titles and HTML validity of every kind of page."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.web.html_check import assert_controls_labelled, assert_valid_html, title_of
from web import create_app

#: One URL of every kind of page on the sample graph.
PAGES = [
    "/",
    "/zoeken",
    "/zoeken?q=raad",
    "/klasse/Organisation",
    "/id/org/raad-voor-de-kinderbescherming",
    "/id/position/rvdk-verzoek-ondertoezichtstelling",
    "/id/bwb/BWBR0002656/artikel/255",
    "/id/bwb/BWBR0002656",
    "/id/task/verzoeken-gedwongen-maatregel",
    "/id/measure/ondertoezichtstelling",
    "/id/scenario/huidig",
    "/id/seed/004_e61924f29c307353/L1-L1",
    "/id/assignment/huidig/rvdk-verzoek-ondertoezichtstelling/raad-voor-de-kinderbescherming",
    "/sparql",
    "/sparql?query=SELECT%20%2A%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%203",
    "/ontology",
    "/-/stats",
    "/-/validation",
    "/-/version",
]


def test_factory_keeps_one_state(app: Flask) -> None:
    state = app.extensions["kg"]
    assert len(state.graph) > 0
    assert {"browse", "sparql", "meta"} <= set(app.blueprints)


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_valid_html_with_a_title(client, url: str) -> None:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "text/html"
    assert_valid_html(response.data)
    assert_controls_labelled(response.data)


def test_titles_are_distinct(client) -> None:
    titles = [title_of(client.get(url, headers={"Accept": "text/html"}).data) for url in PAGES if "?" not in url]
    assert len(titles) == len(set(titles)), titles


def test_unknown_iri_gives_404_page_with_search(client) -> None:
    response = client.get("/id/org/bestaat-niet", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert_valid_html(response.data)
    text = response.get_data(as_text=True)
    assert 'action="/zoeken"' in text and 'value="bestaat niet"' in text


def test_unknown_iri_for_data_clients_is_plain_text(client) -> None:
    response = client.get("/id/org/bestaat-niet", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.mimetype == "text/plain"


def test_server_error_shows_no_trace(sample_settings, sample_store) -> None:
    app = create_app({"KG_SETTINGS": sample_settings, "KG_STORE": sample_store, "PROPAGATE_EXCEPTIONS": False})

    @app.route("/kapot")
    def broken():
        raise RuntimeError("geheime details")

    response = app.test_client().get("/kapot", headers={"Accept": "text/html"})
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Interne fout" in body
    assert "Traceback" not in body and "geheime details" not in body
    assert_valid_html(response.data)


def test_optional_blueprints_are_skipped_when_missing(monkeypatch, sample_settings, sample_store) -> None:
    import web

    monkeypatch.setattr(web, "BLUEPRINTS", web.BLUEPRINTS + ("web.does_not_exist",))
    monkeypatch.setattr(web, "OPTIONAL_BLUEPRINTS", {**web.OPTIONAL_BLUEPRINTS, "web.does_not_exist": {"web.does_not_exist"}})
    app = create_app({"KG_SETTINGS": sample_settings, "KG_STORE": sample_store})
    assert "browse" in app.blueprints


def test_regions_link_only_when_registered(client, app: Flask) -> None:
    text = client.get("/").get_data(as_text=True)
    assert ('href="/regio"' in text) == ("regions" in app.blueprints)


def test_pages_work_without_vendor_files(client) -> None:
    """The editor page always carries the plain form, which works without any script."""
    text = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<form id="plain-editor"' in text and 'name="query"' in text
    assert "https://cdn" not in text and "//unpkg" not in text


def test_slow_results_answer_202_then_the_result(monkeypatch, sample_settings, sample_store) -> None:
    import threading

    import web.meta
    from kg.report import Report

    release = threading.Event()

    def slow_validation(graph, shapes):
        release.wait(30)
        return Report()

    monkeypatch.setattr(web.meta, "validate_graph", slow_validation)
    app = create_app({"KG_SETTINGS": sample_settings, "KG_STORE": sample_store, "KG_SLOW_WAIT": 0})
    client = app.test_client()
    pending = client.get("/-/validation", headers={"Accept": "text/html"})
    assert pending.status_code == 202 and pending.headers["Refresh"] == "5"
    assert_valid_html(pending.data)
    release.set()
    app.extensions["kg"].slow.get("validation", lambda: None, wait=None)  # the running job finishes
    done = client.get("/-/validation", query_string={"format": "json"})
    assert done.status_code == 200 and done.get_json() == {"conforms": True, "results": []}


def test_favicon_is_served(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert client.get(response.headers["Location"]).status_code == 200


def test_warm_up_computes_every_scenario_a_visitor_can_pick(monkeypatch, sample_settings, sample_store) -> None:
    """After the start-up computations (defaults, then variants) every report for every scenario,
    the tensions and the ontology's data formats answer at once (a request that had to wait gets 202).
    The analyses are replaced by a cheap stand-in: what is tested is which results are prepared."""
    import web.knowledge
    import web.reports
    from web.reports import scenario_choices
    from web.warmup import EXTENSION

    class Result:
        def to_dict(self) -> dict:
            return {"summary": {}}

    monkeypatch.setattr(web.reports, "run", lambda spec, facts, p: Result())
    monkeypatch.setattr(web.knowledge, "tensions", lambda facts, scenario: type("T", (), {"to_dict": lambda self: {"tensions": []}})())
    app = create_app({"KG_SETTINGS": sample_settings, "KG_STORE": sample_store, "KG_SLOW_WAIT": 0, "KG_WARM_UP": True})
    app.extensions[EXTENSION].join(timeout=300)
    client, state = app.test_client(), app.extensions["kg"]
    scenarios = [c.value for c in scenario_choices(state)]
    paths = [f"/rapporten/{slug}?scenario={s}" for slug in ("overlap", "hiaten", "conflicten", "estafette") for s in scenarios]
    paths += [f"/rapporten/scenariovergelijking?van={a}&naar={b}" for a in scenarios for b in scenarios]
    paths += [f"/spanningen?format=json&scenario={s}" for s in ["", *scenarios]] + ["/ontology?format=ttl", "/ontology?format=jsonld"]
    assert len(scenarios) > 1
    for path in paths:
        assert client.get(path, headers={"Accept": "text/html"}).status_code == 200, path
