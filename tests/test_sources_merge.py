"""merge_papers: one Paper per identity with the richest fields, and the text helpers on real strings."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from curator.models import HFSignals, Paper
from curator.sources import merge_papers
from curator.sources.normalise import parse_datetime, split_announcement, split_authors

UTC = timezone.utc


def test_versions_merge_keeping_highest_version_text_and_first_position() -> None:
    papers = [
        Paper(id="2401.00001", version=1, title="Old", abstract="old", categories=["cs.CL"], sources=["a"]),
        Paper(id="2402.00002", title="Other"),
        Paper(id="2401.00001", version=2, title="New", categories=["cs.AI", "cs.CL"], sources=["b"]),
    ]
    merged = merge_papers(papers)
    assert [p.id for p in merged] == ["2401.00001", "2402.00002"]
    first = merged[0]
    assert (first.version, first.title, first.abstract) == (2, "New", "old")
    assert first.categories == ["cs.AI", "cs.CL"] and first.sources == ["a", "b"]


def test_arxiv_and_hf_records_combine_signals_and_bibliographic_fields() -> None:
    arxiv = Paper(id="2401.00001", version=1, title="T", authors=["A", "B"], doi="10.1/x",
                  published=datetime(2024, 1, 2, tzinfo=UTC), sources=["arxiv-api"])
    hf = Paper(id="2401.00001", title="T", authors=["A"], published=datetime(2024, 1, 1, tzinfo=UTC),
               sources=["hf-daily"], hf=HFSignals(upvotes=7, github_repo="https://github.com/x/y"))
    merged = merge_papers([hf, arxiv])
    assert len(merged) == 1
    paper = merged[0]
    assert paper.sources == ["hf-daily", "arxiv-api"] and paper.authors == ["A", "B"]
    assert paper.doi == "10.1/x" and paper.hf.upvotes == 7 and paper.version == 1
    assert paper.published == datetime(2024, 1, 1, tzinfo=UTC)


def test_record_without_id_joins_by_normalised_title() -> None:
    with_id = Paper(id="2401.00001", title="Med‑Agents: A Study", sources=["arxiv-rss"])
    without = Paper(title="med-agents: a study", journal_ref="J 1", sources=["file:list"])
    merged = merge_papers([without, with_id])
    assert len(merged) == 1 and merged[0].id == "2401.00001" and merged[0].journal_ref == "J 1"


def test_two_different_ids_with_the_same_title_stay_apart() -> None:
    merged = merge_papers([Paper(id="2401.00001", title="Survey"), Paper(id="2401.00002", title="Survey")])
    assert len(merged) == 2


def test_hf_signals_take_max_counts_and_union_keywords() -> None:
    a = Paper(id="1", title="T", hf=HFSignals(upvotes=3, ai_keywords=["x"], github_stars=None))
    b = Paper(id="1", title="T", hf=HFSignals(upvotes=9, ai_keywords=["y", "x"], github_stars=4))
    assert merge_papers([Paper.model_validate(a.model_dump() | {"id": "2401.00001"}),
                         Paper.model_validate(b.model_dump() | {"id": "2401.00001"})])[0].hf == HFSignals(
        upvotes=9, ai_keywords=["x", "y"], github_stars=4)


# --- text helpers on the real feedparser cache (read in place) ------------------------------------


def cache_entries(realdata: Path) -> list[dict]:
    path = next((realdata / "arxiv-rss").glob("*rss_cache*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    return [entry for feed in data.values() for entry in feed["entries"]]


def test_announcement_prefix_with_space_before_newline_splits_every_cached_entry(realdata: Path) -> None:
    entries = cache_entries(realdata)
    assert len(entries) == 1614
    types = set()
    for entry in entries:
        parsed = split_announcement(entry["summary"])
        assert parsed is not None, entry["summary"][:80]
        arxiv_id, version, kind, abstract = parsed
        assert arxiv_id and version and not abstract.startswith("Abstract")
        types.add(kind)
    assert types == {"new", "cross", "replace", "replace-cross"}


def test_replace_items_carry_years_old_ids_with_new_versions(realdata: Path) -> None:
    parsed = [split_announcement(e["summary"]) for e in cache_entries(realdata)]
    replaced = [p for p in parsed if p[2] == "replace"]
    assert any(p[1] >= 2 and not p[0].startswith("2506") for p in replaced)


def test_affiliations_with_commas_never_split_a_name(realdata: Path) -> None:
    authors = [e["author"] for e in cache_entries(realdata) if "(" in e.get("author", "")]
    assert authors, "the cache has affiliation-bearing author strings"
    for text in authors:
        names = split_authors(text)
        assert names and all("(" not in n and ")" not in n for n in names), text


def test_tex_accents_kept_verbatim_in_names(realdata: Path) -> None:
    texts = [e["author"] for e in cache_entries(realdata) if "\\" in e.get("author", "") and "(" not in e["author"]]
    assert len(texts) >= 100
    assert all(any("\\" in name for name in split_authors(t)) for t in texts)


def test_double_spaces_and_long_author_lists(realdata: Path) -> None:
    entries = cache_entries(realdata)
    doubled = [e["author"] for e in entries if ",  " in e.get("author", "")]
    assert doubled and all(all(n == " ".join(n.split()) and n for n in split_authors(t)) for t in doubled)
    assert max(len(split_authors(e.get("author", ""))) for e in entries) >= 80


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, 27 Apr 2026 00:00:00 -0400", datetime(2026, 4, 27, 4, tzinfo=UTC)),
        ("2025-08-20T00:00:00-04:00", datetime(2025, 8, 20, 4, tzinfo=UTC)),
        ("2026-08-11T00:00:00.000Z", datetime(2026, 8, 11, tzinfo=UTC)),
        ("2025-08-20T04:00:19.866337+00:00", datetime(2025, 8, 20, 4, 0, 19, 866337, tzinfo=UTC)),
        ("2024-01-01T10:00:00", datetime(2024, 1, 1, 10, tzinfo=UTC)),
        ("not a date", None),
    ],
)
def test_timestamps_become_aware_utc(text: str, expected: datetime | None) -> None:
    assert parse_datetime(text) == expected
