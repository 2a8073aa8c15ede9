"""Where papers come from: input parsers (bytes -> Papers) and the live sources built on them.

Parsers are pure: `detect_format`, `parse_bytes` and `read_input` (in `formats`) turn arXiv listing
feeds, arXiv API responses, Hugging Face papers JSON and JSONL into normalised `Paper`s; `merge_papers`
folds the same paper seen several times into one. The live sources (HTTP, throttling, caching, state)
live in their own modules and only hand bytes to these parsers.
"""

from __future__ import annotations

from .formats import detect_format, parse_bytes, read_input
from .merge import merge_papers
from .result import FORMATS, ParseResult

__all__ = ["FORMATS", "ParseResult", "detect_format", "merge_papers", "parse_bytes", "read_input"]
