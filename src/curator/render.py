"""Rendering triage results for people (table), scripts (JSONL) and the list (markdown).

Contract: pure functions from results to text. `render_jsonl` emits exactly one JSON object per
result with the stable keys of `Triage.jsonl_record`; `render_table` is for a terminal; `render_markdown`
groups the proposed entries under the list's own section headings, ready to paste.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from .config import Config
from .models import Triage


def render_jsonl(results: Sequence[Triage]) -> str:
    return "".join(json.dumps(r.jsonl_record(), ensure_ascii=False) + "\n" for r in results)


def _mark(result: Triage) -> str:
    if result.duplicate_of:
        return "="
    return "+" if result.relevant else "-"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(results: Sequence[Triage], *, width: int = 110) -> str:
    """One line per paper (+ proposed, = already known, - not relevant) and its summary or reason."""
    lines = []
    for result in results:
        ident = result.paper.id or "-"
        section = result.category or "-"
        head = f"{_mark(result)} {result.confidence:4.2f} {section:<22} {ident:<16} "
        lines.append(head + _clip(result.paper.title, max(20, width - len(head))))
        if result.duplicate_of:
            detail = f"already in {result.duplicate_of}"
        elif result.relevant:
            detail = result.summary
        else:
            detail = result.reasons[-1] if result.reasons else ""
        lines.append(" " * 7 + _clip(detail, width - 7))
    return "\n".join(lines) + ("\n" if lines else "")


def render_markdown(results: Sequence[Triage], config: Config, entry_text: Callable[[Triage], str]) -> str:
    """The proposed entries grouped under the list's section headings, in the list's style."""
    blocks = []
    for section in config.sections:
        entries = [entry_text(r) for r in results if r.relevant and not r.duplicate_of and r.category == section.id]
        if entries:
            blocks.append(f"## {section.heading}\n" + "\n".join(e.rstrip("\n") for e in entries) + "\n")
    return "\n".join(blocks)


def summary_line(results: Sequence[Triage], *, merged: int = 0) -> str:
    """The one-line run summary printed on stderr."""
    relevant = sum(1 for r in results if r.relevant and not r.duplicate_of)
    known = sum(1 for r in results if r.duplicate_of)
    text = f"{len(results)} papers: {relevant} proposed, {known} already known, {len(results) - relevant - known} not relevant"
    if merged:
        text += f"; {merged} duplicate rows merged"
    return text
