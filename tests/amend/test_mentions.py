"""The mention finder's rules on small texts: names, plurals, compounds, case, short terms."""

from __future__ import annotations

from kg.amend.mentions import RULE_ANAPHORA, RULE_DEFINITION, RULE_NAME, MentionFinder, Term

GI, RVDK, VT = "gi", "rvdk", "vt"
FINDER = MentionFinder([
    Term(GI, "gecertificeerde instelling"), Term(GI, "gecertificeerde instellingen"),
    Term(RVDK, "raad voor de kinderbescherming"), Term(RVDK, "raad", short=True),
    Term(VT, "Veilig Thuis"), Term(VT, "advies- en meldpunt huiselijk geweld en kindermishandeling"),
    Term(VT, "advies- en meldpunt", short=True),
])


def found(*units: str, defined: set[str] = frozenset()) -> list[list[tuple[str, str, str]]]:
    return [[(m.organisation, m.words, m.rule) for m in ms] for ms in FINDER.find(list(units), set(defined))]


def test_full_names_singular_plural_and_wrapped_lines() -> None:
    text = "De gecertificeerde\n instelling en andere gecertificeerde instellingen"
    assert found(text) == [[(GI, "gecertificeerde\n instelling", RULE_NAME), (GI, "gecertificeerde instellingen", RULE_NAME)]]


def test_offsets_point_at_the_words() -> None:
    text = "Het college vraagt de raad voor de kinderbescherming om onderzoek."
    [[mention]] = FINDER.find([text])
    assert text[mention.start:mention.end] == "raad voor de kinderbescherming"


def test_lower_case_terms_match_a_capital_at_sentence_start_but_capitalised_terms_do_not_match_lower_case() -> None:
    assert found("Gecertificeerde instellingen doen dit.")[0][0][0] == GI
    assert found("De Raad voor de Kinderbescherming")[0][0][0] == RVDK
    assert found("om veilig thuis te wonen") == [[]]


def test_hyphenated_compound_counts_but_a_longer_word_does_not() -> None:
    assert found("een Veilig Thuis-organisatie")[0] == [(VT, "Veilig Thuis-organisatie", RULE_NAME)]
    assert found("de gecertificeerde instellingsraad") == [[]]


def test_other_institutions_and_councils_are_not_ours() -> None:
    text = ("de certificerende instelling, een openbare instelling, de raad van toezicht, de raad voor rechtsbijstand, "
            "de gemeenteraad en de raadsman")
    assert found(text) == [[]]


def test_short_term_refers_back_only_after_the_full_name_in_the_same_article() -> None:
    assert found("De raad besluit.") == [[]]
    assert found("De raad voor de kinderbescherming is er.", "De raad besluit.") == [
        [(RVDK, "raad voor de kinderbescherming", RULE_NAME)], [(RVDK, "raad", RULE_ANAPHORA)]]
    assert found("de raad voor de kinderbescherming of een door de raad aangewezen persoon")[0][1] == (RVDK, "raad", RULE_ANAPHORA)


def test_short_term_followed_by_van_or_voor_is_another_body() -> None:
    assert found("De raad voor de kinderbescherming meldt het aan de raad van toezicht.")[0] == [
        (RVDK, "raad voor de kinderbescherming", RULE_NAME)]


def test_a_regulation_that_defines_the_short_term() -> None:
    regulation = "In deze wet wordt verstaan onder: raad: raad voor de kinderbescherming;"
    defined = FINDER.defined_short_terms(regulation)
    assert defined == {RVDK}
    assert found("De raad besluit.", defined=defined) == [[(RVDK, "raad", RULE_DEFINITION)]]
    assert FINDER.defined_short_terms("de raad van toezicht (hierna: de raad)") == {RVDK}
    assert FINDER.defined_short_terms("raad: raad van toezicht") == set()


def test_the_term_a_definition_defines_is_marked() -> None:
    [[mention]] = FINDER.find(["gecertificeerde instelling: rechtspersoon die een certificaat heeft"])
    assert mention.defines
    [[entry]] = FINDER.find(["onder:\n- gecertificeerde instelling: rechtspersoon; - jeugdige: persoon"])
    assert entry.defines
    [[other]] = FINDER.find(["Dit meldt zij aan de gecertificeerde instelling: de jeugdige en zijn ouders"])
    assert not other.defines
