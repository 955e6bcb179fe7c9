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
