"""Markdown helpers shared by the list formats: lines, code fences, links, markup, identifiers.

Contract:
- `split_lines(text)` splits on "\\n" only and keeps each line's ending, so joining the pieces gives the
  text back byte for byte (str.splitlines would also split on U+2028, form feeds and friends).
- `code_mask(lines)` marks fenced code lines (``` or ~~~), which are never headings or entries: list 001
  keeps a reading roadmap and list 002 an example entry inside fences.
- `scan_link(text, at)` reads a `[label](url)` starting at `at` with balanced brackets and parentheses,
  because real URLs carry them (list 000 has an OpenReview link with `(...)` inside).
- `link_ids(url)` is the arXiv id / DOI a link resolves to; an arXiv link never also yields a DOI.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..ids import arxiv_id_of, doi_from_url

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TAG = re.compile(r"<[^>]+>")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def split_lines(text: str) -> list[str]:
    """Lines with their "\\n" kept; the last one may lack it."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def content(line: str) -> str:
    """A line without its ending."""
    return line.rstrip("\r\n")


def code_mask(lines: Sequence[str]) -> list[bool]:
    """True for fence lines and the lines between them."""
    mask: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            mask.append(True)
        elif fence is not None:
            mask.append(True)
            if match and match.group(1) == fence:
                fence = None
        else:
            mask.append(False)
    return mask


def _balanced_end(text: str, at: int, opener: str, closer: str) -> int | None:
    """Index of the closer matching the opener at `at`, or None."""
    depth = 0
    index = at
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def scan_link(text: str, at: int = 0) -> tuple[str, str, int] | None:
    """Read `[label](url)` at `at`: (label, url, index after the link), or None."""
    if not text.startswith("[", at):
        return None
    close = _balanced_end(text, at, "[", "]")
    if close is None or not text.startswith("(", close + 1):
        return None
    end = _balanced_end(text, close + 1, "(", ")")
    if end is None:
        return None
    return text[at + 1 : close], text[close + 2 : end].strip(), end + 1


def strip_markup(text: str) -> str:
    """Heading or label text without HTML tags, link targets, emphasis marks and backslash escapes."""
    text = _TAG.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return re.sub(r"[*_`]+", "", text)


def link_ids(url: str | None) -> tuple[str | None, str | None]:
    """(arXiv id, DOI) that a link resolves to."""
    arxiv_id = arxiv_id_of(url)
    return arxiv_id, None if arxiv_id else doi_from_url(url)


def first_year(text: str | None) -> int | None:
    """The first plausible year (1900-2099) in a date-like text."""
    match = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", text or "")
    return int(match.group(0)) if match else None
