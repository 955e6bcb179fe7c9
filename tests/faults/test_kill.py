"""kill -9 at every write and rename step of ``kg import regions`` and ``kg build``.

The steps are not listed here: a clean run records every step it reaches
(``KG_FAULT_TRACE``), then the command is killed at each one in turn
(``KG_FAULT=kill@STEP``). Afterwards the next command must find the complete old or the
complete new state — never a mix, never a leftover file.
"""

from __future__ import annotations

import re
import shutil
import signal
from pathlib import Path

import pyoxigraph as ox

from kg.build import build, recover
from kg.builddir import open_read_only
from kg.config import load_settings
from kg.store import EmbeddedStore
from tests.faults.conftest import GENERATED, Project

MARKER = "https://w3id.org/kgb/id/fault-test-marker"


def copy(template: Project, target: Path) -> Project:
    shutil.copytree(template.root, target)
    return Project(target)


def recorded_steps(project: Project, *args: str) -> list[str]:
    """Run ``kg ARGS`` without faults and return the write/rename steps it went through."""
    trace = project.root / "steps.txt"
    result = project.kg(*args, KG_FAULT_TRACE=str(trace))
    assert result.returncode == 0, result.stderr
    # A store folder gets a new name in every build: match it by pattern.
    return [re.sub(r"store-[0-9a-f-]+$", "store-*", step) for step in trace.read_text(encoding="utf-8").split()]


def labels_per_municipality(project: Project) -> list[int]:
    store = EmbeddedStore.from_file(project.build / "graph.nq")
    rows = store.select("SELECT ?m (COUNT(?l) AS ?n) WHERE { ?m a <https://w3id.org/kgb/def#Municipality> ; "
                        "<http://www.w3.org/2000/01/rdf-schema#label> ?l } GROUP BY ?m")
    return sorted(int(r["n"]) for r in rows)


def test_a_kill_at_any_step_of_import_regions_leaves_the_complete_old_or_new_set(
        template: Project, new_csvs: list[Path], tmp_path: Path) -> None:
    args = ("import", "regions", *map(str, new_csvs))
    done = copy(template, tmp_path / "done")
    steps = recorded_steps(done, *args)
    old, new = template.region_files(), done.region_files()
    changed = {name for name in GENERATED if old[name] != new[name]}
    assert {"veiligheidsregios.ttl", "gemeenten.ttl", "instances.ttl"} <= changed
    for kind in ("write", "install"):
        assert {s for s in steps if s.startswith(kind + ":")} == {f"{kind}:{name}" for name in changed}
    assert {"commit", "cleanup"} <= set(steps)

    for i, step in enumerate(steps):
        project = copy(template, tmp_path / f"kill-{i}")
        result = project.kg(*args, KG_FAULT=f"kill@{step}")
        assert result.returncode == -signal.SIGKILL, (step, result.stderr)
        # The next command finishes a committed import or discards an uncommitted one (the build's first step).
        recover(load_settings().with_(data_dir=project.data, build_dir=project.build))
        expected = new if i > steps.index("commit") else old
        assert project.region_files() == expected, f"mixed state after a kill at {step}"
        assert project.leftovers() == [], step
    build(load_settings().with_(data_dir=project.data, build_dir=project.build))
    assert labels_per_municipality(project) == [1, 1, 1, 1]


def graph_state(project: Project) -> tuple[int, bool]:
    """(quads, whether the marker is in) of build/graph.nq; parsing it proves it is complete."""
    quads = list(ox.parse(path=str(project.build / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    return len(quads), any(q.subject.value == MARKER for q in quads)


def test_a_kill_at_any_step_of_build_keeps_the_complete_old_or_new_graph(template: Project, tmp_path: Path) -> None:
    base = copy(template, tmp_path / "base")
    settings = load_settings().with_(data_dir=base.data, build_dir=base.build)
    build(settings)
    old = graph_state(base)
    (base.data / "marker.ttl").write_text(f"<{MARKER}> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" .\n",
                                          encoding="utf-8")
    done = copy(base, tmp_path / "done")
    steps = recorded_steps(done, "build", "-q")
    new = graph_state(done)
    assert new[1] and not old[1]
    assert {"write:graph.nq", "write:store", "write:manifest.json", "commit", "install:store-*", "install:graph.nq",
            "install:manifest.json", "cleanup"} <= set(steps)

    for i, step in enumerate(steps):
        project = copy(base, tmp_path / f"kill-{i}")
        result = project.kg("build", "-q", KG_FAULT=f"kill@{step}")
        assert result.returncode == -signal.SIGKILL, (step, result.stderr)
        assert graph_state(project) in (old, new), step
        settings = load_settings().with_(data_dir=project.data, build_dir=project.build)
        recover(settings)
        expected = new if i > steps.index("commit") else old
        assert graph_state(project) == expected, step
        assert len(open_read_only(settings)[0]) == expected[0], f"store and export differ after a kill at {step}"
        assert project.leftovers() == [], step
