"""The statute-text section of a provision page: the text of one version, the version list, a diff.

By default the version in force now (``kgb:inForceVersion``); ``?peildatum=JJJJ-MM-DD`` shows the
version in force on that day; ``?van=…&naar=…`` (first days of two versions) adds a word-level
diff. All of it comes from the graph (the build read the texts from the law folder); without
versions the section says the texts were not available when the graph was built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rdflib import URIRef
from werkzeug.exceptions import BadRequest

from kg.enrich import parse_provision
from kg.laws.diff import Segment, segments
from kg.namespaces import ELI, KGB
from web.state import KgState


@dataclass
class VersionRow:
    """One version of the provision, as listed on the page."""

    iri: str
    first: str
    last: str | None
    text: str | None
    lapsed: bool
    inferred: bool
    wetten_url: str | None
    jci: str | None
    current: bool = False
    curated: bool = False

    def in_force_on(self, day: str) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


@dataclass
class StatuteVersions:
    """What the statute section shows; ``shown`` is None when no version was in force on the day asked."""

    regulation: str
    jci: str
    versions: list[VersionRow]
    shown: VersionRow | None
    day: str | None = None
    diff: list[Segment] = field(default_factory=list)
    diff_from: VersionRow | None = None
    diff_to: VersionRow | None = None
    template: str = "browse/_statute.html"

    @property
    def oldest_after_day(self) -> VersionRow | None:
        """The oldest version when the day asked lies before it (nothing shown): what the page can say instead."""
        if self.shown is None and self.day and self.versions and self.day < self.versions[0].first:
            return self.versions[0]
        return None

    @property
    def lines(self) -> list[str]:
        return (self.shown.text or "").splitlines() if self.shown else []


def _day(args, name: str) -> str | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadRequest(f"Ongeldige {name} {value!r}: gebruik JJJJ-MM-DD, bv. 2016-01-01.") from None


def versions_of(state: KgState, node: URIRef) -> list[VersionRow]:
    """Every version of ``node`` in the graph, oldest first."""
    graph = state.graph
    current = set(graph.objects(node, KGB.inForceVersion))
    curated = set(graph.objects(node, KGB.curatedVersion))
    rows = []
    for version in graph.subjects(ELI.realizes, node):
        first = graph.value(version, ELI.first_date_entry_in_force)
        if first is None:
            continue
        last, text = graph.value(version, ELI.date_no_longer_in_force), graph.value(version, KGB.text)
        url, jci = graph.value(version, KGB.wettenUrl), graph.value(version, KGB.jci)
        rows.append(VersionRow(
            iri=str(version), first=str(first), last=str(last) if last else None, text=str(text) if text is not None else None,
            lapsed=graph.value(version, KGB.lapsed) is not None, inferred=graph.value(version, KGB.validityInferred) is not None,
            wetten_url=str(url) if url else None, jci=str(jci) if jci else None,
            current=version in current, curated=version in curated))
    return sorted(rows, key=lambda r: r.first)


def statute_versions(state: KgState, node: URIRef, args) -> list[StatuteVersions]:
    """The section for a provision page (``args``: the request's query arguments)."""
    ref = parse_provision(str(node))
    if ref is None or not ref.path:
        return []
    versions = versions_of(state, node)
    day = _day(args, "peildatum")
    if day:
        shown = next((v for v in versions if v.in_force_on(day)), None)
    else:
        shown = next((v for v in versions if v.current), versions[-1] if versions else None)
    section = StatuteVersions(regulation=state.labels.label(URIRef(str(node).split("/artikel/")[0])), jci=ref.jci,
                              versions=versions, shown=shown, day=day)
    by_first = {v.first: v for v in versions}
    old, new = _day(args, "van"), _day(args, "naar")
    if old and new:
        if old not in by_first or new not in by_first:
            raise BadRequest("Geen versie van deze bepaling begint op die datum; kies twee versies uit de lijst.")
        section.diff_from, section.diff_to = by_first[old], by_first[new]
        section.diff = segments(by_first[old].text, by_first[new].text)
    return [section]
