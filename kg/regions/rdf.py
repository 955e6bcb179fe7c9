"""The checked region tables as RDF, with a provenance node per input file.

IRIs: ``region/vr/VR01``, ``region/gm/GM0363``, ``dataset/{file stem}``. Every region
is ``prov:wasDerivedFrom`` the node of the file it came from; that node names the file
(``dct:source``), its SHA-256, and — from ``data/regions/sources.toml`` — its title,
publisher and date of issue.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.namespaces import ID, KGB
from kg.regions.tables import RegionTables, SourceFile

REGION_TYPE_SAFETY_REGION = ID["regiontype/veiligheidsregio"]
REGION_TYPE_MUNICIPALITY = ID["regiontype/gemeente"]


def safety_region_iri(code: str) -> URIRef:
    return ID[f"region/vr/{code}"]


def municipality_iri(code: str) -> URIRef:
    return ID[f"region/gm/{code}"]


@dataclass(frozen=True)
class SourceInfo:
    """What ``sources.toml`` says about one input file."""

    title: str | None = None
    publisher: str | None = None
    issued: str | None = None
    note: str | None = None
    derived_from: tuple[str, ...] = field(default=())


def load_manifest(path: Path) -> dict[str, SourceInfo]:
    """``sources.toml`` as file name → :class:`SourceInfo`; empty when the file does not exist."""
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        raw = tomllib.load(f)
    return {name: SourceInfo(title=v.get("title"), publisher=v.get("publisher"), issued=v.get("issued"),
                             note=v.get("note"), derived_from=tuple(v.get("derived_from", ())))
            for name, v in raw.items()}


def _date_literal(value: str) -> Literal:
    """``2023`` → xsd:gYear, ``2023-07`` → xsd:gYearMonth, ``2023-07-01`` → xsd:date."""
    if re.fullmatch(r"[0-9]{4}", value):
        return Literal(value, datatype=XSD.gYear)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return Literal(value, datatype=XSD.date)
    raise ValueError(f"issued {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def dataset_iri(source: SourceFile) -> URIRef:
    stem = re.sub(r"[^a-z0-9]+", "-", source.path.stem.lower()).strip("-")
    return ID[f"dataset/{stem}"]


def dataset_node(graph: Graph, source: SourceFile, info: SourceInfo) -> URIRef:
    """Add the provenance node of one input file to ``graph`` and return its IRI."""
    node = dataset_iri(source)
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, RDFS.label, Literal(info.title or source.path.name, lang="nl")))
    graph.add((node, DCTERMS.source, Literal(source.path.name)))
    graph.add((node, KGB.sha256, Literal(source.sha256)))
    if info.publisher:
        graph.add((node, DCTERMS.publisher, Literal(info.publisher, lang="nl")))
    if info.issued:
        graph.add((node, DCTERMS.issued, _date_literal(info.issued)))
    if info.note:
        graph.add((node, KGB.note, Literal(info.note, lang="nl")))
    for iri in info.derived_from:
        graph.add((node, PROV.wasDerivedFrom, ID[iri]))
    return node


def _add_region(graph: Graph, iri: URIRef, cls: URIRef, region_type: URIRef, code: str, name: str,
                dataset: URIRef) -> None:
    graph.add((iri, RDF.type, cls))
    graph.add((iri, RDFS.label, Literal(name, lang="nl")))
    graph.add((iri, KGB.regionCode, Literal(code)))
    graph.add((iri, KGB.regionType, region_type))
    graph.add((iri, PROV.wasDerivedFrom, dataset))


def safety_regions_graph(tables: RegionTables, info: SourceInfo) -> Graph:
    """The veiligheidsregio's and the provenance node of their file."""
    graph = Graph()
    assert tables.safety_region_file is not None
    dataset = dataset_node(graph, tables.safety_region_file, info)
    for region in tables.safety_regions:
        _add_region(graph, safety_region_iri(region.code), KGB.SafetyRegion, REGION_TYPE_SAFETY_REGION,
                    region.code, region.name, dataset)
    return graph


def municipalities_graph(tables: RegionTables, info: SourceInfo) -> Graph:
    """The municipalities with their veiligheidsregio and the provenance node of their file."""
    graph = Graph()
    assert tables.municipality_file is not None
    dataset = dataset_node(graph, tables.municipality_file, info)
    for municipality in tables.municipalities:
        iri = municipality_iri(municipality.code)
        _add_region(graph, iri, KGB.Municipality, REGION_TYPE_MUNICIPALITY, municipality.code, municipality.name, dataset)
        graph.add((iri, KGB.inRegion, safety_region_iri(municipality.region)))
    return graph
