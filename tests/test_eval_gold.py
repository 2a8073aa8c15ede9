"""Gold files: the bundled sets validate, realdata sets hold no text, bad files fail with file and line,
and the review loop's decisions memory is accepted as gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.config import load_config
from curator.errors import InputError
from curator.evaluate import check_sections, load_gold, parse_gold

GOLD_FILES = sorted((Path(__file__).resolve().parents[1] / "data" / "gold").glob("*.yaml"))


def test_the_bundled_gold_sets_exist() -> None:
    names = {path.stem for path in GOLD_FILES}
    assert {"list-000", "hf-seeds-003-004", "arxiv-day-2026-06-02", "arxiv-day-2026-04-21"} <= names


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_every_bundled_gold_set_validates_against_the_config(path: Path, root: Path) -> None:
    gold = load_gold(path)
    check_sections(gold, load_config(root / "curator.yaml"))
    assert gold.name == path.stem
    assert all(item.section is None for item in gold.items if not item.relevant)


def test_realdata_gold_sets_hold_ids_and_labels_only() -> None:
    for path in GOLD_FILES:
        gold = load_gold(path)
        if gold.texts == "realdata":
            assert gold.items and all(i.title is None and i.abstract is None for i in gold.items)
            assert all(i.key.startswith("arxiv:") for i in gold.items)
            assert gold.llm_fixtures is None


def test_a_realdata_item_carrying_text_is_refused() -> None:
    text = """name: x
texts: realdata
realdata_files: [arxiv-days/a.jsonl]
items:
  - {key: 'arxiv:2606.00001', relevant: false, title: "copied text"}
"""
    with pytest.raises(InputError, match="ids and labels only"):
        parse_gold(text, "bad.yaml")


def test_a_typo_in_a_gold_item_names_the_file_and_line() -> None:
    text = "name: x\nitems:\n  - key: 'arxiv:2606.00001'\n    relevant: true\n    sektion: medical-llm\n"
    with pytest.raises(InputError, match=r"bad\.yaml:5: unknown key 'items\.0\.sektion'"):
        parse_gold(text, "bad.yaml")


def test_a_negative_with_a_section_and_a_twice_labelled_key_are_refused() -> None:
    negative = "name: x\nitems:\n  - {key: 'arxiv:1', relevant: false, section: medical-llm}\n"
    with pytest.raises(InputError, match="not relevant has no section"):
        parse_gold(negative, "bad.yaml")
    twice = "name: x\nitems:\n  - {key: 'arxiv:1', relevant: false}\n  - {key: 'arxiv:1', relevant: true}\n"
    with pytest.raises(InputError, match="labelled twice"):
        parse_gold(twice, "bad.yaml")


def test_an_unknown_section_is_reported_with_the_known_ones(root: Path) -> None:
    gold = parse_gold("name: x\nitems:\n  - {key: 'title:a', relevant: true, section: medical-agents, title: A}\n", "g.yaml")
    with pytest.raises(InputError, match="unknown section 'medical-agents'.*medical-single-agent"):
        check_sections(gold, load_config(root / "curator.yaml"))


def test_a_missing_gold_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="gold file not found"):
        load_gold(tmp_path / "nope.yaml")


def test_the_decisions_memory_is_read_as_gold() -> None:
    text = """version: 1
decisions:
  arxiv:2606.01094:
    status: accepted
    section: medical-single-agent
    title: "CAREAgent: Clinical Agent with Structured Reasoning"
    week: 2026-W23
    decided_at: "2026-06-08T09:00:00Z"
    id: "2606.01094"
  title:some rejected paper:
    status: rejected
    section: medical-llm
    title: "Some Rejected Paper"
    week: 2026-W23
    decided_at: "2026-06-08T09:00:00Z"
"""
    gold = parse_gold(text, "data/decisions.yaml")
    assert gold.name == "decisions" and gold.texts == "inline"
    accepted, rejected = gold.items
    assert (accepted.key, accepted.relevant, accepted.section, accepted.text) == (
        "arxiv:2606.01094", True, "medical-single-agent", "title-only")
    assert (rejected.key, rejected.relevant, rejected.section) == ("title:some rejected paper", False, None)


def test_an_empty_decisions_memory_is_an_empty_gold_set() -> None:
    assert parse_gold("version: 1\ndecisions: {}\n", "data/decisions.yaml").items == []


def test_an_invalid_decision_names_the_file_and_line() -> None:
    text = "decisions:\n  arxiv:1:\n    status: maybe\n    title: T\n    week: W\n    decided_at: now\n"
    with pytest.raises(InputError, match=r"decisions\.yaml:3: decisions\.arxiv:1\.status"):
        parse_gold(text, "decisions.yaml")
