"""`apply_entries`: insert and remove entries in the list's own order, keeping every other byte."""

from __future__ import annotations

import difflib
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from curator.catalog import apply_entries, entry_from_paper, load_catalog, parse_catalog, render_entry
from curator.catalog.text import split_lines
from curator.config import Config, load_config
from curator.errors import CatalogError
from curator.models import CatalogEntry, Paper

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "catalog"
CONFIGS = {
    "000": ROOT / "curator.yaml",
    "001": ROOT / "configs" / "list-001.yaml",
    "002": ROOT / "configs" / "list-002.yaml",
}


def config_of(name: str) -> Config:
    return load_config(CONFIGS[name])


def new(config: Config, section: str, title: str, arxiv_id: str = "2509.00001") -> CatalogEntry:
    paper = Paper(id=arxiv_id, title=title, authors=["Ada Lovelace", "Alan Turing"],
                  published=datetime(2025, 9, 1, tzinfo=timezone.utc))
    return entry_from_paper(paper, section, "一句话简介。", config)


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, inserted lines) with endings; fails if any kept line changed."""
    a, b = split_lines(before), split_lines(after)
    removed, inserted = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        assert tag in ("equal", "delete", "insert"), f"lines changed in place: {a[i1:i2]} -> {b[j1:j2]}"
        if tag != "equal":
            removed += a[i1:i2]
            inserted += b[j1:j2]
    return removed, inserted


def unnumbered(line: str) -> str:
    return re.sub(r"^(### )?\d+\. ", r"\1", line)


# One new paper per list into a non-empty section, one into an empty section where there is one,
# and one existing entry removed elsewhere.
CASES = {
    "000": (["medical-llm", "survey-benchmark"], "arxiv:2405.07960"),
    "001": (["surveys", "medical-llm"], "arxiv:2210.03629"),
    "002": (["reasoning-over-image", "treatment-planning", "reasoning-over-text"], "arxiv:2410.21591"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_apply_keeps_untouched_bytes_on_the_real_lists(name):
    config = config_of(name)
    catalog = load_catalog(config)
    sections, remove_key = CASES[name]
    add = [new(config, s, f"Bedside Reasoning Agents {i}", f"2509.0000{i}") for i, s in enumerate(sections)]
    after = apply_entries(catalog.text, add, {remove_key}, config)
    removed, inserted = changes(catalog.text, after)
    _, span = next((e, s) for e, s in catalog.located() if e.key == remove_key)
    assert removed == split_lines(catalog.text)[span.start - 1 : span.end]
    body = [unnumbered(line.rstrip("\n")) for line in inserted if line.rstrip("\n") != "---"]
    assert sorted(body) == sorted(unnumbered(line) for e in add for line in render_entry(e, config).split("\n"))
    reparsed = parse_catalog(after, config, source="after")
    assert {e.key for e in reparsed.entries} == (catalog.keys - {remove_key}) | {e.key for e in add}
    for entry in add:
        assert next(e for e in reparsed.entries if e.key == entry.key).section == entry.section
    assert apply_entries(after, add, {remove_key}, config) == after  # idempotent


def test_list_002_mojibake_header_and_trailing_spaces_survive_byte_for_byte():
    config = config_of("002")
    original = (ROOT / "data" / "lists" / "002-awesome-medical-reasoning.md").read_bytes()
    after = apply_entries(original.decode("utf-8"), [new(config, "reasoning-over-code", "Code Agents")], set(), config)
    head = original.split(b"## Various Modalities")[0]
    assert after.encode("utf-8").startswith(head)
    assert b"\xc3" in head  # the mojibake in the <summary> line
    assert after.encode("utf-8").endswith(original.split(b"### Reasoning over Code\n")[1].split(b"  \n\n\n\n")[-1])


def test_list_002_appends_with_the_next_number_and_renumbers_nothing():
    config = config_of("002")
    text = load_catalog(config).text
    add = [new(config, "reasoning-over-image", "Zed Imaging", "2509.00011"),
           new(config, "reasoning-over-image", "Alpha Imaging", "2509.00012"),
           new(config, "reasoning-over-text", "Text Only", "2509.00013")]
    after = apply_entries(text, add, set(), config)
    _, inserted = changes(text, after)
    assert [line.split(" **")[0] for line in inserted] == ["1.", "9.", "10."]
    image = after.split("### Reasoning over Image\n")[1].split("\n\n")[0].splitlines()
    assert image[-2].startswith("9. **[Zed Imaging]") and image[-1].startswith("10. **[Alpha Imaging]")
    assert after.split("### Reasoning over Text\n")[1].startswith("1. **[Text Only](https://arxiv.org/abs/2509.00013)**")


def test_list_000_inserts_alphabetically():
    config = config_of("000")
    text = load_catalog(config).text
    add = [new(config, "medical-llm", "Bedside Reasoning", "2509.00021"),
           new(config, "medical-llm", "A Aardvark Approach", "2509.00022"),
           new(config, "medical-llm", "Zzz Last of All", "2509.00023"),
           new(config, "survey-benchmark", "MedBench: Sorting Past a Misplaced Entry", "2509.00024")]
    after = apply_entries(text, add, set(), config).split("\n")
    at = {title: next(i for i, line in enumerate(after) if line.startswith(f"- [{title}")) for title in
          ["Bedside Reasoning", "A Aardvark Approach", "Zzz Last of All", "MedBench: Sorting"]}
    assert after[at["A Aardvark Approach"] + 1].startswith("- [A Foundational")  # before the in-order entries
    assert after[at["Bedside Reasoning"] - 1].startswith("- [A generalist vision")
    assert after[at["Bedside Reasoning"] + 1].startswith("- [Beyond Self")
    assert after[at["Zzz Last of All"] - 1].startswith("- [Zhongjing")
    assert after[at["Zzz Last of All"] + 1] == ""
    # MediQ sits out of place before MedAgentBench; the new entry goes by the in-order neighbours.
    assert after[at["MedBench: Sorting"] - 1].startswith("- [MedAgentsBench")
    assert after[at["MedBench: Sorting"] + 1].startswith("- [MedChain")


def test_list_001_blocks_append_with_separators_and_next_number():
    config = config_of("001")
    text = load_catalog(config).text
    after = apply_entries(text, [new(config, "surveys", "New Survey")], set(), config)
    _, inserted = changes(text, after)
    assert "".join(inserted) == (
        "### 8. New Survey\n- **作者**:Ada Lovelace et al.\n- **时间**:2025.09\n"
        "- **链接**:[arXiv 2509.00001](https://arxiv.org/abs/2509.00001)\n- **简介**:一句话简介。\n---\n"
    )
    assert after.split("### 8. New Survey")[0].endswith("---\n") and "---\n## 🧠 医学大模型" in after


def test_blocks_into_an_empty_section_after_its_intro_and_without_a_final_newline():
    config = config_of("001")
    text = (FIXTURES / "blocks-small.md").read_text(encoding="utf-8")
    add = [new(config, "surveys", "Into Empty"), new(config, "agent-foundations", "After Unclosed", "2509.00002"),
           new(config, "medical-single-agent", "Under Bare Heading", "2509.00003")]
    after = apply_entries(text, add, set(), config)
    assert after.startswith("## 📖 综述论文 (Surveys)\n> 引言一行\n> 引言两行\n### 1. Into Empty\n")
    assert "## 🤖 医学单智能体 (Medical Single Agent)\n### 1. Under Bare Heading\n" in after
    assert "- **链接**:https://example.org/x\n---\n### 2. After Unclosed\n" in after
    assert not after.endswith("\n") and after.endswith("---")
    changes(text + "\n", after + "\n")  # the old last line only gains the newline it lacked


def test_crlf_lists_keep_crlf_and_get_crlf_lines():
    config = config_of("000")
    text = (FIXTURES / "clean-bullets.md").read_text(encoding="utf-8").replace("\n", "\r\n")
    after = apply_entries(text, [new(config, "medical-single-agent", "Solo")], set(), config)
    assert "## Medical Single Agent\r\n- [Solo](https://arxiv.org/abs/2509.00001), **_arXiv_**, 2025.\r\n" in after
    assert after.count("\r\n") == after.count("\n")


def test_adding_an_entry_already_in_its_section_changes_nothing():
    config = config_of("000")
    catalog = load_catalog(config)
    again = [catalog.entries[5].model_copy(update={"line": None, "title": "Different Title, Same arXiv Id"})]
    assert apply_entries(catalog.text, again, set(), config) == catalog.text
    assert apply_entries(catalog.text, [], set(), config) == catalog.text


def test_moving_an_entry_is_remove_plus_add_and_a_rerun_is_a_no_op():
    config = config_of("000")
    catalog = load_catalog(config)
    entry = next(e for e in catalog.entries if e.title.startswith("Polaris"))
    moved = entry.model_copy(update={"section": "survey-benchmark", "line": None})
    once = apply_entries(catalog.text, [moved], {entry.key}, config)
    assert apply_entries(once, [moved], {entry.key}, config) == once
    assert [e.section for e in parse_catalog(once, config, source="x").entries if e.key == entry.key] == [
        "survey-benchmark"]


def test_unknown_or_missing_sections_are_catalog_errors():
    config = config_of("001")
    text = load_catalog(config).text
    with pytest.raises(CatalogError, match="unknown section id 'nope'"):
        apply_entries(text, [new(config, "nope", "X")], set(), config)
    with pytest.raises(CatalogError, match="section 'medical-multi-agent' has no heading \"Medical Multi Agent\""):
        apply_entries(text, [new(config, "medical-multi-agent", "X")], set(), config)
