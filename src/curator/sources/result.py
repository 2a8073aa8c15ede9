"""`ParseResult`: what one input (a file or one HTTP response body) yielded.

Contract: `papers` are normalised and already merged within the input (`duplicates` counts the rows
folded away); `warnings` are one-line messages naming the origin; `truncated` means the document ended
early and only its complete records are in `papers` (the CLI decides whether that fails, a live source
always treats it as a source problem); `skipped` counts records that could not become a Paper (each has
a warning). `announce_date` is the listing's announcement date (arXiv feeds) and `total_results` the
API's `opensearch:totalResults`, both None when the format has none.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from ..models import Paper

FORMATS = ("arxiv-rss", "arxiv-atom", "arxiv-api", "hf-daily", "hf-search", "jsonl")


class ParseResult(BaseModel):
    """Papers parsed from one input, with what the caller needs to judge completeness."""

    papers: list[Paper] = Field(default_factory=list)
    format: str
    origin: str
    warnings: list[str] = Field(default_factory=list)
    truncated: bool = False
    announce_date: datetime | None = None
    total_results: int | None = None
    skipped: int = 0
    duplicates: int = 0
    title: str | None = Field(default=None, description="the feed's own title, when it has one")
