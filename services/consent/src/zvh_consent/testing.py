"""For the enforcement points' tests: the real Rego policy, evaluated in-process with regorus.

Intake's and overleg's tests use it as their PDP to check that they apply what the real policy
answers. Only the policy files and the decision rule are shared (``services/consent/policies``,
``data.zvh.authz.decision``); the subject is the request's, as the consent service takes it from
the token of the same user. The consent service adds logging and deadlines, which are not the
subject of these tests. ``convenanten`` (org → categorie → basis, valid from 2000 on) stands in
for consent's convenant register in ``input.registry``; without it only the ZVH has a basis.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import regorus
from zvh_contracts.pdp import Decision, DecisionRequest

from zvh_consent.adapters.policy_files import default_policy_dir, policy_files

RULE = "data.zvh.authz.decision"


class RegoPdp:
    """Decides with the real policy; records what it was asked and answered."""

    def __init__(
        self,
        policy_dir: Path | None = None,
        *,
        convenanten: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self._convenanten = convenanten or {}
        self._engine = regorus.Engine()
        folder = policy_dir or default_policy_dir()
        for path in policy_files(folder):
            self._engine.add_policy(path.relative_to(folder).as_posix(), path.read_text())
        self.asked: list[tuple[DecisionRequest, Decision]] = []

    def _decide(self, request: DecisionRequest) -> Decision:
        doc: dict[str, Any] = request.model_dump(mode="json")
        categorieen = self._convenanten.get(request.subject.org) if request.subject else None
        if categorieen is not None:
            doc["registry"] = {
                "nu": "2026-01-01T00:00:00Z",
                "vandaag": "2026-01-01",
                "convenant": {
                    "org": request.subject.org if request.subject else None,
                    "van": "2000-01-01",
                    "tot": None,
                    "herzien_op": "2030-01-01",
                    "categorieen": dict(categorieen),
                },
                "toestemmingen": [],
                "doorbrekingen": [],
            }
        # As JSON, as the service does: regorus's ``set_input`` turns a Python bool into 1.0.
        self._engine.set_input_json(json.dumps(doc))
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
