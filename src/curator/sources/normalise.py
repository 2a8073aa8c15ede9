"""Text helpers shared by the input parsers: authors, the listing-feed abstract prefix, dates.

Contract:
- `split_authors(text)` splits arXiv's one-string author field (`dc:creator`) at commas that are at
  parenthesis depth 0, so affiliations such as `(Dept. of CS, Univ. of Helsinki, Finland)` never split
  a name; the trailing parenthesised affiliation is dropped (Paper.authors holds names), TeX accents such
  as `Andr\\'e` are kept verbatim, and empty names left by arXiv's double spaces are skipped.
- `split_announcement(text)` splits `arXiv:<id>v<n> Announce Type: <type> \\nAbstract: <text>` with
  whitespace-tolerant matching (feeds, caches and re-serialisers disagree on the space and newline).
- `parse_datetime(text)` accepts ISO 8601 (`Z`, offsets, microseconds) and RFC 822 and returns an aware
  UTC datetime; a naive timestamp is taken as UTC; None when it cannot be read.
- `clean_text(text)` collapses whitespace (hard-wrapped legacy titles and abstracts); it never decodes
  entities, because XML text is decoded by the parser exactly once. JSON sources call `decode_once`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from ..ids import collapse_whitespace, parse_arxiv_id

_ANNOUNCEMENT = re.compile(
    r"^\s*arXiv:(?P<id>\S+?)\s+Announce\s+Type:\s*(?P<type>\S+)\s*Abstract:\s*(?P<abstract>.*)$",
    re.DOTALL,
)
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")


def clean_text(text: str | None) -> str:
    """Whitespace-collapsed text; '' for None."""
    return collapse_whitespace(text) if text else ""


def decode_once(text: str | None) -> str:
    """Decode HTML entities once (JSON sources carry raw text) and collapse whitespace."""
    return clean_text(html.unescape(text)) if text else ""


def split_authors(text: str | None) -> list[str]:
    """Split a comma-separated author string at parenthesis depth 0; drop affiliations and blanks."""
    if not text:
        return []
    names: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            names.append(text[start:index])
            start = index + 1
    names.append(text[start:])
    return [name for name in (_author_name(part) for part in names) if name]


def _author_name(part: str) -> str:
    """A name without its trailing parenthesised affiliation(s)."""
    previous = None
    while previous != part:
        previous, part = part, _TRAILING_PARENS.sub("", part)
    return clean_text(part)


def split_announcement(text: str | None) -> tuple[str | None, int | None, str | None, str] | None:
    """(versionless id, version, announce type, abstract) from a listing description, else None."""
    if not text:
        return None
    match = _ANNOUNCEMENT.match(text)
    if not match:
        return None
    parsed = parse_arxiv_id(match.group("id"))
    arxiv_id, version = parsed if parsed else (None, None)
    return arxiv_id, version, match.group("type"), clean_text(match.group("abstract"))


def parse_datetime(text: str | None) -> datetime | None:
    """An aware UTC datetime from ISO 8601 or RFC 822 text, else None."""
    if not text or not text.strip():
        return None
    text = text.strip()
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def unique(items: Iterable[str]) -> list[str]:
    """Non-empty items in first-seen order without repeats."""
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)
