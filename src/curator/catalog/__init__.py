"""The awesome list as data: parse, render, lint and edit it in its own format.

Public API (stable; other modules import from here):
- `parse_catalog(text, config, *, source) -> Catalog`, `load_catalog(config) -> Catalog`
- `render_entry(entry, config) -> str`, `entry_from_paper(paper, section, summary, config) -> CatalogEntry`
- `lint_catalog(catalog, config) -> list[LintProblem]`
- `apply_entries(text, add, remove_keys, config) -> str`
Formats: "bullets" (list 000), "blocks" (list 001), "numbered" (list 002); see their modules.
"""

from __future__ import annotations

from .apply import apply_entries
from .lint import lint_catalog
from .model import Catalog, EntrySpan, LintProblem, Section
from .parse import load_catalog, parse_catalog
from .render import entry_from_paper, render_entry

__all__ = [
    "Catalog",
    "EntrySpan",
    "LintProblem",
    "Section",
    "apply_entries",
    "entry_from_paper",
    "lint_catalog",
    "load_catalog",
    "parse_catalog",
    "render_entry",
]
