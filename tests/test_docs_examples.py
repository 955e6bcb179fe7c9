"""The example output in docs/analysis.md and the README is what the commands print now.

scripts/docs_examples.py regenerates every example by running it in a shell. This drift test is
the cheap part of its ``--check``: the examples that are one ``kg`` command (an analysis, a query,
stats or sources) and write no file, optionally cut by ``| head -N``, run in-process on the session's
built graph (HermiT's result is cached per graph version, so conflicts cost little). An output the
docs abbreviate with "…" is an excerpt: its other lines must appear, in order, in the real output.
Examples with other pipes are left to the script.
"""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import PROJECT_ROOT, Settings
from kg.store import EmbeddedStore

BLOCK = re.compile(r"```console\n(.*?)```", re.S)
#: one kg command (no --output: it writes a file), optionally cut by head
SIMPLE = re.compile(r"^\$ (kg (?:gaps|diff|relay|conflicts|inherit|overlaps|query|stats|sources)\b(?![^|]*--output)[^|;>]*?)(?: \| head -(\d+))?$")


def examples() -> list[tuple[str, str, int | None, str]]:
    """(file, command, head, documented output) of every simple example."""
    found = []
    for name in ("docs/analysis.md", "README.md"):
        text = (PROJECT_ROOT / name).read_text(encoding="utf-8")
        for block in BLOCK.findall(text):
            parts = re.split(r"^(?=\$ )", block, flags=re.M)
            for part in parts:
                first, _, output = part.partition("\n")
                match = SIMPLE.match(first)
                if match:
                    found.append((name, match.group(1), int(match.group(2)) if match.group(2) else None,
                                  output.rstrip("\n")))
    return found


EXAMPLES = examples()


def test_there_are_examples_to_check() -> None:
    assert len(EXAMPLES) >= 4, EXAMPLES


@pytest.mark.parametrize("name,command,head,documented", EXAMPLES, ids=[f"{e[0]}: {e[1]}" for e in EXAMPLES])
def test_documented_output_is_current(store: EmbeddedStore, settings: Settings, name: str, command: str,
                                      head: int | None, documented: str) -> None:
    args = ["--build-dir", str(settings.build_dir), *shlex.split(command)[1:]]
    result = CliRunner().invoke(main, args, env={"COLUMNS": "200"}, catch_exceptions=False)
    lines = result.output.rstrip("\n").split("\n")
    if "…" in documented:
        shown = [line for line in documented.split("\n") if "…" not in line]
        assert is_in_order(shown, lines), f"{name}: the excerpt under `{command}` is not in its output any more"
        return
    actual = "\n".join(lines[:head] if head else lines)
    assert actual == documented, f"{name} is stale for `{command}`: run scripts/docs_examples.py"


def is_in_order(shown: list[str], lines: list[str]) -> bool:
    """Whether every shown line occurs in ``lines``, in the same order (trailing spaces ignored)."""
    remaining = iter(line.rstrip() for line in lines)
    return all(any(line.rstrip() == candidate for candidate in remaining) for line in shown)
