"""Run statistics, cost and the budget cap of an LLM triage run.

Contract:
- `LLMStats` is the pydantic record of one run (requests, cache hits, tokens in/out/cached, cost,
  repairs, fallbacks by reason, the structured-output mode used, wall time). The run summary and the
  candidates file embed `stats.model_dump()`; `summary_line()` is the one-line human form.
- `Budget` holds the caps; `Meter` updates the stats from many threads and enforces the budget: `acquire()` is called before
  every request and returns why it may not be sent (max requests reached, max cost reached) or None.
  Cost comes from the config's price table; a model without a price reports tokens and `cost_usd:
  null`, never a crash, and a `--max-cost` cap cannot be enforced for it (warned once).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from ..config import Price

log = logging.getLogger(__name__)


class LLMStats(BaseModel):
    """What one LLM triage run did and cost."""

    model: str
    mode: str | None = Field(default=None, description="structured-output mode the server accepted")
    papers: int = 0
    llm_papers: int = Field(default=0, description="papers classified by the LLM")
    requests: int = Field(default=0, description="requests sent to the server (cache hits excluded)")
    cache_hits: int = 0
    rejected_requests: int = Field(default=0, description="requests the server refused, e.g. ladder probes")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cost_usd: float | None = Field(default=None, description="null when the model has no price in llm.prices")
    repair_requests: int = 0
    repaired_papers: int = Field(default=0, description="papers whose first answer was unusable")
    fallbacks: int = Field(default=0, description="papers classified by keywords instead")
    fallback_reasons: dict[str, int] = Field(default_factory=dict)
    degraded: str | None = Field(default=None, description="why the whole run fell back to keywords")
    seconds: float = 0.0

    def summary_line(self) -> str:
        cost = f"${self.cost_usd:.4f}" if self.cost_usd is not None else "cost n/a (no price)"
        line = (
            f"LLM {self.model} [{self.mode or '-'}]: {self.papers} papers, {self.requests} requests, "
            f"{self.cache_hits} cache hits, tokens in/out/cached {self.prompt_tokens}/{self.completion_tokens}/"
            f"{self.cached_tokens}, {cost}, {self.repaired_papers} repaired, {self.fallbacks} fell back, "
            f"{self.seconds:.1f}s"
        )
        return f"{line}; degraded: {self.degraded}" if self.degraded else line


def cost_of(price: Price, prompt: int, completion: int, cached: int) -> float:
    """USD for one request's usage; cached input tokens at their own price when there is one."""
    cached_price = price.cached_input_per_mtok if price.cached_input_per_mtok is not None else price.input_per_mtok
    fresh = max(prompt - cached, 0)
    return (fresh * price.input_per_mtok + cached * cached_price + completion * price.output_per_mtok) / 1e6


def reason_kind(reason: str) -> str:
    """A short bucket for a failure reason, for per-reason counts."""
    lowered = reason.lower()
    for needle, kind in (
        ("budget", "budget"),
        ("unavailable", "server unavailable"),
        ("truncated", "truncated"),
        ("refus", "refusal"),
        ("json", "invalid JSON"),
        ("missing", "missing from answer"),
        ("category", "unknown section"),
        ("rejected", "request rejected"),
        ("failed", "request failed"),
    ):
        if needle in lowered:
            return kind
    return "invalid answer"


@dataclass(frozen=True)
class Budget:
    """The caps of one run (`--max-requests`, `--max-cost` in USD); None means no cap."""

    max_requests: int | None = None
    max_cost: float | None = None


class Meter:
    """Thread-safe stats and budget for one run."""

    def __init__(self, stats: LLMStats, price: Price | None, budget: Budget | None = None) -> None:
        self.stats = stats
        self.price = price
        self.max_requests = budget.max_requests if budget else None
        self.max_cost = budget.max_cost if budget else None
        self._lock = threading.Lock()
        self._warned: set[str] = set()
        if price is not None:
            stats.cost_usd = 0.0
        elif self.max_cost is not None:
            self._warn_once("cost", f"--max-cost ignored: no price for model '{stats.model}' in llm.prices")

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            log.warning(message)

    def acquire(self) -> str | None:
        """Reserve one request; return why it may not be sent, or None."""
        with self._lock:
            if self.max_requests is not None and self.stats.requests >= self.max_requests:
                reason = f"LLM budget spent (--max-requests {self.max_requests})"
            elif self.max_cost is not None and (self.stats.cost_usd or 0.0) >= self.max_cost and self.price:
                reason = f"LLM budget spent (--max-cost {self.max_cost})"
            else:
                self.stats.requests += 1
                return None
            self._warn_once("budget", f"{reason}: the remaining papers use the keyword classifier")
            return reason

    def record_usage(self, response: dict[str, Any]) -> None:
        usage = response.get("usage") or {}
        prompt = int(usage.get("prompt_tokens") or 0)
        completion = int(usage.get("completion_tokens") or 0)
        cached = int(usage.get("cached_tokens") or 0)
        with self._lock:
            self.stats.prompt_tokens += prompt
            self.stats.completion_tokens += completion
            self.stats.cached_tokens += cached
            if self.price is not None:
                self.stats.cost_usd = (self.stats.cost_usd or 0.0) + cost_of(self.price, prompt, completion, cached)

    def add(self, **counts: int) -> None:
        with self._lock:
            for name, value in counts.items():
                setattr(self.stats, name, getattr(self.stats, name) + value)

    def fallback(self, reason: str) -> None:
        kind = reason_kind(reason)
        with self._lock:
            self.stats.fallbacks += 1
            self.stats.fallback_reasons[kind] = self.stats.fallback_reasons.get(kind, 0) + 1
