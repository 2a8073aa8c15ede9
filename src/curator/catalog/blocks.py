"""List 001's style: one block per paper, closed by a `---` line.

    ### 3. Title
    - **作者**:First Author et al.
    - **时间**:2023.10
    - **期刊**:Nature                      (optional)
    - **链接**:[arXiv 2310.05694](https://arxiv.org/abs/2310.05694)
    - **简介**:one paragraph
    - **为什么必读**:...                    (any other label: kept in `fields`)
    ---

Contract: a block is a `### [N.] Title` heading followed by contiguous `- **Label**:value` lines, plus the
`---` that closes it (blank lines before it allowed). 作者 -> `authors`, 期刊 -> `venue`, 简介 ->
`summary`; 时间's first year is `year`, and the raw text is kept in `fields["时间"]` unless it is just
that year ("2023.10", "2023.05 / 2025.01 正式发表"); 链接 gives `url`, and its label ("arXiv 2310.05694", "Nature") is `fields["链接"]`. Any other
label is kept in `fields` in order. A `- **Label**:` line outside a block, or a repeated label, is a
`malformed` problem. The list's numbering restarts in every section; the caller passes the number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..ids import collapse_whitespace
from ..models import CatalogEntry, Paper
from .entries import make_entry, paper_link, paper_title, paper_year
from .formats import ParsedBody
from .model import EntrySpan
from .text import first_year, scan_link

AUTHORS, TIME, VENUE, LINK, SUMMARY = "作者", "时间", "期刊", "链接", "简介"
SEPARATOR = "---"
_HEADING = re.compile(r"^###[ \t]+(?:(?P<number>\d+)[.)、][ \t]*)?(?P<title>.*?)[ \t]*$")
_LABELLED = re.compile(r"^[-*+][ \t]+\*\*(?P<label>[^*]+?)[:：]?\*\*[ \t]*[:：]?[ \t]*(?P<value>.*?)[ \t]*$")
_LABEL_LIKE = re.compile(r"^[-*+][ \t]+\*\*[^*]+(?:[:：]\*\*|\*\*[ \t]*[:：])")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.I)


def _read_link(value: str) -> tuple[str | None, str | None]:
    """(url, label) of a 链接 value: a [label](url), a bare URL, or just text (no url)."""
    link = scan_link(value)
    if link and link[2] == len(value):
        return link[1], link[0]
    return (value, None) if _URL.match(value) else (None, value)


def _entry(section: str, title: str, labelled: dict[str, str]) -> CatalogEntry:
    fields = {k: v for k, v in labelled.items() if k not in (AUTHORS, VENUE, SUMMARY, LINK)}
    year = first_year(labelled.get(TIME))
    if year is not None and fields.get(TIME) == str(year):
        del fields[TIME]
    url, label = _read_link(labelled[LINK]) if LINK in labelled else (None, None)
    if label is not None:
        fields[LINK] = label
    return make_entry(
        section, title, url, authors=labelled.get(AUTHORS), venue=labelled.get(VENUE),
        summary=labelled.get(SUMMARY), year=year, fields=fields,
    )


def _block_end(lines: Sequence[str], index: int, last: int) -> int:
    """The 0-based index of the block's closing `---` if one follows blank lines at most, else index - 1."""
    probe = index
    while probe <= last and not lines[probe].strip():
        probe += 1
    return probe if probe <= last and lines[probe].strip() == SEPARATOR else index - 1


class BlocksFormat:
    name = "blocks"
    entry_heading_level: int | None = 3
    separator: str | None = SEPARATOR

    def parse_body(
        self, lines: Sequence[str], first: int, last: int, section: str, mask: Sequence[bool]
    ) -> ParsedBody:
        parsed = ParsedBody()
        index = first
        while index <= last:
            heading = None if mask[index] else _HEADING.match(lines[index])
            if heading is None:
                if not mask[index] and _LABEL_LIKE.match(lines[index]):
                    parsed.problem(index, f"labelled line outside an entry block: {lines[index].strip()[:80]}")
                index += 1
                continue
            start, labelled = index, dict[str, str]()
            index += 1
            while index <= last and (field := _LABELLED.match(lines[index])):
                if field.group("label").strip() in labelled:
                    parsed.problem(index, f"label '{field.group('label').strip()}' repeated in this block")
                labelled.setdefault(field.group("label").strip(), field.group("value"))
                index += 1
            if not heading.group("title"):
                parsed.problem(start, "entry heading without a title")
                continue
            end = _block_end(lines, index, last)
            index = max(index, end + 1)
            entry = _entry(section, heading.group("title"), labelled)
            entry.line = start + 1
            number = int(heading.group("number")) if heading.group("number") else None
            parsed.entries.append((entry, EntrySpan(start=start + 1, end=end + 1, number=number)))
        return parsed

    def render(self, entry: CatalogEntry, number: int) -> list[str]:
        lines = [f"### {number}. {entry.title}"]
        extra: dict[str, str | None] = dict(entry.fields)
        label = extra.pop(LINK, None)
        time = extra.pop(TIME, str(entry.year) if entry.year else None)
        link: str | None = label
        if entry.url is not None:
            link = f"[{label}]({entry.url})" if label is not None else entry.url
        for key, value in ((AUTHORS, entry.authors), (TIME, time), (VENUE, entry.venue), (LINK, link),
                           (SUMMARY, entry.summary), *extra.items()):
            if value is not None:
                lines.append(f"- **{key}**:{value}")
        return lines

    def from_paper(self, paper: Paper, section: str, summary: str) -> CatalogEntry:
        """作者 first author et al., 时间 YYYY.MM, 链接 [arXiv ID](abs url), 简介 the summary, 期刊 the journal ref."""
        authors = paper.authors[0] + (" et al." if len(paper.authors) > 1 else "") if paper.authors else None
        date = paper.dated
        fields = {TIME: f"{date.year}.{date.month:02d}"} if date else {}
        url = paper_link(paper)
        if url is not None:
            fields[LINK] = f"arXiv {paper.id}" if paper.id else "Link"
        return make_entry(
            section, paper_title(paper), url, authors=authors, venue=collapse_whitespace(paper.journal_ref) if paper.journal_ref else None,
            summary=summary or None, year=paper_year(paper), fields=fields,
        )


FORMAT = BlocksFormat()
