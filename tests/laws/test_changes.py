"""kg laws changed: every cited provision whose text in force differs from the curated version."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kg.cli import main
from kg.laws.diff import key_differences, segments

JW, WMO, SR = "BWBR0034925", "BWBR0035362", "BWBR0001854"


@pytest.fixture(scope="module")
def report(runner_module, settings, store, shared_dir) -> dict:
    result = runner_module.invoke(main, ["--build-dir", str(settings.build_dir), "laws", "changed", "--format", "json"],
                                  catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def runner_module():
    from click.testing import CliRunner

    return CliRunner()


def articles(report: dict, bwb: str) -> set[str]:
    return {p["provision"].split("/artikel/")[1].split("/")[0] for p in report["provisions"] if p["regulation"] == bwb}


def test_lists_the_changed_jeugdwet_and_wmo_articles_and_77hh(report) -> None:
    jw, wmo = articles(report, JW), articles(report, WMO)
    assert {"1.1", "2.6", "3.1", "3.4", "4.1.1", "6.1.8", "7.3.11", "7.3.17"} <= jw
    assert {"4.1.1", "5.1.6"} <= wmo
    assert len(jw) + len(wmo) >= 20
    by_label = {p["label"]: p for p in report["provisions"]}
    hh = by_label["art. 77hh lid 1 Sr"]
    assert hh["status"] == "lapsed" and hh["current_from"] == "2023-01-01"
    assert hh["review"]["suggested"].endswith(f"{SR}/artikel/77aa/lid/1")
    assert by_label["art. 7.3.17 Jeugdwet"]["status"] == "added"
    changed = by_label["art. 3.1 lid 1 Jeugdwet"]
    assert changed["differences"][0]["new"] == "Veilig Thuis"


def test_every_changed_legal_basis_is_updated_or_kept_with_a_reason(report) -> None:
    direct = [p for p in report["provisions"] if any(r["basis"] == p["provision"] for r in p["resting_on_it"])]
    assert len(direct) >= 20
    missing = [p["label"] for p in direct if not (p["review"] and p["review"]["note"])]
    assert not missing, f"no review for {missing}"


def test_renumbered_provision_gets_its_successor_by_wording(report) -> None:
    g = next(p for p in report["provisions"] if p["provision"].endswith(f"{JW}/artikel/2.6/lid/1/onderdeel/g"))
    assert g["status"] == "lapsed"
    assert g["suggested_basis"]["provision"].endswith(f"{JW}/artikel/2.6/lid/1/onderdeel/e")


def test_table_and_csv_formats(runner_module, settings, report) -> None:
    base = ["--build-dir", str(settings.build_dir), "laws", "changed"]
    table = runner_module.invoke(main, base, catch_exceptions=False).output
    assert "art. 77hh lid 1 Sr" in table and "nader te bepalen" in table
    rows = list(csv.reader(io.StringIO(runner_module.invoke(main, base + ["--format", "csv"], catch_exceptions=False).output)))
    assert rows[0][:2] == ["bepaling", "status"] and len(rows) == report["count"] + 1


def test_word_level_differences_ignore_layout() -> None:
    assert key_differences("1.  Het AMHK meldt, zo nodig.", "1. Veilig Thuis meldt zo nodig.")[0].new == "Veilig Thuis"
    assert [s.op for s in segments("- a b c", "a b c")] == ["equal"]
