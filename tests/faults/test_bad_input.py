"""Bad input to the build and to ``kg query``: a clear Dutch message, exit 2, the previous build intact."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.config import load_settings
from kg.namespaces import _kgb_namespace
from kg.store import EmbeddedStore
from tests.faults.conftest import Project, assert_refused


@pytest.fixture
def built(project: Project) -> Project:
    """The project with a complete build."""
    assert project.invoke("build", "-q") == (0, "")
    return project


def assert_build_refused(project: Project, *expected: str) -> None:
    """The build stops with a message and leaves the previous graph as it was."""
    before = (project.build / "graph.nq").read_bytes()
    code, output = project.invoke("build", "-q")
    assert_refused(code, output, *expected)
    assert (project.build / "graph.nq").read_bytes() == before
    assert project.leftovers() == []


def test_a_folder_named_like_a_turtle_file(built: Project) -> None:
    (built.data / "x.ttl").mkdir()
    assert_build_refused(built, "data/x.ttl", "is een map")


def test_a_dangling_turtle_link(built: Project) -> None:
    (built.data / "y.ttl").symlink_to(built.root / "nowhere.ttl")
    assert_build_refused(built, "data/y.ttl", "nowhere.ttl", "niet bestaat")


def test_a_literal_over_16_mb_names_file_and_line(built: Project) -> None:
    with (built.data / "big.ttl").open("w", encoding="utf-8") as f:
        f.write("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
        f.write('<urn:x:a> <urn:x:d> "' + "a" * (16 * 1024 * 1024 + 10) + '" .\n')
    assert_build_refused(built, "data/big.ttl:2:", "te groot", "16 MB")


def test_an_empty_ontology_folder(project: Project, tmp_path: Path) -> None:
    empty = tmp_path / "ontology"
    empty.mkdir()
    settings = load_settings().with_(ontology_dir=empty, data_dir=project.data, build_dir=project.build)
    with pytest.raises(Exception) as exc:
        build(settings)
    assert "geen ontologie" in str(exc.value) and str(empty) in str(exc.value)
    # Without a readable ontology the kgb: namespace stays open, so `kg` still starts and can say this.
    assert str(_kgb_namespace(empty).Decided) == "https://w3id.org/kgb/def#Decided"


def test_hidden_temporary_and_backup_files_are_not_data(project: Project) -> None:
    gemeenten = (project.regions / "gemeenten.ttl").read_text(encoding="utf-8")
    copy = gemeenten.replace('"@nl', ' (kopie)"@nl')
    (project.regions / ".gemeenten-x1y2.ttl").write_text(copy, encoding="utf-8")  # a killed import's temp file
    (project.regions / "gemeenten.ttl~").write_text(copy, encoding="utf-8")       # editor backups
    (project.regions / "#gemeenten.ttl#").write_text(copy, encoding="utf-8")
    (project.regions / ".#gemeenten.ttl").symlink_to("root@host.1234")            # an editor's lock link
    (project.data / ".old").mkdir()
    (project.data / ".old" / "gemeenten.ttl").write_text(copy, encoding="utf-8")
    (project.build).mkdir()
    (project.build / ".graph-abc123.nq").write_text("left by a killed build", encoding="utf-8")
    report = build(load_settings().with_(data_dir=project.data, build_dir=project.build))
    assert sorted(p.name for p in report.sources if p.is_relative_to(project.data)) == [
        "gemeenten.ttl", "import.ttl", "instances.ttl", "minimal.ttl", "veiligheidsregios.ttl"]
    store = EmbeddedStore.from_file(project.build / "graph.nq")
    labels = store.select("SELECT ?l WHERE { ?m a <https://w3id.org/kgb/def#Municipality> ; "
                          "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    assert len(labels) == 4 and not any("kopie" in str(r["l"]) for r in labels)
    assert not (project.build / ".graph-abc123.nq").exists()


@pytest.mark.parametrize("opening, closing", [("{", "}"), ("(", ")")])
def test_deep_nesting_in_a_query_is_refused_before_the_parser(built: Project, opening: str, closing: str) -> None:
    # 10,000 levels crash the SPARQL parser (SIGSEGV): run in a separate process so a crash fails only this test.
    inner = "{" + opening * 10000 + closing * 10000 + "}" if opening == "{" else "{ FILTER(" + "(" * 10000 + "1" + ")" * 10000 + ") }"
    result = built.kg("query", "SELECT * WHERE " + inner)
    assert result.returncode == 2, result.stderr
    assert "te diep genest" in result.stderr and "Traceback" not in result.stderr


def test_an_unexpected_error_is_a_message_and_debug_shows_the_traceback(built: Project) -> None:
    (built.data / "bad-utf8.ttl").write_bytes(b"<urn:x:a> <urn:x:b> \"\xff\" .\n")
    code, output = built.invoke("build", "-q")
    assert_refused(code, output, "bad-utf8.ttl")
    debug = subprocess.run([sys.executable, "-m", "kg", "--debug", "build", "-q"], env=built.env,
                           capture_output=True, text=True, timeout=120)
    assert debug.returncode != 0 and "Traceback" in debug.stderr
