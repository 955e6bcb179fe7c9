"""Every cited provision checked against the law in force: what changed, lapsed or moved.

For each provision the graph mentions, the version our facts were curated from
(``kgb:curatedVersion``) is compared with the version in force (``kgb:inForceVersion``).
Texts are compared word by word, ignoring layout and punctuation (the versions come from
different source formats). For a provision that lapsed or no longer occurs, the article or
lid of the version in force whose wording is closest to the old text is suggested as the new
basis. The curated review (``kgb:BasisReview`` in data/legislation) says per provision
whether the basis was updated or kept, and why. Used by ``kg laws changed``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


from kg.enrich import ProvisionRef, parse_provision
from kg.laws.diff import Difference, key_differences, similarity, words
from kg.laws.model import Regulation, Version
from kg.namespaces import compact
from kg.query import load_query
from kg.store import Store

#: Below this similarity (0–1, word sequences) no successor is suggested.
MIN_SIMILARITY = 0.45
STATUS_LABEL = {"changed": "gewijzigd", "lapsed": "vervallen", "added": "nu aanwezig", "gone": "niet meer aanwezig"}
OUTCOME_LABEL = {"BasisUpdated": "grondslag bijgewerkt", "BasisKept": "grondslag behouden", "BasisOpen": "nader te bepalen"}


@dataclass
class Suggestion:
    """Where the content of a lapsed provision is now, by wording."""

    provision: str
    label: str
    similarity: float


def suggest_successor(ref: ProvisionRef, old_text: str | None, current: Version, short: str) -> Suggestion | None:
    """The article, lid or onderdeel of ``current`` closest in wording to ``old_text`` (not the provision itself)."""
    old_words = set(words(old_text))
    if not old_words:
        return None
    candidates: list[tuple[float, str, ProvisionRef]] = []
    for number, article in current.articles.items():
        if article.lapsed:
            continue
        parts = [(article.text, ProvisionRef(ref.bwb, (("artikel", number),)))]
        for lid in article.leden:
            at = (("artikel", number), ("lid", lid.number))
            parts.append((lid.text, ProvisionRef(ref.bwb, at)))
            parts += [(o.text, ProvisionRef(ref.bwb, at + (("onderdeel", o.number),))) for o in lid.onderdelen]
        parts += [(o.text, ProvisionRef(ref.bwb, (("artikel", number), ("onderdeel", o.number)))) for o in article.onderdelen]
        for text, candidate in parts:
            if candidate.path != ref.path:
                shared = old_words & set(words(text))
                candidates.append((len(shared) / len(old_words | set(words(text))), text, candidate))
    # Word overlap picks a short list cheaply; the word-order similarity decides among it.
    best: tuple[float, ProvisionRef] | None = None
    for _, text, candidate in sorted(candidates, key=lambda c: -c[0])[:15]:
        score = similarity(old_text, text)
        if best is None or score > best[0]:
            best = (score, candidate)
    if best is None or best[0] < MIN_SIMILARITY:
        return None
    return Suggestion(str(best[1].iri), best[1].label(short), round(best[0], 2))


@dataclass
class Change:
    """One cited provision whose version in force differs from the curated one."""

    provision: str
    label: str
    regulation: str
    status: str
    curated_version: str | None
    current_version: str | None
    curated_from: str | None
    current_from: str | None
    differences: list[Difference] = field(default_factory=list)
    resting_on_it: list[dict] = field(default_factory=list)
    suggested_basis: Suggestion | None = None
    review: dict | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["status_label"] = STATUS_LABEL[self.status]
        return data


def _status(row: dict) -> str:
    if "curated" not in row:
        return "added"
    if "current" not in row:
        return "gone"
    if "lapsed" in row:
        return "lapsed"
    return "changed"


def changed_provisions(store: Store, regulations: dict[str, Regulation] | None = None) -> list[Change]:
    """Every provision whose text in force differs (word by word) from the curated version.

    ``regulations`` (from :func:`kg.laws.load_laws`) enables successor suggestions for lapsed
    provisions; without it there are none.
    """
    resting: dict[str, list[dict]] = {}
    for row in store.select(load_query("laws/resting-on").text):
        resting.setdefault(str(row["provision"]), []).append(
            {"iri": str(row["subject"]), "label": str(row.get("label") or compact(str(row["subject"]))), "basis": str(row["basis"])})
    reviews = {str(r["provision"]): r for r in store.select(load_query("laws/basis-reviews").text)}
    changes: list[Change] = []
    for row in store.select(load_query("laws/changed-provisions").text):
        status = _status(row)
        old, new = (str(row[k]) if k in row else None for k in ("curatedText", "currentText"))
        if status == "changed" and words(old) == words(new):
            continue  # only layout differs between the two sources
        ref = parse_provision(str(row["provision"]))
        if ref is None:
            continue
        label = str(row.get("label") or ref.label(ref.bwb))
        change = Change(
            provision=str(row["provision"]), label=label, regulation=ref.bwb, status=status,
            curated_version=str(row["curated"]) if "curated" in row else None,
            current_version=str(row["current"]) if "current" in row else None,
            curated_from=str(row["curatedFrom"]) if "curatedFrom" in row else None,
            current_from=str(row["currentFrom"]) if "currentFrom" in row else None,
            differences=key_differences(old, new) if status == "changed" else [],
            resting_on_it=sorted(resting.get(str(row["provision"]), []), key=lambda r: r["label"]),
        )
        regulation = (regulations or {}).get(ref.bwb)
        if status in ("lapsed", "gone") and regulation is not None:
            change.suggested_basis = suggest_successor(ref, old, regulation.newest, _short_title(label, ref))
        review = reviews.get(str(row["provision"]))
        if review is not None:
            change.review = {
                "outcome": OUTCOME_LABEL.get(str(review["outcome"]).rsplit("#", 1)[-1], str(review["outcome"])),
                "note": str(review.get("note") or ""),
                "against": str(review.get("against") or ""),
                "suggested": str(review["suggested"]) if "suggested" in review else None,
                "suggested_label": str(review.get("suggestedLabel") or review.get("suggested") or "") or None,
            }
        changes.append(change)
    return changes


def _short_title(label: str, ref: ProvisionRef) -> str:
    """The regulation's short title at the end of a provision label ("art. 77hh Sr" → "Sr")."""
    prefix = ref.label("").strip()
    return label[len(prefix):].strip() if label.startswith(prefix) else ref.bwb

