"""Offline evaluation: measure a classifier setting against labelled gold sets.

Modules: `gold` (gold files and their validation), `decisions` (the review loop's decisions memory
as gold), `texts` (the paper each gold item stands for), `metrics` (pure maths: P/R/F1, recall@k,
WSS@95, section metrics), `runner` (one setting on one set -> `EvalReport`), `compare` (two settings
side by side), `render` (terminal and markdown), `settings` (classifier settings from the CLI),
`hf_listing` (the parser that built the seed gold set from saved Hugging Face listings).
"""

from __future__ import annotations

from .compare import Comparison, compare
from .gold import GoldItem, GoldSet, check_sections, load_gold, parse_gold
from .render import as_markdown, as_text, comparison_blocks, report_blocks, summary_blocks
from .report import EvalReport
from .runner import evaluate, measure
from .settings import Setting, parse_setting
from .settings import build as build_setting

__all__ = [
    "Comparison",
    "EvalReport",
    "GoldItem",
    "GoldSet",
    "Setting",
    "as_markdown",
    "as_text",
    "build_setting",
    "check_sections",
    "compare",
    "comparison_blocks",
    "evaluate",
    "load_gold",
    "measure",
    "parse_gold",
    "parse_setting",
    "report_blocks",
    "summary_blocks",
]
