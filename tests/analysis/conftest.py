"""Fixtures for the analysis tests: the synthetic world (tests/data/analysis/world) and the shipped data."""

from __future__ import annotations

import shutil

import pytest

from kg.analysis import Facts
from kg.build import build
from kg.config import Settings
from kg.store import EmbeddedStore
from tests.conftest import TESTS, make_settings

WORLD = TESTS / "data" / "analysis" / "world"


@pytest.fixture(scope="session")
def world_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the synthetic world, built once per session."""
    settings = make_settings(tmp_path_factory.mktemp("world"), WORLD)
    build(settings)
    return settings


@pytest.fixture(scope="session")
def world(world_settings: Settings) -> Facts:
    """The analysis facts of the synthetic world."""
    return Facts(EmbeddedStore.from_file(world_settings.built_file))


@pytest.fixture(scope="session")
def facts(store: EmbeddedStore) -> Facts:
    """The analysis facts of the shipped data."""
    return Facts(store)


@pytest.fixture
def world_cli(world_settings: Settings, runner):
    """Run ``kg`` on the synthetic world: ``world_cli("inherit", "-s", "toekomst")``."""
    from kg.cli import main

    def invoke(*args: str):
        return runner.invoke(main, ["--data-dir", str(world_settings.data_dir), "--build-dir", str(world_settings.build_dir), *args])

    return invoke


@pytest.fixture(scope="session")
def java() -> None:
    """Skip a test that needs HermiT when Java is not installed."""
    if shutil.which("java") is None:
        pytest.skip("Java (for HermiT) is not installed")
