"""Triples derived from our IRIs by documented rules (docs/data-conventions.md).

- A provision IRI ``id/bwb/{BWB}/{level}/{n}/…`` yields its type, BWB id, JCI 1.3
  reference, wetten.overheid.nl link, version date (the regulation's), label and
  ``eli:is_part_of`` chain up to the regulation.
- A seed excerpt IRI ``id/seed/{file}/L{a}-L{b}`` yields its document, first and
  last line and a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kg.namespaces import ELI, ID_BASE, KGB

PROVISION_RE = re.compile(
    rf"^{re.escape(ID_BASE)}bwb/(?P<bwb>BWB[RV]\d{{7}})(?P<path>(?:/(?:hoofdstuk|afdeling|paragraaf|artikel|lid|onderdeel)/[0-9A-Za-z.:]+)*)$",
    re.ASCII,  # codes: \d must not accept other scripts' digits
)
SEED_EXCERPT_RE = re.compile(rf"^{re.escape(ID_BASE)}seed/(?P<doc>\d{{3}}_[0-9a-f]{{16}})/L(?P<start>\d+)-L(?P<end>\d+)$", re.ASCII)

LEVEL_CLASS = {
    "hoofdstuk": KGB.Chapter,
    "afdeling": KGB.Chapter,
    "paragraaf": KGB.Chapter,
    "artikel": KGB.Article,
    "lid": KGB.Paragraph,
    "onderdeel": KGB.Item,
}
LEVEL_LABEL = {"hoofdstuk": "hoofdstuk", "afdeling": "afd.", "paragraaf": "§", "artikel": "art.", "lid": "lid", "onderdeel": "onder"}


@dataclass(frozen=True)
class ProvisionRef:
    """A provision decomposed from its IRI."""

    bwb: str
    path: tuple[tuple[str, str], ...]  # ((level, number), ...)

    @property
    def iri(self) -> URIRef:
        return URIRef(f"{ID_BASE}bwb/{self.bwb}" + "".join(f"/{lvl}/{num}" for lvl, num in self.path))

    @property
    def jci(self) -> str:
        return f"jci1.3:c:{self.bwb}" + "".join(f"&{lvl}={num}" for lvl, num in self.path)

    def parent(self) -> "ProvisionRef | None":
        return ProvisionRef(self.bwb, self.path[:-1]) if self.path else None

    def label(self, short_title: str) -> str:
        parts = " ".join(f"{LEVEL_LABEL[lvl]} {num}" for lvl, num in self.path)
        return f"{parts} {short_title}".strip()


def parse_provision(iri: str) -> ProvisionRef | None:
    """Decompose a provision IRI, or ``None`` when it does not follow the rule."""
    match = PROVISION_RE.match(iri)
    if not match:
        return None
    steps = match.group("path").strip("/").split("/") if match.group("path") else []
    return ProvisionRef(match.group("bwb"), tuple(zip(steps[::2], steps[1::2])))


def provision_iri(bwb: str, **path: str) -> URIRef:
    """Mint a provision IRI, e.g. ``provision_iri('BWBR0034925', artikel='3.2', lid='2')``."""
    return ProvisionRef(bwb, tuple((k, str(v)) for k, v in path.items())).iri


def wetten_url(ref: ProvisionRef, version: str | None) -> URIRef:
    """Link to the provision on wetten.overheid.nl (JCI resolver, at the version date if known)."""
    suffix = f"&g={version}" if version else ""
    return URIRef(f"https://wetten.overheid.nl/{ref.jci}{suffix}")


def derive(graph: Graph) -> Graph:
    """All derived triples for the provisions and seed excerpts mentioned in ``graph``."""
    derived = Graph()
    iris = {t for triple in graph for t in triple if isinstance(t, URIRef)}
    provisions: dict[URIRef, ProvisionRef] = {}
    for iri in iris:
        ref = parse_provision(str(iri))
        while ref is not None and ref.iri not in provisions:
            provisions[ref.iri] = ref
            ref = ref.parent()
    for iri, ref in provisions.items():
        regulation = URIRef(f"{ID_BASE}bwb/{ref.bwb}")
        short = graph.value(regulation, DCTERMS.alternative) or ref.bwb
        version = graph.value(regulation, KGB.versionDate)
        derived.add((iri, KGB.bwbId, Literal(ref.bwb)))
        if not ref.path:
            if (iri, RDFS.label, None) not in graph and (short or graph.value(iri, ELI.title)):
                derived.add((iri, RDFS.label, Literal(str(graph.value(iri, ELI.title) or short), lang="nl")))
            continue
        level = ref.path[-1][0]
        if (iri, RDF.type, None) not in graph:
            derived.add((iri, RDF.type, LEVEL_CLASS[level]))
        derived.add((iri, KGB.jci, Literal(ref.jci)))
        derived.add((iri, ELI.number, Literal(ref.path[-1][1])))
        derived.add((iri, ELI.is_part_of, ref.parent().iri))  # type: ignore[union-attr]
        derived.add((iri, KGB.wettenUrl, wetten_url(ref, str(version) if version else None)))
        if version is not None:
            derived.add((iri, KGB.versionDate, Literal(str(version), datatype=XSD.date)))
        if (iri, RDFS.label, None) not in graph:
            derived.add((iri, RDFS.label, Literal(ref.label(str(short)), lang="nl")))
    for iri in iris:
        match = SEED_EXCERPT_RE.match(str(iri))
        if not match:
            continue
        doc, start, end = match.group("doc"), int(match.group("start")), int(match.group("end"))
        derived.add((iri, RDF.type, KGB.SeedExcerpt))
        derived.add((iri, KGB.inDocument, URIRef(f"{ID_BASE}seed/{doc}")))
        derived.add((iri, KGB.lineStart, Literal(start)))
        derived.add((iri, KGB.lineEnd, Literal(end)))
        lines = f"r. {start}" if start == end else f"r. {start}–{end}"
        derived.add((iri, RDFS.label, Literal(f"{doc}.txt {lines}", lang="nl")))
    return derived
