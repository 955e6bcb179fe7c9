"""TopoJSON decoding and the server-side SVG map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.regions.svgmap import MapRegion, render_svg
from kg.regions.topojson import BoundaryError, load_topology
from tests.regions.conftest import DATA


def test_quantized_delta_encoded_arcs_are_decoded_and_joined() -> None:
    shapes = load_topology(DATA / "tiny.topo.json").polygons("vr_features")
    assert set(shapes) == {"VR02", "VR25"}  # the Point geometry is not a region
    assert shapes["VR02"] == [[[(4.0, 52.0), (5.0, 52.0), (5.0, 53.0), (4.0, 53.0), (4.0, 52.0)]]]
    first, second = shapes["VR25"]
    # ~1 is arc 1 reversed; the next arc continues from its last point (shared point dropped)
    assert first == [[(4.0, 52.0), (4.0, 53.0), (5.0, 53.0), (4.0, 51.0), (5.0, 51.0), (5.0, 52.0)]]
    assert second == [[(9.0, 54.5), (9.5, 54.5), (9.5, 54.75), (9.0, 54.75), (9.0, 54.5)]]


def test_the_shared_boundaries_hold_25_regions_and_342_municipalities(shared_dir: Path) -> None:
    topology = load_topology(shared_dir / "regions" / "nl-vr-gm-2023.topo.json")
    regions = topology.polygons("vr_features")
    assert sorted(regions) == [f"VR{n:02d}" for n in range(1, 26)]
    assert len(topology.polygons("gm_features")) == 342
    for polygons in regions.values():
        for polygon in polygons:
            assert all(ring[0] == ring[-1] for ring in polygon)  # rings close


@pytest.mark.parametrize("content, message", [
    (None, "cannot read"), ("{", "is not JSON"), ('{"type": "FeatureCollection"}', "not a TopoJSON Topology"),
])
def test_unusable_boundary_files_raise_a_clear_error(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "grenzen.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BoundaryError, match=message):
        load_topology(path)


def test_a_missing_object_is_named() -> None:
    with pytest.raises(BoundaryError, match="no object 'gm_features'"):
        load_topology(DATA / "tiny.topo.json").polygons("gm_features")


def test_the_svg_links_and_colours_each_region_and_keeps_the_aspect_ratio() -> None:
    shapes = load_topology(DATA / "tiny.topo.json").polygons("vr_features")
    svg = render_svg(shapes, [MapRegion("VR02", "Fryslân", "/regio/vr/VR02", "#111111", "Fryslân: 1", current=True),
                              MapRegion("VR25", "Flevoland", "/regio/vr/VR25", "#eeeeee", "Flevoland: 0"),
                              MapRegion("VR77", "Nergens", "/regio/vr/VR77", "#000000", "geen vorm")],
                     label="kaart", width=100)
    assert re.findall(r'<a href="([^"]+)"', svg) == ["/regio/vr/VR02", "/regio/vr/VR25"]
    assert 'class="region current" fill="#111111"' in svg and 'fill="#eeeeee"' in svg
    assert "<title>Fryslân: 1</title>" in svg
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    # 5.5° wide × 3.75° high at ~53°N, where a degree of longitude is cos(53°) ≈ 0.6 of a degree of
    # latitude: height = 100 × 3.75 / (5.5 × 0.6) ≈ 113
    assert width == 100 and 110 < height < 116
    with pytest.raises(ValueError):
        render_svg(shapes, [MapRegion("VR77", "Nergens", "/x", "#000", "")], label="kaart")
