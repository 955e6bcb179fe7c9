"""``kg serve``: run the web UI and SPARQL endpoint on the configured store."""

from __future__ import annotations

import click

from kg.cli import fail, main, pass_settings
from kg.config import Settings


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres waarop de server luistert.")
@click.option("--port", default=5000, show_default=True, type=int, help="Poort waarop de server luistert.")
@click.option("--no-build", is_flag=True, help="Niet opnieuw bouwen, ook niet als een bron is gewijzigd (gebruik de laatst gebouwde graaf zoals die is).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Aantal serverprocessen (elk met een eigen pool van queryprocessen).")
@click.option("--threads", default=32, show_default=True, type=click.IntRange(1, 256),
              help="Aantal gelijktijdige verzoeken per serverproces.")
@click.option("--debug", is_flag=True, help="Flask-ontwikkelserver in debugmodus (alleen voor ontwikkeling: herlaadt bij wijzigingen).")
@pass_settings
def serve(settings: Settings, host: str, port: int, no_build: bool, workers: int, threads: int, debug: bool) -> None:
    """Serve the web UI, the query editor and the read-only SPARQL endpoint.

    Pages: / (start), /id/… (every entity), /zoeken, /sparql, /ontology, /rapporten,
    /-/stats, /-/validation, /-/version. Runs on gunicorn (``--workers`` processes with
    ``--threads`` threads each); ``--debug`` uses Flask's development server instead.
    Limits per query come from $KG_QUERY_TIMEOUT (seconds), $KG_MAX_ROWS and $KG_MAX_BYTES;
    $KG_QUERY_WORKERS query processes are kept ready per server process, at most
    $KG_MAX_QUERIES queries run at once per server process.
    """
    from kg.build import BuildError
    from kg.store import EmbeddedStore, open_store
    from web import create_app

    try:
        if no_build and settings.backend == "embedded":
            try:
                store = EmbeddedStore.open_built(settings)
            except FileNotFoundError as exc:
                fail(f"{exc} (of laat --no-build weg)")
        else:
            store = open_store(settings)
        app = create_app({"KG_SETTINGS": settings, "KG_STORE": store, "KG_WARM_UP": True})
    except (BuildError, ValueError, OSError) as exc:
        fail(str(exc))
    click.echo(f"kg: server op http://{host}:{port}/ (SPARQL: http://{host}:{port}/sparql); stoppen met Ctrl-C", err=True)
    if debug:
        from web.background import RequestHandler

        app.run(host=host, port=port, debug=True, use_reloader=True, threaded=True, request_handler=RequestHandler)
        return
    from web.server import serve_forever

    serve_forever(app, host, port, workers, threads)
