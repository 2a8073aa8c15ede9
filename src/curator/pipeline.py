"""Triage orchestration: papers in, decisions and candidates out. No CLI concerns.

Contract:
- `triage(papers, classifier, seen)` merges duplicates within the input, marks papers the list (or
  the decisions memory) already knows with `duplicate_of` without sending them to the classifier
  (so the LLM is never paid for them), classifies the rest and returns one `Triage` per unique paper
  in input order. A classifier must return one result per paper it is given; results are joined by
  the paper's key, never by position.
- `propose(report, config, ...)` renders each relevant, new paper as an entry in the list's style and
  merges it into this week's candidates file (atomic, idempotent, reviewer edits kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .candidates import candidate_from_triage, candidates_path, load_candidates, merge_candidates, save_candidates
from .catalog import Catalog, entry_from_paper, render_entry
from .classify import Classifier
from .config import Config
from .dedupe import SeenIndex
from .models import Candidate, CandidatesFile, Paper, Triage
from .sources.merge import merge_papers
from .weeks import iso_week


@dataclass
class TriageReport:
    results: list[Triage]
    input_rows: int
    merged: int
    classifier: str
    stats: dict[str, Any] = field(default_factory=dict)


def seen_index(catalog: Catalog) -> SeenIndex:
    """Everything the list already holds."""
    return SeenIndex().add_entries(catalog.entries)


def _known_result(paper: Paper, reference: str, section: str | None) -> Triage:
    return Triage(
        paper=paper,
        relevant=section is not None,
        category=section,
        confidence=1.0,
        classifier="memory",
        reasons=[f"already known: {reference}"],
        duplicate_of=reference,
    )


def triage(papers: Sequence[Paper], classifier: Classifier, seen: SeenIndex) -> TriageReport:
    unique = merge_papers(papers)
    known: dict[str, Triage] = {}
    fresh: list[Paper] = []
    for paper in unique:
        match = seen.match(paper)
        if match is None:
            fresh.append(paper)
        else:
            known[paper.key] = _known_result(paper, match.reference, match.section)
    decided = {result.paper.key: result for result in classifier.classify(fresh)}
    missing = [p.key for p in fresh if p.key not in decided]
    if missing:
        raise RuntimeError(f"classifier {classifier.name} returned no result for {len(missing)} papers, e.g. {missing[0]}")
    results = [known.get(p.key) or decided[p.key] for p in unique]
    stats = getattr(classifier, "stats", None) or {}
    stats = stats.model_dump() if hasattr(stats, "model_dump") else dict(stats)
    return TriageReport(results, len(papers), len(papers) - len(unique), classifier.name, stats)


def entry_text(result: Triage, config: Config) -> str:
    """The paper rendered as an entry in the list's own style."""
    assert result.category is not None
    return render_entry(entry_from_paper(result.paper, result.category, result.summary, config), config)


def proposals(report: TriageReport, config: Config, now: datetime) -> list[Candidate]:
    return [
        candidate_from_triage(r, entry_text(r, config), now)
        for r in report.results
        if r.relevant and not r.duplicate_of and r.category
    ]


@dataclass
class ProposeResult:
    path: Path
    added: list[Candidate]
    file: CandidatesFile

    @property
    def total(self) -> int:
        return len(self.file.candidates)


def propose(
    report: TriageReport,
    config: Config,
    *,
    now: datetime,
    run_info: dict[str, Any] | None = None,
    write: bool = True,
) -> ProposeResult:
    """Merge this report's proposals into the week's candidates file; write only when something is new
    (and never with `write=False`, a dry run that still returns the merged file)."""
    week = iso_week(now)
    path = candidates_path(config, week)
    existing = load_candidates(path)
    run = {"at": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "classifier": report.classifier, **(run_info or {})}
    merged, added = merge_candidates(
        existing, proposals(report, config, now), week=week, list_name=config.list.path, run=run
    )
    if added and write:
        save_candidates(path, merged)
    return ProposeResult(path, added, merged)
