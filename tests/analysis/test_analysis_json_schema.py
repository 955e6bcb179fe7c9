"""Every key of every analysis command's JSON is documented in docs/analysis-json.md."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kg.analysis.amendments import amendments
from kg.analysis.conflicts import conflicts
from kg.analysis.diff import diff
from kg.analysis.gaps import gaps
from kg.analysis.inherit import compare, inherit
from kg.analysis.overlaps import overlaps
from kg.analysis.relay import relay
from kg.config import PROJECT_ROOT

#: Objects whose keys are data (labels, kinds, scenario IRIs), not schema.
MAPS = {"byCertainty", "byOrigin", "byClassification", "byKind", "bySeverity", "byRule", "scenarios", "byRegulation",
        "byOrganisation"}

RESULTS = {
    "amendments": lambda f: amendments(f, "toekomst"),
    "inherit": lambda f: inherit(f, "toekomst", "delta"),
    "inherit-compare": lambda f: compare(f, ["toekomst", "kring"], "delta"),
    "overlaps": lambda f: overlaps(f, "huidig"),
    "gaps": lambda f: gaps(f, "kring"),
    "conflicts": lambda f: conflicts(f, "huidig"),
    "diff": lambda f: diff(f, "huidig", "toekomst"),
    "relay": lambda f: relay(f),
}


def keys(value: Any, parent: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if parent in MAPS and not (parent == "scenarios" and isinstance(v, dict) and "iri" in v):
                found |= keys(v, "")
                continue
            found.add(k)
            found |= keys(v, k)
    elif isinstance(value, list):
        for v in value:
            found |= keys(v, parent)
    return found


@pytest.mark.parametrize("command", sorted(RESULTS))
def test_every_key_is_documented(world, command) -> None:
    documented = set(re.findall(r"`([A-Za-z]+)`", (PROJECT_ROOT / "docs" / "analysis-json.md").read_text(encoding="utf-8")))
    data = RESULTS[command](world).to_dict()
    assert data["command"] == command and data["schemaVersion"] == "1.0"
    assert keys(data) - documented == set()
