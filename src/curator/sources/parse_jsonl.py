"""JSONL, one paper per line -> Papers: arXiv listing rows and curator's own Paper dumps.

Contract: `parse_jsonl(data, origin=, source=)` reads each non-blank line as a JSON object.
- A line whose keys are all Paper fields (what `curator fetch` writes) is validated as a Paper and
  kept as it is (its `sources` say where it was fetched from; its text is already decoded, so it is
  not decoded again).
- Any other object is read as a listing row with the keys of the daily arXiv dumps (`id`, `categories`,
  `pdf`, `abs`, `authors`, `title`, `comment`, `summary`), tolerant of a string author list, a
  space-separated category string and optional `doi` / `journal_ref` / `published`.
A line that is not JSON raises InputError naming the line, except a broken last line without a final
newline (a cut-off download), which marks the result truncated with a warning. A JSON line that
cannot be a paper is skipped with a warning naming its line; it never drops the others.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..ids import parse_arxiv_id
from ..models import Paper
from .normalise import decode_once, parse_datetime, split_authors, unique
from .result import ParseResult

_PAPER_FIELDS = set(Paper.model_fields)


def parse_jsonl(data: bytes, *, origin: str, source: str) -> ParseResult:
    """Parse JSON Lines bytes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{origin}: not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8") from exc
    result = ParseResult(format="jsonl", origin=origin)
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        value = _load_line(line, number, origin, last=number == len(lines) and not text.endswith("\n"))
        if value is None:
            result.truncated = True
            result.warnings.append(f"{origin}:{number}: the last line is cut off; kept the lines before it")
            continue
        paper, problem = _paper(value, source)
        if paper is None:
            result.skipped += 1
            result.warnings.append(f"{origin}:{number}: {problem}; skipped")
        else:
            result.papers.append(paper)
    return result


def _load_line(line: str, number: int, origin: str, *, last: bool) -> Any:
    """The JSON value of a line; None for a cut-off last line; InputError otherwise."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        if last:
            return None
        raise InputError(f"{origin}:{number}: invalid JSON at column {exc.colno} ({exc.msg})",
                         hint="each line must be one JSON object") from exc


def _paper(value: Any, source: str) -> tuple[Paper | None, str]:
    """(Paper, '') or (None, why not)."""
    if not isinstance(value, dict):
        return None, f"expected a JSON object, got {type(value).__name__}"
    if set(value) <= _PAPER_FIELDS and "title" in value:
        try:
            paper = Paper.model_validate(value)
        except ValidationError as exc:
            error = exc.errors()[0]
            return None, f"not a valid paper ({'.'.join(map(str, error['loc']))}: {error['msg']})"
        return _normalised_dump(paper, source), ""
    return _row(value, source)


def _normalised_dump(paper: Paper, source: str) -> Paper:
    """A Paper line as is, except a versioned or prefixed id is split and missing sources filled."""
    update: dict[str, Any] = {} if paper.sources else {"sources": [source]}
    parsed = parse_arxiv_id(paper.id)
    if paper.id and parsed and parsed[0] != paper.id:
        update["id"] = parsed[0]
        update["version"] = paper.version or parsed[1]
    return paper.model_copy(update=update) if update else paper


def _row(row: dict[str, Any], source: str) -> tuple[Paper | None, str]:
    """A daily-listing row as a Paper."""
    parsed = parse_arxiv_id(_str(row.get("id"))) or parse_arxiv_id(_str(row.get("abs")))
    arxiv_id, version = parsed if parsed else (None, None)
    title = decode_once(_str(row.get("title")))
    if not arxiv_id and not title:
        return None, "no arXiv id and no title"
    return Paper(
        id=arxiv_id,
        version=version,
        title=title,
        abstract=decode_once(_str(row.get("summary")) or _str(row.get("abstract"))),
        authors=_authors(row.get("authors")),
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else _str(row.get("abs")) or _str(row.get("url")),
        pdf_url=_str(row.get("pdf")),
        categories=_categories(row.get("categories")),
        published=parse_datetime(_str(row.get("published"))),
        doi=_str(row.get("doi")),
        journal_ref=decode_once(_str(row.get("journal_ref"))) or None,
        comment=decode_once(_str(row.get("comment"))) or None,
        sources=[source],
    ), ""


def _authors(value: Any) -> list[str]:
    """A list of names, or one comma-separated string."""
    if isinstance(value, str):
        return split_authors(value)
    names = [decode_once(name) for name in value if isinstance(name, str)] if isinstance(value, list) else []
    return [name for name in names if name]


def _categories(value: Any) -> list[str]:
    """A list of categories, or one space-separated string (OAI style); the first is the primary."""
    if isinstance(value, str):
        value = value.split()
    return unique(c.strip() for c in value if isinstance(c, str)) if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
