"""The scheduled job: gathered papers -> this week's candidates, the list, the PR body, then the state.

Contract: `run_week(config, gathered, classifier, now=..., pr_body=..., dry_run=...)`:
1. de-duplicates against the list, this week's candidates file and the decisions memory
   (`memory.known_papers`; rejected papers with a new venue are looked at again, saying why);
2. classifies what is new, and merges the relevant papers into `candidates/<week>.yaml` (`propose`:
   written only when something was added; reviewer edits kept);
3. makes the list agree with the week's file (`apply_week`: written only when it differs);
4. renders the PR body to `pr_body` (written only when it differs);
5. and only then commits the sources' state (`gathered.commit`), so a crash before it means the
   same window is fetched again, never that papers are lost.
A second run in the same week with nothing new therefore rewrites no file. `dry_run` writes nothing at
all (no candidates, list, body or state) and returns the body it would have written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..atomic import write_if_changed
from ..candidates import candidates_path, load_candidates
from ..catalog import load_catalog
from ..config import Config
from ..models import Candidate, CandidatesFile, Paper
from ..pipeline import Classifier, TriageReport, propose, triage
from ..sources import merge_papers
from ..weeks import iso_week
from .apply import ApplyResult, apply_week
from .decisions import load_decisions
from .gather import Gathered
from .memory import explain_reconsidered, known_papers
from .prbody import render_pr_body

LLM_FIELDS = ("model", "requests", "cache_hits", "prompt_tokens", "completion_tokens", "cost_usd",
              "repaired_papers", "fallbacks", "degraded")


@dataclass
class WeekResult:
    week: str
    candidates_path: Path
    report: TriageReport
    added: list[Candidate]
    total: int
    apply: ApplyResult | None = None
    pr_body: str | None = None
    pr_body_path: Path | None = None
    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.written)


def run_record(report: TriageReport, gathered: Gathered) -> dict[str, Any]:
    """What this run did, for the candidates file's `runs` and the PR body's summary line."""
    record: dict[str, Any] = {
        "papers": len(report.results),
        "scanned": dict(sorted(gathered.scanned.items())),
        "known": sum(1 for r in report.results if r.duplicate_of),
    }
    stats = report.stats or {}
    if stats.get("requests") is not None and "model" in stats:
        record["llm"] = {name: stats.get(name) for name in LLM_FIELDS if stats.get(name) is not None}
    if gathered.problems:
        record["problems"] = list(gathered.problems)
    return record


def preflight(config: Config, now: datetime) -> None:
    """Fail before fetching anything when what a run needs is broken: the list, this week's candidates
    file (a reviewer's typo is reported with its line) or the decisions memory."""
    load_catalog(config)
    load_candidates(candidates_path(config, iso_week(now)), section_ids=config.section_ids)
    load_decisions(config.path(config.decisions))


def triage_known(
    config: Config, papers: Sequence[Paper], classifier: Classifier, week_file: CandidatesFile | None
) -> TriageReport:
    """Triage papers against everything already known: the list, this week's candidates and the
    decisions memory (a rejected paper that gained a venue is looked at again, saying why)."""
    catalog = load_catalog(config)
    memory = load_decisions(config.path(config.decisions))
    merged = merge_papers(papers)
    seen, reconsidered = known_papers(catalog, week_file, memory, merged)
    report = triage(merged, classifier, seen)
    report.input_rows, report.merged = len(papers), len(papers) - len(merged)
    explain_reconsidered(report, reconsidered)
    return report


def run_week(
    config: Config,
    gathered: Gathered,
    classifier: Classifier,
    *,
    now: datetime,
    pr_body: Path | None = None,
    dry_run: bool = False,
) -> WeekResult:
    """One scheduled run; see the module contract for the order of writes."""
    week = iso_week(now)
    path = candidates_path(config, week)
    week_file = load_candidates(path, section_ids=config.section_ids)
    report = triage_known(config, gathered.papers, classifier, week_file)
    proposed = propose(report, config, now=now, run_info=run_record(report, gathered), write=not dry_run)
    result = WeekResult(week, path, report, proposed.added, proposed.total, problems=gathered.problems)
    shown = _shown(path, config)
    if dry_run:
        result.pr_body = render_pr_body(proposed.file, config, candidates_file=shown, problems=gathered.problems)
        return result
    if proposed.added:
        result.written.append(path)
    if path.exists():
        result.apply = apply_week(config, path)
        if result.apply.written:
            result.written.append(result.apply.path)
        result.pr_body = render_pr_body(proposed.file, config, candidates_file=shown,
                                        problems=gathered.problems, unplaced=result.apply.plan.unplaced)
        result.pr_body_path = pr_body or path.with_suffix(".pr.md")
        if write_if_changed(result.pr_body_path, result.pr_body):
            result.written.append(result.pr_body_path)
    if gathered.commit is not None and gathered.commit():
        result.written.append(config.path(config.sources.state_file))
    return result


def _shown(path: Path, config: Config) -> str:
    """The candidates file as the reviewer sees it in the repository (relative to the config)."""
    try:
        return str(path.relative_to(config.root))
    except ValueError:
        return str(path)
