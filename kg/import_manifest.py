"""What an import wrote, as data: the import manifest, and the check that an import does not shrink the data.

An importer writes, in the same transaction as its data files, a small Turtle file that
says how many entities of each class the import produced (VoID class partitions)::

    <import/regions> a prov:Entity ; void:classPartition <import/regions/Municipality> .
    <import/regions/Municipality> void:class kgb:Municipality ; void:entities 342 .

``shapes/imports.ttl`` compares these counts with the graph, so ``kg validate`` notices a
partial or doubled import (files of different imports side by side).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, VOID, XSD

from kg.errors import KgError
from kg.namespaces import ID

#: An import may remove at most this share of the entities of a class that exist now.
MAX_SHRINK = 0.10


class ShrinkRefused(KgError):
    """An import would remove more than :data:`MAX_SHRINK` of the existing entities."""


def manifest_graph(name: str, label: str, sources: list[URIRef], counts: dict[URIRef, int]) -> Graph:
    """The manifest of import ``name`` (``import/{name}``): its sources and the number of entities per class."""
    graph = Graph()
    node = ID[f"import/{name}"]
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, RDFS.label, Literal(label, lang="nl")))
    for source in sources:
        graph.add((node, PROV.wasDerivedFrom, source))
    for cls, count in counts.items():
        partition = ID[f"import/{name}/{str(cls).rsplit('#', 1)[-1].rsplit('/', 1)[-1]}"]
        graph.add((node, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], cls))
        graph.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    return graph


def existing_entities(files: list[Path], classes: set[URIRef]) -> dict[URIRef, set[str]]:
    """The IRIs of the entities of ``classes`` in the given Turtle files (missing files count as empty).

    Raises :class:`KgError` naming the file when one cannot be read: then the import cannot
    tell what it would remove.
    """
    found: dict[URIRef, set[str]] = {cls: set() for cls in classes}
    wanted = {str(cls): cls for cls in classes}
    for path in files:
        if not path.is_file():
            continue
        try:
            for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                if triple.predicate.value == str(RDF.type) and triple.object.value in wanted:
                    found[wanted[triple.object.value]].add(triple.subject.value)
        except (SyntaxError, OSError, ValueError) as exc:
            raise KgError(f"{path}: de bestaande gegevens zijn onleesbaar ({exc}); herstel of verwijder het "
                          "bestand en importeer opnieuw") from exc
    return found


def check_shrink(existing: dict[URIRef, set[str]], new: dict[URIRef, set[str]], names: dict[URIRef, str],
                 allow_shrink: bool) -> None:
    """Raise :class:`ShrinkRefused` when, for some class, more than :data:`MAX_SHRINK` of the existing entities would go."""
    if allow_shrink:
        return
    for cls, before in existing.items():
        removed = sorted(before - new.get(cls, set()))
        if before and len(removed) > MAX_SHRINK * len(before):
            examples = ", ".join(iri.rsplit("/", 1)[-1] for iri in removed[:3]) + (" …" if len(removed) > 3 else "")
            raise ShrinkRefused(
                f"de import zou {len(removed)} van de {len(before)} {names[cls]} verwijderen ({examples}); dat is meer "
                f"dan {MAX_SHRINK:.0%}, dus is de invoer waarschijnlijk leeg of afgebroken. Niets geschreven. "
                "Is het echt zo (bijvoorbeeld na een herindeling), herhaal dan met --allow-shrink.")
