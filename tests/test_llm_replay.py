"""Record/replay of LLM exchanges, and the fixture set recorded from a real llama.cpp server
(gemma-3-270m, scripts/record_llm_fixtures.py) replayed offline: the proof that the ladder, repair and
fallback work against a real implementation and its real malformed answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import diskcache
import pytest

from curator.classify import build_classifier
from curator.classify.completer import RequestRejected
from curator.classify.keywords import KeywordClassifier
from curator.classify.ladder import Ladder
from curator.classify.llm import LLMClassifier
from curator.classify.replay import ReplayCompleter, ScriptedCompleter
from curator.config import Config, load_config
from curator.errors import LLMError
from curator.models import Paper

ROOT = Path(__file__).resolve().parents[1]
RECORDED = ROOT / "tests/fixtures/llm/gemma-3-270m"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    base = load_config(ROOT / "curator.yaml")
    llm = base.llm.model_copy(update={"cache_dir": str(tmp_path / "cache"), "concurrency": 1})
    return base.model_copy(update={"llm": llm})


PAPERS = [Paper(id="2501.00001", title="A clinical LLM", abstract="We propose a medical LLM for hospitals.")]
ANSWER = json.dumps({"results": [{"id": "2501.00001", "category": "medical-llm", "confidence": 0.7,
                                  "summary": "A medical LLM.", "reason": "clinical LLM"}]})


def test_record_writes_readable_exchanges_without_secrets(config: Config, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-123")
    rejected = RequestRejected(422, "response_format: Input should be 'text' or 'json_object'")
    fake = ScriptedCompleter([rejected, ANSWER])
    clf = build_classifier(config, kind="llm", llm_mode="record", fixtures=tmp_path / "fx", completer=fake)
    clf.classify(PAPERS)
    files = sorted((tmp_path / "fx").glob("*.json"))
    assert [f.name.startswith(("classify.v1_json_object_", "classify.v1_json_schema_")) for f in files] == [True, True]
    for path in files:
        text = path.read_text(encoding="utf-8")
        record = json.loads(text)
        assert path.name.endswith(f"_{record['request_hash'][:12]}.json")
        assert "sk-test-secret" not in text and "authorization" not in text.lower()
        assert text.count("\n") > 10, "indented, for review in a diff"
    assert json.loads(files[1].read_text())["error"]["status"] == 422


def test_replay_serves_recordings_including_the_ladder_probe(config: Config, tmp_path: Path) -> None:
    rejected = RequestRejected(422, "response_format: Input should be 'text' or 'json_object'")
    build_classifier(config, kind="llm", llm_mode="record", fixtures=tmp_path / "fx",
                     completer=ScriptedCompleter([rejected, ANSWER])).classify(PAPERS)
    fresh = config.model_copy(update={"llm": config.llm.model_copy(update={"cache_dir": str(tmp_path / "c2")})})
    clf = build_classifier(fresh, kind="llm", llm_mode="replay", fixtures=tmp_path / "fx")
    [triage] = clf.classify(PAPERS)
    assert triage.classifier == "llm" and triage.category == "medical-llm"
    assert clf.stats.mode == "json_object" and clf.stats.rejected_requests == 1


def test_replay_miss_names_the_request_and_the_record_command(config: Config, tmp_path: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    replay = ReplayCompleter(tmp_path)
    with pytest.raises(LLMError) as miss:
        replay.complete({"model": "m", "messages": [], "curator": {"label": "classify.v1_json_schema_x_1p"}})
    message = str(miss.value)
    assert "no recorded LLM answer for request" in message and "classify.v1_json_schema_x_1p" in message
    assert "--llm record" in message and str(tmp_path) in message and "\n" not in message

    clf = build_classifier(config, kind="llm", llm_mode="replay", fixtures=tmp_path)
    [triage] = clf.classify(PAPERS)
    assert triage.classifier == "keywords" and "no recorded LLM answer" in triage.reasons[0]
    assert sum("LLM unavailable" in r.message for r in caplog.records) == 1


def recorded_run(tmp_path: Path) -> tuple[LLMClassifier, list[Paper], list[Any]]:
    if not (RECORDED / "run.json").exists():
        pytest.skip(f"no recorded fixture set at {RECORDED}")
    config = load_config(RECORDED / "config.yaml")
    config = config.model_copy(update={"llm": config.llm.model_copy(update={"cache_dir": str(tmp_path)})})
    papers = [Paper.model_validate_json(line) for line in (RECORDED / "papers.jsonl").read_text().splitlines()]
    examples = json.loads((RECORDED / "examples.json").read_text(encoding="utf-8"))
    cache = diskcache.Cache(str(tmp_path / "cache"))
    clf = LLMClassifier(config, ReplayCompleter(RECORDED / "exchanges"), fallback=KeywordClassifier(config),
                        examples=examples, cache=cache, ladder=Ladder("replay", config.llm.model, cache))
    return clf, papers, clf.classify(papers)


def test_recorded_real_server_run_replays_offline_with_the_same_figures(tmp_path: Path) -> None:
    clf, papers, results = recorded_run(tmp_path)
    expected = json.loads((RECORDED / "run.json").read_text())["live"]
    stats = clf.stats
    assert stats.degraded is None, "every request of the recorded run is in the fixtures"
    assert len(results) == len(papers) and [t.paper.title for t in results] == [p.title for p in papers]
    assert stats.mode == "json_object", "llama.cpp's server rejects json_schema and takes json_object"
    for field in ("requests", "rejected_requests", "repair_requests", "repaired_papers", "fallbacks",
                  "prompt_tokens", "completion_tokens"):
        assert getattr(stats, field) == expected[field], field
    assert {t.classifier for t in results} <= {"llm", "keywords"}
    assert all(t.reasons[0].startswith("llm failed:") for t in results if t.classifier == "keywords")
    assert all("\n" not in t.summary and "](" not in t.summary for t in results)


def test_recorded_run_rerun_from_cache_makes_zero_requests(tmp_path: Path) -> None:
    clf, papers, first = recorded_run(tmp_path)
    again = LLMClassifier(clf.config, ScriptedCompleter([]), fallback=KeywordClassifier(clf.config),
                          examples=clf.builder.examples, cache=clf.cache,
                          ladder=Ladder("replay", clf.config.llm.model, clf.cache))
    second = again.classify(papers)
    assert again.stats.requests == 0 and again.stats.cache_hits > 0
    assert [t.model_dump() for t in first] == [t.model_dump() for t in second]


def test_recorded_injection_probe_did_not_take_over_the_batch(tmp_path: Path) -> None:
    _, papers, results = recorded_run(tmp_path)
    probe = next(t for t in results if "crafted:injection-probe" in t.paper.sources)
    assert "example.invalid" not in probe.summary and "](" not in probe.summary
    others = [t for t in results if t is not probe]
    assert not all(t.category == "medical-multi-agent" and t.confidence == 1 for t in others)
