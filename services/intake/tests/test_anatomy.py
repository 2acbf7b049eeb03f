"""The service keeps the keten's anatomy: its moments are stored as aware UTC (``UtcDateTime``)."""

from __future__ import annotations

from zvh_intake.adapters.db.tables import metadata
from zvh_platform.db import platform_metadata, times_not_utc


def test_every_stored_time_is_utc() -> None:
    assert times_not_utc(metadata, platform_metadata) == []
