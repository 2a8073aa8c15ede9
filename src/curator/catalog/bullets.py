"""List 000's style: `- [Title](url), **_Venue_**, 2024.` bullets under `## ` headings.

Contract: every bullet in a section is an entry (in-page `[x](#anchor)` table-of-contents bullets
excepted); one that cannot be read is a `malformed` problem, never dropped. Accepted variants seen in
the real list: `***arXiv***` or `**_arXiv_**` venue markup, a narrow no-break space (U+202F) or a space
before the year, no venue at all, `()` as the link (kept as url "", which lint reports), URLs with
balanced parentheses. The title is kept exactly as written (U+2011 hyphens included). Rendering uses the
dominant form `- [Title](url), **_Venue_**, 2024.`; an entry without a link renders as
`- Title, **_Venue_**, 2024.`, which parses back to the same entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..ids import collapse_whitespace
from ..models import CatalogEntry, Paper
from .entries import make_entry, paper_link, paper_title, paper_year
from .formats import ParsedBody
from .model import EntrySpan
from .text import scan_link

_BULLET = re.compile(r"^[-*+][ \t]+(?P<body>.*?)\s*$")
_TOC = re.compile(r"^\[[^\]]*\]\(#[^)]*\)$")
_YEAR = re.compile(r",\s*(?P<year>\d{4})$")
_MARKED_VENUE = re.compile(r",\s*[*_]{1,3}(?P<venue>[^*_\s](?:.*?[^*_\s])?)[*_]{1,3}")
_PLAIN_VENUE = re.compile(r",\s*(?P<venue>[^\s,*_][^,*]*?)")

Tail = tuple[str | None, int | None, bool]


def parse_tail(rest: str) -> Tail | None:
    """(venue, year, venue was marked up) from what follows the title, or None if unreadable."""
    text = rest.strip()
    if text.endswith("."):
        text = text[:-1].rstrip()
    year = None
    match = _YEAR.search(text)
    if match:
        year = int(match.group("year"))
        text = text[: match.start()].rstrip()
    if not text:
        return None, year, False
    marked = _MARKED_VENUE.fullmatch(text)
    if marked:
        return marked.group("venue"), year, True
    plain = _PLAIN_VENUE.fullmatch(text)
    return (plain.group("venue").strip(), year, False) if plain else None


def _split_unlinked(body: str) -> tuple[str, str | None, int | None]:
    """Title, venue, year of a bullet without a link: a marked-up venue wins, then a bare year."""
    commas = [m.start() for m in re.finditer(",", body) if m.start() > 0]
    for at in commas:
        tail = parse_tail(body[at:])
        if tail and tail[2]:
            return body[:at].strip(), tail[0], tail[1]
    for at in reversed(commas):
        tail = parse_tail(body[at:])
        if tail and tail[0] is None and tail[1] is not None:
            return body[:at].strip(), None, tail[1]
    return body[:-1].rstrip() if body.endswith(".") else body, None, None


def parse_bullet(line: str, section: str) -> CatalogEntry | str:
    """The entry on a bullet line, or a message saying why it cannot be read."""
    body = _BULLET.match(line)
    if body is None:
        return "not a bullet"
    text = body.group("body")
    if not text.startswith("["):
        title, venue, year = _split_unlinked(text)
        return make_entry(section, title, None, venue=venue, year=year)
    link = scan_link(text)
    if link is None:
        return "the [title](link) has unbalanced brackets or parentheses"
    title, url, end = link
    tail = parse_tail(text[end:])
    if tail is None:
        return f"cannot read the venue and year after the link: {text[end:].strip()!r}"
    return make_entry(section, title, url, venue=tail[0], year=tail[1])


class BulletsFormat:
    name = "bullets"
    entry_heading_level: int | None = None
    separator: str | None = None

    def parse_body(
        self, lines: Sequence[str], first: int, last: int, section: str, mask: Sequence[bool]
    ) -> ParsedBody:
        parsed = ParsedBody()
        for index in range(first, last + 1):
            match = None if mask[index] else _BULLET.match(lines[index])
            if match is None or _TOC.match(match.group("body")):
                continue
            result = parse_bullet(lines[index], section)
            if isinstance(result, str):
                parsed.problem(index, f"unreadable entry ({result}): {lines[index].strip()[:80]}")
            else:
                result.line = index + 1
                parsed.entries.append((result, EntrySpan(start=index + 1, end=index + 1)))
        return parsed

    def render(self, entry: CatalogEntry, number: int) -> list[str]:
        parts = [f"[{entry.title}]({entry.url})" if entry.url is not None else entry.title]
        if entry.venue:
            parts.append(f"**_{entry.venue}_**")
        if entry.year:
            parts.append(str(entry.year))
        return [f"- {', '.join(parts)}."]

    def from_paper(self, paper: Paper, section: str, summary: str) -> CatalogEntry:
        """Venue "arXiv" unless the paper has a journal reference; the list style has no summary."""
        venue = collapse_whitespace(paper.journal_ref) if paper.journal_ref else "arXiv"
        return make_entry(section, paper_title(paper), paper_link(paper), venue=venue, year=paper_year(paper))


FORMAT = BulletsFormat()
