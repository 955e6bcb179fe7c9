"""Commands ``kg laws changed``, ``kg state`` and ``kg import laws``."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import click

from kg.cli import fail, get_store, import_group, main, pass_settings
from kg.config import Settings


@main.group("laws")
def laws_group() -> None:
    """Statute versions: compare what the graph cites with the law in force.

    The texts come from the law folder (../shared/laws or $KG_LAWS) at build time.
    """


@laws_group.command("changed")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True, help="Uitvoervorm.")
@click.option("--as-of", "as_of", metavar="JJJJ-MM-DD", help="Vergelijk met de versie die op deze dag gold (standaard: de nieuwste).")
@pass_settings
def changed(settings: Settings, fmt: str, as_of: str | None) -> None:
    """Every cited provision whose text changed, lapsed or moved since the curated version.

    Per provision: the curated and current version, the first word-level differences, the
    positions and measures resting on it, a suggested new basis where a lapsed provision's
    wording reappears elsewhere, and the curated review (basis updated or kept, and why).
    """
    from kg.cli import _as_of
    from kg.laws.changes import STATUS_LABEL, changed_provisions
    from kg.laws.graph import regulations_for

    store = get_store(settings)
    if as_of:
        store = _as_of(store, as_of)
    if not store.select("SELECT ?v WHERE { ?v a <https://w3id.org/kgb/def#ProvisionVersion> } LIMIT 1"):
        fail("de graaf bevat geen wetsversies: de wettenmap ontbrak bij het bouwen (zet KG_LAWS of ../shared/laws)")
    regulations = regulations_for(settings, store.select("SELECT ?regulation ?day WHERE { ?regulation <https://w3id.org/kgb/def#versionDate> ?day }"))
    changes = changed_provisions(store, regulations)
    if fmt == "json":
        click.echo(json.dumps({"as_of": as_of or "nieuwste versie", "count": len(changes),
                               "provisions": [c.as_dict() for c in changes]}, ensure_ascii=False, indent=1))
        return
    header = ["bepaling", "status", "gecureerd", "nu", "belangrijkste verschil", "rust erop", "voorstel", "toetsing"]
    rows = [[c.label, STATUS_LABEL[c.status],
             c.curated_from or "—", c.current_from or "—",
             "; ".join(f"{d.kind}: {d.old!r} → {d.new!r}" for d in c.differences[:2]),
             str(len(c.resting_on_it)), c.suggested_basis.label if c.suggested_basis else (c.review or {}).get("suggested_label") or "",
             (c.review or {}).get("outcome", "nog niet getoetst")] for c in changes]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(header)
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
        return
    from kg.query import render_table

    click.echo(render_table(header, rows), nl=False)


@main.command("state")
@click.option("--as-of", "--peildatum", "as_of", metavar="JJJJ-MM-DD", help="De peildatum (standaard: vandaag).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="Uitvoervorm: tabel, CSV (de beleggingen) of JSON.")
@pass_settings
def state(settings: Settings, as_of: str | None, fmt: str) -> None:
    """The system on a day: who held which task or power, on which version of the law.

    For every assignment of the current system: whether its legal basis was in force on
    the day (or lapsed, did not exist yet in the loaded history, or no version of the law
    is loaded for that day: then the nearest loaded version is named), the statute version
    per regulation, which scenarios had been drawn up, and the decisions up to the day.
    The holders are today's: the graph records no earlier holders.

    \b
    Examples:
      kg state --as-of 2015-01-01
      kg state --peildatum 2023-07-01 --format json
    """
    from kg.analysis.cli import render
    from kg.laws.asof import parse_day
    from kg.laws.state import state_on

    try:
        day = parse_day(as_of) if as_of else date.today()
    except ValueError as exc:
        fail(str(exc))
    result = state_on(get_store(settings), day)
    if not result.regulations:
        click.echo("let op: de graaf bevat geen wetsversies (de wettenmap ontbrak bij het bouwen); "
                   "de status van de grondslagen is daarom onbekend", err=True)
    click.echo(render(result, fmt), nl=False)


@import_group.command("laws")
@click.option("--bwb", required=True, metavar="BWBR…", help="Het BWB-id van de regeling, bv. BWBR0034925 (Jeugdwet).")
@click.option("--date", "day", metavar="JJJJ-MM-DD", help="De begindatum van de versie (standaard: de nieuwste).")
@click.option("--repository", metavar="URL", help="Basis-URL van de BWB-repository (standaard $KG_BWB_REPOSITORY of de officiële).")
@pass_settings
def import_laws(settings: Settings, bwb: str, day: str | None, repository: str | None) -> None:
    """Fetch one version of a regulation as BWB toestand XML from the official repository.

    The file is validated against the BWB-toestand XSD (from the law folder's bwb-xml/) and
    stored in the build folder (build/laws/), never in the repository; the next `kg build`
    adds its versions to the graph. Needs a network connection (or a file:// repository).
    """
    from kg.laws.asof import parse_day
    from kg.laws.bwbxml import SCHEMA_FILE
    from kg.laws.fetch import FetchError, fetch

    try:
        when: date | None = parse_day(day) if day else None
        version, path = fetch(bwb, when, settings.laws_dir / "bwb-xml" / SCHEMA_FILE, settings.imported_laws_dir, repository)
    except (ValueError, FetchError) as exc:
        fail(str(exc))
    click.echo(f"{version.title or bwb}, versie {version.valid_from.isoformat()}: {len(version.articles)} artikelen, "
               f"gevalideerd tegen het BWB-toestandschema → {path}")
    click.echo("Draai 'kg build' om deze versie aan de graaf toe te voegen.")
