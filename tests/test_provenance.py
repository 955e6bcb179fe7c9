"""Every citation in data/ points at real lines of a seed or a real article of a statute."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.enrich import parse_provision
from kg.query import load_query
from kg.seeds import excerpt_text, normalise
from kg.statutes import load_statutes


def test_every_quote_occurs_in_its_cited_lines(store, shared_dir: Path) -> None:
    rows = store.select(load_query("checks/seed-excerpts").text)
    assert rows, "the data cite no seed excerpts"
    problems = []
    for row in rows:
        document = str(row["excerpt"]).split("/seed/")[1].split("/")[0]
        start, end = int(row["start"]), int(row["end"])
        try:
            text = excerpt_text(shared_dir / "seeds", document, start, end)
        except (IndexError, FileNotFoundError) as exc:
            problems.append(f"{row['excerpt']}: {exc}")
            continue
        if "quote" in row and normalise(str(row["quote"])) not in text:
            problems.append(f"{row['excerpt']}: quote not found: {row['quote']!r}")
    assert not problems, "\n".join(problems)


def test_every_provision_exists_in_the_statute_text(store, shared_dir: Path) -> None:
    statutes = load_statutes(shared_dir / "laws")
    rows = store.select(load_query("checks/provisions").text)
    assert rows, "the data cite no provisions"
    missing = []
    for row in rows:
        ref = parse_provision(str(row["provision"]))
        assert ref is not None, f"malformed provision IRI {row['provision']}"
        statute = statutes.get(ref.bwb)
        absent = row.get("absent") is not None and row["absent"].toPython() is True
        if absent:
            assert statute is None or not statute.has(ref.path), f"{row['provision']} is marked absent but exists"
        elif statute is not None and not statute.has(ref.path):
            missing.append(f"{ref.label(ref.bwb)} ({row['provision']})")
    assert not missing, "provisions not found in ../shared/laws:\n" + "\n".join(missing)


def test_every_power_transfer_and_assignment_has_a_checkable_source(store) -> None:
    rows = store.select(load_query("checks/unsourced-statements").text)
    assert not rows, "\n".join(f"{r['type']} {r['statement']}" for r in rows)


def test_the_statute_reader_finds_articles_leden_and_onderdelen(shared_dir: Path) -> None:
    jeugdwet = load_statutes(shared_dir / "laws")["BWBR0034925"]
    assert jeugdwet.has((("artikel", "3.2"), ("lid", "2")))
    assert not jeugdwet.has((("artikel", "3.2"), ("lid", "3")))
    assert not jeugdwet.has((("artikel", "99.9"),))
    assert "gecertificeerde instelling biedt geen jeugdhulp" in (jeugdwet.article_text("3.2") or "")


def test_excerpt_outside_the_document_is_an_error(shared_dir: Path) -> None:
    with pytest.raises(IndexError):
        excerpt_text(shared_dir / "seeds", "001_50e3f2c21a59e4a0", 1, 100000)
