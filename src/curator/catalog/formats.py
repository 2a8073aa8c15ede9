"""What a list format provides, and the registry from `list.format` to its implementation.

Contract: a format parses the body of one section into entries with spans (never dropping a line that
looks like an entry: it becomes a `malformed` problem with its line), renders one entry as lines in the
list's own style with a given number, and turns a new paper into an entry. Everything else (sections,
ordering, editing, lint) is common and lives beside this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..config import Config
from ..errors import CatalogError
from ..models import CatalogEntry, Paper
from .model import EntrySpan, LintProblem


@dataclass
class ParsedBody:
    """The entries of one section body, with their spans, and the problems found there."""

    entries: list[tuple[CatalogEntry, EntrySpan]] = field(default_factory=list)
    problems: list[LintProblem] = field(default_factory=list)

    def problem(self, index: int, message: str) -> None:
        """Record a malformed line at a 0-based line index."""
        self.problems.append(LintProblem(line=index + 1, code="malformed", message=message))


class ListFormat(Protocol):
    name: str
    entry_heading_level: int | None
    """A heading of this level is an entry (list 001's `### N. Title`), not a section."""
    separator: str | None
    """A line that closes every entry (list 001's `---`), or None."""

    def parse_body(
        self, lines: Sequence[str], first: int, last: int, section: str, mask: Sequence[bool]
    ) -> ParsedBody:
        """Entries in lines[first..last] (0-based, inclusive); `mask` marks fenced code."""
        ...

    def render(self, entry: CatalogEntry, number: int) -> list[str]:
        """The entry's lines (no line endings); `number` is used by numbered styles."""
        ...

    def from_paper(self, paper: Paper, section: str, summary: str) -> CatalogEntry:
        """A new paper as an entry of this style."""
        ...


def format_for(config: Config) -> ListFormat:
    """The implementation of `config.list.format`."""
    from . import blocks, bullets, numbered

    formats: dict[str, ListFormat] = {
        "bullets": bullets.FORMAT,
        "numbered": numbered.FORMAT,
        "blocks": blocks.FORMAT,
    }
    try:
        return formats[config.list.format]
    except KeyError:
        raise CatalogError(
            f"{config.list.path}: unknown list format '{config.list.format}'",
            hint=f"use one of: {', '.join(formats)}",
        ) from None
