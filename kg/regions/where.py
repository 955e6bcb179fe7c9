"""Which task lies where: the carriers of the nine kerntaken for one place, per scenario.

:class:`RegionIndex` loads, once, what the answer needs from the built graph (named
queries in ``kg/queries/regions/``). :func:`answer` then computes, for a municipality
or veiligheidsregio:

- for each kerntaak and scenario, the organisations that carry it (assignments on the
  kerntaak or on a finer task or position under it). An organisation type is resolved
  to its regional instance for this place when one exists in that scenario (this
  municipality's lokaal team; the RVT of its veiligheidsregio), else shown as the type;
- the proeftuinen active there: in this municipality, in its veiligheidsregio, or (for
  a veiligheidsregio) in one of its municipalities.

Every row carries its sources (seed excerpts, provisions, the region file, the rule).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import URIRef
from rdflib.term import Literal, Node

from kg.inheritance import weakest
from kg.namespaces import KGB
from kg.query import load_query
from kg.regions.places import MUNICIPALITY, SAFETY_REGION, Place, find_place, official
from kg.store import Store

LEVEL_INSTANCE = "regionale eenheid"
LEVEL_TYPE = "organisatietype"
LEVEL_ORGANISATION = "organisatie"
NO_CARRIER = "geen drager in de gegevens"


@dataclass(frozen=True)
class Ref:
    """A resource shown by name."""

    iri: str
    label: str


@dataclass(frozen=True)
class Scenario:
    iri: str
    id: str
    label: str


@dataclass
class Instance:
    """A regional instance of an organisation type for one region."""

    ref: Ref
    scenarios: set[str]  #: empty: exists wherever its type exists
    certainty: str | None
    sources: set[str]

    def exists_in(self, scenario: str) -> bool:
        return not self.scenarios or scenario in self.scenarios


@dataclass
class CarrierFact:
    """One assignment of a task or position under a kerntaak."""

    kerntaak: str
    scenario: str
    holder: str
    holder_is_type: bool
    item: str
    certainty: str | None
    sources: set[str] = field(default_factory=set)


@dataclass
class PilotInfo:
    ref: Ref
    testing_region: bool
    areas: set[str] = field(default_factory=set)
    tranche: int | None = None
    start: str | None = None
    tries_out: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class CarrierRow:
    """Who carries a kerntaak in a scenario for the place: one row per carrier."""

    kerntaak: Ref
    notation: str
    scenario: Scenario
    carrier: Ref | None  #: None: no assignment in the data
    level: str | None  #: LEVEL_INSTANCE, LEVEL_TYPE or LEVEL_ORGANISATION
    type: Ref | None  #: the organisation type, when the carrier is its regional instance
    via: tuple[Ref, ...]  #: the finer tasks or positions through which it carries the kerntaak
    certainty: Ref | None
    sources: tuple[Ref, ...]  #: why the carrier (type) carries the kerntaak
    instance_sources: tuple[Ref, ...] = ()  #: why there is this regional instance (rule, region file)
    note: str | None = None

    @property
    def all_sources(self) -> tuple[Ref, ...]:
        return self.sources + self.instance_sources


@dataclass(frozen=True)
class PilotRow:
    """A proeftuin active at the place."""

    pilot: Ref
    kind: str
    scope: str  #: where, relative to the place
    tranche: int | None
    start: str | None
    tries_out: tuple[Ref, ...]
    sources: tuple[Ref, ...]


@dataclass
class WhereAnswer:
    place: Place
    region: Place | None  #: the veiligheidsregio of a municipality
    municipalities: list[Place]  #: the municipalities of a veiligheidsregio
    scenarios: list[Scenario]
    rows: list[CarrierRow]
    pilots: list[PilotRow]


def _source_key(iri: str) -> tuple:
    """Sort sources readably: seed excerpts by document and line, the rest by IRI."""
    match = re.search(r"/seed/([^/]+)/L(\d+)-L(\d+)$", iri)
    if match:
        return (0, match.group(1), int(match.group(2)), int(match.group(3)))
    return (1, iri, 0, 0)


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


class RegionIndex:
    """Places, scenarios, carriers, regional instances and pilots from one store."""

    def __init__(self, store: Store) -> None:
        def rows(name: str) -> list[dict[str, Node]]:
            return store.select(load_query(f"regions/{name}").text)

        self.labels: dict[str, str] = {}
        for r in rows("labels"):
            self.labels.setdefault(str(r["resource"]), str(r["label"]))
        self.places = [
            official(Place(iri=str(r["place"]), kind=MUNICIPALITY if r["type"] == KGB.Municipality else SAFETY_REGION,
                  code=str(r["code"]), name=str(r["name"]), region=_text(r.get("region"))))
            for r in rows("places")
        ]
        self.by_iri = {p.iri: p for p in self.places}
        self.scenarios = [Scenario(str(r["scenario"]), str(r["id"]), str(r.get("label") or r["id"])) for r in rows("scenarios")]
        self.kerntaken: dict[str, tuple[str, set[str]]] = {}
        for r in rows("kerntaken"):
            notation, sources = self.kerntaken.setdefault(str(r["kerntaak"]), (str(r["notation"]), set()))
            if "source" in r:
                sources.add(str(r["source"]))
        self.facts: dict[str, CarrierFact] = {}
        for r in rows("kerntaak-carriers"):
            key = f"{r['kerntaak']} {r['assignment']}"
            fact = self.facts.get(key)
            if fact is None:
                fact = self.facts[key] = CarrierFact(
                    kerntaak=str(r["kerntaak"]), scenario=str(r["scenario"]), holder=str(r["holder"]),
                    holder_is_type=bool(r["holderIsType"].toPython()) if isinstance(r.get("holderIsType"), Literal) else False,
                    item=str(r["item"]), certainty=_text(r.get("certainty")))
            if "source" in r:
                fact.sources.add(str(r["source"]))
        self.instances: dict[tuple[str, str], list[Instance]] = defaultdict(list)
        seen: dict[str, Instance] = {}
        for r in rows("regional-instances"):
            iri = str(r["instance"])
            instance = seen.get(iri)
            if instance is None:
                instance = seen[iri] = Instance(self.ref(iri), set(), _text(r.get("certainty")), set())
                self.instances[(str(r["type"]), str(r["region"]))].append(instance)
            if "scenario" in r:
                instance.scenarios.add(str(r["scenario"]))
            if "source" in r:
                instance.sources.add(str(r["source"]))
        self.pilots: dict[str, PilotInfo] = {}
        for r in rows("pilots"):
            iri = str(r["pilot"])
            pilot = self.pilots.setdefault(iri, PilotInfo(self.ref(iri), bool(r["testingRegion"].toPython())))
            if "area" in r:
                pilot.areas.add(str(r["area"]))
            if "tranche" in r:
                pilot.tranche = int(r["tranche"])
            if "start" in r:
                pilot.start = str(r["start"])
            if "triesOut" in r:
                pilot.tries_out.add(str(r["triesOut"]))
            if "source" in r:
                pilot.sources.add(str(r["source"]))

    def ref(self, iri: str) -> Ref:
        """The resource with its Dutch name (its last IRI segment when it has none)."""
        return Ref(iri, self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1])

    def refs(self, iris: set[str]) -> tuple[Ref, ...]:
        return tuple(self.ref(i) for i in sorted(iris, key=_source_key))

    def find(self, query: str, kind: str) -> Place:
        """The municipality or veiligheidsregio named or coded ``query`` (see :func:`find_place`)."""
        return find_place(self.places, query, kind)

    def municipalities_of(self, region: Place) -> list[Place]:
        return sorted((p for p in self.places if p.region == region.iri), key=lambda p: p.name)

    @cached_property
    def holders(self) -> dict[tuple[str, str], dict[str, list[CarrierFact]]]:
        """The carrier facts by (kerntaak, scenario) and holder: the same for every place, so grouped once."""
        grouped: dict[tuple[str, str], dict[str, list[CarrierFact]]] = defaultdict(lambda: defaultdict(list))
        for fact in self.facts.values():
            grouped[(fact.kerntaak, fact.scenario)][fact.holder].append(fact)
        return grouped

    @cached_property
    def region_rows(self) -> dict[str, list[CarrierRow]]:
        """Per veiligheidsregio IRI, its carrier rows (as on its page): the map by kerntaak reads them all."""
        return {p.iri: _carrier_rows(self, p, None) for p in self.places if p.kind == SAFETY_REGION}

    def pilots_per_region(self) -> dict[str, list[PilotInfo]]:
        """Per veiligheidsregio IRI, the pilots in it or in one of its municipalities."""
        result: dict[str, list[PilotInfo]] = defaultdict(list)
        for pilot in self.pilots.values():
            regions = {self.by_iri[a].region if self.by_iri[a].kind == MUNICIPALITY else a
                       for a in pilot.areas if a in self.by_iri}
            for region in regions:
                if region:
                    result[region].append(pilot)
        return result


def _carrier_rows(index: RegionIndex, place: Place, region: Place | None) -> list[CarrierRow]:
    served = [p.iri for p in (place, region) if p is not None]
    members = {m.iri for m in index.municipalities_of(place)} if place.kind == SAFETY_REGION else set()
    per_municipality = {type_ for (type_, region_iri) in index.instances if region_iri in members}
    grouped = index.holders
    rows = []
    for kerntaak, (notation, kerntaak_sources) in sorted(index.kerntaken.items(), key=lambda kv: int(kv[1][0])):
        for scenario in index.scenarios:
            holders = grouped.get((kerntaak, scenario.iri), {})
            if not holders:
                rows.append(CarrierRow(index.ref(kerntaak), notation, scenario, carrier=None, level=None, type=None,
                                       via=(), certainty=None, sources=index.refs(kerntaak_sources), note=NO_CARRIER))
                continue
            for holder, facts in sorted(holders.items(), key=lambda kv: index.ref(kv[0]).label.casefold()):
                certainties = [f.certainty for f in facts if f.certainty]
                carrier, level, type_, note = index.ref(holder), LEVEL_ORGANISATION, None, None
                instance_sources: set[str] = set()
                if facts[0].holder_is_type:
                    level = LEVEL_TYPE
                    here = [i for region_iri in served for i in index.instances.get((holder, region_iri), [])]
                    now = [i for i in here if i.exists_in(scenario.iri)]
                    if now:
                        carrier, level, type_ = now[0].ref, LEVEL_INSTANCE, index.ref(holder)
                        instance_sources = now[0].sources
                        certainties += [now[0].certainty] if now[0].certainty else []
                    elif here:
                        note = "in dit scenario geen eenheid per regio"
                    elif holder in per_municipality:
                        note = f"één per gemeente ({len(members)} gemeenten)"
                certainty = weakest([URIRef(c) for c in certainties]) if certainties else None
                rows.append(CarrierRow(
                    kerntaak=index.ref(kerntaak), notation=notation, scenario=scenario, carrier=carrier, level=level,
                    type=type_, via=index.refs({f.item for f in facts} - {kerntaak}),
                    certainty=index.ref(str(certainty)) if certainty else None,
                    sources=index.refs(set().union(*(f.sources for f in facts))),
                    instance_sources=index.refs(instance_sources), note=note))
    return rows


def _pilot_rows(index: RegionIndex, place: Place, region: Place | None) -> list[PilotRow]:
    rows = []
    members = {m.iri: m for m in index.municipalities_of(place)} if place.kind == SAFETY_REGION else {}
    for pilot in sorted(index.pilots.values(), key=lambda p: p.ref.label.casefold()):
        scopes = []
        if place.iri in pilot.areas:
            scopes.append(f"in deze {place.kind}")
        if region is not None and region.iri in pilot.areas:
            scopes.append(f"in veiligheidsregio {region.name}")
        scopes += [f"in gemeente {members[a].name}" for a in sorted(pilot.areas & set(members), key=lambda a: members[a].name)]
        if scopes:
            rows.append(PilotRow(
                pilot=pilot.ref, kind="beproevende regio" if pilot.testing_region else "proeftuin",
                scope="; ".join(scopes), tranche=pilot.tranche, start=pilot.start,
                tries_out=index.refs(pilot.tries_out), sources=index.refs(pilot.sources)))
    return rows


def answer(index: RegionIndex, place: Place) -> WhereAnswer:
    """Carriers of the kerntaken and active pilots for ``place``."""
    region = index.by_iri.get(place.region) if place.region else None
    return WhereAnswer(
        place=place, region=region,
        municipalities=index.municipalities_of(place) if place.kind == SAFETY_REGION else [],
        scenarios=index.scenarios, rows=_carrier_rows(index, place, region), pilots=_pilot_rows(index, place, region))
