"""`curator triage` end to end through the CLI entry point, offline, on the bundled example."""

import json
from pathlib import Path

import pytest

from curator.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data/examples/hf-medical-papers.jsonl"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """The shipped config, pointed at a copy of the list and a temporary candidates folder."""
    text = (ROOT / "curator.yaml").read_text(encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data/awesome-medical-llm-agent.md").write_bytes((ROOT / "data/awesome-medical-llm-agent.md").read_bytes())
    (tmp_path / "prompts").mkdir()
    path = tmp_path / "curator.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_jsonl_output_has_one_object_per_paper_with_the_stable_keys(config, capsys):
    assert main(["triage", "--config", str(config), "--input", str(EXAMPLE), "--format", "jsonl", "--classifier", "keywords"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 109
    for key in ("id", "title", "url", "relevant", "category", "summary", "confidence", "classifier", "reasons", "duplicate_of"):
        assert key in records[0]
    assert {r["category"] for r in records if r["relevant"]} <= {
        "medical-llm", "medical-single-agent", "medical-multi-agent", "survey-benchmark"}


def test_papers_the_list_already_has_are_marked_not_proposed(config, capsys):
    main(["triage", "--config", str(config), "--input", str(EXAMPLE), "--format", "jsonl", "--classifier", "keywords"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    known = [r for r in records if r["duplicate_of"]]
    # MedAgentBoard is both in list 000 (survey & benchmark section) and in the seed listings.
    board = next(r for r in known if r["title"].startswith("MedAgentBoard"))
    assert board["category"] == "survey-benchmark" and board["classifier"] == "memory"


def test_write_twice_proposes_nothing_twice(config, capsys):
    args = ["triage", "--config", str(config), "--input", str(EXAMPLE), "--classifier", "keywords", "--write"]
    assert main(args) == 0
    files = list((config.parent / "candidates").glob("*-W*.yaml"))
    assert len(files) == 1
    first = files[0].read_bytes()
    assert main(args) == 0
    assert files[0].read_bytes() == first
    assert "0 new candidates" in capsys.readouterr().err


def test_markdown_output_uses_the_lists_own_headings_and_style(config, capsys):
    main(["triage", "--config", str(config), "--input", str(EXAMPLE), "--format", "markdown", "--classifier", "keywords"])
    out = capsys.readouterr().out
    # The seed papers carry no link (the listing text has none), so entries are titled without one.
    assert "## Medical LLM\n- Clinical Camel: " in out
    assert "## Medical Multi Agent\n- " in out and ", **_arXiv_**, 20" in out


def test_a_missing_input_file_is_one_line_naming_it(config, capsys):
    code = main(["triage", "--config", str(config), "--input", "nope.xml", "--classifier", "keywords"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 4 and len(err) == 1 and "nope.xml" in err[0]


def test_an_html_page_saved_as_a_feed_is_rejected_clearly(config, tmp_path, capsys):
    page = tmp_path / "feed.xml"
    page.write_text("<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>", encoding="utf-8")
    code = main(["triage", "--config", str(config), "--input", str(page), "--classifier", "keywords"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 4 and len(err) == 1 and "feed.xml" in err[0] and "HTML" in err[0]


def test_a_config_typo_is_one_line_with_its_line_number(config, capsys):
    config.write_text(config.read_text(encoding="utf-8").replace("candidates_dir:", "candidate_dir:"), encoding="utf-8")
    code = main(["triage", "--config", str(config), "--input", str(EXAMPLE)])
    err = capsys.readouterr().err.strip()
    assert code == 3 and "unknown key 'candidate_dir'" in err and "\n" not in err


def test_every_command_has_help():
    parser = build_parser()
    subcommands = parser._subparsers._group_actions[0].choices
    assert {"triage", "lint"} <= set(subcommands)
    for sub in subcommands.values():
        assert sub.format_help().startswith("usage: curator")


def test_version_is_printed(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("curator 0.1.0")


def test_the_default_auto_classifier_works_without_an_llm_configured(config, capsys, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert main(["triage", "--config", str(config), "--input", str(EXAMPLE), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 109 and {r["classifier"] for r in records} <= {"keywords", "memory"}


def test_triage_never_proposes_a_paper_the_maintainer_rejected(config, capsys):
    key = "title:clinical camel an open source expert level medical language model with dialogue based knowledge encoding"
    (config.parent / "data/decisions.yaml").write_text(
        "version: 1\ndecisions:\n"
        f"  '{key}':\n    status: rejected\n    section: medical-llm\n    title: Clinical Camel\n"
        "    week: 2026-W40\n    decided_at: '2026-10-01T00:00:00Z'\n",
        encoding="utf-8",
    )
    main(["triage", "--config", str(config), "--input", str(EXAMPLE), "--format", "jsonl", "--classifier", "keywords"])
    camel = next(json.loads(line) for line in capsys.readouterr().out.splitlines() if "Clinical Camel" in line)
    assert camel["duplicate_of"] and not camel["relevant"]
