"""Running a classifier over a gold set: joining by key, cost figures, skipped sets, comparisons, the CLI."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from curator import cli
from curator.commands import eval as eval_command
from curator.config import load_config
from curator.evaluate import compare, evaluate, load_gold, parse_gold
from curator.models import Paper, Triage

GOLD = """name: tiny
description: four papers
texts: inline
items:
  - {key: 'arxiv:2601.00001', relevant: true, section: medical-llm, title: "Med LLM", abstract: "x"}
  - {key: 'arxiv:2601.00002', relevant: true, section: survey-benchmark, title: "Med Bench", unsure: true}
  - {key: 'title:a paper on soil', relevant: false, title: "A Paper on Soil"}
  - {key: 'title:a paper on rocks', relevant: false, title: "A Paper on Rocks"}
"""


class StandIn:
    """A scripted classifier: decisions by title, results returned in reverse order on purpose."""

    name = "llm"

    def __init__(self, decisions: dict[str, tuple[bool, str | None, float, str]]) -> None:
        self.decisions = decisions
        self.stats: dict[str, Any] = {"requests": 2, "prompt_tokens": 300, "completion_tokens": 100,
                                      "cost_usd": 0.0012, "repaired_papers": 1, "mode": "json_schema"}

    def classify(self, papers: Sequence[Paper]) -> list[Triage]:
        out = []
        for paper in papers:
            relevant, section, confidence, by = self.decisions[paper.title]
            out.append(Triage(paper=paper, relevant=relevant, category=section, confidence=confidence,
                              classifier=by, reasons=[f"{by} said so"]))
        return list(reversed(out))


DECISIONS = {
    "Med LLM": (True, "medical-llm", 0.9, "llm"),
    "Med Bench": (True, "medical-llm", 0.8, "llm"),
    "A Paper on Soil": (True, "medical-llm", 0.6, "keywords"),
    "A Paper on Rocks": (False, None, 0.9, "llm"),
}


@pytest.fixture()
def config(root: Path) -> Any:
    return load_config(root / "curator.yaml")


def test_results_are_joined_by_key_and_every_figure_is_reported(config: Any) -> None:
    report = evaluate(parse_gold(GOLD, "tiny.yaml"), config, StandIn(DECISIONS), setting="stand-in")
    assert [p.key for p in report.predictions] == ["arxiv:2601.00001", "arxiv:2601.00002",
                                                   "title:a paper on soil", "title:a paper on rocks"]
    assert (report.relevance.tp, report.relevance.fp, report.relevance.fn, report.relevance.tn) == (2, 1, 0, 1)
    assert report.sections.accuracy == pytest.approx(0.5)
    assert [p.verdict for p in report.wrong] == ["wrong section", "false positive"]
    assert report.gold.title_only == 3 and report.gold.unsure == 1
    assert (report.cost.requests, report.cost.tokens_per_paper, report.cost.cost_usd) == (2, 100.0, 0.0012)
    assert report.cost.fallbacks == 1 and report.cost.repaired == 1


def test_excluding_unsure_labels_drops_those_papers(config: Any) -> None:
    report = evaluate(parse_gold(GOLD, "tiny.yaml"), config, StandIn(DECISIONS), setting="x", exclude_unsure=True)
    assert report.gold.evaluated == 3 and report.gold.excluded_unsure
    assert report.sections.accuracy == 1.0


def test_a_classifier_that_drops_a_paper_is_an_error_not_a_smaller_set(config: Any) -> None:
    class Dropper(StandIn):
        def classify(self, papers: Sequence[Paper]) -> list[Triage]:
            return super().classify(papers)[1:]

    with pytest.raises(RuntimeError, match="no result for"):
        evaluate(parse_gold(GOLD, "tiny.yaml"), config, Dropper(DECISIONS), setting="x")


def test_a_realdata_set_without_the_recorded_files_is_skipped_with_the_reason(config: Any, tmp_path: Path, root: Path) -> None:
    gold = load_gold(root / "data/gold/arxiv-day-2026-06-02.yaml")
    report = evaluate(gold, config, StandIn({}), setting="x", realdata=tmp_path)
    assert report.unavailable and "recorded texts not found" in report.unavailable
    assert report.predictions == []


@pytest.mark.parametrize("day", ["2026-06-02", "2026-04-21"])
def test_every_paper_of_a_labelled_day_is_in_the_gold_set(day: str, config: Any, realdata: Path, root: Path) -> None:
    gold = load_gold(root / f"data/gold/arxiv-day-{day}.yaml")
    report = evaluate(gold, config, _keywords(config), setting="keywords", realdata=realdata)
    assert report.unavailable is None
    assert (report.gold.skipped, report.gold.unlabelled) == (0, 0)
    assert report.gold.evaluated == len(gold.items) and report.gold.positives >= 20
    assert report.gold.title_only == 0


def _keywords(config: Any) -> Any:
    from curator.classify import build_classifier

    return build_classifier(config, kind="keywords")


def test_compare_lists_changed_decisions_in_each_direction_with_their_effect(config: Any) -> None:
    gold = parse_gold(GOLD, "tiny.yaml")
    a = evaluate(gold, config, StandIn(DECISIONS), setting="A")
    better = dict(DECISIONS, **{"A Paper on Soil": (False, None, 0.7, "llm"),
                                "Med Bench": (True, "survey-benchmark", 0.8, "llm"),
                                "Med LLM": (False, None, 0.6, "llm")})
    b = evaluate(gold, config, StandIn(better), setting="B")
    c = compare(a, b)
    assert [(f.key, f.effect) for f in c.now_not_relevant] == [("arxiv:2601.00001", "broke"), ("title:a paper on soil", "fixed")]
    assert [(f.key, f.a, f.b, f.effect) for f in c.section_changed] == [
        ("arxiv:2601.00002", "medical-llm", "survey-benchmark", "fixed")]
    assert c.now_relevant == []
    precision = next(r for r in c.rows if r.metric == "precision")
    assert (precision.a, precision.b, precision.delta) == pytest.approx((2 / 3, 1.0, 1 / 3))


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    eval_command.register(parser.add_subparsers())
    args = parser.parse_args(["eval", *argv])
    return int(args.func(args))


def test_eval_is_a_registered_command() -> None:
    assert "eval" in cli.COMMAND_MODULES


def test_the_cli_reports_json_and_writes_a_markdown_report(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    markdown = tmp_path / "report.md"
    code = _run_cli(["--config", str(root / "curator.yaml"), "--gold", str(root / "data/gold/hf-seeds-003-004.yaml"),
                     "--json", "--markdown", str(markdown)])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["gold"]["evaluated"] == 120 and report["classifier"] == "keywords"
    assert 0 < report["relevance"]["recall"] <= 1 and report["sections"]["confusion"]
    text = markdown.read_text()
    assert "| section | precision | recall | F1 | gold |" in text and "papers it got wrong" in text


def test_the_cli_compares_two_settings_side_by_side(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "g.yaml"
    gold.write_text(GOLD)
    code = _run_cli(["--config", str(root / "curator.yaml"), "--gold", str(gold), "--compare", "keywords", "keywords"])
    out = capsys.readouterr().out
    assert code == 0
    assert "A = keywords  vs  B = keywords" in out and "now relevant (A: no, B: yes): 0" in out


def test_the_cli_exits_1_when_no_gold_set_could_be_evaluated(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _run_cli(["--config", str(root / "curator.yaml"), "--gold", str(root / "data/gold/arxiv-day-2026-06-02.yaml"),
                     "--realdata", str(tmp_path)])
    assert code == 1
    assert "recorded texts not found" in capsys.readouterr().out


def test_the_decisions_memory_is_evaluated_on_titles_with_the_ids_from_its_keys(config: Any) -> None:
    memory = """version: 1
decisions:
  arxiv:2601.00001: {status: accepted, section: medical-llm, title: "Med LLM", week: W1, decided_at: t}
  title:a paper on rocks: {status: rejected, section: medical-llm, title: "A Paper on Rocks", week: W1, decided_at: t}
"""
    report = evaluate(parse_gold(memory, "decisions.yaml"), config, StandIn(DECISIONS), setting="x")
    assert [(p.key, p.gold_relevant, p.verdict) for p in report.predictions] == [
        ("arxiv:2601.00001", True, "right"), ("title:a paper on rocks", False, "right")]
    assert report.gold.title_only == 2


def test_a_set_with_nothing_to_evaluate_is_skipped_not_scored(config: Any) -> None:
    report = evaluate(parse_gold("version: 1\ndecisions: {}\n", "decisions.yaml"), config, StandIn({}), setting="x")
    assert report.unavailable == "no labelled papers to evaluate"


@pytest.mark.parametrize("mode", ["replay", "record"])
def test_llm_recordings_of_realdata_sets_are_never_made_or_read_inside_the_repository(
    mode: str, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run_cli(["--config", str(root / "curator.yaml"), "--gold", str(root / "data/gold/arxiv-day-2026-04-21.yaml"),
                     "--classifier", "llm", "--llm", mode, "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and "may not be committed" in report["unavailable"]
