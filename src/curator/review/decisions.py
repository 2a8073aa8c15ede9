"""The decisions memory (`data/decisions.yaml`): what reviewers accepted and rejected, by canonical id.

Contract:
- One record per paper, keyed by `Paper.key` / `Candidate.key` (`arxiv:<id>`, `doi:<doi>`,
  `title:<normalised title>`): `status` accepted|rejected, `section`, `title`, `week`, `decided_at`, and
  the paper's arXiv id, DOI and journal reference *at decision time* (so a later venue can be noticed).
- `load_decisions(path)` returns an empty memory when the file does not exist yet; invalid YAML or an
  invalid record is a `CandidatesError` naming the file and line. `save_decisions` writes atomically,
  keys sorted, so the file diffs well and two runs write the same bytes.
- `record_week(memory, week_file, now=...)` records a merged week. The rule: when the week's pull
  request is merged, `accepted` and `pending` candidates count as accepted (merging is the reviewer's
  approval of what is left), `rejected` as rejected. A paper decided again in a later week takes the
  later decision (recording an older week afterwards does not undo it); recording the same week twice
  changes nothing (`decided_at` is kept).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..atomic import write_if_changed
from ..errors import CandidatesError
from ..models import Candidate, CandidatesFile
from ..yamlio import describe_validation_error, dump_yaml, load_yaml

DecisionStatus = Literal["accepted", "rejected"]

HEADER = (
    "# curator decisions memory: one record per paper the reviewers decided, keyed by canonical id.\n"
    "# Written by `curator decide` when a week's candidates PR merges. Rejected papers are never proposed\n"
    "# again unless they gain a venue (journal ref / DOI) they did not have; accepted ones stay de-duplicated.\n"
)


class Decision(BaseModel):
    """A reviewer's decision about one paper."""

    model_config = ConfigDict(extra="forbid")

    status: DecisionStatus
    section: str | None = Field(default=None, description="the section it was accepted into (or proposed for)")
    title: str
    week: str
    decided_at: str
    id: str | None = Field(default=None, description="versionless arXiv id")
    url: str | None = None
    doi: str | None = Field(default=None, description="the DOI known when it was decided")
    journal_ref: str | None = Field(default=None, description="the journal reference known when it was decided")


class DecisionsFile(BaseModel):
    """The whole memory."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    decisions: dict[str, Decision] = Field(default_factory=dict)


def load_decisions(path: Path) -> DecisionsFile:
    """The memory at `path`; empty when the file does not exist yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return DecisionsFile()
    except OSError as exc:
        raise CandidatesError(f"{path}: cannot read the decisions memory ({exc.strerror})") from exc
    data, node = load_yaml(text, str(path), CandidatesError)
    if data is None:
        return DecisionsFile()
    try:
        return DecisionsFile.model_validate(data)
    except ValidationError as exc:
        message, hint = describe_validation_error(exc, node, str(path))
        raise CandidatesError(message, hint=f"{hint}; status is accepted or rejected") from exc


def render_decisions(memory: DecisionsFile) -> str:
    """The file text: header, then records sorted by key."""
    ordered = {key: memory.decisions[key].model_dump(mode="json", exclude_none=True) for key in sorted(memory.decisions)}
    return HEADER + dump_yaml({"version": memory.version, "decisions": ordered})


def save_decisions(path: Path, memory: DecisionsFile) -> bool:
    """Write the memory atomically; False (and nothing written) when the file already holds these bytes."""
    return write_if_changed(path, render_decisions(memory))


def decision_for(candidate: Candidate, week: str, decided_at: str) -> Decision:
    """The decision a merged week implies for one candidate (pending counts as accepted)."""
    return Decision(
        status="rejected" if candidate.status == "rejected" else "accepted",
        section=candidate.section,
        title=candidate.title,
        week=week,
        decided_at=decided_at,
        id=candidate.id,
        url=candidate.url,
        doi=candidate.doi,
        journal_ref=candidate.journal_ref,
    )


def _same(old: Decision, new: Decision) -> bool:
    return old.model_dump(exclude={"decided_at"}) == new.model_dump(exclude={"decided_at"})


def record_week(memory: DecisionsFile, week_file: CandidatesFile, *, now: datetime) -> tuple[DecisionsFile, list[str]]:
    """(updated memory, one line per changed record). The input memory is not modified."""
    updated = memory.model_copy(deep=True)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    changes: list[str] = []
    for candidate in week_file.candidates:
        new = decision_for(candidate, week_file.week, stamp)
        old = updated.decisions.get(candidate.key)
        if old is not None and (_same(old, new) or old.week > week_file.week):
            continue
        updated.decisions[candidate.key] = new
        verb = "recorded" if old is None else f"changed from {old.status} ({old.week})"
        changes.append(f"{candidate.key}: {new.status} in {new.section} - {verb}")
    return updated, changes
