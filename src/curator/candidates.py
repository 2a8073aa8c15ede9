"""The weekly candidates file: merge new proposals, keep reviewer edits, write atomically.

Contract:
- One file per ISO week, `<candidates_dir>/<YYYY>-W<ww>.yaml`, validated as `CandidatesFile`.
- `merge_candidates(existing, new, ...)` adds only papers whose key is not already in the file, so a
  re-run adds nothing twice; every candidate already there is kept exactly as it is, which preserves
  what a reviewer edited (`status`, `section`, `summary`). A run record is appended only when the run
  added something, so a re-run that finds nothing new leaves the file byte-for-byte unchanged.
- `load_candidates` turns invalid YAML or an invalid edit into a `CandidatesError` naming the file
  and line; `save_candidates` writes through `atomic_write_text`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .atomic import atomic_write_text
from .config import Config
from .errors import CandidatesError
from .models import Candidate, CandidatesFile, Triage
from .yamlio import describe_validation_error, dump_yaml, line_of, load_yaml

HEADER = (
    "# curator candidates for one ISO week. Review each candidate: set `status` to accepted or rejected,\n"
    "# move it with `section`, or rewrite its `summary`; then run `curator apply`. Re-runs keep your edits.\n"
)


def candidates_path(config: Config, week: str) -> Path:
    return config.path(config.candidates_dir) / f"{week}.yaml"


def load_candidates(path: Path, *, section_ids: Iterable[str] | None = None) -> CandidatesFile | None:
    """The file at `path`, or None when it does not exist yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CandidatesError(f"{path}: cannot read ({exc.strerror})") from exc
    data, node = load_yaml(text, str(path), CandidatesError)
    try:
        parsed = CandidatesFile.model_validate(data)
    except ValidationError as exc:
        message, hint = describe_validation_error(exc, node, str(path))
        raise CandidatesError(message, hint=f"{hint}; status is pending, accepted or rejected") from exc
    if section_ids is not None:
        known = set(section_ids)
        for index, candidate in enumerate(parsed.candidates):
            if candidate.section not in known:
                line = line_of(node, ("candidates", index, "section"))
                raise CandidatesError(
                    f"{path}:{line}: unknown section '{candidate.section}' for \"{candidate.title}\"",
                    hint=f"use one of: {', '.join(sorted(known))}",
                )
    return parsed


def save_candidates(path: Path, candidates: CandidatesFile) -> None:
    data = candidates.model_dump(mode="json", exclude_none=True)
    atomic_write_text(path, HEADER + dump_yaml(data))


def candidate_from_triage(triage: Triage, entry: str, added: datetime) -> Candidate:
    """A pending candidate carrying the paper's evidence and its rendered list entry."""
    paper = triage.paper
    if triage.category is None:
        raise ValueError(f"{paper.key}: only relevant papers with a section become candidates")
    return Candidate(
        key=paper.key,
        section=triage.category,
        summary=triage.summary,
        title=paper.title,
        id=paper.id,
        url=paper.link,
        authors=paper.authors[:12],
        published=paper.dated.date().isoformat() if paper.dated else None,
        doi=paper.doi,
        journal_ref=paper.journal_ref,
        sources=list(paper.sources),
        code=paper.hf.github_repo if paper.hf else None,
        hf_upvotes=paper.hf.upvotes if paper.hf else None,
        confidence=round(triage.confidence, 3),
        classifier=triage.classifier,
        reasons=list(triage.reasons),
        entry=entry,
        added=added.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def merge_candidates(
    existing: CandidatesFile | None,
    new: Iterable[Candidate],
    *,
    week: str,
    list_name: str,
    run: dict[str, Any],
) -> tuple[CandidatesFile, list[Candidate]]:
    """(merged file, candidates actually added). Existing candidates are never modified."""
    merged = existing.model_copy(deep=True) if existing else CandidatesFile(week=week, list=list_name)
    known = {c.key for c in merged.candidates}
    added = []
    for candidate in new:
        if candidate.key not in known:
            known.add(candidate.key)
            merged.candidates.append(candidate)
            added.append(candidate)
    if added:
        merged.runs.append({**run, "added": len(added)})
    return merged, added
