"""Named SPARQL queries (``kg/queries/**/*.rq``) and result formatting.

Each ``.rq`` file starts with ``#`` comment lines saying which question it answers;
the first comment line is its title. Queries declare their own PREFIX lines so they
also run when pasted into ``/sparql``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import compact, sparql_prologue
from kg.readonly import Refused, query_form
from kg.store import QueryError, QueryResult, Store

QUERY_DIR = Path(__file__).resolve().parent / "queries"
FORMATS = ("table", "csv", "json", "turtle")


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name (path below kg/queries without .rq), title, description and text."""

    name: str
    title: str
    description: str
    text: str
    #: The question in Dutch, from a ``# nl: …`` comment line (shown in the web UI).
    title_nl: str | None = None

    @property
    def display_title(self) -> str:
        """The Dutch title where there is one, else the English one."""
        return self.title_nl or self.title


def load_query(name: str) -> NamedQuery:
    """Load ``kg/queries/{name}.rq``; raises KeyError naming the available queries."""
    path = (QUERY_DIR / f"{name}.rq").resolve()
    if not path.is_file() or QUERY_DIR not in path.parents:
        raise KeyError(f"geen opgeslagen query {name!r}; beschikbaar: {', '.join(q.name for q in list_queries())}")
    return _read(path)


def _read(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("#").strip())
    title = comments[0] if comments else path.stem
    title_nl = next((c[3:].strip() for c in comments if c.startswith("nl:")), None)
    return NamedQuery(
        name=path.relative_to(QUERY_DIR).with_suffix("").as_posix(),
        title=title,
        description=" ".join(c for c in comments[1:] if c and not c.startswith("nl:")),
        text=text,
        title_nl=title_nl,
    )


def list_queries(folder: str = "") -> list[NamedQuery]:
    """All named queries below ``kg/queries/{folder}``, sorted by name."""
    return [_read(p) for p in sorted((QUERY_DIR / folder).rglob("*.rq"))]


def with_prefixes(sparql: str) -> str:
    """Prepend our PREFIX declarations to a query that uses prefixes without declaring them."""
    return sparql if "PREFIX" in sparql.upper() else sparql_prologue() + sparql


def run(store: Store, sparql: str) -> QueryResult:
    """Run a query (a named query's text or a user's query) under the read-only guard.

    FROM / FROM NAMED in the query are honoured; without them the default graph is the
    union of all graphs. Parser positions in errors refer to the user's text, not to the
    added prefixes.
    """
    try:
        query_form(sparql)
    except Refused as exc:
        raise QueryError(str(exc)) from exc
    text = with_prefixes(sparql)
    added = len(text) - len(sparql)
    try:
        return store.query(text, untrusted=True)
    except QueryError as exc:
        if not added:
            raise
        message = re.sub(r"\b1:(\d+)\b", lambda m: f"1:{max(1, int(m.group(1)) - added)}", str(exc))
        raise QueryError(message) from exc


# --- formatting ------------------------------------------------------------

def term_text(term: Node | None, compact_iris: bool = True) -> str:
    """Plain text for a term in a table or CSV cell."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term)) if compact_iris else str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def term_json(term: Node) -> object:
    """A term as SPARQL 1.1 Results JSON."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out: dict[str, str] = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def format_result(result: QueryResult, fmt: str) -> str:
    """Render a result as ``table``, ``csv``, ``json`` (SPARQL 1.1 Results JSON) or ``turtle``."""
    if fmt not in FORMATS:
        raise ValueError(f"onbekende uitvoervorm {fmt!r}; kies uit {', '.join(FORMATS)}")
    if result.kind == "graph":
        assert result.graph is not None
        if fmt in ("turtle", "table"):
            return result.graph.serialize(format="turtle")
        if fmt == "json":
            return result.graph.serialize(format="json-ld")
        raise ValueError("een CONSTRUCT/DESCRIBE-resultaat is een graaf: gebruik --format turtle of json")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true\n" if result.boolean else "false\n"
    if fmt == "turtle":
        raise ValueError("een SELECT-resultaat is een tabel: gebruik --format table, csv of json")
    if fmt == "json":
        return json.dumps({
            "head": {"vars": result.variables},
            "results": {"bindings": [{k: term_json(v) for k, v in row.items()} for row in result.rows]},
        }, ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([term_text(row.get(v), compact_iris=False) for v in result.variables])
        return buf.getvalue()
    return render_table(result.variables, [[term_text(row.get(v)) for v in result.variables] for row in result.rows])


def render_table(headers: list[str], rows: list[list[str]], max_width: int = 60) -> str:
    """A plain-text table with aligned columns; long cells are shortened with '…'."""
    def cut(s: str) -> str:
        s = " ".join(s.split())
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    cells = [[cut(h) for h in headers]] + [[cut(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(rows)} rij{'en' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
