"""Keyed pseudonyms of betrokkenen: the one implementation lives in ``zvh_platform.pseudoniem``
(consent computes the same pseudonym for the FG's inzage report); re-exported for intake."""

from __future__ import annotations

from zvh_platform.pseudoniem import (
    PSEUDONIEM_LENGTE,
    normaliseer_naam,
    pseudoniem,
    sleutelgegeven,
)

__all__ = ["PSEUDONIEM_LENGTE", "normaliseer_naam", "pseudoniem", "sleutelgegeven"]
