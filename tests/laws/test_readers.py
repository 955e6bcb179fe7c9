"""The statute readers: each format yields regulation → version → article → lid → onderdeel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from kg.laws import bwbxml, markdown, plaintext, regelrecht
from kg.laws.library import merge
from kg.laws.model import article_from_blocks

SAMPLE = "BWBR0032203_aanbestedingswet-2012_2022-03-02.xml"


@pytest.fixture(scope="module")
def laws(shared_dir: Path) -> Path:
    return shared_dir / "laws"


@pytest.fixture(scope="module")
def schema(laws: Path):
    return bwbxml.load_schema(laws / "bwb-xml" / bwbxml.SCHEMA_FILE)


def test_bwb_xml_sample_validates_and_round_trips_articles_and_leden(laws: Path, schema) -> None:
    path = laws / "bwb-xml" / SAMPLE
    tree = bwbxml.parse(path)
    bwbxml.validate(tree, schema)  # raises when invalid
    version = bwbxml.version_from_tree(tree, path)
    assert (version.bwb, version.valid_from, version.title) == ("BWBR0032203", date(2022, 3, 2), "Aanbestedingswet 2012")
    # Round trip: every <artikel> of the file, with exactly its <lid> numbers, in order.
    expected = {
        a.findtext("kop/nr").strip(): [(lid.findtext("lidnr") or "").strip().rstrip(".") for lid in a.findall("lid")]
        for a in tree.getroot().iter("artikel") if a.findtext("kop/nr")
    }
    assert {n: [lid.number for lid in a.leden] for n, a in version.articles.items()} == expected
    assert len(expected) > 400
    article = version.articles["1.4"]
    assert [o.number for o in article.leden[0].onderdelen] == ["a", "b"]
    assert article.leden[0].text.startswith("1. Een aanbestedende dienst")
    assert version.text_of((("artikel", "1.4"), ("lid", "1"), ("onderdeel", "b"))).startswith("b. de keuze")
    assert "jci1.3" not in article.text  # metadata is not text


def test_bwb_xml_that_breaks_the_schema_is_refused(laws: Path, schema) -> None:
    root = bwbxml.parse(laws / "bwb-xml" / SAMPLE).getroot()
    root.find("wetgeving").append(etree.Element("geen-bwb-element"))
    with pytest.raises(bwbxml.InvalidBwbXml, match="schema"):
        bwbxml.validate(etree.ElementTree(root), schema)
    with pytest.raises(bwbxml.InvalidBwbXml, match="geen geldige XML"):
        bwbxml.parse(b"<toestand><artikel>")


def test_regelrecht_per_article_layout(laws: Path) -> None:
    version = regelrecht.read(laws / "current" / "BWBR0034925_jeugdwet_2026-01-01.yaml")
    assert (version.bwb, version.valid_from) == ("BWBR0034925", date(2026, 1, 1))
    article = version.articles["7.3.11"]
    assert [lid.number for lid in article.leden] == ["1", "2", "3", "4", "5"]
    assert [o.number for o in article.leden[1].onderdelen] == ["a", "b"]
    assert "[ref" not in article.text and "https://" not in article.text
    assert article.leden[3].text.startswith("4. Derden die beroepshalve")
    assert "1a.1" in version.articles  # an article number with a letter is not mistaken for a lid


def test_regelrecht_per_lid_layout(laws: Path) -> None:
    awb = regelrecht.read(laws / "current" / "BWBR0005537_algemene-wet-bestuursrecht_2024-01-01.yaml")
    article = awb.articles["4:2"]  # '4:2.1.a' entries; YAML 1.1 would turn '1:1.1' into a number
    assert [lid.number for lid in article.leden] == ["1", "2"]
    assert [o.number for o in article.leden[0].onderdelen] == ["a", "b", "c"]
    assert "1:1" in awb.articles
    sr = regelrecht.read(laws / "current" / "BWBR0001854_wetboek-van-strafrecht_2023-01-01.yaml")
    assert sr.articles["77hh"].lapsed
    assert [lid.number for lid in sr.articles["77aa"].leden] == ["1", "2", "3", "4"]
    assert not sr.articles["77aa"].lapsed


def test_plaintext_history(laws: Path) -> None:
    versions = plaintext.read_history(laws / "history" / "BWBR0002656")
    assert len(versions) >= 57
    assert all(a.valid_to == b.valid_from for a, b in zip(versions, versions[1:]))
    assert versions[-1].valid_to is None and versions[0].end_known
    article = versions[-1].articles["255"]
    assert [lid.number for lid in article.leden] == ["1", "2", "3", "4", "5"]
    assert [o.number for o in article.leden[0].onderdelen] == ["a", "b"]
    assert "Titel" not in article.text.split("\n")[-1]  # headings between articles are not article text


def test_markdown_snapshot_and_merge(laws: Path) -> None:
    snapshot = markdown.read(laws / "BWBR0034925_jeugdwet.md", date(2015, 1, 5))
    assert "7.3.17" not in snapshot.articles and "7.3.16" in snapshot.articles
    assert [lid.number for lid in snapshot.articles["7.3.11"].leden] == ["1", "2", "3", "4", "5"]
    current = regelrecht.read(laws / "current" / "BWBR0034925_jeugdwet_2026-01-01.yaml")
    regulation = merge([current, snapshot])["BWBR0034925"]
    assert [v.valid_from for v in regulation.versions] == [date(2015, 1, 5), date(2026, 1, 1)]
    assert regulation.version_on(date(2016, 1, 1)) is snapshot and not snapshot.end_known
    assert regulation.version_on(date(2014, 1, 1)) is None
    # The same lid written "1 …" (YAML) and "1.  …" (Markdown) compares equal.
    assert snapshot.articles["7.3.11"].leden[2].text.split()[0] == current.articles["7.3.11"].leden[2].text.split()[0] == "3."


def test_snapshot_inside_a_dated_history_version_is_the_same_version(laws: Path) -> None:
    history = plaintext.read_history(laws / "history" / "BWBR0002656")
    snapshot = markdown.read(laws / "BWBR0002656_bw-boek1.md", date(2015, 10, 23))
    regulation = merge(history + [snapshot])["BWBR0002656"]
    assert len(regulation.versions) == len(history)
    assert regulation.version_on(date(2015, 10, 23)).valid_from == date(2015, 9, 1)


def test_block_splitting_keeps_sentences_that_start_with_a_number_in_their_lid() -> None:
    article = article_from_blocks("9", ["1 Eerste lid:", "a. iets;", "b. iets anders.", "12 maanden na ...", "2 Tweede lid."])
    assert [lid.number for lid in article.leden] == ["1", "2"]
    assert "12 maanden" in article.leden[0].text
    assert [o.number for o in article.leden[0].onderdelen] == ["a", "b"]
