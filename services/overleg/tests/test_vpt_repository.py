"""VPT dossiers on SQLite and PostgreSQL, schema from the migrations (0015_vpt_dossiers)."""

from __future__ import annotations

import uuid
from datetime import date

from overleg_fakes import FixedClock
from sqlalchemy import select
from vpt_helpers import ORG, VptBeleidPdp, geregistreerd
from zvh_overleg.adapters.db.tables import casussen
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application import vpt
from zvh_overleg.application.ports import Actor
from zvh_overleg.domain.vpt import (
    OmBeslissing,
    SchadefondsStatus,
    VptActieStatus,
    VptAfsluitreden,
    ZittingSoort,
)
from zvh_platform.db import outbox_table

DEWIT = Actor(user_id="vpt.dewit", org="zvh", roles=["vpt-casemanager"], token="t")


class Ja:
    async def vastgesteld(self, dossier_id: uuid.UUID) -> bool:
        return True


async def test_dossier_round_trip(sessions) -> None:  # type: ignore[no-untyped-def]
    uow, clock, pdp = uow_factory(sessions), FixedClock(), VptBeleidPdp()
    event = geregistreerd()
    dossier_id = await vpt.open_dossier(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    assert dossier_id
    # a replay under another event id finds the same dossier
    assert (
        await vpt.open_dossier(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
        == dossier_id
    )

    async def w(wijziging: vpt.Wijziging) -> None:
        await vpt.wijzig(
            dossier_id, wijziging, actor=DEWIT, uow=uow, pdp=pdp, clock=clock, evaluaties=Ja()
        )

    await w(
        vpt.Aangifte(
            gedaan_op=date(2030, 3, 2),
            pv_nummer="PL2000-2030123456",
            domiciliekeuze=True,
            werkadres="Stadskantoor",
        )
    )
    await w(vpt.OmBesluit(OmBeslissing.DAGVAARDING, date(2030, 3, 3)))
    await w(vpt.NieuweZitting(date(2030, 7, 1), ZittingSoort.MEERVOUDIGE_KAMER, "Breda"))
    await w(vpt.NieuweZitting(date(2030, 6, 1), ZittingSoort.POLITIERECHTER, "Middelburg"))
    await w(vpt.Schade(True, SchadefondsStatus.TOEGEKEND, "mr. Bakker", "Bakker Advocaten"))
    await w(vpt.Verzuim(4))
    d = await vpt.lees_dossier(dossier_id, actor=DEWIT, uow=uow, pdp=pdp)
    await w(vpt.ActieGedaan(d.acties[0].actie_id))
    await w(vpt.Afsluiten(VptAfsluitreden.ANDERS, "naar de bedrijfsarts"))

    d = await vpt.lees_dossier(dossier_id, actor=DEWIT, uow=uow, pdp=pdp)
    assert (d.organisatie, d.melder, d.casemanager, d.gemeld_op) == (
        ORG,
        "wt.yilmaz",
        "vpt.dewit",
        event.gemeld_op,
    )
    assert d.aangifte is not None
    assert (d.aangifte.pv_nummer, d.aangifte.domiciliekeuze, d.aangifte.werkadres) == (
        "PL2000-2030123456",
        True,
        "Stadskantoor",
    )
    assert (d.om_beslissing, d.om_beslissing_op) == (OmBeslissing.DAGVAARDING, date(2030, 3, 3))
    assert [z.plaats for z in d.zittingen] == ["Middelburg", "Breda"]
    assert [(a.wanneer, a.status) for a in d.acties] == [
        (date(2030, 6, 1), VptActieStatus.GEDAAN),
        (date(2030, 7, 1), VptActieStatus.OPEN),
    ]
    assert d.schadevergoeding.voeging and d.schadevergoeding.advocaat_kantoor == "Bakker Advocaten"
    assert d.verzuimdagen == 4
    assert d.afgesloten and d.afsluitreden is VptAfsluitreden.ANDERS
    assert d.afsluit_toelichting == "naar de bedrijfsarts"
    listed = await vpt.leesbare_dossiers(actor=DEWIT, uow=uow, pdp=pdp)
    assert [x.dossier_id for x in listed] == [dossier_id]
    async with sessions() as s:
        assert (await s.execute(select(casussen))).all() == []  # no ZVH casus
        types = [r.event_type for r in await s.execute(select(outbox_table))]
    assert types == ["zvh.overleg.vpt.dossier-afgesloten.v1"]


async def test_dossiers_by_casus_or_client(sessions) -> None:  # type: ignore[no-untyped-def]
    """The incident's casus and client pseudonym are kept, and find the dossier back from the
    casus: by the casus it named, or by one of the casus' persons."""
    uow, clock = uow_factory(sessions), FixedClock()
    casus_id = uuid.uuid4()
    bij_casus = geregistreerd().model_copy(update={"casus_id": casus_id})
    bij_client = geregistreerd().model_copy(update={"client_pseudoniem": "pseudo-client-1"})
    los = geregistreerd()
    ids: dict[str, uuid.UUID] = {}
    for naam, e in (("casus", bij_casus), ("client", bij_client), ("los", los)):
        geopend = await vpt.open_dossier(event_id=uuid.uuid4(), event=e, uow=uow, clock=clock)
        assert geopend is not None
        ids[naam] = geopend
    async with uow() as tx:
        gevonden = await tx.vpt.bij_casus(casus_id, ["pseudo-client-1", "iemand-anders"])
        alleen_casus = await tx.vpt.bij_casus(casus_id, [])
        geen = await tx.vpt.bij_casus(uuid.uuid4(), ["niemand"])
        bewaard = await tx.vpt.get(ids["casus"])
    assert {d.dossier_id for d in gevonden} == {ids["casus"], ids["client"]}
    assert [d.dossier_id for d in alleen_casus] == [ids["casus"]]
    assert geen == []
    assert bewaard is not None and bewaard.casus_id == casus_id
