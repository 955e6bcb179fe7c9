"""Security of the endpoint as an outsider probes it: no outbound request, whatever the query text."""

from __future__ import annotations

from tests.listener import listener
from tests.ssrf_cases import bypasses, fuzzed


def test_endpoint_refuses_service_bypasses_and_fetches_nothing(client) -> None:
    with listener() as probe:
        for query in bypasses(probe.url) + fuzzed(probe.url, 200, seed=5):
            for response in (client.get("/sparql", query_string={"query": query}),
                             client.post("/sparql", data={"query": query}),
                             client.post("/sparql", data=query.encode("utf-8"), content_type="application/sparql-query")):
                assert 200 <= response.status_code < 500, (query, response.status_code)
        assert probe.wait_quiet() == 0


def test_security_headers_on_pages_results_and_errors(client) -> None:
    for response in (client.get("/"), client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}),
                     client.get("/bestaat-niet", headers={"Accept": "text/plain"}),
                     client.get("/sparql", query_string={"query": "SELECT <script>"}, headers={"Accept": "text/plain"})):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["Referrer-Policy"] and response.headers["X-Frame-Options"] == "DENY"


def test_no_version_banner(app) -> None:
    import urllib.request

    from web.background import background_server

    with background_server(app) as base, urllib.request.urlopen(base + "/-/version") as response:
        server = response.headers.get("Server", "")
    assert "Werkzeug" not in server and "Python" not in server


def test_cors_preflight_and_errors_carry_the_headers(client) -> None:
    preflight = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code in (200, 204)
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    for error in (client.get("/sparql", query_string={"query": "SELECT ?x WHERE {"}, headers={"Accept": "application/sparql-results+json"}),
                  client.put("/sparql", data="x"),
                  client.post("/sparql", data="INSERT DATA {}", content_type="application/sparql-update")):
        assert error.status_code >= 400 and error.headers["Access-Control-Allow-Origin"] == "*"


def test_search_refuses_costly_input_with_a_message(client) -> None:
    assert client.get("/zoeken", query_string={"q": "raad"}).status_code == 200
    for q in ("a" * 60_000, " ".join(["ab"] * 2_000)):
        response = client.get("/zoeken", query_string={"q": q})
        assert response.status_code == 400
        assert "zoekterm" in response.get_data(as_text=True).lower()


def test_failing_report_urls_do_not_pile_up(app, client) -> None:
    """Finding 4: unique failing ?scenario= values kept every error (and its traceback) forever."""
    slow = app.extensions["kg"].slow
    before = len(slow)
    for i in range(60):
        client.get(f"/rapporten/overerving?scenario=bestaat-niet-{i}")
    assert len(slow) <= before + 1
