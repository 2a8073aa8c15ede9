"""Incremental state: each source's last successful window, in a small JSON file under `data/`.

Contract:
- `load_state(path)` returns the `FetchState` in the file, or an empty one when there is no file yet; a
  file that is not valid JSON or not this schema raises InputError naming it (never silently reset, which
  would refetch or skip weeks).
- `default_since(state, source, until)` is where a run starts: the day the source's last successful
  window ended (so missed runs are backfilled and nothing before it is asked again), else a week back.
- `commit_windows(state, report)` returns a new state with the windows of the sources that succeeded
  in `report`; failed sources keep their old window, so the next run retries their gap.
- `save_state(path, state)` writes atomically. Nothing here writes on its own: the caller commits only
  after the fetched papers are safely used (the weekly job: after the candidates file is written).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..atomic import atomic_write_text
from ..errors import InputError

if TYPE_CHECKING:
    from .fetch import FetchReport

DEFAULT_LOOKBACK = timedelta(days=7)


class SourceState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    since: date
    until: date
    fetched_at: datetime
    papers: int = 0


class FetchState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    sources: dict[str, SourceState] = Field(default_factory=dict)


def load_state(path: Path) -> FetchState:
    """The state in `path`, or an empty state when the file does not exist."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return FetchState()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the fetch state ({exc.strerror})") from exc
    try:
        return FetchState.model_validate(json.loads(text))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise InputError(f"{path}: not a valid fetch state ({str(exc).splitlines()[0]})",
                         hint="fix it, or delete it to start again from a week back") from exc


def save_state(path: Path, state: FetchState) -> None:
    """Write the state atomically (sorted, indented: it is committed and reviewed like code)."""
    atomic_write_text(Path(path), json.dumps(state.model_dump(mode="json"), indent=2, sort_keys=True) + "\n")


def default_since(state: FetchState, source: str, until: date) -> date:
    """Where `source` resumes: its last window's end, else a week before `until`."""
    previous = state.sources.get(source)
    return previous.until if previous is not None else until - DEFAULT_LOOKBACK


def commit_windows(state: FetchState, report: FetchReport) -> FetchState:
    """A new state with the windows of every source that succeeded in `report`."""
    sources = dict(state.sources)
    for source in report.sources:
        if source.ok:
            sources[source.name] = SourceState(since=source.window.since,
                                               until=source.covered_until or source.window.until,
                                               fetched_at=report.finished_at, papers=source.papers)
    return FetchState(version=state.version, sources=sources)
