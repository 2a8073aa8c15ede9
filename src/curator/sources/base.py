"""What every live source shares: the date window, the per-source result, arXiv's calendar.

Contract:
- `Window(since, until)`: inclusive UTC dates a source is asked to cover.
- `SourceResult`: the papers one source returned for its window, how many requests it sent, how far it
  actually got (`covered_until`, what the state file may remember), informational `notes` (a normal
  weekend-empty listing, filtered replacements) and `problems` (worth a look but not a failure, e.g.
  a stale feed). A failure is a SourceError, never an empty result.
- `Source`: anything with a `name` and `fetch(window) -> SourceResult`.
- `eastern_date(ts)`: arXiv announces on US-Eastern days (Mon-Fri), so weekends and announcement
  dates are judged on that clock.
- `checked_parse(...)`: parse a response body and turn anything unusable (HTML, wrong format, error
  feed, truncation) into a SourceError naming the URL.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Protocol

from pydantic import BaseModel, Field

from ..errors import InputError, SourceError
from ..models import Paper
from .formats import parse_bytes
from .http import HttpResponse
from .result import ParseResult

try:
    from zoneinfo import ZoneInfo

    EASTERN: timezone | ZoneInfo = ZoneInfo("America/New_York")
except (ImportError, KeyError):  # pragma: no cover - systems without tz data: EST is close enough for weekdays
    EASTERN = timezone(timedelta(hours=-5))


class Window(BaseModel):
    """Inclusive dates to cover."""

    since: date
    until: date

    def days(self) -> list[date]:
        span = (self.until - self.since).days
        return [self.since + timedelta(days=offset) for offset in range(max(span, -1) + 1)]

    def __str__(self) -> str:
        return f"{self.since.isoformat()}..{self.until.isoformat()}"


class SourceResult(BaseModel):
    """What one source fetched for its window."""

    name: str
    window: Window
    papers: list[Paper] = Field(default_factory=list)
    covered_until: date | None = None
    notes: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)


class Source(Protocol):
    name: str

    def fetch(self, window: Window) -> SourceResult: ...


def eastern_date(moment: datetime) -> date:
    """The US-Eastern calendar date of an aware datetime."""
    return moment.astimezone(EASTERN).date()


def epoch_to_utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def checked_parse(response: HttpResponse, expected: tuple[str, ...]) -> ParseResult:
    """Parse a 200 body as one of `expected` formats; anything else is a SourceError naming the URL."""
    try:
        result = parse_bytes(response.body, origin=response.url)
    except InputError as exc:
        raise SourceError(exc.message, hint=exc.hint) from exc
    if result.format not in expected:
        raise SourceError(f"{response.url}: expected {' or '.join(expected)}, got {result.format}",
                          hint="the endpoint changed or answered with something else; check the URL")
    if result.truncated:
        raise SourceError(f"{response.url}: the response is cut off ({len(result.papers)} complete entries)",
                          hint="a download problem; run again (use --no-cache if it repeats)")
    return result
