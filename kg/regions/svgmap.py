"""Draw regions as an inline SVG map, server-side (no JavaScript).

Coordinates in degrees (longitude, latitude) are drawn with an equirectangular
projection corrected by the cosine of the middle latitude, which is close enough for a
country the size of the Netherlands; projected coordinates (metres, e.g. RD New) are
drawn as they are. Each region is a link to its page, with a tooltip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from kg.regions.topojson import Point, Polygon


@dataclass(frozen=True)
class MapRegion:
    """How to draw one region."""

    code: str
    label: str
    href: str
    fill: str
    title: str  #: tooltip text
    current: bool = False  #: the region of the page being shown


class Projection:
    """Maps source coordinates to SVG pixels within ``width`` (height follows the shape)."""

    def __init__(self, points: list[Point], width: float) -> None:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        self.x0, self.y1 = min(xs), max(ys)
        geographic = all(-180 <= x <= 180 for x in (self.x0, max(xs))) and all(-90 <= y <= 90 for y in (min(ys), self.y1))
        self.aspect = math.cos(math.radians((min(ys) + self.y1) / 2)) if geographic else 1.0
        span = max((max(xs) - self.x0) * self.aspect, 1e-9)
        self.scale = width / span
        self.width = width
        self.height = (self.y1 - min(ys)) * self.scale

    def __call__(self, point: Point) -> tuple[float, float]:
        return (round((point[0] - self.x0) * self.aspect * self.scale, 1), round((self.y1 - point[1]) * self.scale, 1))


def _path(polygons: list[Polygon], project: Projection) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            previous = None
            coords = []
            for point in ring:
                xy = project(point)
                if xy != previous:
                    coords.append(f"{xy[0]:g},{xy[1]:g}")
                    previous = xy
            if len(coords) >= 3:
                parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


def render_svg(shapes: dict[str, list[Polygon]], regions: list[MapRegion], label: str,
               outline: list[Polygon] | None = None, width: float = 460) -> str:
    """An ``<svg>`` element with one linked, filled path per region in ``regions``.

    ``outline`` (e.g. the municipality of the page) is drawn on top, without fill.
    """
    drawn = [r for r in regions if r.code in shapes]
    points = [p for r in drawn for polygon in shapes[r.code] for ring in polygon for p in ring]
    if not points:
        raise ValueError("none of the regions has a shape in the boundaries file")
    project = Projection(points, width)
    items = []
    for region in drawn:
        css = "region current" if region.current else "region"
        items.append(
            f'<a href="{escape(region.href)}" class="map-link" data-code="{escape(region.code)}" '
            f'aria-label="{escape(region.title)}">'
            f'<path class="{css}" fill="{escape(region.fill)}" d="{_path(shapes[region.code], project)}">'
            f"<title>{escape(region.title)}</title></path></a>")
    if outline:
        items.append(f'<path class="outline" fill="none" d="{_path(outline, project)}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="region-map" role="group" aria-label="{escape(label)}" '
            f'viewBox="0 0 {project.width:g} {math.ceil(project.height)}" fill-rule="evenodd">'
            + "".join(items) + "</svg>")
