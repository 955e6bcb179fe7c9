"""The coverage ledger of the seed sweep (docs/coverage-ledger.md) resolves against the
seeds and the built graph, covers all five seeds, and the README quotes its figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT
from kg.knowledge.ledger import SEEDS, LedgerError, check, coverage, parse

ROWS = parse()


@pytest.fixture(scope="module")
def known(store) -> set[str]:
    return {str(r["s"]) for r in store.select("SELECT DISTINCT ?s WHERE { ?s a ?type }")}


def test_every_row_names_real_lines_and_resolves_to_an_iri_or_gives_a_reason(store, shared_dir, known) -> None:
    assert check(ROWS, shared_dir / "seeds", known) == []


def test_the_ledger_covers_all_five_seeds_and_every_kind_of_thing() -> None:
    assert {r.seed for r in ROWS} == set(SEEDS)
    assert {"actor", "bevoegdheid", "maatregel", "besluit", "mijlpaal", "knelpunt"} <= {r.kind for r in ROWS}
    assert len(ROWS) >= 250


def test_the_readme_states_the_figures_the_ledger_yields() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert coverage(ROWS).summary() in " ".join(readme.split())


def test_a_row_that_does_not_resolve_is_reported(shared_dir, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.md"
    ledger.write_text(
        "| 004 | 26-27 | actor | Tweede Kamer | `id:org/bestaat-niet` |\n"
        "| 004 | 26-27 | actor | Eerste Kamer | buiten scope: x |\n", encoding="utf-8")
    problems = check(parse(ledger), shared_dir / "seeds", known=set())
    assert any("org/bestaat-niet bestaat niet" in p for p in problems)
    assert any("'Eerste Kamer' staat niet in deze regels" in p for p in problems)
    assert any("geen IRI en geen reden" in p for p in problems)


def test_a_malformed_row_names_its_line(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.md"
    ledger.write_text("intro\n| 004 | 26 | ding | Tweede Kamer | `id:org/tweede-kamer` |\n", encoding="utf-8")
    with pytest.raises(LedgerError, match="ledger.md:2: onbekende soort 'ding'"):
        parse(ledger)
