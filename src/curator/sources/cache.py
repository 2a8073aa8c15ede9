"""On-disk cache of raw HTTP responses (diskcache), so a same-day re-run sends nothing.

Contract: `ResponseCache(folder, ttl_seconds)` stores successful responses (status, the headers the
sources read, body bytes) under the full request URL and forgets them after the TTL. Only 200s are
stored: an error, a 429 or an empty weekday feed must be asked again next time, never replayed.
The raw body is cached, not parsed papers, so a parser fix applies to cached data too.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import diskcache

from ..errors import CuratorError

KEPT_HEADERS = ("content-type", "link", "retry-after")


class ResponseCache:
    """A TTL cache of response bodies keyed by URL."""

    def __init__(self, folder: Path, ttl_seconds: float) -> None:
        self.folder = Path(folder)
        self.ttl_seconds = ttl_seconds
        try:
            self._cache = diskcache.Cache(str(self.folder))
        except OSError as exc:
            raise CuratorError(f"{self.folder}: cannot open the HTTP cache ({exc.strerror})",
                               hint="check sources.cache_dir or run with --no-cache") from exc

    def get(self, url: str) -> dict[str, Any] | None:
        """The cached response for `url` ({status, headers, body}) or None."""
        value = self._cache.get(url)
        return value if isinstance(value, dict) else None

    def put(self, url: str, status: int, headers: dict[str, str], body: bytes) -> None:
        kept = {name: headers[name] for name in KEPT_HEADERS if name in headers}
        self._cache.set(url, {"status": status, "headers": kept, "body": body}, expire=self.ttl_seconds)

    def delete(self, url: str) -> None:
        self._cache.delete(url)

    def close(self) -> None:
        self._cache.close()

    def __enter__(self) -> ResponseCache:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
