"""The commands for the knowledge the sweep added: ``kg ledger``, ``kg tensions``, ``kg timeline``."""

from __future__ import annotations

import sys

import click

from kg.cli import fail, get_store, main, pass_settings
from kg.config import Settings


@main.command()
@pass_settings
def ledger(settings: Settings) -> None:
    """Check the coverage ledger (docs/coverage-ledger.md) and print its figures.

    Every row must name existing seed lines that contain its fragment, and either IRIs
    that exist in the graph or a reason why the thing is out of scope. Exit code 1 when
    a row does not check out, 2 when the seeds (../shared) are missing.
    """
    from kg.knowledge.ledger import LedgerError, check, coverage, parse

    if not settings.seeds_dir.is_dir():
        fail(f"brondocumenten niet gevonden: {settings.seeds_dir}")
    try:
        rows = parse()
    except LedgerError as exc:
        fail(str(exc))
    known = {str(r["s"]) for r in get_store(settings).select("SELECT DISTINCT ?s WHERE { ?s a ?type }")}
    problems = check(rows, settings.seeds_dir, known)
    for problem in problems:
        click.echo(f"  {problem}")
    click.echo(coverage(rows).summary())
    sys.exit(1 if problems else 0)


@main.command()
@click.option("--scenario", "-s", metavar="SCENARIO",
              help="Alleen spanningen in dit scenario: huidig, toekomstscenario-2021, ontwikkelrichting-2024.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="Uitvoervorm: tabel, CSV (de eerste tabel) of JSON.")
@pass_settings
def tensions(settings: Settings, scenario: str | None, fmt: str) -> None:
    """The tensions the sources name or the curators infer, with their status.

    Status: benoemd door bron, gestaafd door analyse (a finding of kg overlaps, gaps or
    conflicts evidences it), both, or afleiding curator. The second table lists the
    evidencing findings. Runs the analyses the tensions name, so it takes a while.

    \b
    Examples:
      kg tensions
      kg tensions --scenario ontwikkelrichting-2024 --format json
    """
    from kg.analysis.cli import run
    from kg.analysis.tensions import tensions as do_tensions

    run(settings, fmt, lambda facts: do_tensions(facts, scenario, progress=lambda m: click.echo(m, err=True)))


@main.command()
@click.option("--before", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="JJJJ-MM-DD",
              help="Alleen wat vóór deze dag valt (op de vroegste dag die de datum toelaat).")
@click.option("--after", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="JJJJ-MM-DD",
              help="Alleen wat op of na deze dag valt.")
@click.option("--decisions", is_flag=True, help="Alleen besluiten, geen mijlpalen.")
@click.option("--no-planned", is_flag=True, help="Zonder wat de bron als gepland of voorzien noemt.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="Uitvoervorm: tabel, CSV of JSON.")
@pass_settings
def timeline(settings: Settings, before, after, decisions: bool, no_planned: bool, fmt: str) -> None:
    """Decisions and milestones in date order: who decided what, when, and the source.

    \b
    Examples:
      kg timeline --before 2025-01-01 --decisions
      kg timeline --after 2026-01-01 --format json
    """
    from kg.analysis.cli import run
    from kg.knowledge.timeline import timeline as do_timeline

    run(settings, fmt, lambda facts: do_timeline(
        facts, before.date() if before else None, after.date() if after else None, decisions, not no_planned))
