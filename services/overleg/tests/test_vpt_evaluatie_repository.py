"""VPT evaluations and maatregelen in SQL (SQLite and PostgreSQL, migration 0016), through the
application service with a fake dossier lookup; the fake repository answers the same."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from overleg_fakes import FakePdp, FakeUnitOfWork, Store
from vpt_evaluatie_fakes import FakeDossierSleutels, FakeVptIntake, sleutels
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.vpt_evaluatie import (
    evaluatie_context,
    evaluatie_vastgesteld,
    leg_evaluatie_vast,
    stel_overzicht_op,
    voeg_maatregel_toe,
    zet_maatregel_status,
)
from zvh_overleg.domain.vpt_evaluatie import MaatregelStatus

NU = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
CM = Actor(user_id="vpt.dewit", org="zvh", roles=["vpt-casemanager"], token="t")
A = uuid.UUID(int=1)
B = uuid.UUID(int=2)
C = uuid.UUID(int=3)


def _dossiers() -> FakeDossierSleutels:
    return FakeDossierSleutels(
        {
            A: sleutels(dossier_id=A, gemeld_op=datetime(2026, 3, 1, 9, tzinfo=UTC)),
            # reported on new year's eve in Dutch time: counts for 2026, not 2025
            B: sleutels(dossier_id=B, gemeld_op=datetime(2025, 12, 31, 23, 30, tzinfo=UTC)),
            C: sleutels(
                dossier_id=C, organisatie="ggz-wnb", gemeld_op=datetime(2026, 5, 1, tzinfo=UTC)
            ),
        }
    )


async def _vul(uow) -> dict[str, uuid.UUID]:  # type: ignore[no-untyped-def]
    dossiers, pdp = _dossiers(), FakePdp()
    for d in (A, B, C):
        await leg_evaluatie_vast(
            d,
            wat_gebeurde="Dreiging aan de balie",
            wat_ging_goed="Collega kwam bij",
            wat_moet_anders="Tweede uitgang",
            met_team=d == A,
            deelnemers=5 if d == A else None,
            actor=CM,
            pdp=pdp,
            uow=uow,
            dossiers=dossiers,
            nu=NU,
        )
    ids = {}
    for naam, d, wanneer in (
        ("a1", A, date(2026, 12, 1)),
        ("a2", A, date(2026, 11, 30)),
        ("b1", B, date(2027, 1, 10)),
        ("c1", C, date(2026, 11, 25)),
    ):
        m = await voeg_maatregel_toe(
            d,
            wat=f"Maatregel {naam}",
            eigenaar="Teamleider",
            wanneer=wanneer,
            actor=CM,
            pdp=pdp,
            uow=uow,
            dossiers=dossiers,
            nu=NU,
        )
        ids[naam] = m.maatregel_id
    later = datetime(2026, 12, 5, 12, tzinfo=UTC)
    await zet_maatregel_status(
        A, ids["a1"], status="gedaan", actor=CM, pdp=pdp, uow=uow, dossiers=dossiers, nu=later
    )
    return ids


async def _bekijk(uow, ids) -> dict[str, object]:  # type: ignore[no-untyped-def]
    ctx = await evaluatie_context(uow, A, vandaag=date(2026, 12, 10))
    intake = FakeVptIntake({"totaal": 9, "per_soort": {"verbaal": 9}})
    overzicht = await stel_overzicht_op(
        jaar=2026,
        organisatie="gemeente-bergen-op-zoom",
        organisatie_naam="Bergen op Zoom",
        actor=CM,
        pdp=FakePdp(),
        uow=uow,
        intake=intake,
        vandaag=date(2026, 12, 10),
    )
    async with uow() as tx:
        alle = await tx.vpt_evaluaties.aantal_evaluaties(organisatie=None, jaar=2026)
        vorig = await tx.vpt_evaluaties.aantal_evaluaties(organisatie=None, jaar=2025)
        eigen = await tx.vpt_evaluaties.maatregelen_van(
            organisatie="gemeente-bergen-op-zoom", jaar=2026
        )
    return {
        "evaluatie": (
            ctx["evaluatie"].met_team,
            ctx["evaluatie"].deelnemers,
            ctx["evaluatie"].gemeld_jaar,
        ),
        "maatregelen": [(m.wat, m.status, m.afgerond_op is not None) for m in ctx["maatregelen"]],
        "te_laat": {m.wat for m in ctx["maatregelen"] if m.maatregel_id in ctx["te_laat"]},
        "alle": alle,
        "vorig": vorig,
        "eigen": sorted(m.wat for m in eigen),
        "regels": overzicht.regels(),
        "vastgesteld": (
            await evaluatie_vastgesteld(uow, A),
            await evaluatie_vastgesteld(uow, uuid.uuid4()),
        ),
        "intake": intake.vragen,
    }


VERWACHT = {
    "evaluatie": (True, 5, 2026),
    "maatregelen": [
        ("Maatregel a2", MaatregelStatus.OPEN, False),
        ("Maatregel a1", MaatregelStatus.GEDAAN, True),
    ],
    "te_laat": {"Maatregel a2"},
    "alle": 3,
    "vorig": 0,
    "eigen": ["Maatregel a1", "Maatregel a2", "Maatregel b1"],
    "vastgesteld": (True, False),
    "intake": [(2026, "gemeente-bergen-op-zoom", "t")],
}


async def test_sql_stores_evaluations_and_maatregelen(sessions) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory(sessions)
    ids = await _vul(uow)
    gezien = await _bekijk(uow, ids)
    assert {k: v for k, v in gezien.items() if k != "regels"} == VERWACHT
    # the overview counts 2 evaluations of 9 incidents for Bergen op Zoom (both small)
    assert ("Gemeld en geëvalueerd", "Geëvalueerd", None, "< 5") in list(gezien["regels"])  # type: ignore[call-overload]


async def test_the_fake_repository_answers_as_sql_does(sessions) -> None:  # type: ignore[no-untyped-def]
    store = Store()
    fake = lambda: FakeUnitOfWork(store)  # noqa: E731
    sql = uow_factory(sessions)
    uitkomsten = []
    for uow in (fake, sql):
        uitkomsten.append(await _bekijk(uow, await _vul(uow)))
    assert uitkomsten[0] == uitkomsten[1]


async def test_correcting_the_evaluation_replaces_it(sessions) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory(sessions)
    await _vul(uow)
    await leg_evaluatie_vast(
        A,
        wat_gebeurde="Bijgesteld",
        wat_ging_goed="Goed",
        wat_moet_anders="Anders",
        met_team=False,
        deelnemers=None,
        actor=CM,
        pdp=FakePdp(),
        uow=uow,
        dossiers=_dossiers(),
        nu=NU,
    )
    ctx = await evaluatie_context(uow, A, vandaag=NU.date())
    assert (ctx["evaluatie"].wat_gebeurde, ctx["evaluatie"].met_team) == ("Bijgesteld", False)
    async with uow() as tx:
        assert await tx.vpt_evaluaties.aantal_evaluaties(organisatie=None, jaar=2026) == 3


@pytest.mark.parametrize("status", ["vervallen", "open"])
async def test_a_status_change_is_stored(sessions, status: str) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory(sessions)
    ids = await _vul(uow)
    await zet_maatregel_status(
        C, ids["c1"], status=status, actor=CM, pdp=FakePdp(), uow=uow, dossiers=_dossiers(), nu=NU
    )
    async with uow() as tx:
        m = await tx.vpt_evaluaties.maatregel(C, ids["c1"])
        assert await tx.vpt_evaluaties.maatregel(A, ids["c1"]) is None  # another dossier's
    assert m is not None and m.status.value == status
    assert (m.afgerond_op is not None) == (status == "vervallen")


async def test_the_intake_client_asks_for_one_organisation_and_year() -> None:
    import httpx
    from zvh_overleg.adapters.intake import IntakeClient
    from zvh_overleg.application.intake import IntakeGeweigerd
    from zvh_overleg.application.vpt_evaluatie import incident_telling

    gezien: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        gezien.append(request)
        if request.url.params["organisatie"] == "ggz-wnb":
            return httpx.Response(403, json={"detail": "inzage geweigerd", "reasons": ["nee"]})
        return httpx.Response(
            200,
            json={
                "jaar": 2026,
                "organisatie": "gemeente-bergen-op-zoom",
                "totaal": 12,
                "per_soort": {"verbaal": 10, "fysiek": 3},
                "politie_ter_plaatse": 2,
                "urgent": 1,
            },
        )

    intake = IntakeClient(
        base_url="http://intake", client=httpx.AsyncClient(transport=httpx.MockTransport(handler))
    )
    body = await intake.vpt_overzicht(jaar=2026, organisatie="gemeente-bergen-op-zoom", token="tk")
    assert gezien[0].url.path == "/v1/vpt-overzicht"
    assert dict(gezien[0].url.params) == {"jaar": "2026", "organisatie": "gemeente-bergen-op-zoom"}
    assert gezien[0].headers["authorization"] == "Bearer tk"
    t = incident_telling(body)
    assert (t.totaal, dict(t.soorten), t.politie_ter_plaatse, t.urgent) == (
        12,
        {"verbaal": 10, "fysiek": 3},
        2,
        1,
    )
    with pytest.raises(IntakeGeweigerd):
        await intake.vpt_overzicht(jaar=2026, organisatie="ggz-wnb", token="tk")
