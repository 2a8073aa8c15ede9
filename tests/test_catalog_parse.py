"""Parsing the three real awesome lists (000 bullets, 001 blocks, 002 numbered) into catalogs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from curator.catalog import Catalog, load_catalog, parse_catalog
from curator.config import Config, load_config
from curator.errors import CatalogError

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = {
    "000": ROOT / "curator.yaml",
    "001": ROOT / "configs" / "list-001.yaml",
    "002": ROOT / "configs" / "list-002.yaml",
}


@pytest.fixture(scope="module")
def catalogs() -> dict[str, tuple[Config, Catalog]]:
    result = {}
    for name, path in CONFIGS.items():
        config = load_config(path)
        result[name] = (config, load_catalog(config))
    return result


def counts(catalog: Catalog) -> dict[str, int]:
    return dict(Counter(e.section for e in catalog.entries))


def test_list_000_entry_counts_per_section(catalogs):
    _, catalog = catalogs["000"]
    assert counts(catalog) == {
        "medical-llm": 62, "medical-single-agent": 14, "medical-multi-agent": 26, "survey-benchmark": 27,
    }
    assert catalog.problems == []
    assert [s.id for s in catalog.sections if s.mapped] == [
        "medical-llm", "medical-single-agent", "medical-multi-agent", "survey-benchmark",
    ]


def test_list_000_reads_venue_variants_and_links(catalogs):
    _, catalog = catalogs["000"]
    by_title = {e.title: e for e in catalog.entries}
    doctor = by_title["DoctorGLM: Fine\u2011tuning your Chinese Doctor is not a Herculean Task"]
    assert (doctor.venue, doctor.year, doctor.arxiv_id) == ("arXiv", 2023, "2304.01097")  # ***arXiv***
    xray = by_title["XrayGLM: The first Chinese Medical Multimodal Model that Chest Radiographs Summarization"]
    assert (xray.venue, xray.year, xray.url) == (None, 2023, "https://github.com/WangRongsheng/XrayGLM")
    taiyi = next(e for e in catalog.entries if e.title.startswith("Taiyi"))
    assert taiyi.url.endswith("(%2Fprofile%3Fid%3D~Dinghao_Pan1)")  # balanced parentheses in the URL
    kg = next(e for e in catalog.entries if e.title.startswith("KG4Diagnosis"))
    assert kg.url == "" and kg.venue == "AAAI"
    html = next(e for e in catalog.entries if e.title.startswith("Autonomous Artificial Intelligence"))
    assert html.arxiv_id == "2404.04667"  # arxiv.org/html/...v1
    assert next(e for e in catalog.entries if e.title.startswith("DDO:")).arxiv_id == "2505.18630"  # www.arxiv.org
    rare = next(e for e in catalog.entries if e.title.startswith("RareBench"))
    assert rare.doi == "10.1145/3637528.3671576" and rare.venue == "KDD 2024"
    assert "\u2011" in next(e for e in catalog.entries if e.title.startswith("Beyond Self")).title


def test_list_000_lines_point_at_the_entries(catalogs):
    _, catalog = catalogs["000"]
    lines = catalog.text.split("\n")
    for entry, span in catalog.located():
        assert entry.line == span.start == span.end
        assert lines[entry.line - 1].startswith(f"- [{entry.title}]")


def test_section_at_scopes_a_line_to_its_innermost_section(catalogs):
    _, catalog = catalogs["002"]
    assert catalog.section_at(47).id == "reasoning-over-code"
    assert catalog.section_at(28).id == "various-modalities" and catalog.section_at(3) is None


def test_list_001_blocks_match_headings_by_the_english_in_parentheses(catalogs):
    _, catalog = catalogs["001"]
    assert counts(catalog) == {"agent-foundations": 7, "surveys": 7, "medical-llm": 4}
    surveys = catalog.section("surveys")
    assert surveys.heading == "📖 综述论文 (Surveys)" and surveys.mapped
    unmapped = [s.id for s in catalog.sections if not s.mapped]
    assert unmapped == ["目录", "阅读路线图"]  # kept, with slug ids; the roadmap's code block is not parsed
    assert catalog.problems == []


def test_list_001_block_fields(catalogs):
    _, catalog = catalogs["001"]
    med_palm2 = next(e for e in catalog.entries if "Med-PaLM 2" in e.title)
    assert med_palm2.authors == "Karan Singhal, Tao Tu, Juraj Gottweis et al.(Google)"
    assert med_palm2.venue == "Nature Medicine" and med_palm2.year == 2023
    assert med_palm2.fields == {"时间": "2023.05 / 2025.01 正式发表", "链接": "arXiv 2305.09617"}
    assert med_palm2.arxiv_id == "2305.09617" and med_palm2.summary.startswith("提出 Med-PaLM 2")
    react = catalog.entries[0]
    assert react.title == "ReAct: Synergizing Reasoning and Acting in Language Models"
    assert react.year == 2022 and "时间" not in react.fields and react.summary is None
    assert react.fields["为什么必读"].startswith("Agent 最核心范式")
    spans = catalog.spans
    assert (spans[0].start, spans[0].end, spans[0].number) == (70, 75, 1)  # heading .. closing ---


def test_list_001_truncated_last_block_stops_at_its_last_labelled_line(catalogs):
    _, catalog = catalogs["001"]
    last, span = catalog.located()[-1]
    assert last.title.startswith("PMC-LLaMA") and last.summary == "在 480 万篇生物医学学术"
    assert (span.start, span.end) == (179, 183)


def test_list_002_nested_and_empty_sections(catalogs):
    config, catalog = catalogs["002"]
    assert counts(catalog) == {
        "survey-paper": 1, "reasoning-over-image": 8, "reasoning-over-code": 3, "prompt-based-elicitation": 1,
    }
    by_id = {s.id: s for s in catalog.sections}
    assert set(config.section_ids) <= set(by_id)
    assert by_id["reasoning-over-image"].level == 3 and by_id["reasoning-over-image"].parent == "various-modalities"
    assert by_id["clinical-diagnosis"].heading == "Clinical Diagnosis \\& Decision Support"
    empty = [s.id for s in catalog.sections if s.mapped and not catalog.entries_in(s.id)]
    assert "reasoning-over-text" in empty and "treatment-planning" in empty and len(empty) == 17  # 4 parents + 13 empty leaves
    assert [s.id for s in catalog.sections if not s.mapped] == ["contributing", "license-citation"]
    assert catalog.problems == []  # the example entry inside the Contributing code fence is not an entry


def test_list_002_entry_shapes(catalogs):
    _, catalog = catalogs["002"]
    survey = catalog.entries[0]
    assert survey.url is None and survey.venue == "Preprint" and survey.year == 2025
    assert survey.authors.startswith("Wenxuan Wang, Zizhan Ma") and survey.fields == {"PDF": "`survey-paper.pdf`"}
    assert (catalog.spans[0].start, catalog.spans[0].end) == (23, 25)
    aaai = catalog.entries_in("prompt-based-elicitation")[0]
    assert (aaai.venue, aaai.year, aaai.arxiv_id) == ("AAAI", 2024, "2312.07399")
    biocoder = next(e for e in catalog.entries if e.title.startswith("BioCoder"))
    assert biocoder.url == "https://arxiv.org/abs/?" and biocoder.arxiv_id is None
    assert [s.number for _, s in catalog.located("reasoning-over-image")] == list(range(1, 9))


def test_unreadable_entry_lines_become_problems_with_their_line(catalogs):
    config, _ = catalogs["000"]
    text = "# T\n\n## Medical LLM\n- [Good](https://arxiv.org/abs/2401.00001), **_arXiv_**, 2024.\n" \
           "- [Broken title(https://x.org), 2024.\n- [Bad tail](https://x.org) 2024 nope\n"
    catalog = parse_catalog(text, config, source="t.md")
    assert len(catalog.entries) == 1
    assert [(p.line, p.code) for p in catalog.problems] == [(5, "malformed"), (6, "malformed")]
    assert str(catalog.problems[0]).startswith("t.md:5: malformed: ")


def test_entries_before_any_section_are_problems(catalogs):
    config, _ = catalogs["000"]
    catalog = parse_catalog("- [Lost](https://arxiv.org/abs/2401.00001), 2024.\n## Medical LLM\n", config, source="t.md")
    assert catalog.entries == [] and catalog.problems[0].line == 1


def test_unmapped_headings_keep_their_entries_under_a_slug(catalogs):
    config, _ = catalogs["000"]
    catalog = parse_catalog("## 🧪 Other Stuff\n- [X](https://arxiv.org/abs/2401.00001), 2024.\n", config, source="t")
    assert catalog.entries[0].section == "other-stuff"
    assert catalog.sections[0].mapped is False


def test_crlf_lists_parse_like_lf(catalogs):
    config, catalog = catalogs["000"]
    crlf = parse_catalog(catalog.text.replace("\n", "\r\n"), config, source="crlf")
    assert [e.model_dump() for e in crlf.entries] == [e.model_dump() for e in catalog.entries]


def test_missing_list_file_is_a_catalog_error_naming_it(tmp_path):
    config_file = tmp_path / "curator.yaml"
    config_file.write_text(CONFIGS["000"].read_text(encoding="utf-8").replace(
        "path: data/awesome-medical-llm-agent.md", "path: data/nope.md"), encoding="utf-8")
    with pytest.raises(CatalogError, match="nope.md: list file not found"):
        load_catalog(load_config(config_file))


def test_bold_prose_bullets_are_not_entries_or_problems():
    config = load_config(CONFIGS["002"])
    text = "## Contributing\n- **Fork** this repo\n1. Edit the list\n## Survey Paper\n- **A Survey**\n  *Ann Bee* Preprint'25\n"
    catalog = parse_catalog(text, config, source="t")
    assert [(e.title, e.authors, e.year) for e in catalog.entries] == [("A Survey", "Ann Bee", 2025)]
    assert catalog.problems == []
    blocks = load_config(CONFIGS["001"])
    prose = parse_catalog("## 🤝 如何贡献\n- **Fork** 本仓库\n- **作者**:stray label\n", blocks, source="t")
    assert [(p.line, p.code) for p in prose.problems] == [(3, "malformed")]
