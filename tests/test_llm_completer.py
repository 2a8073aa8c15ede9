"""The openai-backed completer against a tiny local HTTP server on 127.0.0.1: what is sent, what comes
back, and how each failure is sorted (whole-run LLMError, per-request rejection, transient failure)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from curator.classify.completer import OpenAICompleter, RequestFailed, RequestRejected
from curator.errors import LLMError

OK_BODY = {
    "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "tiny",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": '{"results": []}'}}],
    "usage": {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14, "prompt_tokens_details": {"cached_tokens": 4}},
}


class Server:
    """Answers every POST with the queued (status, body) and keeps what it received."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, dict[str, Any]]] = []
        self.received: list[tuple[dict[str, str], dict[str, Any]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status, reply = outer.replies.pop(0)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    thread = threading.Thread(target=srv.httpd.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


REQUEST = {
    "model": "tiny",
    "messages": [{"role": "user", "content": "hi"}],
    "response_format": {"type": "json_object", "schema": {"type": "object"}},
    "temperature": 0.0,
    "max_tokens": 50,
    "curator": {"prompt": "classify.v1", "prompt_hash": "abc", "label": "x"},
}


def completer(server: Server) -> OpenAICompleter:
    return OpenAICompleter(base_url=server.url, api_key="sk-local", timeout=5, max_retries=0)


def test_sends_the_response_format_as_given_and_never_curators_metadata(server: Server) -> None:
    server.replies.append((200, OK_BODY))
    response = completer(server).complete(REQUEST)
    headers, body = server.received[0]
    assert body["response_format"] == {"type": "json_object", "schema": {"type": "object"}}
    assert "curator" not in body and body["max_tokens"] == 50
    assert headers["authorization"] == "Bearer sk-local"
    assert response["choices"][0]["message"]["content"] == '{"results": []}'
    assert response["usage"] == {"prompt_tokens": 11, "completion_tokens": 3, "cached_tokens": 4}


@pytest.mark.parametrize(
    ("status", "message", "expected", "text"),
    [
        (401, "Incorrect API key provided", LLMError, "API key was refused"),
        (403, "forbidden", LLMError, "API key was refused"),
        (404, "model not found", LLMError, "not found"),
        (400, "Invalid schema for response_format 'triage'", RequestRejected, "response_format"),
        (422, "response_format.type: Input should be 'text' or 'json_object'", RequestRejected, "json_object"),
        (500, "Input should be 'text' or 'json_object' at response_format.type", RequestRejected, "response_format"),
        (500, "CUDA out of memory", RequestFailed, "HTTP 500"),
        (429, "Rate limit reached", RequestFailed, "HTTP 429"),
    ],
)
def test_http_errors_are_sorted_by_what_the_caller_should_do(
    server: Server, status: int, message: str, expected: type[Exception], text: str
) -> None:
    server.replies.append((status, {"error": {"message": message, "type": "x", "code": None}}))
    with pytest.raises(expected, match=text) as caught:
        completer(server).complete(REQUEST)
    assert "\n" not in str(caught.value)


def test_spent_quota_degrades_the_run(server: Server) -> None:
    server.replies.append((429, {"error": {"message": "You exceeded your quota", "code": "insufficient_quota"}}))
    with pytest.raises(LLMError, match="no quota"):
        completer(server).complete(REQUEST)


def test_unreachable_server_is_an_llm_error_naming_it() -> None:
    dead = OpenAICompleter(base_url="http://127.0.0.1:9/v1", api_key="x", timeout=2, max_retries=0)
    with pytest.raises(LLMError, match=r"127\.0\.0\.1:9/v1: cannot connect"):
        dead.complete(REQUEST)


def test_no_server_configured_is_an_llm_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(LLMError, match="OPENAI_API_KEY and OPENAI_BASE_URL are both unset"):
        OpenAICompleter()
