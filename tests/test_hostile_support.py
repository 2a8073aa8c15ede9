"""Shared helpers for the hostile-input suite (no tests here): feed builders and an in-process CLI runner.

Every hostile feed is built here from made-up papers, never copied from ../shared/realdata, so each case
shows exactly the one thing that is wrong with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from curator.cli import main

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "curator.yaml"

RSS_HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.CL updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.CL</link>
    <pubDate>{date} 00:00:00 -0400</pubDate>
    <skipDays><day>Saturday</day><day>Sunday</day></skipDays>
"""
RSS_TAIL = "  </channel>\n</rss>\n"
TUESDAY = "Tue, 05 May 2026"
ABSTRACT = "We present a clinical large language model agent that helps physicians triage patients."


def rss_item(number: int, *, announce: str = "new", version: int = 1, title: str | None = None,
             abstract: str = ABSTRACT) -> str:
    """One arXiv RSS 2.0 item for the made-up paper 2605.<number>."""
    ident = f"2605.{number:05d}"
    title = title or f"Clinical LLM Agent Number {number} for Patient Triage"
    return f"""    <item>
      <title>{title}</title>
      <link>https://arxiv.org/abs/{ident}</link>
      <description>arXiv:{ident}v{version} Announce Type: {announce}
Abstract: {abstract}</description>
      <guid isPermaLink="false">oai:arXiv.org:{ident}v{version}</guid>
      <category>cs.CL</category>
      <pubDate>{TUESDAY} 00:00:00 -0400</pubDate>
      <arxiv:announce_type>{announce}</arxiv:announce_type>
      <dc:creator>Ana Author, Bo Author</dc:creator>
    </item>
"""


def rss_feed(items: list[str], *, date: str = TUESDAY) -> str:
    return RSS_HEAD.format(date=date) + "".join(items) + RSS_TAIL


def good_feed(count: int = 5) -> str:
    return rss_feed([rss_item(n) for n in range(1, count + 1)])


def jsonl_row(number: int, **fields: object) -> str:
    row = {"id": f"2605.{number:05d}", "categories": ["cs.CL"], "pdf": f"https://arxiv.org/pdf/2605.{number:05d}",
           "abs": f"https://arxiv.org/abs/2605.{number:05d}", "authors": ["Ana Author"],
           "title": f"Clinical LLM Agent Number {number} for Patient Triage", "comment": None, "summary": ABSTRACT}
    row.update(fields)
    return json.dumps(row, ensure_ascii=False)


@dataclass
class CliRun:
    """What the user sees: the exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    def records(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> CliRun:
    """Run `curator ARGV` in-process, as the user would, and capture what it prints."""
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return CliRun(code, captured.out, captured.err)


def triage_file(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> CliRun:
    """`curator triage --input PATH --classifier keywords --format jsonl` against the project's list."""
    return run_cli(capsys, "triage", "--config", CONFIG, "--input", path, "--classifier", "keywords",
                   "--format", "jsonl", *extra)


def project_copy(root: Path) -> Path:
    """The project's config and list copied into `root` (caches, candidates and state land there too)."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "curator.yaml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    for path in (ROOT / "data").glob("*.md"):
        (root / "data" / path.name).write_bytes(path.read_bytes())
    return root / "curator.yaml"


def fake_server_module():  # noqa: ANN201 (the bench module, imported by path)
    """bench/fake_openai.py: a local OpenAI-compatible server (in a thread) for end-to-end LLM tests."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("fake_openai", ROOT / "bench" / "fake_openai.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
