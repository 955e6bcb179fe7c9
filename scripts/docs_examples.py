#!/usr/bin/env python3
"""Regenerate the example output of the analysis commands in the docs from real runs.

Every ```console block in docs/analysis.md, and every block in README.md whose commands are
analysis commands (kg inherit, overlaps, gaps, conflicts, diff, relay), consists of lines
``$ <command>`` each followed by the command's output. This script runs each command (in
bash, from the project root, with the project's virtualenv first on PATH, after one
``kg build``) and writes the output back. With ``--check`` it changes nothing and exits 1
when a block differs from what the commands print now. tests/test_docs_examples.py checks the cheap
examples (kg gaps, diff, relay) in-process on every test run.

    scripts/docs_examples.py            # rewrite the examples
    scripts/docs_examples.py --check    # fail when the docs drift from the real output
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Files and, per file, the commands whose blocks are generated (None: every ``kg`` command).
FILES: dict[str, re.Pattern[str] | None] = {
    "docs/analysis.md": None,
    "README.md": re.compile(r"^kg (inherit|overlaps|gaps|conflicts|diff|relay)\b"),
}
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def run(command: str, env: dict[str, str]) -> str:
    """The combined output of one shell command, as a reader would see it in a terminal."""
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return done.stdout + done.stderr


def regenerate(text: str, wanted: re.Pattern[str] | None, env: dict[str, str]) -> str:
    """The text with the output under every ``$ kg …`` command of the chosen blocks replaced."""
    def block(match: re.Match[str]) -> str:
        commands = [line[2:] for line in match.group(1).splitlines() if line.startswith("$ ")]
        if not commands or not all(c.startswith("kg ") and (wanted is None or wanted.match(c)) for c in commands):
            return match.group(0)
        # one blank line between the commands of a block, as a reader would type them
        body = "\n".join(out if out.endswith("\n") else out + "\n" for out in (f"$ {c}\n{run(c, env)}" for c in commands))
        return f"```console\n{body}```"
    return BLOCK.sub(block, text)


def environment() -> dict[str, str]:
    """PATH with the interpreter's bin directory first, so ``kg`` and ``python`` are the project's."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "200"
    return env


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or with ``--check`` verify) the examples; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when the docs drift")
    args = parser.parse_args(argv)
    env = environment()
    subprocess.run(["kg", "build"], cwd=ROOT, env=env, capture_output=True, check=True)
    drifted = []
    for name, wanted in FILES.items():
        path = ROOT / name
        old = path.read_text(encoding="utf-8")
        new = regenerate(old, wanted, env)
        if new != old:
            drifted.append(name)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if args.check and drifted:
        print(f"voorbeelden wijken af van de echte uitvoer in: {', '.join(drifted)}; draai scripts/docs_examples.py",
              file=sys.stderr)
        return 1
    print(("bijgewerkt: " + ", ".join(drifted)) if drifted else "alle voorbeelden kloppen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
