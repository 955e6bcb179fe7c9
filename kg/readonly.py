"""Read-only guard for SPARQL (the web endpoint and `kg query`): what a query text is, and refusals.

The text is split into the grammar's terminals (SPARQL 1.1 §19.8) by one linear pass,
with the same rules as pyoxigraph's parser: a ``#`` comment ends at ``\\n`` *or* ``\\r``,
string literals allow only the escapes the engine allows, an IRI is ``<`` … ``>`` without
spaces or ``<>"{}|^`\\``. What the guard decides, it decides on those tokens, never on
the raw text, so a keyword hidden in a comment, literal or IRI does not count and one
hidden by a trick of line endings does:

- the query form is the first keyword after the prologue (BASE/PREFIX): only SELECT,
  ASK, CONSTRUCT and DESCRIBE pass; SPARQL Update is refused (403) — and could not run
  anyway, because only pyoxigraph's ``query`` is ever called, never ``update``;
- ``SERVICE`` (a federated query: the server would fetch a URL of the client's choice)
  is refused (403) wherever the engine could read it as the keyword. The engine also
  matches keywords without a word boundary (``SERVICE:x`` is ``SERVICE :x``), so every
  ``service`` in the code is refused unless it sits inside a variable name, the local
  part of a prefixed name or a language tag. This is a second line: the query workers
  run without network access (:mod:`kg.sandbox`).
- ``<`` right after an operand inside parentheses may be *less than* rather than the
  start of an IRI; when reading it as an IRI would hide a comment, a string or the word
  SERVICE from the guard, the query is refused (400) and the message says to add a space;
- queries longer than :data:`MAX_QUERY_CHARS` (413) or nested deeper than
  :data:`MAX_NESTING` brackets (400) are refused before any parsing: deep nesting
  overflows the engine's stack (a segfault, not an error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
#: Longest query text accepted (characters); our longest named query is under 4,000.
MAX_QUERY_CHARS = 100_000
#: Deepest nesting of ``{ ( [`` accepted; our deepest named query uses 6, the engine crashes near 1,000.
MAX_NESTING = 64

_ESCAPE = r"""\\(?:[tbnrf\\"']|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})"""
# One alternative per token kind; every alternative is linear (its branches start with
# different characters, so a failing match never backtracks more than one token).
_TOKEN = re.compile(
    r"(?P<ws>[ \t\r\n]+)"
    r"|(?P<comment>#[^\r\n]*)"
    rf"|(?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ESCAPE}))*'''"
    rf'|"""(?:(?:"|"")?(?:[^"\\]|{_ESCAPE}))*"""'
    rf"|'(?:[^'\\\r\n]|{_ESCAPE})*'"
    rf'|"(?:[^"\\\r\n]|{_ESCAPE})*")'
    r'|(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)'
    r"|(?P<open>[{(\[])"
    r"|(?P<close>[})\]])"
    r"|(?P<lt><)"
    r"""|(?P<code>[^ \t\r\n#'"<{}()\[\]]+)"""
)
_SERVICE = re.compile("service", re.IGNORECASE)
#: What may stand before ``service`` without making it the keyword: a variable name, the
#: local part of a prefixed name, a language tag.
_HARMLESS_BEFORE = re.compile(r"(?:[?$][^\W]*|:[\w-]*|@[A-Za-z0-9-]*)\Z")
#: Characters that end an operator token and can never end a name or number (``-`` and
#: ``.`` can: ``ex:a-`` is a prefixed name), so ``<`` after them starts an IRI.
_OPERATOR_END = frozenset("=!&|+*/^,;<>")
_OPERATORS_ONLY = re.compile(r"[-=!&|+*/^,;<>]+\Z")
_LEADING_WORD = re.compile(r"[A-Za-z]+")


class Refused(Exception):
    """A request the endpoint will not run; ``status`` is the HTTP status, the message says why (Dutch)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class QueryShape:
    """What the guard learned about an accepted query."""

    form: str
    #: The query names its own dataset (``FROM`` / ``FROM NAMED``).
    has_dataset: bool


@dataclass
class _Frame:
    """One ``{…}`` or ``[…]``: open parentheses inside it, and whether it is a VALUES data block."""

    parens: int = 0
    data: bool = False


def inspect_query(query: str) -> QueryShape:
    """The form of a read-only query and whether it has FROM clauses; raises :class:`Refused`.

    403 for updates and SERVICE, 413 for a too long text, 400 for too deep nesting, an
    ambiguous ``<`` or text that is no query. Linear in the length of the text.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise Refused(413, f"De query is te lang ({len(query)} tekens; maximaal {MAX_QUERY_CHARS}).")
    frames = [_Frame()]
    depth = 0
    prologue = _Prologue()
    has_from = False
    previous = "open"              # kind of the last significant token: open, operator, operand
    pending_values = False
    pos, end = 0, len(query)
    while pos < end:
        match = _TOKEN.match(query, pos)
        if match is None:
            raise Refused(400, f"Fout in de query op teken {pos + 1}: ongeldige of niet afgesloten "
                               f"tekst, IRI of escape ({query[pos:pos + 20]!r}).")
        kind, text = match.lastgroup, match.group(0)
        pos = match.end()
        if kind in ("ws", "comment"):
            continue
        prologue.feed(kind, text)
        if kind == "iri":
            if previous == "operand" and frames[-1].parens and not frames[-1].data:
                _check_ambiguous_lt(text)
            previous = "operand"
        elif kind == "string":
            previous = "operand"
        elif kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                raise Refused(400, f"De query is te diep genest (meer dan {MAX_NESTING} haakjes in elkaar).")
            if text == "(":
                frames[-1].parens += 0 if frames[-1].data else 1
            else:
                frames.append(_Frame(data=pending_values and text == "{"))
                pending_values = False
            previous = "open"
        elif kind == "close":
            depth = max(0, depth - 1)
            if text == ")":
                frames[-1].parens = max(0, frames[-1].parens - 1)
            elif len(frames) > 1:
                frames.pop()
            previous = "operand"
        elif kind == "lt":
            previous = "operator"
        else:
            _check_service(text)
            word = _LEADING_WORD.match(text)
            keyword = word.group(0).upper() if word else ""
            has_from = has_from or keyword == "FROM"
            pending_values = pending_values or keyword == "VALUES"
            previous = "operator" if text[-1] in _OPERATOR_END or _OPERATORS_ONLY.match(text) else "operand"
    return QueryShape(_checked_form(prologue.form), has_from)


class _Prologue:
    """Skips BASE <iri> and PREFIX name: <iri>; ``form`` is the first keyword after them."""

    def __init__(self) -> None:
        self.expect = "keyword"      # keyword, iri (after BASE / a prefix name), name (after PREFIX)
        self.form: str | None = None

    def feed(self, kind: str, text: str) -> None:
        if self.form is not None:
            return
        if self.expect == "iri" and kind == "iri":
            self.expect = "keyword"
        elif self.expect == "name" and kind == "code":
            self.expect = "iri"
        elif self.expect == "keyword" and kind == "code":
            word = _LEADING_WORD.match(text)
            keyword = word.group(0).upper() if word else ""
            if keyword in ("BASE", "PREFIX") and len(keyword) == len(text):
                self.expect = "iri" if keyword == "BASE" else "name"
            else:
                self.form = keyword
        else:
            self.form = ""


def query_form(query: str) -> str:
    """The form of a read-only query (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``); see :func:`inspect_query`."""
    return inspect_query(query).form


def _check_service(code: str) -> None:
    for found in _SERVICE.finditer(code):
        if not _HARMLESS_BEFORE.search(code, 0, found.start()):
            raise Refused(403, "Federatieve queries (SERVICE) worden geweigerd: dit endpoint bevraagt alleen de eigen graaf.")


def _check_ambiguous_lt(iri: str) -> None:
    """``<`` after an operand in an expression: refuse when reading it as an IRI could hide code."""
    inner = iri[1:-1]
    if any(c in inner for c in "#'()[]") or _SERVICE.search(inner):
        raise Refused(400, f"Dubbelzinnige '<' in {iri[:40]!r}: bedoelt u 'kleiner dan', zet dan een spatie na '<'.")


def _checked_form(form: str | None) -> str:
    """Refuse updates (403) and anything that is no query form (400)."""
    form = form or ""
    if form in UPDATE_FORMS:
        raise Refused(403, f"Alleen-lezen: {form} (SPARQL Update) wordt geweigerd. "
                           f"Gebruik SELECT, ASK, CONSTRUCT of DESCRIBE.")
    if form not in QUERY_FORMS:
        raise Refused(400, "Geen geldige SPARQL-query: verwacht SELECT, ASK, CONSTRUCT of DESCRIBE"
                           + (f", gevonden {form!r}." if form else "."))
    return form
