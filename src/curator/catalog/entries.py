"""Building entries the same way whether they come from the list or from a new paper.

Contract: `make_entry` derives `arxiv_id` and `doi` from the link only, exactly as parsing does, so an
entry made from a paper has the same `key` as the one parsed back from its rendering (the editing
primitive's idempotency depends on that). `paper_link` is the link a new entry carries: the versionless
arXiv abs page, else the paper's own URL, else its DOI resolver link.
"""

from __future__ import annotations

import re
from typing import Any

from ..ids import collapse_whitespace, normalise_doi
from ..models import CatalogEntry, Paper
from .text import link_ids

_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")


def make_entry(section: str, title: str, url: str | None, **values: Any) -> CatalogEntry:
    """An entry with identifiers derived from its link."""
    arxiv_id, doi = link_ids(url)
    return CatalogEntry(section=section, title=title, url=url, arxiv_id=arxiv_id, doi=doi, **values)


def paper_link(paper: Paper) -> str | None:
    """The link a new entry for this paper carries."""
    link = paper.link
    doi = normalise_doi(paper.doi)
    if doi and not any(link_ids(link)):
        return link if link and doi in link.lower() else f"https://doi.org/{doi}"
    return link


def paper_title(paper: Paper) -> str:
    """The title on one line, inert as markdown: square brackets become parentheses when unbalanced (they would
    end the entry's link) or when they hold a link (it would be a live link inside the entry's own), and a `<`
    that would open an HTML tag is written `&lt;` (GitHub renders raw HTML); `p<0.05` stays as it is."""
    title = _TAG_OPEN.sub("&lt;", collapse_whitespace(paper.title))
    depth = 0
    for char in title:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth < 0:
            break
    return title.replace("[", "(").replace("]", ")") if depth or "](" in title else title


def paper_year(paper: Paper) -> int | None:
    date = paper.dated
    return date.year if date else None
