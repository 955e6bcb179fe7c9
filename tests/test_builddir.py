"""The build's on-disk store: a graph version per content, no-op builds, read-only opening."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.build import build, is_stale
from kg.builddir import read_manifest, store_path
from kg.store import EmbeddedStore
from tests.conftest import TESTS, make_settings

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture
def small(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(TESTS / "data" / "minimal", data)
    settings = make_settings(tmp_path, data)
    return settings, data


def test_build_writes_a_store_that_opens_read_only_with_the_same_quads(small) -> None:
    settings, _ = small
    report = build(settings)
    first, second = EmbeddedStore.open_built(settings), EmbeddedStore.open_built(settings)
    in_memory = EmbeddedStore.from_file(settings.built_file)
    assert int(first.select(COUNT)[0]["n"]) == report.quads == len(in_memory) > 0
    assert first.select(COUNT) == second.select(COUNT)
    assert first.version == report.version == read_manifest(settings.build_dir)["version"]
    with pytest.raises(RuntimeError, match="read-write"):
        first.ox.add(next(iter(in_memory.ox)))  # read-only: a reader can never change the build


def test_an_unchanged_build_is_a_no_op_and_only_a_real_change_rebuilds(small) -> None:
    settings, data = small
    report = build(settings)
    folder = store_path(settings)
    again = build(settings)
    assert again.unchanged and again.version == report.version and again.quads == report.quads
    assert again.class_counts == report.class_counts
    assert store_path(settings) == folder
    source = data / "minimal.ttl"
    os.utime(source, (1, 1))  # touched, same content: still up to date
    assert not is_stale(settings)
    source.write_text(source.read_text(encoding="utf-8") + "\n<http://example.org/x> <http://example.org/y> 1 .\n",
                      encoding="utf-8")
    assert is_stale(settings)
    changed = build(settings)
    assert not changed.unchanged and changed.version != report.version and changed.quads == report.quads + 1
    assert store_path(settings) != folder
    assert folder.exists(), "the previous store stays for readers that opened it"
    assert build(settings, force=True).version == changed.version


def test_a_reader_of_the_previous_version_keeps_working_after_a_rebuild(small) -> None:
    settings, data = small
    build(settings)
    reader = EmbeddedStore.open_built(settings)
    before = reader.select(COUNT)
    (data / "extra.ttl").write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n",
                                    encoding="utf-8")
    build(settings)
    assert reader.select(COUNT) == before
    assert int(EmbeddedStore.open_built(settings).select(COUNT)[0]["n"]) == int(before[0]["n"]) + 1
