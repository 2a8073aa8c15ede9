"""Reading an awesome list into a `Catalog`.

Contract: `parse_catalog(text, config, source=...)` never raises on content: it finds the section
headings (outside fenced code), parses each section body with the list's format, and reports lines that
look like entries but cannot be read (and entries before the first section) as `problems` with their
line. `load_catalog(config)` reads `config.list.path` (relative to the config's folder) as UTF-8 with
line endings untouched; a missing or unreadable file is a `CatalogError` naming it.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..config import Config
from ..errors import CatalogError
from .formats import format_for
from .headings import find_sections
from .model import Catalog, LintProblem
from .text import code_mask, content, split_lines


def parse_catalog(text: str, config: Config, *, source: str) -> Catalog:
    """Parse list text in the format of `config.list.format`."""
    fmt = format_for(config)
    lines = [content(line) for line in split_lines(text)]
    mask = code_mask(lines)
    sections = find_sections(lines, mask, config, fmt.entry_heading_level)
    catalog = Catalog(source=source, text=text, format=fmt.name, sections=sections)
    problems: list[LintProblem] = []
    first_heading = sections[0].line - 1 if sections else len(lines)
    preamble = fmt.parse_body(lines, 0, first_heading - 1, "", mask)
    for entry, _span in preamble.entries:
        problems.append(LintProblem(line=entry.line or 0, code="malformed",
                                    message=f'entry "{entry.title}" is not under any section heading'))
    problems += preamble.problems
    for section in sections:
        body = fmt.parse_body(lines, section.start, section.end - 1, section.id, mask)
        for entry, span in body.entries:
            catalog.entries.append(entry)
            catalog.spans.append(span)
        problems += body.problems
    catalog.problems = [p.model_copy(update={"source": source}) for p in sorted(problems, key=lambda p: p.line)]
    return catalog


def display_path(path: Path) -> str:
    """The path relative to the working folder when it is below it, else absolute."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd().resolve()) else str(path)
    except ValueError:
        return str(path)


def load_catalog(config: Config) -> Catalog:
    """Read and parse the list file named by the config."""
    path = config.path(config.list.path)
    source = display_path(path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise CatalogError(f"{source}: list file not found", hint="check list.path in the config") from None
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{source}: not UTF-8 text (byte {exc.start})", hint="save the list as UTF-8") from None
    except OSError as exc:
        raise CatalogError(f"{source}: cannot read the list ({exc.strerror})") from None
    return parse_catalog(text, config, source=source)
