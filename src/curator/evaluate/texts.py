"""Pair each gold item with the `Paper` a classifier will see.

Contract: `resolve(gold, config, realdata=...)` returns a `Resolved`: the `examples` (gold item + paper,
in gold order), one line per item that could not be used (`skipped`), and `unavailable` when the whole
set cannot be evaluated here (e.g. its recorded texts are absent), so a caller skips it with a reason
instead of reporting figures for nothing. Texts come from:
- `inline`: the item itself (title, abstract); the arXiv id or DOI in the key is kept on the paper;
- `realdata`: the recorded files, read in place with `curator.sources.read_input` (the same parser
  `curator triage` uses) and joined to the items by canonical key; recorded papers without a label
  are counted (`unlabelled`), never evaluated;
- `catalog`: the list itself (`curator.catalog.load_catalog`): every entry in a configured section is a
  relevant item in that section; abstracts are joined from the inline sets named in `abstracts_from`
  by key or normalised title, else the item is `title-only`; the file's own items override or extend.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..errors import CuratorError
from ..ids import arxiv_id_of, normalise_title
from ..models import Paper
from .gold import GoldItem, GoldSet, load_gold

REALDATA_ENV = "CURATOR_REALDATA"


@dataclass(frozen=True)
class Example:
    """One gold item and the paper built or read for it."""

    item: GoldItem
    paper: Paper


@dataclass
class Resolved:
    examples: list[Example] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unlabelled: int = 0
    unavailable: str | None = None


def default_realdata(config: Config) -> Path:
    """`$CURATOR_REALDATA`, else ../shared/realdata beside the project (where CI puts it)."""
    configured = os.environ.get(REALDATA_ENV)
    return Path(configured) if configured else config.root.parent / "shared" / "realdata"


def paper_from_item(item: GoldItem, origin: str) -> Paper:
    """A paper carrying the item's own text and the identifier its key names."""
    scheme, _, value = item.key.partition(":")
    return Paper(
        id=arxiv_id_of(value) if scheme == "arxiv" else None,
        doi=value if scheme == "doi" else None,
        title=item.title or "",
        abstract=item.abstract or "",
        sources=[f"gold:{origin}"],
    )


def _inline(gold: GoldSet) -> Resolved:
    resolved = Resolved()
    for item in gold.items:
        if not item.title:
            resolved.skipped.append(f"{item.key}: no title in the gold item")
            continue
        resolved.examples.append(Example(item, paper_from_item(item, gold.name)))
    return resolved


def _realdata(gold: GoldSet, root: Path) -> Resolved:
    from ..sources import read_input

    missing = [name for name in gold.realdata_files if not (root / name).is_file()]
    if missing:
        return Resolved(unavailable=f"recorded texts not found: {root / missing[0]} "
                                    f"(set {REALDATA_ENV} or put ../shared beside the clone)")
    papers: dict[str, Paper] = {}
    for name in gold.realdata_files:
        for recorded in read_input(root / name).papers:
            papers.setdefault(recorded.key, recorded)
    resolved = Resolved()
    for item in gold.items:
        if item.key in papers:
            resolved.examples.append(Example(item, papers.pop(item.key)))
        else:
            resolved.skipped.append(f"{item.key}: not in {', '.join(gold.realdata_files)}")
    resolved.unlabelled = len(papers)
    return resolved


def _abstracts(gold: GoldSet) -> dict[str, str]:
    """Abstracts by key and by `title:<normalised title>` from the sets in `abstracts_from`."""
    found: dict[str, str] = {}
    for name in gold.abstracts_from:
        for item in load_gold(gold.resolve(name)).items:
            if item.abstract:
                found.setdefault(item.key, item.abstract)
                if item.title:
                    found.setdefault(f"title:{normalise_title(item.title)}", item.abstract)
    return found


def _catalog(gold: GoldSet, config: Config) -> Resolved:
    from ..catalog import load_catalog

    abstracts = _abstracts(gold)
    overrides = {item.key: item for item in gold.items}
    resolved, seen = Resolved(), set()
    sections = set(config.section_ids)
    for entry in load_catalog(config).entries:
        if entry.section not in sections:
            continue
        if entry.key in seen:
            resolved.skipped.append(f"{entry.key}: listed twice in the list (line {entry.line}); first kept")
            continue
        seen.add(entry.key)
        abstract = abstracts.get(entry.key) or abstracts.get(f"title:{normalise_title(entry.title)}")
        item = overrides.pop(entry.key, None) or GoldItem(
            key=entry.key, relevant=True, section=entry.section, title=entry.title,
            abstract=abstract, text="full" if abstract else "title-only",
        )
        paper = Paper(id=entry.arxiv_id, doi=entry.doi, title=entry.title, abstract=item.abstract or "",
                      url=entry.url, sources=[f"gold:{gold.name}"])
        resolved.examples.append(Example(item, paper))
    extra = _inline(gold.model_copy(update={"items": list(overrides.values())}))
    resolved.examples += extra.examples
    resolved.skipped += extra.skipped
    return resolved


def resolve(gold: GoldSet, config: Config, *, realdata: Path | None = None) -> Resolved:
    """The examples of a gold set, with what was skipped and why."""
    try:
        if gold.texts == "realdata":
            return _realdata(gold, realdata or default_realdata(config))
        if gold.texts == "catalog":
            return _catalog(gold, config)
        return _inline(gold)
    except CuratorError as exc:
        return Resolved(unavailable=str(exc))
