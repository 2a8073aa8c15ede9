"""Identifiers: arXiv ids, DOIs and normalised titles.

Contract:
- `parse_arxiv_id(text)` finds an arXiv id in a bare id, an `arXiv:` or `oai:arXiv.org:` prefix, or an
  abs/pdf/html URL (any host spelling, any version, `.pdf` suffix) and returns `(id, version)` with the
  id versionless; old-style ids (`hep-ex/0406020v1`) keep their archive. None when there is none.
- `normalise_doi` lower-cases and strips resolver prefixes; `doi_from_url` finds one in a link.
- `normalise_title` folds case, unicode dashes (U+2010..U+2015, the non-breaking U+2011 list 000 uses),
  accents, punctuation and whitespace, so the same paper's title matches across sources and lists.
These are the keys of de-duplication, so they are deliberately strict about what counts as an id.
"""

from __future__ import annotations

import re
import unicodedata

_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}"
_ID_WITH_VERSION = re.compile(rf"(?P<id>{_NEW_ID}|{_OLD_ID})(?:v(?P<version>\d+))?")
_BARE = re.compile(rf"^(?:arxiv:|oai:arxiv\.org:)?\s*(?P<id>{_NEW_ID}|{_OLD_ID})(?:v(?P<version>\d+))?$", re.I)
_URL = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html|format)/(?P<id>{_NEW_ID}|{_OLD_ID})(?:v(?P<version>\d+))?(?![\d])",
    re.I,
)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"), "-")


def parse_arxiv_id(text: str | None) -> tuple[str, int | None] | None:
    """Return (versionless id, version or None) for an arXiv id or link, else None."""
    if not text:
        return None
    text = text.strip()
    match = _BARE.match(text) or _URL.search(text)
    if not match:
        return None
    arxiv_id = match.group("id")
    if "/" in arxiv_id:
        archive, number = arxiv_id.split("/", 1)
        arxiv_id = f"{archive.lower()}/{number}" if "." not in archive else arxiv_id
    version = match.group("version")
    return arxiv_id, int(version) if version else None


def arxiv_id_of(text: str | None) -> str | None:
    """The versionless arXiv id in `text`, or None."""
    parsed = parse_arxiv_id(text)
    return parsed[0] if parsed else None


def arxiv_id_month(arxiv_id: str | None) -> tuple[int, int] | None:
    """(year, month) of submission encoded in an arXiv id: `2606.28778` -> (2026, 6), `hep-ex/0406020` -> (2004, 6)."""
    match = re.search(r"(?:^|/)(\d{2})(\d{2})[.\d]", arxiv_id or "")
    if not match:
        return None
    yy, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    return (1900 + yy if yy >= 91 else 2000 + yy), month


def normalise_doi(doi: str | None) -> str | None:
    """Lower-case a DOI and strip `doi:` and resolver prefixes; None for blanks."""
    if not doi:
        return None
    doi = doi.strip()
    doi = re.sub(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", "", doi, flags=re.I)
    doi = doi.rstrip(".,;)")
    return doi.lower() or None


def doi_from_url(url: str | None) -> str | None:
    """A DOI found in a link (doi.org, publisher URLs with /doi/), or None."""
    if not url:
        return None
    match = _DOI.search(url)
    return normalise_doi(match.group(1)) if match else None


def fold_dashes(text: str) -> str:
    """Replace unicode dashes and soft hyphens with '-', so 'Multi\u2011Agent' reads as 'Multi-Agent'."""
    return text.translate(_DASHES)


def normalise_title(title: str) -> str:
    """A matching key for titles: case-, dash-, accent-, punctuation- and whitespace-insensitive."""
    text = fold_dashes(title)
    if not text.isascii():
        # Only non-ASCII titles need decomposition; skipping it for the rest halves de-duplication time.
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def collapse_whitespace(text: str) -> str:
    """Collapse runs of whitespace (including newlines from hard-wrapped feeds) to single spaces."""
    return " ".join(text.split())
