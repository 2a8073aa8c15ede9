"""Recorded LLM exchanges: record them from a live server, replay them offline, or script them.

Contract:
- `RecordingCompleter(inner, folder)` passes each request to `inner` and writes the exchange to
  `folder/<label>_<hash12>.json`: readable, indented JSON with the request (never an API key or auth
  header: requests carry none, and the transport's settings are not part of them), the response, or
  the server's rejection (so the ladder's detection is replayed too). Transient failures are not kept.
- `ReplayCompleter(folder)` serves those files by the full request hash; a miss raises `LLMError`
  naming the request (hash and label) and the command that records it.
- `ScriptedCompleter(replies)` serves queued replies in order (a content string, a response dict, an
  exception to raise, or a function of the request returning one of those) and keeps the requests it saw, for tests of the classifier's logic.
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..atomic import atomic_write_text
from ..errors import LLMError
from ..hashing import request_hash
from .completer import Completer, RequestRejected

Answer = str | dict[str, Any] | Exception
Reply = Answer | Callable[[dict[str, Any]], Answer]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def fixture_name(request: dict[str, Any]) -> str:
    """`<readable label>_<first 12 hex of the request hash>.json`."""
    label = str((request.get("curator") or {}).get("label") or "request")
    return f"{_UNSAFE.sub('-', label)[:80]}_{request_hash(request)[:12]}.json"


class RecordingCompleter:
    """Records every exchange with `inner` into a fixtures folder."""

    def __init__(self, inner: Completer, folder: Path) -> None:
        self.inner = inner
        self.folder = Path(folder)
        self.server = getattr(inner, "server", "record")

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        record: dict[str, Any] = {"request_hash": request_hash(request), "request": request}
        try:
            response = self.inner.complete(request)
        except RequestRejected as exc:
            record["error"] = {"kind": "rejected", "status": exc.status, "message": exc.message}
            self._write(request, record)
            raise
        record["response"] = response
        self._write(request, record)
        return response

    def _write(self, request: dict[str, Any], record: dict[str, Any]) -> None:
        text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        atomic_write_text(self.folder / fixture_name(request), text)


class ReplayCompleter:
    """Serves recorded exchanges; never touches the network."""

    server = "replay"

    def __init__(self, folder: Path, *, record_command: str | None = None) -> None:
        self.folder = Path(folder)
        self.record_command = record_command or (
            f"OPENAI_BASE_URL=http://127.0.0.1:8765/v1 curator triage --classifier llm --llm record "
            f"--fixtures {self.folder} <the same inputs and config>"
        )

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        digest = request_hash(request)
        for path in sorted(self.folder.glob(f"*_{digest[:12]}.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            if record.get("request_hash") != digest:
                continue
            error = record.get("error")
            if error:
                raise RequestRejected(error.get("status"), error.get("message", "rejected"))
            return record["response"]
        label = (request.get("curator") or {}).get("label", "request")
        raise LLMError(
            f"{self.folder}: no recorded LLM answer for request {digest[:12]} ({label})",
            hint=f"record it against a live server: {self.record_command}",
        )


class ScriptedCompleter:
    """A fake server answering from a queue, for logic tests."""

    server = "scripted"

    def __init__(self, replies: Iterable[Reply]) -> None:
        self.replies = deque(replies)
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.requests.append(request)
            if not self.replies:
                raise AssertionError(f"ScriptedCompleter: no reply queued for request {len(self.requests)}")
            reply = self.replies.popleft()
        if callable(reply):
            reply = reply(request)
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, str):
            return content_response(reply)
        return reply


def content_response(
    content: str | None, *, finish_reason: str = "stop", refusal: str | None = None, usage: dict[str, int] | None = None
) -> dict[str, Any]:
    """A response dict in the completer's shape."""
    return {
        "model": "scripted",
        "choices": [{"finish_reason": finish_reason, "message": {"content": content, "refusal": refusal}}],
        "usage": usage or {"prompt_tokens": 100, "completion_tokens": 20, "cached_tokens": 0},
    }
