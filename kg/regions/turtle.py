"""A deterministic Turtle writer for generated files.

Same graph → byte-identical text: subjects, predicates and objects are sorted, our
instances are written relative to ``@base`` (as in the hand-written data), known
namespaces as prefixed names. Blank nodes are not supported (generated data has none).
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.namespaces import ID_BASE, PREFIXES

_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_PREDICATE_ORDER = {str(RDF.type): "0", str(RDFS.label): "1"}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _iri(iri: str) -> str:
    if iri.startswith(ID_BASE):
        return f"<{iri[len(ID_BASE):]}>"
    for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if prefix != "id" and iri.startswith(base) and _LOCAL_NAME.match(iri[len(base):]):
            return f"{prefix}:{iri[len(base):]}"
    return f"<{iri}>"


def term(node: object) -> str:
    """One term in Turtle syntax."""
    if isinstance(node, URIRef):
        return "a" if node == RDF.type else _iri(str(node))
    if isinstance(node, Literal):
        text = '"' + "".join(_ESCAPES.get(c, c) for c in str(node)) + '"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype == XSD.integer:
            return str(node)
        if node.datatype and node.datatype != XSD.string:
            return f"{text}^^{_iri(str(node.datatype))}"
        return text
    raise TypeError(f"cannot write {node!r} (blank nodes are not supported)")


def _used_prefixes(text: str) -> list[str]:
    return [p for p in sorted(PREFIXES) if p != "id" and re.search(rf"(?<![\w<]){p}:", text)]


def serialize(graph: Graph, header: str) -> str:
    """The graph as Turtle with a ``#`` comment header, in a stable order."""
    blocks = []
    for subject in sorted(set(graph.subjects()), key=str):
        predicates = sorted(set(graph.predicates(subject)), key=lambda p: _PREDICATE_ORDER.get(str(p), "2" + term(p)))
        parts = []
        for predicate in predicates:
            objects = sorted((term(o) for o in graph.objects(subject, predicate)))
            parts.append(f"{term(predicate)} {' , '.join(objects)}")
        blocks.append(f"{term(subject)} " + " ;\n    ".join(parts) + " .\n")
    body = "\n".join(blocks)
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.strip().splitlines())
    prologue = f"@base <{ID_BASE}> .\n" + "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in _used_prefixes(body))
    return f"{comment}{prologue}\n{body}"
