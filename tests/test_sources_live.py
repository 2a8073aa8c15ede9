"""Live sources over httpx.MockTransport serving the recorded bodies (read in place) and our fixtures."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import httpx
import pytest

from curator.config import ArxivSourceConfig, HFSourceConfig
from curator.errors import SourceError
from curator.sources.arxiv_api import ArxivApiSource, build_query
from curator.sources.arxiv_rss import ArxivRssSource
from curator.sources.base import Window
from curator.sources.cache import ResponseCache
from curator.sources.hf import HFDailySource, HFSearchSource
from test_sources_support import Recorder, at, json_response, polite, xml

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
WEEKEND = (FIXTURES / "weekend-empty.rss.xml").read_bytes()
ONE_DAY = Window(since=date(2026, 4, 27), until=date(2026, 4, 27))


def api_body(realdata: Path, contains: str) -> bytes:
    return next((realdata / "arxiv-api" / "extracted-bodies").glob(f"*{contains}*")).read_bytes()


def rss_source(recorder: Recorder, clock, **config) -> ArxivRssSource:  # noqa: ANN001
    settings = ArxivSourceConfig(**({"categories": ["cs.AI"]} | config))
    return ArxivRssSource(polite(recorder, clock), settings, clock=clock)


# --- arxiv-rss ----------------------------------------------------------------------------------------


def test_rss_source_fetches_the_combined_category_feed(realdata: Path) -> None:
    feed = next((realdata / "arxiv-rss").glob("*arxiv_cs_ai.xml")).read_bytes()
    recorder = Recorder(lambda request: xml(feed))
    result = rss_source(recorder, at("2026-04-27T14:00:00"), categories=["cs.AI", "cs.MA"]).fetch(ONE_DAY)
    assert str(recorder.requests[0].url) == "https://rss.arxiv.org/rss/cs.AI+cs.MA"
    assert [p.id for p in result.papers] == ["2604.21935", "2604.21936", "2604.21937"]
    assert all(p.sources == ["arxiv-rss"] for p in result.papers)
    assert result.covered_until == date(2026, 4, 27) and not result.problems


def test_rss_weekend_empty_listing_is_normal_and_said_so() -> None:
    result = rss_source(Recorder(lambda r: xml(WEEKEND)), at("2026-05-02T15:00:00")).fetch(
        Window(since=date(2026, 5, 2), until=date(2026, 5, 2)))
    assert result.papers == []
    assert any("arXiv announces nothing at weekends (normal)" in note for note in result.notes)


def test_rss_weekday_empty_listing_is_a_source_problem_not_no_new_papers() -> None:
    weekday = WEEKEND.replace(b"Sat, 02 May 2026", b"Wed, 29 Apr 2026")
    with pytest.raises(SourceError) as info:
        rss_source(Recorder(lambda r: xml(weekday)), at("2026-04-29T15:00:00")).fetch(ONE_DAY)
    expected = "https://rss.arxiv.org/rss/cs.AI: the listing has zero items on a weekday (Wednesday 2026-04-29)"
    assert expected in str(info.value)


def test_rejected_answers_are_not_replayed_from_the_cache(tmp_path: Path) -> None:
    weekday = WEEKEND.replace(b"Sat, 02 May 2026", b"Wed, 29 Apr 2026")
    recorder, clock = Recorder(lambda r: xml(weekday)), at("2026-04-29T15:00:00")
    with ResponseCache(tmp_path / "cache", ttl_seconds=3600) as cache:
        source = ArxivRssSource(polite(recorder, clock, cache=cache), ArxivSourceConfig(categories=["cs.AI"]),
                                clock=clock)
        for _ in range(2):
            with pytest.raises(SourceError, match="zero items on a weekday"):
                source.fetch(ONE_DAY)
    assert len(recorder.requests) == 2, "the empty weekday feed is asked again, never served from the cache"


def test_rss_html_page_with_200_is_a_source_problem_naming_the_url() -> None:
    page = (FIXTURES / "error-page.html").read_bytes()
    with pytest.raises(SourceError, match=r"https://rss\.arxiv\.org/rss/cs\.AI: this is an HTML page titled '403"):
        rss_source(Recorder(lambda r: httpx.Response(200, content=page)), at("2026-04-27T14:00:00")).fetch(ONE_DAY)


def test_rss_error_feed_with_400_is_a_source_problem() -> None:
    body = (FIXTURES / "feed-error.rss.xml").read_bytes()
    with pytest.raises(SourceError, match="Feed error for query: cs.NOPE"):
        rss_source(Recorder(lambda r: xml(body, 400)), at("2026-04-27T14:00:00")).fetch(ONE_DAY)


def test_rss_truncated_body_is_a_source_problem(realdata: Path) -> None:
    feed = next((realdata / "arxiv-rss").glob("*arxiv_cs_ai.xml")).read_bytes()
    with pytest.raises(SourceError, match=r"cs\.AI: the response is cut off \(1 complete entries\)"):
        rss_source(Recorder(lambda r: xml(feed[: len(feed) // 2])), at("2026-04-27T14:00:00")).fetch(ONE_DAY)


def test_rss_keeps_new_and_cross_by_default_replace_is_opt_in() -> None:
    body = (FIXTURES / "listing-quirks.rss.xml").read_bytes()
    clock = at("2026-05-05T14:00:00")
    window = Window(since=date(2026, 5, 5), until=date(2026, 5, 5))
    default = rss_source(Recorder(lambda r: xml(body)), clock).fetch(window)
    assert [p.announce_type for p in default.papers] == ["new", "cross"]
    assert "kept 2 of 4 listed papers (announce types cross, new)" in default.notes
    types = ["new", "cross", "replace", "replace-cross"]
    every = rss_source(Recorder(lambda r: xml(body)), clock, announce_types=types).fetch(window)
    assert len(every.papers) == 4


def test_rss_stale_feed_is_reported(realdata: Path) -> None:
    feed = next((realdata / "arxiv-rss").glob("*arxiv_cs_ai.xml")).read_bytes()
    result = rss_source(Recorder(lambda r: xml(feed)), at("2026-04-29T15:00:00")).fetch(
        Window(since=date(2026, 4, 28), until=date(2026, 4, 29)))
    assert any("the feed is for 2026-04-27 but 2026-04-29 was expected" in p for p in result.problems)
    assert result.covered_until == date(2026, 4, 27)


def test_rss_feed_at_the_2000_limit_is_fetched_per_category() -> None:
    items = "".join(
        f"<item><title>P{i}</title><link>https://arxiv.org/abs/2605.{i:05d}</link>"
        f"<guid>oai:arXiv.org:2605.{i:05d}v1</guid><category>cs.AI</category>"
        f"<arxiv:announce_type>new</arxiv:announce_type></item>" for i in range(2000))
    full = ('<rss xmlns:arxiv="http://arxiv.org/schemas/atom" version="2.0"><channel><title>t</title>'
            f"<pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate>{items}</channel></rss>").encode()
    small = full.replace(items.encode(), items[: items.index("</item>") + 7].encode())

    def route(request: httpx.Request) -> httpx.Response:
        return xml(full if "+" in request.url.path else small)

    recorder = Recorder(route)
    result = rss_source(recorder, at("2026-04-27T14:00:00"), categories=["cs.AI", "cs.CL"]).fetch(ONE_DAY)
    assert [r.url.path for r in recorder.requests] == ["/rss/cs.AI+cs.CL", "/rss/cs.AI", "/rss/cs.CL"]
    assert any("2000-item limit" in note for note in result.notes)
    assert [p.id for p in result.papers] == ["2605.00000"], "the per-category feeds replace the cut combined one"


def test_rss_backfills_missed_days_through_the_api_with_overlap(realdata: Path) -> None:
    feed = next((realdata / "arxiv-rss").glob("*arxiv_cs_ai.xml")).read_bytes()
    page = api_body(realdata, "id_1605.08386")

    def route(request: httpx.Request) -> httpx.Response:
        return xml(feed if request.url.host == "rss.arxiv.org" else page)

    recorder, clock = Recorder(route), at("2026-04-27T14:00:00")
    http = polite(recorder, clock)
    config = ArxivSourceConfig(categories=["cs.AI"], query_terms=["medical", "large language model"])
    source = ArxivRssSource(http, config, clock=clock, backfill=ArxivApiSource(http, config))
    result = source.fetch(Window(since=date(2026, 4, 20), until=date(2026, 4, 27)))
    query = recorder.params(1)["search_query"]
    assert query == ('(cat:cs.AI) AND (all:medical OR all:"large language model") AND '
                     "(submittedDate:[202604170000 TO 202604262359])")
    assert [p.id for p in result.papers] == ["2604.21935", "2604.21936", "2604.21937", "1605.08386"]
    assert result.papers[-1].sources == ["arxiv-api"]
    assert clock.sleeps == [3.0], "the RSS and API requests share the arXiv throttle"


# --- arxiv-api ----------------------------------------------------------------------------------------


def q_testing_route(realdata: Path) -> Recorder:
    pages = {start: api_body(realdata, f"q_testing_s{start}_m10_{tag}")
             for start, tag in [(0, "bc5a"), (10, ""), (20, ""), (30, ""), (40, ""), (50, "")]}

    def route(request: httpx.Request) -> httpx.Response:
        assert request.url.params["max_results"] == "10"
        return xml(pages[int(request.url.params["start"])])

    return Recorder(route)


def test_api_pages_with_start_until_max_total_with_the_throttle_between(realdata: Path) -> None:
    recorder, clock = q_testing_route(realdata), at("2026-04-27T14:00:00")
    source = ArxivApiSource(polite(recorder, clock), ArxivSourceConfig(max_results=10, max_total=60))
    papers, problems = source.search("all:testing")
    assert [int(recorder.params(i)["start"]) for i in range(len(recorder.requests))] == [0, 10, 20, 30, 40, 50]
    assert all(recorder.params(i)["search_query"] == "all:testing" for i in range(6))
    assert clock.sleeps == [3.0] * 5
    assert len(papers) == len({p.id for p in papers}) >= 55
    assert problems == ["arxiv-api: the query matches 214881 papers but only the first 60 can be paged; "
                        "narrow the window or the terms"]


def test_api_overlapping_pages_merge_by_versionless_id(realdata: Path) -> None:
    from curator.sources import merge_papers, parse_bytes

    first = parse_bytes(api_body(realdata, "q_testing_s0_m10_bc5a"), origin="s0").papers
    overlap = parse_bytes(api_body(realdata, "q_testing_s5_m10"), origin="s5").papers
    merged = merge_papers([*first, *overlap])
    assert len(merged) == len({p.id for p in first} | {p.id for p in overlap}) < len(first) + len(overlap)


def test_api_error_feed_with_400_names_arxivs_message(realdata: Path) -> None:
    recorder = Recorder(lambda r: xml(api_body(realdata, "id_abc"), 400))
    source = ArxivApiSource(polite(recorder, at("2026-04-27T14:00:00")), ArxivSourceConfig())
    with pytest.raises(SourceError, match="the arXiv API answered with an error: incorrect id format for abc"):
        source.search("id:abc")


def test_api_empty_result_is_valid_after_one_request(realdata: Path) -> None:
    recorder = Recorder(lambda r: xml(api_body(realdata, "id_0000.0000")))
    source = ArxivApiSource(polite(recorder, at("2026-04-27T14:00:00")), ArxivSourceConfig())
    assert source.search("all:nothing") == ([], [])
    assert len(recorder.requests) == 1


def test_api_empty_page_before_total_is_retried_once_then_fails(realdata: Path) -> None:
    empty_but_total = api_body(realdata, "id_0000.0000").replace(b"totalResults>0<", b"totalResults>500<")
    recorder = Recorder(lambda r: xml(empty_but_total))
    source = ArxivApiSource(polite(recorder, at("2026-04-27T14:00:00")), ArxivSourceConfig())
    with pytest.raises(SourceError, match="empty page although totalResults is 500"):
        source.search("all:x")
    assert len(recorder.requests) == 2


def test_api_window_source_uses_categories_terms_and_submitted_date(realdata: Path) -> None:
    recorder = Recorder(lambda r: xml(api_body(realdata, "id_1707.08567")))
    config = ArxivSourceConfig(categories=["cs.CL", "q-bio.QM"], query_terms=["clinical"])
    result = ArxivApiSource(polite(recorder, at("2026-04-27T14:00:00")), config).fetch(
        Window(since=date(2026, 4, 20), until=date(2026, 4, 26)))
    params = recorder.params(0)
    assert params["search_query"] == ("(cat:cs.CL OR cat:q-bio.QM) AND (all:clinical) AND "
                                      "(submittedDate:[202604200000 TO 202604262359])")
    assert (params["sortBy"], params["sortOrder"], params["max_results"]) == ("submittedDate", "descending", "2000")
    assert [p.id for p in result.papers] == ["1707.08567"] and result.covered_until == date(2026, 4, 26)


def test_build_query_needs_something_to_ask() -> None:
    assert build_query([], ["x"], None) == "all:x"
    with pytest.raises(SourceError, match="nothing to ask for"):
        build_query([], [], None)


# --- hf-daily / hf-search -----------------------------------------------------------------------------


def hf_day(realdata: Path, day: str) -> bytes:
    return next((realdata / "hf-daily").glob(f"*{day}.json")).read_bytes()


def test_hf_daily_asks_each_date_and_keeps_signals(realdata: Path) -> None:
    days = {"2025-10-03": hf_day(realdata, "2025-10-03"), "2025-10-04": b"[]"}
    recorder = Recorder(lambda r: json_response(days[r.url.params["date"]]))
    clock = at("2025-10-04T12:00:00")
    result = HFDailySource(polite(recorder, clock), HFSourceConfig(limit=50), clock=clock).fetch(
        Window(since=date(2025, 10, 3), until=date(2025, 10, 5)))
    assert [r.url.params["date"] for r in recorder.requests] == ["2025-10-03", "2025-10-04"], "no future dates"
    assert recorder.params(0)["limit"] == "50" and recorder.params(0)["p"] == "0"
    assert len(result.papers) == 39 and all(p.hf.daily_date for p in result.papers)
    assert any(p.hf.github_repo for p in result.papers)
    assert any("no Daily Papers on 2025-10-04" in note for note in result.notes)


def test_hf_daily_follows_link_next_until_an_empty_page(realdata: Path) -> None:
    day = json.loads(hf_day(realdata, "2025-09-30"))

    def route(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["p"])
        chunk = day[page * 25:(page + 1) * 25]
        link = {"Link": f'<https://huggingface.co/api/daily_papers?p={page + 1}>; rel="next"'} if chunk else {}
        return json_response(json.dumps(chunk).encode(), headers=link)

    recorder, clock = Recorder(route), at("2025-09-30T20:00:00")
    result = HFDailySource(polite(recorder, clock), HFSourceConfig(limit=25), clock=clock).fetch(
        Window(since=date(2025, 9, 30), until=date(2025, 9, 30)))
    assert [r.url.params["p"] for r in recorder.requests] == ["0", "1", "2"]
    assert len(result.papers) == 50 and result.papers[0].hf.daily_date == "2025-09-30"


def test_hf_daily_html_or_wrapper_is_a_source_problem() -> None:
    clock = at("2025-10-04T12:00:00")
    wrapper = json.dumps({"status": "ok", "data": []}).encode()
    recorder = Recorder(lambda r: json_response(wrapper))
    with pytest.raises(SourceError, match=r"huggingface\.co/api/daily_papers\?date=2025-10-04.*expected hf-daily"):
        HFDailySource(polite(recorder, clock), HFSourceConfig(), clock=clock).fetch(
            Window(since=date(2025, 10, 4), until=date(2025, 10, 4)))


def test_hf_search_queries_and_window_filter() -> None:
    hits = [{"paper": {"id": "2604.00001", "title": "In window", "summary": "s", "authors": [],
                       "publishedAt": "2026-04-22T00:00:00.000Z", "upvotes": 4}},
            {"paper": {"id": "2301.00001", "title": "Too old", "summary": "s", "authors": [],
                       "publishedAt": "2023-01-02T00:00:00.000Z", "upvotes": 40}}]
    recorder = Recorder(lambda r: json_response(json.dumps(hits).encode()))
    source = HFSearchSource(polite(recorder, at("2026-04-27T12:00:00")), HFSourceConfig(), queries=["medical agent"])
    result = source.fetch(Window(since=date(2026, 4, 20), until=date(2026, 4, 27)))
    assert str(recorder.requests[0].url) == "https://huggingface.co/api/papers/search?q=medical+agent"
    assert [p.id for p in result.papers] == ["2604.00001"] and result.papers[0].hf.upvotes == 4
    assert "2 hits for 1 queries, 1 published 2026-04-20..2026-04-27" in result.notes


def test_hf_search_without_queries_says_how_to_configure() -> None:
    source = HFSearchSource(polite(Recorder(lambda r: json_response(b"[]")), at("2026-04-27T12:00:00")),
                            HFSourceConfig())
    with pytest.raises(SourceError, match=re.escape("set sources.hf.search_queries or pass --query")):
        source.fetch(ONE_DAY)
