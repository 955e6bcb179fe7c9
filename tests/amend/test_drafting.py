"""Draft instructions read as a Dutch amending act would write them."""

from __future__ import annotations

from kg.amend.drafting import Replacement, definition_instruction, ordinal, place, replace_instruction


def test_place_names_article_lid_and_onderdeel() -> None:
    assert place("3.2") == "artikel 3.2"
    assert place("3.2", "1") == "artikel 3.2, eerste lid"
    assert place("265", "12", "b") == "artikel 265, twaalfde lid, onderdeel b"
    assert ordinal(21) == "21e"


def test_replace_instruction_as_in_an_amending_act() -> None:
    assert replace_instruction(place("3.2", "1"), [Replacement("gecertificeerde instelling", "regionaal veiligheidsteam")]) == \
        "In artikel 3.2, eerste lid, wordt 'gecertificeerde instelling' vervangen door 'regionaal veiligheidsteam'."
    assert replace_instruction(place("259"), [Replacement("a", "b", 2), Replacement("c", "d")]) == \
        "In artikel 259 wordt 'a' telkens vervangen door 'b' en wordt 'c' vervangen door 'd'."


def test_a_definition_is_rewritten_not_swapped() -> None:
    assert definition_instruction(place("1.1"), "gecertificeerde instelling", "regionaal veiligheidsteam").startswith(
        "In artikel 1.1 wordt de begripsomschrijving van 'gecertificeerde instelling' vervangen door een begripsomschrijving")
