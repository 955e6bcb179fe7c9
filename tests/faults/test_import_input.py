"""Import input that would destroy or corrupt data is refused; kg validate notices a partial import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.import_manifest import ShrinkRefused, check_shrink
from kg.namespaces import KGB
from tests.faults.conftest import REGIONS, Project, assert_refused, write_csvs


def csv(folder: Path, name: str, *lines: str) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["gemeenten", "veiligheidsregios"])
def test_a_header_only_csv_is_refused(project: Project, tmp_path: Path, which: str) -> None:
    old = project.region_files()
    header = (REGIONS / f"{which}.csv").read_text(encoding="utf-8").splitlines()[0]
    other = "veiligheidsregios" if which == "gemeenten" else "gemeenten"
    code, output = project.invoke("import", "regions", str(csv(tmp_path, f"{which}.csv", header)),
                                  str(REGIONS / f"{other}.csv"))
    assert_refused(code, output, f"{which}.csv:1:", "alleen een kopregel")
    assert project.region_files() == old


@pytest.mark.parametrize("code", ["GM\u0661\u0662\u0663\u0664", "GM\uff10\uff10\uff17\uff14", "GM007\u0664"])
def test_codes_must_be_ascii_digits(project: Project, tmp_path: Path, code: str) -> None:
    old = project.region_files()
    gemeenten = csv(tmp_path, "gemeenten.csv", "gemeentecode,naam,veiligheidsregiocode", "GM0074,Heerenveen,VR02",
                    f'"{code}",Elders,VR02')
    result, output = project.invoke("import", "regions", str(REGIONS / "veiligheidsregios.csv"), str(gemeenten))
    assert_refused(result, output, "gemeenten.csv:3:", "ongeldige code")
    assert project.region_files() == old


def test_a_truncated_csv_is_refused_unless_allowed(project: Project, tmp_path: Path) -> None:
    old = project.region_files()
    truncated = csv(tmp_path, "gemeenten.csv", "gemeentecode,naam,veiligheidsregiocode", "GM0074,Heerenveen,VR02",
                    "GM0034,Almere,VR25")
    args = ["import", "regions", str(REGIONS / "veiligheidsregios.csv"), str(truncated)]
    code, output = project.invoke(*args)
    assert_refused(code, output, "2 van de 4 gemeenten", "GM0303", "--allow-shrink")
    assert project.region_files() == old
    code, output = project.invoke(*args, "--allow-shrink")
    assert code == 0, output
    assert project.region_files()["gemeenten.ttl"].count(b"a kgb:Municipality") == 2


def test_the_shrink_threshold() -> None:
    before = {KGB.Municipality: {f"GM{i:04d}" for i in range(342)}}
    names = {KGB.Municipality: "gemeenten"}
    check_shrink(before, {KGB.Municipality: set(sorted(before[KGB.Municipality])[:310])}, names, False)  # 32 merged
    with pytest.raises(ShrinkRefused):
        check_shrink(before, {KGB.Municipality: set(sorted(before[KGB.Municipality])[:300])}, names, False)
    check_shrink(before, {KGB.Municipality: set()}, names, True)


def test_the_import_writes_a_manifest_that_validate_checks(project: Project, tmp_path: Path) -> None:
    assert "void#entities> 4" in (project.regions / "import.ttl").read_text(encoding="utf-8")
    assert "Importtelling" not in project.invoke("validate")[1]
    # A partial state: gemeenten.ttl from another import (three municipalities) beside the others.
    other = Project(tmp_path / "other")
    shutil.copytree(project.root, other.root)
    small = csv(tmp_path, "gemeenten.csv", "gemeentecode,naam,veiligheidsregiocode", "GM0074,Heerenveen,VR02",
                "GM1900,Súdwest-Fryslân,VR02", "GM0303,Dronten,VR25")
    assert other.invoke("import", "regions", str(REGIONS / "veiligheidsregios.csv"), str(small),
                        "--allow-shrink")[0] == 0
    shutil.copy(other.regions / "gemeenten.ttl", project.regions / "gemeenten.ttl")
    code, output = project.invoke("validate")
    assert code == 1 and "Importtelling" in output and "bevat 3 " in output, output


def test_validate_notices_a_doubled_import(project: Project, tmp_path: Path) -> None:
    assert "precies één naam" not in project.invoke("validate")[1]
    renamed = write_csvs(tmp_path / "renamed", " (nieuw)")
    other = Project(tmp_path / "other")
    shutil.copytree(project.root, other.root)
    assert other.invoke("import", "regions", *map(str, renamed))[0] == 0
    # A copy of another import's municipalities that is not hidden is data: validate must say so.
    shutil.copy(other.regions / "gemeenten.ttl", project.regions / "gemeenten-kopie.ttl")
    code, output = project.invoke("validate")
    assert code == 1 and "precies één naam" in output, output
