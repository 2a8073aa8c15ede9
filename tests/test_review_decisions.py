"""The decisions memory: the merge rule, idempotent recording, validation with lines, and how the memory
keeps decided papers out of later weeks (with the new-venue exception)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from curator.candidates import merge_candidates
from curator.catalog import parse_catalog
from curator.config import Config, load_config
from curator.errors import CandidatesError
from curator.models import Candidate, CandidatesFile, Paper
from curator.review.decisions import Decision, DecisionsFile, load_decisions, record_week, save_decisions
from curator.review.memory import known_papers, new_venue

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 6, 8, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "curator.yaml")


def candidate(key_id: str, status: str = "pending", section: str = "medical-llm", **extra: object) -> Candidate:
    return Candidate(key=f"arxiv:{key_id}", id=key_id, status=status, section=section, summary="A summary.",
                     title=f"Clinical language model {key_id}", url=f"https://arxiv.org/abs/{key_id}",
                     confidence=0.8, classifier="keywords", entry="- x", **extra)


def week(name: str, *candidates: Candidate) -> CandidatesFile:
    return CandidatesFile(week=name, list="data/list.md", candidates=list(candidates))


def test_merged_week_records_pending_as_accepted_and_rejected_as_rejected() -> None:
    memory, changes = record_week(DecisionsFile(), week("2026-W23", candidate("2606.00001"),
                                                        candidate("2606.00002", "accepted", "survey-benchmark"),
                                                        candidate("2606.00003", "rejected")), now=NOW)
    statuses = {key: (d.status, d.section, d.week) for key, d in memory.decisions.items()}
    assert statuses == {
        "arxiv:2606.00001": ("accepted", "medical-llm", "2026-W23"),
        "arxiv:2606.00002": ("accepted", "survey-benchmark", "2026-W23"),
        "arxiv:2606.00003": ("rejected", "medical-llm", "2026-W23"),
    }
    assert len(changes) == 3 and memory.decisions["arxiv:2606.00001"].decided_at == "2026-06-08T09:00:00Z"


def test_recording_the_same_week_twice_writes_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "data" / "decisions.yaml"
    merged = week("2026-W23", candidate("2606.00001"), candidate("2606.00003", "rejected"))
    memory, _ = record_week(load_decisions(path), merged, now=NOW)
    assert save_decisions(path, memory) is True
    first = path.read_bytes()
    again, changes = record_week(load_decisions(path), merged, now=datetime(2026, 6, 9, tzinfo=timezone.utc))
    assert changes == [] and save_decisions(path, again) is False
    assert path.read_bytes() == first


def test_a_later_week_overrides_and_an_older_week_does_not() -> None:
    memory, _ = record_week(DecisionsFile(), week("2026-W20", candidate("2605.00001", "rejected")), now=NOW)
    memory, changes = record_week(memory, week("2026-W23", candidate("2605.00001", "accepted")), now=NOW)
    assert memory.decisions["arxiv:2605.00001"].status == "accepted" and len(changes) == 1
    memory, changes = record_week(memory, week("2026-W20", candidate("2605.00001", "rejected")), now=NOW)
    assert memory.decisions["arxiv:2605.00001"].status == "accepted" and changes == []


def test_missing_memory_is_empty_and_a_bad_status_names_file_and_line(tmp_path: Path) -> None:
    assert load_decisions(tmp_path / "absent.yaml").decisions == {}
    path = tmp_path / "decisions.yaml"
    path.write_text("version: 1\ndecisions:\n  arxiv:2606.00001:\n    status: maybe\n    title: T\n"
                    "    week: 2026-W23\n    decided_at: '2026-06-08T09:00:00Z'\n", encoding="utf-8")
    with pytest.raises(CandidatesError) as caught:
        load_decisions(path)
    assert f"{path}:4:" in str(caught.value) and "accepted or rejected" in str(caught.value)


def test_the_eval_adapter_reads_the_memory_as_a_gold_set(tmp_path: Path) -> None:
    from curator.evaluate.decisions import gold_from_decisions, looks_like_decisions
    from curator.yamlio import load_yaml

    path = tmp_path / "decisions.yaml"
    memory, _ = record_week(DecisionsFile(), week("2026-W23", candidate("2606.00001"),
                                                  candidate("2606.00003", "rejected")), now=NOW)
    save_decisions(path, memory)
    data, node = load_yaml(path.read_text(encoding="utf-8"), str(path), CandidatesError)
    assert looks_like_decisions(data)
    gold = gold_from_decisions(data, node, str(path))
    assert {item.key: item.relevant for item in gold.items} == {"arxiv:2606.00001": True, "arxiv:2606.00003": False}


def paper(arxiv_id: str, **extra: object) -> Paper:
    return Paper(id=arxiv_id, title=f"Clinical language model {arxiv_id}", **extra)


def rejected(arxiv_id: str, **extra: object) -> DecisionsFile:
    return DecisionsFile(decisions={f"arxiv:{arxiv_id}": Decision(
        status="rejected", section="medical-llm", title=f"Clinical language model {arxiv_id}", week="2026-W20",
        decided_at="2026-05-18T09:00:00Z", id=arxiv_id, **extra)})


def empty_catalog(config: Config):  # noqa: ANN201 - a Catalog
    return parse_catalog("".join(f"## {s.heading}\n\n" for s in config.sections), config, source="list.md")


def test_rejected_paper_stays_known_in_any_version_and_title_spelling(config: Config) -> None:
    memory = rejected("2605.00001")
    seen, again = known_papers(empty_catalog(config), None, memory, [paper("2605.00001", version=3)])
    assert again == {}
    known = seen.match(Paper(title="Clinical Language‑Model 2605.00001"))
    assert known is not None and known.section is None and "rejected in 2026-W20" in known.reference


def test_rejected_paper_with_a_new_journal_ref_is_looked_at_again(config: Config) -> None:
    memory = rejected("2605.00001")
    published = paper("2605.00001", journal_ref="Nature Medicine 32 (2026) 1-9")
    seen, again = known_papers(empty_catalog(config), None, memory, [published])
    assert seen.match(published) is None
    assert again == {"arxiv:2605.00001": "reconsidered: rejected in 2026-W20, now has a venue: "
                                         "journal ref 'Nature Medicine 32 (2026) 1-9'"}


def test_arxivs_own_doi_or_the_same_venue_is_not_a_new_venue() -> None:
    decision = rejected("2605.00001", journal_ref="NeurIPS 2025").decisions["arxiv:2605.00001"]
    assert new_venue(paper("2605.00001", doi="10.48550/arXiv.2605.00001"), decision) is None
    assert new_venue(paper("2605.00001", journal_ref="  neurips   2025 "), decision) is None
    assert new_venue(paper("2605.00001", doi="10.1038/s41591-026-0001-x"), decision) == "DOI 10.1038/s41591-026-0001-x"


def test_this_weeks_candidates_are_known_whatever_their_status(config: Config) -> None:
    current = week("2026-W23", candidate("2606.00001", "rejected"), candidate("2606.00002"))
    seen, _ = known_papers(empty_catalog(config), current, DecisionsFile(), [])
    assert seen.match(paper("2606.00001")).section is None
    assert seen.match(paper("2606.00002")).section == "medical-llm"


def test_accepted_decision_keeps_a_paper_out_even_after_it_left_the_list(config: Config) -> None:
    memory, _ = record_week(DecisionsFile(), week("2026-W20", candidate("2605.00009")), now=NOW)
    seen, _ = known_papers(empty_catalog(config), None, memory, [paper("2605.00009")])
    known = seen.match(paper("2605.00009"))
    assert known is not None and known.section == "medical-llm"


def test_merge_helper_still_keeps_reviewer_edits_with_memory_in_play() -> None:
    edited = week("2026-W23", candidate("2606.00001", "rejected"))
    merged, added = merge_candidates(edited, [candidate("2606.00001"), candidate("2606.00002")],
                                     week="2026-W23", list_name="l", run={})
    assert [c.status for c in merged.candidates] == ["rejected", "pending"] and len(added) == 1
