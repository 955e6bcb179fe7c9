"""A full disk or a read-only target: a Dutch message naming the path, exit 2, the old state intact."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from tests.faults.conftest import Project, assert_refused


@pytest.mark.parametrize("name", ["veiligheidsregios.ttl", "gemeenten.ttl", "instances.ttl"])
def test_a_full_disk_during_import_keeps_the_old_files(project: Project, new_csvs: list[Path], name: str) -> None:
    old = project.region_files()
    code, output = project.invoke("import", "regions", *map(str, new_csvs), fault=f"enospc@write:{name}")
    assert_refused(code, output, "de schijf is vol", f"regions/{name}", "vorige versie")
    assert project.region_files() == old
    assert project.leftovers() == []


def test_a_full_disk_during_build_keeps_the_old_graph(project: Project) -> None:
    assert project.invoke("build", "-q") == (0, "")
    old = (project.build / "graph.nq").read_bytes()
    (project.data / "extra.ttl").write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n", encoding="utf-8")
    code, output = project.invoke("build", "-q", fault="enospc@write:graph.nq")
    assert_refused(code, output, "de schijf is vol", "graph.nq")
    assert (project.build / "graph.nq").read_bytes() == old
    assert project.leftovers() == []


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only: by its mode, or for root (whom modes do not stop) by a read-only bind mount."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if not (_mount("--bind", str(folder), str(folder)) and _mount("-o", "remount,ro,bind", str(folder))):
        subprocess.run(["umount", str(folder)], capture_output=True)
        pytest.skip("cannot make a read-only mount here")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_real_full_disk_during_build(project: Project, tmp_path: Path) -> None:
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    if os.geteuid() != 0 or not _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(tiny)):
        pytest.skip("mounting a tmpfs needs root")
    try:
        code, output = project.invoke("--build-dir", str(tiny / "build"), "build", "-q")
        assert_refused(code, output, "de schijf is vol", "graph.nq")
        assert list((tiny / "build").iterdir()) == []
    finally:
        subprocess.run(["umount", str(tiny)], check=True)


def test_a_read_only_region_folder_refuses_the_import(project: Project, new_csvs: list[Path]) -> None:
    old = project.region_files()
    with read_only(project.regions):
        code, output = project.invoke("import", "regions", *map(str, new_csvs))
    assert_refused(code, output, str(project.regions))
    assert project.region_files() == old


def test_a_read_only_build_folder_refuses_the_build(project: Project) -> None:
    project.build.mkdir()
    with read_only(project.build):
        code, output = project.invoke("build", "-q")
    assert_refused(code, output, str(project.build))
    assert list(project.build.iterdir()) == []


def test_a_build_folder_below_a_regular_file_is_refused(project: Project) -> None:
    (project.root / "file").write_text("not a folder", encoding="utf-8")
    code, output = project.invoke("--build-dir", str(project.root / "file" / "build"), "build", "-q")
    assert_refused(code, output, "file/build", "geen map")
