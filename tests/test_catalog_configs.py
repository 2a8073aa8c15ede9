"""The shipped configs for the three real lists load and describe their lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.catalog import load_catalog
from curator.config import load_config

ROOT = Path(__file__).resolve().parents[1]
CONFIG_FILES = [ROOT / "curator.yaml", *sorted((ROOT / "configs").glob("*.yaml"))]


def test_there_is_a_config_per_real_list():
    assert [p.name for p in CONFIG_FILES] == ["curator.yaml", "list-001.yaml", "list-002.yaml"]


@pytest.mark.parametrize("path", CONFIG_FILES, ids=lambda p: p.name)
def test_config_loads_and_its_list_parses(path: Path):
    config = load_config(path)
    assert config.path(config.list.path).is_file()
    catalog = load_catalog(config)
    assert catalog.entries and catalog.problems == []
    for section in config.sections:
        assert section.description.strip(), f"{section.id} needs a description for people and the prompt"
        if section.propose:
            assert section.keywords, f"{section.id} is proposed to but has no keywords"


def test_list_001_is_chinese_blocks_appended():
    config = load_config(ROOT / "configs" / "list-001.yaml")
    assert (config.list.format, config.list.order, config.summary.language) == ("blocks", "append", "zh")
    catalog = load_catalog(config)
    found = {s.id for s in catalog.sections if s.mapped}
    # The recorded copy of list 001 is cut off after its Medical LLM section: the two agent sections of
    # its table of contents are configured but have no heading in the file (lint reports them).
    assert set(config.section_ids) - found == {"medical-single-agent", "medical-multi-agent"}


def test_list_002_configures_nested_subsections_as_their_own_sections():
    config = load_config(ROOT / "configs" / "list-002.yaml")
    assert (config.list.format, config.list.order) == ("numbered", "append")
    catalog = load_catalog(config)
    assert {s.id for s in catalog.sections if s.mapped} == set(config.section_ids)
    parents = {s.id for s in catalog.sections if s.level == 2 and s.mapped} - {"survey-paper", "evaluation-benchmarking",
                                                                               "other-resources"}
    assert parents == {"various-modalities", "training-time-techniques", "test-time-techniques", "applications"}
    assert all(not config.section(p).propose for p in parents)
    assert {"reasoning-over-image", "clinical-diagnosis"} <= set(config.section_ids)
