"""The web UI and SPARQL endpoint: ``create_app(config)`` builds a Flask app on the graph.

URLs (Dutch UI; every page has a stable URL and a title):

- ``/`` start page; ``/zoeken?q=`` search; ``/klasse/<Class>`` all instances of ``kgb:<Class>``;
- ``/id/<rest>`` the page of ``https://w3id.org/kgb/id/<rest>``; the same URL gives Turtle,
  JSON-LD, N-Triples or RDF/XML by Accept header or ``?format=ttl|jsonld|nt|rdfxml``;
  ``/resource?uri=<IRI>`` redirects (303) there, and ``kgb:`` terms to ``/ontology#<term>``;
- ``/sparql`` the read-only SPARQL 1.1 endpoint and query editor (:mod:`web.sparql`);
- ``/rapporten/…`` the analysis reports, ``/graaf/<rest>`` an actor's neighbourhood graph;
- ``/ontology`` the ontology documentation (``/def`` redirects there); ``/regels`` the rules (SHACL shapes);
- ``/-/stats``, ``/-/validation``, ``/-/version`` (also ``?format=json``);
- ``/regio`` the regions, when :mod:`web.regions` is there;
- ``/spanningen`` the tensions and ``/tijdlijn`` the timeline (:mod:`web.knowledge`).

Configuration: defaults, then the mapping given to :func:`create_app`. Keys:

- ``KG_SETTINGS``: a :class:`kg.config.Settings` (default: :func:`kg.config.load_settings`);
- ``KG_STORE``: an already opened :class:`kg.store.Store` (tests share one);
- ``KG_SLOW_WAIT``: seconds a request waits for a slow result (validation, analyses) before
  it answers 202 "still computing" (default :data:`web.slow.WAIT_SECONDS`);
- ``KG_WARM_UP``: compute those slow results in the background at start-up (:mod:`web.warmup`;
  ``kg serve`` turns it on; ``"defaults"``: only for the pages' default parameters; default off,
  so a test or a script pays only for what it asks);
- ``TESTING``: Flask's testing flag.

The store is opened (and built when a source changed) once, here; the graph
snapshot, labels and search index live in ``app.extensions["kg"]`` (:class:`web.state.KgState`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # flask and the store load in create_app, not when `kg --help` imports web.cli
    from flask import Flask

#: Sent with every response: no MIME sniffing (user input echoed in a text/plain error stays
#: text), no framing by other sites, no full URL (with its query) in the Referer to others,
#: scripts and connections only to us (styles may be inline: the map colours its legend).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
                               "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
}

#: Blueprint modules, registered in this order.
BLUEPRINTS = ("web.browse", "web.sparql", "web.meta", "web.rules", "web.graphs", "web.reports", "web.regions", "web.knowledge")
#: Optional blueprints, skipped while they (or the package they show) do not exist.
OPTIONAL_BLUEPRINTS = {"web.reports": {"web.reports", "kg.analysis"}, "web.regions": {"web.regions", "kg.regions"}}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings → store (opened once) → state → blueprints and error pages."""
    from flask import Flask

    from kg.config import load_settings
    from kg.store import open_store
    from web import warmup
    from web.state import KgState

    app = Flask(__name__)
    app.config.from_mapping(TESTING=False, JSON_AS_ASCII=False)
    if config:
        app.config.from_mapping(config)
    settings = app.config.get("KG_SETTINGS") or load_settings()
    store = app.config.get("KG_STORE") or open_store(settings)
    state = app.extensions["kg"] = KgState.load(settings, store)
    state.slow.wait = float(app.config.get("KG_SLOW_WAIT", state.slow.wait))
    for module_name in BLUEPRINTS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name in OPTIONAL_BLUEPRINTS.get(module_name, ()):
                continue
            raise
        app.register_blueprint(module.bp)
    _register_error_pages(app)
    if app.config.get("KG_WARM_UP", False):
        warmup.start(app)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.context_processor
    def navigation() -> dict[str, Any]:
        return {"nav_regions": "regions" in app.blueprints, "nav_reports": "reports" in app.blueprints}

    return app


def _register_error_pages(app: Flask) -> None:
    """404 offers search; 500 never shows a stack trace; 4xx data requests get a text body."""
    from flask import render_template, request

    def page(status: int, title: str, message: str):
        if request.accept_mimetypes.best == "text/html" or request.accept_mimetypes.accept_html:
            return render_template("error.html", status=status, title=title, message=message,
                                   query=request.path.rsplit("/", 1)[-1].replace("-", " ")), status
        return f"{title}: {message}\n", status, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(404)
    def not_found(_exc):
        return page(404, "Niet gevonden", "Deze pagina of IRI bestaat niet in de kennisgraaf.")

    @app.errorhandler(405)
    def not_allowed(_exc):
        return page(405, "Methode niet toegestaan", f"{request.method} is hier niet toegestaan.")

    @app.errorhandler(500)
    def server_error(_exc):  # Flask has already logged the exception with its trace
        return page(500, "Interne fout", "Er ging iets mis bij het maken van deze pagina. De fout is gelogd.")
