"""Search over labels and descriptions: accent- and case-insensitive, prefix matches.

The data are small, so the index is a list built once at start-up and matched in
Python. Text is normalised with Unicode NFKD and stripped of combining marks, so
``coordinatie`` finds ``coördinatie``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kg.namespaces import ID_BASE, KGB
from web.labels import LABEL_PREDICATES, Labels, Link

#: Longest search text and most words accepted: every word is matched against every entry,
#: so the cost grows with both (60,000 characters took 22 s, 2,000 words 19 s).
MAX_QUERY_CHARS = 200
MAX_WORDS = 10
DESCRIPTION_PREDICATES = (RDFS.comment, SKOS.definition, DCTERMS.description, KGB.note, KGB.action, SKOS.altLabel, DCTERMS.alternative, KGB.quote)
WORD = re.compile(r"[0-9a-z]+")


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation kept (for word splitting)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass
class Entry:
    """One searchable node: its normalised label and description words."""

    iri: URIRef
    label: str
    label_norm: str
    label_words: list[str]
    text_words: list[str]


@dataclass
class Hit:
    link: Link
    type_label: str
    snippet: str
    score: int


@dataclass
class HitGroup:
    """Hits of one type, best first."""

    type_label: str
    hits: list[Hit] = field(default_factory=list)


class SearchIndex:
    """All our nodes with a label, matched on every query word as a (word-)prefix or substring."""

    def __init__(self, graph: Graph, labels: Labels) -> None:
        self._labels = labels
        self._entries: list[Entry] = []
        self._descriptions: dict[URIRef, str] = {}
        subjects = {s for p in LABEL_PREDICATES for s in graph.subjects(p) if isinstance(s, URIRef)}
        for iri in sorted(s for s in subjects if str(s).startswith(ID_BASE) or str(s).startswith(str(KGB))):
            texts = [str(o) for p in LABEL_PREDICATES for o in graph.objects(iri, p) if isinstance(o, Literal)]
            # Sorted per predicate: the snippet must not depend on the store's triple order.
            descriptions = [d for p in DESCRIPTION_PREDICATES
                            for d in sorted(str(o) for o in graph.objects(iri, p) if isinstance(o, Literal))]
            label = labels.label(iri)
            self._descriptions[iri] = descriptions[0] if descriptions else ""
            self._entries.append(Entry(
                iri=iri, label=label, label_norm=normalise(label),
                label_words=WORD.findall(normalise(" ".join(texts))),
                text_words=WORD.findall(normalise(" ".join(descriptions))),
            ))

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, query: str, limit: int = 200) -> list[HitGroup]:
        """Hits for ``query`` grouped by type; groups ordered by their best hit.

        Raises :class:`ValueError` (a Dutch message) for a text longer than
        :data:`MAX_QUERY_CHARS` or with more than :data:`MAX_WORDS` words.
        """
        if len(query) > MAX_QUERY_CHARS:
            raise ValueError(f"De zoekterm is te lang ({len(query)} tekens; maximaal {MAX_QUERY_CHARS}).")
        phrase = normalise(query).strip()
        words = WORD.findall(phrase)
        if len(words) > MAX_WORDS:
            raise ValueError(f"Te veel woorden in de zoekterm ({len(words)}; maximaal {MAX_WORDS}).")
        if not words:
            return []
        hits = []
        for entry in self._entries:
            score = _score(entry, words, phrase)
            if score:
                cls = self._labels.primary_type(entry.iri)
                hits.append(Hit(
                    link=self._labels.link(entry.iri),
                    type_label=self._labels.label(cls) if cls is not None else "overig",
                    snippet=_shorten(self._descriptions.get(entry.iri, "")),
                    score=score,
                ))
        hits.sort(key=lambda h: (-h.score, h.link.label.casefold()))
        groups: dict[str, HitGroup] = {}
        for hit in hits[:limit]:
            groups.setdefault(hit.type_label, HitGroup(hit.type_label)).hits.append(hit)
        return list(groups.values())


def _score(entry: Entry, words: list[str], phrase: str) -> int:
    """0 = no match; higher is better: whole-label prefix > label word prefixes > substrings > description."""
    if entry.label_norm.startswith(phrase):
        return 100
    if all(any(w.startswith(q) for w in entry.label_words) for q in words):
        return 80
    if all(any(q in w for w in entry.label_words) for q in words):
        return 60
    both = entry.label_words + entry.text_words
    if all(any(w.startswith(q) for w in both) for q in words):
        return 40
    if all(any(q in w for w in both) for q in words):
        return 20
    return 0


def _shorten(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
