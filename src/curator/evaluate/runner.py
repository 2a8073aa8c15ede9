"""Run one classifier setting over one gold set and measure it.

Contract: `evaluate(gold, config, classifier, setting=...)` resolves the gold set's texts, classifies
all its papers in one call (so the LLM batches them as in production), joins the results back to
the gold items by paper key (position only as a check, never as the join), and returns an
`EvalReport`. A set whose texts are unavailable comes back with `unavailable` set and no figures. A
classifier that returns no result for a paper is a bug in the classifier and raises, never a silently
smaller set. Judging uses the raw classifier: papers the list already holds are *not* short-cut as
duplicates here, because that is exactly what a gold set built from the list measures.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..classify import Classifier
from ..config import Config
from ..models import Triage
from . import metrics
from .gold import GoldSet
from .report import (
    EvalReport,
    GoldSummary,
    Prediction,
    RankingMetrics,
    RelevanceMetrics,
    SectionMetrics,
    cost_from_stats,
)
from .texts import Example, resolve

RECALL_AT = (10, 25, 50, 100)


def _join(examples: Sequence[Example], results: Sequence[Triage]) -> list[Triage]:
    """The result for each example, joined by paper key."""
    by_key: dict[str, Triage] = {}
    for result in results:
        by_key.setdefault(result.paper.key, result)
    joined = []
    for example in examples:
        found = by_key.get(example.paper.key)
        if found is None:
            raise RuntimeError(f"classifier returned no result for {example.paper.key} ({example.item.key})")
        joined.append(found)
    return joined


def _prediction(example: Example, result: Triage) -> Prediction:
    item = example.item
    return Prediction(
        key=item.key,
        title=example.paper.title,
        gold_relevant=item.relevant,
        gold_section=item.section,
        unsure=item.unsure,
        relevant=result.relevant,
        section=result.category if result.relevant else None,
        confidence=result.confidence,
        classifier=result.classifier,
        reasons=list(result.reasons),
    )


def _judgement(prediction: Prediction) -> metrics.Judgement:
    return metrics.Judgement(
        key=prediction.key,
        gold_relevant=prediction.gold_relevant,
        gold_section=prediction.gold_section,
        predicted_relevant=prediction.relevant,
        predicted_section=prediction.section,
        score=metrics.ranking_score(prediction.relevant, prediction.confidence),
    )


def measure(
    predictions: Sequence[Prediction], sections: Sequence[str]
) -> tuple[RelevanceMetrics, RankingMetrics, SectionMetrics]:
    """All figures for a list of predictions (pure; also used by tests and comparisons)."""
    judgements = [_judgement(p) for p in predictions]
    counts = metrics.relevance_counts(judgements)
    precision, recall, f1 = metrics.precision_recall_f1(counts)
    relevance = RelevanceMetrics(tp=counts.tp, fp=counts.fp, fn=counts.fn, tn=counts.tn,
                                 precision=precision, recall=recall, f1=f1)
    ranking = RankingMetrics(
        recall_at={k: metrics.recall_at_k(judgements, k) for k in RECALL_AT if k < len(judgements)},
        wss=metrics.wss(judgements, 0.95),
        screened=metrics.screening_cutoff(judgements, 0.95),
    )
    labels = [*sections, metrics.NONE_LABEL]
    per_section = metrics.per_section(judgements, sections)
    both = [j for j in metrics.section_judgements(judgements) if j.gold_relevant and j.predicted_relevant]
    section = SectionMetrics(
        accuracy=metrics.section_accuracy(judgements),
        accuracy_support=len(both),
        macro_f1=metrics.macro_f1(per_section),
        per_section=per_section,
        labels=labels,
        confusion=metrics.confusion_matrix(judgements, labels),
    )
    return relevance, ranking, section


def _summary(gold: GoldSet, examples: Sequence[Example], skipped: list[str], unlabelled: int, excluded: bool) -> GoldSummary:
    items = [e.item for e in examples]
    return GoldSummary(
        name=gold.name,
        path=str(gold.path) if gold.path else None,
        description=gold.description,
        texts=gold.texts,
        labelled=len(gold.items) if gold.texts != "catalog" else len(examples) + len(skipped),
        evaluated=len(items),
        positives=sum(1 for i in items if i.relevant),
        negatives=sum(1 for i in items if not i.relevant),
        unsure=sum(1 for i in items if i.unsure),
        title_only=sum(1 for e in examples if not e.paper.abstract),
        skipped=len(skipped),
        skipped_examples=skipped[:5],
        unlabelled=unlabelled,
        excluded_unsure=excluded,
    )


def skipped(gold: GoldSet, setting: str, classifier: str, reason: str) -> EvalReport:
    """A report that says why this set was not evaluated (no figures)."""
    summary = _summary(gold, [], [], 0, False)
    return EvalReport(gold=summary, setting=setting, classifier=classifier, unavailable=reason)


def evaluate(
    gold: GoldSet,
    config: Config,
    classifier: Classifier,
    *,
    setting: str,
    realdata: Path | None = None,
    exclude_unsure: bool = False,
) -> EvalReport:
    """Measure `classifier` on `gold` (see the module docstring)."""
    name = str(getattr(classifier, "name", setting))
    resolved = resolve(gold, config, realdata=realdata)
    if resolved.unavailable:
        return skipped(gold, setting, name, resolved.unavailable)
    examples = [e for e in resolved.examples if not (exclude_unsure and e.item.unsure)]
    if not examples:
        return skipped(gold, setting, name, "no labelled papers to evaluate")
    started = time.monotonic()
    results = _join(examples, classifier.classify([e.paper for e in examples]))
    seconds = time.monotonic() - started
    predictions = [_prediction(e, r) for e, r in zip(examples, results)]
    relevance, ranking, sections = measure(predictions, config.section_ids)
    fallbacks = sum(1 for p in predictions if p.classifier != name) if name == "llm" else 0
    stats: Any = getattr(classifier, "stats", None)
    return EvalReport(
        gold=_summary(gold, examples, resolved.skipped, resolved.unlabelled, exclude_unsure),
        setting=setting,
        classifier=name,
        relevance=relevance,
        ranking=ranking,
        sections=sections,
        cost=cost_from_stats(stats, len(examples), seconds, fallbacks),
        predictions=predictions,
    )
