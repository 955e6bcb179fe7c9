"""Content negotiation: one table of MIME types and formats, chosen by ``?format=`` or Accept.

The Accept header is read per RFC 9110 §12.5.1: q-values, the most specific matching
range decides a type's weight (``text/turtle`` over ``text/*`` over ``*/*``), media-type
parameters other than ``q`` (``charset=utf-8``) do not stop a match, ties go to the order
of the offered formats. A known ``?format=`` wins over Accept (a link a person clicks);
an unknown one is a 406 on pages and only a hint on the SPARQL endpoint (``strict=False``:
SPARQLWrapper sends ``format=n3`` with a proper Accept). Formats are named by short keys
(``ttl``, ``jsonld``, …).
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Format:
    """One serialisation: its short key, MIME type, rdflib/pyoxigraph name and aliases for ``?format=``."""

    key: str
    mimetype: str
    name: str
    aliases: tuple[str, ...] = ()


HTML = Format("html", "text/html", "html")

#: RDF graphs (entity descriptions, CONSTRUCT/DESCRIBE results); ``name`` is rdflib's format name.
GRAPH_FORMATS = (
    Format("ttl", "text/turtle", "turtle", ("turtle",)),
    Format("jsonld", "application/ld+json", "json-ld", ("json-ld", "json")),
    Format("nt", "application/n-triples", "nt", ("ntriples", "n-triples")),
    Format("rdfxml", "application/rdf+xml", "xml", ("rdf", "xml")),
)

#: SPARQL results (SELECT/ASK); ``name`` is pyoxigraph's QueryResultsFormat member.
RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", "JSON", ("srj",)),
    Format("xml", "application/sparql-results+xml", "XML", ("srx",)),
    Format("csv", "text/csv", "CSV"),
    Format("tsv", "text/tab-separated-values", "TSV"),
)

#: Extra MIME types clients send for the same formats (N3 readers read Turtle).
MIME_ALIASES = {
    "application/json": ("application/sparql-results+json", "application/ld+json"),
    "application/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/n-triples": ("application/n-triples",),
    "application/x-turtle": ("text/turtle",),
    "application/turtle": ("text/turtle",),
    "text/n3": ("text/turtle",),
    "text/rdf+n3": ("text/turtle",),
    "application/n3": ("text/turtle",),
    # A graph asked for in a result-set format: the graph format of the same family.
    "application/sparql-results+json": ("application/ld+json",),
    "application/sparql-results+xml": ("application/rdf+xml",),
}


class NotAcceptable(ValueError):
    """The requested format is not one of the offered ones; the message lists them."""


def _media_ranges(accept: MIMEAccept | str | None) -> list[tuple[str, float]]:
    """(lower-case ``type/subtype``, q) per media range; parameters other than q are dropped."""
    if accept is None:
        return []
    if isinstance(accept, str):
        items = []
        for part in accept.split(","):
            fields = [f.strip() for f in part.split(";")]
            q = 1.0
            for param in fields[1:]:
                name, _, value = param.partition("=")
                if name.strip().lower() == "q":
                    try:
                        q = float(value)
                    except ValueError:
                        q = 0.0
            items.append((fields[0], q))
    else:
        items = list(accept)
    return [(value.split(";")[0].strip().lower(), max(0.0, min(1.0, q))) for value, q in items if value.strip()]


def _weight(ranges: list[tuple[str, float]], mimetype: str) -> float | None:
    """The q of the most specific range matching ``mimetype`` (None: no range matches)."""
    kind = mimetype.split("/")[0]
    best: tuple[int, float] | None = None
    for value, q in ranges:
        specificity = 3 if value == mimetype else 2 if value == f"{kind}/*" else 1 if value in ("*/*", "*") else 0
        if specificity and (best is None or specificity > best[0]):
            best = (specificity, q)
    return None if best is None else best[1]


def choose(offered: tuple[Format, ...], format_param: str | None, accept: MIMEAccept | str | None,
           strict: bool = True) -> Format:
    """The format to answer in: a known ``?format=``, else the best Accept match, else the first offered.

    Raises :class:`NotAcceptable` for an unknown ``?format=`` (only when ``strict``) and when
    Accept excludes every offered format (an alias such as ``application/json`` counts).
    """
    if format_param:
        wanted = format_param.strip().lower()
        for fmt in offered:
            if wanted in (fmt.key, fmt.mimetype, *fmt.aliases):
                return fmt
        if strict:
            raise NotAcceptable(f"onbekend formaat {format_param!r}; kies uit: {', '.join(f.key for f in offered)}")
    ranges = _media_ranges(accept)
    if not ranges:
        return offered[0]
    weights: dict[str, float] = {}
    for fmt in offered:
        weight = _weight(ranges, fmt.mimetype)
        for alias, targets in MIME_ALIASES.items():
            if fmt.mimetype in targets and (alias_weight := _weight([r for r in ranges if r[0] == alias], alias)) is not None:
                weight = max(weight or 0.0, alias_weight * 0.999)  # the proper type first when both are asked
        if weight:
            weights[fmt.key] = weight
    if not weights:
        raise NotAcceptable(f"geen van de gevraagde formaten wordt ondersteund; beschikbaar: {', '.join(f.mimetype for f in offered)}")
    best = max(weights.values())
    return next(fmt for fmt in offered if weights.get(fmt.key) == best)


def alternates(base_url: str, formats: tuple[Format, ...] = GRAPH_FORMATS) -> str:
    """A ``Link`` header value announcing the data variants of a page."""
    sep = "&" if "?" in base_url else "?"
    return ", ".join(f'<{base_url}{sep}format={f.key}>; rel="alternate"; type="{f.mimetype}"' for f in formats)
