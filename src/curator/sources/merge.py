"""Merge the same paper seen several times (versions, repeated rows, cross-lists, several sources).

Contract: `merge_papers(papers)` returns one Paper per identity, in order of first appearance. Identity
is `Paper.key` (versionless arXiv id, else DOI, else normalised title); a paper without an id also joins
an earlier paper with the same normalised title (and vice versa), so an HF or list record without an id
meets its arXiv record. Within a group the highest version is the base (its title, abstract and version
win); every other field is filled from whichever record has it: the union of `sources` and `categories`
(base order first, so the primary category stays first), the longest author list, DOI / journal_ref /
comment / links wherever present, the earliest `published` and latest `updated`, and Hugging Face signals
combined (highest upvotes and stars, keywords unioned).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..ids import normalise_title
from ..models import HFSignals, Paper
from .normalise import unique


def merge_papers(papers: Iterable[Paper]) -> list[Paper]:
    """One Paper per identity, first-appearance order, richest fields kept."""
    merged: list[Paper] = []
    by_key: dict[str, int] = {}
    by_title: dict[str, int] = {}
    for paper in papers:
        title = normalise_title(paper.title)
        index = by_key.get(paper.key)
        if index is None and title:
            candidate = by_title.get(title)
            if candidate is not None and (paper.id is None or merged[candidate].id is None):
                index = candidate
        if index is None:
            index = len(merged)
            merged.append(paper)
        else:
            merged[index] = combine(merged[index], paper)
        by_key.setdefault(paper.key, index)
        by_key.setdefault(merged[index].key, index)
        if title:
            by_title.setdefault(title, index)
    return merged


def combine(first: Paper, second: Paper) -> Paper:
    """Two records of one paper as one: the higher version is the base, gaps filled from the other."""
    base, other = (second, first) if (second.version or 0) > (first.version or 0) else (first, second)
    fields = base.model_dump()
    for name in ("id", "version", "abstract", "url", "pdf_url", "doi", "journal_ref", "comment", "announce_type"):
        if not fields[name]:
            fields[name] = getattr(other, name)
    fields["title"] = base.title or other.title
    fields["authors"] = max((base.authors, other.authors), key=len)
    fields["categories"] = unique([*base.categories, *other.categories])
    fields["sources"] = unique([*first.sources, *second.sources])
    fields["published"] = min((d for d in (base.published, other.published) if d), default=None)
    fields["updated"] = max((d for d in (base.updated, other.updated) if d), default=None)
    fields["hf"] = combine_signals(base.hf, other.hf)
    return Paper.model_validate(fields)


def combine_signals(first: HFSignals | None, second: HFSignals | None) -> HFSignals | None:
    """Hugging Face signals of two records: numbers take the maximum, text the first present."""
    if first is None or second is None:
        return first or second
    fields = first.model_dump()
    for name, value in second.model_dump().items():
        if name in ("upvotes", "num_comments", "github_stars"):
            present = [v for v in (fields[name], value) if v is not None]
            fields[name] = max(present) if present else None
        elif name == "ai_keywords":
            fields[name] = unique([*fields[name], *value])
        elif not fields[name]:
            fields[name] = value
    return HFSignals.model_validate(fields)
