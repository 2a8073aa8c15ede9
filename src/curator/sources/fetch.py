"""Fetch from several live sources into one merged list of Papers, with a report of what happened.

Contract: `fetch_all(config, sources, since, until, client, *, sleep, clock, progress)` runs the named
sources one after another over one `PoliteHttp` (one arXiv throttle, one cache), each over its window
(`since`, else where the state file says it stopped, else a week back; `until`, else today UTC), and
returns a `FetchReport`: the papers of all sources merged (a paper from arXiv and HF is one Paper with
the signals of both), and per source its window, how far it got, requests, cache hits, papers, notes,
problems and its error. A source that fails (SourceError) does not stop the others; it is reported
with `ok == False` and contributes no papers. `fetch_all` reads the state but never writes it: the caller
saves `commit_windows(state, report)` once the papers are safely used.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date, datetime

import httpx
from pydantic import BaseModel, Field

from ..config import Config
from ..errors import InputError, SourceError
from ..models import Paper
from .arxiv_api import ArxivApiSource
from .arxiv_rss import ArxivRssSource
from .base import Source, SourceResult, Window, epoch_to_utc
from .cache import ResponseCache
from .hf import HFDailySource, HFSearchSource
from .http import PoliteHttp, make_client, user_agent
from .merge import merge_papers
from .state import FetchState, default_since, load_state

SOURCE_NAMES = ("arxiv-rss", "arxiv-api", "hf-daily", "hf-search")


class SourceReport(BaseModel):
    """One source's part of a fetch."""

    name: str
    window: Window
    covered_until: date | None = None
    requests: int = 0
    cache_hits: int = 0
    papers: int = 0
    notes: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class FetchReport(BaseModel):
    """Everything fetched in one run, merged, and how it went."""

    papers: list[Paper] = Field(default_factory=list)
    sources: list[SourceReport] = Field(default_factory=list)
    requests: int = 0
    cache_hits: int = 0
    fetched: int = Field(default=0, description="papers before merging across sources")
    duplicates: int = 0
    elapsed_seconds: float = 0.0
    waited_seconds: float = Field(default=0.0, description="time spent in the throttle and backoff")
    finished_at: datetime

    @property
    def ok(self) -> bool:
        return all(source.ok for source in self.sources)


def build_sources(config: Config, names: Sequence[str], http: PoliteHttp, *, clock: Callable[[], float],
                  queries: list[str] | None = None) -> list[Source]:
    """Source objects for `names`, in order; InputError for an unknown name."""
    api = ArxivApiSource(http, config.sources.arxiv)
    makers: dict[str, Callable[[], Source]] = {
        "arxiv-rss": lambda: ArxivRssSource(http, config.sources.arxiv, clock=clock, backfill=api),
        "arxiv-api": lambda: api,
        "hf-daily": lambda: HFDailySource(http, config.sources.hf, clock=clock),
        "hf-search": lambda: HFSearchSource(http, config.sources.hf, queries=queries),
    }
    unknown = [name for name in names if name not in makers]
    if unknown:
        raise InputError(f"unknown source '{unknown[0]}'", hint=f"use one of: {', '.join(SOURCE_NAMES)}")
    return [makers[name]() for name in dict.fromkeys(names)]


def fetch_all(config: Config, sources: Sequence[str], since: date | None, until: date | None,
              client: httpx.Client, *, sleep: Callable[[float], None] = time.sleep,
              clock: Callable[[], float] = time.time, progress: Callable[[str], None] | None = None,
              state: FetchState | None = None, use_cache: bool = True,
              queries: list[str] | None = None) -> FetchReport:
    """Fetch the named sources and merge their papers; never writes the state file."""
    started = clock()
    settings = config.sources
    state = state if state is not None else load_state(config.path(settings.state_file))
    until = until or epoch_to_utc(started).date()
    cache = ResponseCache(config.path(settings.cache_dir), settings.cache_ttl_hours * 3600) if use_cache else None
    http = PoliteHttp(client, min_interval=settings.min_interval_seconds, max_retries=settings.max_retries,
                      cache=cache, agent=user_agent(settings.user_agent_contact),
                      sleep=sleep, clock=clock, progress=progress)
    try:
        reports: list[SourceReport] = []
        papers: list[Paper] = []
        for source in build_sources(config, sources, http, clock=clock, queries=queries):
            window = Window(since=since or default_since(state, source.name, until), until=until)
            report, found = _run(source, window, http)
            reports.append(report)
            papers.extend(found)
    finally:
        if cache is not None:
            cache.close()
    merged = merge_papers(papers)
    return FetchReport(papers=merged, sources=reports, requests=http.counters.requests,
                       cache_hits=http.counters.cache_hits, fetched=len(papers),
                       duplicates=len(papers) - len(merged), elapsed_seconds=clock() - started,
                       waited_seconds=http.counters.waited, finished_at=epoch_to_utc(clock()))


def _run(source: Source, window: Window, http: PoliteHttp) -> tuple[SourceReport, list[Paper]]:
    """One source, with its request counts; a SourceError becomes the report's error."""
    requests, hits = http.counters.requests, http.counters.cache_hits
    report = SourceReport(name=source.name, window=window)
    result: SourceResult | None = None
    try:
        result = source.fetch(window)
    except SourceError as exc:
        report.error = str(exc)
    report.requests = http.counters.requests - requests
    report.cache_hits = http.counters.cache_hits - hits
    if result is None:
        return report, []
    report.covered_until, report.papers = result.covered_until, len(result.papers)
    report.notes, report.problems = result.notes, result.problems
    return report, result.papers


def parse_day(text: str | date | None, what: str = "date") -> date | None:
    """A YYYY-MM-DD date (or None); InputError naming the bad value."""
    if text is None or isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(f"{what} '{text}' is not a date", hint="use YYYY-MM-DD") from exc


def fetch_for_triage(config: Config, names: Sequence[str], *, since: str | date | None = None,
                     until: str | date | None = None, client: httpx.Client | None = None,
                     progress: Callable[[str], None] | None = None) -> list[Paper]:
    """Fetch for an immediate triage: the merged papers, or SourceError when any source failed."""
    owned = client is None
    client = client or make_client()
    try:
        report = fetch_all(config, names, parse_day(since, "--since"), parse_day(until, "--until"), client,
                           progress=progress)
    finally:
        if owned:
            client.close()
    failed = [source for source in report.sources if not source.ok]
    if failed:
        more = f" (and {len(failed) - 1} more failed source{'s' if len(failed) > 2 else ''})" if len(failed) > 1 else ""
        raise SourceError(f"{failed[0].error}{more}")
    return report.papers
