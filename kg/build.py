"""Build the graph: parse every source file, derive triples, write the store and its export.

Each Turtle file becomes one named graph (``graph/ontology/kgb``,
``graph/data/organisations/types``, …); derived triples go into
``graph/derived/mentions`` (organisations named in the statute texts, :mod:`kg.amend.derive`),
``graph/derived/enrichment`` and ``graph/derived/inheritance``. The result (an on-disk
pyoxigraph store plus ``graph.nq``, see :mod:`kg.builddir`) is written in one transaction
(:mod:`kg.atomic`) only when everything succeeded, so a failed or killed build never
leaves a half-built graph behind; the next build or reader finishes or discards what a
killed one left. When no input changed since the last build (same graph version) the
build is a no-op.

Only files the repository's rules allow are data: ``*.ttl`` below ``ontology/`` and
``data/``, never hidden, temporary or editor-backup files (a path part starting with
``.``, ``#`` or ``~`` or ending in ``~``).
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg import atomic, builddir, enrich, inheritance
from kg.amend.derive import derive_mentions
from kg.laws import graph as laws_graph
from kg.config import Settings
from kg.errors import KgError, os_error_message
from kg.namespaces import graph_iri
from kg.store import EmbeddedStore, to_oxigraph


class BuildError(KgError):
    """A source file could not be read; the message names the file, line and problem."""


@dataclass
class BuildReport:
    """What a build produced."""

    sources: list[Path] = field(default_factory=list)
    quads: int = 0
    class_counts: Counter = field(default_factory=Counter)
    derived: int = 0
    cycles: int = 0
    orphans: int = 0
    output: Path | None = None
    #: The graph version (content hash of the inputs, see :mod:`kg.builddir`).
    version: str = ""
    #: True when nothing changed since the last build and nothing was rebuilt.
    unchanged: bool = False

    def summary(self) -> dict:
        """What the manifest keeps, so that a no-op build reports the same counts."""
        return {"sources": [str(p) for p in self.sources], "quads": self.quads, "derived": self.derived,
                "cycles": self.cycles, "orphans": self.orphans,
                "classCounts": {str(k): n for k, n in self.class_counts.items()}}

    @classmethod
    def from_manifest(cls, manifest: dict, output: Path) -> "BuildReport":
        data = manifest["report"]
        return cls([Path(p) for p in data["sources"]], data["quads"],
                   Counter({URIRef(k): n for k, n in data["classCounts"].items()}), data["derived"],
                   data["cycles"], data["orphans"], output, manifest["version"], unchanged=True)


def is_data_path(relative: Path) -> bool:
    """False for hidden, temporary and editor-backup files (and anything inside a hidden folder)."""
    return not any(part.startswith((".", "#", "~")) or part.endswith("~") for part in relative.parts)


def source_roots(settings: Settings) -> list[tuple[str, Path]]:
    """(kind, folder) of every folder the build reads."""
    return [("ontology", settings.ontology_dir), ("data", settings.data_dir)] + [
        ("data", extra) for extra in settings.extra_data_dirs]


def source_files(settings: Settings) -> list[tuple[str, Path, Path]]:
    """(kind, root, file) for every Turtle source, in a stable order."""
    files: list[tuple[str, Path, Path]] = []
    for kind, root in source_roots(settings):
        if root.is_dir():
            files += [(kind, root, p) for p in sorted(root.rglob("*.ttl")) if is_data_path(p.relative_to(root))]
    return files


def recover(settings: Settings) -> None:
    """Finish or discard writes a killed import or build left in the source folders and the build folder."""
    for _kind, root in source_roots(settings):
        atomic.recover_tree(root)
    atomic.recover(settings.build_dir)
    if settings.build_dir.is_dir():
        builddir.remove_leftovers(settings.build_dir)


def _check_readable(path: Path) -> None:
    """A clear error for a *.ttl entry that is no readable file (a folder, a dangling link)."""
    if path.is_dir():
        raise BuildError(f"{path}: is een map, geen Turtle-bestand; hernoem of verwijder de map")
    if not path.exists():
        target = path.readlink() if path.is_symlink() else None
        raise BuildError(f"{path}: " + (f"verwijst naar {target}, dat niet bestaat" if target else "bestaat niet"))


def _longest_line(path: Path) -> tuple[int, int]:
    """(line number, length in bytes) of the longest line of a file."""
    best = (0, 0)
    with path.open("rb") as f:
        for number, line in enumerate(f, 1):
            if len(line) > best[1]:
                best = (number, len(line))
    return best


def parse_file(kind: str, root: Path, path: Path) -> list[ox.Quad]:
    """All triples of one Turtle file as quads in the file's named graph."""
    name = graph_iri(kind, path.relative_to(root).with_suffix("").as_posix())
    _check_readable(path)
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise BuildError(f"{path}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise BuildError(f"{path}: geen UTF-8 ({exc})") from exc
    except MemoryError as exc:
        # The Turtle reader refuses a single token (a literal, an IRI) over 16 MB.
        line, length = _longest_line(path)
        raise BuildError(f"{path}:{line}: een waarde is te groot om te lezen (de regel is {length} bytes; "
                         f"de Turtle-lezer aanvaardt hooguit 16 MB per waarde)") from exc
    except OSError as exc:
        raise BuildError(os_error_message(exc, path)) from exc
    graph = ox.NamedNode(str(name))
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def _inputs(settings: Settings, files: list[tuple[str, Path, Path]]) -> builddir.Inputs:
    """The Turtle sources, the statute texts and the code that reads them: what the graph version covers."""
    return builddir.inputs([p for _, _, p in files] + laws_graph.input_files(settings), settings.laws_dir)


def _to_quads(graph: Graph, name: URIRef) -> list[ox.Quad]:
    g = ox.NamedNode(str(name))
    return [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g) for s, p, o in graph]


def build(settings: Settings, progress: Callable[[str], None] | None = None, force: bool = False) -> BuildReport:
    """Parse, derive and write the built graph (on-disk store and ``settings.built_file``);
    a no-op returning the last report when the inputs did not change (unless ``force``)."""
    say = progress or (lambda _msg: None)
    recover(settings)
    files = source_files(settings)
    if not any(kind == "ontology" for kind, _, _ in files):
        raise BuildError(f"{settings.ontology_dir}: geen ontologie gevonden (geen .ttl-bestanden); "
                         "zonder ontologie kan de graaf niet worden gebouwd")
    if not settings.data_dir.is_dir():
        raise BuildError(f"{settings.data_dir}: de map met gegevens bestaat niet")
    given = _inputs(settings, files)
    manifest = None if force else builddir.fresh_manifest(settings, given)
    if manifest is not None:
        say(f"niets gewijzigd sinds de laatste bouw (versie {manifest['version'][:12]})")
        return BuildReport.from_manifest(manifest, settings.built_file)
    report = BuildReport()
    quads: list[ox.Quad] = []
    for i, (kind, root, path) in enumerate(files, 1):
        say(f"[{i}/{len(files)}] {path.relative_to(settings.root) if path.is_relative_to(settings.root) else path}")
        quads += parse_file(kind, root, path)
        report.sources.append(path)
    store = EmbeddedStore.from_quads(quads)

    say("vermeldingen van organisaties in de wetteksten zoeken")
    mentions = Graph()
    for triple in derive_mentions(store, settings, say):
        mentions.add(triple)
    store.ox.extend(_to_quads(mentions, graph_iri("derived", "mentions")))
    union = store.graph()

    say("gegevens van bepalingen en bronfragmenten afleiden")
    enrichment = enrich.derive(union)
    store.ox.extend(_to_quads(enrichment, graph_iri("derived", "enrichment")))
    union += enrichment

    say("wetsversies uit de wettenmap lezen")
    for triples, name in laws_graph.derive_versions(settings, union, say):
        store.ox.extend(_to_quads(triples, name))
        union += triples
        report.derived += len(triples)

    say("beleggingen in de toekomstscenario's afleiden (overerving)")
    result = inheritance.compute(union)
    inherited = inheritance.materialise(union, result)
    store.ox.extend(_to_quads(inherited, graph_iri("derived", "inheritance")))
    union += inherited
    report.derived += len(mentions) + len(enrichment) + len(inherited)
    report.cycles, report.orphans = len(result.cycles), len(result.orphans)

    report.class_counts = Counter(o for o in union.objects(None, RDF.type) if isinstance(o, URIRef))
    report.quads = len(store)
    say("opslag en export schrijven")
    report.version = builddir.write(settings, store.ox, given, report.summary())
    report.output = settings.built_file
    return report


def is_stale(settings: Settings) -> bool:
    """True when there is no complete build or an input changed since it was made."""
    files = source_files(settings)
    return builddir.fresh_manifest(settings, _inputs(settings, files)) is None


def ensure_built(settings: Settings) -> Path:
    """The built file, (re)building it first when a source changed."""
    recover(settings)
    if is_stale(settings):
        print("kg: bronbestanden gewijzigd sinds de laatste bouw; de graaf wordt opnieuw gebouwd …", file=sys.stderr)
        build(settings)
    return settings.built_file
