"""The completer seam: one chat-completion request in, one plain-dict response out.

Contract:
- `Completer.complete(request) -> response`. `request` holds the OpenAI chat-completion parameters
  (`model`, `messages`, `response_format`, `temperature`, `max_tokens`) plus a `curator` entry of
  metadata (prompt name and hash, a readable label) that is hashed with the rest but never sent.
  `response` is `{"model", "choices": [{"finish_reason", "message": {"content", "refusal"}}],
  "usage": {"prompt_tokens", "completion_tokens", "cached_tokens"}}`.
- Failures are sorted by what the caller should do:
  `LLMError` (unreachable server, 401/403, unknown model): the whole run degrades to keywords;
  `RequestRejected` (400/422 and similar): this request's *shape* was refused, e.g. a server without
  `json_schema` support, so the structured-output ladder steps down or the batch falls back;
  `RequestFailed` (429 or 5xx after the client's own retries, a timeout): this batch failed.
This is the only module that imports `openai`; everything else is tested against fakes of this seam
(the openai 3.x client runs on its own HTTP stack, so patching httpx would not reach it).
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from ..errors import LLMError

SENT_KEYS = ("model", "messages", "response_format", "temperature", "max_tokens", "seed", "top_p")


class RequestRejected(Exception):
    """The server refused this request as malformed or unsupported (HTTP 400/422...)."""

    def __init__(self, status: int | None, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}" if status else message)
        self.status = status
        self.message = message


class RequestFailed(Exception):
    """This one request failed for a reason that may not recur (rate limit, server error, timeout)."""


class Completer(Protocol):
    """Anything that answers a chat-completion request dict with a response dict."""

    def complete(self, request: dict[str, Any]) -> dict[str, Any]: ...


def api_params(request: dict[str, Any]) -> dict[str, Any]:
    """The part of a request that is sent to the server (drops curator's metadata)."""
    return {key: request[key] for key in SENT_KEYS if request.get(key) is not None}


def _usage_dict(usage: Any) -> dict[str, int]:
    if usage is None:
        return {}
    details = getattr(usage, "prompt_tokens_details", None)
    cached = getattr(details, "cached_tokens", None) if details is not None else None
    return {
        "prompt_tokens": int(usage.prompt_tokens or 0),
        "completion_tokens": int(usage.completion_tokens or 0),
        "cached_tokens": int(cached or 0),
    }


def response_dict(completion: Any) -> dict[str, Any]:
    """A compact, JSON-serialisable view of an openai `ChatCompletion`."""
    choices = []
    for choice in completion.choices or []:
        message = choice.message
        choices.append(
            {
                "finish_reason": choice.finish_reason,
                "message": {
                    "content": getattr(message, "content", None),
                    "refusal": getattr(message, "refusal", None),
                },
            }
        )
    return {"model": completion.model, "choices": choices, "usage": _usage_dict(completion.usage)}


class OpenAICompleter:
    """A completer for any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp)."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 120.0,
        max_retries: int = 2,
    ) -> None:
        import openai

        self._openai = openai
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key and not self.base_url:
            raise LLMError(
                "no LLM server configured: OPENAI_API_KEY and OPENAI_BASE_URL are both unset",
                hint="set one of them, or use --classifier keywords",
            )
        # Kept only to be blanked out of server messages: some proxies echo the key in their errors.
        self._secret = key
        # Local servers (llama.cpp, Ollama, vLLM) accept any key; the client insists on one.
        self._client = openai.OpenAI(
            api_key=key or "no-key-needed", base_url=self.base_url, timeout=timeout, max_retries=max_retries
        )

    @property
    def server(self) -> str:
        """Identifies the server for remembering its structured-output support."""
        return self.base_url or "https://api.openai.com/v1"

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        params = api_params(request)
        response_format = params.pop("response_format", None)
        extra: dict[str, Any] = {}
        if response_format is not None:
            # Sent raw: llama.cpp's `{"type": "json_object", "schema": ...}` is not in the client's types.
            extra["extra_body"] = {"response_format": response_format}
        try:
            completion = self._client.chat.completions.create(**params, **extra)
        except self._openai.OpenAIError as exc:
            raise self._map_error(exc, params.get("model", "?")) from exc
        return response_dict(completion)

    def _map_error(self, exc: Exception, model: str) -> Exception:
        openai = self._openai
        where = self.server
        short = _short(exc, secret=self._secret)
        if isinstance(exc, openai.APITimeoutError):
            return RequestFailed(f"timed out waiting for {where}")
        if isinstance(exc, openai.APIConnectionError):
            return LLMError(f"{where}: cannot connect to the LLM server", hint="start it or check OPENAI_BASE_URL")
        if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
            return LLMError(f"{where}: the API key was refused (HTTP {exc.status_code})", hint="check OPENAI_API_KEY")
        if isinstance(exc, openai.NotFoundError):
            return LLMError(f"{where}: model '{model}' or the chat endpoint was not found (HTTP 404)",
                            hint="check llm.model in the config and OPENAI_BASE_URL (usually ends in /v1)")
        if isinstance(exc, openai.RateLimitError) and exc.code == "insufficient_quota":
            return LLMError(f"{where}: the account has no quota left (HTTP 429)", hint="check billing")
        if isinstance(exc, openai.InternalServerError) and "response_format" in short:
            # Some llama.cpp forks answer an unsupported response_format with a 500.
            return RequestRejected(exc.status_code, short)
        if isinstance(exc, (openai.RateLimitError, openai.InternalServerError)):
            return RequestFailed(f"{where}: HTTP {exc.status_code} after retries: {short}")
        if isinstance(exc, openai.APIStatusError):
            return RequestRejected(exc.status_code, short)
        return RequestFailed(f"{where}: {type(exc).__name__}: {short}")


def _short(exc: Exception, limit: int = 300, *, secret: str | None = None) -> str:
    text = " ".join(str(getattr(exc, "message", None) or exc).split())
    if secret:
        text = text.replace(secret, "[redacted]")
    return text if len(text) <= limit else text[: limit - 1] + "…"
