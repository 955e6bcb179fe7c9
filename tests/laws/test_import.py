"""kg import laws: fetch a BWB toestand from a repository (a file:// copy of its layout, offline)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main

SAMPLE = "BWBR0032203_aanbestedingswet-2012_2022-03-02.xml"
VERSION_PATH = "2022-03-02_0/xml/BWBR0032203_2022-03-02_0.xml"


@pytest.fixture
def repository(tmp_path: Path, shared_dir: Path) -> Path:
    """The official repository's layout for one regulation: a version and the manifest naming it the newest."""
    root = tmp_path / "repo" / "BWBR0032203"
    (root / VERSION_PATH).parent.mkdir(parents=True)
    shutil.copy(shared_dir / "laws" / "bwb-xml" / SAMPLE, root / VERSION_PATH)
    (root / "manifest.xml").write_text(f'<manifest _latestItem="{VERSION_PATH}"/>', encoding="utf-8")
    return tmp_path / "repo"


def run(runner, tmp_path: Path, repository: Path, *args: str):
    return runner.invoke(main, ["--build-dir", str(tmp_path / "build"), "import", "laws", "--repository",
                                repository.as_uri(), *args], catch_exceptions=False)


def test_import_newest_and_dated_version_validates_and_stores_in_build_dir(runner, tmp_path, repository) -> None:
    result = run(runner, tmp_path, repository, "--bwb", "BWBR0032203")
    assert result.exit_code == 0, result.output
    assert "Aanbestedingswet 2012, versie 2022-03-02" in result.output and "gevalideerd" in result.output
    stored = tmp_path / "build" / "laws" / "BWBR0032203_2022-03-02.xml"
    assert stored.read_bytes() == (repository / "BWBR0032203" / VERSION_PATH).read_bytes()
    assert run(runner, tmp_path, repository, "--bwb", "BWBR0032203", "--date", "2022-03-02").exit_code == 0


def test_import_refuses_unknown_versions_bad_ids_and_invalid_xml(runner, tmp_path, repository) -> None:
    missing = run(runner, tmp_path, repository, "--bwb", "BWBR0032203", "--date", "2020-01-01")
    assert missing.exit_code == 2 and "niet bereikbaar" in missing.output
    assert "ongeldig BWB-id" in run(runner, tmp_path, repository, "--bwb", "wet").output
    broken = repository / "BWBR0032203" / VERSION_PATH
    broken.write_text(broken.read_text(encoding="utf-8").replace("<wetgeving ", "<onbekend-element/><wetgeving ", 1), encoding="utf-8")
    invalid = run(runner, tmp_path, repository, "--bwb", "BWBR0032203")
    assert invalid.exit_code == 2 and "BWB-toestandschema" in invalid.output
    assert not (tmp_path / "build" / "laws").exists()  # nothing stored


def test_a_full_disk_while_storing_leaves_nothing_half_written(runner, tmp_path, repository, monkeypatch) -> None:
    monkeypatch.setenv("KG_FAULT", "enospc@write:BWBR0032203_*")
    result = runner.invoke(main, ["--build-dir", str(tmp_path / "build"), "import", "laws", "--repository",
                                  repository.as_uri(), "--bwb", "BWBR0032203"])
    assert result.exit_code == 2 and "kg: fout:" in result.output
    laws = tmp_path / "build" / "laws"
    assert not laws.exists() or list(laws.iterdir()) == []


@pytest.mark.parametrize("step", ["write:BWBR0032203_*", "commit"])
def test_a_kill_while_storing_leaves_the_old_state_or_the_new_one(tmp_path, repository, step) -> None:
    import os
    import subprocess
    import sys

    from kg.atomic import recover
    from kg.config import PROJECT_ROOT

    build = tmp_path / "build"
    env = {**os.environ, "KG_FAULT": f"kill@{step}", "PYTHONPATH": str(PROJECT_ROOT)}
    killed = subprocess.run([sys.executable, "-m", "kg", "--build-dir", str(build), "import", "laws", "--repository",
                             repository.as_uri(), "--bwb", "BWBR0032203"], env=env, capture_output=True, timeout=120)
    assert killed.returncode == -9
    recover(build / "laws")
    stored = [p for p in (build / "laws").iterdir() if not p.name.startswith(".")]
    sample = (repository / "BWBR0032203" / VERSION_PATH).read_bytes()
    assert stored == [] or [p.read_bytes() for p in stored] == [sample]
    assert not [p for p in (build / "laws").iterdir() if p.name.startswith((".kg-staging", ".kg-commit"))]
