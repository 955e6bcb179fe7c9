"""SPARQL texts that try to make the server fetch ``url``: known bypasses and seeded, fuzzed variants."""

from __future__ import annotations

import random


def bypasses(url: str) -> list[str]:
    """Every SERVICE trick found so far (issue 14 and while fixing it); each must reach no one."""
    base = url.rsplit("/", 1)[0] + "/"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # x\rSERVICE <{url}> {{ ?s ?p ?o }} }}",                       # \r ends a comment
        "SELECT * WHERE { " + "".join(f"# {i}\rSERVICE <{url}> {{ ?s ?p ?o }} " for i in range(20)) + "}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX : <{base}> SELECT * WHERE {{ SERVICE:secret {{ ?s ?p ?o }} }}",           # no word boundary
        f"SELECT*{{SERVICE<{url}>{{?s ?p ?o}}}}",
        f"BASE <{base}> SELECT * WHERE {{ SERVICE <secret> {{ ?s ?p ?o }} }}",             # relative IRI
        f"SELECT * WHERE {{ SERVICE <{base}\\u0073ecret> {{ ?s ?p ?o }} }}",               # escape in the IRI
        f"PREFIX : <{base}> SELECT * WHERE {{ FILTER(1 <2)#>'''\n SERVICE :secret {{ ?s ?p ?o }} #'''\n}}",
        f"PREFIX : <{base}> SELECT * WHERE {{ FILTER(:a-<2)#>'''\n SERVICE :secret {{ ?s ?p ?o }} #'''\n}}",
        f"SELECT * WHERE {{ ?a ?b ?c.SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b 'c'SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND('a\\u0027 AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} # '\n }}",
        f"ASK {{ {{ SELECT * WHERE {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{}} UNION {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"DESCRIBE ?s WHERE {{ ?a ?b ?c MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?x ?y '''a\n''' . SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    ]


_SEPARATORS = (" ", "\t", "\n", "\r", "\r\n", "", "#x\n", "#x\r", "# '\r", '# """\r', "#<\r", "#}\n")
_DECOYS = ("", "FILTER(1 <2)#>'''\n", "BIND('#' AS ?q) ", 'BIND("""\n""" AS ?q) ', "?a ?b '''x''' . ",
           "FILTER(?a<?b) ", "?a <urn:x#y> ?b . ", "VALUES ?v { <urn:a#b> } ")
_WRAPPERS = ("{}", "{{ {} }}", "OPTIONAL {{ {} }}", "FILTER EXISTS {{ {} }}", "{{}} UNION {{ {} }}",
             "MINUS {{ {} }}", "{{ SELECT * WHERE {{ {} }} }}", "GRAPH ?g {{ {} }}", "FILTER NOT EXISTS {{ {} }}")
_FORMS = ("SELECT * WHERE {{ {} }}", "select*{{{}}}", "ASK {{ {} }}", "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {} }}",
          "DESCRIBE ?s WHERE {{ {} }}", "SELECT (COUNT(*) AS ?n) FROM <urn:g> WHERE {{ {} }}")


def _cased(word: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)


def fuzzed(url: str, count: int, seed: int = 14) -> list[str]:
    """``count`` SERVICE queries built from random separators, casings, targets, decoys and nestings."""
    rng = random.Random(seed)
    base = url.rsplit("/", 1)[0] + "/"
    prologues = ("", f"PREFIX : <{base}> ", f"BASE <{base}> ", f"PREFIX p: <{base}>\r")
    queries = []
    for _ in range(count):
        prologue = rng.choice(prologues)
        target = rng.choice((f"<{url}>", f"<{base}\\u0073ecret>", ":secret", "p:secret", "<secret>", "?svc"))
        sep = lambda: rng.choice(_SEPARATORS)  # noqa: E731 - a fresh choice at every gap
        clause = (_cased("service", rng) + sep() + (_cased("silent", rng) + sep() if rng.random() < 0.3 else "")
                  + target + sep() + "{ ?s ?p ?o }")
        if target == "?svc":
            clause = f"VALUES ?svc {{ <{url}> }}{sep()}" + clause
        body = rng.choice(_DECOYS) + sep() + clause
        for _ in range(rng.randint(0, 3)):
            body = rng.choice(_WRAPPERS).format(body)
        queries.append(prologue + sep() + rng.choice(_FORMS).format(body))
    return queries
