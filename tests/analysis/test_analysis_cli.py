"""The analysis commands on the command line: formats, files, help and errors."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

COMMANDS = [
    ("inherit", "-s", "toekomst"),
    ("inherit", "--compare"),
    ("overlaps", "-s", "huidig"),
    ("gaps", "-s", "toekomst"),
    ("conflicts", "-s", "toekomst", "--no-reasoner"),
    ("diff", "huidig", "toekomst"),
    ("relay",),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_json_carries_command_and_schema_version(world_cli, args) -> None:
    result = world_cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schemaVersion"] == "1.0"
    assert data["command"] == ("inherit-compare" if "--compare" in args else args[0])


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_csv_is_the_first_table(world_cli, args) -> None:
    result = world_cli(*args, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_table_output(world_cli, args) -> None:
    result = world_cli(*args)
    assert result.exit_code == 0, result.output
    assert "rij" in result.output


@pytest.mark.parametrize("command", ["inherit", "overlaps", "gaps", "conflicts", "diff", "relay"])
def test_every_command_has_help(world_cli, command) -> None:
    result = world_cli(command, "--help")
    assert result.exit_code == 0 and "--format" in result.output


@pytest.mark.parametrize("args", [
    ("inherit", "-s", "morgen"), ("overlaps", "-s", "morgen"), ("gaps", "-s", "morgen"),
    ("conflicts", "-s", "morgen"), ("diff", "huidig", "morgen"), ("relay", "-s", "morgen"),
    ("inherit", "--compare", "-s", "morgen"),
], ids=lambda a: " ".join(a))
def test_unknown_scenario_exits_2_with_the_known_ones(world_cli, args) -> None:
    result = world_cli(*args)
    assert result.exit_code == 2
    assert "onbekend scenario 'morgen'" in result.output and "huidig, kring, leeg, toekomst" in result.output


@pytest.mark.parametrize("args", [
    ("inherit", "-s", "toekomst", "--to", "omega"), ("inherit", "--compare", "--from", "omega"),
], ids=lambda a: " ".join(a))
def test_unknown_organisation_exits_2_with_the_known_ones(world_cli, args) -> None:
    result = world_cli(*args)
    assert result.exit_code == 2
    assert "onbekende organisatie 'omega'" in result.output and "org/delta" in result.output


def test_inherit_needs_a_scenario_or_compare(world_cli) -> None:
    result = world_cli("inherit")
    assert result.exit_code == 2 and "--scenario" in result.output


def test_inherit_without_transfers_asks_for_an_organisation(world_cli) -> None:
    result = world_cli("inherit", "-s", "leeg")
    assert result.exit_code == 2 and "--to" in result.output


def test_two_scenarios_compare_side_by_side(world_cli) -> None:
    result = world_cli("inherit", "-s", "toekomst", "-s", "kring", "--to", "delta", "--format", "json")
    data = json.loads(result.output)
    assert data["command"] == "inherit-compare" and [s["label"] for s in data["scenarios"]] == ["Toekomst", "Kring"]


def test_relay_writes_graphml_and_node_link_json(world_cli, tmp_path) -> None:
    graphml, node_link = tmp_path / "relay.graphml", tmp_path / "relay.json"
    assert world_cli("relay", "-s", "huidig", "--output", str(graphml)).exit_code == 0
    assert world_cli("relay", "-s", "huidig", "--output", str(node_link)).exit_code == 0
    graph = nx.read_graphml(graphml)
    assert graph.number_of_nodes() == 8 and all("handover" in d for _, _, d in graph.edges(data=True))
    data = json.loads(node_link.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 8 and data["links"]


def test_relay_refuses_other_file_types(world_cli, tmp_path) -> None:
    result = world_cli("relay", "--output", str(tmp_path / "relay.png"))
    assert result.exit_code == 2 and ".graphml" in result.output
