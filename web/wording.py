"""Dutch words for the codes the analyses use in their results (``different-judges``, ``moves``, …).

One mapping, keyed by code: summary keys and the values that are codes. A code that is not
(yet) here is shown as a readable phrase (``new-code`` → "new code") rather than as the code,
so a new or renamed finding code never breaks a page; tests list the codes that must never
show up in a Dutch page.
"""

from __future__ import annotations

import re

CODES_NL: dict[str, str] = {
    # summary keys
    "items": "taken en posities", "byCertainty": "per zekerheid", "byOrigin": "per herkomst",
    "excluded": "uitgezonderd", "cycles": "overdrachtscycli", "overlaps": "overlappingen",
    "byClassification": "per classificatie", "gaps": "hiaten", "byKind": "per soort", "changes": "veranderingen",
    "unchanged": "ongewijzigd", "differing": "verschillend", "conflicts": "conflicten", "bySeverity": "per ernst",
    "byRule": "per regel", "byScope": "per reikwijdte", "routes": "routes", "organisations": "organisaties",
    "rows": "bepalingen", "byRegulation": "per wet", "byOrganisation": "per organisatie",
    # overlap classifications
    "shared": "gedeeld (bewust gedeeld volgens de bron)", "different-measures": "legitiem: verschillende maatregelen",
    "different-judges": "legitiem: verschillende rechters", "duplication": "doublure",
    # gap kinds
    "core-task-without-holder": "kerntaak zonder houder", "orphan": "zonder opvolger",
    "no-legal-basis": "nog geen wettelijke grondslag", "basis-names-previous-holder": "grondslag noemt de vorige houder",
    "provision-names-absent-actor": "bepaling noemt verdwenen organisatie", "transfer-cycle": "overdrachtscyclus",
    # scenario comparison
    "moves": "verschuift", "added-holder": "houder erbij", "removed-holder": "houder eraf",
    "appears": "nieuw", "disappears": "vervalt",
    # severities
    "violation": "overtreding", "warning": "waarschuwing", "info": "ter informatie",
    # what a finding is about
    "core-task": "kerntaak", "position": "positie",
}


#: Column names of the region CSV (``kg where --format csv``, whose names are English) for the web download.
CSV_HEADERS_NL: dict[str, str] = {
    "section": "onderdeel", "notation": "nr", "kerntaak": "kerntaak", "scenario": "scenario", "carrier": "drager",
    "carrier_iri": "drager_iri", "level": "niveau", "type": "soort", "via": "via", "certainty": "zekerheid",
    "pilot": "proeftuin", "pilot_iri": "proeftuin_iri", "scope": "waar", "start": "start", "tranche": "tranche",
    "tries_out": "beproeft", "sources": "bronnen", "source_iris": "bron_iris",
}


def dutch(code: object) -> str:
    """The Dutch wording of ``code``; an unknown code as a readable phrase; anything else as text."""
    text = str(code)
    if text in CODES_NL:
        return CODES_NL[text]
    if re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+|-[a-z]+)+", text):  # camelCase or kebab-case: a code
        return re.sub(r"([a-z])([A-Z])", r"\1 \2", text).replace("-", " ").lower()
    return text
