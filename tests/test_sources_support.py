"""Shared helpers for the live-source tests (no tests here): a fake clock, a routing MockTransport,
a small config. Everything runs offline; nothing sleeps for real.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import httpx

from curator.config import Config, parse_config
from curator.sources.http import PoliteHttp

Handler = Callable[[httpx.Request], httpx.Response]


class FakeClock:
    """Wall clock in epoch seconds that only moves when someone sleeps (or `advance` is called)."""

    def __init__(self, when: datetime) -> None:
        self.now = when.timestamp()
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


def at(text: str) -> FakeClock:
    """A fake clock at an ISO UTC timestamp, e.g. '2026-04-27T12:00:00'."""
    return FakeClock(datetime.fromisoformat(text).replace(tzinfo=timezone.utc))


class Recorder:
    """A MockTransport handler that records requests and answers from a routing function."""

    def __init__(self, route: Handler) -> None:
        self.route = route
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.route(request)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def params(self, index: int) -> dict[str, str]:
        return dict(self.requests[index].url.params)


def polite(recorder: Recorder, clock: FakeClock, **options: object) -> PoliteHttp:
    settings = {"min_interval": 3.0, "max_retries": 4, "cache": None} | options
    return PoliteHttp(recorder.client(), sleep=clock.sleep, clock=clock, **settings)  # type: ignore[arg-type]


def make_config(root: Path, sources_yaml: str = "") -> Config:
    text = f"""
list: {{path: list.md}}
sections:
  - {{id: medical-llm, heading: Medical LLM}}
relevance: {{domain: [medical], topic: [llm]}}
sources:
  state_file: state.json
  cache_dir: cache
{sources_yaml}
"""
    return parse_config(text, source="test.yaml", root=root)


def xml(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, content=body, headers={"content-type": "application/xml", **(headers or {})})


def json_response(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, content=body, headers={"content-type": "application/json", **(headers or {})})
