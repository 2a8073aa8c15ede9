"""The pydantic models at curator's boundaries.

Contract:
- `Paper`: one paper from any source (feeds, API, HF, JSONL, a list entry). `id` is the versionless
  arXiv id or None; text fields are whitespace-collapsed (titles) and entity-decoded, LaTeX kept.
  `key` is the canonical identity used for de-duplication and the decisions memory.
- `CatalogEntry`: one entry of the awesome list, as parsed from (and rendered back to) the list file.
- `Triage`: the decision about one paper (relevance, section, summary, confidence, who decided, why).
  Its `jsonl_record()` is the stable JSONL contract of `curator triage --format jsonl`.
- `Candidate` / `CandidatesFile`: the weekly reviewable file; reviewers edit `status`, `section`,
  `summary` and nothing they edit is overwritten by a re-run.
The LLM's own output schema is built per list in `curator.classify.schema` (its section ids are a
Literal), not here.
"""

from __future__ import annotations

import builtins
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .ids import arxiv_id_month, normalise_doi, normalise_title


class HFSignals(BaseModel):
    """Community signals from Hugging Face papers, kept for ranking and display."""

    model_config = ConfigDict(extra="forbid")

    upvotes: int | None = None
    num_comments: int | None = None
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: list[str] = Field(default_factory=list)
    daily_date: str | None = None
    submitted_by: str | None = None


class Paper(BaseModel):
    """A paper from any source, normalised."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    version: int | None = None
    title: str
    abstract: str = ""
    authors: list[str] = Field(default_factory=list)
    url: str | None = None
    pdf_url: str | None = None
    categories: list[str] = Field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    announce_type: str | None = None
    sources: list[str] = Field(default_factory=list)
    hf: HFSignals | None = None

    @property
    def key(self) -> str:
        """Canonical identity: arXiv id, else DOI, else normalised title."""
        if self.id:
            return f"arxiv:{self.id}"
        doi = normalise_doi(self.doi)
        if doi:
            return f"doi:{doi}"
        return f"title:{normalise_title(self.title)}"

    @property
    def dated(self) -> datetime | None:
        """When the paper appeared: published, else updated, else the month its arXiv id encodes."""
        if self.published or self.updated:
            return self.published or self.updated
        month = arxiv_id_month(self.id)
        return datetime(month[0], month[1], 1, tzinfo=timezone.utc) if month else None

    @property
    def primary_category(self) -> str | None:
        return self.categories[0] if self.categories else None

    @property
    def link(self) -> str | None:
        """The link a list entry should carry: the versionless abs page when we know the id."""
        if self.id:
            return f"https://arxiv.org/abs/{self.id}"
        return self.url


class CatalogEntry(BaseModel):
    """One paper entry of the awesome list."""

    model_config = ConfigDict(extra="forbid")

    section: str
    title: str
    url: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    year: int | None = None
    venue: str | None = None
    authors: str | None = None
    summary: str | None = None
    fields: dict[str, str] = Field(default_factory=dict)
    line: int | None = Field(default=None, description="1-based line of the entry in the list file")

    @property
    def key(self) -> str:
        if self.arxiv_id:
            return f"arxiv:{self.arxiv_id}"
        if self.doi:
            return f"doi:{self.doi}"
        return f"title:{normalise_title(self.title)}"

    def describe(self) -> str:
        """A short human reference to this entry, e.g. for `duplicate_of`."""
        where = f" (line {self.line})" if self.line else ""
        return f"{self.section}: {self.title}{where}"


ClassifierName = Literal["keywords", "llm"]


class Triage(BaseModel):
    """The decision about one paper."""

    model_config = ConfigDict(extra="forbid")

    paper: Paper
    relevant: bool
    category: str | None = None
    summary: str = ""
    confidence: float = Field(ge=0.0, le=1.0)
    classifier: str
    reasons: list[str] = Field(default_factory=list)
    duplicate_of: str | None = None

    def jsonl_record(self) -> dict[str, Any]:
        """The stable JSONL contract (one object per input paper)."""
        return {
            "id": self.paper.id,
            "title": self.paper.title,
            "url": self.paper.link,
            "relevant": self.relevant,
            "category": self.category,
            "summary": self.summary,
            "confidence": round(self.confidence, 3),
            "classifier": self.classifier,
            "reasons": list(self.reasons),
            "duplicate_of": self.duplicate_of,
            "key": self.paper.key,
            "sources": list(self.paper.sources),
        }


CandidateStatus = Literal["pending", "accepted", "rejected"]


class Candidate(BaseModel):
    """One proposed paper in the weekly candidates file."""

    model_config = ConfigDict(extra="forbid")

    key: str
    status: CandidateStatus = "pending"
    section: str
    summary: str
    title: str
    id: str | None = None
    url: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    sources: list[str] = Field(default_factory=list)
    code: str | None = None
    hf_upvotes: int | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    classifier: str
    reasons: list[str] = Field(default_factory=list)
    entry: str = Field(description="the entry rendered in the list's own format")
    added: str | None = Field(default=None, description="UTC timestamp of the run that proposed it")


class CandidatesFile(BaseModel):
    """The weekly candidates file (`candidates/<ISO year>-W<week>.yaml`)."""

    model_config = ConfigDict(extra="forbid")

    week: str
    list: str
    # The field named `list` shadows the builtin in this class body, hence `builtins.list`.
    runs: builtins.list[dict[str, Any]] = Field(default_factory=builtins.list)
    candidates: builtins.list[Candidate] = Field(default_factory=builtins.list)
