"""Classifiers: the deterministic keyword classifier and the LLM classifier, chosen by `build_classifier`.

Contract: `build_classifier(config, kind=..., llm_mode=..., ...)` returns an object with
`.classify(papers) -> list[Triage]` (one per paper, input order), `.name` ("keywords" or "llm") and
`.stats` (an `LLMStats` for the LLM, None for keywords).
- kind "keywords" | "llm" | "auto"; "auto" is the LLM when one is configured (OPENAI_API_KEY or
  OPENAI_BASE_URL set, or replay mode) and keywords otherwise.
- llm_mode "live" talks to the server; "record" does too and writes every exchange into `fixtures`
  (default `llm.fixtures`), reading no cached answers so everything is recorded; "replay" serves only
  recorded exchanges and fails with `LLMError` naming a missing one and how to record it.
- `max_requests` / `max_cost` cap the run; beyond them the rest falls back to keywords.
- `completer` replaces the server (tests); answers are cached in `llm.cache_dir` in every mode.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import diskcache

from ..config import Config
from ..errors import CuratorError
from ..models import Paper, Triage
from .completer import Completer, OpenAICompleter
from .keywords import KeywordClassifier
from .ladder import Ladder
from .llm import LLMClassifier
from .prompt import pick_examples
from .replay import RecordingCompleter, ReplayCompleter
from .stats import Budget, LLMStats

__all__ = ["Classifier", "LLMClassifier", "LLMStats", "Budget", "build_classifier", "llm_configured"]

KINDS = ("auto", "keywords", "llm")
LLM_MODES = ("live", "record", "replay")


class Classifier(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def stats(self) -> LLMStats | None: ...

    def classify(self, papers: Sequence[Paper]) -> list[Triage]: ...


class KeywordsOnly:
    """The keyword classifier with the common classifier interface."""

    name = "keywords"
    stats: LLMStats | None = None

    def __init__(self, config: Config) -> None:
        self._inner = KeywordClassifier(config)

    def classify(self, papers: Sequence[Paper]) -> list[Triage]:
        return self._inner.classify(papers)


def llm_configured(llm_mode: str = "live") -> bool:
    """Whether "auto" should pick the LLM."""
    return llm_mode == "replay" or bool(os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"))


def list_examples(config: Config) -> dict[str, list[str]]:
    """A few titles per section from the list itself, for the prompt; none when the list can't be read."""
    try:
        from ..catalog import load_catalog
    except ImportError:
        return {}
    catalog = load_catalog(config)
    pairs = [(entry.section, entry.title) for entry in catalog.entries]
    return pick_examples(pairs, config.section_ids, config.llm.examples_per_section)


def _record_command(fixtures: Path) -> str:
    """The command that records what a replay run misses: this very command with --llm record."""
    argv = list(sys.argv[1:])
    if "replay" in argv and "--llm" in argv:
        argv[argv.index("replay")] = "record"
        return "OPENAI_BASE_URL=http://127.0.0.1:8765/v1 curator " + shlex.join(argv)
    return f"OPENAI_BASE_URL=http://127.0.0.1:8765/v1 curator triage --classifier llm --llm record --fixtures {fixtures} ..."


def build_classifier(
    config: Config,
    *,
    kind: str = "auto",
    llm_mode: str = "live",
    fixtures: Path | None = None,
    max_requests: int | None = None,
    max_cost: float | None = None,
    completer: Completer | None = None,
    examples: dict[str, list[str]] | None = None,
) -> Classifier:
    """The classifier for a run; see the module contract.

    `examples` replaces the prompt's per-section titles drawn from the list (an evaluation freezes them
    beside its recordings, so the recordings stay valid as the list grows).
    """
    if kind not in KINDS or llm_mode not in LLM_MODES:
        raise CuratorError(f"unknown classifier '{kind}' or --llm mode '{llm_mode}'",
                           hint=f"use one of {', '.join(KINDS)} and {', '.join(LLM_MODES)}")
    if kind == "keywords" or (kind == "auto" and completer is None and not llm_configured(llm_mode)):
        return KeywordsOnly(config)
    folder = Path(fixtures) if fixtures else config.path(config.llm.fixtures)
    server = "scripted"
    if completer is None:
        if llm_mode == "replay":
            completer = ReplayCompleter(folder, record_command=_record_command(folder))
        else:
            completer = OpenAICompleter(timeout=config.llm.timeout_seconds)
        server = getattr(completer, "server", server)
    if llm_mode == "record":
        completer = RecordingCompleter(completer, folder)
    cache = _open_cache(config.path(config.llm.cache_dir))
    # Only live runs trust the remembered ladder rung: recordings must contain their own detection.
    ladder = Ladder(server, config.llm.model, cache if llm_mode == "live" else None)
    return LLMClassifier(
        config,
        completer,
        fallback=KeywordClassifier(config),
        budget=Budget(max_requests=max_requests, max_cost=max_cost),
        examples=list_examples(config) if examples is None else examples,
        cache=cache,
        ladder=ladder,
        read_cache=llm_mode != "record",
    )


def _open_cache(path: Path) -> diskcache.Cache:
    """The on-disk answer cache (diskcache is thread- and process-safe)."""
    try:
        return diskcache.Cache(str(path))
    except OSError as exc:
        raise CuratorError(f"{path}: cannot open the LLM cache ({exc.strerror})",
                           hint="check llm.cache_dir is writable") from exc
