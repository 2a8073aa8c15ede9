"""Pure metric maths for `curator eval`: relevance, ranking (screening) and section metrics.

Contract: every function takes a sequence of `Judgement` (one per gold paper: the gold label, the
prediction and a ranking score) and returns plain numbers; a ratio whose denominator is zero is
`None` ("not defined on this set"), never 0, so a set without positives does not report recall 0.

Definitions (kept here because the README figures depend on them):
- Relevance: TP/FP/FN/TN of `predicted_relevant` against `gold_relevant`; precision = TP/(TP+FP),
  recall = TP/(TP+FN), F1 their harmonic mean.
- Ranking: papers sorted by `score` (highest first). A classifier's score is its probability-like
  belief that the paper is relevant (see `ranking_score`). Ties are broken pessimistically: among
  equal scores the gold negatives come first, so coarse scores cannot flatter the figures.
  recall@k = relevant papers in the first k / all relevant papers.
- WSS@r (work saved over sampling, Cohen et al. 2006, as used by systematic-review screening tools):
  screen the ranking from the top and stop at the first position k where recall reaches r, i.e.
  TP_k >= ceil(r * P). The papers below the cutoff are never read: they are the TN + FN of that
  threshold, so WSS@r = (TN + FN) / N - (1 - r) = (N - k) / N - (1 - r). Reading in random order
  reaches recall r after reading a share r of the set on average, so WSS@r is the share of reading
  saved over that: 0 is no better than random order, negative is worse, the maximum is r - P/N.
  Undefined without relevant papers.
- Sections: each paper's label is its section, or `none` when not relevant. Per-section precision,
  recall and F1 = 2TP / (2TP + FP + FN), and macro-F1 (their mean over the sections that occur in
  gold or prediction), use these labels on all papers, so a
  relevance error is also a section error. Section accuracy is measured where both gold and
  prediction say "relevant" (it isolates the choice of section). Gold papers marked relevant without
  a section are left out of every section metric.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

NONE_LABEL = "none"


@dataclass(frozen=True)
class Judgement:
    """One gold paper: its label, the classifier's decision and ranking score."""

    key: str
    gold_relevant: bool
    gold_section: str | None
    predicted_relevant: bool
    predicted_section: str | None
    score: float

    @property
    def gold_label(self) -> str | None:
        """The gold section, `none` when not relevant, None when relevant without a known section."""
        if not self.gold_relevant:
            return NONE_LABEL
        return self.gold_section

    @property
    def predicted_label(self) -> str:
        return (self.predicted_section or NONE_LABEL) if self.predicted_relevant else NONE_LABEL


@dataclass(frozen=True)
class Counts:
    """The binary confusion counts of relevance."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is zero."""
    return numerator / denominator if denominator else None


def f1(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean; None when either is undefined, 0 when both are 0."""
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def ranking_score(relevant: bool, confidence: float) -> float:
    """A classifier decision as a belief in relevance: 1 + c when relevant, 1 - c when not.

    Every paper judged relevant ranks above every paper judged not relevant; inside each group the
    confidence orders them (a confident "no" ranks lowest).
    """
    return 1.0 + confidence if relevant else 1.0 - confidence


def relevance_counts(judgements: Sequence[Judgement]) -> Counts:
    tp = sum(1 for j in judgements if j.gold_relevant and j.predicted_relevant)
    fp = sum(1 for j in judgements if not j.gold_relevant and j.predicted_relevant)
    fn = sum(1 for j in judgements if j.gold_relevant and not j.predicted_relevant)
    return Counts(tp=tp, fp=fp, fn=fn, tn=len(judgements) - tp - fp - fn)


def precision_recall_f1(counts: Counts) -> tuple[float | None, float | None, float | None]:
    precision = ratio(counts.tp, counts.tp + counts.fp)
    recall = ratio(counts.tp, counts.tp + counts.fn)
    return precision, recall, f1(precision, recall)


def ranked(judgements: Sequence[Judgement]) -> list[Judgement]:
    """Highest score first; among equal scores gold negatives first (pessimistic), then by key."""
    return sorted(judgements, key=lambda j: (-j.score, j.gold_relevant, j.key))


def recall_at_k(judgements: Sequence[Judgement], k: int) -> float | None:
    positives = sum(1 for j in judgements if j.gold_relevant)
    found = sum(1 for j in ranked(judgements)[:k] if j.gold_relevant)
    return ratio(found, positives)


def screening_cutoff(judgements: Sequence[Judgement], target_recall: float) -> int | None:
    """How many papers of the ranking must be read to reach `target_recall`; None without positives."""
    positives = sum(1 for j in judgements if j.gold_relevant)
    if not positives:
        return None
    needed = max(1, math.ceil(target_recall * positives - 1e-9))
    found = 0
    for position, judgement in enumerate(ranked(judgements), start=1):
        found += judgement.gold_relevant
        if found >= needed:
            return position
    return len(judgements)


def wss(judgements: Sequence[Judgement], target_recall: float = 0.95) -> float | None:
    """Work saved over sampling at `target_recall` (see the module docstring)."""
    cutoff = screening_cutoff(judgements, target_recall)
    if cutoff is None:
        return None
    total = len(judgements)
    return (total - cutoff) / total - (1 - target_recall)


def section_judgements(judgements: Sequence[Judgement]) -> list[Judgement]:
    """The judgements that take part in section metrics (gold section known when relevant)."""
    return [j for j in judgements if j.gold_label is not None]


def confusion_matrix(judgements: Sequence[Judgement], labels: Sequence[str]) -> dict[str, dict[str, int]]:
    """rows = gold label, columns = predicted label, over `labels` (sections plus `none`)."""
    matrix = {gold: {predicted: 0 for predicted in labels} for gold in labels}
    for judgement in section_judgements(judgements):
        gold, predicted = judgement.gold_label, judgement.predicted_label
        if gold in matrix and predicted in matrix[gold]:
            matrix[gold][predicted] += 1
    return matrix


def per_section(judgements: Sequence[Judgement], sections: Sequence[str]) -> dict[str, dict[str, float | int | None]]:
    """Precision, recall, F1 and support (gold count) per section, on section labels."""
    usable = section_judgements(judgements)
    result: dict[str, dict[str, float | int | None]] = {}
    for section in sections:
        hit = sum(1 for j in usable if j.gold_label == section and j.predicted_label == section)
        predicted = sum(1 for j in usable if j.predicted_label == section)
        support = sum(1 for j in usable if j.gold_label == section)
        result[section] = {
            "precision": ratio(hit, predicted),
            "recall": ratio(hit, support),
            "f1": ratio(2 * hit, support + predicted),
            "support": support,
        }
    return result


def macro_f1(per_section_scores: dict[str, dict[str, float | int | None]]) -> float | None:
    """Mean F1 over the sections that occur in gold or prediction (an absent section is no evidence)."""
    scores = [float(s["f1"]) for s in per_section_scores.values() if s["f1"] is not None]
    return sum(scores) / len(scores) if scores else None


def section_accuracy(judgements: Sequence[Judgement]) -> float | None:
    """Right section among papers both gold and prediction call relevant (with a known gold section)."""
    both = [j for j in section_judgements(judgements) if j.gold_relevant and j.predicted_relevant]
    return ratio(sum(1 for j in both if j.gold_section == j.predicted_section), len(both))
