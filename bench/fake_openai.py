"""A local OpenAI-compatible chat-completions server for benchmarks and hostile-input tests.

Contract: `FakeOpenAI(latency=0.2, reply=...)` is a context manager that serves
`POST /v1/chat/completions` on 127.0.0.1 (a free port; `base_url` ends in `/v1`) from a threading HTTP
server, so concurrent requests wait in parallel, as on a real server. Each request is answered after
`latency` seconds with a *valid* structured reply for exactly the ids the request asked about (read
from the request's JSON schema enum, else from the `ids:` reminder in the prompt) and a category from
the schema's section ids, unless `reply(body)` returns another content string; `error(body)` may
return `{"status": 400, "message": "..."}` to answer with an HTTP error instead. It counts requests,
keeps every request's headers and bodies (so tests can grep what was sent), and is bounded: it
refuses to run longer than `max_seconds` (a watchdog shuts it down) and stops on exiting the block.
Only the standard library is used, so the server shares nothing with the client under test.

`FakeOpenAIProcess(latency=...)` runs the same server in a child process (`python fake_openai.py`), so
its own work does not compete for the client's GIL: benchmarks use it, tests use the in-thread one.
`count` then comes from the server's `GET /stats`. The child exits when its stdin closes.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_IDS_LINE = re.compile(r"Answer for exactly these ids: ([^\n]+?)\.(?:\n|$)")
Reply = Callable[[dict[str, Any]], str | None]
Error = Callable[[dict[str, Any]], dict[str, Any] | None]


def requested_ids(body: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(paper ids, section ids) a request asks about, from its schema or its prompt."""
    schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("schema")
    schema = schema or (body.get("response_format") or {}).get("schema")
    if schema:
        props = schema["properties"]["results"]["items"]["properties"]
        return list(props["id"]["enum"]), list(props["category"]["enum"])
    text = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
    match = _IDS_LINE.search(text)
    ids = [i.strip() for i in match.group(1).split(",")] if match else []
    return ids, re.findall(r'^- "([a-z0-9-]+)"', text, re.M) + ["none"]


def valid_answer(body: dict[str, Any]) -> str:
    """A valid answer: every asked id, a section picked deterministically from the id."""
    ids, sections = requested_ids(body)
    results = []
    for paper_id in ids:
        section = sections[sum(map(ord, paper_id)) % len(sections)] if sections else "none"
        results.append({"id": paper_id, "category": section, "confidence": 0.8,
                        "summary": "A benchmark answer for this paper.", "reason": "fake server"})
    return json.dumps({"results": results})


class FakeOpenAI:
    """See the module contract."""

    def __init__(self, *, latency: float = 0.2, reply: Reply | None = None, error: Error | None = None,
                 max_seconds: float = 300.0) -> None:
        self.latency = latency
        self.reply = reply
        self.error = error
        self.max_seconds = max_seconds
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._watchdog = threading.Timer(max_seconds, self._server.shutdown)
        self._watchdog.daemon = True

    @property
    def base_url(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}/v1"

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def __enter__(self) -> "FakeOpenAI":
        self._thread.start()
        self._watchdog.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._watchdog.cancel()
        self._server.shutdown()
        self._server.server_close()

    def answer(self, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.requests.append(body)
            self.headers.append({name.lower(): value for name, value in headers.items()})
        time.sleep(self.latency)
        failure = self.error(body) if self.error else None
        if failure is not None:
            return int(failure["status"]), {"error": {"message": failure["message"], "type": "invalid_request_error"}}
        content = self.reply(body) if self.reply else None
        content = valid_answer(body) if content is None else content
        prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
        return 200, {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model", "fake"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt_chars // 4, "completion_tokens": len(content) // 4,
                      "total_tokens": (prompt_chars + len(content)) // 4},
        }

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else headers and body wait 40 ms for a delayed ACK

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                self._send(200, {"requests": owner.count})

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                self._send(*owner.answer(body, dict(self.headers.items())))

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (base signature)
                return

        return Handler


class FakeOpenAIProcess:
    """The fake server in a child process; see the module contract."""

    def __init__(self, *, latency: float = 0.2, max_seconds: float = 300.0) -> None:
        self._args = [sys.executable, __file__, "--latency", str(latency), "--max-seconds", str(max_seconds)]
        self._proc: subprocess.Popen[str] | None = None
        self.base_url = ""

    @property
    def count(self) -> int:
        with urllib.request.urlopen(self.base_url + "/stats", timeout=10) as response:
            return int(json.load(response)["requests"])

    def __enter__(self) -> "FakeOpenAIProcess":
        self._proc = subprocess.Popen(self._args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        self.base_url = self._proc.stdout.readline().strip()
        if not self.base_url.startswith("http"):
            self._proc.kill()
            raise RuntimeError("the fake OpenAI server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description="serve fake chat completions until stdin closes")
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--max-seconds", type=float, default=300.0)
    args = parser.parse_args()
    with FakeOpenAI(latency=args.latency, max_seconds=args.max_seconds) as server:
        print(server.base_url, flush=True)
        stopper = threading.Thread(target=sys.stdin.read, daemon=True)
        stopper.start()
        stopper.join(args.max_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
