"""`hf-daily` and `hf-search`: Hugging Face papers, with their community signals.

Contract:
- `HFDailySource(http, config, clock=).fetch(window)` asks
  `huggingface.co/api/daily_papers?date=D&limit=L&p=N` for each date of the window up to today (the date
  is the Daily list's date, not the arXiv date) and pages while the answer carries `Link: rel="next"` or
  fills a whole page, until an empty page (at most `MAX_PAGES` per day, so a misbehaving server cannot
  loop us). An empty day is normal (weekends). Each paper's `hf.daily_date` is the date asked for when
  the item does not say it itself.
- `HFSearchSource(http, config, queries=).fetch(window)` asks `huggingface.co/api/papers/search?q=Q` for
  each configured query and keeps the hits published inside the window (hits without a date are kept);
  search has no date filter of its own, so the window is applied here and the count outside it is noted.
Any non-200, HTML or non-list body is a SourceError naming the URL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..config import HFSourceConfig
from ..errors import SourceError
from ..models import Paper
from .base import SourceResult, Window, checked_parse, epoch_to_utc
from .http import HttpResponse, PoliteHttp
from .merge import merge_papers
from .result import ParseResult

DAILY_URL = "https://huggingface.co/api/daily_papers"
SEARCH_URL = "https://huggingface.co/api/papers/search"
MAX_PAGES = 20


def _parsed(response: HttpResponse, expected: tuple[str, ...]) -> ParseResult:
    if response.status != 200:
        raise SourceError(f"{response.url}: HTTP {response.status}", hint="try again later")
    return checked_parse(response, expected)


def _daily(response: HttpResponse) -> tuple[ParseResult, bool]:
    """A daily page and whether the server announces a next one (`Link: <...>; rel="next"`)."""
    return _parsed(response, ("hf-daily", "hf-search")), 'rel="next"' in response.headers.get("link", "")


def _search(response: HttpResponse) -> ParseResult:
    return _parsed(response, ("hf-search", "hf-daily"))


class HFDailySource:
    """Hugging Face Daily Papers for each date of the window."""

    name = "hf-daily"

    def __init__(self, http: PoliteHttp, config: HFSourceConfig, *, clock: Callable[[], float]) -> None:
        self.http, self.config, self.clock = http, config, clock

    def fetch(self, window: Window) -> SourceResult:
        today = epoch_to_utc(self.clock()).date()
        days = [day for day in window.days() if day <= today]
        papers: list[Paper] = []
        empty: list[str] = []
        for day in days:
            found = self._day(day)
            papers.extend(found)
            if not found:
                empty.append(day.isoformat())
        result = SourceResult(name=self.name, window=window, papers=merge_papers(papers),
                              covered_until=min(window.until, today))
        if empty:
            result.notes.append(f"no Daily Papers on {', '.join(empty)} (normal on weekends and holidays)")
        return result

    def _day(self, day: date) -> list[Paper]:
        papers: list[Paper] = []
        for page in range(MAX_PAGES):
            params = {"date": day.isoformat(), "limit": self.config.limit, "p": page}
            parsed, has_next = self.http.get_parsed(DAILY_URL, params, _daily)
            items = parsed.papers
            for paper in items:
                if paper.hf is not None and paper.hf.daily_date is None:
                    paper.hf.daily_date = day.isoformat()
            papers.extend(items)
            more = has_next or len(items) >= self.config.limit
            if not items or not more:
                break
        return papers


class HFSearchSource:
    """Hugging Face paper search for the configured queries, limited to the window."""

    name = "hf-search"

    def __init__(self, http: PoliteHttp, config: HFSourceConfig, *, queries: list[str] | None = None) -> None:
        self.http = http
        self.queries = list(queries if queries is not None else config.search_queries)

    def fetch(self, window: Window) -> SourceResult:
        if not self.queries:
            raise SourceError("hf-search: no search queries", hint="set sources.hf.search_queries or pass --query")
        papers: list[Paper] = []
        for query in self.queries:
            papers.extend(self.http.get_parsed(SEARCH_URL, {"q": query}, _search).papers)
        merged = merge_papers(papers)
        inside = [p for p in merged if p.published is None or window.since <= p.published.date() <= window.until]
        result = SourceResult(name=self.name, window=window, papers=inside, covered_until=window.until)
        result.notes.append(f"{len(merged)} hits for {len(self.queries)} queries, {len(inside)} published {window}")
        return result
