"""Content negotiation: one table of MIME types and formats, chosen by ``?format=`` or Accept.

``?format=`` wins over the Accept header; an unknown ``?format=`` value is an error
the caller turns into 406. Formats are named by short keys (``ttl``, ``jsonld``, …).
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

#: Extra MIME types clients send for the same formats.
MIME_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/n-triples": "application/n-triples",
    "application/x-turtle": "text/turtle",
    "application/turtle": "text/turtle",
}


class NotAcceptable(ValueError):
    """The requested format is not one of the offered ones; the message lists them."""


def choose(offered: tuple[Format, ...], format_param: str | None, accept: MIMEAccept) -> Format:
    """The format to answer in: ``?format=`` if given, else the best Accept match, else the first offered."""
    if format_param:
        wanted = format_param.strip().lower()
        for fmt in offered:
            if wanted in (fmt.key, fmt.mimetype, *fmt.aliases):
                return fmt
        raise NotAcceptable(
            f"onbekend formaat {format_param!r}; kies uit: {', '.join(f.key for f in offered)}"
        )
    mimetypes = [f.mimetype for f in offered]
    best = accept.best_match(mimetypes + list(MIME_ALIASES), default=None)
    if best is None:
        if accept:
            raise NotAcceptable(f"geen van de gevraagde formaten wordt ondersteund; beschikbaar: {', '.join(mimetypes)}")
        return offered[0]
    best = MIME_ALIASES.get(best, best)
    for fmt in offered:
        if fmt.mimetype == best:
            return fmt
    return offered[0]


def alternates(base_url: str, formats: tuple[Format, ...] = GRAPH_FORMATS) -> str:
    """A ``Link`` header value announcing the data variants of a page."""
    sep = "&" if "?" in base_url else "?"
    return ", ".join(f'<{base_url}{sep}format={f.key}>; rel="alternate"; type="{f.mimetype}"' for f in formats)
