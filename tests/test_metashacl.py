"""Our shapes graphs are well-formed SHACL: they conform to the W3C shapes for shapes graphs
(shacl-shacl, ../shared/vocab), as ``pyshacl --metashacl`` checks (issue #8)."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph

from kg.config import Settings


@pytest.fixture(scope="module")
def shacl_shacl(shared_dir: Path) -> Graph:
    path = shared_dir / "vocab" / "shacl-shacl.ttl"
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return Graph().parse(path, format="turtle")


def shapes_graph(folder: Path) -> Graph:
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def test_every_shapes_graph_conforms_to_shacl_shacl(settings: Settings, shacl_shacl: Graph) -> None:
    # shapes/ (kg validate) and shapes/analysis/ (the checks-and-balances rules) are loaded separately
    for folder in (settings.shapes_dir, settings.shapes_dir / "analysis"):
        graph = shapes_graph(folder)
        assert len(graph) > 50, folder
        conforms, _, text = pyshacl.validate(graph, shacl_graph=shacl_shacl)
        assert conforms, f"{folder}:\n{text}"


def test_shacl_shacl_rejects_a_malformed_shape(shacl_shacl: Graph) -> None:
    broken = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:S> a sh:NodeShape ; sh:property [ sh:path <urn:x:p> ; sh:minCount "een" ] .""", format="turtle")
    conforms, _, _ = pyshacl.validate(broken, shacl_graph=shacl_shacl)
    assert not conforms
