"""Overleg's settings: the platform's, the intake client's and the staff UI's sign-in sessions
(prefix ``ZVH_``). Each adapter class here is what that adapter is handed."""

from __future__ import annotations

from datetime import timedelta

from pydantic import PositiveInt
from zvh_platform.settings import AdapterSettings, ServiceSettings


class IntakeClientSettings(AdapterSettings):
    """Where the intake service answers (``ZVH_INTAKE_URL``): melding content, triage."""

    intake_url: str = "http://127.0.0.1:8001"


class NotifyClientSettings(AdapterSettings):
    """Where the notify service answers (``ZVH_NOTIFY_URL``): the postvak's termijn signals."""

    notify_url: str = "http://127.0.0.1:8003"


class OverlegSettings(ServiceSettings, IntakeClientSettings, NotifyClientSettings):
    service: str = "overleg"
    #: The UI's public address (``ZVH_UI_URL``): the identity providers send users back to
    #: ``{ui_url}/aanmelden/terug``, so it must be the address the browser uses.
    ui_url: str = "http://127.0.0.1:8000"
    #: A session nobody used for this long ends (``ZVH_SESSIE_IDLE_MIN``, default 30 minutes).
    sessie_idle_min: PositiveInt = 30
    #: And every session ends this long after sign-in (``ZVH_SESSIE_MAX_UUR``, default 10 hours).
    sessie_max_uur: PositiveInt = 10

    def sessie_idle(self) -> timedelta:
        return timedelta(minutes=self.sessie_idle_min)

    def sessie_max(self) -> timedelta:
        return timedelta(hours=self.sessie_max_uur)
