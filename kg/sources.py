"""Check every citation against the reference sources in ../shared (seeds and statute texts).

Three checks, each returning problems in Dutch (an empty list means all is well):
quotes occur in their cited seed lines, cited provisions exist in the statute version we
refer to (down to lid and onderdeel), and every power, transfer and assignment has a
checkable source. Used by ``kg sources`` and by the test suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.enrich import parse_provision
from kg.query import load_query
from kg.seeds import excerpt_text, normalise
from kg.statutes import load_statutes
from kg.store import Store


@dataclass
class SourceCheck:
    """The outcome of checking the citations: how many were checked, and what is wrong."""

    excerpts: int = 0
    provisions: int = 0
    problems: list[str] = field(default_factory=list)


def check_quotes(store: Store, seeds_dir: Path, result: SourceCheck) -> None:
    """Every cited line range exists, and every ``kgb:quote`` occurs in its lines."""
    rows = store.select(load_query("checks/seed-excerpts").text)
    result.excerpts += len({row["excerpt"] for row in rows})
    for row in rows:
        document = str(row["excerpt"]).split("/seed/")[1].split("/")[0]
        try:
            text = excerpt_text(seeds_dir, document, int(row["start"]), int(row["end"]))
        except (IndexError, FileNotFoundError) as exc:
            result.problems.append(f"{row['excerpt']}: regels bestaan niet ({exc})")
            continue
        if "quote" in row and normalise(str(row["quote"])) not in text:
            result.problems.append(f"{row['excerpt']}: citaat staat niet in deze regels: {str(row['quote'])!r}")


def check_provisions(store: Store, laws_dir: Path, result: SourceCheck) -> None:
    """Every cited provision exists in the statute text, unless marked absent from that version."""
    statutes = load_statutes(laws_dir)
    for row in store.select(load_query("checks/provisions").text):
        result.provisions += 1
        ref = parse_provision(str(row["provision"]))
        if ref is None:
            result.problems.append(f"{row['provision']}: IRI volgt de regel voor bepalingen niet")
            continue
        statute = statutes.get(ref.bwb)
        if statute is None:
            continue  # no reference text for this regulation
        label = str(row.get("label") or ref.label(ref.bwb))
        marked_absent = "absent" in row and row["absent"].toPython() is True
        if marked_absent and statute.has(ref.path):
            result.problems.append(f"{label}: gemarkeerd als afwezig, maar staat wel in de wettekst")
        elif not marked_absent and not statute.has(ref.path):
            result.problems.append(f"{label}: niet gevonden in {statute.path.name}")


def check_unsourced(store: Store, result: SourceCheck) -> None:
    """Every power, transfer and curated assignment cites a seed excerpt or a provision."""
    for row in store.select(load_query("checks/unsourced-statements").text):
        result.problems.append(f"{row['statement']}: geen controleerbare bron (bronfragment of bepaling)")


def check_sources(store: Store, shared_dir: Path) -> SourceCheck:
    """All three checks; raises FileNotFoundError when ../shared is not there."""
    for folder in ("seeds", "laws"):
        if not (shared_dir / folder).is_dir():
            raise FileNotFoundError(f"bronmap {shared_dir / folder} ontbreekt (zet de bronnen in ../shared of KG_SHARED)")
    result = SourceCheck()
    check_quotes(store, shared_dir / "seeds", result)
    check_provisions(store, shared_dir / "laws", result)
    check_unsourced(store, result)
    return result
