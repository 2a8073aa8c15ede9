"""`arxiv-api`: export.arxiv.org/api/query for a date window and the list's categories and keywords.

Contract: `ArxivApiSource(http, config).fetch(window)` asks for
`(cat:A OR cat:B ...) AND (all:term OR all:"two words" ...) AND submittedDate:[since0000 TO until2359]`
(each part only when configured), newest first, and pages with `start`/`max_results` (at most 2,000 per
page, at most `max_total` <= 30,000 in all, arXiv's documented limits) until `totalResults` is reached.
`search(query)` does the same for any raw `search_query`, and is what the RSS source uses to backfill.
An API error feed (HTTP 400 with an `api/errors` entry) raises SourceError with arXiv's message; any other
non-200, an HTML body, a truncated page, or an empty page before `totalResults` (retried once, uncached)
is a SourceError naming the URL. More matches than can be paged is reported as a problem.
"""

from __future__ import annotations

import httpx

from ..config import ArxivSourceConfig
from ..errors import SourceError
from ..models import Paper
from .base import SourceResult, Window, checked_parse
from .http import HttpResponse, PoliteHttp
from .merge import merge_papers
from .parse_api import api_error_message
from .result import ParseResult

API_URL = "https://export.arxiv.org/api/query"
PAGE_LIMIT = 2000
TOTAL_LIMIT = 30000


def build_query(categories: list[str], terms: list[str], window: Window | None) -> str:
    """The `search_query` for categories, keyword terms and a submission-date window."""
    parts = []
    if categories:
        parts.append(" OR ".join(f"cat:{category}" for category in categories))
    if terms:
        parts.append(" OR ".join(f'all:"{t}"' if " " in t.strip() else f"all:{t.strip()}" for t in terms))
    if window is not None:
        parts.append(f"submittedDate:[{window.since:%Y%m%d}0000 TO {window.until:%Y%m%d}2359]")
    if not parts:
        raise SourceError("arxiv-api: nothing to ask for", hint="set sources.arxiv.categories or query_terms")
    return " AND ".join(f"({part})" if len(parts) > 1 else part for part in parts)


def _parse_page(response: HttpResponse) -> ParseResult:
    if response.status != 200:
        message = api_error_message(response.body)
        what = f"the arXiv API answered with an error: {message}" if message else f"HTTP {response.status}"
        raise SourceError(f"{response.url}: {what}", hint="check sources.arxiv (categories, query_terms)")
    return checked_parse(response, ("arxiv-api",))


class ArxivApiSource:
    """The arXiv API, paged, for a window (and the configured categories and terms)."""

    name = "arxiv-api"

    def __init__(self, http: PoliteHttp, config: ArxivSourceConfig) -> None:
        self.http = http
        self.config = config

    def fetch(self, window: Window) -> SourceResult:
        query = build_query(self.config.categories, self.config.query_terms, window)
        papers, problems = self.search(query)
        note = f"{len(papers)} papers submitted {window} matching {query}"
        return SourceResult(name=self.name, window=window, papers=papers, covered_until=window.until,
                            notes=[note], problems=problems)

    def search(self, query: str) -> tuple[list[Paper], list[str]]:
        """All papers for a raw search_query, paged; (papers, problems)."""
        page_size = min(self.config.max_results, PAGE_LIMIT)
        limit = min(self.config.max_total, TOTAL_LIMIT)
        papers: list[Paper] = []
        problems: list[str] = []
        start, total = 0, None
        while start < (limit if total is None else min(total, limit)):
            params = {"search_query": query, "start": start, "max_results": page_size,
                      "sortBy": "submittedDate", "sortOrder": "descending"}
            page, total = self._page(params, start)
            papers.extend(page)
            start += page_size
        if total is not None and total > limit:
            problems.append(f"arxiv-api: the query matches {total} papers but only the first {limit} can be "
                            "paged; narrow the window or the terms")
        return merge_papers(papers), problems

    def _page(self, params: dict[str, str | int], start: int) -> tuple[list[Paper], int]:
        """One page: (papers, totalResults); an empty page before the total is retried once."""
        result = self.http.get_parsed(API_URL, params, _parse_page)
        total = result.total_results or 0
        if not result.papers and start < total:
            result = self.http.get_parsed(API_URL, params, _parse_page, refresh=True)
            if not result.papers:
                self.http.forget(str(httpx.URL(API_URL, params=params)))
                raise SourceError(f"{API_URL}?start={start}: empty page although totalResults is {total}",
                                  hint="arXiv's API is having trouble; run again later")
        return result.papers, total

