"""The PR body: summary figures from the week's runs, per-section checklists lowest confidence first,
escaping of paper text, source problems, and the size limit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from curator.config import Config, load_config
from curator.models import Candidate, CandidatesFile
from curator.review.prbody import MAX_CHARS, render_pr_body

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "curator.yaml")


def candidate(n: int, section: str, confidence: float, status: str = "pending", **extra: object) -> Candidate:
    return Candidate(key=f"arxiv:2606.{n:05d}", id=f"2606.{n:05d}", status=status, section=section,
                     summary=f"Summary {n}.", title=f"Paper {n}", url=f"https://arxiv.org/abs/2606.{n:05d}",
                     confidence=confidence, classifier="llm", entry="- x", **extra)


LLM_RUN = {"at": "2026-06-08T06:17:00Z", "classifier": "llm", "papers": 900, "added": 3, "known": 4,
           "scanned": {"arxiv-rss": 800, "hf-daily": 120},
           "llm": {"model": "gpt-4o-mini", "requests": 12, "prompt_tokens": 40000, "completion_tokens": 5000,
                   "cost_usd": 0.009, "fallbacks": 1}}


def week(*candidates: Candidate, runs: list[dict] | None = None) -> CandidatesFile:
    return CandidatesFile(week="2026-W24", list="data/list.md", candidates=list(candidates), runs=runs or [])


def test_summary_line_has_sources_sections_and_llm_figures(config: Config) -> None:
    second = {**LLM_RUN, "scanned": {"hf-daily": 30}, "llm": {**LLM_RUN["llm"], "requests": 3, "cost_usd": 0.001}}
    body = render_pr_body(week(candidate(1, "medical-llm", 0.9), candidate(2, "medical-llm", 0.4),
                               candidate(3, "survey-benchmark", 0.7), candidate(4, "survey-benchmark", 0.2, "rejected"),
                               runs=[LLM_RUN, second]), config, candidates_file="candidates/2026-W24.yaml")
    summary = body.splitlines()[2]
    assert "Scanned 950 papers (arxiv-rss 800, hf-daily 150)" in summary
    assert "8 already known" in summary
    assert "proposed 3 (Medical LLM 2, Medical LLM & Agent Survey & Benchmark 1)" in summary
    assert "LLM gpt-4o-mini: 15 requests, 90,000 tokens, $0.0100, 2 fallbacks" in summary


def test_keyword_runs_say_so_and_unpriced_models_do_not_invent_a_cost(config: Config) -> None:
    keywords = render_pr_body(week(candidate(1, "medical-llm", 0.9), runs=[{"scanned": {"jsonl": 5}}]), config,
                              candidates_file="c.yaml")
    assert "classifier: keywords (no LLM configured)" in keywords
    unpriced = {**LLM_RUN, "llm": {**LLM_RUN["llm"], "cost_usd": None}}
    assert "cost n/a (no price)" in render_pr_body(week(candidate(1, "medical-llm", 0.9), runs=[unpriced]), config,
                                                   candidates_file="c.yaml")


def test_each_section_lists_lowest_confidence_first_with_rejected_last(config: Config) -> None:
    body = render_pr_body(week(candidate(1, "medical-llm", 0.9, "accepted"), candidate(2, "medical-llm", 0.3),
                               candidate(3, "medical-llm", 0.1, "rejected"), candidate(4, "medical-llm", 0.6,
                                                                                      code="https://github.com/o/r",
                                                                                      hf_upvotes=17)),
                          config, candidates_file="c.yaml")
    lines = [line for line in body.splitlines() if line.startswith("- [")]
    assert [line.split("](")[0] for line in lines] == [
        "- [ ] [Paper 2", "- [ ] [Paper 4", "- [x] [Paper 1", "- [ ] ~~[Paper 3"]
    assert "### Medical LLM (4)" in body
    assert "confidence 0.60, llm, code: https://github.com/o/r, 17 HF upvotes" in lines[1]
    assert body.index("### Medical LLM") < body.index("### How to review")


def test_paper_text_cannot_inject_markdown_or_html(config: Config) -> None:
    nasty = candidate(1, "medical-llm", 0.5).model_copy(update={
        "title": "A [click](http://evil) <img src=x> title", "summary": "Line one\nline *two* <script>"})
    body = render_pr_body(week(nasty), config, candidates_file="c.yaml")
    line = next(line for line in body.splitlines() if line.startswith("- ["))
    for raw in (r"<img", r"<script", r"\]\(http://evil\)"):
        assert re.search(r"(?<!\\)" + raw, body) is None, raw
    assert "Line one line \\*two\\* \\<script\\>" in line


def test_reconsidered_papers_say_why(config: Config) -> None:
    again = candidate(1, "medical-llm", 0.5, reasons=["reconsidered: rejected in 2026-W20, now has a venue: DOI 10.1/x"])
    body = render_pr_body(week(again), config, candidates_file="c.yaml")
    assert "↻ reconsidered: rejected in 2026-W20, now has a venue: DOI 10.1/x" in body


def test_source_problems_and_unplaced_candidates_are_shown(config: Config) -> None:
    body = render_pr_body(week(candidate(1, "medical-llm", 0.5)), config, candidates_file="c.yaml",
                          problems=["arxiv-rss: https://rss.arxiv.org/rss/cs.AI: HTTP 503"],
                          unplaced=["c.yaml:9: \"Paper 1\" stays out of the list"])
    assert "> [!WARNING]" in body and "HTTP 503" in body and "> [!IMPORTANT]" in body


def test_how_to_review_names_the_file_the_sections_and_the_commands(config: Config) -> None:
    body = render_pr_body(week(candidate(1, "medical-llm", 0.5)), config, candidates_file="candidates/2026-W24.yaml")
    tail = body[body.index("### How to review"):]
    assert "`candidates/2026-W24.yaml`" in tail and "`curator apply --week 2026-W24`" in tail
    assert all(f"`{section}`" in tail for section in config.section_ids)
    assert "pending` count as accepted" in tail


def test_a_huge_week_stays_under_githubs_limit_and_says_how_many_are_left_out(config: Config) -> None:
    many = [candidate(n, "medical-llm", 0.5).model_copy(update={"summary": "word " * 60}) for n in range(2000)]
    body = render_pr_body(week(*many), config, candidates_file="c.yaml")
    assert len(body) < MAX_CHARS + 2000 < 65536
    assert "more in the candidates file" in body and "### How to review" in body


def test_the_same_file_renders_the_same_body(config: Config) -> None:
    file = week(candidate(1, "medical-llm", 0.5), candidate(2, "survey-benchmark", 0.7), runs=[LLM_RUN])
    assert render_pr_body(file, config, candidates_file="c.yaml") == render_pr_body(
        file.model_copy(deep=True), config, candidates_file="c.yaml")
