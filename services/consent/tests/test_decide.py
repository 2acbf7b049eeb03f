"""decide(): allow only on an explicit, well-formed allow; every failure denies; all is logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from consent_fakes import HangingEngine, MemoryDecisionLog, StaticEngine, als, verzoek
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application.decide import (
    REDEN_FOUT,
    REDEN_NIET_GELOGD,
    REDEN_ONGELDIG,
    REDEN_TIMEOUT,
    Decide,
)
from zvh_consent.application.ports import PolicyEngineError
from zvh_consent.domain.beslissingenlog import REDEN_TE_LAAT

ALLOW = {
    "allow": True,
    "reasons": ["mag"],
    "obligations": ["log-inzage"],
    "grondslag": "wettelijke taak / convenant",
    "policy_version": "zvh-authz-1",
}
MELDING = verzoek("pr.jansen", "read", type="melding", item="m-1", eigenaar="politie-zwb")
PR = als("pr.jansen")


async def test_allow_gets_id_version_and_is_logged(memory_log: MemoryDecisionLog) -> None:
    engine = StaticEngine(ALLOW)
    decision = await Decide(engine=engine, decision_log=memory_log)(MELDING, requester=PR)
    assert decision.allow and decision.grondslag == "wettelijke taak / convenant"
    assert decision.obligations == ["log-inzage"]
    assert decision.policy_version == "sha256:test"
    assert decision.decision_id is not None
    assert engine.inputs == [MELDING.model_dump(mode="json")]
    [logged] = memory_log.schakels
    b = logged.beslissing
    assert (b.decision_id, b.allow, b.aanvrager) == (decision.decision_id, True, "pr.jansen")
    assert (b.user, b.org, b.resource_type, b.item, b.eigenaar, b.doel) == (
        "pr.jansen",
        "zvh",
        "melding",
        "m-1",
        "politie-zwb",
        "triage",
    )


async def test_engine_error_denies_with_its_reason(memory_log: MemoryDecisionLog) -> None:
    engine = StaticEngine(PolicyEngineError("geweigerd: de policy-server (OPA) is niet bereikbaar"))
    decision = await Decide(engine=engine, decision_log=memory_log)(MELDING, requester=PR)
    assert not decision.allow
    assert decision.reasons == ["geweigerd: de policy-server (OPA) is niet bereikbaar"]
    assert memory_log.schakels[0].beslissing.allow is False


async def test_unexpected_exception_denies(memory_log: MemoryDecisionLog) -> None:
    decision = await Decide(engine=StaticEngine(KeyError("x")), decision_log=memory_log)(
        MELDING, requester=PR
    )
    assert not decision.allow and decision.reasons == [REDEN_FOUT]


async def test_timeout_denies(memory_log: MemoryDecisionLog) -> None:
    decide = Decide(engine=HangingEngine(), decision_log=memory_log, timeout_s=0.05)
    decision = await decide(MELDING, requester=PR)
    assert not decision.allow and decision.reasons == [REDEN_TIMEOUT]
    assert len(memory_log.schakels) == 1


@pytest.mark.parametrize(
    "answer",
    [
        None,
        [],
        {},
        {"allow": "true", "grondslag": "x"},
        {"allow": 1, "grondslag": "x"},
        {"allow": True, "reasons": "ja", "grondslag": "x"},
        {"allow": True, "reasons": [], "obligations": [1], "grondslag": "x"},
        {"allow": True, "reasons": [], "grondslag": 3},
    ],
)
async def test_malformed_answers_deny(memory_log: MemoryDecisionLog, answer: Any) -> None:
    decision = await Decide(engine=StaticEngine(answer), decision_log=memory_log)(
        MELDING, requester=PR
    )
    assert not decision.allow and decision.reasons == [REDEN_ONGELDIG]


async def test_allow_without_grondslag_denies(memory_log: MemoryDecisionLog) -> None:
    answer = {**ALLOW, "grondslag": None}
    decision = await Decide(engine=StaticEngine(answer), decision_log=memory_log)(
        MELDING, requester=PR
    )
    assert not decision.allow and "grondslag" in decision.reasons[0]


async def test_unloggable_decision_is_a_deny(memory_log: MemoryDecisionLog) -> None:
    memory_log.fail = True
    decision = await Decide(engine=StaticEngine(ALLOW), decision_log=memory_log)(
        MELDING, requester=PR
    )
    assert not decision.allow and decision.reasons == [REDEN_NIET_GELOGD]
    assert decision.decision_id is not None


async def test_with_regorus_over_the_real_policy(
    regorus_engine: RegorusEngine, memory_log: MemoryDecisionLog
) -> None:
    decide = Decide(engine=regorus_engine, decision_log=memory_log)
    allowed = await decide(MELDING, requester=PR)
    denied = await decide(
        verzoek("agent.smit", "read", type="melding", item="m-1"), requester=als("agent.smit")
    )
    assert allowed.allow and allowed.policy_version == regorus_engine.policy_version
    # Without registers in the input the policy sees no convenant: a partner is denied.
    assert not denied.allow
    assert denied.reasons == ["geweigerd: politie-zwb heeft geen geldig convenant met het ZVH"]
    assert allowed.decision_id != denied.decision_id
    assert (await memory_log.verify_chain()).ok


class PickyEngine:
    """Allows every request except item ``m-kapot``, for which it raises."""

    policy_version = "sha256:test"

    async def evaluate(self, input_doc: Any) -> Any:
        if input_doc["resource"]["item"] == "m-kapot":
            raise PolicyEngineError("geweigerd: de policy-server (OPA) is niet bereikbaar")
        return ALLOW


def melding(item: str) -> Any:
    return verzoek("pr.jansen", "read", type="melding", item=item, eigenaar="politie-zwb")


async def test_many_keeps_order_and_logs_each(memory_log: MemoryDecisionLog) -> None:
    engine = StaticEngine(ALLOW)
    requests = [melding(f"m-{i}") for i in range(3)]
    decisions = await Decide(engine=engine, decision_log=memory_log).many(requests, requester=PR)
    assert [d.allow for d in decisions] == [True, True, True]
    assert engine.inputs == [r.model_dump(mode="json") for r in requests]
    assert [s.beslissing.item for s in memory_log.schakels] == ["m-0", "m-1", "m-2"]
    assert [s.beslissing.decision_id for s in memory_log.schakels] == [
        d.decision_id for d in decisions
    ]
    assert len({d.decision_id for d in decisions}) == 3
    assert {s.beslissing.aanvrager for s in memory_log.schakels} == {"pr.jansen"}
    assert all(d.policy_version == "sha256:test" for d in decisions)


async def test_many_denies_only_the_request_the_engine_fails(
    memory_log: MemoryDecisionLog,
) -> None:
    decisions = await Decide(engine=PickyEngine(), decision_log=memory_log).many(
        [melding("m-1"), melding("m-kapot"), melding("m-3")], requester=PR
    )
    assert [d.allow for d in decisions] == [True, False, True]
    assert decisions[1].reasons == ["geweigerd: de policy-server (OPA) is niet bereikbaar"]
    assert [s.beslissing.allow for s in memory_log.schakels] == [True, False, True]
    assert (await memory_log.verify_chain()).ok


async def test_many_times_out_per_request(memory_log: MemoryDecisionLog) -> None:
    decide = Decide(engine=HangingEngine(), decision_log=memory_log, timeout_s=0.05)
    decisions = await decide.many([melding("m-1"), melding("m-2")], requester=PR)
    assert [d.reasons for d in decisions] == [[REDEN_TIMEOUT], [REDEN_TIMEOUT]]
    assert len(memory_log.schakels) == 2


async def test_unloggable_batch_is_all_deny(memory_log: MemoryDecisionLog) -> None:
    memory_log.fail = True
    decisions = await Decide(engine=StaticEngine(ALLOW), decision_log=memory_log).many(
        [melding("m-1"), melding("m-2")], requester=PR
    )
    assert [(d.allow, d.reasons) for d in decisions] == [(False, [REDEN_NIET_GELOGD])] * 2
    assert all(d.decision_id is not None for d in decisions)
    assert memory_log.schakels == []


async def test_many_with_regorus_mixes_allow_and_deny(
    regorus_engine: RegorusEngine, memory_log: MemoryDecisionLog
) -> None:
    decide = Decide(engine=regorus_engine, decision_log=memory_log)
    await decide(MELDING, requester=PR)
    ander_doel = verzoek("pr.jansen", "read", doel="casusoverleg", type="melding", item="m-1")
    decisions = await decide.many([MELDING, ander_doel, MELDING], requester=PR)
    assert [d.allow for d in decisions] == [True, False, True]
    await decide(MELDING, requester=PR)
    check = await memory_log.verify_chain()
    assert check.ok and check.count == 5


class BatchEngine(StaticEngine):
    """Takes a batch in one call, as regorus does; the second document fails."""

    def __init__(self) -> None:
        super().__init__(ALLOW)
        self.calls: list[int] = []

    async def evaluate_many(self, docs: list[dict[str, Any]]) -> list[Any]:
        self.calls.append(len(docs))
        return [ALLOW, PolicyEngineError("geweigerd: kapot"), ALLOW][: len(docs)]


async def test_many_uses_one_engine_call_and_denies_only_the_failing_document(
    memory_log: MemoryDecisionLog,
) -> None:
    engine = BatchEngine()
    decisions = await Decide(engine=engine, decision_log=memory_log).many(
        [melding("m-1"), melding("m-2"), melding("m-3")], requester=PR
    )
    assert engine.calls == [3] and engine.inputs == []  # one call, not three
    assert [(d.allow, d.reasons) for d in decisions] == [
        (True, ["mag"]),
        (False, ["geweigerd: kapot"]),
        (True, ["mag"]),
    ]


async def test_many_with_a_wrong_length_answer_is_all_deny(memory_log: MemoryDecisionLog) -> None:
    decisions = await Decide(engine=BatchEngine(), decision_log=memory_log).many(
        [melding(f"m-{i}") for i in range(5)], requester=PR
    )
    assert all(not d.allow for d in decisions)


async def test_regorus_evaluates_a_batch_like_single_calls(regorus_engine: RegorusEngine) -> None:
    docs = [
        MELDING.model_dump(mode="json"),
        verzoek("agent.smit", "read", type="melding", item="m-1").model_dump(mode="json"),
    ]
    batch = await regorus_engine.evaluate_many(docs)
    single = [await regorus_engine.evaluate(d) for d in docs]
    assert batch == single
    assert [r["allow"] for r in batch] == [True, False]  # type: ignore[index]


# -- the subject comes from the token ---------------------------------------------------------


async def test_a_body_naming_another_user_is_decided_and_logged_as_the_token_user(
    regorus_engine: RegorusEngine, memory_log: MemoryDecisionLog
) -> None:
    """agent.smit's token, a body claiming pr.jansen: evaluated and logged as agent.smit."""
    vermomd = verzoek("pr.jansen", "read", type="melding", item="m-1", eigenaar="ggz-wnb")
    decision = await Decide(engine=regorus_engine, decision_log=memory_log)(
        vermomd, requester=als("agent.smit")
    )
    assert decision.allow is False  # pr.jansen would have been allowed (triage)
    [logged] = memory_log.schakels
    b = logged.beslissing
    assert (b.user, b.org, b.roles, b.aanvrager) == (
        "agent.smit",
        "politie-zwb",
        ("deelnemer",),
        "agent.smit",
    )
    assert not any(s.beslissing.user == "pr.jansen" for s in memory_log.schakels)


async def test_the_engine_sees_the_token_subject_not_the_body(
    memory_log: MemoryDecisionLog,
) -> None:
    engine = StaticEngine(ALLOW)
    decide = Decide(engine=engine, decision_log=memory_log)
    await decide(MELDING, requester=als("ggz.mulder"))
    zonder = MELDING.model_copy(update={"subject": None})
    await decide.many([zonder, MELDING], requester=als("ggz.mulder"))
    assert [doc["subject"] for doc in engine.inputs] == [
        {"user": "ggz.mulder", "org": "ggz-wnb", "roles": ["deelnemer"]}
    ] * 3
    assert {s.beslissing.user for s in memory_log.schakels} == {"ggz.mulder"}


# -- the log tells the truth: a late answer is no disclosure ---------------------------------


class Klok:
    """A clock the slow engine moves on: time passes only while it evaluates."""

    def __init__(self) -> None:
        self.nu = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.UTC)

    def now(self) -> dt.datetime:
        return self.nu


class TrageEngine(StaticEngine):
    """Answers ``answer`` after ``duur`` on ``klok`` (a PDP that answers late)."""

    def __init__(self, answer: Any, *, klok: Klok, duur: dt.timedelta) -> None:
        super().__init__(answer)
        self.klok = klok
        self.duur = duur

    async def evaluate(self, input_doc: Any) -> Any:
        self.klok.nu += self.duur
        return await super().evaluate(input_doc)


def traag(duur_s: float) -> tuple[Klok, MemoryDecisionLog, Decide]:
    klok = Klok()
    log = MemoryDecisionLog(clock=klok)
    engine = TrageEngine(ALLOW, klok=klok, duur=dt.timedelta(seconds=duur_s))
    return klok, log, Decide(engine=engine, decision_log=log, clock=klok)


async def test_an_answer_after_the_deadline_is_logged_and_answered_as_a_deny() -> None:
    klok, log, decide = traag(3.0)
    uiterlijk = klok.nu + dt.timedelta(seconds=2)
    decision = await decide(MELDING, requester=PR, uiterlijk=uiterlijk)
    assert decision.allow is False
    assert decision.reasons == [REDEN_TE_LAAT, "beleid: mag"]
    assert decision.grondslag is None and decision.obligations == []
    [logged] = log.schakels
    b = logged.beslissing
    assert (b.decision_id, b.allow, b.reasons, b.grondslag) == (
        decision.decision_id,
        False,
        (REDEN_TE_LAAT, "beleid: mag"),
        None,
    )
    assert b.uiterlijk == uiterlijk
    assert (await log.verify_chain()).ok


async def test_an_answer_in_time_is_logged_as_decided_with_its_deadline() -> None:
    klok, log, decide = traag(1.0)
    uiterlijk = klok.nu + dt.timedelta(seconds=2)
    decisions = await decide.many([MELDING, MELDING], requester=PR, uiterlijk=uiterlijk)
    assert [d.allow for d in decisions] == [True, True]
    assert [(s.beslissing.allow, s.beslissing.uiterlijk) for s in log.schakels] == [
        (True, uiterlijk)
    ] * 2


async def test_without_a_deadline_a_slow_answer_is_logged_as_decided() -> None:
    _klok, log, decide = traag(60.0)
    assert (await decide(MELDING, requester=PR)).allow is True
    assert log.schakels[0].beslissing.uiterlijk is None
