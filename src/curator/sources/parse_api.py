"""arXiv API responses (export.arxiv.org/api/query, Atom 1.0) -> Papers, 2026 and legacy 2016 forms.

Contract: `parse_api(data, origin=, source=)` returns every complete entry and `total_results`
(`opensearch:totalResults`). Elements are found by namespace and name, never by order (the 2016 and
2026 responses order them differently and the 2016 ones declare `arxiv:`/`opensearch:` inline).
Per entry: id and version from `<id>` (`http://arxiv.org/abs/<id>v<n>`, old-style ids included),
title and summary whitespace-collapsed (legacy hard wraps), `arxiv:primary_category` first then the
`<category>` terms, `published` (v1) and `updated` (this version) as aware UTC, the PDF link, the DOI
from `arxiv:doi` or else the `title="doi"` link, `arxiv:journal_ref`, `arxiv:comment`, `<author><name>`.
An error feed (an entry whose id is under `arxiv.org/api/errors`, sent with HTTP 400) raises InputError
with arXiv's message; it never becomes a paper. A title of "0" is a title.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..errors import InputError
from ..ids import doi_from_url, parse_arxiv_id
from ..models import Paper
from .normalise import clean_text, parse_datetime, unique
from .result import ParseResult
from .xmlstream import ARXIV, ATOM, OPENSEARCH, check_encoding, read_records, text_of, truncation_warning

_ERROR_ID = re.compile(r"^https?://arxiv\.org/api/errors", re.I)


def parse_api(data: bytes, *, origin: str, source: str) -> ParseResult:
    """Parse one arXiv API response page."""
    doc = read_records(data, {f"{ATOM}entry"})
    if doc.root is None or doc.root.tag != f"{ATOM}feed":
        raise InputError(f"{origin}: not an arXiv API response ({doc.error or 'unexpected root element'})")
    _raise_on_error_feed(doc.records, origin)
    result = ParseResult(
        format="arxiv-api",
        origin=origin,
        total_results=_int(text_of(doc.root, f"{OPENSEARCH}totalResults")),
        title=clean_text(text_of(doc.root, f"{ATOM}title")) or None,
    )
    for index, entry in enumerate(doc.records, start=1):
        paper = _paper(entry, source)
        if paper is None:
            result.skipped += 1
            result.warnings.append(f"{origin}: entry {index} has neither an arXiv id nor a title; skipped")
        else:
            result.papers.append(paper)
    if doc.error:
        check_encoding(data, origin)
        result.truncated = True
        result.warnings.append(truncation_warning(origin, doc, len(result.papers)))
    return result


def api_error_message(data: bytes) -> str | None:
    """arXiv's own message when `data` is an API error feed, else None (for HTTP-level callers)."""
    doc = read_records(data, {f"{ATOM}entry"})
    for entry in doc.records:
        if _ERROR_ID.match(clean_text(text_of(entry, f"{ATOM}id"))):
            return clean_text(text_of(entry, f"{ATOM}summary")) or "unspecified error"
    return None


def _raise_on_error_feed(entries: list[ET.Element], origin: str) -> None:
    for entry in entries:
        if _ERROR_ID.match(clean_text(text_of(entry, f"{ATOM}id"))):
            message = clean_text(text_of(entry, f"{ATOM}summary")) or "unspecified error"
            raise InputError(f"{origin}: the arXiv API answered with an error: {message}",
                             hint="fix the query or id list")


def _paper(entry: ET.Element, source: str) -> Paper | None:
    parsed = parse_arxiv_id(text_of(entry, f"{ATOM}id"))
    arxiv_id, version = parsed if parsed else (None, None)
    title = clean_text(text_of(entry, f"{ATOM}title"))
    if not arxiv_id and not title:
        return None
    links = _links(entry)
    primary = entry.find(f"{ARXIV}primary_category")
    categories = [primary.get("term", "")] if primary is not None else []
    categories += [c.get("term", "") for c in entry.findall(f"{ATOM}category")]
    names = (clean_text(text_of(author, f"{ATOM}name")) for author in entry.findall(f"{ATOM}author"))
    return Paper(
        id=arxiv_id,
        version=version,
        title=title,
        abstract=clean_text(text_of(entry, f"{ATOM}summary")),
        authors=[name for name in names if name],
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else links.get("alternate"),
        pdf_url=links.get("pdf"),
        categories=unique(clean_text(c) for c in categories),
        published=parse_datetime(text_of(entry, f"{ATOM}published")),
        updated=parse_datetime(text_of(entry, f"{ATOM}updated")),
        doi=clean_text(text_of(entry, f"{ARXIV}doi", f"{ARXIV}DOI")) or doi_from_url(links.get("doi")),
        journal_ref=clean_text(text_of(entry, f"{ARXIV}journal_ref", f"{ARXIV}journal_reference")) or None,
        comment=clean_text(text_of(entry, f"{ARXIV}comment")) or None,
        sources=[source],
    )


def _links(entry: ET.Element) -> dict[str, str]:
    """alternate / pdf / doi links of an entry, by role."""
    links: dict[str, str] = {}
    for link in entry.findall(f"{ATOM}link"):
        href = link.get("href")
        if not href:
            continue
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            links.setdefault("pdf", href)
        elif link.get("title") == "doi":
            links.setdefault("doi", href)
        elif link.get("rel", "alternate") == "alternate":
            links.setdefault("alternate", href)
    return links


def _int(text: str | None) -> int | None:
    try:
        return int(text.strip()) if text else None
    except ValueError:
        return None
