"""Side-by-side comparison of two classifier settings on the same gold set.

Contract: `compare(a, b)` takes two `EvalReport`s of the same gold set and returns a `Comparison`:
the headline figures of both with `delta = b - a`, and the papers whose decision changed, grouped by
direction -- `now_relevant` (A said no, B says yes), `now_not_relevant` (the reverse) and
`section_changed` (both relevant, different sections) -- each with the gold label, so a reviewer sees at
a glance whether a change fixed or broke a paper (`Flip.effect`: fixed, broke, or changed when the
gold label is wrong either way; listed in that order: broke, fixed, changed). Papers only one side
evaluated are counted, not compared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from .report import EvalReport, Prediction

Effect = Literal["fixed", "broke", "changed"]
_EFFECT_ORDER = {"broke": 0, "fixed": 1, "changed": 2}


class Row(BaseModel):
    metric: str
    a: int | float | None
    b: int | float | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def delta(self) -> int | float | None:
        return None if self.a is None or self.b is None else self.b - self.a


class Flip(BaseModel):
    key: str
    title: str
    gold_relevant: bool
    gold_section: str | None
    unsure: bool
    a: str = Field(description="A's decision: a section id or 'not relevant'")
    b: str
    effect: Effect
    reason_b: str = ""


class Comparison(BaseModel):
    gold: str
    a: str
    b: str
    rows: list[Row]
    now_relevant: list[Flip] = Field(default_factory=list)
    now_not_relevant: list[Flip] = Field(default_factory=list)
    section_changed: list[Flip] = Field(default_factory=list)
    only_one_side: int = 0


HEADLINE: tuple[tuple[str, Callable[[EvalReport], float | int | None]], ...] = (
    ("precision", lambda r: r.relevance.precision),
    ("recall", lambda r: r.relevance.recall),
    ("F1", lambda r: r.relevance.f1),
    ("WSS@95", lambda r: r.ranking.wss),
    ("section accuracy", lambda r: r.sections.accuracy),
    ("section macro-F1", lambda r: r.sections.macro_f1),
    ("false positives", lambda r: r.relevance.fp),
    ("missed", lambda r: r.relevance.fn),
    ("requests", lambda r: r.cost.requests),
    ("tokens per paper", lambda r: r.cost.tokens_per_paper),
    ("cost (USD)", lambda r: r.cost.cost_usd),
    ("fallbacks", lambda r: r.cost.fallbacks),
    ("seconds", lambda r: r.cost.seconds),
)


def decision(prediction: Prediction) -> str:
    return (prediction.section or "relevant") if prediction.relevant else "not relevant"


def _is_right(prediction: Prediction) -> bool:
    return prediction.verdict == "right"


def _flip(a: Prediction, b: Prediction) -> Flip:
    right_a, right_b = _is_right(a), _is_right(b)
    effect: Effect = "fixed" if right_b and not right_a else "broke" if right_a and not right_b else "changed"
    reason = "; ".join(b.explanation)
    return Flip(key=b.key, title=b.title, gold_relevant=b.gold_relevant, gold_section=b.gold_section,
                unsure=b.unsure, a=decision(a), b=decision(b), effect=effect, reason_b=reason)


def compare(a: EvalReport, b: EvalReport) -> Comparison:
    """A against B on the same gold set (see the module docstring)."""
    rows = [Row(metric=name, a=get(a), b=get(b)) for name, get in HEADLINE]
    result = Comparison(gold=b.gold.name, a=a.setting, b=b.setting, rows=rows)
    by_key = {p.key: p for p in a.predictions}
    matched = 0
    for pb in b.predictions:
        pa = by_key.get(pb.key)
        if pa is None:
            continue
        matched += 1
        if pb.relevant and not pa.relevant:
            result.now_relevant.append(_flip(pa, pb))
        elif pa.relevant and not pb.relevant:
            result.now_not_relevant.append(_flip(pa, pb))
        elif pa.relevant and pb.relevant and pa.section != pb.section:
            result.section_changed.append(_flip(pa, pb))
    result.only_one_side = len(a.predictions) + len(b.predictions) - 2 * matched
    for flips in (result.now_relevant, result.now_not_relevant, result.section_changed):
        flips.sort(key=lambda f: (_EFFECT_ORDER[f.effect], f.key))
    return result
