"""The baseline for bench/endpoint.py: a minimal SPARQL endpoint, Flask over pyoxigraph or rdflib.

No limits, no content negotiation, no guard: what a 40-line endpoint over the same
engine gives. Run by the benchmark as

    python bench/minimal_endpoint.py oxigraph|rdflib GRAPH.nq PORT
"""

from __future__ import annotations

import sys
from typing import Callable

from flask import Flask, Response, request


def make_app(engine: str, path: str) -> Flask:
    """A Flask app answering ``/sparql?query=`` with SPARQL JSON from ``engine`` over the N-Quads file ``path``."""
    run: Callable[[str], bytes]
    if engine == "oxigraph":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)

        def run(query: str) -> bytes:
            return store.query(query, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
    else:
        from rdflib import Dataset

        dataset = Dataset(default_union=True)
        dataset.parse(path, format="nquads")

        def run(query: str) -> bytes:
            return dataset.query(query).serialize(format="json")

    app = Flask(__name__)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        try:
            body = run(request.values.get("query", ""))
        except Exception as exc:  # noqa: BLE001 - a baseline: any failure is the client's 400
            return Response(str(exc), 400, mimetype="text/plain")
        return Response(body, mimetype="application/sparql-results+json")

    return app


if __name__ == "__main__":
    engine_name, graph_path, port = sys.argv[1:4]
    make_app(engine_name, graph_path).run(host="127.0.0.1", port=int(port), threaded=True)
