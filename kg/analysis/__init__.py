"""Analysis of the knowledge graph: inheritance, overlaps, gaps, conflicts, diffs, relay chains.

The Python API that the CLI (:mod:`kg.analysis.cli`) and the web UI call: one function
per question, each in its own module, each taking a :class:`Facts` and names as users
type them (short names, labels or IRIs)::

    from kg.analysis import Facts
    from kg.analysis.inherit import inherit
    facts = Facts(store)
    report = inherit(facts, "ontwikkelrichting-2024")   # a dataclass
    report.to_dict()                                      # JSON, see docs/analysis-json.md

=========================================  ==========================================
``kg.analysis.inherit.inherit`` / ``compare``  what an organisation would hold, from whom
``kg.analysis.overlaps.overlaps``          kerntaken and powers held more than once
``kg.analysis.gaps.gaps``                  what nobody holds or has no legal basis
``kg.analysis.conflicts.conflicts``        checks and balances (SHACL rules, OWL/HermiT)
``kg.analysis.diff.diff``                  what moves, appears, disappears
``kg.analysis.relay.relay``                hand-overs along a family's route (networkx)
=========================================  ==========================================

Unknown names raise :class:`UnknownName` (an :class:`AnalysisError`) listing the known
ones. Every finding carries its evidence: the statements it rests on and their sources.
The heavy libraries (pySHACL, owlready2, networkx) load only with the module that needs them.
"""

__all__ = ["AnalysisError", "Facts", "UnknownName"]


def __getattr__(name: str):
    """``from kg.analysis import Facts`` loads the facts module on first use (not for ``kg --help``)."""
    if name in __all__:
        from kg.analysis import facts

        return getattr(facts, name)
    raise AttributeError(f"module 'kg.analysis' has no attribute {name!r}")
