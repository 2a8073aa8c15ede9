"""arXiv listing feeds (rss.arxiv.org, since Feb 2024): RSS 2.0 and Atom 1.0 -> Papers.

Contract: `parse_listing(data, origin=, source=)` reads either variant (the root element decides) and
returns every complete item. Per item: the versionless id and version come from `guid`/Atom `id`
(`oai:arXiv.org:<id>v<n>`), else the description prefix, else the versionless `link`; the abstract is
the description after the `Announce Type: ... Abstract:` prefix; categories keep feed order (the first
is the primary); `arxiv:DOI` and `arxiv:journal_reference` are read (the API's lower-case `doi` and
`journal_ref` too, in case the feed changes); `dc:creator` is split by `split_authors`; `pubDate` /
`published` become `published` (the announcement day, aware UTC). A feed titled `Feed error for query`
(arXiv's answer to a bad category) raises InputError. An empty channel is a valid empty result.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from ..errors import InputError
from ..ids import parse_arxiv_id
from ..models import Paper
from .normalise import clean_text, parse_datetime, split_announcement, split_authors, unique
from .result import ParseResult
from .xmlstream import ARXIV, ATOM, DC, check_encoding, read_records, text_of, truncation_warning

_RECORDS = {"item", f"{ATOM}entry"}


def parse_listing(data: bytes, *, origin: str, source: str) -> ParseResult:
    """Parse an arXiv RSS 2.0 or Atom listing feed."""
    doc = read_records(data, _RECORDS)
    if doc.root is None or doc.root.tag not in ("rss", f"{ATOM}feed"):
        raise InputError(f"{origin}: not an arXiv listing feed ({doc.error or 'unexpected root element'})")
    is_rss = doc.root.tag == "rss"
    header = doc.root.find("channel") if is_rss else doc.root
    title = clean_text(text_of(header, "title", f"{ATOM}title")) if header is not None else ""
    if title.startswith("Feed error for query"):
        raise InputError(f"{origin}: arXiv answered with an error feed: {title}",
                         hint="check the category names in sources.arxiv.categories")
    result = ParseResult(format="arxiv-rss" if is_rss else "arxiv-atom", origin=origin, title=title or None)
    for index, record in enumerate(doc.records, start=1):
        paper = _paper(record, is_rss, source)
        if paper is None:
            result.skipped += 1
            result.warnings.append(f"{origin}: entry {index} has neither an arXiv id nor a title; skipped")
        else:
            result.papers.append(paper)
    result.announce_date = _announce_date(header, is_rss, result.papers)
    if not doc.records and not doc.error and result.announce_date and result.announce_date.weekday() < 5:
        # arXiv announces every weekday: an empty weekday listing is a source problem (as the live source says).
        result.warnings.append(f"{origin}: the listing has zero items on a weekday "
                               f"({result.announce_date:%A %Y-%m-%d}); arXiv announces every weekday, so this is "
                               "a holiday or a broken download, not 'no new papers'")
    if doc.error:
        check_encoding(data, origin)
        result.truncated = True
        result.warnings.append(truncation_warning(origin, doc, len(result.papers)))
    return result


def _announce_date(header: ET.Element | None, is_rss: bool, papers: list[Paper]) -> datetime | None:
    """RSS: the channel pubDate. Atom: the entries' `published` (the feed's `updated` is build time)."""
    if is_rss and header is not None:
        stamp = parse_datetime(text_of(header, "pubDate"))
        if stamp:
            return stamp
    return papers[0].published if papers else None


def _paper(item: ET.Element, is_rss: bool, source: str) -> Paper | None:
    """One item/entry as a Paper, or None when it has neither id nor title."""
    if is_rss:
        guid, link = text_of(item, "guid"), text_of(item, "link")
        description = text_of(item, "description")
        categories = [clean_text(c.text) for c in item.findall("category")]
        stamp = text_of(item, "pubDate")
    else:
        guid, link = text_of(item, f"{ATOM}id"), _atom_link(item)
        description = text_of(item, f"{ATOM}summary")
        categories = [clean_text(c.get("term")) for c in item.findall(f"{ATOM}category")]
        stamp = text_of(item, f"{ATOM}published")
    prefix = split_announcement(description)
    arxiv_id, version = _identity(guid, prefix, link)
    title = clean_text(text_of(item, "title", f"{ATOM}title"))
    if not arxiv_id and not title:
        return None
    authors = split_authors(text_of(item, f"{DC}creator")) or _atom_authors(item)
    return Paper(
        id=arxiv_id,
        version=version,
        title=title,
        abstract=prefix[3] if prefix else clean_text(description),
        authors=authors,
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else clean_text(link) or None,
        categories=unique(categories),
        published=parse_datetime(stamp),
        doi=clean_text(text_of(item, f"{ARXIV}DOI", f"{ARXIV}doi")) or None,
        journal_ref=clean_text(text_of(item, f"{ARXIV}journal_reference", f"{ARXIV}journal_ref")) or None,
        announce_type=clean_text(text_of(item, f"{ARXIV}announce_type")) or (prefix[2] if prefix else None),
        sources=[source],
    )


def _identity(guid: str | None, prefix: tuple | None, link: str | None) -> tuple[str | None, int | None]:
    """(id, version) from the guid, then the description prefix, then the versionless link."""
    parsed = parse_arxiv_id(guid)
    if parsed:
        return parsed
    if prefix and prefix[0]:
        return prefix[0], prefix[1]
    return parse_arxiv_id(link) or (None, None)


def _atom_authors(entry: ET.Element) -> list[str]:
    names = (clean_text(text_of(author, f"{ATOM}name")) for author in entry.findall(f"{ATOM}author"))
    return [name for name in names if name]


def _atom_link(entry: ET.Element) -> str | None:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate":
            return link.get("href")
    return None
