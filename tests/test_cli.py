"""The kg command: help everywhere, clear errors, every output format parses."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main
from tests.conftest import TESTS


def invoke(runner: CliRunner, settings, *args: str):
    return runner.invoke(main, ["--build-dir", str(settings.build_dir), *args], catch_exceptions=False)


def all_commands(group=main, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield prefix + (name,)
        if hasattr(cmd, "commands"):
            yield from all_commands(cmd, prefix + (name,))


@pytest.mark.parametrize("command", list(all_commands()), ids=lambda c: " ".join(c))
def test_every_command_has_help(runner: CliRunner, command: tuple[str, ...]) -> None:
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_build_reports_counts_per_class(runner, settings, store) -> None:
    result = invoke(runner, settings, "build")
    assert result.exit_code == 0
    assert "kgb:CoreTask" in result.output and "9" in result.output
    assert "quads" in result.output


def test_build_syntax_error_names_file_and_line_and_keeps_previous_build(tmp_path: Path, runner) -> None:
    data = tmp_path / "data"
    shutil.copytree(TESTS / "data" / "minimal", data)
    build_dir = tmp_path / "build"
    ok = runner.invoke(main, ["--data-dir", str(data), "--build-dir", str(build_dir), "build", "-q"])
    assert ok.exit_code == 0
    before = (build_dir / "graph.nq").read_bytes()
    built = sorted(p.name for p in build_dir.iterdir())
    (data / "broken.ttl").write_text('@prefix x: <http://x/> .\nx:a x:b x:c ;\n  x:d "unterminated .\n')
    bad = runner.invoke(main, ["--data-dir", str(data), "--build-dir", str(build_dir), "build", "-q"])
    assert bad.exit_code == 2
    assert "broken.ttl" in bad.output and "line 3" in bad.output
    assert (build_dir / "graph.nq").read_bytes() == before
    assert sorted(p.name for p in build_dir.iterdir()) == built, "no temporary files left behind"


def test_query_formats(runner, settings, store) -> None:
    q = "SELECT ?t ?n WHERE { ?t a kgb:CoreTask ; skos:notation ?n } ORDER BY ?n"
    table = invoke(runner, settings, "query", q)
    assert table.exit_code == 0 and "(9 rijen)" in table.output
    rows = list(csv.reader(io.StringIO(invoke(runner, settings, "query", q, "--format", "csv").output)))
    assert rows[0] == ["t", "n"] and [r[1] for r in rows[1:]] == [str(i) for i in range(1, 10)]
    data = json.loads(invoke(runner, settings, "query", q, "--format", "json").output)
    assert len(data["results"]["bindings"]) == 9
    ttl = invoke(runner, settings, "query", "CONSTRUCT { ?t a kgb:CoreTask } WHERE { ?t a kgb:CoreTask }", "--format", "turtle")
    assert len(Graph().parse(data=ttl.output, format="turtle")) == 9
    assert invoke(runner, settings, "query", "ASK { ?t a kgb:CoreTask }").output.strip() == "true"


def test_malformed_query_gives_parser_message_and_exit_2(runner, settings, store) -> None:
    result = runner.invoke(main, ["--build-dir", str(settings.build_dir), "query", "SELECT ?x WHERE { ?x ?y }"])
    assert result.exit_code == 2
    assert "ongeldige query" in result.output and "1:" in result.output


def test_named_query_and_unknown_name(runner, settings, store) -> None:
    listing = invoke(runner, settings, "query", "--list")
    assert "cq/01-powers-on-jeugdwet-3-2" in listing.output
    unknown = runner.invoke(main, ["--build-dir", str(settings.build_dir), "query", "--name", "cq/nope"])
    assert unknown.exit_code == 2 and "beschikbaar" in unknown.output


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_export_whole_graph_parses(runner, settings, store, fmt: str, parser: str) -> None:
    result = invoke(runner, settings, "export", "--format", fmt)
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.output, format=parser)) > 500


def test_export_trig_keeps_named_graphs(runner, settings, store) -> None:
    ds = Dataset()
    ds.parse(data=invoke(runner, settings, "export", "--format", "trig").output, format="trig")
    names = {str(g.identifier) for g in ds.graphs()}
    assert "https://w3id.org/kgb/graph/ontology/kgb" in names
    assert "https://w3id.org/kgb/graph/data/tasks/kerntaken" in names
    assert "https://w3id.org/kgb/graph/derived/enrichment" in names


def test_export_one_scenario_and_unknown_scenario(runner, settings, store) -> None:
    result = invoke(runner, settings, "export", "--scenario", "huidig")
    g = Graph().parse(data=result.output, format="turtle")
    assert len(g) > 10
    bad = runner.invoke(main, ["--build-dir", str(settings.build_dir), "export", "--scenario", "morgen"])
    assert bad.exit_code == 2 and "huidig" in bad.output


def test_stats_counts_per_class_and_scenario(runner, settings, store) -> None:
    data = json.loads(invoke(runner, settings, "stats", "--format", "json").output)
    assert data["classes"]["kgb:CoreTask"] == 9
    assert set(data["scenarios"]) == {"huidig", "toekomstscenario-2021", "ontwikkelrichting-2024"}


def test_validate_exit_codes(runner, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(TESTS / "data" / "minimal", data)
    base = ["--data-dir", str(data), "--build-dir", str(tmp_path / "b")]
    assert runner.invoke(main, [*base, "validate"]).exit_code == 0
    shutil.copy(TESTS / "cases" / "shapes" / "TransferShape__missing-target-and-certainty.ttl", data / "t.ttl")
    result = runner.invoke(main, [*base, "validate"])
    assert result.exit_code == 1 and "Overdracht" in result.output
    as_json = json.loads(runner.invoke(main, [*base, "validate", "--format", "json"]).output)
    assert as_json["conforms"] is False and as_json["results"]


def test_update_is_refused_with_a_clear_message(runner, settings, store) -> None:
    result = runner.invoke(main, ["--build-dir", str(settings.build_dir), "query", "INSERT DATA { <a:b> <a:c> <a:d> }"])
    assert result.exit_code == 2
    assert "SPARQL Update" in result.output and "geweigerd" in result.output


def test_a_reader_that_stops_early_gets_no_error_message(settings, store) -> None:
    """`kg stats | head -1`: the closed pipe ends the command quietly (SIGPIPE's exit status), no 'kg: fout'."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "kg", "--build-dir", str(settings.build_dir), "stats"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the command writes its first line
    _, err = process.communicate(timeout=120)
    assert process.returncode == 141, err.decode()
    assert b"fout" not in err and b"Traceback" not in err, err.decode()
