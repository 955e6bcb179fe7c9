"""kg import regions: what it writes, that it is idempotent, and how it refuses bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.cli import main
from kg.config import PROJECT_ROOT
from kg.namespaces import ID, KGB
from kg.regions.importer import import_regions
from kg.regions.tables import RegionInputError, read_tables
from tests.regions.conftest import DATA

MALFORMED = DATA / "malformed"
OUTPUTS = ("veiligheidsregios.ttl", "gemeenten.ttl", "instances.ttl", "import.ttl")


def problems(*paths: Path) -> list[str]:
    with pytest.raises(RegionInputError) as exc:
        read_tables(list(paths))
    return [str(p) for p in exc.value.problems]


def load(folder: Path) -> Graph:
    graph = Graph()
    for name in OUTPUTS:
        graph.parse(folder / name, format="turtle")
    return graph


def test_all_342_municipalities_and_25_regions_load(shared_csvs: list[Path], tmp_path: Path) -> None:
    report = import_regions(shared_csvs, tmp_path)
    graph = load(tmp_path)
    municipalities = set(graph.subjects(RDF.type, KGB.Municipality))
    regions = set(graph.subjects(RDF.type, KGB.SafetyRegion))
    assert (report.municipalities, report.safety_regions) == (342, 25)
    assert len(municipalities) == 342 and len(regions) == 25
    assert all(len(set(graph.objects(m, KGB.inRegion)) & regions) == 1 for m in municipalities)
    assert (ID["region/gm/GM0074"], KGB.inRegion, ID["region/vr/VR02"]) in graph  # Heerenveen in Fryslân


def test_provenance_names_file_publisher_date_and_checksum(shared_csvs: list[Path], tmp_path: Path) -> None:
    shutil.copy(PROJECT_ROOT / "data" / "regions" / "sources.toml", tmp_path)
    import_regions(shared_csvs, tmp_path)
    graph = load(tmp_path)
    dataset = ID["dataset/municipalities-2023"]
    assert (ID["region/gm/GM0363"], PROV.wasDerivedFrom, dataset) in graph
    assert graph.value(dataset, DCTERMS.source) == Literal("municipalities-2023.csv")
    assert "Volksgezondheid" in str(graph.value(dataset, DCTERMS.publisher))
    assert str(graph.value(dataset, DCTERMS.issued)) == "2023-07"
    assert len(str(graph.value(dataset, KGB.sha256))) == 64


def test_the_committed_region_files_are_what_the_importer_writes(shared_csvs: list[Path], tmp_path: Path) -> None:
    shutil.copy(PROJECT_ROOT / "data" / "regions" / "sources.toml", tmp_path)
    import_regions(shared_csvs, tmp_path)
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (PROJECT_ROOT / "data" / "regions" / name).read_bytes(), \
            f"data/regions/{name} is stale: re-run kg import regions"


def test_importing_twice_gives_byte_identical_files_in_any_argument_order(small_csvs: list[Path], tmp_path: Path) -> None:
    first = import_regions(small_csvs, tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in OUTPUTS}
    second = import_regions(list(reversed(small_csvs)), tmp_path)
    assert len(first.written) == len(OUTPUTS) and not first.unchanged
    assert not second.written and len(second.unchanged) == len(OUTPUTS)
    assert {name: (tmp_path / name).read_bytes() for name in OUTPUTS} == before


def test_instances_are_generated_per_region_and_follow_the_region_data(small_csvs: list[Path], tmp_path: Path) -> None:
    import_regions(small_csvs, tmp_path)
    graph = load(tmp_path)
    rvt = ID["org/regionaal-veiligheidsteam/VR02"]
    assert set(graph.objects(rvt, PROV.wasDerivedFrom)) == {
        ID["rule/regionaal-veiligheidsteam-per-veiligheidsregio"], ID["dataset/veiligheidsregios"]}
    assert graph.value(rvt, KGB.instanceOf) == ID["orgtype/regionaal-veiligheidsteam"]
    assert graph.value(rvt, KGB.servesRegion) == ID["region/vr/VR02"]
    assert graph.value(rvt, KGB.existsIn) == ID["scenario/ontwikkelrichting-2024"]
    assert str(graph.value(rvt, RDFS.label)) == "RVT Fryslân"
    assert (ID["org/lokaal-team/GM0303"], KGB.servesRegion, ID["region/gm/GM0303"]) in graph
    assert (ID["org/lokaal-team/GM0303"], KGB.existsIn, None) not in graph  # in every scenario
    # per region kind: 2 rules × 2 regions + 3 rules × 4 municipalities
    assert len(set(graph.subjects(RDF.type, KGB.RegionalInstance))) == 2 * 2 + 3 * 4

    fewer = tmp_path / "fewer.csv"
    fewer.write_text("gemeentecode,naam,veiligheidsregiocode\nGM0074,Heerenveen,VR02\n", encoding="utf-8")
    import_regions([small_csvs[0], fewer], tmp_path, allow_shrink=True)
    graph = load(tmp_path)
    assert (ID["org/lokaal-team/GM0303"], None, None) not in graph
    assert (ID["org/lokaal-team/GM0074"], RDF.type, KGB.RegionalInstance) in graph


@pytest.mark.parametrize("fixture, expected", [
    ("unknown-region.csv", ["unknown-region.csv:3: onbekende veiligheidsregiocode VR99 voor GM0303 Dronten"]),
    ("duplicate-municipality.csv", ["duplicate-municipality.csv:4: dubbele gemeentecode GM0074 (ook op regel 2)"]),
    ("bad-code.csv", ["bad-code.csv:2: ongeldige code 'GM74' (verwacht de vorm GM0363)",
                      "bad-code.csv:3: ongeldige code 'vr25' (verwacht de vorm VR01)"]),
    ("missing-column.csv", ["missing-column.csv:1: kolom 'veiligheidsregiocode' ontbreekt in de kopregel"]),
    ("short-row.csv", ["short-row.csv:4: 2 velden, verwacht 3", "short-row.csv:5: lege waarde in kolom 'naam'"]),
])
def test_malformed_municipality_rows_are_reported_with_their_line(fixture: str, expected: list[str]) -> None:
    found = problems(DATA / "veiligheidsregios.csv", MALFORMED / fixture)
    assert len(found) == len(expected), found
    for problem, start in zip(found, expected):
        assert problem.startswith(start), problem


def test_malformed_region_files_are_reported() -> None:
    assert problems(MALFORMED / "duplicate-region.csv", DATA / "gemeenten.csv")[0].startswith(
        "duplicate-region.csv:3: dubbele veiligheidsregiocode VR02 (ook op regel 2)")
    found = problems(MALFORMED / "unknown-header.csv", DATA / "gemeenten.csv")
    assert found[0].startswith("unknown-header.csv:1: onbekende kopregel")
    assert any("geen bestand met veiligheidsregio's" in p for p in found)
    assert any("geen bestand met gemeenten" in p for p in problems(DATA / "veiligheidsregios.csv"))


def test_the_command_refuses_bad_input_writes_nothing_and_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "import", "regions",
                                       str(DATA / "veiligheidsregios.csv"), str(MALFORMED / "duplicate-municipality.csv")])
    assert result.exit_code == 2
    assert "duplicate-municipality.csv:4: dubbele gemeentecode GM0074" in result.output
    assert "niets geschreven" in result.output
    assert not (tmp_path / "regions").exists()


def test_the_command_leaves_existing_files_untouched_on_bad_input(small_csvs: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["--data-dir", str(tmp_path), "import", "regions", *map(str, small_csvs)])
    assert ok.exit_code == 0, ok.output
    assert "2 veiligheidsregio's, 4 gemeenten" in ok.output
    before = {name: (tmp_path / "regions" / name).read_bytes() for name in OUTPUTS}
    bad = runner.invoke(main, ["--data-dir", str(tmp_path), "import", "regions",
                               str(small_csvs[0]), str(MALFORMED / "unknown-region.csv")])
    assert bad.exit_code == 2
    assert {name: (tmp_path / "regions" / name).read_bytes() for name in OUTPUTS} == before
