"""fetch_all across sources, the incremental state, `curator fetch` end to end, and the weekly-run cost."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from curator.cli import main
from curator.config import load_config
from curator.errors import InputError
from curator.sources import read_input
from curator.sources.fetch import fetch_all, fetch_for_triage
from curator.sources.state import FetchState, commit_windows, default_since, load_state, save_state
from test_sources_support import Recorder, at, json_response, make_config, xml

ARXIV_ONLY = """  arxiv: {categories: [math.CO], query_terms: []}
  min_interval_seconds: 3
"""


def api_body(realdata: Path, contains: str) -> bytes:
    return next((realdata / "arxiv-api" / "extracted-bodies").glob(f"*{contains}*")).read_bytes()


def hf_item(arxiv_id: str, upvotes: int) -> dict:
    return {"paper": {"id": arxiv_id, "title": "Made-up HF title", "summary": "Made-up.", "upvotes": upvotes,
                      "authors": [{"name": "A. Person", "hidden": False}], "githubRepo": "https://github.com/x/y",
                      "publishedAt": "2016-05-26T00:00:00.000Z"}, "numComments": 2, "title": "Made-up HF title"}


def mixed_route(realdata: Path) -> Recorder:
    """arXiv API -> one real entry (1605.08386); HF daily -> the same paper plus another, on 2026-04-21 only."""
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.host == "export.arxiv.org":
            return xml(api_body(realdata, "id_1605.08386"))
        if request.url.params.get("date") == "2026-04-21":
            return json_response(json.dumps([hf_item("1605.08386", 12), hf_item("2604.11111", 3)]).encode())
        return json_response(b"[]")
    return Recorder(route)


def test_multi_source_merge_keeps_one_paper_with_the_signals_of_all(realdata: Path, tmp_path: Path) -> None:
    recorder, clock = mixed_route(realdata), at("2026-04-22T12:00:00")
    report = fetch_all(make_config(tmp_path, ARXIV_ONLY), ["arxiv-api", "hf-daily"], date(2026, 4, 20),
                       date(2026, 4, 22), recorder.client(), sleep=clock.sleep, clock=clock, use_cache=False)
    assert report.ok and report.fetched == 3 and report.duplicates == 1
    paper = next(p for p in report.papers if p.id == "1605.08386")
    assert paper.sources == ["arxiv-api", "hf-daily"]
    assert paper.hf.upvotes == 12 and paper.hf.github_repo == "https://github.com/x/y"
    assert paper.categories[0] == "math.CO" and paper.title != "Made-up HF title", "the arXiv record is the base"
    assert [s.requests for s in report.sources] == [1, 3] and report.requests == 4


def test_cache_hit_means_zero_requests_on_a_same_day_rerun(realdata: Path, tmp_path: Path) -> None:
    config = make_config(tmp_path, ARXIV_ONLY)
    first_recorder, clock = mixed_route(realdata), at("2026-04-22T12:00:00")
    args = (config, ["arxiv-api", "hf-daily"], date(2026, 4, 20), date(2026, 4, 22))
    first = fetch_all(*args, first_recorder.client(), sleep=clock.sleep, clock=clock)
    again_recorder = mixed_route(realdata)
    again = fetch_all(*args, again_recorder.client(), sleep=clock.sleep, clock=clock)
    assert again.requests == 0 and again_recorder.requests == [] and again.cache_hits == first.requests
    assert again.papers == first.papers


def test_a_failing_source_is_reported_and_does_not_stop_the_others(realdata: Path, tmp_path: Path) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.host == "export.arxiv.org":
            return xml(api_body(realdata, "id_abc"), 400)
        return json_response(json.dumps([hf_item("2604.11111", 3)]).encode())

    clock = at("2026-04-22T12:00:00")
    report = fetch_all(make_config(tmp_path, ARXIV_ONLY), ["arxiv-api", "hf-daily"], date(2026, 4, 22),
                       date(2026, 4, 22), Recorder(route).client(), sleep=clock.sleep, clock=clock, use_cache=False)
    assert not report.ok
    failed, fine = report.sources
    assert "incorrect id format for abc" in failed.error and fine.ok and [p.id for p in report.papers] == ["2604.11111"]
    state = commit_windows(FetchState(), report)
    assert list(state.sources) == ["hf-daily"], "a failed source keeps its old window"


def test_fetch_for_triage_refuses_a_partial_fetch(realdata: Path, tmp_path: Path) -> None:
    client = Recorder(lambda r: xml(api_body(realdata, "id_abc"), 400)).client()
    with pytest.raises(Exception, match="incorrect id format for abc"):
        fetch_for_triage(make_config(tmp_path, ARXIV_ONLY), ["arxiv-api"], since="2026-04-20", until="2026-04-21",
                         client=client)
    with pytest.raises(InputError, match="--since 'last week' is not a date"):
        fetch_for_triage(make_config(tmp_path), ["arxiv-api"], since="last week", client=client)


def test_state_round_trip_and_default_since(tmp_path: Path, realdata: Path) -> None:
    path = tmp_path / "data" / "state.json"
    assert load_state(path) == FetchState()
    assert default_since(FetchState(), "hf-daily", date(2026, 4, 27)) == date(2026, 4, 20)
    recorder, clock = mixed_route(realdata), at("2026-04-22T12:00:00")
    report = fetch_all(make_config(tmp_path, ARXIV_ONLY), ["hf-daily"], date(2026, 4, 20), date(2026, 4, 22),
                       recorder.client(), sleep=clock.sleep, clock=clock, use_cache=False)
    save_state(path, commit_windows(FetchState(), report))
    state = load_state(path)
    assert state.sources["hf-daily"].until == date(2026, 4, 22) and state.sources["hf-daily"].papers == 2
    assert default_since(state, "hf-daily", date(2026, 4, 29)) == date(2026, 4, 22)
    assert json.loads(path.read_text())["sources"]["hf-daily"]["since"] == "2026-04-20"


def test_since_defaults_to_the_state_window(tmp_path: Path, realdata: Path) -> None:
    config = make_config(tmp_path, ARXIV_ONLY)
    window = {"since": "2026-04-10", "until": "2026-04-21", "fetched_at": "2026-04-21T12:00:00Z"}
    save_state(tmp_path / "state.json", FetchState.model_validate({"sources": {"hf-daily": window}}))
    recorder, clock = mixed_route(realdata), at("2026-04-22T12:00:00")
    report = fetch_all(config, ["hf-daily"], None, None, recorder.client(), sleep=clock.sleep, clock=clock,
                       use_cache=False)
    assert str(report.sources[0].window) == "2026-04-21..2026-04-22"
    assert [r.url.params["date"] for r in recorder.requests] == ["2026-04-21", "2026-04-22"]


def test_corrupt_state_file_is_named_not_reset(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"state\.json: not a valid fetch state"):
        load_state(path)


def test_weekly_run_of_the_default_config_costs_ten_requests(realdata: Path, root: Path) -> None:
    """The figure for the README: a week after the last run, sources.enabled of curator.yaml."""
    feed = next((realdata / "arxiv-rss").glob("*arxiv_cs_ai.xml")).read_bytes()
    day = next((realdata / "hf-daily").glob("*2025-10-03.json")).read_bytes()

    page = api_body(realdata, "q_testing_s0_m100").replace(b">214881<", b">100<")  # a week's matches fit one page
    answers = {"rss.arxiv.org": xml(feed), "export.arxiv.org": xml(page)}

    def route(request: httpx.Request) -> httpx.Response:
        return answers.get(request.url.host) or json_response(day)

    recorder, clock = Recorder(route), at("2026-04-27T14:00:00")
    config = load_config(root / "curator.yaml")
    report = fetch_all(config, config.sources.enabled, None, None, recorder.client(), sleep=clock.sleep,
                       clock=clock, state=FetchState(), use_cache=False)
    hosts = [r.url.host for r in recorder.requests]
    assert hosts.count("rss.arxiv.org") == 1 and hosts.count("export.arxiv.org") == 1
    assert hosts.count("huggingface.co") == 8 and report.requests == 10
    assert report.waited_seconds == pytest.approx(3.0 + 7 * 1.0)
    assert str(recorder.requests[0].url) == "https://rss.arxiv.org/rss/cs.CL+cs.AI+cs.CV+cs.LG+cs.MA+eess.IV+q-bio.QM"


# --- the command line ---------------------------------------------------------------------------------


def write_config(tmp_path: Path) -> Path:
    path = tmp_path / "curator.yaml"
    path.write_text(
        "list: {path: list.md}\nsections:\n  - {id: medical-llm, heading: Medical LLM}\n"
        "relevance: {domain: [medical], topic: [llm]}\n"
        "sources:\n  enabled: [arxiv-api, hf-daily]\n  arxiv: {categories: [math.CO], query_terms: []}\n"
        "  min_interval_seconds: 0\n  state_file: data/state.json\n  cache_dir: cache\n",
        encoding="utf-8")
    return path


def test_curator_fetch_writes_jsonl_that_read_input_reads_back(realdata: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    recorder = mixed_route(realdata)
    monkeypatch.setattr("curator.commands.fetch.make_client", recorder.client)
    out = tmp_path / "fetched.jsonl"
    argv = ["fetch", "--config", str(write_config(tmp_path)), "--since", "2026-04-21", "--until", "2026-04-21",
            "--out", str(out), "--save-state"]
    assert main(argv) == 0
    papers = read_input(out).papers
    assert [p.id for p in papers] == ["1605.08386", "2604.11111"]
    assert papers[0].sources == ["arxiv-api", "hf-daily"] and papers[0].hf.upvotes == 12
    err = capsys.readouterr().err
    assert "GET https://export.arxiv.org/api/query?" in err and "GET https://huggingface.co/api/daily_papers?" in err
    assert "fetched 2 papers to" in err and "2 requests" in err and "1 duplicates merged" in err
    state = load_state(tmp_path / "data" / "state.json")
    assert set(state.sources) == {"arxiv-api", "hf-daily"}
    assert main(argv) == 0 and len(recorder.requests) == 2, "the same-day re-run is served from the cache"


def test_curator_fetch_exits_with_the_source_error_code_when_a_source_fails(
        realdata: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    page = (Path(__file__).parent / "fixtures" / "sources" / "error-page.html").read_bytes()
    monkeypatch.setattr("curator.commands.fetch.make_client",
                        Recorder(lambda r: httpx.Response(200, content=page)).client)
    code = main(["fetch", "--config", str(write_config(tmp_path)), "--source", "hf-daily", "--since", "2026-04-21",
                 "--until", "2026-04-21", "--save-state"])
    err = capsys.readouterr().err
    assert code == 6 and "curator: error: https://huggingface.co/api/daily_papers?date=2026-04-21" in err
    assert "HTML page" in err and not (tmp_path / "data" / "state.json").exists()


def test_curator_fetch_rejects_a_bad_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "--config", str(write_config(tmp_path)), "--since", "yesterday"]) == InputError.exit_code
    assert "--since 'yesterday' is not a date (use YYYY-MM-DD)" in capsys.readouterr().err


def test_curator_triage_source_fetches_and_triages_end_to_end(realdata: Path, root: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    text = (root / "curator.yaml").read_text(encoding="utf-8")
    text = text.replace("path: data/", f"path: {root}/data/", 1).replace(
        "sources:\n", f"sources:\n  state_file: {tmp_path}/state.json\n  cache_dir: {tmp_path}/cache\n", 1)
    config = tmp_path / "curator.yaml"
    config.write_text(text, encoding="utf-8")
    page = api_body(realdata, "q_testing_s0_m100").replace(b">214881<", b">100<")
    recorder = Recorder(lambda r: xml(page))
    monkeypatch.setattr("curator.sources.fetch.make_client", recorder.client)
    code = main(["triage", "--config", str(config), "--source", "arxiv-api", "--since", "2026-04-20",
                 "--until", "2026-04-26", "--format", "jsonl", "--classifier", "keywords"])
    assert code == 0 and len(recorder.requests) == 1
    assert "submittedDate:[202604200000 TO 202604262359]" in recorder.params(0)["search_query"]
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 100 and all(r["sources"] == ["arxiv-api"] for r in records)
