"""Fixtures for the region tests: the small region CSVs, and a small built graph with them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.config import Settings
from kg.regions.importer import import_regions
from kg.regions.where import RegionIndex
from kg.store import EmbeddedStore
from tests.conftest import TESTS, make_settings

DATA = TESTS / "data" / "regions"


@pytest.fixture(scope="session")
def small_csvs() -> list[Path]:
    """Two veiligheidsregio's (VR02, VR25) and four municipalities."""
    return [DATA / "veiligheidsregios.csv", DATA / "gemeenten.csv"]


@pytest.fixture(scope="session")
def shared_csvs(shared_dir: Path) -> list[Path]:
    """The real inputs in ../shared/regions/."""
    return [shared_dir / "regions" / "veiligheidsregios.csv", shared_dir / "regions" / "municipalities-2023.csv"]


@pytest.fixture(scope="session")
def small_settings(tmp_path_factory: pytest.TempPathFactory, small_csvs: list[Path]) -> Settings:
    """A data dir with the small regions (imported) and tests/data/regions/where-fixture.ttl, built."""
    root = tmp_path_factory.mktemp("regions")
    data = root / "data"
    import_regions(small_csvs, data / "regions")
    shutil.copy(DATA / "where-fixture.ttl", data / "where-fixture.ttl")
    settings = make_settings(root, data)
    build(settings)
    return settings


@pytest.fixture(scope="session")
def small_index(small_settings: Settings) -> RegionIndex:
    return RegionIndex(EmbeddedStore.from_file(small_settings.built_file))


@pytest.fixture(scope="session")
def real_index(store: EmbeddedStore) -> RegionIndex:
    """The index over the project's real data."""
    return RegionIndex(store)
