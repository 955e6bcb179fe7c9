"""Turn an analysis result's JSON (``to_dict()``, docs/analysis-json.md) into table rows for the report pages.

A report is described by :class:`Section` specs (which list of findings, which columns);
each column names a path into a finding and a ``kind`` saying how to show it. The result
is plain dataclasses with :class:`~web.labels.Link` objects: templates only render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from web.labels import Labels, Link, local_path
from web.search import normalise

CERTAINTY_KEYS = {"besloten": "besloten", "verwacht": "verwacht", "nader te bepalen": "nader-te-bepalen"}


@dataclass(frozen=True)
class Column:
    """One column: its header, the path to its value in a finding, and how to show it."""

    header: str
    path: tuple[str, ...]
    kind: str = "text"  # text | ref | refs | certainty | evidence | routes | holders | source | sources | amend | cell


@dataclass(frozen=True)
class Facet:
    """A filter with a choice list: request parameter ``param``, Dutch ``label``, and the path to the
    value in a finding (a Ref's label, or a text)."""

    param: str
    label: str
    path: tuple[str, ...]

    def value(self, finding: dict[str, Any]) -> str:
        value = get(finding, self.path)
        return str(value.get("label", "")) if isinstance(value, dict) else "" if value is None else str(value)


@dataclass(frozen=True)
class Section:
    """One list of findings in a result (``key``), shown as a table; a report's first section is its
    main table (the CSV download) and the only one its ``facets`` filter."""

    title: str
    key: str
    columns: tuple[Column, ...]
    group_by: tuple[str, ...] | None = None
    facets: tuple[Facet, ...] = ()

    def facet_options(self, findings: list[dict[str, Any]]) -> list[tuple[Facet, list[str]]]:
        """Each facet with the values that occur, sorted."""
        return [(f, sorted({f.value(x) for x in findings} - {""})) for f in self.facets]

    def chosen(self, findings: list[dict[str, Any]], choices: dict[str, str]) -> list[dict[str, Any]]:
        """The findings that have every chosen facet value."""
        wanted = [(f, choices[f.param]) for f in self.facets if choices.get(f.param)]
        return [x for x in findings if all(f.value(x) == v for f, v in wanted)]


@dataclass
class SourceView:
    link: Link
    url: str | None = None
    quote: str | None = None
    note: str | None = None


@dataclass
class Cell:
    kind: str
    text: str = ""
    links: list[Link] = field(default_factory=list)
    chains: list[list[Link]] = field(default_factory=list)
    sources: list[SourceView] = field(default_factory=list)
    certainty_key: str = ""


@dataclass
class Row:
    cells: list[Cell]
    search_text: str
    certainty: str


@dataclass
class Group:
    title: str
    rows: list[Row]


@dataclass
class SectionView:
    title: str
    headers: list[str]
    groups: list[Group]
    total: int
    shown: int
    page: int = 1  #: the page of rows shown (``?pagina=``), when the rows are split into pages
    pages: int = 1


def get(finding: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in nested dicts (None when missing)."""
    value = finding
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def ref_link(ref: dict[str, Any] | None) -> Link:
    """A ``{"iri", "label"}`` reference as a link to its page on this site (or to the IRI)."""
    if not ref:
        return Link("", "—")
    iri = ref.get("iri", "")
    path = local_path(iri)
    return Link(path or iri, ref.get("label") or iri, iri, external=path is None and iri.startswith("http"))


def relabel_excerpts(data: Any, labels: Labels) -> Any:
    """``data`` with every seed excerpt reference named by document title, section and lines
    (the analysis names them by file name)."""
    if isinstance(data, list):
        return [relabel_excerpts(v, labels) for v in data]
    if not isinstance(data, dict):
        return data
    out = {k: relabel_excerpts(v, labels) for k, v in data.items()}
    better = labels.excerpt_label(out["iri"]) if isinstance(out.get("iri"), str) and "label" in out else None
    if better:
        out["label"] = better
    return out


def source_view(source: dict[str, Any]) -> SourceView:
    """A source (seed excerpt or provision) with its wetten.overheid.nl link and quote."""
    return SourceView(ref_link(source), source.get("url"), source.get("quote"))


def _cell(kind: str, value: Any) -> Cell:
    if kind == "ref":
        return Cell(kind, links=[ref_link(value)] if value else [])
    if kind == "refs":
        return Cell(kind, links=[ref_link(v) for v in value or []])
    if kind == "certainty":
        label = (value or {}).get("label", "")
        return Cell(kind, text=label, certainty_key=CERTAINTY_KEYS.get(label, "onbekend"))
    if kind == "evidence":
        value = value or {}
        return Cell(kind, links=[ref_link(s) for s in value.get("statements", [])],
                    sources=[source_view(s) for s in value.get("sources", [])])
    if kind == "sources":
        return Cell(kind, sources=[source_view(s) for s in value or []])
    if kind == "source":
        return Cell("sources", sources=[source_view(value)] if value else [])
    if kind == "routes":
        return Cell(kind, chains=[[ref_link(r.get("origin"))] + [ref_link(t.get("to")) for t in r.get("transfers", [])]
                                  for r in value or []])
    if kind == "holders":
        return Cell(kind, chains=[[ref_link(h.get("holder"))] + [ref_link(v) for v in h.get("via", [])] for h in value or []])
    if kind == "amend":  # a provision to amend and the organisation it names (once per pair)
        pairs = {((a.get("provision") or {}).get("iri"), (a.get("names") or {}).get("iri")): a for a in value or []}
        return Cell(kind, sources=[SourceView(ref_link(a.get("provision")), (a.get("provision") or {}).get("url"),
                                              note=f"noemt {a['names'].get('label', '')}" if a.get("names") else None)
                                   for a in pairs.values()])
    if kind == "cell":  # one scenario in a side-by-side comparison: holders and certainty
        value = value or {}
        certainty = (value.get("certainty") or {}).get("label", "")
        return Cell(kind, text=certainty, links=[ref_link(h) for h in value.get("holders", [])],
                    certainty_key=CERTAINTY_KEYS.get(certainty, "onbekend"))
    if isinstance(value, list):
        return Cell("text", text=", ".join(str(v) for v in value))
    return Cell("text", text="" if value is None else str(value))


def _plain(cell: Cell) -> str:
    parts = [cell.text] + [l.label for l in cell.links] + [" → ".join(l.label for l in c) for c in cell.chains]
    parts += [f"{s.link.label} ({s.note})" if s.note else s.link.label for s in cell.sources]
    return "; ".join(p for p in parts if p)


def row_of(finding: dict[str, Any], columns: tuple[Column, ...]) -> Row:
    cells = [_cell(c.kind, get(finding, c.path)) for c in columns]
    certainty = next((c.text for c in cells if c.kind in ("certainty", "cell") and c.text), "")
    return Row(cells, normalise(" ".join(_plain(c) for c in cells)), certainty)


def plain_rows(section: Section, findings: list[dict[str, Any]]) -> list[list[str]]:
    """The section as text cells (for CSV)."""
    return [[_plain(c) for c in row_of(f, section.columns).cells] for f in findings]


def _matches(row: Row, wanted: list[str], certainty: str) -> bool:
    return all(w in row.search_text for w in wanted) and (not certainty or row.certainty == certainty)


def filter_findings(section: Section, findings: list[dict[str, Any]], text_filter: str = "", certainty: str = "") -> list[dict[str, Any]]:
    """The findings whose row contains every word of ``text_filter`` and has ``certainty`` (if given)."""
    wanted = normalise(text_filter).split()
    return [f for f in findings if _matches(row_of(f, section.columns), wanted, certainty)]


def section_view(section: Section, findings: list[dict[str, Any]], text_filter: str = "", certainty: str = "",
                 page: int = 1, per_page: int | None = None) -> SectionView:
    """Rows of one section, filtered on text and certainty, grouped when the section asks for it;
    with ``per_page``, only the rows of ``page`` (clamped to the pages there are)."""
    wanted = normalise(text_filter).split()
    keyed: list[tuple[str, Row]] = []
    for finding in findings:
        row = row_of(finding, section.columns)
        if not _matches(row, wanted, certainty):
            continue
        title = ""
        if section.group_by:
            key = get(finding, section.group_by)
            refs = key if isinstance(key, list) else [key] if key else []
            title = ", ".join(r.get("label", "") for r in refs if isinstance(r, dict)) or "Nieuw (geen herkomst)"
        keyed.append((title, row))
    if section.group_by:
        keyed.sort(key=lambda kr: kr[0])  # stable: rows keep their order within a group
    pages = max(1, -(-len(keyed) // per_page)) if per_page else 1
    page = min(max(1, page), pages)
    shown = keyed[(page - 1) * per_page:page * per_page] if per_page else keyed
    groups: dict[str, list[Row]] = {}
    for title, row in shown:
        groups.setdefault(title, []).append(row)
    grouped = [Group(t, r) for t, r in groups.items()] if section.group_by else [Group("", [r for _, r in shown])]
    return SectionView(section.title, [c.header for c in section.columns], grouped, len(findings), len(keyed), page, pages)
