"""The one polite HTTP layer every live source goes through.

Contract: `PoliteHttp(client, ...).get(url, params)` returns an `HttpResponse` (status, headers, body)
for any final answer the caller must judge itself (200, 4xx such as the arXiv API's 400 error feed),
and raises SourceError naming the URL when retrying could not help:
- one throttle per host group, and all of arXiv (export.arxiv.org, rss.arxiv.org) is one group: at least
  `min_interval` seconds between request starts (arXiv's terms: one request every 3 s, one connection).
  Requests are sequential by construction (a synchronous client, no threads);
- a redirect loop or a body that cannot be decoded is a SourceError at once (retrying cannot help);
- retries on 429, 5xx, timeouts and connection errors with exponential backoff, honouring Retry-After
  (seconds or an HTTP date), at most `max_retries` retries and `max_wait` seconds of waiting in total;
  a Retry-After beyond the budget fails at once rather than hammering;
- a descriptive User-Agent naming curator's version and a contact;
- 200 responses cached on disk (`ResponseCache`), so a same-day re-run sends no request at all;
  `get_parsed` drops an answer from the cache again when the caller rejects it (SourceError), so a
  bad answer is asked again next time rather than replayed.
`sleep` and `clock` are injected (seconds, wall clock), so tests check throttling and backoff without
waiting. `progress` receives one line per request (and per cache hit).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TypeVar

import httpx

from .. import __version__
from ..errors import SourceError
from .cache import ResponseCache

T = TypeVar("T")
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
ARXIV_GROUP = "arxiv.org"


@dataclass(frozen=True)
class HttpResponse:
    """A final answer: status, lower-cased headers, body bytes, and whether it came from the cache."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    from_cache: bool = False


@dataclass
class HttpCounters:
    requests: int = 0
    cache_hits: int = 0
    waited: float = 0.0
    last_sent: dict[str, float] = field(default_factory=dict)


def make_client(timeout: float = 30.0) -> httpx.Client:
    """The real client: bounded timeouts (a hung server becomes a retryable timeout), redirects followed."""
    return httpx.Client(timeout=httpx.Timeout(timeout, connect=10.0), follow_redirects=True)


def user_agent(contact: str) -> str:
    return f"curator/{__version__} (paper curation for awesome lists; +{contact})"


class PoliteHttp:
    """Throttled, retrying, caching GETs over an injected httpx.Client."""

    def __init__(self, client: httpx.Client, *, min_interval: float = 3.0, other_interval: float = 1.0,
                 max_retries: int = 4, max_wait: float = 180.0, cache: ResponseCache | None = None,
                 agent: str = user_agent("https://github.com/curator"),
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time,
                 progress: Callable[[str], None] | None = None) -> None:
        self.client, self.cache, self.agent = client, cache, agent
        self.min_interval, self.other_interval = min_interval, other_interval
        self.max_retries, self.max_wait = max_retries, max_wait
        self.sleep, self.clock = sleep, clock
        self.progress = progress or (lambda line: None)
        self.counters = HttpCounters()

    def get(self, url: str, params: Mapping[str, str | int] | None = None, *, refresh: bool = False) -> HttpResponse:
        """GET with cache, throttle and retries; `refresh` skips the cache read (not the write)."""
        full_url = str(httpx.URL(url, params=dict(params or {})))
        cached = None if refresh or self.cache is None else self.cache.get(full_url)
        if cached is not None:
            self.counters.cache_hits += 1
            self.progress(f"cached {full_url}")
            return HttpResponse(full_url, cached["status"], cached["headers"], cached["body"], from_cache=True)
        waited = 0.0
        for attempt in range(self.max_retries + 1):
            response, problem, retry_after = self._attempt(full_url)
            if response is not None:
                return response
            delay = retry_after if retry_after is not None else min(max(self.min_interval, 1.0) * 2**attempt, 60.0)
            if attempt == self.max_retries or waited + delay > self.max_wait:
                raise self._give_up(full_url, problem, attempt + 1, retry_after, waited + delay > self.max_wait)
            self.progress(f"GET {full_url} -> {problem}; retrying in {delay:.0f} s")
            self.sleep(delay)
            waited += delay
            self.counters.waited += delay
        raise AssertionError("unreachable")  # pragma: no cover

    def get_parsed(self, url: str, params: Mapping[str, str | int] | None, parse: Callable[[HttpResponse], T],
                   *, refresh: bool = False) -> T:
        """GET and judge the answer with `parse`; a rejected answer is dropped from the cache."""
        response = self.get(url, params, refresh=refresh)
        try:
            return parse(response)
        except SourceError:
            self.forget(response.url)
            raise

    def forget(self, url: str) -> None:
        """Drop a cached answer that turned out unusable (an empty weekday feed must be asked again)."""
        if self.cache is not None:
            self.cache.delete(url)

    def _attempt(self, url: str) -> tuple[HttpResponse | None, str, float | None]:
        """One throttled request: (final response, '', None) or (None, problem, Retry-After seconds)."""
        self._throttle(url)
        started = self.clock()
        self.counters.requests += 1
        try:
            raw = self.client.get(url, headers={"User-Agent": self.agent})
        except httpx.TimeoutException as exc:
            return None, f"timed out ({type(exc).__name__})", None
        except httpx.TransportError as exc:
            return None, f"connection failed ({type(exc).__name__}: {exc})", None
        except httpx.HTTPError as exc:  # a redirect loop or an undecodable body: asking again cannot help
            raise SourceError(f"{url}: unusable answer ({type(exc).__name__}: {exc})",
                              hint="check the URL; if it worked before, the server is misbehaving: try again later") from exc
        headers = {name.lower(): value for name, value in raw.headers.items()}
        if raw.status_code in RETRY_STATUS:
            return None, f"HTTP {raw.status_code} {raw.reason_phrase}".strip(), self._retry_after(headers)
        body = raw.content
        self.progress(f"GET {url} -> {raw.status_code}, {len(body) / 1024:.0f} KB, {self.clock() - started:.1f} s")
        if raw.status_code == 200 and self.cache is not None:
            self.cache.put(url, raw.status_code, headers, body)
        return HttpResponse(url, raw.status_code, headers, body), "", None

    def _throttle(self, url: str) -> None:
        host = httpx.URL(url).host
        group = ARXIV_GROUP if host == ARXIV_GROUP or host.endswith("." + ARXIV_GROUP) else host
        interval = self.min_interval if group == ARXIV_GROUP else self.other_interval
        last = self.counters.last_sent.get(group)
        if last is not None:
            wait = last + interval - self.clock()
            if wait > 0:
                self.sleep(wait)
                self.counters.waited += wait
        self.counters.last_sent[group] = self.clock()

    def _retry_after(self, headers: Mapping[str, str]) -> float | None:
        value = headers.get("retry-after", "").strip()
        if not value:
            return None
        if value.isdigit():
            return float(value)
        try:
            return max(parsedate_to_datetime(value).timestamp() - self.clock(), 0.0)
        except (TypeError, ValueError, IndexError):
            return None

    def _give_up(self, url: str, problem: str, attempts: int, retry_after: float | None, budget: bool) -> SourceError:
        if budget and retry_after is not None:
            return SourceError(f"{url}: {problem}, server asks to wait {retry_after:.0f} s (Retry-After), more than "
                               f"the {self.max_wait:.0f} s retry budget", hint="try again later")
        return SourceError(f"{url}: {problem} after {attempts} attempt{'s' if attempts > 1 else ''}",
                           hint="the server is unavailable or refusing us; try again later")
