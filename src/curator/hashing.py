"""Canonical JSON and the one request hash.

Contract: `request_hash(request)` is the only key for both the on-disk LLM cache and the recorded
fixtures, so a request that hits the cache also finds its fixture and vice versa. It covers what
changes the answer (model, prompt hash, messages, response schema, sampling parameters) and never
what does not (API key, base URL, timeouts, timestamps): callers pass only the former.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(value: Any) -> str:
    """Serialise with sorted keys and no insignificant whitespace, so equal values hash equally."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def request_hash(request: dict[str, Any]) -> str:
    """Hex SHA-256 of the canonical JSON of a request (excluding transport details by contract)."""
    return hashlib.sha256(canonical_json(request).encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    """Short hash of a text, e.g. a prompt file, for inclusion in requests and fixture names."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
