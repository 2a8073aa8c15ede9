"""Opt-in: triage against a real OpenAI-compatible server on 127.0.0.1 (scripts/llm-server.sh start).

Run with `pytest -m live_llm tests/test_llm_live.py`. Deselected by default (pyproject addopts); skips
when nothing answers at LIVE_LLM_URL (default http://127.0.0.1:8765/v1). Slow: seconds per paper.
"""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest

from curator.classify import build_classifier
from curator.config import Config, load_config
from curator.models import Paper

pytestmark = pytest.mark.live_llm
ROOT = Path(__file__).resolve().parents[1]
URL = os.environ.get("LIVE_LLM_URL", "http://127.0.0.1:8765/v1")
MODEL = os.environ.get("LIVE_LLM_MODEL", "gemma-3-270m")


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Config:
    try:
        urllib.request.urlopen(f"{URL}/models", timeout=3).read()
    except OSError as exc:
        pytest.skip(f"no OpenAI-compatible server at {URL} ({exc}); start one with scripts/llm-server.sh start")
    monkeypatch.setenv("OPENAI_BASE_URL", URL)
    base = load_config(ROOT / "curator.yaml")
    llm = base.llm.model_copy(update={"model": MODEL, "batch_size": 3, "concurrency": 1, "max_tokens": 400,
                                      "timeout_seconds": 600, "cache_dir": str(tmp_path / "cache")})
    return base.model_copy(update={"llm": llm})


def seed_papers(n: int) -> list[Paper]:
    lines = (ROOT / "data/examples/hf-medical-papers.jsonl").read_text(encoding="utf-8").splitlines()
    return [Paper.model_validate(json.loads(line)) for line in lines[:n]]


def test_live_triage_answers_every_paper_and_a_rerun_is_served_from_cache(live: Config) -> None:
    papers = seed_papers(4)
    first = build_classifier(live, kind="llm")
    results = first.classify(papers)
    assert [t.paper.title for t in results] == [p.title for p in papers]
    assert first.stats.degraded is None and first.stats.requests >= 2
    assert first.stats.mode in ("json_schema", "json_object", "plain")
    assert all(t.classifier in ("llm", "keywords") and "\n" not in t.summary for t in results)

    again = build_classifier(live, kind="llm")
    assert [t.model_dump() for t in again.classify(papers)] == [t.model_dump() for t in results]
    assert again.stats.requests == 0 and again.stats.cache_hits >= 1
