"""The build directory: the N-Quads export, the on-disk store and the manifest naming the graph version.

Layout of ``settings.build_dir``::

    graph.nq              the whole graph as N-Quads: the artefact to load anywhere (``kg load``)
    store-<version>-<n>/  pyoxigraph's on-disk store of the same quads: what every command opens
    manifest.json         the graph version, the store's folder, the inputs' fingerprint, the build report

The *graph version* is a SHA-256 over the build's inputs (every source file's path and
bytes, and the code that derives triples), so an unchanged source tree has the same
version: ``kg build`` is then a no-op, and caches (analysis facts, reasoner outcomes) are
keyed by it. Readers open the store read-only, so any number of processes (CLI commands,
web workers) share one store on disk; a new build writes a new store folder, the export and the manifest
as one transaction (:mod:`kg.atomic`, the manifest switched in last), and readers of the
previous version keep working.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import atomic
from kg.config import Settings

MANIFEST = "manifest.json"
#: The code whose output is part of the graph: a change in it changes the graph version.
BUILD_CODE = ("build.py", "builddir.py", "enrich.py", "inheritance.py", "amend/derive.py", "amend/mentions.py",
              "laws/bwbxml.py", "laws/library.py", "laws/markdown.py", "laws/model.py", "laws/plaintext.py",
              "laws/regelrecht.py")
#: Statute files the build reads (mentions of organisations are derived from their text).
LAW_PATTERNS = ("*.md", "current/*.yaml", "history/*/*.txt", "history/*/versions.tsv", "**/*.xml")
_KG_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Inputs:
    """The files a build reads, with a cheap fingerprint (size, mtime) and, on demand, their content hash."""

    files: tuple[Path, ...]

    def fingerprint(self) -> list[list[Any]]:
        out = []
        for path in self.files:
            stat = path.stat()
            out.append([str(path), stat.st_size, stat.st_mtime_ns])
        return out

    def version(self) -> str:
        """SHA-256 over every input's name and bytes: the graph version."""
        digest = hashlib.sha256()
        for path in self.files:
            name = path.relative_to(_KG_DIR).as_posix() if path.is_relative_to(_KG_DIR) else path.name
            digest.update(f"{name}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()


def inputs(source_files: list[Path], laws_dir: Path | None = None) -> Inputs:
    """The sources, the statute texts in ``laws_dir`` (when it exists) and the build code."""
    laws: list[Path] = []
    if laws_dir is not None and laws_dir.is_dir():
        laws = sorted({p for pattern in LAW_PATTERNS for p in laws_dir.glob(pattern) if p.is_file()})
    return Inputs(tuple(source_files) + tuple(laws) + tuple(_KG_DIR / name for name in BUILD_CODE))


def read_manifest(build_dir: Path) -> dict[str, Any] | None:
    """The manifest of the current build, or None when there is no complete build."""
    try:
        manifest = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (build_dir / manifest.get("store", "\0")).is_dir():
        return None
    return manifest


def fresh_manifest(settings: Settings, given: Inputs) -> dict[str, Any] | None:
    """The manifest when the build is up to date with ``given`` inputs, else None.

    The fingerprint (sizes, mtimes) decides cheaply; when it differs (a file was touched or
    checked out again) the content hash decides, so only a real change rebuilds.
    """
    manifest = read_manifest(settings.build_dir)
    if manifest is None or not settings.built_file.exists():
        return None
    try:
        if manifest.get("fingerprint") == given.fingerprint() or manifest.get("version") == given.version():
            return manifest
    except OSError:
        return None
    return None


def store_path(settings: Settings) -> Path | None:
    """The folder of the current on-disk store, or None before the first build."""
    manifest = read_manifest(settings.build_dir)
    return settings.build_dir / manifest["store"] if manifest else None


def open_read_only(settings: Settings) -> tuple[ox.Store, str]:
    """The current on-disk store opened read-only (many processes may do so at once), and its version."""
    manifest = read_manifest(settings.build_dir)
    if manifest is None:
        raise FileNotFoundError(f"geen gebouwde graaf in {settings.build_dir}: draai eerst 'kg build'")
    return ox.Store.read_only(str(settings.build_dir / manifest["store"])), manifest["version"]


def write(settings: Settings, store: ox.Store, given: Inputs, report: dict[str, Any]) -> str:
    """Write the export, the on-disk store and the manifest as one transaction (:mod:`kg.atomic`); returns the version.

    The manifest is switched in last, so readers see the new store only once it is
    complete. Older store folders are removed, except the previous one, which readers
    that opened it a moment ago may still use.
    """
    build_dir = settings.build_dir
    version = given.version()
    previous = read_manifest(build_dir)
    with atomic.transaction(build_dir) as txn:
        # A new folder name per build: readers of the current store keep it open while we write.
        name = f"store-{version[:16]}-{secrets.token_hex(4)}"
        nq = txn.path(settings.built_file.name)
        store.dump(str(nq), format=ox.RdfFormat.N_QUADS)
        atomic.fault_point(f"write:{nq.name}")
        disk = ox.Store(str(txn.path(name)))
        disk.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        disk.flush()
        del disk  # closes RocksDB before the folder is renamed
        atomic.fault_point("write:store")
        manifest = {"version": version, "store": name, "fingerprint": given.fingerprint(), "report": report}
        txn.write_text(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    keep = {name} | ({previous["store"]} if previous else set())
    for old in build_dir.glob("store-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    return version


def remove_leftovers(build_dir: Path) -> None:
    """Remove temporary files that builds of earlier versions left when they were killed."""
    for pattern in (".graph-*.nq", ".store-*", ".manifest-*.json"):
        for stale in build_dir.glob(pattern):
            if stale.is_dir():
                shutil.rmtree(stale)
            else:
                stale.unlink()
