"""List 002's style: `1. **[Title](url)** *(Authors).* 2025  ` under nested `##`/`###` headings.

Contract: an entry is a line `N. **...**` (or `- **...**` with a link or an authors line, as the list's
own survey entry is written), optionally followed by indented continuation lines: `*Authors* Venue'25`
and `- Key: value` lines (kept in `fields`). The tail after the authors is a year, `Venue YEAR`, `Venue'YY` (AAAI'24,
Preprint'25) or a bare venue. A line that starts like an entry but cannot be read, or an indented line
inside an entry that is neither form, is a `malformed` problem. Rendering always uses the numbered form
with the list's two trailing spaces (a Markdown line break); the number comes from the caller.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import CatalogEntry, Paper
from .entries import make_entry, paper_link, paper_title, paper_year
from .formats import ParsedBody
from .model import EntrySpan
from .text import scan_link

_ENTRY_LIKE = re.compile(r"^(?:(?P<number>\d+)[.)]|[-*+])[ \t]+\*\*")
_AUTHORS_PAREN = re.compile(r"^\*\((?P<authors>.*)\)\.?\*\s*(?P<tail>.*)$")
_AUTHORS_PLAIN = re.compile(r"^\*(?P<authors>[^*]+)\*\s*(?P<tail>.*)$")
_FIELD = re.compile(r"^\s+[-*+]\s+(?P<key>[^:`*]+?):\s*(?P<value>.*?)\s*$")
_SHORT_YEAR = re.compile(r"^(?:(?P<venue>.*?)\s*)'(?P<yy>\d{2})$")
_LONG_YEAR = re.compile(r"^(?:(?P<venue>.+?)\s+)?(?P<year>\d{4})\.?$")


def parse_tail(tail: str) -> tuple[str | None, int | None]:
    """(venue, year) from `2025`, `AAAI'24`, `Nature 2024` or a bare venue."""
    tail = tail.strip()
    if not tail:
        return None, None
    short = _SHORT_YEAR.match(tail)
    if short:
        yy = int(short.group("yy"))
        return short.group("venue") or None, (1900 if yy >= 70 else 2000) + yy
    long = _LONG_YEAR.match(tail)
    if long:
        return long.group("venue"), int(long.group("year"))
    return tail, None


def _authors_and_tail(text: str) -> tuple[str | None, str]:
    text = text.strip()
    match = _AUTHORS_PAREN.match(text) or _AUTHORS_PLAIN.match(text)
    return (match.group("authors").strip(), match.group("tail")) if match else (None, text)


def _title_and_url(text: str) -> tuple[str, str | None, str] | None:
    """(title, url, rest) from what follows the opening `**`."""
    if text.startswith("["):
        link = scan_link(text)
        if link is None or not text.startswith("**", link[2]):
            return None
        return link[0], link[1], text[link[2] + 2 :]
    close = text.find("**")
    return (text[:close], None, text[close + 2 :]) if close > 0 else None


def parse_line(line: str, section: str) -> tuple[CatalogEntry, int | None] | str:
    """The entry on an entry line and the list's number for it, or why it cannot be read."""
    match = _ENTRY_LIKE.match(line)
    if match is None:
        return "not an entry line"
    head = _title_and_url(line[match.end() :])
    if head is None:
        return "the **title** or its [title](link) is not closed"
    title, url, rest = head
    authors, tail = _authors_and_tail(rest)
    venue, year = parse_tail(tail)
    number = int(match.group("number")) if match.group("number") else None
    return make_entry(section, title.strip(), url, authors=authors, venue=venue, year=year), number


def _is_entry(lines: Sequence[str], index: int, last: int) -> bool:
    """A numbered `N. **...**` line, or a `- **...**` bullet with a link or an indented `*authors*` line
    (a bold bullet alone is ordinary prose, e.g. in a Contributing section)."""
    match = _ENTRY_LIKE.match(lines[index])
    if match is None or match.group("number"):
        return match is not None
    following = lines[index + 1] if index < last else ""
    return lines[index][match.end():].startswith("[") or bool(re.match(r"^\s+\*[^*]", following))


def _continue(entry: CatalogEntry, line: str) -> bool:
    """Fold an indented continuation line into the entry; False when it is neither known form."""
    field = _FIELD.match(line)
    if field:
        entry.fields[field.group("key").strip()] = field.group("value")
        return True
    authors, tail = _authors_and_tail(line)
    if authors is None or entry.authors is not None:
        return False
    entry.authors = authors
    if tail.strip():
        entry.venue, entry.year = parse_tail(tail)
    return True


class NumberedFormat:
    name = "numbered"
    entry_heading_level: int | None = None
    separator: str | None = None

    def parse_body(
        self, lines: Sequence[str], first: int, last: int, section: str, mask: Sequence[bool]
    ) -> ParsedBody:
        parsed = ParsedBody()
        index = first
        while index <= last:
            if mask[index] or not _is_entry(lines, index, last):
                index += 1
                continue
            result = parse_line(lines[index], section)
            if isinstance(result, str):
                parsed.problem(index, f"unreadable entry ({result}): {lines[index].strip()[:80]}")
                index += 1
                continue
            entry, number = result
            entry.line, start = index + 1, index
            index += 1
            while index <= last and lines[index][:1] in (" ", "\t") and lines[index].strip() and not mask[index]:
                if not _continue(entry, lines[index]):
                    parsed.problem(index, f"unreadable line in the entry above: {lines[index].strip()[:80]}")
                index += 1
            parsed.entries.append((entry, EntrySpan(start=start + 1, end=index, number=number)))
        return parsed

    def render(self, entry: CatalogEntry, number: int) -> list[str]:
        head = f"[{entry.title}]({entry.url})" if entry.url is not None else entry.title
        line = f"{number}. **{head}**"
        if entry.authors:
            line += f" *({entry.authors}).*"
        tail = " ".join(part for part in (entry.venue, str(entry.year) if entry.year else None) if part)
        line += f" {tail}  " if tail else "  "
        return [line] + [f"    - {key}: {value}" for key, value in entry.fields.items()]

    def from_paper(self, paper: Paper, section: str, summary: str) -> CatalogEntry:
        """All authors, the year of first publication; the list style has no summary."""
        authors = ", ".join(paper.authors) or None
        return make_entry(section, paper_title(paper), paper_link(paper), authors=authors, year=paper_year(paper))


FORMAT = NumberedFormat()
