"""The build directory: the N-Quads export, the on-disk store and the manifest naming the graph version.

Layout of ``settings.build_dir``::

    graph.nq              the whole graph as N-Quads: the artefact to load anywhere (``kg load``)
    store-<version>-<n>/  pyoxigraph's on-disk store of the same quads: what every command opens
    manifest.json         the graph version, the store's folder, the inputs' fingerprint, the build report

The *graph version* is a SHA-256 over the build's inputs (every source file's path and
bytes, and the code that derives triples), so an unchanged source tree has the same
version: ``kg build`` is then a no-op, and caches (analysis facts, reasoner outcomes) are
keyed by it. Readers open the store read-only, so any number of processes (CLI commands,
web workers) share one store on disk; a new build writes a new store folder and switches
the manifest in one rename, and readers of the previous version keep working.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.config import Settings

MANIFEST = "manifest.json"
#: The code whose output is part of the graph: a change in it changes the graph version.
BUILD_CODE = ("build.py", "builddir.py", "enrich.py", "inheritance.py")
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


def inputs(source_files: list[Path]) -> Inputs:
    """The sources plus the build code."""
    return Inputs(tuple(source_files) + tuple(_KG_DIR / name for name in BUILD_CODE))


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
    """Write the export, the on-disk store and (last, in one rename) the manifest; returns the version.

    Nothing of a failed write is left behind; older store folders are removed, except the
    previous one, which readers that opened it a moment ago may still use.
    """
    build_dir = settings.build_dir
    build_dir.mkdir(parents=True, exist_ok=True)
    version = given.version()
    previous = read_manifest(build_dir)
    fd, nq_tmp = tempfile.mkstemp(prefix=".graph-", suffix=".nq", dir=build_dir)
    os.close(fd)
    store_tmp = Path(tempfile.mkdtemp(prefix=".store-", dir=build_dir))
    try:
        store.dump(nq_tmp, format=ox.RdfFormat.N_QUADS)
        disk = ox.Store(str(store_tmp))
        disk.bulk_load(path=nq_tmp, format=ox.RdfFormat.N_QUADS)
        disk.flush()
        del disk  # closes RocksDB before the folder is renamed
        # Readable by other users (a web server account), like any build output.
        os.chmod(store_tmp, 0o755)
        os.chmod(nq_tmp, 0o644)
        name = f"store-{version[:16]}-{store_tmp.name.removeprefix('.store-')}"
        os.rename(store_tmp, build_dir / name)
        os.replace(nq_tmp, settings.built_file)
        manifest = {"version": version, "store": name, "fingerprint": given.fingerprint(), "report": report}
        _write_json(build_dir / MANIFEST, manifest)
    finally:
        if os.path.exists(nq_tmp):
            os.unlink(nq_tmp)
        shutil.rmtree(store_tmp, ignore_errors=True)
    keep = {name} | ({previous["store"]} if previous else set())
    for old in build_dir.glob("store-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    return version


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write JSON to a temporary file and rename it into place (atomic for readers)."""
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
