"""Read polygons from a TopoJSON file (https://github.com/topojson/topojson-specification).

Only what the region map needs: ``Polygon`` and ``MultiPolygon`` geometries of one
object, keyed by a property (``code``). Quantized files (with a ``transform``) store
each arc as delta-encoded integer positions: the first position is absolute, every next
one is the difference to the previous. A negative arc index ``~i`` (``-i - 1``) means
arc ``i`` reversed. Consecutive arcs in a ring share their end and start point.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # outer ring, then holes


class BoundaryError(ValueError):
    """The boundaries file is missing, not TopoJSON, or lacks the expected object."""


@dataclass(frozen=True)
class Topology:
    """Decoded arcs and the raw objects of a TopoJSON file."""

    arcs: list[list[Point]]
    objects: dict[str, dict]

    def polygons(self, object_name: str, key: str = "code") -> dict[str, list[Polygon]]:
        """The polygons of every geometry of ``object_name``, by its ``properties[key]``."""
        try:
            geometries = self.objects[object_name]["geometries"]
        except KeyError as exc:
            raise BoundaryError(f"no object {object_name!r} with geometries (objects: {', '.join(self.objects)})") from exc
        result: dict[str, list[Polygon]] = {}
        for geometry in geometries:
            code = (geometry.get("properties") or {}).get(key)
            if code is None:
                continue
            if geometry["type"] == "Polygon":
                polygons = [geometry["arcs"]]
            elif geometry["type"] == "MultiPolygon":
                polygons = geometry["arcs"]
            else:
                continue
            result[str(code)] = [[self.ring(ring) for ring in polygon] for polygon in polygons]
        return result

    def ring(self, arc_indexes: list[int]) -> Ring:
        """The points of a ring made of arcs (reversed where the index is negative)."""
        points: Ring = []
        for index in arc_indexes:
            arc = self.arcs[index] if index >= 0 else self.arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points


def decode_arcs(arcs: list[list[list[float]]], transform: dict | None) -> list[list[Point]]:
    """Absolute coordinates of every arc (undoing quantization and delta encoding)."""
    if not transform:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in arcs]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in arcs:
        x = y = 0
        points = []
        for position in arc:
            x += position[0]
            y += position[1]
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def load_topology(path: Path) -> Topology:
    """Read and decode a TopoJSON file; raises :class:`BoundaryError` with the reason."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BoundaryError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise BoundaryError(f"{path} is not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("type") != "Topology" or "arcs" not in data:
        raise BoundaryError(f"{path} is not a TopoJSON Topology")
    return Topology(decode_arcs(data["arcs"], data.get("transform")), data.get("objects", {}))
