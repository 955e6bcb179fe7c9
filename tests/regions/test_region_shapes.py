"""shapes/regions.ttl: the real region data conform; a broken fixture is caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.config import PROJECT_ROOT
from kg.regions.importer import import_regions
from kg.validate import validate_graph
from tests.regions.conftest import DATA

SHAPE_FILES = ("regions.ttl", "prefixes.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    for name in SHAPE_FILES:
        graph.parse(PROJECT_ROOT / "shapes" / name, format="turtle")
    return graph


def with_ontology(*files: Path) -> Graph:
    graph = Graph()
    for path in [*sorted((PROJECT_ROOT / "ontology").glob("*.ttl")), *files]:
        graph.parse(path, format="turtle")
    return graph


def test_the_imported_regions_and_instances_conform(shared_csvs: list[Path], shapes: Graph, tmp_path: Path) -> None:
    import_regions(shared_csvs, tmp_path)
    organisation_types = sorted((PROJECT_ROOT / "data" / "organisations").glob("*.ttl"))
    data = with_ontology(*sorted(tmp_path.glob("*.ttl")), PROJECT_ROOT / "data" / "regions" / "regiotypes.ttl",
                         PROJECT_ROOT / "data" / "pilots" / "proeftuinen.ttl", *organisation_types)
    report = validate_graph(data, shapes)
    assert report.conforms, report.to_text()


def test_each_municipality_must_lie_in_exactly_one_veiligheidsregio(shapes: Graph) -> None:
    report = validate_graph(with_ontology(DATA / "broken-membership.ttl"), shapes)
    found = {(f.focus.rsplit("/", 1)[-1], f.message) for f in report.violations}
    one_region = "Een gemeente ligt in precies één veiligheidsregio."
    assert ("GM0303", one_region) in found  # two regions
    assert ("GM0034", one_region) in found  # none
    assert ("GM1900", one_region) in found  # a municipality is not a region
    assert ("GM0074", one_region) not in found
    assert ("GM9999", "Een gemeente heeft precies één CBS-gemeentecode van de vorm GM0363.") in found
    assert ("def#regionCode", "Twee regio's hebben dezelfde code (GM0074).") in found  # GM0075 reuses GM0074
    assert ("VR99", "Een veiligheidsregio bevat ten minste één gemeente.") in found
    assert not report.conforms
