"""The polite HTTP layer: one arXiv throttle, bounded retries honouring Retry-After, cache, User-Agent."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from curator import __version__
from curator.errors import SourceError
from curator.sources.cache import ResponseCache
from test_sources_support import Recorder, at, polite

RSS = "https://rss.arxiv.org/rss/cs.AI"
API = "https://export.arxiv.org/api/query"
HF = "https://huggingface.co/api/daily_papers"


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=b"<rss/>")


def test_all_arxiv_hosts_share_one_throttle_of_min_interval() -> None:
    clock, recorder = at("2026-04-27T12:00:00"), Recorder(ok)
    http = polite(recorder, clock)
    http.get(RSS)
    http.get(API, {"search_query": "cat:cs.AI"})
    clock.advance(1.0)
    http.get(RSS + "+cs.CL")
    assert clock.sleeps == [3.0, 2.0]
    assert len(recorder.requests) == 3


def test_other_hosts_do_not_wait_on_the_arxiv_throttle() -> None:
    clock, recorder = at("2026-04-27T12:00:00"), Recorder(ok)
    http = polite(recorder, clock, other_interval=0.5)
    http.get(RSS)
    http.get(HF, {"date": "2026-04-27"})
    http.get(HF, {"date": "2026-04-28"})
    assert clock.sleeps == [0.5]


def test_429_then_success_honours_retry_after_and_the_throttle() -> None:
    answers = iter([httpx.Response(200), httpx.Response(429, headers={"Retry-After": "7"}),
                    httpx.Response(200, content=b"ok")])
    clock, recorder = at("2026-04-27T12:00:00"), Recorder(lambda request: next(answers))
    http = polite(recorder, clock)
    http.get(RSS)  # throttle reference point
    response = http.get(API, {"search_query": "all:x"})
    assert response.status == 200 and response.body == b"ok"
    assert clock.sleeps == [3.0, 7.0], "throttle before the first try, Retry-After before the retry"
    assert http.counters.requests == 3


def test_retry_after_as_http_date() -> None:
    answers = iter([httpx.Response(503, headers={"Retry-After": "Mon, 27 Apr 2026 12:00:20 GMT"}),
                    httpx.Response(200, content=b"ok")])
    clock, recorder = at("2026-04-27T12:00:00"), Recorder(lambda request: next(answers))
    assert polite(recorder, clock).get(API).status == 200
    assert clock.sleeps == [20.0]


def test_persistent_5xx_gives_up_after_bounded_retries_naming_the_url() -> None:
    clock, recorder = at("2026-04-27T12:00:00"), Recorder(lambda request: httpx.Response(503))
    with pytest.raises(SourceError) as info:
        polite(recorder, clock, max_retries=3).get(API, {"search_query": "all:x"})
    assert len(recorder.requests) == 4
    expected = "export.arxiv.org/api/query?search_query=all%3Ax: HTTP 503 Service Unavailable after 4 attempts"
    assert expected in str(info.value)
    assert clock.sleeps == [3.0, 6.0, 12.0], "exponential backoff (it exceeds the 3 s throttle)"


def test_retry_after_beyond_the_budget_fails_at_once() -> None:
    clock = at("2026-04-27T12:00:00")
    recorder = Recorder(lambda r: httpx.Response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(SourceError, match=r"HTTP 429 Too Many Requests, server asks to wait 3600 s \(Retry-After\)"):
        polite(recorder, clock, max_wait=120).get(RSS)
    assert len(recorder.requests) == 1 and clock.sleeps == []


def test_total_wait_is_bounded_even_with_retries_left() -> None:
    clock, recorder = at("2026-04-27T12:00:00"), Recorder(lambda request: httpx.Response(502))
    with pytest.raises(SourceError, match="HTTP 502"):
        polite(recorder, clock, max_retries=10, max_wait=20).get(API)
    assert sum(clock.sleeps) <= 20 and len(recorder.requests) == 3


def test_timeouts_and_connection_errors_are_retried() -> None:
    errors: list[Exception] = [httpx.ReadTimeout("slow"), httpx.ConnectError("refused")]

    def route(request: httpx.Request) -> httpx.Response:
        if errors:
            raise errors.pop(0)
        return httpx.Response(200, content=b"ok")

    clock, recorder = at("2026-04-27T12:00:00"), Recorder(route)
    assert polite(recorder, clock).get(API).body == b"ok"
    assert len(recorder.requests) == 3 and clock.sleeps == [3.0, 6.0]


def test_connection_failure_every_time_is_a_source_error() -> None:
    def route(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known")

    clock = at("2026-04-27T12:00:00")
    with pytest.raises(SourceError, match=r"rss\.arxiv\.org/rss/cs\.AI: connection failed \(ConnectError"):
        polite(Recorder(route), clock, max_retries=2).get(RSS)


def test_client_errors_are_returned_for_the_caller_to_judge() -> None:
    clock, recorder = at("2026-04-27T12:00:00"), Recorder(lambda r: httpx.Response(400, content=b"<feed/>"))
    response = polite(recorder, clock).get(API)
    assert response.status == 400 and len(recorder.requests) == 1


def test_user_agent_names_curator_and_its_version() -> None:
    clock, recorder = at("2026-04-27T12:00:00"), Recorder(ok)
    polite(recorder, clock).get(RSS)
    agent = recorder.requests[0].headers["user-agent"]
    assert agent.startswith(f"curator/{__version__} ") and "https://github.com/curator" in agent


def test_cache_hit_sends_no_request_and_errors_are_not_cached(tmp_path: Path) -> None:
    clock = at("2026-04-27T12:00:00")
    statuses = iter([200, 404])
    recorder = Recorder(lambda r: httpx.Response(next(statuses), content=b"body", headers={"Link": "<x>; rel=next"}))
    with ResponseCache(tmp_path / "cache", ttl_seconds=3600) as cache:
        first = polite(recorder, clock, cache=cache)
        first.get(RSS)
        first.get(HF, {"date": "2026-04-27"})
    with ResponseCache(tmp_path / "cache", ttl_seconds=3600) as cache:
        again = polite(recorder, clock, cache=cache)
        hit = again.get(RSS)
        assert hit.from_cache and hit.body == b"body" and hit.headers["link"] == "<x>; rel=next"
        assert again.counters.requests == 0 and again.counters.cache_hits == 1
        with pytest.raises(StopIteration):
            again.get(HF, {"date": "2026-04-27"})  # the 404 was not cached: it is asked again
