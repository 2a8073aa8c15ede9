"""The LLM classifier: batches, bounded concurrency, cache, validation, one repair, keyword fallback.

Contract: `LLMClassifier(config, completer, fallback=..., budget=...).classify(papers)` returns one
`Triage` per paper, in input order, and never drops one:
- papers go `llm.batch_size` to a request, at most `llm.concurrency` requests in flight; each paper gets
  a prompt id (its arXiv id, else a hash of its key) and answers are joined to papers by that id;
- every answer is validated (`schema.parse_answer`); papers missing from it or with an invalid verdict
  (bad JSON, truncated, unknown section, refusal...) are asked again once, in one request for just
  those papers, carrying the validation errors; what still fails is classified by `fallback` (the
  keyword classifier), marked `classifier: keywords` with the LLM failure first in `reasons`;
- an unusable server (`LLMError`: unreachable, 401, unknown model) or a spent budget stops all further
  requests; the rest of the run falls back, with one warning;
- answers are cached on disk by `request_hash(request)` (the request includes the prompt's name and
  hash), so a re-run over the same papers sends nothing; `read_cache=False` (record mode) still writes.
Summaries are sanitised before they leave this module. `stats` is the run's `LLMStats`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from ..config import Config
from ..errors import LLMError
from ..hashing import request_hash, text_hash
from ..models import Paper, Triage
from ..summary import extractive_summary, sanitise_summary
from .completer import Completer, RequestFailed, RequestRejected
from .ladder import Ladder, Memory, is_format_rejection, response_format
from .prompt import PromptBuilder, PromptTemplate, load_template
from .schema import OutputContract, ParsedAnswer, Verdict, parse_answer
from .stats import Budget, LLMStats, Meter

log = logging.getLogger(__name__)
Batch = list[tuple[str, Paper]]


class Fallback(Protocol):
    def classify(self, papers: Sequence[Paper]) -> list[Triage]: ...


class _BatchFailed(Exception):
    """No usable answer for a whole batch; the message is the reason recorded on each paper."""


def prompt_ids(papers: Sequence[Paper]) -> list[str]:
    """A unique, stable id per paper for the prompt: the arXiv id, else a short hash of its key."""
    ids: list[str] = []
    seen: set[str] = set()
    for paper in papers:
        base = paper.id or f"p-{text_hash(paper.key)[:8]}"
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}~{n}"
        seen.add(candidate)
        ids.append(candidate)
    return ids


class LLMClassifier:
    """Classifies papers with a chat model behind a `Completer`; see the module contract."""

    name = "llm"

    def __init__(
        self,
        config: Config,
        completer: Completer,
        *,
        fallback: Fallback,
        budget: Budget | None = None,
        template: PromptTemplate | None = None,
        examples: Mapping[str, Sequence[str]] | None = None,
        cache: Memory | None = None,
        ladder: Ladder | None = None,
        read_cache: bool = True,
    ) -> None:
        self.config = config
        self.completer = completer
        self.fallback = fallback
        self.template = template or load_template(config)
        self.builder = PromptBuilder(config, self.template, examples or {})
        self.contract = OutputContract(config.section_ids, config.llm.max_summary_chars)
        price = config.llm.prices.get(config.llm.model)
        self.meter = Meter(LLMStats(model=config.llm.model), price, budget)
        self.stats = self.meter.stats
        self.cache = cache
        self.ladder = ladder or Ladder("default", config.llm.model)
        self.read_cache = read_cache
        self._degraded_lock = threading.Lock()

    def classify(self, papers: Sequence[Paper]) -> list[Triage]:
        started = time.monotonic()
        ids = prompt_ids(papers)
        pairs = list(zip(ids, papers))
        size = self.config.llm.batch_size
        batches = [pairs[i : i + size] for i in range(0, len(pairs), size)]
        verdicts: dict[str, Verdict] = {}
        failures: dict[str, str] = {}
        repaired: set[str] = set()
        outcomes = []
        if batches and not self.ladder.settled:
            # Until a mode is known to work, the first batch runs alone so the ladder settles before
            # requests run in parallel; a remembered mode skips this (it costs a whole round).
            outcomes.append(self._run_batch(batches.pop(0)))
        if batches:
            with ThreadPoolExecutor(max_workers=self.config.llm.concurrency) as pool:
                outcomes.extend(pool.map(self._run_batch, batches))
        for good, bad, fixed in outcomes:
            verdicts.update(good)
            failures.update(bad)
            repaired.update(fixed)
        results = self._assemble(pairs, verdicts, failures, repaired)
        self.stats.papers += len(papers)
        self.stats.mode = self.ladder.mode()
        self.stats.seconds += time.monotonic() - started
        return results

    def _run_batch(self, batch: Batch) -> tuple[dict[str, Verdict], dict[str, str], set[str]]:
        """Ask, then repair what failed once; returns (verdicts, failures, repaired ids)."""
        try:
            parsed = self._ask(batch, None)
        except _BatchFailed as exc:
            return {}, {paper_id: str(exc) for paper_id, _ in batch}, set()
        verdicts = dict(parsed.verdicts)
        problems = _problems(parsed, batch)
        if not problems:
            return verdicts, {}, set()
        self.meter.add(repaired_papers=len(problems))
        failures: dict[str, str] = {}
        for chunk in _repair_chunks(batch, problems):
            try:
                self.meter.add(repair_requests=1)
                again = self._ask(chunk, {paper_id: problems[paper_id] for paper_id, _ in chunk})
            except _BatchFailed as exc:
                failures.update({paper_id: f"{problems[paper_id]}; repair: {exc}" for paper_id, _ in chunk})
                continue
            verdicts.update(again.verdicts)
            still = _problems(again, chunk)
            failures.update({key: f"{problems[key]}; after repair: {value}" for key, value in still.items()})
        return verdicts, failures, set(problems) - set(failures)

    def _ask(self, batch: Batch, repair: Mapping[str, str] | None) -> ParsedAnswer:
        """One answer for `batch`, stepping down the ladder when the server rejects the format."""
        ids = [paper_id for paper_id, _ in batch]
        mode: str | None = self.ladder.mode()
        while mode is not None:
            request = self._request(batch, mode, repair)
            try:
                response = self._complete(request)
            except RequestRejected as exc:
                self.meter.add(rejected_requests=1)
                if mode == "plain" or not is_format_rejection(exc):
                    raise _BatchFailed(f"request rejected: {exc}") from exc
                mode = self.ladder.step_down(mode, exc)
                continue
            self.ladder.accept(mode)
            return _parse_response(response, self.contract, ids)
        raise _BatchFailed("request rejected in every structured-output mode")

    def _request(self, batch: Batch, mode: str, repair: Mapping[str, str] | None) -> dict[str, Any]:
        ids = [paper_id for paper_id, _ in batch]
        schema = self.contract.wire_schema(ids, strict=mode == "json_schema")
        llm = self.config.llm
        label = f"{self.template.name}_{mode}_{ids[0]}_{len(ids)}p" + ("_repair" if repair else "")
        return {
            "model": llm.model,
            "messages": self.builder.messages(batch, mode=mode, schema=schema, repair=repair),
            "response_format": response_format(mode, schema),
            "temperature": llm.temperature,
            "max_tokens": llm.max_tokens,
            "curator": {"prompt": self.template.name, "prompt_hash": self.template.hash, "label": label},
        }

    def _complete(self, request: dict[str, Any]) -> dict[str, Any]:
        """Cache, budget and the server, in that order; LLMError degrades the whole run."""
        if self.stats.degraded:
            raise _BatchFailed(f"LLM unavailable: {self.stats.degraded}")
        key = request_hash(request)
        if self.read_cache and self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                self.meter.add(cache_hits=1)
                return cached
        refused = self.meter.acquire()
        if refused:
            raise _BatchFailed(refused)
        try:
            response = self.completer.complete(request)
        except LLMError as exc:
            self._degrade(exc)
            raise _BatchFailed(f"LLM unavailable: {exc}") from exc
        except RequestFailed as exc:
            raise _BatchFailed(f"request failed: {exc}") from exc
        self.meter.record_usage(response)
        if self.cache is not None:
            self.cache.set(key, response)
        return response

    def _degrade(self, exc: LLMError) -> None:
        with self._degraded_lock:
            if not self.stats.degraded:
                self.stats.degraded = str(exc)
                log.warning("LLM unavailable, the rest of this run uses the keyword classifier: %s", exc)

    def _assemble(
        self, pairs: Batch, verdicts: dict[str, Verdict], failures: dict[str, str], repaired: set[str]
    ) -> list[Triage]:
        failed = [(paper_id, paper) for paper_id, paper in pairs if paper_id not in verdicts]
        fallback = dict(zip((pid for pid, _ in failed), self.fallback.classify([p for _, p in failed])))
        results = []
        for paper_id, paper in pairs:
            if paper_id in verdicts:
                results.append(self._triage(paper, verdicts[paper_id], paper_id in repaired))
                continue
            reason = failures.get(paper_id, "no answer")
            self.meter.fallback(reason)
            triage = fallback[paper_id]
            results.append(triage.model_copy(update={
                "classifier": "keywords", "reasons": [f"llm failed: {reason}", *triage.reasons]}))
        self.meter.add(llm_papers=len(pairs) - len(failed))
        return results

    def _triage(self, paper: Paper, verdict: Verdict, repaired: bool) -> Triage:
        max_words = self.config.summary.max_words
        relevant = verdict.category != "none"
        summary = sanitise_summary(verdict.summary, max_words)
        reason = sanitise_summary(verdict.reason, 30)
        reasons = [f"llm: {reason}" if any(ch.isalnum() for ch in reason) else "llm"]
        if not any(ch.isalnum() for ch in summary):
            # An empty or placeholder summary ("...") does not void the decision; the abstract speaks instead.
            summary = extractive_summary(paper, max_words)
            reasons.append("summary: extractive (the LLM gave none)")
        if repaired:
            reasons.append("llm: answered on repair")
        return Triage(paper=paper, relevant=relevant, category=verdict.category if relevant else None,
                      summary=summary, confidence=verdict.confidence, classifier="llm", reasons=reasons)


def _parse_response(response: dict[str, Any], contract: OutputContract, ids: list[str]) -> ParsedAnswer:
    """Turn a response dict into validated verdicts, naming refusals and truncation."""
    choices = response.get("choices") or [{}]
    choice = choices[0]
    message = choice.get("message") or {}
    if message.get("refusal"):
        return ParsedAnswer(answer_error=f"refused: {sanitise_summary(str(message['refusal']), 30)}")
    content = message.get("content") or ""
    if not content.strip():
        return ParsedAnswer(answer_error="empty answer (no JSON)")
    parsed = parse_answer(content, contract, ids)
    if choice.get("finish_reason") == "length":
        note = "answer truncated (finish_reason=length)"
        parsed.answer_error = note if parsed.answer_error else None
        parsed.problems = {key: note if value.startswith("missing") else value for key, value in parsed.problems.items()}
    return parsed


def _problems(parsed: ParsedAnswer, batch: Batch) -> dict[str, str]:
    if parsed.answer_error:
        return {paper_id: parsed.answer_error for paper_id, _ in batch}
    return dict(parsed.problems)


def _repair_chunks(batch: Batch, problems: Mapping[str, str]) -> list[Batch]:
    """The failing papers, in one request, or two halves when the answer ran out of tokens."""
    failing = [(paper_id, paper) for paper_id, paper in batch if paper_id in problems]
    if len(failing) > 1 and any("truncated" in problem for problem in problems.values()):
        half = (len(failing) + 1) // 2
        return [failing[:half], failing[half:]]
    return [failing]
