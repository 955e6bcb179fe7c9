"""``kg amendments``: the drafter's amendment table as text, CSV, JSON, Markdown or Word."""

from __future__ import annotations

from pathlib import Path

import click

from kg.analysis.cli import render
from kg.analysis.facts import AnalysisError, Facts
from kg.cli import fail, get_store, main, pass_settings
from kg.config import Settings

FORMATS = ["table", "csv", "json", "md", "docx"]


@main.command()
@click.option("--scenario", "-s", required=True, metavar="SCENARIO",
              help="Toekomstscenario: toekomstscenario-2021 of ontwikkelrichting-2024 (korte naam of IRI).")
@click.option("--to", "organisation", metavar="ORG",
              help="Alleen overdrachten naar deze organisatie (bv. regionaal-veiligheidsteam); standaard alle.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Uitvoervorm: tabel, CSV, JSON (docs/analysis-json.md), Markdown of Word (docx, met --output).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Schrijf naar dit bestand (verplicht bij --format docx).")
@pass_settings
def amendments(settings: Settings, scenario: str, organisation: str | None, fmt: str, output: Path | None) -> None:
    """Which provisions in force must change for a scenario, and how (a drafter's amendment table).

    Every provision of the loaded statute texts (newest version) that names an organisation
    whose tasks move in the scenario — not only the provisions the graph cites — with the
    current wording around the mention, what moves (transfer and certainty), the kind of
    change (houder vervangen, splitsen, behouden, onduidelijk) and a draft instruction in
    the style of an amending act. Grouped per law in article order.

    \b
    Examples:
      kg amendments --scenario ontwikkelrichting-2024
      kg amendments --scenario ontwikkelrichting-2024 --to regionaal-veiligheidsteam --format csv
      kg amendments --scenario toekomstscenario-2021 --format docx --output wijzigingen-2021.docx
    """
    from kg.analysis.amendments import amendments as do_amendments

    if fmt == "docx" and output is None:
        fail("--format docx schrijft een Word-bestand: geef ook --output BESTAND.docx")
    try:
        table = do_amendments(Facts(get_store(settings)), scenario, organisation)
    except AnalysisError as exc:
        fail(str(exc))
    if not table.texts_loaded:
        click.echo("kg: let op: geen wetteksten geladen (map met wetten ontbreekt); alleen bepalingen uit de curatie.",
                   err=True)
    if fmt == "docx":
        from kg.amend.docx import write_docx

        write_docx(table, output)
        click.echo(f"geschreven: {output} ({len(table.rows)} wijzigingen)", err=True)
        return
    text = table.to_markdown() if fmt == "md" else render(table, fmt)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        click.echo(f"geschreven: {output} ({len(table.rows)} wijzigingen)", err=True)
    else:
        click.echo(text, nl=False)
