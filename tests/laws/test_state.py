"""The system on a day (kg state, /stelsel): holdings of today's system against the law of that day."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kg.cli import main
from kg.laws.state import date_range, state_on
from kg.namespaces import ID

JEUGDWET = str(ID["bwb/BWBR0034925"])
GI_PROHIBITION = str(ID["position/gi-verbod-jeugdhulp-aanbieden"])  # rests on Jeugdwet art. 3.2 lid 2 only
RVDK_SUPERVISION = str(ID["position/rvdk-toezicht-jeugdreclassering"])  # rests on art. 77hh lid 1 Sr
OTS = str(ID["position/kinderrechter-ondertoezichtstelling-uitspreken"])  # art. 1:255 BW, numbered so since 2015


@pytest.fixture(scope="module")
def days(store, shared_dir) -> dict[str, object]:
    """The state on the days the issue names (and 2010, inside the BW Boek 1 history); needs ../shared/laws."""
    return {d: state_on(store, date.fromisoformat(d)) for d in ("2010-01-01", "2015-01-01", "2016-01-01", "2023-07-01")}


def holding(state, item: str):
    return next(h for h in state.holdings if h.item == item)


def test_a_day_before_the_oldest_loaded_jeugdwet_text_says_so_and_names_the_nearest_version(days) -> None:
    state = days["2015-01-01"]
    jeugdwet = next(r for r in state.regulations if r.iri == JEUGDWET)
    assert jeugdwet.version_from is None and jeugdwet.oldest == date(2015, 1, 5) and jeugdwet.oldest_inferred
    assert "2015-01-05" in jeugdwet.note and "archiefdatum" in jeugdwet.note
    # unknown, not "did not exist": the snapshot's date is an archive date, not the start of validity
    assert holding(state, GI_PROHIBITION).status.startswith("onbekend")
    assert holding(days["2016-01-01"], GI_PROHIBITION).status == "grondslag geldt"


def test_a_basis_that_lapsed_shows_as_lapsed_on_later_days_only(days) -> None:
    assert holding(days["2016-01-01"], RVDK_SUPERVISION).status == "grondslag geldt"
    later = holding(days["2023-07-01"], RVDK_SUPERVISION)
    assert later.status == "grondslag vervallen"
    assert [b.status for b in later.bases] == ["vervallen"] and "2023-01-01" in later.bases[0].note


def test_bw_boek_1_history_shows_when_a_basis_appeared(days) -> None:
    before = holding(days["2010-01-01"], OTS)
    assert before.status == "grondslag bestond nog niet"
    assert {b.first_from for b in before.bases} == {date(2015, 1, 1)}
    assert holding(days["2016-01-01"], OTS).status == "grondslag geldt"


def test_scenarios_and_events_follow_the_day(days) -> None:
    def status(state, ident: str) -> str:
        return next(s["status"] for s in state.scenarios if s["id"] == ident)

    assert status(days["2015-01-01"], "toekomstscenario-2021") == "nog niet opgesteld"
    assert status(days["2023-07-01"], "toekomstscenario-2021") == "bestond"
    assert status(days["2023-07-01"], "ontwikkelrichting-2024") == "nog niet opgesteld"
    assert all(e["sortDate"] <= "2015-01-01" for e in days["2015-01-01"].events)
    assert len(days["2023-07-01"].events) > len(days["2015-01-01"].events) >= 1


def test_source_dates_give_their_first_and_last_day() -> None:
    assert date_range("2021") == (date(2021, 1, 1), date(2021, 12, 31))
    assert date_range("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_range("2024-10-29") == (date(2024, 10, 29), date(2024, 10, 29))


def test_cli_state_as_of_and_bad_date(runner, settings, days) -> None:
    base = ["--build-dir", str(settings.build_dir), "state"]
    result = runner.invoke(main, base + ["--peildatum", "2023-07-01", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["asOf"] == "2023-07-01" and data["counts"]["grondslag vervallen"] >= 1
    bad = runner.invoke(main, base + ["--as-of", "1-7-2023"])
    assert bad.exit_code != 0 and "peildatum" in bad.output


def test_query_as_of_names_regulations_without_a_version_that_day(runner, settings, days) -> None:
    query = "SELECT ?v WHERE { <%s/artikel/3.2/lid/2> kgb:inForceVersion ?v }" % JEUGDWET
    result = runner.invoke(main, ["--build-dir", str(settings.build_dir), "query", "--as-of", "2015-01-01", query])
    assert result.exit_code == 0
    assert "Jeugdwet (dichtstbijzijnde: 2015-01-05, archiefdatum)" in result.output

