"""Validate the built graph against the SHACL shapes in ``shapes/``.

The data graph is the union of all named graphs (curated, ontology and derived), so
``sh:targetClass`` sees subclasses through the ontology's ``rdfs:subClassOf``.
"""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.namespaces import SH
from kg.report import Finding, Report


def load_shapes(shapes_dir: Path) -> Graph:
    """All shapes files as one graph."""
    shapes = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    if not len(shapes):
        raise FileNotFoundError(f"{shapes_dir}: geen SHACL-vormen (.ttl-bestanden) gevonden")
    return shapes


def _node_shape(shapes: Graph, shape: URIRef | BNode) -> URIRef | BNode:
    """The node shape a (possibly blank) property or SPARQL constraint belongs to."""
    owners = [*shapes.subjects(SH.property, shape), *shapes.subjects(SH.sparql, shape)]
    return owners[0] if owners else shape


def _shape_label(shapes: Graph, shape: URIRef | BNode) -> str:
    """A readable name for a shape: its label, or the label of the node shape that owns it."""
    for candidate in (shape, _node_shape(shapes, shape)):
        label = shapes.value(candidate, RDFS.label)
        if label is not None:
            return str(label)
    return str(shape)


def validate_graph(data: Graph, shapes: Graph) -> Report:
    """Run pySHACL and turn its report into a :class:`Report`."""
    _conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True,
    )
    report = Report()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(result, SH.sourceShape)
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        message = results.value(result, SH.resultMessage)
        report.findings.append(Finding(
            focus=str(focus) if isinstance(focus, URIRef) else f"_:{focus}",
            shape=str(_node_shape(shapes, shape)) if shape is not None else "?",
            shape_label=_shape_label(shapes, shape) if shape is not None else "?",
            severity=results.value(result, SH.resultSeverity) or SH.Violation,
            message=str(message) if message is not None else "",
            path=str(path) if isinstance(path, URIRef) else None,
            value=str(value) if value is not None else None,
        ))
    return report
