"""Precision and recall of the mention finder on the hand-checked sample (tests/data/mentions/).

Each sample row names a provision (regulation, version, article, lid) and how often a person
reading it found each organisation named. The finder runs on the whole article, as the build
does (a short term may refer back to an earlier lid), and its mentions in that provision are
counted per organisation: found and expected agree up to the smaller count (true positives),
the rest are false positives or misses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.amend.derive import article_mentions
from kg.amend.mentions import MentionFinder
from kg.laws import Regulation
from kg.namespaces import ID_BASE

#: The organisation codes of the sample file.
CODES = {"gi": f"{ID_BASE}orgtype/gecertificeerde-instelling", "rvdk": f"{ID_BASE}org/raad-voor-de-kinderbescherming",
         "vt": f"{ID_BASE}orgtype/veilig-thuis"}


@dataclass(frozen=True)
class SampleRow:
    """One hand-checked provision and the mentions a reader counted in it."""

    id: str
    bwb: str
    version: date
    article: str
    lid: str
    expected: Counter


@dataclass
class Scores:
    """True and false positives and misses over the sample, with the rows that disagree."""

    true_positives: int = 0
    false_positives: int = 0
    misses: int = 0
    provisions: int = 0
    disagreements: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.misses
        return self.true_positives / expected if expected else 1.0

    def summary(self) -> str:
        """One line, as kept in tests/data/mentions/figures.txt and quoted in the README."""
        return (f"precision {self.precision:.3f}, recall {self.recall:.3f} over {self.provisions} provisions "
                f"({self.true_positives + self.misses} mentions counted by hand)")


def read_sample(path: Path) -> list[SampleRow]:
    """The rows of a sample file (tab-separated; '#' starts a comment)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + [""] * 7)[:7]
        expected = Counter({CODES[k]: int(v) for k, v in (p.split("=") for p in cells[5].split())})
        rows.append(SampleRow(cells[0], cells[1], date.fromisoformat(cells[2]), cells[3], cells[4], expected))
    return rows


def evaluate(sample: list[SampleRow], regulations: dict[str, Regulation], finder: MentionFinder) -> Scores:
    """Compare the finder with the sample; a provision the laws do not hold counts as a disagreement."""
    scores = Scores()
    for row in sample:
        regulation = regulations.get(row.bwb)
        version = next((v for v in regulation.versions if v.valid_from == row.version), None) if regulation else None
        article = version.articles.get(row.article) if version else None
        if article is None:
            scores.disagreements.append(f"{row.id}: {row.bwb} art. {row.article} ({row.version}) niet gevonden")
            scores.misses += sum(row.expected.values())
            continue
        scores.provisions += 1
        text = "\n".join(a.text for a in version.articles.values())
        found: Counter = Counter()
        for path, mention, _ in article_mentions(finder, article, finder.defined_short_terms(text)):
            lid = dict(path).get("lid", "")
            if lid == row.lid and mention.organisation in CODES.values():
                found[mention.organisation] += 1
        for organisation in set(found) | set(row.expected):
            hit = min(found[organisation], row.expected[organisation])
            scores.true_positives += hit
            scores.false_positives += found[organisation] - hit
            scores.misses += row.expected[organisation] - hit
            if found[organisation] != row.expected[organisation]:
                scores.disagreements.append(f"{row.id}: {organisation}: gevonden {found[organisation]}, "
                                            f"verwacht {row.expected[organisation]}")
    return scores
