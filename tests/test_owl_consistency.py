"""The ontology and the curated data are consistent under OWL 2 together with the W3C vocabularies
they align to (ORG and PROV-O, ../shared/vocab), checked by HermiT (issue #8).

One HermiT consistency check (``-k``, no classification: seconds, not minutes) on the named
graphs of ``ontology/`` and ``data/`` from the session store. HermiT runs with
``--ignoreUnsupportedDatatypes``: xsd:date, xsd:gYear and xsd:gYearMonth (dates as precise as
the source) are outside the OWL 2 datatype map; SHACL checks those values (sh:datatype).
Typical causes this test caught: an activity (transfer, pilot, event; PROV-O makes Entity and
Activity disjoint) with prov:wasDerivedFrom, and a "…"@nl value on a property with range xsd:string.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import owlready2
import pyoxigraph as ox
import pytest

from kg.namespaces import graph_iri
from kg.store import EmbeddedStore

HERMIT = Path(owlready2.__file__).parent / "hermit"
VOCABULARIES = ("org.ttl", "prov-o.ttl")


def write_ontology_and_data(store: EmbeddedStore, vocab_dir: Path, out: Path) -> int:
    """N-Triples of the ontology and data graphs plus ORG and PROV-O; returns how many graphs were written."""
    prefixes = (str(graph_iri("ontology", "")), str(graph_iri("data", "")))
    graphs = [g for g in store.ox.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(prefixes)]
    with out.open("wb") as f:
        for graph in graphs:
            store.ox.dump(f, ox.RdfFormat.N_TRIPLES, from_graph=graph)
        for name in VOCABULARIES:
            ox.serialize(ox.parse(path=vocab_dir / name, format=ox.RdfFormat.TURTLE), f, ox.RdfFormat.N_TRIPLES)
    return len(graphs)


def test_hermit_finds_ontology_data_org_and_prov_consistent(store: EmbeddedStore, shared_dir: Path,
                                                            tmp_path: Path) -> None:
    vocab_dir = shared_dir / "vocab"
    if not all((vocab_dir / name).is_file() for name in VOCABULARIES):
        pytest.skip(f"{vocab_dir} lacks {VOCABULARIES}")
    if shutil.which(owlready2.JAVA_EXE) is None:
        pytest.skip("Java (for HermiT) is not installed")
    nt = tmp_path / "ontology-data-org-prov.nt"
    assert write_ontology_and_data(store, vocab_dir, nt) >= 30  # every ontology and data file, not a few
    done = subprocess.run(
        [owlready2.JAVA_EXE, "-Xmx1500M", "-cp", f"{HERMIT}:{HERMIT / 'HermiT.jar'}",
         "org.semanticweb.HermiT.cli.CommandLine", "-k", "--ignoreUnsupportedDatatypes", nt.as_uri()],
        capture_output=True, text=True, timeout=300, check=False)
    assert "InconsistentOntologyException" not in done.stderr, "HermiT: ontology + data + ORG + PROV-O are inconsistent"
    assert done.returncode == 0, done.stderr[-2000:]
    assert "owl#Thing is satisfiable" in done.stdout, done.stdout[-2000:]
