"""What a weekly run already knows, as one `SeenIndex`, and which rejected papers deserve another look.

Contract: `known_papers(catalog, week_file, memory, papers)` returns `(seen, reconsidered)`:
- `seen` holds, in this order of precedence, the list's entries, the candidates already in this week's
  file (so a re-run never pays the classifier for them again, whatever their status) and every decision
  in the memory. Accepted papers keep their section; rejected ones have none, so the pipeline marks them
  known and not relevant.
- The one exception: a paper the memory rejected that now carries a venue it did not have when it was
  rejected (a journal reference, or a DOI other than arXiv's own 10.48550 one) is left out of `seen`, so
  it is classified and proposed again; `reconsidered` maps its key to the reason, which
  `explain_reconsidered` puts first in the paper's `reasons` (and so in the candidates file).
The filtering happens here, before `pipeline.triage`, so the pipeline and `SeenIndex` need no hook.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..catalog import Catalog
from ..dedupe import Known, SeenIndex, identities, paper_identities
from ..ids import collapse_whitespace, normalise_doi
from ..models import CandidatesFile, Paper
from ..pipeline import TriageReport, seen_index
from .decisions import Decision, DecisionsFile

ARXIV_DOI_PREFIX = "10.48550/"


def venue_doi(doi: str | None) -> str | None:
    """A DOI that names a venue: any DOI except the one arXiv mints for every preprint."""
    normal = normalise_doi(doi)
    return normal if normal and not normal.startswith(ARXIV_DOI_PREFIX) else None


def new_venue(paper: Paper, decision: Decision) -> str | None:
    """What venue the paper has now that it did not have at the decision, or None."""
    ref = collapse_whitespace(paper.journal_ref or "")
    if ref and ref.casefold() != collapse_whitespace(decision.journal_ref or "").casefold():
        return f"journal ref '{ref}'"
    doi = venue_doi(paper.doi)
    if doi and doi != venue_doi(decision.doi):
        return f"DOI {doi}"
    return None


class DecisionLookup:
    """Identities of decided papers -> their decision keys, to find a paper's latest decision."""

    def __init__(self, memory: DecisionsFile) -> None:
        self.memory = memory
        self._keys: dict[str, list[str]] = {}
        for key, decision in memory.decisions.items():
            for identity in {key, *decision_identities(decision)}:
                self._keys.setdefault(identity, []).append(key)

    def matching(self, paper: Paper) -> list[tuple[str, Decision]]:
        """Every decision about this paper (several when it was recorded under different keys)."""
        keys = {key for identity in paper_identities(paper) for key in self._keys.get(identity, [])}
        return [(key, self.memory.decisions[key]) for key in sorted(keys)]

    def latest(self, paper: Paper) -> tuple[str, Decision] | None:
        """The most recent decision about this paper, by week."""
        return max(self.matching(paper), key=lambda pair: (pair[1].week, pair[1].decided_at), default=None)


def decision_identities(decision: Decision) -> list[str]:
    return identities(decision.id, decision.doi, decision.title)


def _add_week(seen: SeenIndex, week_file: CandidatesFile | None) -> None:
    if week_file is None:
        return
    for candidate in week_file.candidates:
        where = f"candidates {week_file.week}: {candidate.status} in {candidate.section}"
        section = None if candidate.status == "rejected" else candidate.section
        keys = [candidate.key, *identities(candidate.id, candidate.doi, candidate.title)]
        seen.add(keys, Known(where, section))


def _add_memory(seen: SeenIndex, memory: DecisionsFile, skip: set[str]) -> None:
    for key in sorted(memory.decisions):
        if key in skip:
            continue
        decision = memory.decisions[key]
        section = decision.section if decision.status == "accepted" else None
        where = f"decisions: {decision.status} in {decision.week}"
        seen.add([key, *decision_identities(decision)], Known(where, section))


def known_papers(
    catalog: Catalog,
    week_file: CandidatesFile | None,
    memory: DecisionsFile,
    papers: Iterable[Paper],
) -> tuple[SeenIndex, dict[str, str]]:
    """(everything already known, reasons for the rejected papers to look at again)."""
    lookup = DecisionLookup(memory)
    reconsidered: dict[str, str] = {}
    skip: set[str] = set()
    for paper in papers:
        found = lookup.latest(paper)
        if found is None or found[1].status != "rejected":
            continue
        venue = new_venue(paper, found[1])
        if venue:
            reconsidered[paper.key] = f"reconsidered: rejected in {found[1].week}, now has a venue: {venue}"
            skip.update(key for key, decision in lookup.matching(paper) if decision.status == "rejected")
    seen = seen_index(catalog)
    _add_week(seen, week_file)
    _add_memory(seen, memory, skip)
    return seen, reconsidered


def explain_reconsidered(report: TriageReport, reconsidered: dict[str, str]) -> None:
    """Put the reconsideration reason first in the reasons of those papers' results (in place)."""
    for index, result in enumerate(report.results):
        reason = reconsidered.get(result.paper.key)
        if reason and not result.duplicate_of:
            report.results[index] = result.model_copy(update={"reasons": [reason, *result.reasons]})
