"""`lint_catalog` and `curator lint`: duplicates, broken links, unidentifiable entries, order, sections."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.catalog import LintProblem, lint_catalog, load_catalog, parse_catalog
from curator.catalog.order import sort_key
from curator.cli import main
from curator.config import load_config

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "catalog"


@pytest.fixture(scope="module")
def config000():
    return load_config(ROOT / "curator.yaml")


def lint_fixture(name: str, config) -> list[LintProblem]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return lint_catalog(parse_catalog(text, config, source=f"fixtures/{name}"), config)


def test_list_000_duplicate_is_found_across_sections(config000):
    problems = lint_catalog(load_catalog(config000), config000)
    duplicates = [p for p in problems if p.code == "duplicate"]
    assert [(p.line, p.message) for p in duplicates] == [
        (83, '"Few‑Shot Chain‑of‑Thought‑Driven Reasoning to Prompt LLMs for Open‑En…" also at line 37 (medical-llm)'),
    ]
    assert str(duplicates[0]).startswith("data/awesome-medical-llm-agent.md:83: duplicate: ")


def test_list_000_reports_its_empty_link_and_real_disorder_only(config000):
    problems = lint_catalog(load_catalog(config000), config000)
    assert [(p.line, p.code) for p in problems if p.code == "broken-link"] == [(139, "broken-link")]
    disorder = [p.line for p in problems if p.code == "out-of-order"]
    # Agentic.. left at the top of its section, DeID-GPT after DeepSeek, MED-Prompt after MedAlign,
    # MMedAgent before MeNTi, Enhancing before Empowering, ClinicalLab before CliBench,
    # "Exploring LLM" before "Exploring Large", MediQ before MedAgentBench, RareBench before R-Judge.
    assert disorder == [13, 31, 56, 88, 104, 131, 135, 141, 148]
    assert {p.code for p in problems} == {"duplicate", "broken-link", "out-of-order"}


def test_the_list_000_ordering_quirks_are_accepted():
    assert sort_key("CITRUS: x") > sort_key("ChatDoctor: y")  # case-insensitive
    assert sort_key("HuatuoGPT: Taming") < sort_key("HuatuoGPT-II, One-stage") < sort_key("HuatuoGPT‑o1: x")
    assert sort_key("Qilin-Med: Multi-stage") < sort_key("Qilin-Med-VL: Towards")
    assert sort_key("MeNTi: x") < sort_key('"My Nose Is Running." x')  # quotes ignored
    assert sort_key("Large Language Model‑Informed ECG") < sort_key("Large Language Models as")  # U+2011 as "-"
    assert sort_key("A Dual-Agent") < sort_key("Adaptive Reasoning")


def test_small_fixture_finds_every_kind_of_problem(config000):
    problems = lint_fixture("lint-bullets.md", config000)
    assert [(p.line, p.code) for p in problems] == [
        (0, "missing-section"),
        (5, "broken-link"),       # ()
        (6, "broken-link"),       # abs/?
        (7, "no-identifier"),     # ftp only
        (8, "broken-link"),       # no scheme
        (9, "no-identifier"),     # no link at all
        (10, "duplicate"),        # same arXiv id as line 4 (pdf link, no version)
        (10, "out-of-order"),
        (11, "malformed"),        # unreadable tail
        (14, "duplicate"),        # same normalised title as line 5
        (16, "duplicate"),        # same DOI as line 15 (publisher link, other case)
        (21, "duplicate-section"),
    ]
    by_line = {p.line: p for p in problems}
    assert by_line[0].message == "section 'survey-benchmark' has no heading \"Medical LLM & Agent Survey & Benchmark\""
    assert "no arXiv id, DOI or http(s) link" in by_line[7].message
    assert by_line[6].message.endswith("arXiv link without a paper id: https://arxiv.org/abs/?")
    assert str(by_line[0]) == f"fixtures/lint-bullets.md: missing-section: {by_line[0].message}"


def test_append_lists_are_not_checked_for_order(config000):
    config = config000.model_copy(update={"list": config000.list.model_copy(update={"order": "append"})})
    assert "out-of-order" not in {p.code for p in lint_fixture("lint-bullets.md", config)}


def test_list_002_broken_and_unidentified_entries():
    config = load_config(ROOT / "configs" / "list-002.yaml")
    problems = lint_catalog(load_catalog(config), config)
    assert [(p.line, p.code) for p in problems] == [(23, "no-identifier"), (47, "broken-link")]


def test_list_001_missing_agent_sections_are_reported():
    config = load_config(ROOT / "configs" / "list-001.yaml")
    problems = lint_catalog(load_catalog(config), config)
    assert [(p.line, p.code, p.message.split("'")[1]) for p in problems] == [
        (0, "missing-section", "medical-single-agent"), (0, "missing-section", "medical-multi-agent"),
    ]


def test_cli_lint_prints_problems_and_exits_1(capsys):
    assert main(["lint", "--config", str(ROOT / "curator.yaml")]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 11 and ":83: duplicate: " in out
    assert "11 problems" in err


def test_cli_lint_ok_on_a_clean_list(tmp_path, capsys):
    (tmp_path / "list.md").write_bytes((FIXTURES / "clean-bullets.md").read_bytes())
    config_text = (ROOT / "curator.yaml").read_text(encoding="utf-8")
    (tmp_path / "curator.yaml").write_text(
        config_text.replace("path: data/awesome-medical-llm-agent.md", "path: list.md"), encoding="utf-8")
    assert main(["lint", "--config", str(tmp_path / "curator.yaml")]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == "ok: 4 entries in 4 sections"


def test_cli_lint_missing_list_is_one_line_error(tmp_path, capsys):
    config_text = (ROOT / "curator.yaml").read_text(encoding="utf-8")
    (tmp_path / "curator.yaml").write_text(config_text.replace("awesome-medical-llm-agent.md", "gone.md"),
                                           encoding="utf-8")
    assert main(["lint", "--config", str(tmp_path / "curator.yaml")]) == 5
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "gone.md: list file not found" in err
