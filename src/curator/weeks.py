"""ISO weeks: the unit of the review loop (one candidates file and one PR per week).

Contract: `iso_week(when)` returns "YYYY-Www" (zero-padded, ISO 8601 week-numbering year, so
2026-12-31 may belong to 2027-W53's neighbour correctly), and `utc_now()` is the one clock callers
inject so tests can pin the week.
"""

from __future__ import annotations

from datetime import date, datetime, timezone


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso_week(when: date | datetime) -> str:
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"
