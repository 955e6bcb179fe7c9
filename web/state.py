"""What the app keeps for its whole life: the store, a graph snapshot and the indexes built on it.

Opened once by :func:`web.create_app` and kept in ``app.extensions["kg"]``; views get
it with :func:`get_state`. The snapshot (an rdflib Graph of the union of all named
graphs) feeds the entity pages; the store answers ``/sparql``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property, lru_cache
from pathlib import Path

from flask import current_app
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.config import Settings
from kg.namespaces import KGB
from kg.regions.where import RegionIndex
from kg.store import Store
from web.holdings import HoldingIndex
from web.labels import Labels
from web.search import SearchIndex
from web.slow import SlowResults


@dataclass
class KgState:
    """The store, the graph snapshot, labels and the search index."""

    settings: Settings
    store: Store
    graph: Graph
    labels: Labels
    search: SearchIndex
    loaded_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    #: Slow results (SHACL report, analyses), computed once in the background on first use.
    slow: SlowResults = field(default_factory=SlowResults)

    @classmethod
    def load(cls, settings: Settings, store: Store) -> "KgState":
        """Take a snapshot of ``store`` and index it."""
        graph = store.graph()
        labels = Labels(graph, seed_lines=lambda doc: _read_seed(settings.seeds_dir / f"{doc}.txt"))
        return cls(settings, store, graph, labels, SearchIndex(graph, labels))

    @cached_property
    def scenarios(self) -> list[URIRef]:
        """All scenarios: base scenarios first, then by date and name."""
        found = set(self.graph.subjects(RDF.type, KGB.Scenario))
        return sorted(found, key=lambda s: (self.graph.value(s, KGB.basedOn) is not None,
                                            str(self.graph.value(s, DCTERMS.date) or ""), str(s)))

    @cached_property
    def holdings(self) -> HoldingIndex:
        """All assignments, indexed by item and by assignee."""
        return HoldingIndex(self.graph)

    @cached_property
    def regions(self) -> RegionIndex:
        """Places, carriers and pilots for the region pages (built in the request or warm-up thread
        itself: it is quick, and a slow-results place could be held by an analysis for seconds)."""
        return RegionIndex(self.store)

    def seed_lines(self, document_id: str) -> list[str] | None:
        """The lines of a seed document from the shared folder, or None when it is not available."""
        return _read_seed(self.settings.seeds_dir / f"{document_id}.txt")


@lru_cache(maxsize=16)
def _read_seed(path: Path) -> list[str] | None:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None


def get_state() -> KgState:
    """The state of the running app."""
    return current_app.extensions["kg"]
