"""Find where a statute's text names an organisation: every mention, with its span and the rule that resolved it.

The terms come from the data (``kgb:statuteTerm`` and ``kgb:shortTerm`` on an organisation,
see data/legislation/statute-terms.ttl). Three rules decide what counts as a mention:

``naam``
    the full term as the statute writes it ("gecertificeerde instelling", "raad voor de
    kinderbescherming", "Veilig Thuis"), in singular or plural, also as the first part of a
    hyphenated compound ("Veilig Thuis-organisatie").
``definitie``
    a short term ("de raad") in a regulation whose own text defines it as the organisation
    (a definition entry "raad: raad voor de kinderbescherming" or "(hierna: de raad)").
``verwijzing``
    a short term in an article that named the organisation in full earlier on — the way
    BW Boek 1 writes "de raad" after "de raad voor de kinderbescherming".

A short term followed by "van" or "voor" ("de raad van toezicht", "de raad voor rechtsbijstand")
is another body and never counts. Terms with capitals are matched case-sensitively (so
"veilig thuis" in running text is not Veilig Thuis); lower-case terms match any case, since
statutes capitalise them at the start of a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

RULE_NAME = "naam"
RULE_DEFINITION = "definitie"
RULE_ANAPHORA = "verwijzing"

#: Dutch wording of each rule, for reports.
RULE_LABELS = {
    RULE_NAME: "volledige naam",
    RULE_DEFINITION: "begrip dat de regeling zelf definieert",
    RULE_ANAPHORA: "verkorte verwijzing na de volledige naam in hetzelfde artikel",
}


@dataclass(frozen=True)
class Term:
    """A way a statute names an organisation: full (``short=False``) or a short term that needs a rule."""

    organisation: str
    text: str
    short: bool = False


@dataclass(frozen=True)
class Mention:
    """One mention: offsets into the text it was found in, the words and the resolving rule."""

    organisation: str
    start: int
    end: int
    words: str
    rule: str
    #: The words are the term a definition entry defines ("gecertificeerde instelling: rechtspersoon …").
    defines: bool = False


#: What stands before the term of a definition entry: a line start, a dash or semicolon that
#: separates entries, or a list label ("g. AMHK: …").
_ENTRY_START = re.compile(r"(?:^|\n|[-–;]\s*|(?:^|\n)\s*[a-z0-9]{1,3}[°.]\s*)[*_]?$")


def _words_pattern(text: str) -> str:
    """The term as a regex whose spaces match any run of white space (texts are wrapped)."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _compile(terms: Sequence[Term]) -> re.Pattern[str] | None:
    """One alternation, longest term first so "instellingen" wins over "instelling"."""
    if not terms:
        return None
    parts = []
    for term in sorted(terms, key=lambda t: -len(t.text)):
        body = _words_pattern(term.text)
        if term.text == term.text.lower():
            body = f"(?i:{body})"
        parts.append(body)
    # Left: not inside a word. Right: the end of a word, or a hyphenated compound.
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?:-\w+)?(?![\w])")


class MentionFinder:
    """Finds mentions of organisations in statute texts (see the module docstring for the rules)."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = list(terms)
        full = [t for t in self.terms if not t.short]
        self._full = {org: _compile([t for t in full if t.organisation == org]) for org in {t.organisation for t in full}}
        self._short: dict[str, re.Pattern[str]] = {}
        self._definitions: dict[str, re.Pattern[str]] = {}
        for term in (t for t in self.terms if t.short):
            word = _words_pattern(term.text)
            self._short[term.organisation] = re.compile(
                rf"(?<![\w-])(?i:(?:de|het|der|den)\s+)({word})(?![\w-])(?!\s+(?:van|voor)\b)", re.IGNORECASE)
            names = "|".join(f"(?i:{_words_pattern(t.text)})" for t in full if t.organisation == term.organisation)
            if names:
                self._definitions[term.organisation] = re.compile(
                    rf"(?<!\w)\*?{word}\*?:\*?\s*(?:de\s+|het\s+)?(?:{names})"  # definition entry "raad: raad voor …"
                    rf"|\(\s*hierna(?:\s+te\s+noemen)?:\s*(?:de\s+|het\s+)?{word}\s*\)",  # "(hierna: de raad)"
                    re.IGNORECASE)

    def defined_short_terms(self, regulation_text: str) -> set[str]:
        """The organisations whose short term this regulation's own text defines."""
        return {org for org, pattern in self._definitions.items() if pattern.search(regulation_text)}

    def find(self, units: Sequence[str], defined: set[str] = frozenset()) -> list[list[Mention]]:
        """Mentions in the consecutive texts of one article (its leden and onderdelen, in order).

        ``defined`` are the organisations whose short term the regulation defines. Returns one
        list per unit, offsets relative to that unit's text, in text order.
        """
        out: list[list[Mention]] = []
        named: set[str] = set(defined)  # organisations a short term may refer back to
        for text in units:
            found: list[Mention] = []
            full_spans: list[tuple[int, int]] = []
            for org, pattern in self._full.items():
                for m in pattern.finditer(text):
                    defines = text[m.end():m.end() + 2].lstrip("*").startswith(":") and \
                        bool(_ENTRY_START.search(text[max(0, m.start() - 12):m.start()]))
                    found.append(Mention(org, m.start(), m.end(), m.group(0), RULE_NAME, defines))
                    full_spans.append((m.start(), m.end()))
            first_full = {org: min((x.start for x in found if x.organisation == org), default=None) for org in self._short}
            for org, pattern in self._short.items():
                for m in pattern.finditer(text):
                    start, end = m.span(1)
                    if any(a <= start < b for a, b in full_spans):
                        continue
                    if org in defined:
                        rule = RULE_DEFINITION
                    elif org in named or (first_full[org] is not None and first_full[org] < start):
                        rule = RULE_ANAPHORA
                    else:
                        continue
                    found.append(Mention(org, start, end, m.group(1), rule))
            named |= {x.organisation for x in found}
            out.append(sorted(found, key=lambda x: (x.start, x.organisation)))
        return out
