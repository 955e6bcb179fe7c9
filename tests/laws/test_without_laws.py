"""Without the law folder the product still builds and works, and says the versions are missing."""

from __future__ import annotations

from pathlib import Path

from kg.build import build
from kg.cli import main
from tests.conftest import TESTS, make_settings


def test_build_and_commands_without_law_folder(tmp_path: Path, runner) -> None:
    settings = make_settings(tmp_path, TESTS / "data" / "minimal").with_(law_dir=tmp_path / "geen-wetten")
    messages: list[str] = []
    build(settings, messages.append)
    assert any("wetsteksten niet gevonden" in m for m in messages)
    env = {"KG_LAWS": str(tmp_path / "geen-wetten"), "KG_DATA": str(TESTS / "data" / "minimal")}
    base = ["--build-dir", str(settings.build_dir)]
    stats = runner.invoke(main, [*base, "stats"], env=env, catch_exceptions=False)
    assert stats.exit_code == 0 and "Geen wetsversies" in stats.output
    changed = runner.invoke(main, [*base, "laws", "changed"], env=env)
    assert changed.exit_code == 2 and "geen wetsversies" in changed.output
    query = runner.invoke(main, [*base, "query", "--as-of", "2016-01-01", "SELECT ?v WHERE { ?w kgb:inForceVersion ?v }"], env=env)
    assert query.exit_code == 0 and "(0 rijen)" in query.output
    state = runner.invoke(main, [*base, "state", "--as-of", "2016-01-01"], env=env)
    assert state.exit_code == 0 and "geen wetsversies" in state.output


def test_minimal_data_with_laws_gets_versions(tmp_path: Path, shared_dir: Path) -> None:
    settings = make_settings(tmp_path, TESTS / "data" / "minimal")
    build(settings)
    from kg.store import open_store

    rows = open_store(settings).select(
        "SELECT ?v WHERE { ?v <http://data.europa.eu/eli/ontology#realizes> <https://w3id.org/kgb/id/bwb/BWBR0034925/artikel/3.2/lid/1> }")
    assert len(rows) >= 1
