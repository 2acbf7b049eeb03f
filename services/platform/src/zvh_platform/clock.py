"""The one clock of the keten: ``Clock.now()`` gives an aware UTC datetime.

Every service's use cases take a ``Clock`` (their ``application.ports`` re-export it) and the
bootstrap hands them ``SystemClock()``; tests pass a clock they can set and move. Domain code
never reads the time itself: it receives datetimes. Stored, such a datetime goes through
``zvh_platform.db.UtcDateTime``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


def utcnow() -> datetime:
    """``SystemClock().now()`` for plumbing that has no clock handed to it (platform tables)."""
    return datetime.now(UTC)


class FixedClock:
    """A clock that stands at ``at`` until a test moves it (``clock.at += timedelta(...)``)."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("naive datetime: give the clock an aware (UTC) datetime")
        self.at = at

    def now(self) -> datetime:
        return self.at
