"""The structured-output ladder remembers a mode the server accepted, so later runs skip probing."""

from typing import Any

from curator.classify.ladder import Ladder


class DictMemory(dict):
    """The memory protocol (diskcache's get/set) over a dict."""

    def set(self, key: str, value: Any) -> None:
        self[key] = value


def test_a_fresh_ladder_is_unsettled_until_the_server_accepts_a_mode():
    memory = DictMemory()
    ladder = Ladder("http://127.0.0.1:8765/v1", "gemma", memory)
    assert not ladder.settled
    ladder.accept(ladder.mode())
    assert ladder.settled
    assert memory == {"structured-mode:http://127.0.0.1:8765/v1:gemma": "json_schema"}


def test_a_remembered_mode_is_settled_from_the_start_and_used():
    memory = DictMemory({"structured-mode:s:m": "json_object"})
    ladder = Ladder("s", "m", memory)
    assert ladder.settled and ladder.mode() == "json_object"


def test_accepting_a_mode_that_is_no_longer_current_changes_nothing():
    memory = DictMemory()
    ladder = Ladder("s", "m", memory)
    ladder.accept("plain")
    assert not ladder.settled and memory == {}
