"""Results cached per graph version: in the process, and on disk beside the build.

A result (analysis facts, a reasoner outcome, …) depends on the graph and on the code that
computes it. The key is therefore the graph version (:mod:`kg.builddir`) plus a hash of the
analysis code, so a rebuilt graph or changed code never sees an old result. On disk the
results live in ``build/cache/<key>/NAME.pickle``, written to a temporary name and renamed
(readers never see half a file; concurrent writers of the same result are harmless).
A store without a version (a remote endpoint) caches in the process only.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")
#: The code whose results are cached: a change in it makes every cached result stale.
_CODE = ("analysis", "inheritance.py", "cache.py")
_KG_DIR = Path(__file__).resolve().parent
_by_version: dict[str, dict[str, Any]] = {}
#: Stores without a version (in memory, remote) keep their results as long as they live.
_by_store: "weakref.WeakKeyDictionary[Any, dict[str, Any]]" = weakref.WeakKeyDictionary()


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the analysis code (kg/analysis/*.py, kg/inheritance.py, this module)."""
    digest = hashlib.sha256()
    for name in _CODE:
        path = _KG_DIR / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(_KG_DIR).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def _key(store: Any) -> str | None:
    version = getattr(store, "version", None)
    return f"{version[:16]}-{code_version()}" if version else None


def _memory(store: Any, key: str | None) -> dict[str, Any]:
    return _by_version.setdefault(key, {}) if key else _by_store.setdefault(store, {})


def cached(store: Any, name: str, compute: Callable[[], T]) -> T:
    """``compute()``'s result for this store's graph version: from memory, from disk, or computed (and kept)."""
    key = _key(store)
    memory = _memory(store, key)
    if name in memory:
        return memory[name]
    folder = getattr(store, "cache_dir", None)
    path = folder / key / f"{name}.pickle" if folder is not None and key else None
    result: Any = None
    if path is not None and path.exists():
        try:
            result = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            result = None
    if result is None:
        result = compute()
        if path is not None:
            _write(path, result)
    memory[name] = result
    return result


def forget(store: Any, name: str) -> None:
    """Drop a cached result (one that should be computed again next time)."""
    key = _key(store)
    _memory(store, key).pop(name, None)
    folder = getattr(store, "cache_dir", None)
    if folder is not None and key:
        (folder / key / f"{name}.pickle").unlink(missing_ok=True)


def _write(path: Path, value: Any) -> None:
    """Pickle ``value`` to ``path`` atomically; a cache that cannot be written is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.parent.iterdir():  # results of older graph versions or code
            if stale.is_dir() and stale != path.parent:
                shutil.rmtree(stale, ignore_errors=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".pickle", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
