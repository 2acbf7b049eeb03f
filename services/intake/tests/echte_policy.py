"""The consent service's real Rego policy, evaluated in-process with regorus, as intake's PDP.

Only the policy files and the decision rule are shared (``services/consent/policies``,
``data.zvh.authz.decision``); the subject is the request's, as the consent service takes it from
the token of the same user. The consent service adds logging and deadlines, which are not the
subject of intake's tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import regorus
from zvh_contracts.pdp import Decision, DecisionRequest

POLICIES = Path(__file__).resolve().parents[2] / "consent" / "policies"
RULE = "data.zvh.authz.decision"


class RegoPdp:
    """Decides with the real policy; records what it was asked and answered."""

    def __init__(self, policy_dir: Path = POLICIES) -> None:
        self._engine = regorus.Engine()
        for path in sorted(policy_dir.rglob("*.rego")):
            if not path.name.endswith("_test.rego"):
                self._engine.add_policy(path.relative_to(policy_dir).as_posix(), path.read_text())
        self.asked: list[tuple[DecisionRequest, Decision]] = []

    def _decide(self, request: DecisionRequest) -> Decision:
        self._engine.set_input(request.model_dump(mode="json"))
        raw = self._engine.eval_rule(RULE)
        decision = Decision(
            allow=raw["allow"] is True,
            reasons=list(raw.get("reasons", [])),
            obligations=list(raw.get("obligations", [])),
            grondslag=raw.get("grondslag"),
            policy_version=raw.get("policy_version"),
        )
        self.asked.append((request, decision))
        return decision

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        return self._decide(request)

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        return [self._decide(r) for r in requests]
