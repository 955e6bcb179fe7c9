"""Region pages: which task lies where, per veiligheidsregio and municipality, with a map.

- ``/regio``: a municipality picker (``<datalist>``, works without JavaScript), the 25
  veiligheidsregio's and the map, coloured by ``?kleur=proeftuinen|aantal-proeftuinen``, or by
  who carries a kerntaak: ``?kleur=kerntaak&kerntaak=<nr>&scenario=<id>``;
- ``/regio/zoek?gemeente=…``: finds a municipality by name or code and redirects (303);
- ``/regio/vr/<VRxx>`` and ``/regio/gm/<GMxxxx>``: the carriers of the nine kerntaken
  per scenario and the proeftuinen, as in ``kg where``; ``?format=json|csv`` gives the
  same data as ``kg where --format json|csv``.

The map is drawn server-side from the TopoJSON file in ``Settings.boundaries``
(``KG_BOUNDARIES``); without it the pages work and say the map is unavailable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from kg.regions.output import render, title
from kg.regions.places import MUNICIPALITY, SAFETY_REGION, AmbiguousPlace, Place, PlaceNotFound, name_key
from kg.regions.svgmap import MapRegion, render_svg
from kg.regions.topojson import BoundaryError, Topology, load_topology
from kg.regions.where import LEVEL_INSTANCE, LEVEL_TYPE, NO_CARRIER, CarrierRow, RegionIndex, WhereAnswer, answer
from web.labels import local_path
from web.state import KgState, get_state
from web.wording import CSV_HEADERS_NL

bp = Blueprint("regions", __name__, url_prefix="/regio")

REGION_OBJECT, MUNICIPALITY_OBJECT = "vr_features", "gm_features"
DATA_FORMATS = {"json": "application/json", "csv": "text/csv"}


@dataclass(frozen=True)
class Colouring:
    """One way to colour the map by pilots: a name, a legend and a fill per number of pilots."""

    key: str
    label: str
    legend: tuple[tuple[str, str], ...]  #: (fill, meaning)

    def fill(self, pilots: int) -> str:
        return self.legend[min(pilots, len(self.legend) - 1)][0]


@dataclass(frozen=True)
class Shading:
    """The map's colours: the chosen colouring, its legend, and per veiligheidsregio IRI a fill and a tooltip."""

    key: str
    legend: tuple[tuple[str, str], ...]
    fills: dict[str, tuple[str, str]]


COLOURINGS = {
    "proeftuinen": Colouring("proeftuinen", "wel of geen proeftuin",
                             (("#e3e9ef", "geen proeftuin"), ("#2f6f9f", "een of meer proeftuinen"))),
    "aantal-proeftuinen": Colouring("aantal-proeftuinen", "aantal proeftuinen",
                                    (("#eef2f5", "0"), ("#c6dbef", "1"), ("#6baed6", "2"), ("#2171b5", "3 of meer"))),
}
#: The colouring by who carries a chosen kerntaak in a chosen scenario (``?kerntaak=&scenario=``).
BY_CARRIER = "kerntaak"
#: Fills for the carriers (Okabe-Ito, told apart with colour blindness), and for none.
CARRIER_FILLS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
NO_CARRIER_FILL, OTHER_FILL = "#e3e9ef", "#999999"


def pilot_shading(index: RegionIndex, colouring: Colouring) -> Shading:
    """Each veiligheidsregio coloured by the number of pilots in it."""
    pilots = {region: len(found) for region, found in index.pilots_per_region().items()}
    fills = {p.iri: (colouring.fill(pilots.get(p.iri, 0)), f"{p.name} ({p.code}): {pilots.get(p.iri, 0)} proeftuin(en)")
             for p in index.places if p.kind == SAFETY_REGION}
    return Shading(colouring.key, colouring.legend, fills)


def carrier_kind(row: CarrierRow) -> str:
    """A carrier by organisation (type), saying whether the region has its own unit of that type."""
    if row.carrier is None:
        return NO_CARRIER
    if row.level == LEVEL_INSTANCE and row.type is not None:
        return f"{row.type.label} (eigen eenheid in de regio)"
    if row.level == LEVEL_TYPE:
        per_municipality = (row.note or "").startswith("één per gemeente")
        return f"{row.carrier.label} ({'één per gemeente' if per_municipality else 'geen regionale eenheid in de gegevens'})"
    return row.carrier.label


def carrier_shading(index: RegionIndex, kerntaak: str, scenario: str) -> Shading:
    """Each veiligheidsregio coloured by who carries ``kerntaak`` (IRI) in ``scenario`` (IRI) there (the
    carriers of the kerntaak itself, else of its finer tasks): by organisation (type), and whether the
    region has its own unit of it; the tooltip names the carriers themselves (a region's own RVT)."""
    carriers: dict[str, tuple[str, str]] = {}
    for region, rows in index.region_rows.items():
        here = [r for r in rows if r.kerntaak.iri == kerntaak and r.scenario.iri == scenario and r.carrier is not None]
        here = [r for r in here if not r.via] or here  # who carries the kerntaak itself, else who carries part of it
        kinds = " en ".join(sorted({carrier_kind(r) for r in here}, key=str.casefold))
        names = ", ".join(dict.fromkeys(r.carrier.label for r in here if r.carrier))
        carriers[region] = (kinds, names)
    kinds = sorted({k for k, _ in carriers.values() if k}, key=str.casefold)
    fill = {k: CARRIER_FILLS[i] if i < len(CARRIER_FILLS) else OTHER_FILL for i, k in enumerate(kinds)}
    legend = tuple((fill[k], k) for k in kinds[:len(CARRIER_FILLS)])
    legend += ((OTHER_FILL, "andere dragers"),) if len(kinds) > len(CARRIER_FILLS) else ()
    legend += ((NO_CARRIER_FILL, NO_CARRIER),) if any(not k for k, _ in carriers.values()) else ()
    places = index.by_iri
    fills = {region: (fill.get(kinds_, NO_CARRIER_FILL),
                      f"{places[region].name} ({places[region].code}): {names or NO_CARRIER}")
             for region, (kinds_, names) in carriers.items()}
    return Shading(BY_CARRIER, legend, fills)


def region_index() -> RegionIndex:
    """The region index of the app's store (one graph version), built on first use (or at start-up)."""
    return get_state().regions


def warm_up_variants(state: KgState) -> list[Callable[[], object]]:
    """At start-up (:mod:`web.warmup`): the region index (with every region's carriers) and the map's boundaries."""
    return [lambda: state.regions.region_rows, partial(boundaries, state.settings.boundaries)]


@lru_cache(maxsize=4)
def _topology(path: Path, mtime: float) -> Topology:
    return load_topology(path)


def boundaries(path: Path | None) -> tuple[Topology | None, str | None]:
    """The boundaries in ``path`` (the configured file), or None and the reason the map is unavailable."""
    if path is None:
        return None, "Er is geen grenzenbestand ingesteld (KG_BOUNDARIES)."
    try:
        return _topology(path, path.stat().st_mtime), None
    except OSError:
        return None, f"Het grenzenbestand {path.name} is niet gevonden."
    except BoundaryError as exc:
        return None, f"Het grenzenbestand is onbruikbaar: {exc}"


def href(iri: str) -> str | None:
    """Where an IRI is shown on this site (templates: ``iri|href``)."""
    return local_path(iri)


bp.add_app_template_filter(href, "href")


def source_label(iri: str, fallback: str) -> str:
    """A source by document title, section and lines (seed excerpts), else its own label (templates)."""
    return get_state().labels.excerpt_label(iri) or fallback


bp.add_app_template_filter(source_label, "source_label")


def place_url(place: Place) -> str:
    if place.kind == MUNICIPALITY:
        return url_for("regions.municipality", code=place.code)
    return url_for("regions.safety_region", code=place.code)


def region_map(index: RegionIndex, shading: Shading, current: Place | None = None) -> dict:
    """The map of the veiligheidsregio's (SVG markup) with its legend and colouring choices, or why there is none."""
    topology, unavailable = boundaries(get_state().settings.boundaries)
    if topology is None:
        return {"svg": None, "unavailable": unavailable}
    highlight = current.region if current is not None and current.kind == MUNICIPALITY else current.iri if current else None
    regions = [
        MapRegion(code=p.code, label=p.name, href=place_url(p), fill=shading.fills[p.iri][0],
                  title=shading.fills[p.iri][1], current=p.iri == highlight)
        for p in index.places if p.kind == SAFETY_REGION
    ]
    try:
        shapes = topology.polygons(REGION_OBJECT)
        outline = topology.polygons(MUNICIPALITY_OBJECT).get(current.code) if current and current.kind == MUNICIPALITY else None
        svg = render_svg(shapes, regions, label="Kaart van de veiligheidsregio's, gekleurd naar "
                         + ", ".join(meaning for _, meaning in shading.legend), outline=outline)
    except (BoundaryError, ValueError) as exc:
        return {"svg": None, "unavailable": f"Het grenzenbestand is onbruikbaar: {exc}"}
    kerntaken = sorted(index.kerntaken.items(), key=lambda kv: int(kv[1][0]))
    return {"svg": svg, "unavailable": None, "shading": shading, "colourings": COLOURINGS.values(),
            "by_carrier": BY_CARRIER, "kerntaken": [(notation, index.ref(iri).label) for iri, (notation, _) in kerntaken],
            "scenarios": index.scenarios, "chosen": request.args}


def chosen_shading(index: RegionIndex) -> Shading:
    """The colouring the request asks for (``?kleur=``; by carrier also ``?kerntaak=`` and ``?scenario=``)."""
    key = request.args.get("kleur", "proeftuinen")
    if key == BY_CARRIER:
        kerntaken = {notation: iri for iri, (notation, _) in index.kerntaken.items()}
        scenarios = {s.id: s.iri for s in index.scenarios}
        notation = request.args.get("kerntaak") or min(kerntaken, key=int, default="")
        scenario = request.args.get("scenario") or (index.scenarios[0].id if index.scenarios else "")
        if notation not in kerntaken or scenario not in scenarios:
            abort(Response(f"Onbekende kerntaak {notation!r} of scenario {scenario!r}; kies kerntaak "
                           f"{', '.join(sorted(kerntaken, key=int))} en scenario {', '.join(scenarios)}.\n", 400,
                           {"Content-Type": "text/plain; charset=utf-8"}))
        return carrier_shading(index, kerntaken[notation], scenarios[scenario])
    if key not in COLOURINGS:
        abort(Response(f"Onbekende kleuring {key!r}; kies uit: {', '.join([*COLOURINGS, BY_CARRIER])}.\n", 400,
                       {"Content-Type": "text/plain; charset=utf-8"}))
    return pilot_shading(index, COLOURINGS[key])


def matrix(result: WhereAnswer) -> dict[tuple[str, str], list[CarrierRow]]:
    """Carrier rows by (kerntaak IRI, scenario id), for the kerntaak × scenario table."""
    cells: dict[tuple[str, str], list[CarrierRow]] = defaultdict(list)
    for row in result.rows:
        cells[(row.kerntaak.iri, row.scenario.id)].append(row)
    return cells


def municipalities(places: list[Place]) -> list[Place]:
    """The municipalities, in alphabetical order of their name (ignoring a leading 's-)."""
    return sorted((p for p in places if p.kind == MUNICIPALITY), key=lambda p: name_key(p.name.removeprefix("'s-")))


@bp.get("")
def index():
    regions_ = region_index()
    places = regions_.places
    return render_template(
        "regions/index.html", municipalities=municipalities(places),
        regions=[p for p in places if p.kind == SAFETY_REGION], place_url=place_url,
        pilots={k: len(v) for k, v in regions_.pilots_per_region().items()}, map=region_map(regions_, chosen_shading(regions_)))


@bp.get("/zoek")
def find():
    query = request.args.get("gemeente", "").strip()
    if not query:
        return redirect(url_for("regions.index"), 303)
    try:
        place = region_index().find(query, MUNICIPALITY)
    except (AmbiguousPlace, PlaceNotFound) as exc:
        return render_template("regions/not_found.html", query=query, ambiguous=isinstance(exc, AmbiguousPlace),
                               candidates=exc.candidates, place_url=place_url,
                               municipalities=municipalities(region_index().places)), 404
    return redirect(place_url(place), 303)


def place_page(code: str, kind: str):
    index = region_index()
    place = next((p for p in index.places if p.kind == kind and p.code == code.upper()), None)
    if place is None:
        abort(404)
    result = answer(index, place)
    fmt = request.args.get("format")
    if fmt:
        if fmt not in DATA_FORMATS:
            abort(Response(f"Onbekend formaat {fmt!r}; kies uit: {', '.join(DATA_FORMATS)}.\n", 400,
                           {"Content-Type": "text/plain; charset=utf-8"}))
        body = render(result, fmt)
        if fmt == "csv":  # Dutch column names and a byte order mark (Excel reads UTF-8), named after the place
            header, _, rest = body.partition("\n")
            body = "\ufeff" + ",".join(CSV_HEADERS_NL.get(h, h) for h in header.split(",")) + "\n" + rest
            return Response(body, mimetype=DATA_FORMATS[fmt],
                            headers={"Content-Disposition": f'attachment; filename="regio-{place.code}.csv"'})
        return Response(body, mimetype=DATA_FORMATS[fmt])
    return render_template("regions/place.html", result=result, heading=title(result), cells=matrix(result),
                           kerntaken=list({r.kerntaak.iri: r for r in result.rows}.values()),
                           place_url=place_url, map=region_map(index, chosen_shading(index), place))


@bp.get("/vr/<code>")
def safety_region(code: str):
    return place_page(code, SAFETY_REGION)


@bp.get("/gm/<code>")
def municipality(code: str):
    return place_page(code, MUNICIPALITY)
