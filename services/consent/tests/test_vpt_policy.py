"""The meldpunt agressie en geweld through the real policy engine (issue 10 acceptance).

An employee of organisation A cannot read an incident of organisation B, a colleague of the same
organisation cannot either, and a VPT casemanager reads only what is assigned to it.
"""

from __future__ import annotations

import pytest
from consent_fakes import MemoryDecisionLog
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application.decide import Decide
from zvh_consent.application.ports import Requester
from zvh_contracts.pdp import Context, Decision, DecisionRequest, Resource, Subject

GEMEENTE = "gemeente-bergen-op-zoom"
USERS = {
    "wt.yilmaz": (GEMEENTE, ["medewerker"]),
    "lg.peters": (GEMEENTE, ["leidinggevende"]),
    "wt.collega": (GEMEENTE, ["medewerker", "deelnemer"]),
    "ggz.mulder": ("ggz-wnb", ["deelnemer"]),
    "lg.ggz": ("ggz-wnb", ["leidinggevende"]),
    "vpt.dewit": ("zvh", ["vpt-casemanager"]),
    "vpt.smits": ("zvh", ["vpt-casemanager"]),
    "pr.jansen": ("zvh", ["procesregisseur"]),
}


def _vraag(
    user: str, resource_type: str, *, action: str = "read", doel: str = "vpt-nazorg", **res: str
) -> tuple[DecisionRequest, Requester]:
    org, roles = USERS[user]
    resource = {"eigenaar": GEMEENTE, "melder": "wt.yilmaz", "casemanager": "vpt.dewit", **res}
    request = DecisionRequest(
        subject=Subject(user=user, org=org, roles=roles),
        action=action,
        resource=Resource(type=resource_type, item="i-1", **resource),
        context=Context(doel=doel),
    )
    return request, Requester(user=user, org=org, roles=tuple(roles))


class Pdp:
    """The consent use case with the real Rego policy, asked as a PEP would."""

    def __init__(self, decide: Decide) -> None:
        self._decide = decide

    async def __call__(self, request: DecisionRequest, requester: Requester) -> Decision:
        return await self._decide(request, requester=requester)


@pytest.fixture
def decide(regorus_engine: RegorusEngine, memory_log: MemoryDecisionLog) -> Pdp:
    return Pdp(Decide(engine=regorus_engine, decision_log=memory_log))


@pytest.mark.parametrize("resource_type", ["vpt-incident", "vpt-dossier"])
@pytest.mark.parametrize("user", ["wt.yilmaz", "lg.peters", "vpt.dewit"])
async def test_the_three_readers_read(decide: Pdp, user: str, resource_type: str) -> None:
    decision = await decide(*_vraag(user, resource_type))
    assert decision.allow, decision.reasons
    assert "log-inzage" in decision.obligations


@pytest.mark.parametrize("resource_type", ["vpt-incident", "vpt-dossier"])
@pytest.mark.parametrize("user", ["ggz.mulder", "lg.ggz", "wt.collega", "pr.jansen", "vpt.smits"])
async def test_nobody_else_reads(decide: Pdp, user: str, resource_type: str) -> None:
    decision = await decide(*_vraag(user, resource_type))
    assert not decision.allow


async def test_an_employee_of_another_org_cannot_read_the_incident(
    decide: Pdp, memory_log: MemoryDecisionLog
) -> None:
    # ggz.mulder is the melder of his own org's incident, not of the gemeente's.
    own = await decide(
        *_vraag("ggz.mulder", "vpt-incident", eigenaar="ggz-wnb", melder="ggz.mulder")
    )
    other = await decide(*_vraag("ggz.mulder", "vpt-incident", melder="ggz.mulder"))
    assert own.allow and not other.allow
    assert [s.beslissing.allow for s in memory_log.schakels] == [True, False]


async def test_a_colleague_is_refused_with_a_reason(decide: Pdp) -> None:
    decision = await decide(*_vraag("wt.collega", "vpt-incident"))
    assert decision.reasons == [
        "geweigerd: alleen de melder, de leidinggevende en de toegewezen VPT-casemanager lezen "
        "een melding agressie en geweld"
    ]


async def test_the_casemanager_reads_only_what_is_assigned(decide: Pdp) -> None:
    for resource_type in ("vpt-incident", "vpt-dossier"):
        assert not (await decide(*_vraag("vpt.smits", resource_type))).allow
        assigned = await decide(*_vraag("vpt.smits", resource_type, casemanager="vpt.smits"))
        assert assigned.allow
        # ... and then de Wit no longer reads it
        assert not (
            await decide(*_vraag("vpt.dewit", resource_type, casemanager="vpt.smits"))
        ).allow


async def test_overzicht_for_own_org_leidinggevende_and_the_casemanager(decide: Pdp) -> None:
    def overzicht(user: str, org: str) -> tuple[DecisionRequest, Requester]:
        return _vraag(user, "vpt-overzicht", doel="verantwoording", organisatie=org)

    assert (await decide(*overzicht("lg.peters", GEMEENTE))).allow
    assert not (await decide(*overzicht("lg.peters", "ggz-wnb"))).allow
    assert (await decide(*overzicht("vpt.smits", "ggz-wnb"))).allow
    assert not (await decide(*overzicht("wt.yilmaz", GEMEENTE))).allow
