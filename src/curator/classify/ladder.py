"""The structured-output ladder: which `response_format` a server accepts, detected once and remembered.

Contract: servers differ. OpenAI (and vLLM, recent Ollama) take strict `json_schema`; llama.cpp-style
servers reject it and take `{"type": "json_object", "schema": ...}`; some take neither. `Ladder.mode()`
is the best mode not yet refused by this server; `step_down(mode, error)` is called when a request in
`mode` was rejected as malformed and moves one rung down (json_schema -> json_object -> plain JSON
instruction). The answer is validated by curator in every mode, so a lower rung costs reliability, not
correctness. With a `memory` (a diskcache in the LLM cache dir) the mode is remembered per server and
model across runs; record and replay runs pass none, so every recording contains its own detection.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Protocol

from .completer import RequestRejected

log = logging.getLogger(__name__)

MODES = ("json_schema", "json_object", "plain")
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "schema", "grammar", "structured")


class Memory(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any) -> Any: ...


def is_format_rejection(error: RequestRejected) -> bool:
    """Whether a rejection is about the response format rather than, say, the context length."""
    if error.status == 422:
        return True
    text = error.message.lower()
    return any(word in text for word in _FORMAT_WORDS)


def response_format(mode: str, schema: dict[str, Any]) -> dict[str, Any] | None:
    """The `response_format` parameter for a mode (None: plain instruction only)."""
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": "triage", "strict": True, "schema": schema}}
    if mode == "json_object":
        return {"type": "json_object", "schema": schema}
    return None


class Ladder:
    """The structured-output mode for one server and model."""

    def __init__(self, server: str, model: str, memory: Memory | None = None) -> None:
        self._key = f"structured-mode:{server}:{model}"
        self._memory = memory
        self._lock = threading.Lock()
        remembered = memory.get(self._key) if memory is not None else None
        self._mode = remembered if remembered in MODES else MODES[0]
        self._settled = remembered in MODES

    def mode(self) -> str:
        with self._lock:
            return self._mode

    @property
    def settled(self) -> bool:
        """True once a mode is known to work (remembered from an earlier run, or accepted in this one)."""
        with self._lock:
            return self._settled

    def accept(self, mode: str) -> None:
        """The server answered in `mode`: remember it, so later runs skip the probing."""
        with self._lock:
            if self._settled or mode != self._mode:
                return
            self._settled = True
            if self._memory is not None:
                self._memory.set(self._key, mode)

    def step_down(self, mode: str, error: RequestRejected) -> str | None:
        """The next mode after `mode` was rejected; None when there is no lower rung."""
        with self._lock:
            if MODES.index(self._mode) > MODES.index(mode):
                return self._mode
            if mode == MODES[-1]:
                return None
            self._mode = MODES[MODES.index(mode) + 1]
            log.info("server rejected response_format %s (%s); using %s", mode, error, self._mode)
            if self._memory is not None:
                self._memory.set(self._key, self._mode)
            return self._mode
