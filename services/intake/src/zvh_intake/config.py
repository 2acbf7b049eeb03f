"""Intake's settings: the platform's, plus the pseudonym key it derives pseudonyms with
(env prefix ``ZVH_``)."""

from __future__ import annotations

from zvh_platform.settings import PseudoniemSettings, ServiceSettings


class IntakeSettings(ServiceSettings, PseudoniemSettings):
    service: str = "intake"
