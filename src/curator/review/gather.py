"""Where a weekly run's papers come from: the live sources, or local files (examples, tests, replays).

Contract: both gatherers return a `Gathered`: the papers, how many each source returned (`scanned`, for
the PR body), the problems to report (a failed source, a truncated file), and `commit`, which persists
the sources' state and is called by `run_week` only after the candidates, the list and the PR body are
safely written. `commit` returns True when it changed the state file, which it does only when a
source's window end moved (so a second run the same day writes nothing). A failed source keeps its old
window, so the next run asks it again: a week of missed or failed runs is caught up by the next one.
Local files have no state (`commit` is None).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from ..config import Config
from ..errors import SourceError
from ..models import Paper
from ..sources import read_input
from ..sources.fetch import fetch_all
from ..sources.state import FetchState, commit_windows, load_state, save_state


@dataclass
class Gathered:
    papers: list[Paper]
    scanned: dict[str, int]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    commit: Callable[[], bool] | None = None


def gather_files(paths: Sequence[Path], fmt: str | None = None) -> Gathered:
    """Papers from local files; each file counts as its detected format's source."""
    papers: list[Paper] = []
    scanned: Counter[str] = Counter()
    notes: list[str] = []
    for path in paths:
        result = read_input(Path(path), fmt)
        papers.extend(result.papers)
        scanned[result.format] += len(result.papers)
        notes.extend(result.warnings)
    return Gathered(papers, dict(scanned), notes=notes)


def gather_sources(
    config: Config,
    sources: Sequence[str] | None,
    *,
    since: date | None = None,
    until: date | None = None,
    client: httpx.Client,
    **fetch_options: Any,
) -> Gathered:
    """Papers from the live sources, each since its last successful window (`fetch_all`).

    Raises the first source's error when every source failed: a run with nothing read is a failure,
    never an empty week.
    """
    state_path = config.path(config.sources.state_file)
    state = load_state(state_path)
    names = list(sources or config.sources.enabled)
    report = fetch_all(config, names, since, until, client, state=state, **fetch_options)
    failed = [source for source in report.sources if not source.ok]
    if failed and len(failed) == len(report.sources):
        raise SourceError(f"every source failed; first: {failed[0].error}", hint="nothing was written; run again later")
    problems = [f"{source.name}: {source.error}" for source in failed]
    problems += [f"{source.name}: {problem}" for source in report.sources for problem in source.problems]
    notes = [f"{source.name}: {note}" for source in report.sources for note in source.notes]
    scanned = {source.name: source.papers for source in report.sources if source.ok}

    def commit() -> bool:
        updated = commit_windows(state, report)
        if not advanced(state, updated):
            return False
        save_state(state_path, updated)
        return True

    return Gathered(list(report.papers), scanned, problems, notes, commit)


def advanced(before: FetchState, after: FetchState) -> bool:
    """Whether any source's window end moved (a re-run the same day only refreshes counts: not worth a write)."""
    return any(
        name not in before.sources or state.until != before.sources[name].until
        for name, state in after.sources.items()
    )
