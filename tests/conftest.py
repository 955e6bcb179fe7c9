"""Shared fixtures: settings pointing at a temporary build dir, the built store, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.config import Settings, load_settings
from kg.store import EmbeddedStore
from web.background import CHROMIUM, CHROMIUM_ARGS

TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The project's real data, built into a temporary directory once per test session."""
    return load_settings().with_(build_dir=tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def store(settings: Settings) -> EmbeddedStore:
    """The store built from the shipped ontology and data (the on-disk store, opened read-only)."""
    build(settings)
    return EmbeddedStore.open_built(settings)


@pytest.fixture(scope="session")
def shared_dir(settings: Settings) -> Path:
    """../shared (seeds, statutes, regions); tests that need it are skipped without it."""
    if not settings.seeds_dir.is_dir():
        pytest.skip("../shared is not available")
    return settings.shared_dir


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def make_settings(tmp_path: Path, data_dir: Path) -> Settings:
    """Settings for a small synthetic data set (with the real ontology)."""
    return load_settings().with_(data_dir=data_dir, build_dir=tmp_path / "build")


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through Playwright; the test is skipped when either is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page; fails the test on any JavaScript error."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.close()
    assert not errors, f"JavaScript errors: {errors}"
