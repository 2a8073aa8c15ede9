"""Hostile HTTP: rate limits, outages, hangs, resets and loops are bounded, and reported the way the user sees them.

Each row drives the real fetch path (`fetch_all` -> `ArxivRssSource` -> `PoliteHttp` -> an httpx client
configured like `make_client`, over `httpx.MockTransport`) with the project's retry settings and a fake
clock, so nothing waits for real. The user-visible outcome is the source's line in the fetch report
(`curator fetch` prints it as `curator: error: ...`), the number of requests sent and the time waited.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import httpx
import pytest

from curator.config import Config, parse_config
from curator.sources.fetch import FetchReport, fetch_all
from test_hostile_support import good_feed

URL = "https://rss.arxiv.org/rss/cs.CL"
DAY = date(2026, 5, 5)
FEED = good_feed(3).encode()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 5, 5, 15, tzinfo=timezone.utc).timestamp()
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def config(root: Path) -> Config:
    text = """
list: {path: list.md}
sections: [{id: medical-llm, heading: Medical LLM}]
relevance: {domain: [clinical], topic: [llm]}
sources: {enabled: [arxiv-rss], state_file: state.json, arxiv: {categories: [cs.CL]}}
"""
    return parse_config(text, source="hostile.yaml", root=root)


Step = httpx.Response | Exception


def scripted(steps: list[Step], last: Step) -> Callable[[httpx.Request], httpx.Response]:
    """Answer with each step in turn, then `last` for ever."""
    queue = list(steps)

    def handler(request: httpx.Request) -> httpx.Response:
        step = queue.pop(0) if queue else last
        if isinstance(step, Exception):
            raise step
        return step

    return handler


def redirect_to_self(request: httpx.Request) -> httpx.Response:
    return httpx.Response(302, headers={"location": str(request.url)})


def broken_gzip(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, stream=httpx.ByteStream(b"not gzip"), headers={"content-encoding": "gzip"})


def fetch(tmp_path: Path, handler: Callable[[httpx.Request], httpx.Response]) -> tuple[FetchReport, int, Clock]:
    requests = 0

    def counting(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        return handler(request)

    clock = Clock()
    client = httpx.Client(transport=httpx.MockTransport(counting), follow_redirects=True, timeout=30.0)
    report = fetch_all(config(tmp_path), ["arxiv-rss"], DAY, DAY, client, sleep=clock.sleep, clock=clock,
                       use_cache=False)
    return report, requests, clock


def ok(body: bytes = FEED) -> httpx.Response:
    return httpx.Response(200, content=body, headers={"content-type": "application/rss+xml"})


@dataclass(frozen=True)
class HttpCase:
    name: str
    handler: Callable[[httpx.Request], httpx.Response]
    error: str | None  # regex of the error the user sees; None: the fetch succeeds
    requests: int
    sleeps: list[float] = field(default_factory=list)


CASES = [
    HttpCase("429 with Retry-After is honoured, then the feed arrives",
             scripted([httpx.Response(429, headers={"Retry-After": "30"})], ok()), None, 2, [30.0]),
    HttpCase("429 asking for an hour fails at once instead of hammering",
             scripted([], httpx.Response(429, headers={"Retry-After": "3600"})),
             rf"{URL}: HTTP 429 Too Many Requests, server asks to wait 3600 s \(Retry-After\)", 1),
    HttpCase("503 for ever gives up after bounded retries naming the URL",
             scripted([], httpx.Response(503)), rf"{URL}: HTTP 503 Service Unavailable after 5 attempts", 5,
             [3.0, 6.0, 12.0, 24.0]),
    HttpCase("a read timeout is retried, then the feed arrives",
             scripted([httpx.ReadTimeout("read timed out")], ok()), None, 2, [3.0]),
    HttpCase("read timeouts every time become one error",
             scripted([], httpx.ReadTimeout("read timed out")), rf"{URL}: timed out \(ReadTimeout\) after 5 attempts",
             5, [3.0, 6.0, 12.0, 24.0]),
    HttpCase("a connection reset is retried, then the feed arrives",
             scripted([httpx.ReadError("[Errno 104] Connection reset by peer")], ok()), None, 2, [3.0]),
    HttpCase("connection resets every time become one error",
             scripted([], httpx.RemoteProtocolError("Server disconnected without sending a response.")),
             rf"{URL}: connection failed \(RemoteProtocolError", 5, [3.0, 6.0, 12.0, 24.0]),
]

# Regressions (D3, fixed in sources/http.py): these used to escape PoliteHttp as tracebacks.
FIXED_CASES = [
    HttpCase("a redirect loop is one error naming the URL (httpx stops after 20 hops)", redirect_to_self,
             rf"{URL}: unusable answer \(TooManyRedirects: Exceeded maximum allowed redirects", 21),
    HttpCase("a body that does not decompress is one error naming the URL", broken_gzip,
             rf"{URL}: unusable answer \(DecodingError: ", 1),
]


@pytest.mark.parametrize("case", [*CASES, *FIXED_CASES], ids=lambda c: c.name)
def test_hostile_http(case: HttpCase, tmp_path: Path) -> None:
    report, requests, clock = fetch(tmp_path, case.handler)
    [source] = report.sources
    if case.error is None:
        assert source.ok, source.error
        assert [p.id for p in report.papers] == ["2605.00001", "2605.00002", "2605.00003"]
    else:
        assert not source.ok and report.papers == []
        assert re.search(case.error, source.error or ""), source.error
        assert "\n" not in (source.error or "")
    assert requests == case.requests
    assert clock.sleeps == case.sleeps
    assert sum(clock.sleeps) <= 180, "bounded by the retry budget"
