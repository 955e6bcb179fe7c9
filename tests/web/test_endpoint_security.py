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
