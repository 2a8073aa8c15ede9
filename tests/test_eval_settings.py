"""`--compare` operands: the spellings of a classifier setting."""

from __future__ import annotations

import pytest

from curator.errors import CuratorError
from curator.evaluate import Setting, parse_setting

BASE = Setting(classifier="keywords", llm="replay")


def test_a_prompt_file_means_the_llm_with_that_prompt() -> None:
    assert parse_setting("prompts/classify.v2.md", BASE) == Setting(classifier="llm", prompt="prompts/classify.v2.md")


def test_name_value_pairs_override_the_other_flags_and_imply_the_llm() -> None:
    setting = parse_setting("model=gemma-3-270m, batch_size=4,max_tokens=1024", BASE)
    assert (setting.classifier, setting.model, setting.batch_size, setting.max_tokens) == ("llm", "gemma-3-270m", 4, 1024)
    assert parse_setting("keywords", Setting(classifier="llm")).classifier == "keywords"


@pytest.mark.parametrize("spec", ["modle=x", "batch_size=four", "classifier=bert", "model="])
def test_unreadable_operands_say_what_is_accepted(spec: str) -> None:
    with pytest.raises(CuratorError, match="--compare"):
        parse_setting(spec, BASE)


def test_record_mode_serves_recorded_answers_and_asks_the_server_only_for_missing_ones(tmp_path) -> None:
    from curator.classify.replay import RecordingCompleter, ScriptedCompleter
    from curator.evaluate.settings import FillInCompleter

    first = {"model": "m", "messages": [{"role": "user", "content": "one"}], "curator": {"label": "one"}}
    second = {"model": "m", "messages": [{"role": "user", "content": "two"}], "curator": {"label": "two"}}
    RecordingCompleter(ScriptedCompleter(['{"results": []}']), tmp_path).complete(first)
    server = ScriptedCompleter(['{"results": [1]}'])
    fill_in = FillInCompleter(tmp_path, server)
    assert fill_in.complete(first)["choices"][0]["message"]["content"] == '{"results": []}'
    assert fill_in.complete(second)["choices"][0]["message"]["content"] == '{"results": [1]}'
    assert [r["curator"]["label"] for r in server.requests] == ["two"]


def test_recordings_keep_the_prompt_examples_they_were_made_with(tmp_path, root) -> None:
    from curator.config import load_config
    from curator.evaluate.settings import EXAMPLES_FILE, frozen_examples

    config = load_config(root / "curator.yaml")
    current = frozen_examples(tmp_path, config, write=False)
    assert current and not (tmp_path / EXAMPLES_FILE).exists()
    assert frozen_examples(tmp_path, config, write=True) == current
    (tmp_path / EXAMPLES_FILE).write_text('{"medical-llm": ["An entry the list no longer has"]}')
    assert frozen_examples(tmp_path, config, write=True) == {"medical-llm": ["An entry the list no longer has"]}
