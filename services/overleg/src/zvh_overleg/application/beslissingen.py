"""Reusing PDP decisions inside one live stream, so an open page does not flood the decision log.

A stream asks the PDP when it opens; each re-render reuses that answer for the same question
(same subject, action, resource and context) for at most ``GELDIG`` — then it asks again. A new
question (another casus, another eigenaar, changed deelnemers) always goes to the PDP. Errors
are not remembered: they are a deny now and asked again next time.

The question is the key, not the token: a stream belongs to one sign-in session, whose token is
renewed every few minutes (docs/security.md) while the subject in the question stays the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from zvh_contracts.pdp import Decision, DecisionRequest

from zvh_overleg.application.ports import Clock, PolicyDecisionPoint

GELDIG = timedelta(minutes=5)


class OnthoudendePdp:
    """A PolicyDecisionPoint wrapper that remembers decisions for one stream (in memory)."""

    def __init__(
        self, pdp: PolicyDecisionPoint, *, clock: Clock, geldig: timedelta = GELDIG
    ) -> None:
        self._pdp = pdp
        self._clock = clock
        self._geldig = geldig
        self._besluiten: dict[str, tuple[Decision, datetime]] = {}

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        sleutel = request.model_dump_json()
        nu = self._clock.now()
        found = self._besluiten.get(sleutel)
        if found is not None and nu - found[1] < self._geldig:
            return found[0]
        decision = await self._pdp.decide(request, token=token)
        self._besluiten[sleutel] = (decision, nu)
        return decision

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        """Remembered answers where fresh; the rest asked in one batch and remembered."""
        nu = self._clock.now()
        sleutels = [r.model_dump_json() for r in requests]
        antwoorden: list[Decision | None] = []
        for sleutel in sleutels:
            found = self._besluiten.get(sleutel)
            fresh = found is not None and nu - found[1] < self._geldig
            antwoorden.append(found[0] if found is not None and fresh else None)
        open_ = [i for i, a in enumerate(antwoorden) if a is None]
        if open_:
            nieuw = await self._pdp.decide_many([requests[i] for i in open_], token=token)
            if len(nieuw) != len(open_):
                raise ValueError("PDP gaf een ander aantal beslissingen dan gevraagd")
            for i, decision in zip(open_, nieuw, strict=True):
                self._besluiten[sleutels[i]] = (decision, nu)
                antwoorden[i] = decision
        return [a for a in antwoorden if a is not None]
