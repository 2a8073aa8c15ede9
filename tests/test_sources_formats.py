"""Format detection, JSONL input and the one-line errors for unusable inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curator.errors import InputError
from curator.models import HFSignals, Paper
from curator.sources import detect_format, parse_bytes, read_input

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def days_file(realdata: Path, date: str) -> Path:
    return next((realdata / "arxiv-days").glob(f"*{date}.jsonl"))


@pytest.mark.parametrize(
    ("folder", "pattern", "expected"),
    [
        ("arxiv-rss", "*arxiv_cs_ai.xml", "arxiv-rss"),
        ("arxiv-rss", "*truncated.xml", "arxiv-atom"),
        ("arxiv-api/extracted-bodies", "*q_testing_s0_m10_bc5a*", "arxiv-api"),
        ("arxiv-api", "*id_list=1111.2011v2.xml", "arxiv-api"),
        ("hf-daily", "*2025-09-30.json", "hf-daily"),
        ("arxiv-days", "*2026-06-25.jsonl", "jsonl"),
    ],
)
def test_detect_format_from_content(realdata: Path, folder: str, pattern: str, expected: str) -> None:
    path = next((realdata / folder).glob(pattern))
    assert detect_format(path.read_bytes()) == expected


def test_html_error_page_saved_as_feed_is_named_with_its_title(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_input(FIXTURES / "error-page.html")
    message = str(info.value)
    assert "error-page.html: this is an HTML page titled '403 Forbidden - rate limited'" in message
    assert "\n" not in message


def test_html_page_rejected_even_with_an_explicit_format() -> None:
    with pytest.raises(InputError, match="HTML page"):
        read_input(FIXTURES / "error-page.html", fmt="arxiv-rss")


def test_empty_file_is_an_input_error(tmp_path: Path) -> None:
    empty = tmp_path / "feed.xml"
    empty.write_bytes(b"  \n")
    with pytest.raises(InputError, match=r"feed\.xml: empty file"):
        read_input(empty)


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.xml: file not found"):
        read_input(tmp_path / "nope.xml")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_input(tmp_path)


def test_legacy_rss_1_rdf_is_refused() -> None:
    with pytest.raises(InputError, match="legacy arXiv RSS 1.0"):
        read_input(FIXTURES / "legacy-rdf.xml")


def test_unknown_xml_root_is_named(realdata: Path) -> None:
    with pytest.raises(InputError, match="unknown XML document <oai-pmh>"):
        read_input(next((realdata / "arxiv-oai").glob("*.xml")))


def test_recorder_json_wrapper_is_named_not_parsed_as_jsonl(realdata: Path) -> None:
    with pytest.raises(InputError, match=r"multi-line JSON object \(keys: body, status_code, url\)"):
        read_input(next((realdata / "arxiv-api").glob("*id_abc*.json")))


def test_unknown_format_name_is_refused() -> None:
    with pytest.raises(InputError, match="unknown input format 'csv'"):
        parse_bytes(b"{}", fmt="csv", origin="x")


# --- JSONL -----------------------------------------------------------------------------------------


def test_arxiv_days_duplicate_rows_are_merged_by_id(realdata: Path) -> None:
    result = read_input(days_file(realdata, "2025-04-15"))
    assert result.format == "jsonl"
    assert len(result.papers) == 351 and result.duplicates == 732 - 351
    assert len({p.id for p in result.papers}) == 351


def test_arxiv_days_rows_become_papers(realdata: Path) -> None:
    path = days_file(realdata, "2026-06-25")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    papers = read_input(path).papers
    assert len(papers) == 26
    first = papers[0]
    assert first.id == rows[0]["id"] and first.categories == rows[0]["categories"]
    assert first.authors == rows[0]["authors"] and first.pdf_url == rows[0]["pdf"]
    assert first.sources == [f"file:{path.name}"] and "\n" not in first.abstract


def test_arxiv_days_latex_kept_and_null_comment(realdata: Path) -> None:
    papers = read_input(days_file(realdata, "2026-06-25")).papers
    assert any("$" in p.abstract for p in papers)
    assert any(p.comment is None for p in papers) or all(p.comment for p in papers)


def test_paper_json_dump_round_trips(tmp_path: Path) -> None:
    paper = Paper(id="2401.00001", version=2, title="T", authors=["A"], sources=["arxiv-rss", "hf-daily"],
                  hf=HFSignals(upvotes=5, ai_keywords=["x"]))
    path = tmp_path / "fetched.jsonl"
    path.write_text(paper.model_dump_json() + "\n", encoding="utf-8")
    assert read_input(path).papers == [paper]


def test_jsonl_invalid_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "2401.00001", "title": "A"}\n{"id": oops}\n{"title": "C"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"in\.jsonl:2: invalid JSON"):
        read_input(path)


def test_jsonl_cut_off_last_line_marks_truncated(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "2401.00001", "title": "A"}\n{"id": "2401.00002", "tit', encoding="utf-8")
    result = read_input(path)
    assert result.truncated and [p.id for p in result.papers] == ["2401.00001"]
    assert "in.jsonl:2: the last line is cut off" in result.warnings[0]


def test_jsonl_line_without_id_or_title_is_skipped_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "2401.00001", "title": "A"}\n{"summary": "no id"}\n[1, 2]\n', encoding="utf-8")
    result = read_input(path)
    assert [p.id for p in result.papers] == ["2401.00001"] and result.skipped == 2
    assert result.warnings[0].startswith(f"{path}:2:") and result.warnings[1].startswith(f"{path}:3:")


def test_jsonl_versions_keep_the_highest(tmp_path: Path) -> None:
    lines = [{"id": "2401.00001v1", "title": "Old title"}, {"id": "2401.00001v3", "title": "New title"}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    paper = read_input(path).papers[0]
    assert (paper.id, paper.version, paper.title) == ("2401.00001", 3, "New title")
