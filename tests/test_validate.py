"""The shipped data conform to the shapes; each shape catches the data that break it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.store import EmbeddedStore
from kg.validate import load_shapes, validate_graph
from tests.conftest import TESTS, make_settings

CASES = sorted((TESTS / "cases" / "shapes").glob("*.ttl"))


def validate_dir(tmp_path: Path, data_dir: Path):
    settings = make_settings(tmp_path, data_dir)
    build(settings)
    store = EmbeddedStore.from_file(settings.built_file)
    return validate_graph(store.graph(), load_shapes(settings.shapes_dir))


def test_shipped_data_conform(store, settings) -> None:
    report = validate_graph(store.graph(), load_shapes(settings.shapes_dir))
    assert report.conforms, report.to_text()


def test_minimal_fixture_conforms(tmp_path: Path) -> None:
    report = validate_dir(tmp_path, TESTS / "data" / "minimal")
    assert report.conforms, report.to_text()


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_each_shape_catches_its_breakage(tmp_path: Path, case: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(TESTS / "data" / "minimal", data)
    shutil.copy(case, data / case.name)
    report = validate_dir(tmp_path, data)
    expected_shape = case.stem.split("__")[0]
    assert not report.conforms, f"{case.name} was accepted"
    owners = {f.shape.rsplit("#", 1)[-1] for f in report.violations}
    assert expected_shape in owners, owners
    assert all(len(f.message.split()) > 3 for f in report.violations), "every violation explains itself"


def test_validation_text_is_dutch_and_grouped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(TESTS / "data" / "minimal", data)
    shutil.copy(TESTS / "cases" / "shapes" / "TransferShape__missing-target-and-certainty.ttl", data / "t.ttl")
    text = validate_dir(tmp_path, data).to_text()
    assert text.startswith("Voldoet NIET")
    assert "== Overdracht" in text
    assert "zeker" in text  # the certainty message
