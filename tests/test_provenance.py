"""Every citation in data/ points at real lines of a seed or a real article of a statute."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.seeds import excerpt_text
from kg.sources import SourceCheck, check_provisions, check_quotes, check_unsourced
from kg.statutes import load_statutes
from tests.conftest import TESTS


def test_every_quote_occurs_in_its_cited_lines(store, shared_dir: Path) -> None:
    result = SourceCheck()
    check_quotes(store, shared_dir / "seeds", result)
    assert result.excerpts > 100, "the data cite too few seed excerpts"
    assert not result.problems, "\n".join(result.problems)


def test_every_provision_exists_in_the_statute_text(store, shared_dir: Path) -> None:
    result = SourceCheck()
    check_provisions(store, shared_dir / "laws", result)
    assert result.provisions > 100, "the data cite too few provisions"
    assert not result.problems, "\n".join(result.problems)


def test_every_power_transfer_and_assignment_has_a_checkable_source(store) -> None:
    result = SourceCheck()
    check_unsourced(store, result)
    assert not result.problems, "\n".join(result.problems)


def test_kg_sources_reports_a_wrong_quote_and_a_missing_article(tmp_path: Path, runner, shared_dir: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(TESTS / "data" / "minimal", data)
    base = ["--data-dir", str(data), "--build-dir", str(tmp_path / "build")]
    ok = runner.invoke(main, [*base, "sources"])
    assert ok.exit_code == 0, ok.output
    (data / "wrong.ttl").write_text(
        '@base <https://w3id.org/kgb/id/> .\n@prefix kgb: <https://w3id.org/kgb/def#> .\n'
        '<seed/004_e61924f29c307353/L1-L1> kgb:quote "Dit staat er niet." .\n'
        '<bwb/BWBR0034925/artikel/99.9> a kgb:Article .\n', encoding="utf-8")
    bad = runner.invoke(main, [*base, "sources"])
    assert bad.exit_code == 1
    assert "citaat staat niet in deze regels" in bad.output and "art. 99.9 Jeugdwet: niet gevonden" in bad.output


def test_the_statute_reader_finds_articles_leden_and_onderdelen(shared_dir: Path) -> None:
    jeugdwet = load_statutes(shared_dir / "laws")["BWBR0034925"]
    assert jeugdwet.has((("artikel", "3.2"), ("lid", "2")))
    assert not jeugdwet.has((("artikel", "3.2"), ("lid", "3")))
    assert not jeugdwet.has((("artikel", "99.9"),))
    assert "gecertificeerde instelling biedt geen jeugdhulp" in (jeugdwet.article_text("3.2") or "")


def test_excerpt_outside_the_document_is_an_error(shared_dir: Path) -> None:
    with pytest.raises(IndexError):
        excerpt_text(shared_dir / "seeds", "001_50e3f2c21a59e4a0", 1, 100000)
