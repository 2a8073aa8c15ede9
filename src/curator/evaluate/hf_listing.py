"""Parse Hugging Face paper listings saved as plain text (the seeds 003/004) into gold items.

Contract: `parse_hf_listing(text)` returns one `ListingPaper` per paper on the page, in page order.
A saved page is a header ("Daily Papers", "byAK and the research community", the listing date), then
per paper: a title line, the abstract paragraph, and usually a meta block -- an author count
("• 25 authors") or an organisation line, then "·", then a date ("Jun 13, 2023", or "Mar 24" for the
listing's own year) optionally followed by the upvote count. Some papers have no meta block at all,
so a paper is recognised by its shape (a line followed by a paragraph), not by the author line.
Dates without a year are kept as written: the page does not say which year it was saved in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AUTHORS = re.compile(r"^•\s*\d+\s+authors?$")
_DATE = re.compile(r"^(?P<date>[A-Z][a-z]{2} \d{1,2}(?:, \d{4})?)(?:\s+\d+)?$")
_SEPARATOR = "·"
_HEADER_END = re.compile(r"^by\s*AK and the research community$", re.I)


@dataclass(frozen=True)
class ListingPaper:
    """One paper of a saved listing page: title, abstract and the date as the page shows it."""

    title: str
    abstract: str
    date: str | None


def _is_meta(line: str) -> bool:
    return bool(_AUTHORS.match(line) or line == _SEPARATOR or _DATE.match(line))


def _body(lines: list[str]) -> list[str]:
    """The non-blank lines after the page header (header = up to the listing date after 'byAK')."""
    for index, line in enumerate(lines):
        if _HEADER_END.match(line):
            start = index + 1
            if start < len(lines) and _DATE.match(lines[start]):
                start += 1
            return lines[start:]
    return lines


def _meta_end(lines: list[str], start: int) -> tuple[int, str | None]:
    """If a meta block (author or organisation line, '·', date) starts at `start`, its end and date."""
    if start + 2 < len(lines) and lines[start + 1] == _SEPARATOR:
        match = _DATE.match(lines[start + 2])
        if match:
            return start + 3, match.group("date")
    if start + 1 < len(lines) and lines[start] == _SEPARATOR:
        match = _DATE.match(lines[start + 1])
        if match:
            return start + 2, match.group("date")
    return start, None


def parse_hf_listing(text: str) -> list[ListingPaper]:
    """All papers of a saved Hugging Face listing page, in page order."""
    lines = _body([" ".join(line.split()) for line in text.splitlines() if line.strip()])
    papers: list[ListingPaper] = []
    index = 0
    while index + 1 < len(lines):
        title, abstract = lines[index], lines[index + 1]
        if _is_meta(title) or _is_meta(abstract):
            index += 1
            continue
        index, date = _meta_end(lines, index + 2)
        papers.append(ListingPaper(title=title, abstract=abstract, date=date))
    return papers
