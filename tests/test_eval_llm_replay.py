"""The recorded LLM answers for the gold sets replay completely, offline, with their real usage.

The answers were recorded from gemma-3-270m behind llama-cpp-python's server (scripts/llm-server.sh) with
the settings below; bench/eval_all.sh replays them for the README figures. If this fails with "no recorded
LLM answer", the prompt or the request shape changed since the recording: re-record with the command in
bench/eval_all.sh (record mode asks the server only for what is missing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.config import load_config
from curator.evaluate import Setting, build_setting, evaluate, load_gold

RECORDED = Setting(classifier="llm", llm="replay", model="gemma-3-270m", batch_size=4, max_tokens=1024)


@pytest.mark.parametrize("name", ["hf-seeds-003-004"])
def test_the_recorded_llm_answers_replay_the_whole_gold_set(name: str, root: Path, tmp_path: Path) -> None:
    config = load_config(root / "curator.yaml")
    gold = load_gold(root / f"data/gold/{name}.yaml")
    classifier = build_setting(RECORDED, config, gold, tmp_path)
    report = evaluate(gold, config, classifier, setting=RECORDED.label(config))
    assert report.cost.degraded is None, report.cost.degraded
    assert report.cost.requests and report.cost.requests >= report.gold.evaluated / 4
    assert report.cost.tokens_per_paper and report.cost.tokens_per_paper > 100
    assert report.cost.mode == "json_object"
    assert sum(p.classifier == "llm" for p in report.predictions) + report.cost.fallbacks == report.gold.evaluated
    assert report.relevance.recall is not None and report.sections.accuracy is not None
