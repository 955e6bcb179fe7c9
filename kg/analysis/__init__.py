"""Analysis of the knowledge graph: inheritance, overlaps, gaps, conflicts, diffs, relay chains.

The Python API the CLI (:mod:`kg.analysis.cli`) and the web UI call::

    from kg.analysis import Facts, inherit
    facts = Facts(store)
    report = inherit(facts, "ontwikkelrichting-2024")   # a dataclass
    report.to_dict()                                      # JSON, see docs/analysis-json.md

Every function takes a :class:`Facts` and names as users type them (short names, labels
or IRIs), raises :class:`UnknownName` (a :class:`AnalysisError`) for unknown ones, and
returns a result whose findings carry their evidence (statements and sources).
"""

from kg.analysis.facts import AnalysisError, Facts, UnknownName
from kg.analysis.inherit import compare, inherit

__all__ = ["AnalysisError", "Facts", "UnknownName", "compare", "inherit"]
