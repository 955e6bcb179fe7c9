"""Small helpers shared by the analysis tests."""

from __future__ import annotations

from typing import Any, Iterable

ID = "https://w3id.org/kgb/id/"


def iri(path: str) -> str:
    """Full IRI of an instance path such as ``org/alfa``."""
    return ID + path


def paths(refs: Iterable[Any]) -> set[str]:
    """Instance paths (``org/alfa``) of references, or of dicts with an ``iri``."""
    return {(r.iri if hasattr(r, "iri") else r["iri"]).removeprefix(ID) for r in refs}
