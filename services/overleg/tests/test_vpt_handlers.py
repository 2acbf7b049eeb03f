"""The VPT dossier's use cases with fakes: opened once from intake's event (through the
consumer), scoped reads, writes only by the assigned casemanager, closing after the evaluation."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from faststream.kafka import KafkaBroker, TestKafkaBroker
from overleg_fakes import FakeUnitOfWork, FixedClock, Store
from vpt_helpers import ORG, VptBeleidPdp, geregistreerd
from zvh_contracts import topics
from zvh_contracts.envelope import Envelope
from zvh_contracts.overleg.vpt_v1 import VptDossierAfgesloten
from zvh_overleg.application import vpt
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.ports import Actor
from zvh_overleg.domain.vpt import (
    VptAfsluitreden,
    VptDossierOngeldig,
    ZittingSoort,
    dossier_id_van,
)
from zvh_overleg.entrypoints.consumers import register_consumers
from zvh_platform.consuming import Consumers
from zvh_platform.settings import ServiceSettings

DEWIT = Actor(user_id="vpt.dewit", org="zvh", roles=["vpt-casemanager"], token="t")
SMITS = Actor(user_id="vpt.smits", org="zvh", roles=["vpt-casemanager"], token="t")
YILMAZ = Actor(user_id="wt.yilmaz", org=ORG, roles=["medewerker"], token="t")
PETERS = Actor(user_id="lg.peters", org=ORG, roles=["leidinggevende"], token="t")
COLLEGA = Actor(user_id="wt.ander", org=ORG, roles=["medewerker"], token="t")
PR = Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"], token="t")


class Evaluaties:
    def __init__(self, ja: bool) -> None:
        self.ja = ja

    async def vastgesteld(self, dossier_id: uuid.UUID) -> bool:
        return self.ja


async def test_consumer_opens_the_dossier_once(store: Store) -> None:
    uow = lambda: FakeUnitOfWork(store)  # noqa: E731
    broker = KafkaBroker()
    settings = ServiceSettings(service="overleg", env="test")
    register_consumers(
        Consumers(broker=broker, settings=settings),
        partner_codes=settings.region().partner_codes(),
        uow=uow,
        clock=FixedClock(),
    )
    event = geregistreerd()
    async with TestKafkaBroker(broker) as br:
        for ce_id in (uuid.uuid4(), uuid.uuid4()):  # a replay under a new id too
            envelope = Envelope(
                id=ce_id, source="zvh-intake", type=event.event_type, subject=event.subject()
            )
            await br.publish(
                event.model_dump_json().encode(),
                topic=topics.INTAKE_MELDING,
                headers=envelope.headers(),
            )
    assert list(store.vpt_dossiers) == [dossier_id_van(event.incident_id)]
    d = store.vpt_dossiers[dossier_id_van(event.incident_id)]
    assert (d.organisatie, d.melder, d.casemanager) == (ORG, "wt.yilmaz", "vpt.dewit")
    assert store.casussen == {}  # never a ZVH casus
    assert store.outbox == []


async def test_list_and_read_follow_the_policy(store, uow, clock) -> None:  # type: ignore[no-untyped-def]
    pdp = VptBeleidPdp()
    eigen = await vpt.open_dossier(
        event_id=uuid.uuid4(), event=geregistreerd(), uow=uow, clock=clock
    )
    ander = await vpt.open_dossier(
        event_id=uuid.uuid4(), event=geregistreerd(casemanager="vpt.smits"), uow=uow, clock=clock
    )
    assert eigen and ander
    lijst = lambda a: vpt.leesbare_dossiers(actor=a, uow=uow, pdp=pdp)  # noqa: E731
    assert {d.dossier_id for d in await lijst(DEWIT)} == {eigen}
    assert {d.dossier_id for d in await lijst(SMITS)} == {ander}
    assert {d.dossier_id for d in await lijst(YILMAZ)} == {eigen, ander}
    assert {d.dossier_id for d in await lijst(PETERS)} == {eigen, ander}
    assert await lijst(COLLEGA) == []
    assert await lijst(PR) == []
    with pytest.raises(ToegangGeweigerd):
        await vpt.lees_dossier(ander, actor=DEWIT, uow=uow, pdp=pdp)
    assert (await vpt.lees_dossier(eigen, actor=PETERS, uow=uow, pdp=pdp)).dossier_id == eigen
    assert pdp.requests[-1].resource.type == "vpt-dossier"
    assert pdp.requests[-1].resource.casemanager == "vpt.dewit"


async def test_only_the_assigned_casemanager_writes_and_a_zitting_becomes_an_actie(
    store, uow, clock
) -> None:  # type: ignore[no-untyped-def]
    pdp = VptBeleidPdp()
    dossier_id = await vpt.open_dossier(
        event_id=uuid.uuid4(), event=geregistreerd(), uow=uow, clock=clock
    )
    assert dossier_id
    zitting = vpt.NieuweZitting(
        datum=date(2030, 6, 1), soort=ZittingSoort.POLITIERECHTER, plaats="Rechtbank Breda"
    )
    for wie in (SMITS, PETERS, YILMAZ):
        with pytest.raises(ToegangGeweigerd):
            await vpt.wijzig(dossier_id, zitting, actor=wie, uow=uow, pdp=pdp, clock=clock)
    assert store.vpt_dossiers[dossier_id].zittingen == []
    await vpt.wijzig(dossier_id, zitting, actor=DEWIT, uow=uow, pdp=pdp, clock=clock)
    await vpt.wijzig(
        dossier_id,
        vpt.Aangifte(
            gedaan_op=date(2030, 3, 2), pv_nummer="PL2000-2030123456", domiciliekeuze=True
        ),
        actor=DEWIT,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    d = store.vpt_dossiers[dossier_id]
    assert [a.wat for a in d.acties] == ["Begeleiding bij zitting 01-06-2030"]
    assert d.aangifte is not None and d.aangifte.domiciliekeuze
    await vpt.wijzig(
        dossier_id,
        vpt.ActieGedaan(d.acties[0].actie_id),
        actor=DEWIT,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    assert store.vpt_dossiers[dossier_id].acties[0].status.value == "gedaan"
    assert store.outbox == []  # nothing of the dossier goes out, the acties included


async def test_closing_needs_an_evaluation_then_announces_ids_only(store, uow, clock) -> None:  # type: ignore[no-untyped-def]
    pdp = VptBeleidPdp()
    event = geregistreerd()
    dossier_id = await vpt.open_dossier(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    assert dossier_id
    sluit = vpt.Afsluiten(reden=VptAfsluitreden.AFGEROND, toelichting=None)
    for evaluaties in (None, Evaluaties(False)):
        with pytest.raises(VptDossierOngeldig, match="evaluatie"):
            await vpt.wijzig(
                dossier_id, sluit, actor=DEWIT, uow=uow, pdp=pdp, clock=clock, evaluaties=evaluaties
            )
    assert not store.vpt_dossiers[dossier_id].afgesloten
    await vpt.wijzig(
        dossier_id, sluit, actor=DEWIT, uow=uow, pdp=pdp, clock=clock, evaluaties=Evaluaties(True)
    )
    assert store.vpt_dossiers[dossier_id].afgesloten
    [(topic, e, _)] = store.outbox
    assert topic == topics.OVERLEG_CASUS
    assert e == VptDossierAfgesloten(
        dossier_id=dossier_id,
        incident_id=event.incident_id,
        organisatie=ORG,
        afgesloten_op=clock.now(),
    )


async def test_dossier_keys_for_the_evaluation(store, uow, clock) -> None:  # type: ignore[no-untyped-def]
    event = geregistreerd()
    dossier_id = await vpt.open_dossier(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    assert dossier_id
    sleutels = vpt.DossierSleutelsUitUow(uow)
    gevonden = await sleutels.sleutels(dossier_id)
    assert gevonden is not None
    assert (gevonden.organisatie, gevonden.melder, gevonden.casemanager, gevonden.gemeld_op) == (
        ORG,
        "wt.yilmaz",
        "vpt.dewit",
        event.gemeld_op,
    )
    assert await sleutels.sleutels(uuid.uuid4()) is None
