"""One report object for validation and analysis findings, with text and Turtle renderings.

Exit codes (as pySHACL's): 0 = conforms / no findings that fail, 1 = violations, 2 = error.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.namespaces import SH, bind_prefixes, compact

SEVERITY_NL = {SH.Violation: "Overtreding", SH.Warning: "Waarschuwing", SH.Info: "Info"}


@dataclass(frozen=True)
class Finding:
    """One problem: which node, which shape (rule), how severe, in words."""

    focus: str
    shape: str
    shape_label: str
    severity: URIRef
    message: str
    path: str | None = None
    value: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "focus": self.focus, "shape": self.shape, "shapeLabel": self.shape_label,
            "severity": compact(str(self.severity)), "message": self.message,
            "path": self.path, "value": self.value,
        }


@dataclass
class Report:
    """Findings of a validation run."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == SH.Violation]

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms else 1

    def by_shape(self) -> dict[str, list[Finding]]:
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in sorted(self.findings, key=lambda f: (f.shape_label, f.focus)):
            groups[f.shape_label].append(f)
        return dict(groups)

    def to_text(self) -> str:
        """Readable report grouped by shape, in Dutch."""
        if not self.findings:
            return "Alle gegevens voldoen aan de vormregels (SHACL).\n"
        lines = []
        counts = defaultdict(int)
        for f in self.findings:
            counts[f.severity] += 1
        summary = ", ".join(f"{n} × {SEVERITY_NL.get(s, str(s)).lower()}" for s, n in counts.items())
        lines.append(f"{'Voldoet NIET' if not self.conforms else 'Voldoet'} aan de vormregels: {summary}.\n")
        for label, findings in self.by_shape().items():
            lines.append(f"== {label} ({len(findings)})")
            for f in findings:
                where = f" [{compact(f.path)}]" if f.path else ""
                value = f" (waarde: {compact(f.value)})" if f.value and f.value != f.focus else ""
                lines.append(f"  {SEVERITY_NL.get(f.severity, '?')}: {compact(f.focus)}{where}: {f.message}{value}")
            lines.append("")
        return "\n".join(lines)

    def to_graph(self) -> Graph:
        """The report in the sh:ValidationReport vocabulary."""
        g = bind_prefixes(Graph())
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(self.conforms)))
        for f in self.findings:
            r = BNode()
            g.add((report, SH.result, r))
            g.add((r, RDF.type, SH.ValidationResult))
            g.add((r, SH.focusNode, URIRef(f.focus) if not f.focus.startswith("_:") else BNode(f.focus[2:])))
            g.add((r, SH.resultSeverity, f.severity))
            g.add((r, SH.resultMessage, Literal(f.message, lang="nl")))
            if f.shape.startswith("http"):
                g.add((r, SH.sourceShape, URIRef(f.shape)))
            if f.path:
                g.add((r, SH.resultPath, URIRef(f.path)))
        return g
