"""The LLM classifier's logic against a scripted fake server: batching by id, the ladder, repair,
fallback, cache, budget, degradation and sanitising. Offline and fast."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from curator.classify import build_classifier
from curator.classify.completer import RequestFailed, RequestRejected
from curator.classify.replay import ScriptedCompleter, content_response
from curator.config import Config, load_config
from curator.errors import LLMError
from curator.models import Paper

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def config(tmp_path: Path) -> Config:
    base = load_config(ROOT / "curator.yaml")
    llm = base.llm.model_copy(update={"cache_dir": str(tmp_path / "cache"), "batch_size": 3, "concurrency": 1})
    return base.model_copy(update={"llm": llm})


def papers(n: int) -> list[Paper]:
    return [
        Paper(id=f"2501.{i:05d}", title=f"A clinical large language model number {i}",
              abstract="We propose a medical LLM for clinical question answering in hospitals.")
        for i in range(n)
    ]


def ids_in(request: dict[str, Any]) -> list[str]:
    return re.findall(r'^\{"id": "([^"]+)"', request["messages"][1]["content"], flags=re.M)


def verdict(paper_id: str, category: str = "medical-llm", **extra: Any) -> dict[str, Any]:
    return {"id": paper_id, "category": category, "confidence": 0.9, "summary": "A medical LLM.",
            "reason": "clinical LLM", **extra}


def answer_all(request: dict[str, Any]) -> str:
    return json.dumps({"results": [verdict(i) for i in ids_in(request)]})


def classifier(config: Config, replies: list[Any], **kwargs: Any) -> tuple[Any, ScriptedCompleter]:
    fake = ScriptedCompleter(replies)
    return build_classifier(config, kind="llm", completer=fake, **kwargs), fake


def test_batches_of_batch_size_and_every_paper_answered_by_llm(config: Config) -> None:
    clf, fake = classifier(config, [answer_all] * 3)
    results = clf.classify(papers(7))
    assert [len(ids_in(r)) for r in fake.requests] == [3, 3, 1]
    assert [t.classifier for t in results] == ["llm"] * 7
    assert clf.stats.requests == 3 and clf.stats.llm_papers == 7 and clf.stats.fallbacks == 0


def test_answers_are_joined_by_id_not_position(config: Config) -> None:
    def reversed_answer(request: dict[str, Any]) -> str:
        ids = ids_in(request)
        cats = {ids[0]: "survey-benchmark", ids[1]: "none", ids[2]: "medical-multi-agent"}
        return json.dumps({"results": [verdict(i, cats[i]) for i in reversed(ids)]})

    clf, _ = classifier(config, [reversed_answer])
    results = clf.classify(papers(3))
    assert [(t.relevant, t.category) for t in results] == [
        (True, "survey-benchmark"), (False, None), (True, "medical-multi-agent")]


def test_missing_paper_is_repaired_alone_with_the_error(config: Config) -> None:
    def first(request: dict[str, Any]) -> str:
        return json.dumps({"results": [verdict(i) for i in ids_in(request)[:2]]})

    clf, fake = classifier(config, [first, answer_all])
    results = clf.classify(papers(3))
    repair = fake.requests[1]
    assert ids_in(repair) == ["2501.00002"]
    assert "missing from the answer" in repair["messages"][1]["content"]
    assert all(t.classifier == "llm" for t in results)
    assert "llm: answered on repair" in results[2].reasons
    assert clf.stats.repaired_papers == 1 and clf.stats.repair_requests == 1


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (content_response('{"results": [{"id": '), "invalid JSON"),
        (content_response('{"results": [', finish_reason="length"), "truncated"),
        (content_response(None, refusal="I can't help with that."), "refused"),
        (lambda r: json.dumps({"results": [verdict(i, "cardiology") for i in ids_in(r)]}), "category"),
        (lambda r: json.dumps({"results": [verdict(i, confidence=85) for i in ids_in(r)]}), "confidence"),
    ],
    ids=["bad-json", "truncated", "refusal", "unknown-section", "confidence-out-of-range"],
)
def test_invalid_answers_are_repaired_once_then_fall_back_to_keywords(config: Config, bad: Any, expected: str) -> None:
    clf, fake = classifier(config, [bad, bad, bad])
    results = clf.classify(papers(2))
    assert len(results) == 2
    assert all(t.classifier == "keywords" for t in results)
    assert all(t.reasons[0].startswith("llm failed:") and expected in t.reasons[0] for t in results)
    assert all(t.relevant for t in results), "the keyword fallback still judges the papers"
    assert clf.stats.fallbacks == 2
    assert len(fake.requests) <= 3, "one repair (two halves when truncated), never a retry loop"


def test_truncated_batch_is_repaired_in_halves(config: Config) -> None:
    truncated = content_response('{"results": [', finish_reason="length")
    clf, fake = classifier(config, [truncated, answer_all, answer_all])
    results = clf.classify(papers(3))
    assert [len(ids_in(r)) for r in fake.requests] == [3, 2, 1]
    assert all(t.classifier == "llm" for t in results)


def test_ladder_steps_down_once_and_is_remembered_per_server(config: Config) -> None:
    rejected = RequestRejected(422, "response_format.type: Input should be 'text' or 'json_object'")
    clf, fake = classifier(config, [rejected, answer_all, answer_all])
    clf.classify(papers(6))
    formats = [(r["response_format"] or {}).get("type") for r in fake.requests]
    assert formats == ["json_schema", "json_object", "json_object"]
    assert "schema" in fake.requests[1]["response_format"]
    assert clf.stats.mode == "json_object" and clf.stats.rejected_requests == 1

    again, fake2 = classifier(config, [answer_all])
    again.classify(papers(1) + [Paper(title="Another clinical LLM", abstract="A medical LLM.")])
    assert (fake2.requests[0]["response_format"] or {}).get("type") == "json_object"


def test_plain_mode_carries_the_schema_in_the_prompt(config: Config) -> None:
    schema_words = RequestRejected(400, "json_schema is not supported")
    object_words = RequestRejected(400, "unsupported response_format json_object")
    clf, fake = classifier(config, [schema_words, object_words, answer_all])
    results = clf.classify(papers(2))
    assert fake.requests[-1]["response_format"] is None
    assert "validate against this JSON schema" in fake.requests[-1]["messages"][0]["content"]
    assert all(t.classifier == "llm" for t in results)


def test_other_rejections_do_not_step_down(config: Config) -> None:
    too_long = RequestRejected(400, "This model's maximum context length is 8192 tokens")
    clf, fake = classifier(config, [too_long, too_long])
    results = clf.classify(papers(1))
    assert [(r["response_format"] or {}).get("type") for r in fake.requests] == ["json_schema"]
    assert results[0].classifier == "keywords" and "context length" in results[0].reasons[0]


def test_cached_rerun_makes_zero_requests(config: Config) -> None:
    clf, fake = classifier(config, [answer_all] * 2)
    first = clf.classify(papers(5))
    again, fake2 = classifier(config, [])
    second = again.classify(papers(5))
    assert len(fake.requests) == 2 and fake2.requests == []
    assert again.stats.cache_hits == 2 and again.stats.requests == 0
    assert [t.model_dump() for t in first] == [t.model_dump() for t in second]


def test_budget_cap_sends_the_rest_to_keywords(config: Config, caplog: pytest.LogCaptureFixture) -> None:
    clf, fake = classifier(config, [answer_all] * 5, max_requests=1)
    results = clf.classify(papers(7))
    assert len(fake.requests) == 1
    assert [t.classifier for t in results] == ["llm"] * 3 + ["keywords"] * 4
    assert "budget" in results[3].reasons[0]
    assert clf.stats.fallback_reasons == {"budget": 4}
    assert sum("budget spent" in r.message for r in caplog.records) == 1


def test_cost_is_priced_from_the_table_and_capped(config: Config) -> None:
    usage = {"prompt_tokens": 1_000_000, "completion_tokens": 0, "cached_tokens": 500_000}
    reply = lambda r: content_response(answer_all(r), usage=usage)  # noqa: E731
    clf, fake = classifier(config, [reply] * 3, max_cost=0.1)
    clf.classify(papers(9))
    # gpt-4o-mini: 500k fresh at 0.15/M + 500k cached at 0.075/M = 0.1125 per request, over the cap after one.
    assert clf.stats.cost_usd == pytest.approx(0.1125)
    assert len(fake.requests) == 1 and clf.stats.cached_tokens == 500_000


def test_unknown_model_reports_tokens_without_cost(config: Config) -> None:
    other = config.model_copy(update={"llm": config.llm.model_copy(update={"model": "gemma-3-270m"})})
    clf, _ = classifier(other, [answer_all], max_cost=0.01)
    clf.classify(papers(2))
    assert clf.stats.cost_usd is None and clf.stats.prompt_tokens == 100


def test_dead_server_degrades_the_whole_run_with_one_warning(config: Config, caplog: pytest.LogCaptureFixture) -> None:
    dead = LLMError("http://127.0.0.1:9/v1: cannot connect to the LLM server")
    clf, fake = classifier(config, [dead, dead, dead])
    results = clf.classify(papers(7))
    assert len(fake.requests) == 1
    assert all(t.classifier == "keywords" and "unavailable" in t.reasons[0] for t in results)
    assert clf.stats.degraded and clf.stats.fallback_reasons == {"server unavailable": 7}
    assert sum("LLM unavailable" in r.message for r in caplog.records) == 1


def test_failed_request_falls_back_for_that_batch_only(config: Config) -> None:
    clf, fake = classifier(config, [RequestFailed("HTTP 500 after retries"), answer_all])
    results = clf.classify(papers(6))
    assert [t.classifier for t in results] == ["keywords"] * 3 + ["llm"] * 3


def test_summaries_are_sanitised_and_empty_ones_replaced(config: Config) -> None:
    def messy(request: dict[str, Any]) -> str:
        a, b = ids_in(request)
        return json.dumps({"results": [
            verdict(a, summary="A [medical LLM](https://evil.example) <img src=x onerror=alert(1)>\nfor **triage**."),
            verdict(b, summary="   "),
        ]})

    clf, _ = classifier(config, [messy])
    first, second = clf.classify(papers(2))
    assert "](" not in first.summary and "<" not in first.summary and "\n" not in first.summary
    assert "medical LLM" in first.summary and "**" not in first.summary
    assert second.summary, "an empty LLM summary is replaced by the extractive one"


def test_duplicate_ids_in_input_get_distinct_prompt_ids(config: Config) -> None:
    clf, fake = classifier(config, [answer_all])
    same = papers(1) * 2
    results = clf.classify(same)
    assert ids_in(fake.requests[0]) == ["2501.00000", "2501.00000~2"]
    assert len(results) == 2 and all(t.classifier == "llm" for t in results)


def test_concurrent_batches_keep_input_order(config: Config) -> None:
    fast = config.model_copy(update={"llm": config.llm.model_copy(update={"concurrency": 4, "batch_size": 2})})
    clf, fake = classifier(fast, [answer_all] * 10)
    ps = papers(19)
    results = clf.classify(ps)
    assert [t.paper.id for t in results] == [p.id for p in ps]
    assert len(fake.requests) == 10


def test_auto_picks_keywords_without_a_server(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert build_classifier(config).name == "keywords"
    assert build_classifier(config, llm_mode="replay").name == "llm"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert build_classifier(config).name == "llm"
