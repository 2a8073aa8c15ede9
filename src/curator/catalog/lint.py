"""Checks on the list itself (`curator lint`, and `curator apply` before it edits).

Contract: `lint_catalog(catalog, config)` returns every problem, sorted by line, each a `LintProblem`
whose `str()` is one line `path:line: code: message`. Codes:
- `malformed`: a line that looks like an entry but cannot be read (found while parsing);
- `duplicate`: the same paper twice, by arXiv id (any version or link form), DOI or normalised title;
  reported at the later entry, naming the first;
- `broken-link`: `()`, a link with spaces or without a scheme, an arXiv link without a paper id (`abs/?`);
- `no-identifier`: no arXiv id, no DOI and no http(s) link, so nobody can find the paper;
- `out-of-order`: only when `list.order` is alphabetical; entries outside the longest in-order run of
  their section (see `order.py`), so one misplaced entry is one report;
- `missing-section`: a configured section whose heading is not in the list (line 0);
- `duplicate-section`: a second heading for a configured section (its entries are kept under a slug).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..config import Config
from ..ids import normalise_title
from ..models import CatalogEntry
from .headings import heading_keys
from .model import Catalog, LintProblem
from .order import in_order, sort_key

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_ARXIV_PAGE = re.compile(r"^(?:www\.|export\.)?arxiv\.org$", re.I)


def _short(title: str, limit: int = 70) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def link_problem(entry: CatalogEntry) -> str | None:
    """Why the entry's link is broken, or None (entries without any link are not broken, just unidentified)."""
    url = entry.url
    if url is None:
        return None
    if not url:
        return "empty link ()"
    if any(ch.isspace() for ch in url):
        return f"link contains spaces: {url}"
    if not _SCHEME.match(url):
        return f"link has no scheme (http/https): {url}"
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and not parts.netloc:
        return f"link has no host: {url}"
    if _ARXIV_PAGE.match(parts.netloc) and re.match(r"^/(abs|pdf|html)/", parts.path) and not entry.arxiv_id:
        return f"arXiv link without a paper id: {url}"
    return None


def _identity_keys(entry: CatalogEntry) -> list[str]:
    keys = [f"arxiv:{entry.arxiv_id}" if entry.arxiv_id else "", f"doi:{entry.doi}" if entry.doi else ""]
    title = normalise_title(entry.title)
    return [k for k in keys if k] + ([f"title:{title}"] if title else [])


def check_duplicates(catalog: Catalog) -> list[LintProblem]:
    first: dict[str, CatalogEntry] = {}
    problems = []
    for entry in catalog.entries:
        keys = _identity_keys(entry)
        earlier = next((first[k] for k in keys if k in first), None)
        if earlier is not None:
            problems.append(LintProblem(
                line=entry.line or 0, code="duplicate",
                message=f'"{_short(entry.title)}" also at line {earlier.line} ({earlier.section})'))
        for key in keys:
            first.setdefault(key, entry)
    return problems


def check_links(catalog: Catalog) -> list[LintProblem]:
    problems = []
    for entry in catalog.entries:
        broken = link_problem(entry)
        if broken:
            problems.append(LintProblem(line=entry.line or 0, code="broken-link",
                                        message=f'"{_short(entry.title)}": {broken}'))
        elif not entry.arxiv_id and not entry.doi and not (entry.url or "").lower().startswith(("http://", "https://")):
            problems.append(LintProblem(line=entry.line or 0, code="no-identifier",
                                        message=f'"{_short(entry.title)}" has no arXiv id, DOI or http(s) link'))
    return problems


def check_order(catalog: Catalog) -> list[LintProblem]:
    problems = []
    for section in catalog.sections:
        entries = catalog.entries_in(section.id)
        keys = [sort_key(e.title) for e in entries]
        members = sorted(in_order(keys))
        for index, entry in enumerate(entries):
            if index in members:
                continue
            after = [m for m in members if keys[m] <= keys[index]]
            where = (f'after "{_short(entries[after[-1]].title, 50)}"' if after
                     else f'before "{_short(entries[members[0]].title, 50)}"')
            problems.append(LintProblem(line=entry.line or 0, code="out-of-order",
                                        message=f'"{_short(entry.title)}" is out of alphabetical order: '
                                                f"it belongs {where}"))
    return problems


def check_sections(catalog: Catalog, config: Config) -> list[LintProblem]:
    problems = []
    mapped = {s.id: s for s in catalog.sections if s.mapped}
    for section in config.sections:
        if section.id not in mapped:
            problems.append(LintProblem(line=0, code="missing-section",
                                        message=f"section '{section.id}' has no heading \"{section.heading}\""))
    config_keys = {heading_keys(s.heading)[0]: s.id for s in config.sections if heading_keys(s.heading)}
    for section in catalog.sections:
        taken = next((config_keys[k] for k in heading_keys(section.heading) if k in config_keys), None)
        if not section.mapped and taken in mapped:
            problems.append(LintProblem(
                line=section.line, code="duplicate-section",
                message=f"heading \"{section.heading}\" repeats section '{taken}' (line {mapped[taken].line}); "
                        f"its entries are kept as '{section.id}'"))
    return problems


def lint_catalog(catalog: Catalog, config: Config) -> list[LintProblem]:
    """Every problem in the list, sorted by line."""
    problems = list(catalog.problems)
    problems += check_duplicates(catalog) + check_links(catalog) + check_sections(catalog, config)
    if config.list.order == "alphabetical":
        problems += check_order(catalog)
    problems = [p.model_copy(update={"source": catalog.source}) for p in problems]
    return sorted(problems, key=lambda p: (p.line, p.code))
