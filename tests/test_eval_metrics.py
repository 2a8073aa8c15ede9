"""The metric maths of `curator eval`, pinned on a tiny set worked out by hand.

The set: 10 papers, 4 of them relevant (gold sections A and B; C is a section nobody uses).
Ranked by score, highest first:

    rank key score gold      predicted        note
    1    a   1.9   A         A                right
    2    b   1.8   none      A                false positive
    3    c   1.7   B         A                relevant, wrong section
    4    d   1.6   B         B                right
    5    e   0.9   none      none             right
    6    f   0.8   A         none             missed
    7-10 g-j 0.5..0.2 none   none             right

Relevance: TP = a, c, d = 3; FP = b = 1; FN = f = 1; TN = e, g, h, i, j = 5.
precision = 3/4 = 0.75, recall = 3/4 = 0.75, F1 = 0.75.
recall@3 = (a, c) 2 of 4 = 0.5; recall@5 = (a, c, d) = 0.75.
WSS@95: P = 4 relevant, so 95% recall needs ceil(0.95 * 4) = 4 found; the 4th relevant paper (f)
is at rank 6, so 6 papers are read and 4 are never read (g, h, i, j: TN = 4, FN = 0 below the cutoff).
WSS@95 = (TN + FN) / N - (1 - 0.95) = 4/10 - 0.05 = 0.35.
WSS@50: 2 found are needed, reached at rank 3: (10 - 3)/10 - 0.5 = 0.2.
Sections (labels over all papers, `none` when not relevant):
  A: predicted A = a, b, c (3); gold A = a, f (2); hit = a (1) -> P 1/3, R 1/2, F1 = 2/(3+2) = 0.4.
  B: predicted B = d (1); gold B = c, d (2); hit = d -> P 1, R 1/2, F1 = 2/(1+2) = 2/3.
  C: never gold nor predicted -> undefined, left out of the macro mean.
  macro-F1 = (0.4 + 2/3) / 2 = 8/15.
  section accuracy (both relevant: a, c, d) = a and d right = 2/3.
"""

from __future__ import annotations

import pytest

from curator.evaluate import metrics
from curator.evaluate.metrics import Judgement


def j(key: str, score: float, gold: str | None, predicted: str | None) -> Judgement:
    return Judgement(
        key=key,
        gold_relevant=gold is not None,
        gold_section=gold,
        predicted_relevant=predicted is not None,
        predicted_section=predicted,
        score=score,
    )


HAND_SET = [
    j("a", 1.9, "A", "A"),
    j("b", 1.8, None, "A"),
    j("c", 1.7, "B", "A"),
    j("d", 1.6, "B", "B"),
    j("e", 0.9, None, None),
    j("f", 0.8, "A", None),
    j("g", 0.5, None, None),
    j("h", 0.4, None, None),
    j("i", 0.3, None, None),
    j("j", 0.2, None, None),
]


def test_relevance_counts_precision_recall_f1_match_the_hand_computation() -> None:
    counts = metrics.relevance_counts(HAND_SET)
    assert (counts.tp, counts.fp, counts.fn, counts.tn) == (3, 1, 1, 5)
    assert metrics.precision_recall_f1(counts) == pytest.approx((0.75, 0.75, 0.75))


def test_recall_at_k_counts_relevant_papers_in_the_top_k() -> None:
    assert metrics.recall_at_k(HAND_SET, 3) == pytest.approx(0.5)
    assert metrics.recall_at_k(HAND_SET, 5) == pytest.approx(0.75)
    assert metrics.recall_at_k(HAND_SET, 10) == pytest.approx(1.0)


def test_wss_at_95_is_unread_share_minus_five_percent_at_the_first_cutoff_reaching_95_recall() -> None:
    assert metrics.screening_cutoff(HAND_SET, 0.95) == 6
    assert metrics.wss(HAND_SET, 0.95) == pytest.approx(0.35)
    assert metrics.wss(HAND_SET, 0.5) == pytest.approx(0.2)


def test_section_metrics_per_section_macro_f1_and_accuracy() -> None:
    per = metrics.per_section(HAND_SET, ["A", "B", "C"])
    assert per["A"]["precision"] == pytest.approx(1 / 3)
    assert per["A"]["recall"] == pytest.approx(0.5)
    assert per["A"]["f1"] == pytest.approx(0.4)
    assert per["B"] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2})
    assert per["C"] == {"precision": None, "recall": None, "f1": None, "support": 0}
    assert metrics.macro_f1(per) == pytest.approx(8 / 15)
    assert metrics.section_accuracy(HAND_SET) == pytest.approx(2 / 3)


def test_confusion_matrix_rows_are_gold_columns_are_predicted() -> None:
    matrix = metrics.confusion_matrix(HAND_SET, ["A", "B", "C", "none"])
    assert matrix["A"] == {"A": 1, "B": 0, "C": 0, "none": 1}
    assert matrix["B"] == {"A": 1, "B": 1, "C": 0, "none": 0}
    assert matrix["none"] == {"A": 1, "B": 0, "C": 0, "none": 5}
    assert sum(sum(row.values()) for row in matrix.values()) == len(HAND_SET)


def test_ties_are_broken_pessimistically_so_coarse_scores_cannot_flatter_wss() -> None:
    tied = [j("p", 1.0, "A", "A"), j("n1", 1.0, None, None), j("n2", 1.0, None, None), j("n3", 0.1, None, None)]
    assert [x.key for x in metrics.ranked(tied)] == ["n1", "n2", "p", "n3"]
    # 1 relevant paper, found at rank 3 of 4: WSS@95 = (4 - 3)/4 - 0.05
    assert metrics.wss(tied, 0.95) == pytest.approx(0.2)


def test_undefined_ratios_are_none_not_zero() -> None:
    negatives_only = [j("x", 0.4, None, None), j("y", 1.2, None, "A")]
    counts = metrics.relevance_counts(negatives_only)
    precision, recall, f1 = metrics.precision_recall_f1(counts)
    assert (precision, recall, f1) == (0.0, None, None)
    assert metrics.wss(negatives_only) is None
    assert metrics.recall_at_k(negatives_only, 1) is None
    assert metrics.section_accuracy(negatives_only) is None


def test_ranking_score_puts_every_relevant_decision_above_every_rejection() -> None:
    assert metrics.ranking_score(True, 0.35) > metrics.ranking_score(False, 0.5)
    assert metrics.ranking_score(True, 0.9) > metrics.ranking_score(True, 0.4)
    assert metrics.ranking_score(False, 0.6) > metrics.ranking_score(False, 0.95)


def test_gold_relevant_without_a_section_is_left_out_of_section_metrics() -> None:
    unknown = [j("a", 1.5, "A", "A"), Judgement("u", True, None, True, "B", 1.4)]
    assert metrics.per_section(unknown, ["A", "B"])["B"]["precision"] is None
    assert metrics.section_accuracy(unknown) == 1.0
