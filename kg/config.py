"""Settings: where the sources are, which store backend to use, query limits.

Values come from defaults, overridden by environment variables ``KG_*``.
No other I/O happens here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).resolve() if value else default


@dataclass(frozen=True)
class Settings:
    """Paths and limits used by every command and by the web app."""

    root: Path = PROJECT_ROOT
    ontology_dir: Path = PROJECT_ROOT / "ontology"
    data_dir: Path = PROJECT_ROOT / "data"
    shapes_dir: Path = PROJECT_ROOT / "shapes"
    build_dir: Path = PROJECT_ROOT / "build"
    #: The project's read-only source material (seeds, statutes, regions); optional at run time.
    shared_dir: Path = PROJECT_ROOT.parent / "shared"
    #: ``embedded`` (pyoxigraph in memory, loaded from the built file) or ``sparql`` (remote endpoint).
    backend: str = "embedded"
    endpoint: str | None = None
    #: Seconds a query may run in the web endpoint before it is cancelled.
    query_timeout: float = 10.0
    #: Maximum number of result rows (or triples) the web endpoint returns.
    max_rows: int = 10000
    #: Maximum size in bytes of one web endpoint answer.
    max_bytes: int = 10_000_000
    #: Query worker processes the web endpoint starts at once, and the most queries it runs at once.
    query_workers: int = 2
    max_queries: int = 32
    #: Optional TopoJSON boundaries for the region map.
    boundaries: Path | None = None
    extra_data_dirs: tuple[Path, ...] = field(default=())
    #: Statute texts (all versions); default ``shared_dir/laws``. Optional: without it the graph has no versions.
    law_dir: Path | None = None

    @property
    def built_file(self) -> Path:
        """The built graph: all sources plus derived triples, as N-Quads."""
        return self.build_dir / "graph.nq"

    @property
    def seeds_dir(self) -> Path:
        return self.shared_dir / "seeds"

    @property
    def laws_dir(self) -> Path:
        return self.law_dir or self.shared_dir / "laws"

    @property
    def imported_laws_dir(self) -> Path:
        """Where ``kg import laws`` stores fetched BWB XML (inside the build folder: never committed)."""
        return self.build_dir / "laws"

    def with_(self, **changes: object) -> "Settings":
        """A copy with some values changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings() -> Settings:
    """Settings from the environment (``KG_ROOT``, ``KG_DATA``, ``KG_BUILD``, ``KG_SHARED``,
    ``KG_BACKEND``, ``KG_ENDPOINT``, ``KG_QUERY_TIMEOUT``, ``KG_MAX_ROWS``, ``KG_MAX_BYTES``,
    ``KG_QUERY_WORKERS``, ``KG_MAX_QUERIES``, ``KG_BOUNDARIES``, ``KG_LAWS``)."""
    root = _env_path("KG_ROOT", PROJECT_ROOT)
    boundaries = os.environ.get("KG_BOUNDARIES")
    return Settings(
        root=root,
        ontology_dir=root / "ontology",
        data_dir=_env_path("KG_DATA", root / "data"),
        shapes_dir=root / "shapes",
        build_dir=_env_path("KG_BUILD", root / "build"),
        shared_dir=_env_path("KG_SHARED", root.parent / "shared"),
        law_dir=_env_path("KG_LAWS", Path()) if os.environ.get("KG_LAWS") else None,
        backend=os.environ.get("KG_BACKEND", "embedded"),
        endpoint=os.environ.get("KG_ENDPOINT") or None,
        query_timeout=float(os.environ.get("KG_QUERY_TIMEOUT", "10")),
        max_rows=int(os.environ.get("KG_MAX_ROWS", "10000")),
        max_bytes=int(os.environ.get("KG_MAX_BYTES", "10000000")),
        query_workers=int(os.environ.get("KG_QUERY_WORKERS", "2")),
        max_queries=int(os.environ.get("KG_MAX_QUERIES", "32")),
        boundaries=Path(boundaries).resolve() if boundaries else None,
    )
