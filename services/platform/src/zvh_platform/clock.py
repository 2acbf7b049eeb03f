"""The one clock of the keten: ``Clock.now()`` gives an aware UTC datetime.

Every service's use cases take a ``Clock`` (their ``application.ports`` re-export it) and the
bootstrap hands them ``SystemClock()``; tests pass a clock they can set and move. Domain code
never reads the time itself: it receives datetimes. Stored, such a datetime goes through
``zvh_platform.db.UtcDateTime``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
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


class MovableClock:
    """The real clock moved by an offset that a test writes to a file, read on every call.

    Services run as processes in the end-to-end tests; this is how such a test lets an actie's
    wanneer pass without waiting days. The file holds the offset in seconds (``"259200"`` is three
    days ahead); a missing or empty file means no offset. Only ``ZVH_TEST_CLOCK_FILE`` makes a
    service use it, and production refuses that setting (``ServiceSettings``). Tokens and sessions
    keep the real time: only the keten's Clock (termijnen, deadlines, dashboards) moves.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, float] | None = None

    def offset(self) -> timedelta:
        try:
            mtime = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return timedelta(0)
        if self._seen is None or self._seen[0] != mtime:
            text = self.path.read_text(encoding="utf-8").strip()
            self._seen = (mtime, float(text) if text else 0.0)
        return timedelta(seconds=self._seen[1])

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset()

    def move(self, by: timedelta) -> None:
        """Move the clock (the test's side): write the new total offset."""
        total = self.offset() + by
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(f"{total.total_seconds():.3f}", encoding="utf-8")
        tmp.replace(self.path)
