"""Rendering entries in the list's own style, and making entries for new papers.

Contract: `render_entry(entry, config)` is the entry's text (lines joined by "\\n", no final newline) in
the style of `config.list.format`, such that parsing it gives back the same entry (`line` aside).
Numbered styles get number 1 here; `apply_entries` assigns the real number when it inserts.
`entry_from_paper(paper, section, summary, config)` is how a new paper becomes an entry of that style:
000 venue "arXiv" (or the journal reference) and year; 001 作者/时间/链接/简介 block; 002 all authors.
Styles without a summary line (000, 002) do not carry `summary`.
"""

from __future__ import annotations

from ..config import Config
from ..models import CatalogEntry, Paper
from .formats import format_for


def render_entry(entry: CatalogEntry, config: Config, *, number: int = 1) -> str:
    """The entry in the list's own style."""
    return "\n".join(format_for(config).render(entry, number))


def entry_from_paper(paper: Paper, section: str, summary: str, config: Config) -> CatalogEntry:
    """A new paper as an entry of the list's style, in `section` (a section id)."""
    return format_for(config).from_paper(paper, section, summary)
