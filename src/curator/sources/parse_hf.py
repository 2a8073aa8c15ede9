"""Hugging Face papers JSON (`/api/daily_papers`, `/api/papers/search`) -> Papers with community signals.

Contract: `parse_hf(data, origin=, source=, fmt=)` accepts a JSON array of items, each either a daily
item `{paper: {...}, title, numComments, ...}` or a bare paper object, and the `{"papers": [...]}`
wrapper some search clients return; anything else (the `{status, date, count, data}` cache wrapper,
Python-repr text) raises InputError, since the schema is only trusted as a list of objects. All eight
schema generations seen from May 2024 to Aug 2026 are handled by reading every key with a type check:
only `paper.id/title/summary/authors/publishedAt/upvotes` were ever always present. The top-level
`title` is preferred (HF hard-wraps `paper.title` in 2024), hidden authors are skipped, the top-level
`publishedAt` is ignored (since 2025 it is the arXiv time shifted by -4 h), and upvotes, comments,
GitHub repo and stars, project page, AI summary and keywords, the Daily date and the submitter's
username (`submittedOnDailyBy.user`, else `submittedBy.name`) go into `Paper.hf`.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError
from ..ids import parse_arxiv_id
from ..models import HFSignals, Paper
from .normalise import decode_once, parse_datetime
from .result import ParseResult


def load_json(data: bytes, origin: str) -> Any:
    """Decode JSON bytes or raise InputError naming line and column."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{origin}: not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin}:{exc.lineno}: invalid JSON at column {exc.colno} ({exc.msg})",
                         hint="download the file again") from exc


def hf_items(value: Any, origin: str) -> list[Any]:
    """The list of items in a Hugging Face response, or InputError."""
    if isinstance(value, dict) and isinstance(value.get("papers"), list):
        return value["papers"]
    if isinstance(value, list):
        return value
    what = type(value).__name__
    if isinstance(value, dict):
        what = f"a JSON object with keys {', '.join(sorted(map(str, value)))[:80]}"
    raise InputError(f"{origin}: expected a list of Hugging Face paper objects, got {what}",
                     hint="save the raw API response")


def parse_hf(data: bytes, *, origin: str, source: str, fmt: str = "hf-daily") -> ParseResult:
    """Parse a Hugging Face daily_papers or papers/search response."""
    items = hf_items(load_json(data, origin), origin)
    result = ParseResult(format=fmt, origin=origin)
    for index, item in enumerate(items, start=1):
        paper = hf_paper(item, source) if isinstance(item, dict) else None
        if paper is None:
            result.skipped += 1
            result.warnings.append(f"{origin}: item {index} is not a paper object with an id or title; skipped")
        else:
            result.papers.append(paper)
    return result


def hf_paper(item: dict[str, Any], source: str) -> Paper | None:
    """One daily item or bare paper object as a Paper, or None without id and title."""
    paper = item["paper"] if isinstance(item.get("paper"), dict) else item
    parsed = parse_arxiv_id(_str(paper.get("id")))
    arxiv_id, version = parsed if parsed else (None, None)
    title = decode_once(_str(item.get("title")) or _str(paper.get("title")))
    if not arxiv_id and not title:
        return None
    return Paper(
        id=arxiv_id,
        version=version,
        title=title,
        abstract=decode_once(_str(paper.get("summary")) or _str(item.get("summary"))),
        authors=_authors(paper.get("authors")),
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
        published=parse_datetime(_str(paper.get("publishedAt"))),
        sources=[source],
        hf=_signals(item, paper),
    )


def _signals(item: dict[str, Any], paper: dict[str, Any]) -> HFSignals:
    keywords = paper.get("ai_keywords")
    daily = _str(paper.get("submittedOnDailyAt"))
    return HFSignals(
        upvotes=_int(paper.get("upvotes")),
        num_comments=_int(item.get("numComments")),
        github_repo=_str(paper.get("githubRepo")),
        github_stars=_int(paper.get("githubStars")),
        project_page=_str(paper.get("projectPage")),
        ai_summary=decode_once(_str(paper.get("ai_summary"))) or None,
        ai_keywords=[k for k in keywords if isinstance(k, str)] if isinstance(keywords, list) else [],
        daily_date=daily[:10] if daily else None,
        submitted_by=_username(paper.get("submittedOnDailyBy"), "user") or _username(item.get("submittedBy"), "name"),
    )


def _authors(authors: Any) -> list[str]:
    """Visible author names; strings are accepted too (tolerant of search clients)."""
    names: list[str] = []
    for author in authors if isinstance(authors, list) else []:
        if isinstance(author, str):
            names.append(decode_once(author))
        elif isinstance(author, dict) and not author.get("hidden"):
            names.append(decode_once(_str(author.get("name"))))
    return [name for name in names if name]


def _username(user: Any, key: str) -> str | None:
    return _str(user.get(key)) if isinstance(user, dict) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
