"""One decision table, two adapters: embedded regorus and an OPA server (stand-in)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from consent_fakes import met_registry, verzoek
from opa_standin import OpaStandIn
from zvh_consent.adapters.opa_server import OpaServerEngine
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application.ports import PolicyEngine, PolicyEngineError
from zvh_contracts.pdp import DecisionRequest
from zvh_platform.testing import free_port

CONVENANT = "wettelijke taak / convenant"
DEELNEMERS = ["politie-zwb", "gemeente-bergen-op-zoom"]
ITEM: dict[str, Any] = {
    "type": "informatie-item",
    "casus": "c-1",
    "item": "i-1",
    "categorie": "politie",
}

# (request, allow, grondslag)
TABLE: list[tuple[str, DecisionRequest, bool, str | None]] = [
    (
        "pr leest melding voor triage",
        verzoek("pr.jansen", "read", type="melding", item="m-1"),
        True,
        CONVENANT,
    ),
    (
        "pr leest melding voor ander doel",
        verzoek("pr.jansen", "read", doel="monitoring", type="melding"),
        False,
        None,
    ),
    (
        "notulist leest geen melding",
        verzoek("notulist.bakker", "read", type="melding"),
        False,
        None,
    ),
    (
        "eigenaar leest eigen item",
        verzoek("agent.smit", "read", doel="casusoverleg", eigenaar="politie-zwb", **ITEM),
        True,
        "eigenaar van de informatie",
    ),
    (
        "ander leest item niet",
        verzoek(
            "ggz.mulder",
            "read",
            doel="casusoverleg",
            deelnemers=["ggz-wnb"],
            eigenaar="politie-zwb",
            **ITEM,
        ),
        False,
        None,
    ),
    (
        "deelnemer leest actielijst",
        verzoek(
            "agent.smit",
            "read",
            doel="casusoverleg",
            deelnemers=DEELNEMERS,
            type="actielijst",
            casus="c-1",
        ),
        True,
        CONVENANT,
    ),
    (
        "niet-deelnemer leest geen actielijst",
        verzoek(
            "ggz.mulder",
            "read",
            doel="casusoverleg",
            deelnemers=DEELNEMERS,
            type="actielijst",
            casus="c-1",
        ),
        False,
        None,
    ),
    (
        "notulist schrijft actielijst",
        verzoek("notulist.bakker", "write", doel="casusoverleg", type="actielijst", casus="c-1"),
        True,
        CONVENANT,
    ),
    (
        "deelnemer schrijft geen actielijst",
        verzoek(
            "gemeente.visser",
            "write",
            doel="casusoverleg",
            deelnemers=DEELNEMERS,
            type="actielijst",
            casus="c-1",
        ),
        False,
        None,
    ),
    (
        "fg leest beslissingenlog",
        verzoek("fg.devries", "read", doel="toezicht", type="audit"),
        True,
        "wettelijke taak / toezicht FG (AVG art. 39)",
    ),
    ("fg leest geen melding", verzoek("fg.devries", "read", type="melding"), False, None),
    (
        "pr leest geen beslissingenlog",
        verzoek("pr.jansen", "read", doel="toezicht", type="audit"),
        False,
        None,
    ),
]


@pytest.fixture(params=["regorus", "opa"])
def engine(request: pytest.FixtureRequest) -> PolicyEngine:
    """Both adapters; the OPA one talks HTTP to the stand-in."""
    name = "regorus_engine" if request.param == "regorus" else "opa_engine"
    result: PolicyEngine = request.getfixturevalue(name)
    return result


@pytest.mark.parametrize(("case", "req", "allow", "grondslag"), TABLE, ids=[t[0] for t in TABLE])
async def test_decision_table(
    engine: PolicyEngine, case: str, req: DecisionRequest, allow: bool, grondslag: str | None
) -> None:
    decision = await engine.evaluate(met_registry(req))
    assert decision["allow"] is allow, case
    assert decision["grondslag"] == grondslag
    assert decision["reasons"], "every decision says why"
    if not allow:
        assert "geen regel staat dit toe" in decision["reasons"][0]


PSEUDONIEM = "0123456789abcdef0123456789abcdef"
CASUS_DEELNEMERS = ["politie-zwb", "ggz-wnb", "gemeente-roosendaal"]
ZORG = {
    "type": "informatie-item",
    "casus": "c-1",
    "item": "i-zorg",
    "eigenaar": "politie-zwb",
    "categorie": "zorg",
    "betrokkene": PSEUDONIEM,
}
WGBO = "convenant ZVH, binnen de behandelrelatie (WGBO, BW art. 7:457)"
TOESTEMMING = "toestemming van de cliënt (AVG art. 6 lid 1 a)"
VITAAL = "doorbreking: vitaal belang (AVG art. 6 lid 1 d)"


def toestemming(status: str, op: str, **changes: Any) -> dict[str, Any]:
    return {
        "id": f"t-{op}",
        "betrokkene": PSEUDONIEM,
        "casus": None,
        "doel": "casusoverleg",
        "ontvanger": "ggz-wnb",
        "categorie": "zorg",
        "van": "2026-01-01",
        "tot": None,
        "status": status,
        "gewijzigd_op": f"2026-11-{op}T08:00:00.000000Z",
        **changes,
    }


DOORBREKING = {
    "id": "d-1",
    "type": "vitaal-belang",
    "grondslag": VITAAL,
    "casus": "c-1",
    "item": None,
    "eigenaar": "politie-zwb",
    "user": "vt.dewit",
    "van": "2026-11-24T08:00:00.000000Z",
    "tot": "2026-11-24T12:00:00.000000Z",
}


def lees(user: str, **res: Any) -> DecisionRequest:
    return verzoek(user, "read", doel="casusoverleg", deelnemers=CASUS_DEELNEMERS, **res)


# (case, input, allow, grondslag, first reason starts with); the registers as the PDP adds them.
REGISTER_TABLE: list[tuple[str, dict[str, Any], bool, str | None, str]] = [
    ("basis uit het convenant", met_registry(lees("ggz.mulder", **ZORG)), True, WGBO, "ggz-wnb"),
    (
        "verlopen convenant leest niets",
        met_registry(lees("roosendaal.kok", **ZORG)),
        False,
        None,
        "geweigerd: het convenant van gemeente-roosendaal is verlopen op",
    ),
    (
        "verlopen convenant leest geen actielijst",
        met_registry(lees("roosendaal.kok", type="actielijst", casus="c-1")),
        False,
        None,
        "geweigerd: het convenant van gemeente-roosendaal is verlopen op",
    ),
    (
        "weigering gaat boven het convenant",
        met_registry(lees("ggz.mulder", **ZORG), toestemmingen=[toestemming("geweigerd", "20")]),
        False,
        None,
        "geweigerd: de cliënt heeft geen toestemming gegeven",
    ),
    (
        "latere toestemming heft de weigering op",
        met_registry(
            lees("ggz.mulder", **{**ZORG, "categorie": "politie"}),
            toestemmingen=[
                toestemming("geweigerd", "20", categorie="politie"),
                toestemming("gegeven", "21", categorie="politie"),
            ],
        ),
        True,
        TOESTEMMING,
        "de cliënt heeft toestemming gegeven",
    ),
    (
        "intrekking weigert weer",
        met_registry(
            lees("ggz.mulder", **ZORG),
            toestemmingen=[toestemming("gegeven", "21"), toestemming("ingetrokken", "22")],
        ),
        False,
        None,
        "geweigerd: de cliënt heeft geen toestemming gegeven",
    ),
    (
        "doorbreking opent, ook over een weigering",
        met_registry(
            lees("vt.dewit", **ZORG),
            toestemmingen=[toestemming("geweigerd", "20", ontvanger=None)],
            doorbrekingen=[DOORBREKING],
        ),
        True,
        VITAAL,
        "doorbreking (vitaal-belang)",
    ),
    (
        "ingetrokken item: ook geen doorbreking",
        met_registry(lees("vt.dewit", **ZORG, ingetrokken=True), doorbrekingen=[DOORBREKING]),
        False,
        None,
        "geweigerd: de eigenaar heeft dit item ingetrokken",
    ),
    (
        "beperkt tot de regie",
        met_registry(lees("ggz.mulder", **ZORG, beperkt_tot=["zvh"])),
        False,
        None,
        "geweigerd: de eigenaar heeft dit item beperkt tot zvh",
    ),
]


@pytest.mark.parametrize(
    ("case", "doc", "allow", "grondslag", "reden"),
    REGISTER_TABLE,
    ids=[t[0] for t in REGISTER_TABLE],
)
async def test_register_table(
    engine: PolicyEngine,
    case: str,
    doc: dict[str, Any],
    allow: bool,
    grondslag: str | None,
    reden: str,
) -> None:
    """The registers in the input weigh the same on both engines."""
    decision = await engine.evaluate(doc)
    assert decision["allow"] is allow, (case, decision["reasons"])
    assert decision["grondslag"] == grondslag
    assert decision["reasons"][0].startswith(reden), decision["reasons"]
    if allow:  # a non-eigenaar reading a betrokkene's data
        assert {"redact:bsn", "redact:geboortedatum"} <= set(decision["obligations"])


async def test_both_adapters_report_the_same_policy_version(
    regorus_engine: RegorusEngine, opa_engine: OpaServerEngine
) -> None:
    assert regorus_engine.policy_version == opa_engine.policy_version
    assert regorus_engine.policy_version.startswith("sha256:")


async def test_regorus_undefined_rule_raises_engine_error(policy_dir: Path) -> None:
    engine = RegorusEngine(policy_dir, rule="data.zvh.authz.bestaat_niet")
    try:
        with pytest.raises(PolicyEngineError, match="geweigerd"):
            await engine.evaluate({})
    finally:
        engine.close()


async def test_regorus_broken_policy_raises_engine_error(tmp_path: Path) -> None:
    (tmp_path / "kapot.rego").write_text("package zvh.authz\n\ndecision := {\n")
    engine = RegorusEngine(tmp_path)
    try:
        with pytest.raises(PolicyEngineError, match="niet worden geladen"):
            await engine.evaluate({})
    finally:
        engine.close()


async def test_opa_down_raises_engine_error(policy_dir: Path) -> None:
    engine = OpaServerEngine(url=f"http://127.0.0.1:{free_port()}", policy_dir=policy_dir)
    try:
        with pytest.raises(PolicyEngineError, match="niet bereikbaar"):
            await engine.evaluate({})
        assert await engine.healthy() is False
    finally:
        await engine.close()


@pytest.mark.parametrize(("mode", "match"), [("error", "fout"), ("garbage", "fout")])
async def test_opa_faults_raise_engine_error(
    opa_standin: tuple[OpaStandIn, str], opa_engine: OpaServerEngine, mode: str, match: str
) -> None:
    opa_standin[0].mode = mode
    with pytest.raises(PolicyEngineError, match=match):
        await opa_engine.evaluate(verzoek("pr.jansen", "read", type="melding").model_dump())


async def test_opa_undefined_result_raises_engine_error(
    opa_standin: tuple[OpaStandIn, str],
) -> None:
    _, url = opa_standin
    engine = OpaServerEngine(url=url)
    try:
        # An empty OPA (no policy loaded at that path) answers {} — undefined, so no decision.
        opa_standin[0].engine = __import__("regorus").Engine()
        with pytest.raises(PolicyEngineError, match="undefined"):
            await engine.evaluate({})
    finally:
        await engine.close()


async def test_opa_engine_queries_the_decision_rule(
    opa_standin: tuple[OpaStandIn, str], opa_engine: OpaServerEngine
) -> None:
    assert await opa_engine.healthy()
    answer: Any = await opa_engine.evaluate({})
    assert answer["allow"] is False
    assert opa_standin[0].queries == ["zvh/authz/decision"]


def test_opa_url_must_be_http() -> None:
    with pytest.raises(ValueError, match="OPA URL"):
        OpaServerEngine(url="opa:8181")
