"""Hugging Face papers JSON -> Papers with community signals: all eight recorded schema generations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curator.errors import InputError
from curator.sources import detect_format, parse_bytes, read_input

DAYS = ["2024-05-29", "2024-10-10", "2025-03-11", "2025-09-30", "2025-10-03", "2025-11-04", "2026-07-15", "2026-08-12"]
COUNTS = dict(zip(DAYS, [8, 46, 26, 50, 39, 22, 2, 20]))


def day(realdata: Path, date: str) -> Path:
    return next((realdata / "hf-daily").glob(f"*{date}.json"))


@pytest.mark.parametrize("date", DAYS)
def test_every_hf_schema_generation_parses_every_item(realdata: Path, date: str) -> None:
    result = read_input(day(realdata, date))
    raw = json.loads(day(realdata, date).read_text(encoding="utf-8"))
    assert result.format == "hf-daily" and not result.warnings
    assert len(result.papers) == COUNTS[date]
    assert [p.id for p in result.papers] == [item["paper"]["id"] for item in raw]
    for paper in result.papers:
        assert paper.title and paper.abstract and paper.authors and paper.published.tzinfo
        assert paper.hf is not None and paper.hf.upvotes is not None and paper.hf.num_comments is not None
        assert "\n" not in paper.title and "\n" not in paper.abstract


def test_hf_2024_prefers_unwrapped_top_level_title(realdata: Path) -> None:
    raw = json.loads(day(realdata, "2024-05-29").read_text(encoding="utf-8"))
    wrapped = next(i for i, item in enumerate(raw) if "\n" in item["paper"]["title"])
    paper = read_input(day(realdata, "2024-05-29")).papers[wrapped]
    assert paper.title == " ".join(raw[wrapped]["title"].split())


def test_hf_hidden_author_is_skipped(realdata: Path) -> None:
    raw = json.loads(day(realdata, "2025-09-30").read_text(encoding="utf-8"))
    index = next(i for i, item in enumerate(raw) if any(a.get("hidden") for a in item["paper"]["authors"]))
    visible = [a["name"] for a in raw[index]["paper"]["authors"] if not a.get("hidden")]
    paper = read_input(day(realdata, "2025-09-30")).papers[index]
    assert paper.authors == visible and len(paper.authors) == len(raw[index]["paper"]["authors"]) - 1


def test_hf_signals_newest_schema(realdata: Path) -> None:
    paper = read_input(day(realdata, "2026-08-12")).papers[0]
    assert paper.id == "2608.10915"
    assert paper.hf.upvotes == 72 and paper.hf.num_comments == 1
    assert paper.hf.ai_summary.startswith("Combodied Agents integrate")
    assert "Personal World Models" in paper.hf.ai_keywords
    assert paper.hf.daily_date == "2026-08-12"
    assert paper.hf.submitted_by == "lifuguan"
    assert paper.published.isoformat() == "2026-08-11T00:00:00+00:00"


def test_hf_github_repo_stars_and_project_page(realdata: Path) -> None:
    papers = read_input(day(realdata, "2025-10-03")).papers
    with_repo = [p for p in papers if p.hf.github_repo]
    assert with_repo and all(p.hf.github_repo.startswith("https://github.com/") for p in with_repo)
    assert any(p.hf.github_stars is not None for p in with_repo)
    assert any(p.hf.project_page for p in papers)


def test_hf_missing_ai_fields_are_none_not_errors(realdata: Path) -> None:
    papers = read_input(day(realdata, "2025-11-04")).papers
    assert all(p.hf.ai_summary is None and p.hf.ai_keywords == [] for p in papers)


def test_hf_oldest_schema_has_no_submitter_and_no_daily_date(realdata: Path) -> None:
    paper = read_input(day(realdata, "2024-05-29")).papers[0]
    assert paper.hf.submitted_by is None and paper.hf.daily_date is None and paper.hf.github_repo is None


def test_hf_submitted_by_name_used_when_no_daily_submitter(realdata: Path) -> None:
    raw = json.loads(day(realdata, "2024-10-10").read_text(encoding="utf-8"))
    index = next(i for i, item in enumerate(raw) if item.get("submittedBy"))
    assert read_input(day(realdata, "2024-10-10")).papers[index].hf.submitted_by == raw[index]["submittedBy"]["name"]


def test_hf_non_ascii_titles_stay_unicode(realdata: Path) -> None:
    titles = [p.title for date in DAYS for p in read_input(day(realdata, date)).papers]
    assert any(any(ord(ch) > 127 for ch in title) for title in titles)


def test_hf_empty_day_is_valid_empty_result() -> None:
    result = parse_bytes(b"[]", origin="daily_papers?date=2026-05-02")
    assert result.format == "hf-daily" and result.papers == []


def test_hf_search_shapes_are_tolerated() -> None:
    bare = [{"id": "2401.00001", "title": "A Search Hit", "summary": "S.", "authors": [{"name": "A B"}], "upvotes": 3}]
    wrapped = {"papers": [{"paper": bare[0], "title": "A Search Hit"}]}
    for data in (json.dumps(bare).encode(), json.dumps(wrapped).encode()):
        result = parse_bytes(data, origin="search")
        assert result.format == "hf-search"
        assert result.papers[0].id == "2401.00001" and result.papers[0].hf.upvotes == 3
    assert detect_format(json.dumps([{"paper": bare[0]}]).encode()) == "hf-daily"


def test_hf_cache_wrapper_object_is_rejected() -> None:
    data = json.dumps({"status": "ok", "date": "2024-12-01", "count": 1, "data": []}, indent=2).encode()
    with pytest.raises(InputError, match="one multi-line JSON object"):
        parse_bytes(data, origin="cache.json")


def test_hf_python_repr_cache_is_invalid_json_with_line() -> None:
    with pytest.raises(InputError, match=r"cache\.json:1: invalid JSON"):
        parse_bytes(b"[{'paper': {'id': '2401.00001'}}]", origin="cache.json")


def test_hf_item_that_is_not_an_object_is_skipped_with_warning_others_kept() -> None:
    data = json.dumps([{"paper": {"id": "2401.00001", "title": "Kept"}}, "junk"]).encode()
    result = parse_bytes(data, origin="mixed.json")
    assert [p.title for p in result.papers] == ["Kept"] and result.skipped == 1
    assert "mixed.json: item 2" in result.warnings[0]


def test_hf_top_level_published_at_shifted_four_hours_is_ignored(realdata: Path) -> None:
    raw = json.loads(day(realdata, "2026-08-12").read_text(encoding="utf-8"))
    paper = read_input(day(realdata, "2026-08-12")).papers[0]
    assert raw[0]["publishedAt"].startswith("2026-08-10T20:00")
    assert paper.published.isoformat() == "2026-08-11T00:00:00+00:00", "paper.publishedAt is the arXiv date"


def test_hf_daily_date_is_the_list_date_not_the_arxiv_date(realdata: Path) -> None:
    papers = read_input(day(realdata, "2025-11-04")).papers
    assert all(p.hf.daily_date == "2025-11-04" for p in papers)
    assert all(p.published.date().isoformat() < "2025-11-04" for p in papers)
