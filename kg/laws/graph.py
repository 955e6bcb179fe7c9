"""Statute versions in the graph, ELI-style: works, expressions, and which one is in force.

For every provision the graph mentions (the ELI work, IRI ``id/bwb/{BWB}/artikel/{n}/…``)
and every regulation in ``data/legislation``, the build adds from the law folder:

- ``{work}/versie/{date}`` — a ``kgb:ProvisionVersion`` (``eli:LegalExpression``) per span of
  regulation versions in which the provision's text stays the same (identical text in
  consecutive versions is stored once), with ``eli:realizes``, ``eli:first_date_entry_in_force``,
  ``eli:date_no_longer_in_force`` (last day, inclusive), ``kgb:text``, ``kgb:lapsed`` when
  it reads "Vervallen" or no longer occurs, and a JCI reference and wetten.overheid.nl link
  with ``g={date}``;
- ``id/bwb/{BWB}/versie/{date}`` — a ``kgb:RegulationVersion`` per version, with its source;
- ``kgb:curatedVersion`` — the version in force on the regulation's ``kgb:versionDate``.

These go into the named graph ``graph/derived/law-versions``. ``kgb:inForceVersion`` (work →
newest version) goes into ``graph/derived/law-current``, the one graph that ``--as-of``
replaces (see :mod:`kg.laws.asof`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kg.config import Settings
from kg.enrich import ProvisionRef, parse_provision
from kg.laws.library import load_laws
from kg.laws.model import LAPSED, Regulation, Version
from kg.namespaces import ELI, ID_BASE, KGB, graph_iri

VERSIONS_GRAPH = graph_iri("derived", "law-versions")
CURRENT_GRAPH = graph_iri("derived", "law-current")


@dataclass
class Span:
    """Consecutive versions of a regulation in which one provision reads the same."""

    first: Version
    last: Version
    text: str | None
    lapsed: bool

    @property
    def inferred(self) -> bool:
        return not self.first.start_known or (self.last.valid_to is not None and not self.last.end_known)


def spans(regulation: Regulation, path: tuple[tuple[str, str], ...]) -> list[Span]:
    """The provision's text through the regulation's versions, identical neighbours merged.

    Versions before the provision first appears are left out; once it has appeared, a
    version without it is a lapsed span (vervallen or vernummerd).
    """
    found: list[Span] = []
    for version in regulation.versions:
        text = version.text_of(path)
        if text is None and not found:
            continue
        lapsed = text is None or bool(LAPSED.match(text.strip()))
        if found and (found[-1].text, found[-1].lapsed) == (text, lapsed):
            found[-1].last = version
        else:
            found.append(Span(version, version, text, lapsed))
    return found


def version_iri(work: URIRef, day: date) -> URIRef:
    """The expression of ``work`` (a provision or regulation IRI) that starts on ``day``."""
    return URIRef(f"{work}/versie/{day.isoformat()}")


def jci_at(ref: ProvisionRef, day: date) -> str:
    """The JCI reference of ``ref`` in the version of ``day`` (``…&g=2026-01-01``)."""
    return f"{ref.jci}&g={day.isoformat()}"


def _add_dates(graph: Graph, node: URIRef, first: date, last_day: date | None, inferred: bool) -> None:
    graph.add((node, ELI.first_date_entry_in_force, Literal(first.isoformat(), datatype=XSD.date)))
    if last_day is not None:
        graph.add((node, ELI.date_no_longer_in_force, Literal(last_day.isoformat(), datatype=XSD.date)))
    if inferred:
        graph.add((node, KGB.validityInferred, Literal(True)))


def regulation_triples(regulation: Regulation, iri: URIRef, name: str, laws_dir: Path, versions: Graph, current: Graph) -> None:
    """One kgb:RegulationVersion per version; the newest is the one in force."""
    for version in regulation.versions:
        node = version_iri(iri, version.valid_from)
        versions.add((node, RDF.type, KGB.RegulationVersion))
        versions.add((node, ELI.realizes, iri))
        versions.add((node, RDFS.label, Literal(f"{name}, versie {version.valid_from.isoformat()}", lang="nl")))
        _add_dates(versions, node, version.valid_from, version.last_day, not version.start_known or not version.end_known and version.valid_to is not None)
        versions.add((node, KGB.sourceFormat, Literal(version.format)))
        source = version.source.relative_to(laws_dir) if version.source.is_relative_to(laws_dir) else Path(version.source.name)
        versions.add((node, KGB.sourceFile, Literal(source.as_posix())))
        versions.add((node, KGB.wettenUrl, URIRef(f"https://wetten.overheid.nl/{regulation.bwb}/{version.valid_from.isoformat()}")))
    current.add((iri, KGB.inForceVersion, version_iri(iri, regulation.newest.valid_from)))


def provision_triples(regulation: Regulation, ref: ProvisionRef, label: str, curated: date | None,
                      versions: Graph, current: Graph) -> None:
    """The versions of one provision; the span holding the newest version is the one in force."""
    work = ref.iri
    for span in spans(regulation, ref.path):
        node = version_iri(work, span.first.valid_from)
        versions.add((node, RDF.type, KGB.ProvisionVersion))
        versions.add((node, ELI.realizes, work))
        status = " (vervallen)" if span.lapsed else ""
        versions.add((node, RDFS.label, Literal(f"{label}, versie {span.first.valid_from.isoformat()}{status}", lang="nl")))
        _add_dates(versions, node, span.first.valid_from, span.last.last_day, span.inferred)
        if span.text is not None:
            versions.add((node, KGB.text, Literal(span.text, lang="nl")))
        if span.lapsed:
            versions.add((node, KGB.lapsed, Literal(True)))
        jci = jci_at(ref, span.first.valid_from)
        versions.add((node, KGB.jci, Literal(jci)))
        versions.add((node, KGB.wettenUrl, URIRef(f"https://wetten.overheid.nl/{jci}")))
        versions.add((node, DCTERMS.source, version_iri(URIRef(f"{ID_BASE}bwb/{regulation.bwb}"), span.first.valid_from)))
        if span.last is regulation.newest:
            current.add((work, KGB.inForceVersion, node))
        if curated is not None and span.first.valid_from <= curated and (span.last.valid_to is None or curated < span.last.valid_to):
            versions.add((work, KGB.curatedVersion, node))


def snapshot_dates(pairs: Iterable[tuple[object, object]]) -> dict[str, date]:
    """The curated version date per regulation (from (regulation, kgb:versionDate) pairs): its snapshot's date."""
    dates: dict[str, date] = {}
    for regulation, day in pairs:
        ref = parse_provision(str(regulation))
        if ref is not None and not ref.path:
            dates[ref.bwb] = date.fromisoformat(str(day))
    return dates


def input_files(settings: Settings) -> list[Path]:
    """What the version graph depends on beyond the law folder (which :func:`kg.builddir.inputs`
    covers): the versions ``kg import laws`` fetched, and the code of this package."""
    imported = settings.imported_laws_dir
    fetched = sorted(p for p in imported.rglob("*.xml") if p.is_file()) if imported.is_dir() else []
    return fetched + sorted(Path(__file__).parent.glob("*.py"))


def _signature(folders: tuple[Path, ...]) -> tuple:
    """Changes whenever a file in the law folders changes (for the in-process cache)."""
    return tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for f in folders for p in sorted(f.rglob("*")) if p.is_file())


@lru_cache(maxsize=2)
def _cached_laws(folders: tuple[Path, ...], dates: tuple[tuple[str, date], ...], only: frozenset[str] | None,
                 _signature: tuple) -> dict[str, Regulation]:
    return load_laws(folders, dict(dates), only=set(only) if only is not None else None)


def law_folders(settings: Settings) -> tuple[Path, ...]:
    """The configured law folder and the folder ``kg import laws`` writes to, where present."""
    return tuple(f for f in (settings.laws_dir, settings.imported_laws_dir) if f.is_dir())


def load_regulations(settings: Settings, dates: dict[str, date]) -> dict[str, Regulation]:
    """Every regulation in the law folders, snapshots dated by ``dates`` (BWB id → day).

    Read once per process and set of files (cached): the build's mention search
    (:mod:`kg.amend.derive`) and its version graph (:func:`derive_versions`) share one reading.
    """
    folders = law_folders(settings)
    return _cached_laws(folders, tuple(sorted(dates.items())), None, _signature(folders)) if folders else {}


def regulations_for(settings: Settings, version_dates: Iterable[dict]) -> dict[str, Regulation]:
    """The regulations in the law folders, with the snapshots dated by rows ``{regulation, day}`` (cached)."""
    folders = law_folders(settings)
    dates = snapshot_dates((row["regulation"], row["day"]) for row in version_dates)
    return _cached_laws(folders, tuple(sorted(dates.items())), frozenset(dates), _signature(folders)) if folders else {}


def derive_versions(settings: Settings, graph: Graph, say: Callable[[str], None] | None = None) -> list[tuple[Graph, URIRef]]:
    """The versions graph and the current graph (with their names) for the regulations and provisions in ``graph``."""
    say = say or (lambda _m: None)
    versions, current = Graph(), Graph()
    folders = law_folders(settings)
    if not folders:
        say(f"wetsteksten niet gevonden in {settings.laws_dir}: de graaf bevat geen wetsversies (teksten, peildata)")
        return []
    dates = snapshot_dates(graph.subject_objects(KGB.versionDate))
    wanted = frozenset(ref.bwb for s in graph.subjects(KGB.bwbId, None) if (ref := parse_provision(str(s))) is not None)
    regulations = load_regulations(settings, dates)
    iris = {s for s in graph.subjects() if isinstance(s, URIRef)} | {o for o in graph.objects() if isinstance(o, URIRef)}
    for iri in sorted(iris):
        ref = parse_provision(str(iri))
        if ref is None or ref.bwb not in wanted or ref.bwb not in regulations:
            continue
        regulation = regulations[ref.bwb]
        name = str(graph.value(URIRef(f"{ID_BASE}bwb/{ref.bwb}"), DCTERMS.alternative) or regulation.title or ref.bwb)
        if not ref.path:
            regulation_triples(regulation, iri, name, settings.laws_dir, versions, current)
        else:
            label = str(graph.value(iri, RDFS.label) or ref.label(name))
            provision_triples(regulation, ref, label, dates.get(ref.bwb), versions, current)
    return [(versions, VERSIONS_GRAPH), (current, CURRENT_GRAPH)]

