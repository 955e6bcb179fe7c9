"""Fixtures for the fault tests: a tiny project (real ontology, minimal data, four municipalities)
and a way to run ``kg`` as a separate process that can be killed at a chosen step.

Kills need a real process (``KG_FAULT=kill@STEP`` sends SIGKILL to itself); everything
else runs in-process through Click's runner, which is much faster.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import PROJECT_ROOT
from kg.regions.importer import import_regions
from tests.conftest import TESTS

REGIONS = TESTS / "data" / "regions"
GENERATED = ("veiligheidsregios.ttl", "gemeenten.ttl", "instances.ttl", "import.ttl")


@dataclass
class Project:
    """A throw-away data and build folder next to the real ontology."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def regions(self) -> Path:
        return self.data / "regions"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def env(self) -> dict[str, str]:
        """Environment for a ``kg`` process working on this project."""
        return {**os.environ, "KG_DATA": str(self.data), "KG_BUILD": str(self.build), "PYTHONPATH": str(PROJECT_ROOT)}

    def kg(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        """Run ``python -m kg ARGS`` on this project, with extra environment variables."""
        return subprocess.run([sys.executable, "-m", "kg", *args], env={**self.env, **env}, cwd=self.root,
                              capture_output=True, text=True, timeout=120)

    def invoke(self, *args: str, fault: str | None = None) -> tuple[int, str]:
        """Run ``kg ARGS`` in-process on this project (``fault``: a ``KG_FAULT`` value); (exit code, output)."""
        env = {"KG_DATA": str(self.data), "KG_BUILD": str(self.build), "KG_FAULT": fault}
        result = CliRunner().invoke(main, list(args), env=env)
        return result.exit_code, result.output  # stdout and stderr, as a terminal shows them

    def region_files(self) -> dict[str, bytes]:
        """The generated region files (absent ones left out)."""
        return {name: (self.regions / name).read_bytes() for name in GENERATED if (self.regions / name).is_file()}

    def leftovers(self) -> list[str]:
        """Hidden entries a write may have left behind in data/ or build/."""
        return sorted(str(p.relative_to(self.root)) for folder in (self.data, self.build) if folder.is_dir()
                      for p in folder.rglob(".*"))


def assert_refused(code: int, output: str, *expected: str) -> None:
    """A Dutch error message (containing ``expected``), exit code 2, no traceback."""
    assert code == 2, output
    assert "Traceback" not in output, output
    assert "kg: fout: " in output, output
    for text in expected:
        assert text in output, output


def write_csvs(folder: Path, suffix: str) -> list[Path]:
    """The small region CSVs with every name changed by ``suffix`` (so every generated file differs)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for source in (REGIONS / "veiligheidsregios.csv", REGIONS / "gemeenten.csv"):
        lines = source.read_text(encoding="utf-8").splitlines()
        rows = [lines[0]] + [",".join(f"{v}{suffix}" if i == 1 else v for i, v in enumerate(line.split(",")))
                             for line in lines[1:]]
        target = folder / source.name
        target.write_text("\n".join(rows) + "\n", encoding="utf-8")
        out.append(target)
    return out


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A data folder with the minimal data set and the four municipalities imported (the 'old' state)."""
    project = Project(tmp_path_factory.mktemp("template"))
    project.data.mkdir()
    shutil.copy(TESTS / "data" / "minimal" / "minimal.ttl", project.data / "minimal.ttl")
    import_regions([REGIONS / "veiligheidsregios.csv", REGIONS / "gemeenten.csv"], project.regions)
    return project


@pytest.fixture
def project(template: Project, tmp_path: Path) -> Project:
    """A fresh copy of the template project."""
    fresh = Project(tmp_path / "project")
    shutil.copytree(template.root, fresh.root)
    return fresh


@pytest.fixture(scope="session")
def new_csvs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Input for the 'new' state: the same codes, every name changed."""
    return write_csvs(tmp_path_factory.mktemp("new-csvs"), " (nieuw)")
