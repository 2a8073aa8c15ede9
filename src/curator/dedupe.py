"""De-duplication against what the list (and past decisions) already hold.

Contract: a `SeenIndex` maps every identity of a known paper (versionless arXiv id, normalised DOI,
normalised title) to a short human reference. `match(paper)` returns the reference of the first
identity the paper shares, checked in the order arXiv id, DOI, title, so a new version, a pdf/html
link, a DOI-only entry or a title spelled with other dashes all count as the same paper. Lookups are
dictionary hits, so 10,000 papers against 50,000 entries take milliseconds.
De-duplication *within* an input (versions, cross-lists, two feeds) is `curator.sources.merge`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .ids import normalise_doi, normalise_title
from .models import CatalogEntry, Paper


def identities(arxiv_id: str | None, doi: str | None, title: str | None) -> list[str]:
    """Every key under which a paper can be recognised."""
    keys = []
    if arxiv_id:
        keys.append(f"arxiv:{arxiv_id}")
    normal_doi = normalise_doi(doi)
    if normal_doi:
        keys.append(f"doi:{normal_doi}")
    if title:
        normal_title = normalise_title(title)
        if len(normal_title) >= 12:
            keys.append(f"title:{normal_title}")
    return keys


def paper_identities(paper: Paper) -> list[str]:
    return identities(paper.id, paper.doi, paper.title)


def entry_identities(entry: CatalogEntry) -> list[str]:
    return identities(entry.arxiv_id, entry.doi, entry.title)


@dataclass(frozen=True)
class Known:
    """Where a paper is already known from, and the section it is in (None for a rejection)."""

    reference: str
    section: str | None


class SeenIndex:
    """Identities of known papers -> where they are known from."""

    def __init__(self) -> None:
        self._refs: dict[str, Known] = {}

    def __len__(self) -> int:
        return len(self._refs)

    def add(self, keys: Iterable[str], known: Known) -> None:
        for key in keys:
            self._refs.setdefault(key, known)

    def add_entries(self, entries: Iterable[CatalogEntry]) -> "SeenIndex":
        for entry in entries:
            self.add(entry_identities(entry), Known(f"list: {entry.describe()}", entry.section))
        return self

    def match(self, paper: Paper) -> Known | None:
        for key in paper_identities(paper):
            known = self._refs.get(key)
            if known is not None:
                return known
        return None
