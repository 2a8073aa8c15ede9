"""`curator apply` on all three real lists: insert, idempotent re-run, exact round trip back to the
original bytes, moves, edited summaries, validation errors with lines, lint refusal, atomic writes."""

from __future__ import annotations

import difflib
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from curator.candidates import candidate_from_triage, candidates_path, save_candidates
from curator.cli import main
from curator.config import Config, load_config
from curator.errors import CandidatesError, CatalogError, CuratorError
from curator.models import CandidatesFile, Paper, Triage
from curator.pipeline import entry_text
from curator.review.apply import apply_week

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 6, 3, 12, 0, tzinfo=timezone.utc)
WEEK = "2026-W23"
# Per list: its config, and sections to propose into (list 002's "Reasoning over Text" is empty).
# List 001's recorded copy is cut off inside its last block (Medical LLM), which has no closing `---`:
# see test_a_block_after_the_cut_off_end_of_list_001_closes_it.
LISTS = {
    "000": ("curator.yaml", ["medical-llm", "survey-benchmark", "medical-multi-agent"]),
    "001": ("configs/list-001.yaml", ["surveys", "agent-foundations"]),
    "002": ("configs/list-002.yaml", ["reasoning-over-image", "reasoning-over-text", "clinical-diagnosis"]),
}
TITLES = ["Apex-Med: Clinical Reasoning with Language Models", "Mid-Alphabet Medical Agents for Triage Notes",
          "Zenith: A Benchmark for Clinical LLM Safety"]


def project(tmp_path: Path, name: str) -> Config:
    """A copy of the real config and its list in a temporary folder (same relative layout)."""
    rel = LISTS[name][0]
    source = load_config(ROOT / rel)
    target = tmp_path / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / rel, target)
    list_file = (target.parent / source.list.path).resolve()
    list_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source.path(source.list.path), list_file)
    return load_config(target)


def week_file(config: Config, sections: list[str], statuses: list[str]) -> CandidatesFile:
    """One invented paper per (section, title), statuses cycling over `statuses`."""
    candidates = []
    for index, (section, title) in enumerate((s, t) for s in sections for t in TITLES):
        paper = Paper(id=f"2606.{index + 10:05d}", title=f"{title} {index}", authors=["Ada Lovelace", "Alan Turing"],
                      published=NOW, sources=["test"])
        triage = Triage(paper=paper, relevant=True, category=section, summary=f"Summary number {index}.",
                        confidence=0.5, classifier="keywords")
        candidate = candidate_from_triage(triage, entry_text(triage, config), NOW)
        candidates.append(candidate.model_copy(update={"status": statuses[index % len(statuses)]}))
    return CandidatesFile(week=WEEK, list=config.list.path, candidates=candidates)


def only_insertions(before: str, after: str) -> list[str]:
    """The inserted lines; fails if any original line was changed or removed."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    inserted = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), f"original lines {i1 + 1}-{i2} were {tag}d: {old[i1:i2]}"
        if tag == "insert":
            inserted += new[j1:j2]
    return inserted


@pytest.mark.parametrize("name", sorted(LISTS))
def test_apply_inserts_then_round_trips_to_the_original_bytes(tmp_path: Path, name: str) -> None:
    config = project(tmp_path, name)
    list_path = config.path(config.list.path)
    original = list_path.read_bytes()
    path = candidates_path(config, WEEK)
    proposed = week_file(config, LISTS[name][1], ["pending", "accepted", "rejected"])
    save_candidates(path, proposed)

    first = apply_week(config, path)
    assert first.written and not first.plan.removed and first.plan.unplaced == []
    inserted = "".join(only_insertions(original.decode(), list_path.read_text(encoding="utf-8")))
    for candidate in proposed.candidates:
        assert (candidate.title in inserted) == (candidate.status != "rejected"), candidate.title
    after_first = list_path.read_bytes()

    again = apply_week(config, path)
    assert not again.written and again.plan.in_place == len(first.plan.inserted)
    assert list_path.read_bytes() == after_first

    save_candidates(path, proposed.model_copy(update={"candidates": [
        c.model_copy(update={"status": "rejected"}) for c in proposed.candidates]}))
    back = apply_week(config, path)
    assert back.written and len(back.plan.removed) == len(first.plan.inserted)
    assert list_path.read_bytes() == original


def edit_candidates(path: Path, index: int, **changes: str) -> None:
    """Edit one candidate the way a reviewer does: in the YAML text, keeping everything else."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["candidates"][index].update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_moving_a_candidate_moves_its_entry(tmp_path: Path) -> None:
    config = project(tmp_path, "000")
    path = candidates_path(config, WEEK)
    save_candidates(path, week_file(config, ["medical-llm"], ["pending"]))
    apply_week(config, path)
    edit_candidates(path, 0, section="survey-benchmark")
    result = apply_week(config, path)
    text = config.path(config.list.path).read_text(encoding="utf-8")
    title = TITLES[0] + " 0"
    assert result.written and text.count(title) == 1
    survey = text.index("## Medical LLM & Agent Survey & Benchmark")
    assert text.index(title) > survey


def test_a_hand_edit_of_an_inserted_entry_survives_apply(tmp_path: Path) -> None:
    config = project(tmp_path, "000")
    path = write_week(config)
    apply_week(config, path)
    list_path = config.path(config.list.path)
    title = TITLES[0] + " 0"
    text = list_path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if title in line)
    edited = text.replace(line, line.replace("**_arXiv_**", "**_Nature Medicine_**"))
    list_path.write_text(edited, encoding="utf-8")
    assert not apply_week(config, path).written
    assert list_path.read_text(encoding="utf-8") == edited


def test_an_edited_summary_replaces_the_block_in_list_001(tmp_path: Path) -> None:
    config = project(tmp_path, "001")
    path = candidates_path(config, WEEK)
    save_candidates(path, week_file(config, ["surveys"], ["pending"]))
    apply_week(config, path)
    edit_candidates(path, 1, summary="一句新的简介。")
    result = apply_week(config, path)
    text = config.path(config.list.path).read_text(encoding="utf-8")
    assert result.written and "一句新的简介。" in text and "Summary number 1." not in text
    assert text.count(TITLES[1] + " 1") == 1


def test_a_block_after_the_cut_off_end_of_list_001_closes_it(tmp_path: Path) -> None:
    """Inserting after an unclosed block adds the `---` it lacked; removing the new block keeps that
    one line (the old block is now properly closed), and the list still parses to the same entries."""
    config = project(tmp_path, "001")
    list_path = config.path(config.list.path)
    original = list_path.read_text(encoding="utf-8")
    path = candidates_path(config, WEEK)
    proposed = week_file(config, ["medical-llm"], ["pending"])
    save_candidates(path, proposed)
    apply_week(config, path)
    save_candidates(path, proposed.model_copy(update={"candidates": [
        c.model_copy(update={"status": "rejected"}) for c in proposed.candidates]}))
    apply_week(config, path)
    assert only_insertions(original, list_path.read_text(encoding="utf-8")) == ["---\n"]


def test_a_section_without_heading_is_reported_and_the_rest_applied(tmp_path: Path) -> None:
    config = project(tmp_path, "001")  # the recorded list 001 lacks its two agent sections
    path = candidates_path(config, WEEK)
    save_candidates(path, week_file(config, ["medical-multi-agent", "medical-llm"], ["pending"]))
    result = apply_week(config, path)
    assert len(result.plan.unplaced) == 3 and len(result.plan.inserted) == 3
    assert "has no heading" in result.plan.unplaced[0] and f"{path}:" in result.plan.unplaced[0]


def write_week(config: Config) -> Path:
    path = candidates_path(config, WEEK)
    save_candidates(path, week_file(config, ["medical-llm"], ["pending"]))
    return path


def line_of_text(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("section", "medical-llms", "unknown section 'medical-llms'"),
    ("status", "acepted", "status"),
])
def test_an_invalid_edit_is_one_line_naming_file_and_line(tmp_path: Path, field: str, value: str, message: str) -> None:
    config = project(tmp_path, "000")
    path = write_week(config)
    before = config.path(config.list.path).read_bytes()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"  {field}: " + ("medical-llm" if field == "section" else "pending"),
                                 f"  {field}: {value}", 1), encoding="utf-8")
    with pytest.raises(CandidatesError) as caught:
        apply_week(config, path)
    assert f"{path}:{line_of_text(path, value)}:" in str(caught.value) and message in str(caught.value)
    assert "\n" not in str(caught.value) and config.path(config.list.path).read_bytes() == before


def test_a_mangled_entry_text_is_an_error_with_its_line(tmp_path: Path) -> None:
    config = project(tmp_path, "000")
    path = write_week(config)
    edit_candidates(path, 2, entry="not a list entry at all")
    with pytest.raises(CandidatesError) as caught:
        apply_week(config, path)
    assert f"{path}:{line_of_text(path, 'not a list entry')}:" in str(caught.value)


def test_a_duplicated_candidate_block_is_refused(tmp_path: Path) -> None:
    config = project(tmp_path, "000")
    path = write_week(config)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["candidates"].append(dict(data["candidates"][0]))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CandidatesError, match="already above in this file"):
        apply_week(config, path)


def test_refuses_a_section_lint_finds_broken_but_edits_a_sound_one(tmp_path: Path) -> None:
    config = project(tmp_path, "000")
    list_path = config.path(config.list.path)
    text = list_path.read_text(encoding="utf-8")
    broken = text.replace("## Medical LLM\n", "## Medical LLM\n- [Half an entry](https://arxiv.org/abs/2401.0\n", 1)
    list_path.write_text(broken, encoding="utf-8")
    path = write_week(config)
    with pytest.raises(CatalogError) as caught:
        apply_week(config, path)
    assert "malformed" in str(caught.value) and ":13:" in str(caught.value) and "medical-llm" in str(caught.value)
    assert list_path.read_text(encoding="utf-8") == broken
    save_candidates(path, week_file(config, ["survey-benchmark"], ["pending"]))
    assert apply_week(config, path).written


def test_crlf_list_keeps_its_line_endings(tmp_path: Path) -> None:
    config = project(tmp_path, "000")
    list_path = config.path(config.list.path)
    crlf = list_path.read_text(encoding="utf-8").replace("\n", "\r\n")
    list_path.write_bytes(crlf.encode())
    apply_week(config, write_week(config))
    after = list_path.read_bytes().decode()
    assert re.search(r"(?<!\r)\n", after) is None
    assert len(only_insertions(crlf, after)) == 3


def test_a_failed_write_leaves_the_list_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = project(tmp_path, "000")
    list_path = config.path(config.list.path)
    before = list_path.read_bytes()
    path = write_week(config)

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("curator.atomic.os.replace", refuse)
    with pytest.raises(CuratorError, match="cannot write"):
        apply_week(config, path)
    assert list_path.read_bytes() == before
    assert [p.name for p in list_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_cli_apply_prints_the_changes_and_is_quiet_when_nothing_changes(tmp_path: Path, capsys) -> None:
    config = project(tmp_path, "000")
    write_week(config)
    config_file = str(tmp_path / "curator.yaml")
    assert main(["apply", "--config", config_file, "--week", WEEK]) == 0
    out, err = capsys.readouterr()
    assert out.count("+ ") == 3 and "3 inserted" in err
    assert main(["apply", "--config", config_file, "--week", WEEK]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "unchanged:" in err and "3 already in place" in err
    assert main(["apply", "--config", config_file, "--week", "2026-23"]) == 8
    assert "not an ISO week" in capsys.readouterr().err
