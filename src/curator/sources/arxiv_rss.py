"""`arxiv-rss`: the daily listing at rss.arxiv.org for the configured categories, backfilled by the API.

Contract: `ArxivRssSource(http, config, clock=, backfill=).fetch(window)`
- asks for one combined feed `rss.arxiv.org/rss/A+B+...` (one request; arXiv lists a paper once even when
  it is in several of the categories). A feed holds at most 2,000 items, so a feed at that limit is fetched
  again per category rather than silently cut;
- keeps the configured announce types (`new`, `cross` by default; `replace`, `replace-cross` opt-in) and
  says how many it filtered;
- an empty feed is normal on an arXiv weekend (the feed's own date, else today, in US-Eastern time) and
  is said so in `notes`; an empty feed on a weekday, an HTML page, an error feed, a truncated body or any
  non-200 is a SourceError with the URL, never "no new papers" (holidays included: the message says so);
- a feed older than the latest announcement day is reported as a problem (stale feeds happen);
- the feed only ever shows the latest announcement, so when the window starts more than a day before it
  (missed runs, the weekly job) the submissions since then in the same categories that match the
  configured `query_terms` (all, when there are none) are fetched through the arXiv API (`backfill`),
  with a 3-day overlap so submissions made after an announcement cut-off are not lost at the seam.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from ..config import ArxivSourceConfig
from ..errors import SourceError
from .arxiv_api import ArxivApiSource, build_query
from .base import SourceResult, Window, checked_parse, eastern_date, epoch_to_utc, is_weekend
from .http import HttpResponse, PoliteHttp
from .merge import merge_papers
from .result import ParseResult

RSS_URL = "https://rss.arxiv.org/rss/"
FEED_LIMIT = 2000
BACKFILL_OVERLAP = timedelta(days=3)


def _parse_feed(response: HttpResponse) -> ParseResult:
    if response.status != 200:
        checked_parse(response, ("arxiv-rss",))  # an error feed or HTML page says more than the status
        raise SourceError(f"{response.url}: HTTP {response.status}", hint="check sources.arxiv.categories")
    return checked_parse(response, ("arxiv-rss",))


class ArxivRssSource:
    """Today's arXiv listing for the configured categories, plus an API backfill for missed days."""

    name = "arxiv-rss"

    def __init__(self, http: PoliteHttp, config: ArxivSourceConfig, *, clock: Callable[[], float],
                 backfill: ArxivApiSource | None = None) -> None:
        self.http, self.config, self.clock, self.backfill = http, config, clock, backfill

    def fetch(self, window: Window) -> SourceResult:
        result = SourceResult(name=self.name, window=window)
        listing = self._listing(result)
        today = eastern_date(epoch_to_utc(self.clock()))
        announced = eastern_date(listing.announce_date) if listing.announce_date else today
        if listing.papers:
            self._check_fresh(announced, today, result)
        else:
            self._accept_empty(announced, result)
        wanted = set(self.config.announce_types)
        kept = [p for p in listing.papers if (p.announce_type or "new") in wanted]
        if len(kept) < len(listing.papers):
            result.notes.append(f"kept {len(kept)} of {len(listing.papers)} listed papers "
                                f"(announce types {', '.join(sorted(wanted))})")
        result.papers = kept
        result.covered_until = min(announced, window.until) if listing.papers else window.until
        if self.backfill is not None and window.since < announced - timedelta(days=1):
            self._backfill(Window(since=window.since - BACKFILL_OVERLAP, until=announced - timedelta(days=1)), result)
        return result

    def feed_url(self, categories: list[str]) -> str:
        return RSS_URL + "+".join(categories)

    def _listing(self, result: SourceResult) -> ParseResult:
        """The combined feed, or every category's feed when the combined one is at the 2,000 limit."""
        categories = self.config.categories
        listing = self._feed(categories)
        if len(listing.papers) + listing.skipped < FEED_LIMIT or len(categories) < 2:
            return listing
        result.notes.append(f"the combined feed hit arXiv's {FEED_LIMIT}-item limit; fetched each category")
        parts = [self._feed([category]) for category in categories]
        listing.papers = merge_papers(p for part in parts for p in part.papers)
        return listing

    def _feed(self, categories: list[str]) -> ParseResult:
        return self.http.get_parsed(self.feed_url(categories), None, _parse_feed)

    def _accept_empty(self, announced: date, result: SourceResult) -> None:
        url = self.feed_url(self.config.categories)
        if is_weekend(announced):
            result.notes.append(f"empty listing for {announced:%A %Y-%m-%d}: arXiv announces nothing at weekends "
                                "(normal)")
            return
        self.http.forget(url)
        raise SourceError(f"{url}: the listing has zero items on a weekday ({announced:%A %Y-%m-%d})",
                          hint="this is a source problem, not 'no new papers': on an arXiv holiday it is expected, "
                               "otherwise run again later")

    def _check_fresh(self, announced: date, today: date, result: SourceResult) -> None:
        expected = today - timedelta(days=max(today.weekday() - 4, 0))
        if announced < expected:
            result.problems.append(f"{self.feed_url(self.config.categories)}: the feed is for {announced} but "
                                   f"{expected} was expected (arXiv may be serving a stale feed)")

    def _backfill(self, window: Window, result: SourceResult) -> None:
        assert self.backfill is not None
        query = build_query(self.config.categories, self.config.query_terms, window)
        papers, problems = self.backfill.search(query)
        result.papers = merge_papers([*result.papers, *papers])
        result.problems.extend(problems)
        result.notes.append(f"backfilled {len(papers)} papers submitted {window} through the arXiv API "
                            f"(the listing only shows the latest announcement)")
