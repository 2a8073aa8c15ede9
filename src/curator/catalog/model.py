"""The parsed awesome list: sections, entries with their line spans, and problems.

Contract:
- `Catalog.entries` are `curator.models.CatalogEntry` in file order; `Catalog.spans[i]` is the 1-based
  inclusive line span of `entries[i]` (one line for a bullet, the whole block for list 001) and the
  number the list gave it (numbered and block lists), so editing can work on lines without
  re-rendering anything it does not touch.
- `Section` is one heading that opens a section: `id` is the config section id the heading maps to, or
  a slug of the heading when it maps to none (`mapped` False), so nothing in the list is lost.
  `start`/`end` is the section's own body (heading line to the line before the next section heading,
  subsections excluded); `level` is the number of `#`.
- `LintProblem` is one finding about the list (a malformed entry found while parsing, or a lint check);
  its `str()` is one line `path:line: code: message`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..models import CatalogEntry


class LintProblem(BaseModel):
    """One problem in the list, at a 1-based line (0 when it concerns the whole file)."""

    model_config = ConfigDict(extra="forbid")

    line: int
    code: str
    message: str
    source: str = ""

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.code}: {self.message}" if where else f"{self.code}: {self.message}"


class Section(BaseModel):
    """A heading that opens a section of the list."""

    model_config = ConfigDict(extra="forbid")

    id: str
    heading: str = Field(description="the heading text as written, without the leading #s")
    line: int
    start: int
    end: int
    level: int
    mapped: bool = Field(description="True when the heading matches a section of the config")
    parent: str | None = None


class EntrySpan(BaseModel):
    """Where an entry sits in the file: 1-based inclusive lines, and the list's own number for it."""

    model_config = ConfigDict(extra="forbid")

    start: int
    end: int
    number: int | None = None


class Catalog(BaseModel):
    """An awesome list, parsed."""

    model_config = ConfigDict(extra="forbid")

    source: str
    text: str
    format: str
    sections: list[Section] = Field(default_factory=list)
    entries: list[CatalogEntry] = Field(default_factory=list)
    spans: list[EntrySpan] = Field(default_factory=list)
    problems: list[LintProblem] = Field(default_factory=list)

    def section(self, section_id: str) -> Section | None:
        """The first section with this id, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def section_at(self, line: int) -> Section | None:
        """The section whose own body holds a 1-based line (e.g. to scope a lint problem), or None."""
        return next((s for s in self.sections if s.start <= line <= s.end), None)

    def entries_in(self, section_id: str) -> list[CatalogEntry]:
        return [e for e in self.entries if e.section == section_id]

    def located(self, section_id: str | None = None) -> list[tuple[CatalogEntry, EntrySpan]]:
        """Entries with their spans, optionally of one section only."""
        pairs = zip(self.entries, self.spans, strict=True)
        return [(e, s) for e, s in pairs if section_id is None or e.section == section_id]

    @property
    def keys(self) -> set[str]:
        return {e.key for e in self.entries}
