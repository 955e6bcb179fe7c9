"""Read-only guard for SPARQL (the web endpoint and `kg query`): which query form a text holds, and refusals.

Comments, string literals and IRIs are blanked out before looking at keywords, so a
``DELETE`` inside a literal or an IRI does not count. Only SELECT, ASK, CONSTRUCT and
DESCRIBE pass; SPARQL Update and ``SERVICE`` (federated queries) are refused, and so is
nesting deeper than :data:`MAX_NESTING` (the SPARQL parser recurses per level and
crashes the process — a segmentation fault, not an error — at a few thousand levels).
"""

from __future__ import annotations

import re

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

_MASK = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'      # long string literals
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'                # short string literals
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"                # IRIs
    r"|#[^\n]*",                           # comments
)
_PROLOGUE = re.compile(r"\s*(?:PREFIX\s+[^\s:]*:\s*<>|BASE\s*<>)", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")

#: Deepest nesting of ``{``, ``(`` and ``[`` accepted; real queries stay far below it.
MAX_NESTING = 100


class Refused(Exception):
    """A request the endpoint will not run; ``status`` is the HTTP status, the message says why (Dutch)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _masked(query: str) -> str:
    return _MASK.sub(lambda m: "<>" if m.group(0).startswith("<") else " ", query)


def nesting_depth(query: str) -> int:
    """The deepest nesting of brackets (``{``, ``(``, ``[``) outside literals, IRIs and comments."""
    depth = deepest = 0
    for char in _masked(query):
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth -= 1
    return deepest


def check_nesting(query: str, limit: int = MAX_NESTING) -> None:
    """Raise :class:`Refused` (400) when ``query`` nests deeper than ``limit``, before any parser sees it."""
    depth = nesting_depth(query)
    if depth > limit:
        raise Refused(400, f"De query is te diep genest: {depth} niveaus haakjes, hooguit {limit} toegestaan.")


def query_form(query: str) -> str:
    """The form of a read-only query (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``).

    Raises :class:`Refused` (403) for updates and SERVICE, (400) for text that is no query
    or that nests too deep (:func:`check_nesting`).
    """
    check_nesting(query)
    masked = _masked(query)
    rest = masked
    while True:
        match = _PROLOGUE.match(rest)
        if not match:
            break
        rest = rest[match.end():]
    words = [w.upper() for w in _WORD.findall(masked)]
    first = _WORD.search(rest)
    form = first.group(0).upper() if first else ""
    if form in UPDATE_FORMS:
        raise Refused(403, f"Alleen-lezen: {form} (SPARQL Update) wordt geweigerd. "
                           f"Gebruik SELECT, ASK, CONSTRUCT of DESCRIBE.")
    if "SERVICE" in words:
        raise Refused(403, "Federatieve queries (SERVICE) worden geweigerd: dit endpoint bevraagt alleen de eigen graaf.")
    if form not in QUERY_FORMS:
        raise Refused(400, "Geen geldige SPARQL-query: verwacht SELECT, ASK, CONSTRUCT of DESCRIBE"
                           + (f", gevonden {form!r}." if form else "."))
    return form
