"""Config validation: typos and bad values are one line naming the file and line."""

from pathlib import Path

import pytest

from curator.config import load_config, parse_config
from curator.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_config_for_list_000_loads_with_its_four_sections():
    config = load_config(ROOT / "curator.yaml")
    assert config.section_ids == ["medical-llm", "medical-single-agent", "medical-multi-agent", "survey-benchmark"]
    assert config.path(config.list.path).is_file()


def test_unknown_key_is_rejected_with_file_and_line():
    text = (ROOT / "curator.yaml").read_text(encoding="utf-8").replace("  title_weight:", "  title_wieght:")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "title_wieght" in l)
    with pytest.raises(ConfigError) as error:
        parse_config(text, source="curator.yaml")
    assert str(error.value).startswith(f"curator.yaml:{line}: unknown key 'relevance.title_wieght'")


def test_invalid_value_names_the_key_and_line():
    text = "list:\n  path: x.md\nsections:\n  - id: Bad Id\n    heading: X\nrelevance:\n  domain: [a]\n  topic: [b]\n"
    with pytest.raises(ConfigError, match=r"^cfg.yaml:4: sections.0.id: String should match pattern"):
        parse_config(text, source="cfg.yaml")


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(ConfigError, match=r"^cfg.yaml:4: invalid YAML"):
        parse_config("list:\n  path: x\n  bad: [1\nsections: []\n", source="cfg.yaml")


def test_missing_config_file_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_duplicate_section_ids_are_rejected():
    text = (
        "list: {path: x.md}\nsections:\n  - {id: a, heading: A}\n  - {id: a, heading: B}\n"
        "relevance: {domain: [x], topic: [y]}\n"
    )
    with pytest.raises(ConfigError, match="duplicate section ids: a"):
        parse_config(text, source="c.yaml")
