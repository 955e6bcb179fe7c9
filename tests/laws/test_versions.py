"""Statute versions in the built graph, and as-of answers (kg query --as-of, endpoint as-of)."""

from __future__ import annotations

import json

import pytest

from kg.cli import main
from kg.enrich import provision_iri
from kg.laws.asof import as_of_store, parse_day
from kg.namespaces import sparql_prologue
from kg.store import EmbeddedStore

JW_7311 = provision_iri("BWBR0034925", artikel="7.3.11")
JW_7317 = provision_iri("BWBR0034925", artikel="7.3.17")
SR_77HH = provision_iri("BWBR0001854", artikel="77hh")

IN_FORCE = """SELECT ?work ?version ?text ?lapsed WHERE {
  VALUES ?work { <%s> <%s> <%s> }
  ?work kgb:inForceVersion ?version .
  OPTIONAL { ?version kgb:text ?text } OPTIONAL { ?version kgb:lapsed ?lapsed }
}""" % (JW_7311, JW_7317, SR_77HH)


@pytest.fixture(scope="module")
def versioned(store, shared_dir) -> EmbeddedStore:
    """The built store; the tests need the law folder in ../shared."""
    return store


def in_force(runner, settings, day: str | None) -> dict[str, dict]:
    args = ["--build-dir", str(settings.build_dir), "query", "--format", "json", IN_FORCE]
    result = runner.invoke(main, args + (["--as-of", day] if day else []), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]  # stderr may name laws without a version that day
    return {row["work"]["value"]: {k: v["value"] for k, v in row.items()} for row in rows}


def test_as_of_2016_and_2026_give_different_texts_for_jeugdwet_7_3_11(runner, settings, versioned) -> None:
    then, now = in_force(runner, settings, "2016-01-01")[str(JW_7311)], in_force(runner, settings, "2026-07-01")[str(JW_7311)]
    assert then["version"].endswith("/versie/2015-01-05") and now["version"].endswith("/versie/2026-01-01")
    assert then["text"] != now["text"]
    assert "derde lid" in then["text"] and "vierde lid" in now["text"]  # art. 7.3.2 was renumbered in between


def test_7_3_17_exists_in_2026_and_not_in_2015(runner, settings, versioned) -> None:
    assert str(JW_7317) in in_force(runner, settings, "2026-07-01")
    assert str(JW_7317) not in in_force(runner, settings, "2015-06-01")
    assert str(JW_7317) in in_force(runner, settings, None)  # no date: the newest version


def test_77hh_sr_is_lapsed_as_of_2023(runner, settings, versioned) -> None:
    row = in_force(runner, settings, "2023-07-01")[str(SR_77HH)]
    assert row.get("lapsed") == "true" and row["text"] == "Vervallen"
    before = in_force(runner, settings, "2016-01-01")[str(SR_77HH)]
    assert "lapsed" not in before and "raad voor de kinderbescherming" in before["text"]


def test_identical_text_in_consecutive_versions_is_one_expression(versioned) -> None:
    rows = versioned.select(sparql_prologue() + """SELECT ?v ?from ?to WHERE { ?v eli:realizes <%s> ; eli:first_date_entry_in_force ?from .
        OPTIONAL { ?v eli:date_no_longer_in_force ?to } } ORDER BY ?from""" % provision_iri("BWBR0002656", artikel="255"))
    # 57 versions of BW Boek 1, far fewer texts of art. 255; the spans follow each other without gaps.
    assert 1 < len(rows) < 20
    for earlier, later in zip(rows, rows[1:]):
        assert "to" in earlier and str(earlier["to"]) < str(later["from"])
    assert "to" not in rows[-1]


def test_each_version_has_jci_and_link_with_its_date(versioned) -> None:
    rows = versioned.select(sparql_prologue() + "SELECT ?jci ?url WHERE { <%s/versie/2026-01-01> kgb:jci ?jci ; kgb:wettenUrl ?url }" % JW_7311)
    assert [(str(r["jci"]), str(r["url"])) for r in rows] == [(
        "jci1.3:c:BWBR0034925&artikel=7.3.11&g=2026-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0034925&artikel=7.3.11&g=2026-01-01")]


def test_stats_shows_versions_per_regulation(runner, settings, versioned) -> None:
    result = runner.invoke(main, ["--build-dir", str(settings.build_dir), "stats", "--format", "json"], catch_exceptions=False)
    versions = json.loads(result.output)["versions"]
    assert versions["id:bwb/BWBR0002656"]["versions"] >= 57
    assert versions["id:bwb/BWBR0034925"]["versions"] >= 2


def test_as_of_copy_leaves_the_store_alone_and_rejects_bad_dates(versioned) -> None:
    before = len(versioned)
    copy = as_of_store(versioned.ox, parse_day("2014-01-01"))
    assert len(versioned) == before
    assert not list(EmbeddedStore(copy).select(sparql_prologue() + "SELECT ?v WHERE { <%s> kgb:inForceVersion ?v }" % JW_7311))
    with pytest.raises(ValueError, match="peildatum"):
        parse_day("1-1-2016")


def test_endpoint_as_of_parameter(versioned, settings) -> None:
    from web import create_app

    client = create_app({"TESTING": True, "KG_SETTINGS": settings, "KG_STORE": versioned}).test_client()
    query = "SELECT ?v WHERE { <%s> kgb:inForceVersion ?v }" % JW_7311
    then = client.get("/sparql", query_string={"query": query, "as-of": "2016-01-01", "format": "json"})
    now = client.get("/sparql", query_string={"query": query, "format": "json"})
    assert then.status_code == now.status_code == 200
    assert then.json["results"]["bindings"][0]["v"]["value"].endswith("2015-01-05")
    assert now.json["results"]["bindings"][0]["v"]["value"].endswith("2026-01-01")
    bad = client.get("/sparql", query_string={"query": query, "as-of": "gisteren", "format": "json"})
    assert bad.status_code == 400 and "peildatum" in bad.get_data(as_text=True)
    assert "KG-As-Of-Note" not in then.headers  # every law has a version on 2016-01-01
    before = client.get("/sparql", query_string={"query": query, "as-of": "2015-01-01", "format": "json"})
    assert before.status_code == 200 and before.json["results"]["bindings"] == []
    # ... and the empty answer says why: no Jeugdwet text is loaded for that day, the nearest is named
    assert "Jeugdwet (dichtstbijzijnde: 2015-01-05" in before.headers["KG-As-Of-Note"]
    assert "KG-As-Of-Note" in before.headers["Access-Control-Expose-Headers"]
