"""Mentions of organisations in every loaded statute version, as triples for the built graph.

Each article is searched once per distinct text: consecutive versions in which an article
reads the same share one set of mentions, valid from the first of those versions to the
end of the last (``kgb:mentionUntil`` absent for the text in force now). A mention is
attached to the finest provision that holds it (onderdeel, lid or article) and its offsets
are relative to that provision's text as the law readers normalise it (:mod:`kg.laws`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.amend.mentions import RULE_ANAPHORA, RULE_DEFINITION, RULE_NAME, Mention, MentionFinder, Term
from kg.enrich import provision_iri
from kg.laws import Article, Regulation
from kg.namespaces import ID_BASE, KGB

if TYPE_CHECKING:
    from kg.config import Settings
    from kg.store import Store

RULE_CONCEPT = {RULE_NAME: KGB.ByName, RULE_DEFINITION: KGB.ByDefinition, RULE_ANAPHORA: KGB.ByAnaphora}
#: Characters of statute text kept on each side of a mention as its context.
CONTEXT = 90

Path = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FoundMention:
    """A mention in one provision, valid for a run of versions with the same article text."""

    bwb: str
    path: Path
    valid_from: date
    valid_to: date | None  # exclusive; None: in the newest version
    mention: Mention
    context: str

    @property
    def provision(self) -> URIRef:
        return provision_iri(self.bwb, **dict(self.path))

    @property
    def iri(self) -> URIRef:
        steps = "".join(f"/{level}/{number}" for level, number in self.path)
        return URIRef(f"{ID_BASE}mention/{self.bwb}{steps}/{self.valid_from.isoformat()}/{self.mention.start}")


def units(article: Article) -> list[tuple[Path, str, list[tuple[str, int, int]]]]:
    """The texts to search in one article, in order: each lid (or the article without leden),
    with the spans of its onderdelen so a mention can be placed in the onderdeel that holds it."""
    base: Path = (("artikel", article.number),)
    blocks = [(base + (("lid", lid.number),), lid.text, lid.onderdelen) for lid in article.leden] \
        or [(base, article.text, article.onderdelen)]
    out = []
    for path, text, onderdelen in blocks:
        spans, cursor = [], 0
        for onderdeel in onderdelen:
            at = text.find(onderdeel.text, cursor)
            if at >= 0 and onderdeel.number:
                spans.append((onderdeel.number, at, at + len(onderdeel.text)))
                cursor = at + len(onderdeel.text)
        out.append((path, text, spans))
    return out


def _context(text: str, mention: Mention) -> str:
    before = text[max(0, mention.start - CONTEXT):mention.start]
    after = text[mention.end:mention.end + CONTEXT]
    snippet = ("…" if mention.start > CONTEXT else "") + f"{before}«{mention.words}»{after}" + \
        ("…" if mention.end + CONTEXT < len(text) else "")
    return " ".join(snippet.split())  # one line: leden and onderdelen are separate lines in the statute text


def article_mentions(finder: MentionFinder, article: Article, defined: set[str]) -> Iterator[tuple[Path, Mention, str]]:
    """(provision path, mention with offsets into that provision's text, context) in one article."""
    found_units = units(article)
    for (path, text, spans), mentions in zip(found_units, finder.find([t for _, t, _ in found_units], defined)):
        for mention in mentions:
            holder = next(((n, a) for n, a, b in spans if a <= mention.start and mention.end <= b), None)
            if holder is None:
                yield path, mention, _context(text, mention)
                continue
            number, offset = holder
            shifted = Mention(mention.organisation, mention.start - offset, mention.end - offset, mention.words,
                              mention.rule, mention.defines)
            yield path + (("onderdeel", number),), shifted, _context(text, mention)


def regulation_mentions(finder: MentionFinder, regulation: Regulation) -> list[FoundMention]:
    """Every mention in every version of one regulation, one per run of versions with equal article text."""
    found: list[FoundMention] = []
    versions = regulation.versions
    numbers = {n for v in versions for n in v.articles}
    defined = [finder.defined_short_terms("\n".join(a.text for a in v.articles.values())) for v in versions]
    for number in sorted(numbers):
        run_start = 0
        for i in range(1, len(versions) + 1):
            article = versions[run_start].articles.get(number)
            following = versions[i].articles.get(number) if i < len(versions) else None
            same = following is not None and article is not None and following.text == article.text \
                and defined[i] == defined[run_start]
            if same:
                continue
            if article is not None and not article.lapsed:
                valid_to = versions[i - 1].valid_to
                for path, mention, context in article_mentions(finder, article, defined[run_start]):
                    found.append(FoundMention(regulation.bwb, path, versions[run_start].valid_from, valid_to,
                                              mention, context))
            run_start = i
    return found


def terms_from_rows(rows: Iterable[dict]) -> list[Term]:
    """Terms from the rows of ``kg/queries/amendments/terms.rq`` (organisation, term, kind)."""
    return [Term(str(r["organisation"]), str(r["term"]), str(r["kind"]) == "short") for r in rows]


def triples(found: Iterable[FoundMention], labels: dict[str, str]) -> Iterator[tuple]:
    """The RDF of each mention (see ontology/mentions.ttl)."""
    for f in found:
        m, iri = f.mention, f.iri
        yield iri, RDF.type, KGB.Mention
        yield iri, KGB.mentionIn, f.provision
        yield iri, KGB.mentionOf, URIRef(m.organisation)
        yield iri, KGB.mentionVersion, Literal(f.valid_from.isoformat(), datatype=XSD.date)
        if f.valid_to is not None:
            yield iri, KGB.mentionUntil, Literal(f.valid_to.isoformat(), datatype=XSD.date)
        yield iri, KGB.matchedWords, Literal(m.words)
        yield iri, KGB.startOffset, Literal(m.start)
        yield iri, KGB.endOffset, Literal(m.end)
        yield iri, KGB.resolvedBy, RULE_CONCEPT[m.rule]
        yield iri, KGB.mentionContext, Literal(f.context)
        if m.defines:
            yield iri, KGB.inDefinition, Literal(True)
        yield iri, PROV.wasDerivedFrom, f.provision
        where = " ".join(f"{'art.' if lvl == 'artikel' else lvl} {num}" for lvl, num in f.path)
        law = labels.get(f"{ID_BASE}bwb/{f.bwb}", f.bwb)
        yield iri, RDFS.label, Literal(f"{labels.get(m.organisation, m.words)} in {where} {law} "
                                       f"({f.valid_from.isoformat()})", lang="nl")


def finder_from_store(store: Store) -> MentionFinder:
    """A mention finder with the statute terms of the graph's organisations and tasks."""
    from kg.query import load_query

    return MentionFinder(terms_from_rows(store.select(load_query("amendments/terms").text)))


def snapshot_dates(store: Store) -> dict[str, date]:
    """The date each archived 2013–2015 snapshot stands for (the regulation's kgb:versionDate)."""
    from kg.query import load_query

    return {str(r["bwb"]): date.fromisoformat(str(r["date"])[:10])
            for r in store.select(load_query("amendments/snapshot-dates").text)}


def derive_mentions(store: Store, settings: Settings, say: Callable[[str], None]) -> list[tuple]:
    """Mention triples for every loaded statute version, or none (saying so) without a law folder.

    The statute texts come from :func:`kg.laws.graph.load_regulations`, the reading the build's
    version graph uses too, so the law folder is read once per build.
    """
    from kg.laws.graph import law_folders, load_regulations
    from kg.query import load_query

    if not law_folders(settings):
        say(f"geen wetteksten in {settings.laws_dir}: vermeldingen van organisaties worden overgeslagen")
        return []
    finder = finder_from_store(store)
    if not finder.terms:
        return []
    labels = {str(r["resource"]): str(r["label"]) for r in store.select(load_query("amendments/labels").text)}
    regulations = load_regulations(settings, snapshot_dates(store))
    found: list[FoundMention] = []
    for regulation in regulations.values():
        found += regulation_mentions(finder, regulation)
    say(f"{len(found)} vermeldingen van organisaties en taken in {len(regulations)} regelingen")
    newest = [(URIRef(f"{ID_BASE}bwb/{bwb}"), KGB.newestLoadedVersion,
               Literal(r.newest.valid_from.isoformat(), datatype=XSD.date)) for bwb, r in regulations.items()]
    return newest + list(triples(found, labels))
