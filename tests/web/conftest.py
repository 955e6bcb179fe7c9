"""Fixtures for the web tests: an app on a small synthetic graph, and one on the real data."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.build import build
from kg.config import Settings
from kg.store import EmbeddedStore
from tests.conftest import make_settings
from web import create_app

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "web"


@pytest.fixture(scope="session")
def sample_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for tests/data/web (small limits so the endpoint tests can trip them)."""
    settings = make_settings(tmp_path_factory.mktemp("web"), SAMPLE_DIR).with_(query_timeout=3.0, max_rows=50, max_bytes=200_000)
    build(settings)
    return settings


@pytest.fixture(scope="session")
def sample_store(sample_settings: Settings) -> EmbeddedStore:
    return EmbeddedStore.from_file(sample_settings.built_file)


@pytest.fixture(scope="session")
def app(sample_settings: Settings, sample_store: EmbeddedStore) -> Flask:
    """The app on the synthetic sample graph."""
    return create_app({"TESTING": True, "KG_SETTINGS": sample_settings, "KG_STORE": sample_store, "KG_SLOW_WAIT": 300})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def real_app(settings: Settings, store: EmbeddedStore) -> Flask:
    """The app on the project's real data; the slow results for the default parameters are computed
    from the start (web.warmup; the variants are left out to spare the suite's CPU)."""
    return create_app({"TESTING": True, "KG_SETTINGS": settings, "KG_STORE": store, "KG_SLOW_WAIT": 300,
                       "KG_WARM_UP": "defaults"})
