"""`curator run` end to end: recorded arXiv and Hugging Face responses (served in place through
httpx.MockTransport) -> candidates file, PR body, modified list and state; a second run is a no-op; a
rejection is remembered into the next weeks, except when the paper gains a venue."""

from __future__ import annotations

import functools
import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import curator.commands.run as run_command
import curator.sources.http
from curator.catalog import load_catalog
from curator.classify import build_classifier
from curator.classify.replay import ScriptedCompleter, content_response
from curator.cli import main
from curator.config import Config, load_config
from curator.pipeline import seen_index, triage
from curator.classify.keywords import KeywordClassifier
from curator.review.gather import gather_files
from curator.review.weekly import run_week
from curator.sources import read_input

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "review"
RSS = "arxiv-rss/jmamath-distill__tests__fixtures__arxiv_cs_ai.xml"  # announced Mon 27 Apr 2026
HF = "hf-daily/2404589803-hf-daily-paper-newsletter-chinese__Paper_metadata_download__2025-10-03.json"


def project(tmp_path: Path) -> Path:
    """A copy of the default config, its list and prompt in a temporary folder; returns the config path."""
    for rel in ("curator.yaml", "data/awesome-medical-llm-agent.md", "prompts/classify.v1.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    return tmp_path / "curator.yaml"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file the job may write (the caches aside), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}


class Recorded:
    """A MockTransport handler serving recorded bodies, counting the requests it answers."""

    def __init__(self, realdata: Path, hf_dates: set[str]) -> None:
        self.rss = (realdata / RSS).read_bytes()
        self.hf = (realdata / HF).read_bytes()
        self.hf_dates = hf_dates
        self.urls: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        if request.url.host == "rss.arxiv.org":
            return httpx.Response(200, content=self.rss, headers={"content-type": "application/rss+xml"})
        if request.url.path == "/api/daily_papers":
            date, page = request.url.params.get("date"), request.url.params.get("p", "0")
            body = self.hf if date in self.hf_dates and page == "0" else b"[]"
            return httpx.Response(200, content=body, headers={"content-type": "application/json"})
        return httpx.Response(404, content=b"not recorded")


def wire(monkeypatch: pytest.MonkeyPatch, handler: Recorded, when: datetime) -> None:
    """Route the command's HTTP through the recorded handler and pin its clock; nothing else is faked."""
    monkeypatch.setattr(curator.sources.http, "make_client",
                        lambda: httpx.Client(transport=httpx.MockTransport(handler)))
    monkeypatch.setattr(run_command, "gather_sources", functools.partial(
        run_command.gather_sources, clock=when.timestamp, sleep=lambda seconds: None))


def seed_state(config_path: Path, until: str) -> None:
    state = {"version": 1, "sources": {name: {"since": "2026-04-20", "until": until, "fetched_at": f"{until}T13:00:00Z",
                                              "papers": 0} for name in ("arxiv-rss", "hf-daily")}}
    (config_path.parent / "data" / "state.json").write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")


def expected_keys(config: Config, realdata: Path) -> set[str]:
    """What the keyword classifier proposes from the same recorded inputs (computed, not hard-coded)."""
    papers = [p for rel in (RSS, HF) for p in read_input(realdata / rel).papers]
    report = triage(papers, KeywordClassifier(config), seen_index(load_catalog(config)))
    return {r.paper.key for r in report.results if r.relevant and not r.duplicate_of}


@pytest.mark.realdata
def test_weekly_run_over_recorded_sources_then_no_op_then_remembered_rejection(
    tmp_path: Path, realdata: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config_path = project(tmp_path)
    config = load_config(config_path)
    seed_state(config_path, "2026-04-26")
    list_path = config.path(config.list.path)
    original_list = list_path.read_text(encoding="utf-8")
    expected = expected_keys(config, realdata)
    outputs = tmp_path.parent / f"{tmp_path.name}-github-output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    monday = datetime(2026, 4, 27, 13, 0, tzinfo=timezone.utc)
    handler = Recorded(realdata, {"2026-04-27"})
    wire(monkeypatch, handler, monday)
    args = ["run", "--config", str(config_path), "--classifier", "keywords", "--as-of", "2026-04-27"]

    assert main(args) == 0
    week_path = tmp_path / "candidates" / "2026-W18.yaml"
    week = yaml.safe_load(week_path.read_text(encoding="utf-8"))
    keys = {c["key"] for c in week["candidates"]}
    assert keys == expected and len(keys) >= 4
    assert {"arxiv-rss", "hf-daily"} <= {s for c in week["candidates"] for s in c["sources"]}
    assert any(c.get("hf_upvotes") for c in week["candidates"])
    assert week["runs"][0]["scanned"] == {"arxiv-rss": 3, "hf-daily": 39}
    assert sorted(u.split("?")[0] for u in handler.urls) == [
        "https://huggingface.co/api/daily_papers"] * 2 + ["https://rss.arxiv.org/rss/" + "+".join(
            config.sources.arxiv.categories)]
    new_list = list_path.read_text(encoding="utf-8")
    for candidate in week["candidates"]:
        assert f"https://arxiv.org/abs/{candidate['id']}" in new_list
    assert len(new_list.splitlines()) == len(original_list.splitlines()) + len(keys)
    body = (tmp_path / "candidates" / "2026-W18.pr.md").read_text(encoding="utf-8")
    assert "Scanned 42 papers (arxiv-rss 3, hf-daily 39)" in body and f"proposed {len(keys)}" in body
    state = json.loads((tmp_path / "data" / "state.json").read_text(encoding="utf-8"))
    assert {name: s["until"] for name, s in state["sources"].items()} == {"arxiv-rss": "2026-04-27",
                                                                          "hf-daily": "2026-04-27"}
    assert "changed=true" in outputs.read_text() and f"candidates={len(keys)}" in outputs.read_text()

    # The same job again in the same week: nothing is rewritten, byte for byte.
    before = snapshot(tmp_path)
    capsys.readouterr()
    assert main(args) == 0
    assert snapshot(tmp_path) == before
    assert "written: nothing (no changes)" in capsys.readouterr().err
    assert outputs.read_text().rstrip().endswith("pr_body=" + str(tmp_path / "candidates" / "2026-W18.pr.md"))
    assert "changed=false" in outputs.read_text().split("week=")[-1]

    # The reviewer rejects one paper; apply takes it out of the list; the merge records the decisions.
    rejected = week["candidates"][0]
    week["candidates"][0]["status"] = "rejected"
    week_path.write_text(yaml.safe_dump(week, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["apply", "--config", str(config_path), "--week", "2026-W18"]) == 0
    assert f"abs/{rejected['id']}" not in list_path.read_text(encoding="utf-8")
    assert main(["decide", "--config", str(config_path), "--week", "2026-W18"]) == 0
    memory = yaml.safe_load((tmp_path / "data" / "decisions.yaml").read_text(encoding="utf-8"))["decisions"]
    assert memory[rejected["key"]]["status"] == "rejected"
    assert sum(d["status"] == "accepted" for d in memory.values()) == len(keys) - 1

    # Next week the same papers come again (Hugging Face lists them daily): nothing is proposed.
    next_monday = datetime(2026, 5, 4, 13, 0, tzinfo=timezone.utc)
    handler = Recorded(realdata, {f"2026-05-0{d}" for d in range(1, 5)} | {"2026-04-27", "2026-04-28"})
    wire(monkeypatch, handler, next_monday)
    list_before = list_path.read_bytes()
    capsys.readouterr()
    assert main(["run", "--config", str(config_path), "--classifier", "keywords", "--as-of", "2026-05-04",
                 "--source", "hf-daily"]) == 0
    assert "0 proposed" in capsys.readouterr().err
    assert not (tmp_path / "candidates" / "2026-W19.yaml").exists()
    assert list_path.read_bytes() == list_before
    state = json.loads((tmp_path / "data" / "state.json").read_text(encoding="utf-8"))
    assert state["sources"]["hf-daily"]["until"] == "2026-05-04" and state["sources"]["arxiv-rss"]["until"] == "2026-04-27"


def reject_in(week_path: Path, ids: set[str]) -> None:
    data = yaml.safe_load(week_path.read_text(encoding="utf-8"))
    for candidate in data["candidates"]:
        if candidate["id"] in ids:
            candidate["status"] = "rejected"
    week_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_rejected_paper_returns_only_with_a_new_venue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_path = project(tmp_path)
    base = ["--config", str(config_path)]
    assert main(["run", *base, "--classifier", "keywords", "--as-of", "2026-04-29",
                 "--offline-input", str(FIXTURES / "week-a.jsonl")]) == 0
    week_a = tmp_path / "candidates" / "2026-W18.yaml"
    reject_in(week_a, {"2604.90002", "2604.90003"})
    assert main(["apply", *base, "--week", "2026-W18"]) == 0
    assert main(["decide", *base, "--week", "2026-W18"]) == 0
    list_path = tmp_path / "data" / "awesome-medical-llm-agent.md"
    assert "2604.90001" in list_path.read_text() and "2604.90002" not in list_path.read_text()

    assert main(["run", *base, "--classifier", "keywords", "--as-of", "2026-05-06",
                 "--offline-input", str(FIXTURES / "week-b.jsonl")]) == 0
    week_b = yaml.safe_load((tmp_path / "candidates" / "2026-W19.yaml").read_text(encoding="utf-8"))
    proposed = {c["id"]: c for c in week_b["candidates"]}
    assert set(proposed) == {"2604.90002", "2605.90005"}
    assert proposed["2604.90002"]["reasons"][0] == (
        "reconsidered: rejected in 2026-W18, now has a venue: journal ref 'Proceedings of the ML4H Symposium 2026'")
    assert proposed["2604.90002"]["journal_ref"] == "Proceedings of the ML4H Symposium 2026"
    text = list_path.read_text()
    assert "2604.90002" in text and "2605.90005" in text and "2604.90003" not in text
    body = (tmp_path / "candidates" / "2026-W19.pr.md").read_text(encoding="utf-8")
    assert "↻ reconsidered: rejected in 2026-W18" in body


def llm_answer(request: dict[str, Any]) -> dict[str, Any]:
    """A scripted server: every paper in the batch is a medical LLM paper."""
    ids = [json.loads(line)["id"] for line in request["messages"][1]["content"].splitlines()
           if line.startswith('{"id": ')]
    results = [{"id": i, "category": "medical-llm", "confidence": 0.7, "summary": "A clinical model.",
                "reason": "medical LLM"} for i in ids]
    return content_response(json.dumps({"results": results}),
                            usage={"prompt_tokens": 1000, "completion_tokens": 50, "cached_tokens": 0})


def test_llm_figures_reach_the_candidates_file_and_the_pr_body(tmp_path: Path) -> None:
    config = load_config(project(tmp_path))
    config.llm.cache_dir = str(tmp_path / ".cache" / "llm")
    server = ScriptedCompleter([llm_answer] * 10)
    classifier = build_classifier(config, kind="llm", completer=server)
    now = datetime(2026, 4, 29, 12, 0, tzinfo=timezone.utc)
    result = run_week(config, gather_files([FIXTURES / "week-a.jsonl"]), classifier, now=now)
    assert len(result.added) == 4 and result.written
    run = yaml.safe_load(result.candidates_path.read_text(encoding="utf-8"))["runs"][0]
    assert run["classifier"] == "llm" and run["llm"]["requests"] == len(server.requests) >= 1
    assert run["llm"]["prompt_tokens"] == 1000 * len(server.requests)
    assert f"{len(server.requests)} requests, {1050 * len(server.requests):,} tokens" in result.pr_body


def test_dry_run_writes_nothing_and_prints_the_body(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also the workflow's default: `--classifier auto` with no LLM configured runs the keyword classifier."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    config_path = project(tmp_path)
    before = snapshot(tmp_path)
    assert main(["run", "--config", str(config_path), "--as-of", "2026-04-29",
                 "--offline-input", str(FIXTURES / "week-a.jsonl"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert snapshot(tmp_path) == before
    assert "**curator weekly candidates 2026-W18**" in out and "ClinGuide-Agent" in out
    assert "classifier: keywords (no LLM configured)" in out


@pytest.mark.realdata
def test_prbody_example_over_a_real_recorded_day(tmp_path: Path, realdata: Path) -> None:
    """The closing note's example: a real arXiv day (2026-06-02) through the keyword classifier."""
    day = sorted((realdata / "arxiv-days").glob("*2026-06-02.jsonl"))
    assert day, "the recorded day 2026-06-02 is missing"
    config = load_config(project(tmp_path))
    now = datetime(2026, 6, 2, 12, 0, tzinfo=timezone.utc)
    result = run_week(config, gather_files(day), KeywordClassifier(config), now=now)
    assert result.pr_body and result.added
    assert f"proposed {len(result.added)}" in result.pr_body
    scanned = sum(gather_files(day).scanned.values())
    assert f"Scanned {scanned:,} papers (jsonl {scanned:,})" in result.pr_body


def test_a_broken_candidates_file_stops_the_run_before_any_fetch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config_path = project(tmp_path)
    week = tmp_path / "candidates" / "2026-W18.yaml"
    week.parent.mkdir()
    week.write_text("week: 2026-W18\nlist: l\ncandidates:\n- key: arxiv:2604.1\n  status: acepted\n", encoding="utf-8")

    def no_fetch(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("fetched although the candidates file is broken")

    monkeypatch.setattr(run_command, "gather_sources", no_fetch)
    assert main(["run", "--config", str(config_path), "--as-of", "2026-04-29"]) == 8
    assert f"{week}:5:" in capsys.readouterr().err


LLM_FIXTURES = FIXTURES / "llm"
# "replay" (default, offline) serves the recorded exchanges; "record" re-records them from the server at
# OPENAI_BASE_URL (scripts/llm-server.sh): CURATOR_REVIEW_LLM=record pytest tests/test_review_run.py -k real_llm
LLM_MODE = os.environ.get("CURATOR_REVIEW_LLM", "replay")


def llm_project(tmp_path: Path) -> Path:
    """The frozen config and list the exchanges were recorded with, and the repository's prompt."""
    shutil.copy(LLM_FIXTURES / "config.yaml", tmp_path / "curator.yaml")
    shutil.copy(LLM_FIXTURES / "list.md", tmp_path / "list.md")
    (tmp_path / "prompts").mkdir()
    shutil.copy(ROOT / "prompts" / "classify.v1.md", tmp_path / "prompts" / "classify.v1.md")
    return tmp_path / "curator.yaml"


def test_weekly_loop_with_a_real_llm_server_replayed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two weeks of `curator run` with the LLM classifier, answered by exchanges recorded from a real
    llama.cpp server (gemma 3 270M): whatever the small model said, malformed answers included, the loop
    proposes, applies, renders, re-runs as a no-op and keeps rejections out."""
    config_path = llm_project(tmp_path)
    llm = ["--classifier", "llm", "--llm", LLM_MODE, "--fixtures", str(LLM_FIXTURES / "exchanges")]
    week_a = ["run", "--config", str(config_path), *llm, "--as-of", "2026-04-29",
              "--offline-input", str(FIXTURES / "week-a.jsonl")]
    assert main(week_a) == 0
    path_a = tmp_path / "candidates" / "2026-W18.yaml"
    data = yaml.safe_load(path_a.read_text(encoding="utf-8"))
    run = data["runs"][0]
    assert run["classifier"] == "llm" and run["llm"]["model"] == "gemma-3-270m" and run["llm"]["requests"] >= 1
    assert {c["classifier"] for c in data["candidates"]} <= {"llm", "keywords"}
    assert all(c["section"] in load_config(config_path).section_ids for c in data["candidates"])
    text = (tmp_path / "list.md").read_text(encoding="utf-8")
    assert all(f"abs/{c['id']}" in text for c in data["candidates"])
    body = (tmp_path / "candidates" / "2026-W18.pr.md").read_text(encoding="utf-8")
    assert f"LLM gemma-3-270m: {run['llm']['requests']} requests" in body

    before = snapshot(tmp_path)
    assert main(week_a) == 0
    assert snapshot(tmp_path) == before

    ids = {c["id"] for c in data["candidates"]}
    reject_in(path_a, ids)
    assert main(["apply", "--config", str(config_path), "--week", "2026-W18"]) == 0
    assert main(["decide", "--config", str(config_path), "--week", "2026-W18"]) == 0
    assert (tmp_path / "list.md").read_bytes() == (LLM_FIXTURES / "list.md").read_bytes()

    capsys.readouterr()
    assert main(["run", "--config", str(config_path), *llm, "--as-of", "2026-05-06",
                 "--offline-input", str(FIXTURES / "week-b.jsonl")]) == 0
    path_b = tmp_path / "candidates" / "2026-W19.yaml"
    week_b = yaml.safe_load(path_b.read_text(encoding="utf-8"))["candidates"] if path_b.exists() else []
    for candidate in week_b:
        if candidate["id"] in ids:
            assert candidate["id"] == "2604.90002" and candidate["reasons"][0].startswith("reconsidered:")
    assert "2604.90001" not in {c["id"] for c in week_b} and "2604.90003" not in {c["id"] for c in week_b}
