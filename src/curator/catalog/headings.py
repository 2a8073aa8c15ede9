"""Section headings: find them, match them to the config's sections, give every one an id.

Contract: a heading maps to a config section when their keys match, the key being the text without
emoji, markup and `\\` escapes, folded by `curator.ids.normalise_title` (case, dashes, punctuation).
Headings such as list 001's `## 🧠 医学大模型 (Medical LLM)` also match on the part in parentheses or
the part before it, so a config may name either language. Level-1 headings are the document title,
never sections; in list 001 level-3 headings are entries, so only lower levels open sections there.
Headings that match nothing keep a slug id (suffixed when taken) and `mapped=False`, so nothing is lost.
A heading matching a config section already taken by an earlier heading is also unmapped (lint reports it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..config import Config
from ..ids import normalise_title
from .model import Section
from .text import strip_markup

_ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_PARENS = re.compile(r"^(?P<main>.*?)\s*[(（](?P<inner>[^()（）]+)[)）]\s*$")


def heading_at(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line, or None."""
    match = _ATX.match(line)
    if not match or not match.group(2).strip():
        return None
    return len(match.group(1)), match.group(2).strip()


def heading_key(text: str) -> str:
    """The matching key of a heading or config heading."""
    return normalise_title(strip_markup(text))


def heading_keys(text: str) -> list[str]:
    """Keys a heading may match, best first: the whole text, the part in parentheses, the part before."""
    keys = [heading_key(text)]
    match = _PARENS.match(strip_markup(text))
    if match:
        keys += [normalise_title(match.group("inner")), normalise_title(match.group("main"))]
    return [k for k in keys if k]


def slug(text: str) -> str:
    """A readable id for an unmapped heading (keeps non-Latin letters, which list 001 uses)."""
    return heading_key(text).replace(" ", "-").replace("_", "-")


def _config_keys(config: Config) -> dict[str, str]:
    keys: dict[str, str] = {}
    for section in config.sections:
        for key in heading_keys(section.heading)[:1]:
            keys.setdefault(key, section.id)
    return keys


def _assign_id(text: str, line: int, config_keys: dict[str, str], taken: set[str]) -> tuple[str, bool]:
    for key in heading_keys(text):
        section_id = config_keys.get(key)
        if section_id and section_id not in taken:
            return section_id, True
    base = slug(text) or f"section-{line}"
    candidate, suffix = base, 2
    while candidate in taken or candidate in config_keys.values():
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate, False


def find_sections(
    lines: Sequence[str], mask: Sequence[bool], config: Config, entry_level: int | None
) -> list[Section]:
    """Every section heading with its id, nesting and own body span (1-based lines)."""
    config_keys = _config_keys(config)
    found: list[tuple[int, int, str]] = []
    for index, line in enumerate(lines):
        heading = None if mask[index] else heading_at(line)
        if heading and heading[0] >= 2 and (entry_level is None or heading[0] < entry_level):
            found.append((index, heading[0], heading[1]))
    sections: list[Section] = []
    taken: set[str] = set()
    for position, (index, level, text) in enumerate(found):
        section_id, mapped = _assign_id(text, index + 1, config_keys, taken)
        taken.add(section_id)
        end = found[position + 1][0] if position + 1 < len(found) else len(lines)
        parent = next((s.id for s in reversed(sections) if s.level < level), None)
        sections.append(
            Section(id=section_id, heading=text, line=index + 1, start=index + 1, end=end,
                    level=level, mapped=mapped, parent=parent)
        )
    return sections
