"""What the analysis commands read from the graph, loaded once through the named queries.

:class:`Facts` holds the scenarios, actors, tasks, positions, measures, assignments
(curated and derived), transfers, provisions and seed excerpts of the built graph,
each loaded by one query in ``kg/queries/analysis/``. It resolves the names users type
(scenario short names, organisation local names, labels or IRIs) and turns any
statement into :class:`~kg.analysis.model.Evidence` with its sources. The inheritance
computation (:mod:`kg.inheritance`) and the rdflib graph (for SHACL and OWL) are
loaded lazily, only by the commands that need them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.analysis.model import Evidence, Ref, Source
from kg.cache import cached
from kg.inheritance import InheritanceResult, compute, local_name
from kg.namespaces import ID_BASE, KGB, compact
from kg.query import load_query
from kg.store import Row, Store

#: Positions of these kinds make their holder a holder of the task they serve.
HOLDING_KINDS = frozenset({KGB.Power, KGB.Duty})
POSITION_KINDS = (KGB.Power, KGB.Duty, KGB.Prohibition, KGB.Permission, KGB.Immunity)


class AnalysisError(ValueError):
    """An analysis cannot run as asked; the message says why in Dutch (the CLI exits 2)."""


class UnknownName(AnalysisError):
    """A scenario or organisation name that the graph does not know; the message lists the known ones."""


def _iri(row: Row, key: str) -> URIRef | None:
    value = row.get(key)
    return URIRef(str(value)) if value is not None and str(value) else None


def _iris(row: Row, key: str) -> tuple[URIRef, ...]:
    value = row.get(key)
    return tuple(URIRef(v) for v in sorted(str(value).split())) if value is not None else ()


def _text(row: Row, key: str) -> str | None:
    value = row.get(key)
    return str(value) if value is not None and str(value) else None


def _bool(row: Row, key: str) -> bool:
    value = row.get(key)
    return value is not None and str(value).lower() in ("true", "1")


def _int(row: Row, key: str) -> int | None:
    value = _text(row, key)
    return int(value) if value is not None else None


@dataclass(frozen=True)
class ScenarioInfo:
    iri: URIRef
    id: str
    base: URIRef | None
    date: str | None


@dataclass(frozen=True)
class ActorInfo:
    iri: URIRef
    types: tuple[URIRef, ...]
    alt_labels: tuple[str, ...]
    member_of: tuple[URIRef, ...]
    exists_in: tuple[URIRef, ...]


@dataclass(frozen=True)
class TaskInfo:
    iri: URIRef
    core: bool
    step: int | None
    notation: str | None
    broader: tuple[URIRef, ...]
    sources: tuple[URIRef, ...]


@dataclass(frozen=True)
class PositionInfo:
    iri: URIRef
    kinds: tuple[URIRef, ...]
    action: str | None
    measures: tuple[URIRef, ...]
    roles: tuple[URIRef, ...]
    bases: tuple[URIRef, ...]
    status: URIRef | None
    exclusive: bool
    regimes: tuple[URIRef, ...]
    addressees: tuple[URIRef, ...]
    serves: tuple[URIRef, ...]
    sources: tuple[URIRef, ...]

    @property
    def kind(self) -> URIRef:
        """The most telling kind (Power before Duty before …), or kgb:NormativePosition."""
        return next((k for k in POSITION_KINDS if k in self.kinds), KGB.NormativePosition)

    @property
    def no_legal_basis_yet(self) -> bool:
        return self.status == KGB.NoLegalBasisYet


@dataclass(frozen=True)
class AssignmentInfo:
    iri: URIRef
    scenario: URIRef
    holder: URIRef
    item: URIRef
    is_task: bool
    certainty: URIRef
    shared: bool
    derived_from: tuple[URIRef, ...]
    sources: tuple[URIRef, ...]
    inference: str | None = None  # our reasoning (kgb:curatorInference) when no source says it outright

    @property
    def derived(self) -> bool:
        return bool(self.derived_from)


@dataclass(frozen=True)
class TransferInfo:
    iri: URIRef
    scenario: URIRef
    source: URIRef | None
    target: URIRef | None
    items: tuple[URIRef, ...]
    excludes: tuple[URIRef, ...]
    scope: URIRef | None
    certainty: URIRef
    dissolves: bool
    sources: tuple[URIRef, ...]
    inferred_excludes: tuple[URIRef, ...] = ()  # kgb:excludesByInference: excluded by our reading
    inference: str | None = None  # our reasoning (kgb:curatorInference)


@dataclass(frozen=True)
class DocumentedOverlapInfo:
    """An overlap between holders that a source names and qualifies (kgb:DocumentedOverlap)."""

    iri: URIRef
    scenario: URIRef
    kind: URIRef
    task: URIRef | None
    role: URIRef | None
    measures: tuple[URIRef, ...]
    between: tuple[URIRef, ...]
    note: str | None
    sources: tuple[URIRef, ...]


@dataclass(frozen=True)
class ProvisionInfo:
    iri: URIRef
    jci: str | None
    url: str | None
    version: str | None
    parent: URIRef | None
    names: tuple[URIRef, ...]


@dataclass(frozen=True)
class ExcerptInfo:
    iri: URIRef
    document: URIRef | None
    start: int | None
    end: int | None
    quote: str | None


class Facts:
    """The graph's scenarios, actors, items, assignments and sources, as the analysis sees them."""

    @classmethod
    def of(cls, store: Store) -> "Facts":
        """The facts of ``store``'s graph, loaded once per graph version and shared: in the process
        and, for the built store, on disk (:mod:`kg.cache`)."""
        facts = cached(store, "facts", lambda: cls(store))
        facts.store = store
        return facts

    def __getstate__(self) -> dict:
        """Pickled without the store and the rdflib graph (see :meth:`of`)."""
        return {k: v for k, v in self.__dict__.items() if k not in ("store", "graph")}

    def __init__(self, store: Store) -> None:
        self.store = store

        def rows(name: str) -> list[Row]:
            return store.select(load_query(f"analysis/{name}").text)

        self.labels: dict[URIRef, str] = {URIRef(str(r["resource"])): str(r["label"]) for r in rows("labels") if "label" in r}
        self.scenarios = {s.iri: s for s in (
            ScenarioInfo(URIRef(str(r["scenario"])), _text(r, "id") or local_name(URIRef(str(r["scenario"]))),
                         _iri(r, "base"), _text(r, "date")) for r in rows("scenarios"))}
        self.actors = {a.iri: a for a in (
            ActorInfo(URIRef(str(r["actor"])), _iris(r, "types"),
                      tuple(sorted(x for x in str(r.get("altLabels", "")).split("|") if x)),
                      _iris(r, "memberOf"), _iris(r, "existsIn")) for r in rows("actors"))}
        self.tasks = {t.iri: t for t in (
            TaskInfo(URIRef(str(r["task"])), _bool(r, "core"), _int(r, "step"), _text(r, "notation"),
                     _iris(r, "broaders"), _iris(r, "sources")) for r in rows("tasks"))}
        self.positions = {p.iri: p for p in (
            PositionInfo(URIRef(str(r["position"])), _iris(r, "kinds"), _text(r, "action"), _iris(r, "measures"),
                         _iris(r, "roles"), _iris(r, "bases"), _iri(r, "status"), _bool(r, "exclusive"),
                         _iris(r, "regimes"), _iris(r, "addressees"), _iris(r, "serves"), _iris(r, "sources"))
            for r in rows("positions"))}
        self.measures: dict[URIRef, tuple[URIRef, ...]] = {URIRef(str(r["measure"])): _iris(r, "types") for r in rows("measures")}
        self.assignments = [
            AssignmentInfo(URIRef(str(r["assignment"])), URIRef(str(r["scenario"])), URIRef(str(r["holder"])),
                           _iri(r, "task") or _iri(r, "position"), _iri(r, "task") is not None,
                           _iri(r, "certainty") or KGB.ToBeDecided, _bool(r, "shared"),
                           _iris(r, "derivedFrom"), _iris(r, "sources"), _text(r, "inference"))
            for r in rows("assignments") if _iri(r, "task") or _iri(r, "position")]
        self.transfers = [
            TransferInfo(URIRef(str(r["transfer"])), URIRef(str(r["scenario"])), _iri(r, "from"), _iri(r, "to"),
                         _iris(r, "items"), _iris(r, "excludes"), _iri(r, "scope"),
                         _iri(r, "certainty") or KGB.ToBeDecided, _bool(r, "dissolves"), _iris(r, "sources"),
                         _iris(r, "inferredExcludes"), _text(r, "inference"))
            for r in rows("transfers")]
        self.provisions = {p.iri: p for p in (
            ProvisionInfo(URIRef(str(r["provision"])), _text(r, "jci"), _text(r, "url"), _text(r, "version"),
                          _iri(r, "parent"), _iris(r, "names")) for r in rows("provisions"))}
        self.excerpts = {e.iri: e for e in (
            ExcerptInfo(URIRef(str(r["excerpt"])), _iri(r, "document"), _int(r, "start"), _int(r, "end"), _text(r, "quote"))
            for r in rows("excerpts"))}
        self._by_iri = {a.iri: a for a in self.assignments}
        self._transfer_by_iri = {t.iri: t for t in self.transfers}

    # --- lazily loaded --------------------------------------------------------

    @cached_property
    def graph(self) -> Graph:
        """The union of all named graphs (for SHACL, OWL and the inheritance computation)."""
        return self.store.graph()

    @cached_property
    def documented_overlaps(self) -> list[DocumentedOverlapInfo]:
        """The overlaps the sources name and qualify (loaded only by ``kg overlaps``)."""
        return [DocumentedOverlapInfo(URIRef(str(r["overlap"])), URIRef(str(r["scenario"])), URIRef(str(r["kind"])),
                                      _iri(r, "task"), _iri(r, "role"), _iris(r, "measures"), _iris(r, "between"),
                                      _text(r, "note"), _iris(r, "sources"))
                for r in self.store.select(load_query("analysis/overlaps").text)]

    @cached_property
    def inheritance(self) -> InheritanceResult:
        """Derivations, cycles and orphans of every future scenario (:func:`kg.inheritance.compute`),
        computed once per graph version (it needs the whole graph in rdflib)."""
        return cached(self.store, "inheritance", lambda: compute(self.graph))

    # --- names ------------------------------------------------------------------

    def label(self, iri: Node | None) -> str:
        """The Dutch label of a resource, else its compact IRI or local name."""
        if iri is None:
            return "—"
        iri = URIRef(str(iri))
        if iri in self.labels:
            return self.labels[iri]
        short = compact(str(iri))
        return short if short != str(iri) else local_name(iri)

    def ref(self, iri: Node) -> Ref:
        """A :class:`Ref` with label and kind."""
        kind = self.kind_of(URIRef(str(iri)))
        return Ref(str(iri), self.label(iri), kind, self._kind_label(kind))

    def kind_of(self, iri: URIRef) -> str:
        """Compact class of an item or actor we know (kgb:CoreTask, kgb:Power, kgb:Organisation, …)."""
        if iri in self.tasks:
            return "kgb:CoreTask" if self.tasks[iri].core else "kgb:Task"
        if iri in self.positions:
            return compact(str(self.positions[iri].kind))
        if iri in self._by_iri:
            return "kgb:Assignment"
        if iri in self._transfer_by_iri:
            return "kgb:Transfer"
        if iri in self.provisions:
            return "kgb:Provision"
        if iri in self.measures:
            return "kgb:Measure"
        if iri in self.actors:
            types = self.actors[iri].types
            return compact(str(types[0])) if len(types) == 1 else ("kgb:OrganisationType" if KGB.OrganisationType in types else "kgb:Actor")
        return ""

    def _kind_label(self, kind: str) -> str:
        """Dutch name of a compact kind: 'kerntaak', 'taak', 'bevoegdheid', 'plicht', …"""
        return self.label(URIRef(kind.replace("kgb:", str(KGB), 1))) if kind.startswith("kgb:") else kind

    # --- resolving what users type ----------------------------------------------

    def scenario(self, name: str) -> ScenarioInfo:
        """A scenario by short name, local name, label or IRI; :class:`UnknownName` lists the known ones."""
        wanted = name.strip().lower()
        for s in self.scenarios.values():
            if wanted in {s.id.lower(), str(s.iri).lower(), local_name(s.iri).lower(), self.label(s.iri).lower(), f"scenario/{s.id}"}:
                return s
        known = ", ".join(sorted(s.id for s in self.scenarios.values())) or "(geen)"
        raise UnknownName(f"onbekend scenario {name!r}; bekende scenario's: {known}")

    def actor(self, name: str) -> URIRef:
        """An organisation or organisation type by local name, 'org/…' path, label, alternative label or IRI."""
        wanted = name.strip().lower()
        matches = []
        for a in self.actors.values():
            path = str(a.iri)[len(ID_BASE):] if str(a.iri).startswith(ID_BASE) else str(a.iri)
            names = {str(a.iri).lower(), path.lower(), local_name(a.iri).lower(), self.label(a.iri).lower()}
            names |= {alt.lower() for alt in a.alt_labels}
            if wanted in names:
                matches.append(a.iri)
        exact = [m for m in matches if wanted in {str(m).lower(), str(m)[len(ID_BASE):].lower()}]
        if len(exact) == 1 or len(matches) == 1:
            return (exact or matches)[0]
        if matches:
            raise UnknownName(f"organisatie {name!r} is niet eenduidig: {', '.join(str(m)[len(ID_BASE):] for m in sorted(matches))}")
        known = ", ".join(sorted({str(a)[len(ID_BASE):] for a in self.relevant_actors()}))
        raise UnknownName(f"onbekende organisatie {name!r}; bekende organisaties: {known}")

    def relevant_actors(self) -> set[URIRef]:
        """Actors that hold something in some scenario or take part in a transfer."""
        found = {a.holder for a in self.assignments}
        found |= {x for t in self.transfers for x in (t.source, t.target) if x is not None}
        return found

    # --- scenarios ----------------------------------------------------------------

    def future_scenarios(self) -> list[ScenarioInfo]:
        """Scenarios built on another one, oldest first (by date, then short name)."""
        return sorted((s for s in self.scenarios.values() if s.base is not None), key=lambda s: (s.date or "", s.id))

    def assignments_in(self, scenario: URIRef) -> list[AssignmentInfo]:
        """Every assignment (curated or derived) in one scenario."""
        return [a for a in self.assignments if a.scenario == scenario]

    def assignment(self, iri: URIRef) -> AssignmentInfo | None:
        """The assignment with this IRI, or None when the IRI is not an assignment."""
        return self._by_iri.get(iri)

    def transfer(self, iri: URIRef) -> TransferInfo | None:
        """The transfer with this IRI, or None when the IRI is not a transfer."""
        return self._transfer_by_iri.get(iri)

    def transfers_in(self, scenario: URIRef) -> list[TransferInfo]:
        return [t for t in self.transfers if t.scenario == scenario]

    def holdings(self, scenario: URIRef) -> dict[URIRef, dict[URIRef, list[AssignmentInfo]]]:
        """item → holder → assignments, in one scenario."""
        out: dict[URIRef, dict[URIRef, list[AssignmentInfo]]] = defaultdict(lambda: defaultdict(list))
        for a in self.assignments_in(scenario):
            out[a.item][a.holder].append(a)
        return out

    def dissolved_in(self, scenario: URIRef) -> dict[URIRef, list[TransferInfo]]:
        """Actors that a transfer in the scenario dissolves, with those transfers."""
        out: dict[URIRef, list[TransferInfo]] = defaultdict(list)
        for t in self.transfers_in(scenario):
            if t.dissolves and t.source is not None:
                out[t.source].append(t)
        return dict(out)

    def exists_in(self, actor: URIRef, scenario: URIRef) -> bool:
        """False when a transfer in the scenario dissolves the actor or its kgb:existsIn leaves the scenario out."""
        info = self.actors.get(actor)
        if info is not None and info.exists_in and scenario not in info.exists_in:
            return False
        return actor not in self.dissolved_in(scenario)

    # --- tasks ---------------------------------------------------------------------

    def narrower(self, task: URIRef) -> set[URIRef]:
        """The task and every task below it (skos:broader, transitively)."""
        found, frontier = {task}, [task]
        while frontier:
            parent = frontier.pop()
            for t in self.tasks.values():
                if parent in t.broader and t.iri not in found:
                    found.add(t.iri)
                    frontier.append(t.iri)
        return found

    def core_tasks(self) -> list[TaskInfo]:
        """The kerntaken in route order (kgb:stepInRoute, then notation)."""
        return sorted((t for t in self.tasks.values() if t.core),
                      key=lambda t: (t.step if t.step is not None else 99, t.notation or "", str(t.iri)))

    def task_holders(self, scenario: URIRef, task: URIRef, positions: bool = True) -> dict[URIRef, list[AssignmentInfo]]:
        """Who carries a task in a scenario: holders of the task or a finer task, and (unless
        ``positions`` is false) holders of powers and duties that serve one of those tasks;
        each with the assignments that say so."""
        tasks = self.narrower(task)
        out: dict[URIRef, list[AssignmentInfo]] = defaultdict(list)
        for a in self.assignments_in(scenario):
            if a.is_task and a.item in tasks:
                out[a.holder].append(a)
            elif positions and not a.is_task and a.item in self.positions:
                p = self.positions[a.item]
                if p.kind in HOLDING_KINDS and tasks.intersection(p.serves):
                    out[a.holder].append(a)
        return dict(out)

    # --- provisions ------------------------------------------------------------------

    def ancestors(self, provision: URIRef) -> list[URIRef]:
        """The provisions a provision is part of (eli:is_part_of), nearest first."""
        found: list[URIRef] = []
        parent = self.provisions[provision].parent if provision in self.provisions else None
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.provisions[parent].parent if parent in self.provisions else None
        return found

    def parts(self, provision: URIRef) -> set[URIRef]:
        """The provision and every provision that is part of it."""
        return {provision} | {p for p in self.provisions if provision in self.ancestors(p)}

    def topmost(self, provisions: set[URIRef]) -> list[URIRef]:
        """The provisions of a set that are not part of another provision in the set, sorted."""
        return sorted(p for p in provisions if not provisions.intersection(self.ancestors(p)))

    def names_actor(self, provision: URIRef, actor: URIRef) -> bool:
        """True when the provision names the actor or one of its organisation types."""
        info = self.provisions.get(provision)
        if info is None:
            return False
        actor_types = set(self.actors[actor].member_of) if actor in self.actors else set()
        return actor in info.names or bool(actor_types.intersection(info.names))

    # --- evidence ----------------------------------------------------------------------

    def source(self, iri: URIRef) -> Source:
        """A seed excerpt, provision or other source, with what a reader needs to check it."""
        if iri in self.excerpts:
            e = self.excerpts[iri]
            doc = f"{local_name(e.document)}.txt" if e.document is not None else None
            return Source(str(iri), "seed", self.label(iri), document=doc, line_start=e.start, line_end=e.end, quote=e.quote)
        if iri in self.provisions:
            p = self.provisions[iri]
            return Source(str(iri), "provision", self.label(iri), jci=p.jci, url=p.url)
        return Source(str(iri), "other", self.label(iri))

    def sources(self, iris: tuple[URIRef, ...] | list[URIRef]) -> list[Source]:
        return [self.source(i) for i in iris]

    def evidence(self, iri: URIRef) -> Evidence:
        """The statement itself and its sources; a derived assignment brings its base assignment and transfers."""
        ev = Evidence([self.ref(iri)])
        if iri in self._by_iri:
            a = self._by_iri[iri]
            ev.sources += self.sources(a.sources)
            for origin in a.derived_from:
                ev.add(self.evidence(origin))
        elif iri in self._transfer_by_iri:
            ev.sources += self.sources(self._transfer_by_iri[iri].sources)
        elif iri in self.positions:
            ev.sources += self.sources(self.positions[iri].sources)
        elif iri in self.tasks:
            ev.sources += self.sources(self.tasks[iri].sources)
        elif iri in self.provisions:
            ev.sources.append(self.source(iri))
        return ev

    def evidence_of(self, iris: list[URIRef]) -> Evidence:
        """Merged evidence of several statements."""
        ev = Evidence()
        for iri in iris:
            ev.add(self.evidence(iri))
        return ev
