"""The ``kg`` command: build, validate, query, export and analyse the knowledge graph."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import click

# Only light imports here: `kg --help` and every command pay for them. rdflib, pyoxigraph,
# flask and the analysis libraries load inside the commands that use them.
from kg.config import Settings, load_settings
from kg.errors import EXIT_ERROR, KgError, user_message

pass_settings = click.make_pass_decorator(Settings)
_DEBUG = "kg.debug"


def fail(message: str, code: int = EXIT_ERROR) -> None:
    """Print an error in the house style and exit non-zero."""
    click.echo(f"kg: fout: {message}", err=True)
    sys.exit(code)


def get_store(settings: Settings):
    """Open the configured store, turning setup problems into a clear error."""
    from kg.store import open_store

    try:
        return open_store(settings)
    except (KgError, ValueError, OSError) as exc:
        fail(user_message(exc))


class KgGroup(click.Group):
    """The ``kg`` group: any exception a command raises ends as one Dutch message and exit code 2.

    This is the single place where errors meet the user; ``kg --debug`` re-raises instead,
    so the traceback is shown.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # The reader stopped early (`kg stats | head`): end quietly, as a Unix tool killed by SIGPIPE
            # would; stdout goes to /dev/null so Python's flush at exit does not complain again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(128 + signal.SIGPIPE)
        except Exception as exc:  # noqa: BLE001 - the one place every error becomes a message
            if ctx.meta.get(_DEBUG):
                raise
            fail(user_message(exc))


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.meta[_DEBUG] = value


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, is_eager=True, expose_value=False, callback=_set_debug,
              help="Toon bij een fout de volledige Python-traceback (voor ontwikkelaars).")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help="Map met de gecureerde gegevens (standaard: data/ of $KG_DATA).")
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), help="Map voor de gebouwde graaf (standaard: build/ of $KG_BUILD).")
@click.option("--endpoint", metavar="URL", help="Gebruik een SPARQL 1.1-endpoint in plaats van de ingebouwde opslag.")
@click.version_option(package_name="kgb")
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None, build_dir: Path | None, endpoint: str | None) -> None:
    """Kennisgraaf kind- en gezinsbescherming: wetten, bevoegdheden en organisaties.

    Knowledge graph of Dutch child and family protection. Every command reads the
    graph built from ontology/ and data/ (rebuilt automatically when a source changed),
    or a remote SPARQL endpoint with --endpoint / $KG_ENDPOINT.
    """
    settings = load_settings()
    if data_dir:
        settings = settings.with_(data_dir=data_dir.resolve())
    if build_dir:
        settings = settings.with_(build_dir=build_dir.resolve())
    if endpoint:
        settings = settings.with_(backend="sparql", endpoint=endpoint)
    ctx.obj = settings


@main.command()
@click.option("-q", "--quiet", is_flag=True, help="Alleen fouten tonen.")
@click.option("--force", is_flag=True, help="Ook opnieuw bouwen als er niets is gewijzigd.")
@pass_settings
def build(settings: Settings, quiet: bool, force: bool) -> None:
    """Build the graph from ontology/ and data/ and report counts per class.

    Writes the on-disk store that every command opens, build/graph.nq (export) and
    build/manifest.json (the graph version). Nothing happens when no source changed.
    A syntax error in any file stops the build with the file, line and message;
    the previous build is then left untouched.
    """
    from kg.build import build as do_build
    from kg.namespaces import compact
    from kg.query import render_table

    progress = None if quiet else (lambda msg: click.echo(msg, err=True))
    report = do_build(settings, progress, force=force)
    if quiet:
        return
    rows = [[compact(str(cls)), str(n)] for cls, n in sorted(report.class_counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
            if str(cls).startswith("https://w3id.org/kgb/def#")]
    click.echo(render_table(["klasse", "aantal"], rows), nl=False)
    click.echo(f"{report.quads} quads uit {len(report.sources)} bestanden ({report.derived} afgeleid) → {report.output}")
    if report.cycles or report.orphans:
        click.echo(f"let op: {report.cycles} overdrachtscycli en {report.orphans} taken zonder opvolger (zie kg gaps)", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True, help="Uitvoervorm van het rapport.")
@click.option("--shapes", "shapes_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Andere map met SHACL-vormen.")
@pass_settings
def validate(settings: Settings, fmt: str, shapes_dir: Path | None) -> None:
    """Check the graph against the SHACL shapes in shapes/.

    Exit code 0 when the data conform (warnings allowed), 1 on violations, 2 on errors.
    """
    from kg.validate import load_shapes, validate_graph

    store = get_store(settings)
    try:
        shapes = load_shapes(shapes_dir or settings.shapes_dir)
    except FileNotFoundError as exc:
        fail(str(exc))
    report = validate_graph(store.graph(), shapes)
    if fmt == "turtle":
        click.echo(report.to_graph().serialize(format="turtle"))
    elif fmt == "json":
        click.echo(json.dumps({"conforms": report.conforms, "results": [f.as_dict() for f in report.findings]}, ensure_ascii=False, indent=1))
    else:
        click.echo(report.to_text(), nl=False)
    sys.exit(report.exit_code)


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Lees de query uit een .rq-bestand.")
@click.option("-n", "--name", help="Voer een opgeslagen query uit (zie --list), bv. cq/01-powers-on-jeugdwet-3-2.")
@click.option("--list", "list_only", is_flag=True, help="Toon de opgeslagen queries en stop.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "turtle"]), default="table", show_default=True, help="Uitvoervorm (turtle voor CONSTRUCT/DESCRIBE).")
@click.option("--as-of", "as_of", metavar="JJJJ-MM-DD", help="Peildatum: kgb:inForceVersion wijst naar de wetsversies die op die dag golden (standaard: de nieuwste).")
@pass_settings
def query(settings: Settings, sparql: str | None, query_file: Path | None, name: str | None, list_only: bool, fmt: str,
          as_of: str | None) -> None:
    """Run a SPARQL query given on the command line, in a file, or by name.

    Our prefixes (kgb:, id:, skos:, org:, eli:, prov:, dct:, rdfs:) are added when the
    query declares none. A malformed query prints the parser's message and exits 2.
    With --as-of, ``?provision kgb:inForceVersion ?version`` gives the version in force on
    that day (no version: the provision did not exist yet, as far as the law folder knows).
    """
    from kg.query import format_result, list_queries, load_query, run
    from kg.store import QueryError

    if list_only:
        # Competency questions first: they are the examples users look for.
        for q in sorted(list_queries(), key=lambda q: (not q.name.startswith("cq/"), q.name)):
            click.echo(f"{q.name:45} {q.title}")
        return
    given = [x for x in (sparql, query_file, name) if x]
    if len(given) != 1:
        fail("geef precies één query: als argument, met --file of met --name (zie kg query --help)")
    if name:
        try:
            text = load_query(name).text
        except KeyError as exc:
            fail(exc.args[0])
    elif query_file:
        text = query_file.read_text(encoding="utf-8")
    else:
        text = sparql  # type: ignore[assignment]
    store = get_store(settings)
    if as_of:
        store = _as_of(store, as_of)
    try:
        result = run(store, text)
        click.echo(format_result(result, fmt), nl=False)
    except QueryError as exc:
        fail(f"ongeldige query: {exc}")
    except ValueError as exc:
        fail(str(exc))


def _as_of(store, text: str):
    """The store as of a day (see kg.laws.asof); only the embedded store supports it."""
    from kg.laws.asof import as_of_store, parse_day
    from kg.store import EmbeddedStore

    try:
        day = parse_day(text)
    except ValueError as exc:
        fail(str(exc))
    if not isinstance(store, EmbeddedStore):
        fail("--as-of werkt alleen met de ingebouwde opslag, niet met een extern endpoint")
    from kg.laws.state import missing_versions_note

    note = missing_versions_note(store, day)
    if note:  # e.g. the Jeugdwet before its 2015-01-05 snapshot: say so rather than answer with nothing
        click.echo(f"let op: {note}", err=True)
    return EmbeddedStore(as_of_store(store.ox, day))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "ntriples", "jsonld", "trig"]), default="turtle", show_default=True, help="Serialisatie; trig behoudt de benoemde grafen.")
@click.option("--scenario", help="Alleen dit scenario (bv. huidig, toekomstscenario-2021, ontwikkelrichting-2024).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Schrijf naar dit bestand in plaats van naar stdout.")
@pass_settings
def export(settings: Settings, fmt: str, scenario: str | None, output: Path | None) -> None:
    """Export the whole graph or one scenario."""
    from kg.export import export as do_export

    store = get_store(settings)
    try:
        text = do_export(store, fmt, scenario)
    except ValueError as exc:
        fail(str(exc))
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"geschreven: {output}", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
@pass_settings
def sources(settings: Settings) -> None:
    """Check every citation against ../shared: quotes in seed lines, articles in statute texts.

    Exit code 0 when every citation checks out, 1 when some do not, 2 when the sources
    (../shared/seeds and ../shared/laws, or $KG_SHARED) are missing.
    """
    from kg.sources import check_sources

    store = get_store(settings)
    try:
        result = check_sources(store, settings.shared_dir)
    except FileNotFoundError as exc:
        fail(str(exc))
    for problem in result.problems:
        click.echo(f"  {problem}")
    n = len(result.problems)
    verdict = "alle bronverwijzingen kloppen" if not n else f"{n} {'probleem' if n == 1 else 'problemen'}"
    click.echo(f"{result.excerpts} bronfragmenten en {result.provisions} bepalingen gecontroleerd: {verdict}.")
    sys.exit(1 if result.problems else 0)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def stats(settings: Settings, fmt: str) -> None:
    """Counts of organisations, positions, provisions, … and per scenario."""
    from kg.namespaces import compact
    from kg.query import format_result, load_query, render_table

    store = get_store(settings)
    classes = store.query(load_query("lookup/class-counts").text)
    scenarios = store.query(load_query("lookup/scenario-counts").text)
    versions = store.query(load_query("lookup/regulation-versions").text)
    if fmt == "json":
        click.echo(json.dumps({
            "classes": {compact(str(r["class"])): int(r["n"]) for r in classes.rows},
            "scenarios": {str(r["id"]): {k: int(v) for k, v in r.items() if k != "id"} for r in scenarios.rows},
            "versions": {compact(str(r["regulation"])): {"label": str(r.get("label") or ""), "versions": int(r["versions"]),
                                                          "oldest": str(r["oldest"]), "newest": str(r["newest"])} for r in versions.rows},
        }, indent=1))
        return
    click.echo(render_table(["klasse", "aantal"], [[compact(str(r["class"])), str(r["n"])] for r in classes.rows]))
    click.echo(format_result(scenarios, "table"))
    if versions.rows:
        click.echo("Wetsversies per regeling")
        click.echo(render_table(["regeling", "versies", "oudste", "nieuwste"],
                                [[str(r.get("label") or compact(str(r["regulation"]))), str(r["versions"]), str(r["oldest"]), str(r["newest"])]
                                 for r in versions.rows]), nl=False)
    else:
        click.echo("Geen wetsversies: de wettenmap ontbrak bij het bouwen (zie KG_LAWS).")


@main.command()
@click.option("--store", "store_url", metavar="URL", help="Graph Store Protocol-URL (standaard afgeleid van --endpoint: Oxigraph …/store, Virtuoso …/sparql-graph-crud-auth).")
@click.option("--user", envvar="KG_STORE_USER", help="Gebruiker voor de Graph Store (Virtuoso: dba); ook $KG_STORE_USER.")
@click.option("--password", envvar="KG_STORE_PASSWORD", help="Wachtwoord voor de Graph Store; beter via $KG_STORE_PASSWORD.")
@pass_settings
def load(settings: Settings, store_url: str | None, user: str | None, password: str | None) -> None:
    """Load the built graph into the SPARQL server given with --endpoint.

    Every named graph is replaced through the SPARQL 1.1 Graph Store Protocol; graphs of
    ours that the build no longer has are removed, other graphs are left alone. Then run
    any command with the same --endpoint (or $KG_ENDPOINT).

    \b
    Examples:
      kg --endpoint http://localhost:7878/query load
      kg --endpoint http://localhost:8890/sparql load --user dba
    """
    from kg.builddir import open_read_only
    from kg.build import BuildError, ensure_built
    from kg.load import LoadError, load as do_load

    if not settings.endpoint:
        fail("geef het endpoint van de server met --endpoint URL (of $KG_ENDPOINT)")
    local = settings.with_(backend="embedded")
    try:
        ensure_built(local)
        store, version = open_read_only(local)
        report = do_load(store, settings.endpoint, store_url, user, password, lambda msg: click.echo(msg, err=True))
    except (BuildError, LoadError, OSError, ValueError) as exc:
        fail(str(exc))
    click.echo(f"{report.triples} triples in {report.graphs} grafen geladen (versie {version[:12]})"
               + (f"; {report.removed} verouderde grafen verwijderd" if report.removed else "") + f" → {settings.endpoint}")


@main.group("import")
def import_group() -> None:
    """Import external source files into data/ as RDF with provenance.

    Each importer is a subcommand (e.g. `kg import regions FILE…`); it checks its input,
    reports malformed rows with file and line, and writes nothing when there are any.
    """


def _register_optional_commands() -> None:
    """Commands defined in other modules register themselves on ``main``."""
    import importlib

    for module in ("kg.analysis.cli", "kg.amend.cli", "kg.regions.cli", "kg.laws.cli", "kg.knowledge.cli", "web.cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise


_register_optional_commands()
