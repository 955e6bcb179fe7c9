"""The analysis commands on the ``kg`` group: inherit, overlaps, gaps, conflicts, diff, relay.

Each command loads :class:`~kg.analysis.facts.Facts` from the configured store, calls one
function of :mod:`kg.analysis` and prints its result as a table, CSV (the first table)
or JSON (schema: docs/analysis-json.md). Unknown scenario or organisation names exit 2
with the known names.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from kg.cli import fail, get_store, main, pass_settings
from kg.config import Settings

if TYPE_CHECKING:  # the analysis modules load only when a command runs (keeps `kg --help` fast)
    from kg.analysis.facts import Facts
    from kg.analysis.model import Table

format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
    help="Uitvoervorm: tabel, CSV (de eerste tabel) of JSON (schema: docs/analysis-json.md).")
scenario_option = click.option(
    "--scenario", "-s", required=True, metavar="SCENARIO",
    help="Scenario: huidig, toekomstscenario-2021, ontwikkelrichting-2024 (korte naam of IRI).")


def render(result: Any, fmt: str) -> str:
    """A result as JSON, as CSV (its first table) or as text tables."""
    if fmt == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"
    tables = result.tables()
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(tables[0].headers)
        writer.writerows(tables[0].rows)
        return buf.getvalue()
    return "\n".join(_text_table(t) for t in tables)


def _text_table(table: Table) -> str:
    """A table as text; the notes column becomes numbered notes below it."""
    from kg.query import render_table

    if table.notes is None:
        return f"{table.title}\n{render_table(table.headers, table.rows)}"
    column = table.headers.index(table.notes)
    rows = [r[:column] + [f"[{n}]"] + r[column + 1:] for n, r in enumerate(table.rows, 1)]
    notes = "".join(f"[{n}] {r[column]}\n" for n, r in enumerate(table.rows, 1))
    return f"{table.title}\n{render_table(table.headers, rows)}{notes}"


def run(settings: Settings, fmt: str, analysis: Callable[[Facts], Any]) -> Any:
    """Load the facts, run one analysis, print it; analysis errors exit 2 with their message."""
    from kg.analysis.facts import AnalysisError, Facts

    facts = Facts.of(get_store(settings))
    try:
        result = analysis(facts)
    except AnalysisError as exc:
        fail(str(exc))
    if fmt == "json":
        from kg.analysis.tensions import link

        # overlaps, gaps and conflicts: each finding names the tensions it evidences
        click.echo(json.dumps(link(result.to_dict(), facts), ensure_ascii=False, indent=1) + "\n", nl=False)
    else:
        click.echo(render(result, fmt), nl=False)
    return result


@main.command()
@click.option("--scenario", "-s", "scenarios", multiple=True, metavar="SCENARIO",
              help="Scenario; twee of meer keer opgegeven: de antwoorden naast elkaar.")
@click.option("--to", "organisation", metavar="ORG",
              help="Organisatie (korte naam, label of IRI); standaard de organisatie waar de overdrachten van het scenario naartoe gaan (het RVT).")
@click.option("--compare", is_flag=True, help="Zet alle toekomstscenario's naast elkaar (of de scenario's van --scenario).")
@click.option("--from", "origin", metavar="ORG", help="Alleen wat van deze organisatie komt, bv. raad-voor-de-kinderbescherming (bij vergelijken: alles wat zij nu draagt).")
@format_option
@pass_settings
def inherit(settings: Settings, scenarios: tuple[str, ...], organisation: str | None, compare: bool,
            origin: str | None, fmt: str) -> None:
    """Which tasks and positions would an organisation hold in a scenario, and from whom?

    For each item: where it comes from (VT, GI, RvdK, …), the chain of transfers, the
    certainty (besloten / verwacht / nader te bepalen), the legal basis today and the
    provisions that name the old holder and would need amending. Items a transfer
    explicitly excludes are listed as "blijft bij …".

    \b
    Examples:
      kg inherit --scenario ontwikkelrichting-2024
      kg inherit --scenario toekomstscenario-2021 --to regionaal-veiligheidsteam --format json
      kg inherit --scenario ontwikkelrichting-2024 --from raad-voor-de-kinderbescherming
      kg inherit --compare --from raad-voor-de-kinderbescherming
    """
    from kg.analysis.inherit import compare as do_compare, inherit as do_inherit

    if compare or len(scenarios) > 1:
        run(settings, fmt, lambda f: do_compare(f, list(scenarios) or None, organisation, origin))
    elif not scenarios:
        fail("geef een scenario met --scenario, of vergelijk scenario's met --compare")
    else:
        run(settings, fmt, lambda f: do_inherit(f, scenarios[0], organisation, origin))


@main.command()
@scenario_option
@format_option
@pass_settings
def overlaps(settings: Settings, scenario: str, fmt: str) -> None:
    """Kerntaken and positions held by more than one organisation in a scenario.

    Each overlap is classified: gedeeld (the source marks it shared), legitiem
    (different measures or different judges) or doublure (several organisations doing
    the same work: the estafette).

    \b
    Example:
      kg overlaps --scenario huidig
    """
    from kg.analysis.overlaps import overlaps as do_overlaps

    run(settings, fmt, lambda f: do_overlaps(f, scenario))


@main.command()
@scenario_option
@format_option
@pass_settings
def gaps(settings: Settings, scenario: str, fmt: str) -> None:
    """What falls between the cracks in a scenario.

    Kerntaken without a holder, tasks and positions whose holder disappears without a
    successor, positions without a legal basis yet, provisions that name an organisation
    that no longer exists in the scenario, and transfer cycles.

    \b
    Example:
      kg gaps --scenario toekomstscenario-2021
    """
    from kg.analysis.gaps import gaps as do_gaps

    run(settings, fmt, lambda f: do_gaps(f, scenario))


@main.command()
@click.argument("first", metavar="S1")
@click.argument("second", metavar="S2")
@format_option
@pass_settings
def diff(settings: Settings, first: str, second: str, fmt: str) -> None:
    """What moves, appears and disappears from scenario S1 to scenario S2.

    Per task and position: old holder → new holder; per organisation: what it gains and
    loses, and whether it appears or disappears as a holder.

    \b
    Example:
      kg diff toekomstscenario-2021 ontwikkelrichting-2024
    """
    from kg.analysis.diff import diff as do_diff

    run(settings, fmt, lambda f: do_diff(f, first, second))


@main.command()
@click.option("--scenario", "-s", "scenarios", multiple=True, metavar="SCENARIO",
              help="Scenario (meer keer toegestaan); standaard alle scenario's.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Schrijf de graaf naar FILE.graphml (GraphML) of FILE.json (node-link JSON).")
@format_option
@pass_settings
def relay(settings: Settings, scenarios: tuple[str, ...], output: Path | None, fmt: str) -> None:
    """A family's route through the kerntaken and the hand-overs between organisations.

    Steps follow kgb:stepInRoute (signaal → onderzoek → verzoek → besluit → uitvoering);
    per scenario the number of distinct hand-overs and the fewest and most a family can
    meet: the estafette the Toekomstscenario wants to end.

    \b
    Examples:
      kg relay
      kg relay --scenario huidig --output relay.graphml
    """
    from kg.analysis.relay import GRAPH_SUFFIXES, relay as do_relay

    if output and output.suffix not in GRAPH_SUFFIXES:
        fail(f"onbekend bestandstype {output.suffix!r} voor {output}: gebruik .graphml of .json")
    report = run(settings, fmt, lambda f: do_relay(f, list(scenarios) or None))
    if output:
        report.write(output)
        click.echo(f"geschreven: {output}", err=True)


@main.command()
@scenario_option
@click.option("--no-reasoner", is_flag=True, help="Sla de OWL-controle met HermiT over (sneller; geen Java nodig).")
@format_option
@pass_settings
def conflicts(settings: Settings, scenario: str, no_reasoner: bool, fmt: str) -> None:
    """Checks and balances that a scenario breaks.

    SHACL rules (shapes/analysis/) flag, per organisation: requesting and executing the
    same measure without independent review; executing measures while providing
    jeugdhulp (Jeugdwet art. 3.2 lid 2, experiment art. 12.1); exclusive powers that
    would move to a successor; administrative and civil legal protection in one body;
    toetsing en tegenspraak by the requesting body. HermiT (OWL, via owlready2) checks
    that no organisation is both requester and independent reviewer, or executor and
    decider, of one measure. Without Java the OWL part is skipped (exit code unaffected).

    \b
    Example:
      kg conflicts --scenario toekomstscenario-2021
    """
    from kg.analysis.conflicts import conflicts as do_conflicts

    run(settings, fmt, lambda f: do_conflicts(f, scenario, reasoner=not no_reasoner))
