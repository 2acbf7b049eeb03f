"""Reusing PDP decisions inside one live stream, so an open page does not flood the decision log.

A stream asks the PDP when it opens; each re-render reuses that answer for the same question
(same subject, action, resource and context) for at most ``GELDIG`` — then it asks again. A new
question (another casus, another eigenaar, changed deelnemers) always goes to the PDP. Errors
are not remembered: they are a deny now and asked again next time.
"""

from __future__ import annotations

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
        self._besluiten: dict[tuple[str, str | None], tuple[Decision, datetime]] = {}

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        sleutel = (request.model_dump_json(), token)
        nu = self._clock.now()
        found = self._besluiten.get(sleutel)
        if found is not None and nu - found[1] < self._geldig:
            return found[0]
        decision = await self._pdp.decide(request, token=token)
        self._besluiten[sleutel] = (decision, nu)
        return decision
