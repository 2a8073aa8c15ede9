"""The result of one evaluation run, as a pydantic model (the `--json` output is its dump).

Contract: `EvalReport` holds everything `curator eval` reports for one gold set and one classifier
setting: what was evaluated (and skipped, and why), relevance, ranking and section metrics (see
`metrics` for the definitions), cost from the classifier's own stats, every paper's prediction, and
the papers it got wrong with the gold label, the prediction and the classifier's reasons.
`cost_from_stats` reads the LLM classifier's `LLMStats` (or any object/dict with the same field names)
and tolerates missing fields: the keyword classifier reports no tokens, and that is not an error.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field

Metric = float | None


class GoldSummary(BaseModel):
    name: str
    path: str | None = None
    description: str = ""
    texts: str = "inline"
    labelled: int = 0
    evaluated: int = 0
    positives: int = 0
    negatives: int = 0
    unsure: int = 0
    title_only: int = 0
    skipped: int = 0
    skipped_examples: list[str] = Field(default_factory=list)
    unlabelled: int = 0
    excluded_unsure: bool = False


class RelevanceMetrics(BaseModel):
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    precision: Metric = None
    recall: Metric = None
    f1: Metric = None


class RankingMetrics(BaseModel):
    recall_at: dict[int, Metric] = Field(default_factory=dict)
    wss_target: float = 0.95
    wss: Metric = None
    screened: int | None = Field(default=None, description="papers read to reach the target recall")


class SectionMetrics(BaseModel):
    accuracy: Metric = None
    accuracy_support: int = 0
    macro_f1: Metric = None
    per_section: dict[str, dict[str, float | int | None]] = Field(default_factory=dict)
    labels: list[str] = Field(default_factory=list)
    confusion: dict[str, dict[str, int]] = Field(default_factory=dict)


class CostFigures(BaseModel):
    papers: int = 0
    requests: int | None = None
    cache_hits: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cached_tokens: int | None = None
    tokens_per_paper: float | None = None
    cost_usd: float | None = None
    repaired: int | None = None
    fallbacks: int = 0
    fallback_reasons: dict[str, int] = Field(default_factory=dict)
    degraded: str | None = None
    mode: str | None = None
    seconds: float = 0.0


class Prediction(BaseModel):
    key: str
    title: str
    gold_relevant: bool
    gold_section: str | None = None
    unsure: bool = False
    relevant: bool
    section: str | None = None
    confidence: float
    classifier: str
    reasons: list[str] = Field(default_factory=list)

    @property
    def explanation(self) -> list[str]:
        """The reasons without bare classifier tags ("llm"), which explain nothing on their own."""
        return [r for r in self.reasons if r and r not in ("llm", "keywords")]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def verdict(self) -> Literal["right", "missed", "false positive", "wrong section"]:
        if self.relevant != self.gold_relevant:
            return "missed" if self.gold_relevant else "false positive"
        if self.relevant and self.gold_section and self.section != self.gold_section:
            return "wrong section"
        return "right"


class EvalReport(BaseModel):
    gold: GoldSummary
    setting: str = Field(description="the classifier setting, e.g. 'keywords' or 'llm gpt-4o-mini classify.v1 replay'")
    classifier: str
    unavailable: str | None = None
    relevance: RelevanceMetrics = Field(default_factory=RelevanceMetrics)
    ranking: RankingMetrics = Field(default_factory=RankingMetrics)
    sections: SectionMetrics = Field(default_factory=SectionMetrics)
    cost: CostFigures = Field(default_factory=CostFigures)
    predictions: list[Prediction] = Field(default_factory=list)

    @property
    def wrong(self) -> list[Prediction]:
        return [p for p in self.predictions if p.verdict != "right"]


def _field(stats: Any, *names: str) -> Any:
    for name in names:
        value = stats.get(name) if isinstance(stats, dict) else getattr(stats, name, None)
        if value is not None:
            return value
    return None


def cost_from_stats(stats: Any, papers: int, seconds: float, fallbacks: int) -> CostFigures:
    """Cost figures from a classifier's stats; `fallbacks` is counted from the results themselves."""
    if hasattr(stats, "model_dump"):
        stats = stats.model_dump()
    stats = stats if isinstance(stats, dict) else {}
    prompt = _field(stats, "prompt_tokens", "tokens_in")
    completion = _field(stats, "completion_tokens", "tokens_out")
    tokens = (prompt or 0) + (completion or 0)
    return CostFigures(
        papers=papers,
        requests=_field(stats, "requests"),
        cache_hits=_field(stats, "cache_hits"),
        prompt_tokens=prompt,
        completion_tokens=completion,
        cached_tokens=_field(stats, "cached_tokens"),
        tokens_per_paper=round(tokens / papers, 1) if prompt is not None and papers else None,
        cost_usd=_field(stats, "cost_usd", "cost"),
        repaired=_field(stats, "repaired_papers", "repairs"),
        fallbacks=fallbacks,
        fallback_reasons=dict(_field(stats, "fallback_reasons") or {}),
        degraded=_field(stats, "degraded"),
        mode=_field(stats, "mode"),
        seconds=round(seconds, 2),
    )
