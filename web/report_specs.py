"""Which analysis reports the UI offers, how each is called, and which columns it shows.

One :class:`ReportSpec` per page under ``/rapporten/<slug>``; the analysis itself lives
in :mod:`kg.analysis` (a report whose module is missing is not offered).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

from web.report_view import Column, Facet, Section

@dataclass(frozen=True)
class ReportSpec:
    slug: str
    title: str
    intro: str
    module: str
    function: str
    #: How the report takes its parameters: ``scenario`` (one), ``future`` (one future scenario and an
    #: organisation), ``pair`` (two scenarios), ``optional`` (a scenario or all) or ``compare`` (all future ones).
    params: str
    sections: tuple[Section, ...]

    def function_or_none(self) -> Callable[..., Any] | None:
        """The analysis function, or None while its module does not exist."""
        try:
            module = importlib.import_module(self.module)
        except ModuleNotFoundError as exc:
            if exc.name == self.module:
                return None
            raise
        return getattr(module, self.function, None)


EVIDENCE = Column("bewijs en bronnen", ("evidence",), "evidence")
CERTAINTY = Column("zekerheid", ("certainty",), "certainty")

REPORTS = (
    ReportSpec(
        "overerving", "Overerving naar het RVT",
        "Welke taken en posities een organisatie (standaard het Regionaal Veiligheidsteam) in een toekomstscenario "
        "draagt, gegroepeerd naar de organisatie waar ze vandaan komen, met de route van overdrachten, de zekerheid, "
        "de wettelijke grondslag van nu en de bepalingen die de oude houder noemen.",
        "kg.analysis.inherit", "inherit", "future",
        (
            Section("Taken en posities", "items", (
                Column("taak of positie", ("item",), "ref"), Column("soort", ("item", "kindLabel")),
                Column("route", ("routes",), "routes"), CERTAINTY, Column("afgeleid door ons", ("inference",)),
                Column("grondslag (nu)", ("legalBasis",), "sources"), Column("te wijzigen", ("amend",), "amend"), EVIDENCE,
            ), group_by=("origins",)),
            Section("Uitgezonderd (blijft bij …)", "excluded", (
                Column("taak of positie", ("item",), "ref"), Column("van", ("origin",), "ref"),
                Column("niet naar", ("notTo",), "ref"), Column("blijft bij", ("staysWith",), "refs"), CERTAINTY,
                Column("grond", ("groundsLabel",)), Column("onze redenering", ("inference",)), EVIDENCE,
            )),
            Section("Overdrachtscycli", "cycles", (
                Column("taak of positie", ("subject",), "ref"), Column("melding", ("message",)), EVIDENCE,
            )),
        ),
    ),
    ReportSpec(
        "overerving-vergelijken", "Overerving per scenario naast elkaar",
        "Elke taak of positie die in een toekomstscenario bij de organisatie terechtkomt, met de houders en de "
        "zekerheid in elk toekomstscenario naast elkaar.",
        "kg.analysis.inherit", "compare", "compare",
        (Section("Taken en posities per scenario", "rows", (
            Column("taak of positie", ("item",), "ref"), Column("herkomst", ("origins",), "refs"),
        )),),
    ),
    ReportSpec(
        "overlap", "Overlap",
        "Kerntaken en posities die in een scenario bij meer dan één organisatie liggen, met de classificatie "
        "gedeeld, legitiem of doublure (de estafette).",
        "kg.analysis.overlaps", "overlaps", "scenario",
        (Section("Overlap", "overlaps", (
            Column("taak of positie", ("subject",), "ref"), Column("rol", ("role",), "ref"),
            Column("houders (via)", ("holders",), "holders"), Column("classificatie", ("classificationLabel",)),
            Column("reden", ("reason",)), EVIDENCE,
        )),),
    ),
    ReportSpec(
        "hiaten", "Hiaten",
        "Wat in een scenario tussen wal en schip valt: kerntaken zonder houder, houders die verdwijnen zonder "
        "opvolger, posities zonder wettelijke grondslag, bepalingen die een verdwenen organisatie noemen, cycli.",
        "kg.analysis.gaps", "gaps", "scenario",
        (Section("Hiaten", "gaps", (
            Column("soort", ("kindLabel",)), Column("taak, positie of bepaling", ("subject",), "ref"),
            Column("houder", ("holder",), "ref"), CERTAINTY, Column("toelichting", ("message",)), EVIDENCE,
        )),),
    ),
    ReportSpec(
        "conflicten", "Conflicten",
        "Regels van checks and balances die een scenario breekt (bijvoorbeeld verzoek en uitvoering bij dezelfde "
        "organisatie), elk met de beleggingen waarop de bevinding rust en de bronnen van de regel.",
        "kg.analysis.conflicts", "conflicts", "scenario",
        (Section("Conflicten", "conflicts", (
            Column("regel", ("rule",), "ref"), Column("geldt voor", ("rule", "scope"), "ref"),
            Column("ernst", ("severityLabel",)), Column("houder", ("holder",), "ref"),
            Column("toelichting", ("message",)), EVIDENCE,
        )),),
    ),
    ReportSpec(
        "scenariovergelijking", "Scenariovergelijking",
        "Wat er van het ene naar het andere scenario verschuift, verschijnt en verdwijnt: per taak of positie de "
        "oude en nieuwe houder, per organisatie wat zij wint en verliest.",
        "kg.analysis.diff", "diff", "pair",
        (
            Section("Veranderingen", "changes", (
                Column("soort", ("kindLabel",)), Column("taak of positie", ("item",), "ref"),
                Column("van", ("from",), "refs"), Column("naar", ("to",), "refs"), CERTAINTY, EVIDENCE,
            )),
            Section("Per organisatie", "organisations", (
                Column("organisatie", ("organisation",), "ref"), Column("status", ("statusLabel",)),
                Column("wint", ("gains",), "refs"), Column("verliest", ("losses",), "refs"),
            )),
        ),
    ),
    ReportSpec(
        "estafette", "Estafette",
        "De route van een gezin langs de kerntaken (signaal → onderzoek → verzoek → besluit → uitvoering) en de "
        "overdrachten tussen organisaties onderweg, per scenario: de estafette die het Toekomstscenario wil beëindigen.",
        "kg.analysis.relay", "relay", "optional",
        (Section("Overdrachten per scenario", "routes", (
            Column("scenario", ("scenario",), "ref"), Column("organisaties", ("organisations",)),
            Column("verschillende overdrachten", ("handoverCount",)), Column("minste", ("minHandovers",)),
            Column("meeste", ("maxHandovers",)),
        )),),
    ),
    ReportSpec(
        "wijzigingen", "Wijzigingstabel voor wetgevingsjuristen",
        "Elke bepaling van de nieuwste geladen wettekst die een organisatie noemt waarvan taken in het scenario "
        "overgaan — ook bepalingen die de graaf verder niet citeert — met de tekst rond de vermelding, wat er overgaat "
        "(overdracht en zekerheid), de soort wijziging (houder vervangen, splitsen, behouden, onduidelijk) en een "
        "concept-wijzigingsopdracht. Per wet, in artikelvolgorde. Filter bijvoorbeeld op 'Jeugdwet splitsen' of "
        "'gecertificeerde instelling'.",
        "kg.analysis.amendments", "amendments", "future",
        (Section("Wijzigingen", "rows", (
            Column("bepaling", ("provision",), "source"), Column("noemt", ("organisation",), "ref"),
            Column("soort wijziging", ("kindLabel",)), CERTAINTY, Column("tekst nu", ("context",)),
            Column("wijzigingsopdracht (concept)", ("instruction",)), Column("reden", ("reason",)), EVIDENCE,
        ), group_by=("regulation",), facets=(
            Facet("wet", "Wet", ("regulation",)), Facet("noemt", "Noemt", ("organisation",)),
            Facet("soort", "Soort wijziging", ("kindLabel",)),
        )),),
    ),
)

#: The columns of one step of a relay route (nested in each route of the relay report).
RELAY_STEPS = Section("Stappen", "steps", (
    Column("stap", ("step",)), Column("kerntaken", ("tasks",), "refs"), Column("houders (via)", ("holders",), "holders"),
))


def available() -> list[ReportSpec]:
    """The reports whose analysis module exists."""
    return [r for r in REPORTS if r.function_or_none() is not None]


def by_slug(slug: str) -> ReportSpec | None:
    return next((r for r in available() if r.slug == slug), None)
