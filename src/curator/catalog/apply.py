"""Editing the list: insert new entries and remove old ones, touching nothing else.

Contract: `apply_entries(text, add, remove_keys, config)` returns the new list text.
- Every line it does not insert or remove is kept byte for byte (badges, HTML, headings, blank lines,
  trailing spaces, CRLF endings, a missing final newline); inserted lines use the file's line ending.
- An entry goes into its section (`entry.section`, a section id) in the list's order: alphabetical lists
  place it after the last in-order entry that sorts before it (`order.py`), so an entry the list itself
  misplaced does not drag new ones along; append lists put it after the section's last entry with the
  next number (nothing is renumbered). An empty section gets it right after its heading and any intro
  lines. Block lists (001) get the whole block closed by `---`, with a `---` added before it when the
  block above lacks one.
- Entries whose `key` is in `remove_keys` are removed (all their lines), except where the same key is
  being added to that same section: that is a move that has already happened, so a re-run is a no-op.
- Adding a key the target section already holds changes nothing (idempotent).
- A section id that is neither configured nor in the list, or a configured one without its heading in
  the file, is a `CatalogError`; so is a result that does not parse back to the requested entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..config import Config
from ..errors import CatalogError
from ..models import CatalogEntry
from .formats import ListFormat, format_for
from .headings import heading_at
from .model import Catalog, EntrySpan, Section
from .order import in_order, sort_key
from .parse import parse_catalog
from .text import content, split_lines


@dataclass
class _Insertion:
    before: int
    lines: list[str]
    separator_first: bool = False


def _target(catalog: Catalog, config: Config, section_id: str) -> Section:
    section = catalog.section(section_id)
    if section is not None:
        return section
    if section_id in config.section_ids:
        heading = config.section(section_id).heading
        raise CatalogError(f"{catalog.source}: section '{section_id}' has no heading \"{heading}\" in the list",
                           hint="add the heading to the list, or fix list.sections in the config")
    raise CatalogError(f"{catalog.source}: unknown section id '{section_id}'",
                       hint=f"use one of: {', '.join(config.section_ids)}")


def _intro_end(section: Section, lines: list[str]) -> int:
    """0-based index just after the heading and the non-blank intro lines that follow it (001's `> ...`)."""
    index = section.line
    while index < section.end and lines[index].strip() and heading_at(lines[index]) is None:
        index += 1
    return index


def _anchor(present: list[tuple[CatalogEntry, EntrySpan]], entry: CatalogEntry, alphabetical: bool) -> tuple[int, bool]:
    """(0-based insertion index, whether it follows an entry) within a non-empty section."""
    if not alphabetical:
        return max(span.end for _, span in present), True
    keys = [sort_key(e.title) for e, _ in present]
    members = sorted(in_order(keys))
    key = sort_key(entry.title)
    before = [m for m in members if keys[m] <= key]
    if before:
        return present[before[-1]][1].end, True
    return present[members[0]][1].start - 1, False


def _plan(section: Section, present: list[tuple[CatalogEntry, EntrySpan]], new: list[CatalogEntry],
          fmt: ListFormat, config: Config, lines: list[str]) -> list[_Insertion]:
    alphabetical = config.list.order == "alphabetical"
    number = max((span.number or 0 for _, span in present), default=0) + 1
    ends_with_separator = {span.end - 1: lines[span.end - 1].strip() == fmt.separator for _, span in present}
    plan = []
    for entry in sorted(new, key=lambda e: sort_key(e.title)) if alphabetical else new:
        at, after_entry = _anchor(present, entry, alphabetical) if present else (_intro_end(section, lines), False)
        body = fmt.render(entry, number)
        number += 1
        needs_separator = bool(fmt.separator and after_entry and not ends_with_separator.get(at - 1, True))
        plan.append(_Insertion(at, body + ([fmt.separator] if fmt.separator else []), needs_separator))
    return plan


def _assemble(raw: list[str], removed: set[int], plan: list[_Insertion], separator: str | None, text: str) -> str:
    newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
    groups: dict[int, list[_Insertion]] = {}
    for insertion in plan:
        groups.setdefault(insertion.before, []).append(insertion)
    out: list[str] = []
    for index in range(len(raw) + 1):
        group = groups.get(index, [])
        if group and out and not out[-1].endswith("\n"):
            out[-1] += newline
        if group and group[0].separator_first and separator:
            out.append(separator + newline)
        out.extend(line + newline for insertion in group for line in insertion.lines)
        if index < len(raw) and index not in removed:
            out.append(raw[index])
    result = "".join(out)
    if text and not text.endswith("\n") and result.endswith(newline):
        result = result[: -len(newline)]
    return result


def _unique(entries: Iterable[CatalogEntry]) -> list[CatalogEntry]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for entry in entries:
        if (entry.section, entry.key) not in seen:
            seen.add((entry.section, entry.key))
            unique.append(entry)
    return unique


def _verify(result: str, added: list[CatalogEntry], config: Config, before: Catalog) -> None:
    after = parse_catalog(result, config, source=before.source)
    found = {(e.section, e.key): e.model_copy(update={"line": None}) for e in after.entries}
    for entry in added:
        if found.get((entry.section, entry.key)) != entry.model_copy(update={"line": None}):
            raise CatalogError(f"{before.source}: the entry \"{entry.title}\" would not read back as written",
                               hint="check its title and link for unbalanced brackets or markup")
    if len(after.problems) > len(before.problems):
        raise CatalogError(f"{before.source}: editing would leave unreadable lines ({after.problems[-1]})",
                           hint="this is a bug in curator; the list was not changed")


def apply_entries(text: str, add: list[CatalogEntry], remove_keys: set[str], config: Config) -> str:
    """The list text with `add` inserted and entries keyed in `remove_keys` removed."""
    fmt = format_for(config)
    catalog = parse_catalog(text, config, source=config.list.path)
    raw = split_lines(text)
    lines = [content(line) for line in raw]
    wanted = _unique(add)
    targets = {(e.section, e.key) for e in wanted}
    sections = {e.section: _target(catalog, config, e.section) for e in wanted}
    removed: set[int] = set()
    kept = []
    for entry, span in catalog.located():
        if entry.key in remove_keys and (entry.section, entry.key) not in targets:
            removed.update(range(span.start - 1, span.end))
        else:
            kept.append((entry, span))
    plan: list[_Insertion] = []
    inserted: list[CatalogEntry] = []
    for section_id, section in sections.items():
        present = [(e, s) for e, s in kept if e.section == section_id]
        held = {e.key for e, _ in present}
        new = [e for e in wanted if e.section == section_id and e.key not in held]
        plan += _plan(section, present, new, fmt, config, lines)
        inserted += new
    if not plan and not removed:
        return text
    result = _assemble(raw, removed, plan, fmt.separator, text)
    _verify(result, inserted, config, catalog)
    return result
