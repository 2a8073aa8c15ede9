"""The weekly candidates file: idempotent merges that keep reviewer edits, atomic writes, clear errors."""

from datetime import datetime, timezone

import pytest

from curator.candidates import load_candidates, merge_candidates, save_candidates
from curator.errors import CandidatesError
from curator.models import Candidate

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def _candidate(key: str, **changes) -> Candidate:
    fields = dict(key=key, section="medical-llm", summary="A summary.", title=f"Title {key}", confidence=0.8,
                  classifier="keywords", entry=f"- [Title {key}](https://arxiv.org/abs/{key}), **_arXiv_**, 2026.")
    return Candidate(**{**fields, **changes})


def test_rerunning_adds_nothing_twice_and_leaves_the_file_unchanged(tmp_path):
    path = tmp_path / "2026-W48.yaml"
    merged, added = merge_candidates(None, [_candidate("a"), _candidate("b")], week="2026-W48", list_name="l", run={})
    save_candidates(path, merged)
    before = path.read_bytes()
    again, added_again = merge_candidates(load_candidates(path), [_candidate("b"), _candidate("a")],
                                          week="2026-W48", list_name="l", run={})
    assert [c.key for c in added] == ["a", "b"] and added_again == []
    save_candidates(path, again)
    assert path.read_bytes() == before


def test_reviewer_edits_survive_a_rerun(tmp_path):
    path = tmp_path / "w.yaml"
    merged, _ = merge_candidates(None, [_candidate("a")], week="2026-W48", list_name="l", run={})
    save_candidates(path, merged)
    edited = path.read_text(encoding="utf-8").replace("status: pending", "status: rejected")
    edited = edited.replace("section: medical-llm", "section: survey-benchmark").replace("A summary.", "Mine.")
    path.write_text(edited, encoding="utf-8")
    rerun, added = merge_candidates(load_candidates(path), [_candidate("a"), _candidate("c")],
                                    week="2026-W48", list_name="l", run={})
    kept = rerun.candidates[0]
    assert (kept.status, kept.section, kept.summary) == ("rejected", "survey-benchmark", "Mine.")
    assert [c.key for c in added] == ["c"]


def test_hand_broken_yaml_is_reported_with_file_and_line(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("week: 2026-W48\nlist: l\ncandidates:\n  - key: a\n    status: [oops\n", encoding="utf-8")
    with pytest.raises(CandidatesError, match=r"w.yaml:\d+: invalid YAML"):
        load_candidates(path)


def test_an_unknown_status_names_its_line(tmp_path):
    path = tmp_path / "w.yaml"
    merged, _ = merge_candidates(None, [_candidate("a")], week="2026-W48", list_name="l", run={})
    save_candidates(path, merged)
    text = path.read_text(encoding="utf-8").replace("status: pending", "status: maybe")
    path.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "status: maybe" in l)
    with pytest.raises(CandidatesError, match=rf"w.yaml:{line}: candidates.0.status"):
        load_candidates(path)


def test_an_unknown_section_names_its_line(tmp_path):
    path = tmp_path / "w.yaml"
    merged, _ = merge_candidates(None, [_candidate("a", section="nope")], week="2026-W48", list_name="l", run={})
    save_candidates(path, merged)
    with pytest.raises(CandidatesError, match=r"unknown section 'nope'.*use one of: medical-llm"):
        load_candidates(path, section_ids=["medical-llm"])


def test_a_missing_file_is_no_candidates_yet(tmp_path):
    assert load_candidates(tmp_path / "none.yaml") is None
