"""Seeded fuzzing as an outsider would: 1,000 mutated queries and 1,000 odd URLs; no 5xx, no outbound request."""

from __future__ import annotations

import random
from urllib.parse import quote

from tests.listener import listener

SEEDS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(lang(?l) = 'nl') } LIMIT 5",
    "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 5",
    "ASK { ?s a <https://w3id.org/kgb/def#Scenario> }",
    "DESCRIBE <https://w3id.org/kgb/id/org/raad-voor-de-kinderbescherming>",
    "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/kgb/graph/ontology/kgb> WHERE { ?s ?p ?o }",
    "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } VALUES ?o { 1 'x' <urn:a#b> } } GROUP BY ?g HAVING (COUNT(*) > 1)",
)
PIECES = ("{", "}", "(", ")", "[", "]", "<", ">", '"', "'", "'''", '"""', "#", "\r", "\n", "\\", "\\u0053", "\x00",
          "\u2028", "SERVICE ", "service silent ", "FROM ", "FROM NAMED ", "GRAPH ?g ", "VALUES ?x {", "BIND(", "?", "$",
          ":", "^^", "@nl", "<urn:x>", "1e99999", "%", "\ufffe", "é", "||", "!", "/", "*", ";", ",", ".", " UNION ")
ACCEPTS = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
           "text/turtle", "application/ld+json", "application/rdf+xml", "text/html", "*/*", "image/png", "",
           "a/b;q=x, text/*;q=2", "application/sparql-results+json; charset=latin1", "text/n3")
ODD = ("", " ", "%00", "%0d%0a", "\r\n", "..", "../../etc/passwd", "%2e%2e%2f", "<script>", "'\"", "ö", "𝔘", "\u2028",
       "x" * 300, "%ff%fe", "?a=b&c", "#frag", "org/raad-voor-de-kinderbescherming", "huidig", "toekomstscenario-2021")


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(text))
        kind = rng.random()
        if kind < 0.5:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif kind < 0.7:
            text = text[:at] + text[at + rng.randint(1, 10):]
        elif kind < 0.85:
            text = text[:at] + text[at:at + rng.randint(1, 20)] * rng.randint(2, 5) + text[at:]
        else:
            text = text[:at]
    return text


def test_fuzzed_queries_give_no_5xx_and_no_outbound_request(client) -> None:
    rng = random.Random(1414)
    with listener() as probe:
        pieces = PIECES + (f"SERVICE <{probe.url}> {{ ?a ?b ?c }} ",)
        for i in range(1000):
            query = mutate(rng.choice(SEEDS), rng)
            if rng.random() < 0.2:
                at = rng.randint(0, len(query))
                query = query[:at] + rng.choice(pieces[-1:]) + query[at:]
            headers = {"Accept": rng.choice(ACCEPTS)}
            params = {}
            if rng.random() < 0.2:
                params[rng.choice(("default-graph-uri", "named-graph-uri", "format"))] = rng.choice(ODD)
            how = i % 3
            if how == 0:
                response = client.get("/sparql", query_string={"query": query, **params}, headers=headers)
            elif how == 1:
                response = client.post("/sparql", data={"query": query, **params}, headers=headers)
            else:
                response = client.post("/sparql", query_string=params, data=query.encode("utf-8", "surrogatepass"),
                                       content_type="application/sparql-query", headers=headers)
            assert response.status_code < 500, (query, params, headers, response.status_code, response.get_data(as_text=True)[:300])
        assert probe.wait_quiet() == 0


def test_fuzzed_urls_give_no_5xx(client) -> None:
    rng = random.Random(2828)

    def odd() -> str:
        return rng.choice(ODD) if rng.random() < 0.6 else "".join(rng.choice("aZ09-_/.%é𝔘<>\"' \t") for _ in range(rng.randint(0, 40)))

    routes = (
        lambda: ("/id/" + quote(odd(), safe="/%"), {"format": odd()}),
        lambda: ("/resource", {"uri": rng.choice(("https://w3id.org/kgb/id/", "https://w3id.org/kgb/def#", "")) + odd(), "format": odd()}),
        lambda: ("/zoeken", {"q": odd()}),
        lambda: ("/klasse/" + quote(odd(), safe="/%"), {}),
        lambda: ("/rapporten/" + rng.choice(("overerving", "overlap", "hiaten", "conflicten", "verschil", "estafette", quote(odd(), safe="%"))),
                 {"scenario": odd(), "van": odd(), "naar": odd(), "organisatie": odd(), "herkomst": odd(), "format": odd()}),
        lambda: ("/graaf/" + quote(odd(), safe="/%"), {"scenario": odd()}),
        lambda: ("/ontology", {"format": odd()}),
        lambda: ("/-/" + rng.choice(("stats", "version", "validation", quote(odd(), safe="%"))), {"format": odd()}),
        lambda: ("/regio/" + rng.choice(("gm/", "vr/", "")) + quote(odd(), safe="%"), {"gemeente": odd()}),
        lambda: ("/static/" + quote(odd(), safe="/%"), {}),
        lambda: ("/sparql", {"format": odd(), "default-graph-uri": odd()}),
    )
    for _ in range(1000):
        path, params = rng.choice(routes)()
        params = {k: v for k, v in params.items() if rng.random() < 0.5}
        response = client.get(path, query_string=params, headers={"Accept": rng.choice(ACCEPTS)})
        assert response.status_code < 500, (path, params, response.status_code)
