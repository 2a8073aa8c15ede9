"""Hostile feeds: what the user sees for broken, odd or malicious listing data, from a file and from the web.

Each case is one row: the bytes, and what the user sees (exit code, the line on stderr, the papers kept).
Files go through `curator triage --input` in-process; live answers go through the real arXiv RSS source
over `httpx.MockTransport` with a fake clock (nothing sleeps, nothing leaves the machine).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import httpx
import pytest

from curator.classify.prompt import paper_record
from curator.config import ArxivSourceConfig
from curator.errors import SourceError
from curator.sources.arxiv_rss import ArxivRssSource
from curator.sources.base import Window
from curator.sources.http import PoliteHttp
from test_hostile_support import good_feed, jsonl_row, rss_feed, rss_item, triage_file

HTML_200 = (b"<!DOCTYPE html><html><head><title>arXiv is temporarily busy</title></head>"
            b"<body><h1>Please try again later</h1></body></html>")


def truncated() -> bytes:
    text = good_feed(5)
    return text[: text.index("Clinical LLM Agent Number 3") + 10].encode()


def latin1_declared_utf8() -> bytes:
    return rss_feed([rss_item(1, title="Clínical LLM Agent für Patient Triage")]).encode("latin-1")


def utf16() -> bytes:
    return good_feed(2).replace("encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16")


def huge_abstract() -> bytes:
    abstract = "We present a clinical LLM agent for patient triage. " + "evidence " * 600_000
    return rss_feed([rss_item(1, abstract=abstract)]).encode()


def duplicates() -> bytes:
    return rss_feed([rss_item(1), rss_item(1), rss_item(2), rss_item(2, version=2), rss_item(1)]).encode()


def replacements() -> bytes:
    return rss_feed([rss_item(n, announce="replace", version=2) for n in (1, 2, 3)]).encode()


@dataclass(frozen=True)
class FileCase:
    """A hostile input file and what `curator triage --input FILE` shows for it."""

    name: str
    data: Callable[[], bytes]
    suffix: str
    code: int
    stderr: str  # a regex the user sees on stderr
    ids: list[str] | None  # the papers in the JSONL output (None: no output expected)


FILE_CASES = [
    FileCase("truncated XML keeps the complete entries and says the rest is lost", truncated, ".xml", 0,
             r"XML ends early .*kept the 2 complete entries.*the rest is lost", ["2605.00001", "2605.00002"]),
    FileCase("an HTML error page saved as a feed is named as one", lambda: HTML_200, ".xml", 4,
             r"this is an HTML page titled 'arXiv is temporarily busy', not a feed", None),
    FileCase("UTF-16 XML is an unknown format, never garbage papers", utf16, ".xml", 4,
             r"unknown input format", None),
    FileCase("a JSONL file in Latin-1 asks to save it as UTF-8", lambda: jsonl_row(1, title="Clínical LLM").encode(
        "latin-1") + b"\n", ".jsonl", 4, r"not UTF-8 text .*save the file as UTF-8", None),
    FileCase("duplicate ids within a feed become one paper each", duplicates, ".xml", 0,
             r"read .*: 2 papers", ["2605.00001", "2605.00002"]),
    FileCase("a file of replacements is triaged like any listing", replacements, ".xml", 0,
             r"read .*: 3 papers", ["2605.00001", "2605.00002", "2605.00003"]),
    FileCase("a weekend listing with zero items is an empty result", lambda: rss_feed([], date="Sat, 02 May 2026")
             .encode(), ".xml", 0, r"read .*: 0 papers", []),
]

# Regressions (D1, D2, fixed in sources/xmlstream.py and parse_listing.py).
FIXED_FILE_CASES = [
    FileCase("XML in another encoding than it declares fails and says so", latin1_declared_utf8, ".xml", 4,
             r"byte 0xed at offset \d+ is not UTF-8, the encoding the XML declaration names.*save it as UTF-8", None),
    FileCase("a weekday listing with zero items is flagged, not reported as no new papers",
             lambda: rss_feed([]).encode(), ".xml", 0,
             r"warning: .*zero items on a weekday \(Tuesday 2026-05-05\).*not 'no new papers'", []),
]


@pytest.mark.parametrize("case", [*FILE_CASES, *FIXED_FILE_CASES], ids=lambda c: c.name)
def test_hostile_feed_file(case: FileCase, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"feed{case.suffix}"
    path.write_bytes(case.data())
    run = triage_file(capsys, path)
    assert run.code == case.code, run.err
    assert re.search(case.stderr, run.err), run.err
    assert "Traceback" not in run.err
    if case.code != 0:
        assert run.err.count("\n") == 1 and str(path) in run.err, "one line naming the file"
    if case.ids is not None:
        assert [record["id"] for record in run.records()] == case.ids


def test_a_5mb_abstract_is_bounded_everywhere_it_goes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.xml"
    path.write_bytes(huge_abstract())
    run = triage_file(capsys, path)
    assert run.code == 0, run.err
    [record] = run.records()
    assert record["relevant"] and len(str(record["summary"]).split()) <= 30
    assert len(run.out) < 5_000, "the 5 MB abstract is not echoed into the output"
    from curator.sources.formats import read_input

    [paper] = read_input(path).papers
    assert len(paper_record(paper.id or "x", paper, 1500)) < 1_800, "the LLM sees at most max_abstract_chars"


# --- the same hostile bytes from the live arXiv RSS source --------------------------------------------


class Clock:
    def __init__(self, when: str) -> None:
        self.now = datetime.fromisoformat(when).replace(tzinfo=timezone.utc).timestamp()
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fetch_rss(body: bytes, *, when: str = "2026-05-05T15:00:00", status: int = 200):  # noqa: ANN201
    clock = Clock(when)
    client = httpx.Client(transport=httpx.MockTransport(
        lambda request: httpx.Response(status, content=body, headers={"content-type": "application/rss+xml"})))
    http = PoliteHttp(client, sleep=clock.sleep, clock=clock, cache=None)
    source = ArxivRssSource(http, ArxivSourceConfig(categories=["cs.CL"]), clock=clock)
    return source.fetch(Window(since=date(2026, 5, 5), until=date(2026, 5, 5)))


URL = "https://rss.arxiv.org/rss/cs.CL"
SOURCE_ERRORS = [
    ("truncated body", truncated(), rf"{URL}: the response is cut off \(2 complete entries\)"),
    ("HTML page with HTTP 200", HTML_200, rf"{URL}: this is an HTML page titled 'arXiv is temporarily busy'"),
    ("zero items on a weekday", rss_feed([]).encode(),
     rf"{URL}: the listing has zero items on a weekday \(Tuesday 2026-05-05\)"),
    ("bytes not in the declared encoding", latin1_declared_utf8(), rf"{URL}: byte 0xed at offset \d+ is not UTF-8"),
]


@pytest.mark.parametrize(("name", "body", "message"), SOURCE_ERRORS, ids=[c[0] for c in SOURCE_ERRORS])
def test_hostile_feed_from_the_source_is_a_source_error_naming_the_url(name: str, body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message) as info:
        fetch_rss(body)
    assert "\n" not in str(info.value)


def test_a_feed_of_only_replacements_is_filtered_and_said_so() -> None:
    result = fetch_rss(replacements())
    assert result.papers == []
    assert any("kept 0 of 3 listed papers" in note for note in result.notes), result.notes


def test_duplicate_ids_in_a_live_feed_merge_to_the_highest_version() -> None:
    result = fetch_rss(duplicates())
    assert [(p.id, p.version) for p in result.papers] == [("2605.00001", 1), ("2605.00002", 2)]
