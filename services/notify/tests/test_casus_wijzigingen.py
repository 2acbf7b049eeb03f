"""The newer casus events: actie gewijzigd / herverdeeld, deelnemer toegevoegd, and the ignored."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from notify_fakes import CASUS, actie_gewijzigd, deelnemer_toegevoegd, handle
from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.partner import actie_v1 as partner_actie
from zvh_contracts.partner import casus_v1 as partner_casus
from zvh_contracts.vocab import Afsluitreden, FaseRichting
from zvh_notify.application import termijnen
from zvh_notify.domain.model import Kanaal, bezorging_id

T = datetime(2025, 3, 5, 9, tzinfo=UTC)


async def test_actie_gewijzigd_goes_to_wie(store, partners, clock):
    ce_id = uuid.uuid4()
    event = actie_gewijzigd(wie="ggz-wnb")
    await handle(event, store=store, partners=partners, clock=clock, event_id=ce_id)

    [out] = store.outbox
    assert out.topic == topics.partner_from_zvh("ggz-wnb")
    assert out.event_id == derived_id("notify", ce_id, "partner", "ggz-wnb")
    assert out.event == partner_actie.ActieGewijzigd(
        actie_id=event.actie_id,
        casus_id=CASUS,
        wat=event.wat,
        wie="ggz-wnb",
        wanneer=event.wanneer,
        ingetrokken=False,
        wachtlijst=False,
    )
    [mail] = [b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL]
    assert mail.ontvanger == "ggz-wnb"
    assert mail.email and "Actie gewijzigd" in mail.email.onderwerp
    assert "21-03-2025" in mail.email.tekst


async def test_reassigned_actie_withdraws_from_old_and_assigns_to_new(store, partners, clock):
    ce_id = uuid.uuid4()
    event = actie_gewijzigd(wie="ggz-wnb", vorige_wie="politie-zwb")
    await handle(event, store=store, partners=partners, clock=clock, event_id=ce_id)

    by_topic = {o.topic: o for o in store.outbox}
    assert set(by_topic) == {
        topics.partner_from_zvh("politie-zwb"),
        topics.partner_from_zvh("ggz-wnb"),
    }
    oud = by_topic[topics.partner_from_zvh("politie-zwb")]
    nieuw = by_topic[topics.partner_from_zvh("ggz-wnb")]
    assert isinstance(oud.event, partner_actie.ActieGewijzigd)
    assert oud.event.ingetrokken is True and oud.event.actie_id == event.actie_id
    assert nieuw.event == partner_actie.ActieToegewezen(
        actie_id=event.actie_id, casus_id=CASUS, wat=event.wat, wie="ggz-wnb", wanneer=event.wanneer
    )
    assert oud.event_id == derived_id("notify", ce_id, "partner", "politie-zwb", "ingetrokken")
    assert nieuw.event_id == derived_id("notify", ce_id, "partner", "ggz-wnb")

    mails = {b.ontvanger: b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL}
    assert mails["politie-zwb"].email and "ingetrokken" in mails["politie-zwb"].email.onderwerp
    assert mails["ggz-wnb"].email and "Nieuwe actie" in mails["ggz-wnb"].email.onderwerp
    assert len(store.bezorgingen) == 4


async def test_deelnemer_toegevoegd_invites_only_the_new_partner(store, partners, clock):
    event = deelnemer_toegevoegd("gemeente-roosendaal")
    await handle(event, store=store, partners=partners, clock=clock)

    [out] = store.outbox
    assert out.topic == topics.partner_from_zvh("gemeente-roosendaal")
    assert out.event == partner_casus.CasusGeopend(
        casus_id=CASUS,
        deelnemers=["politie-zwb", "ggz-wnb", "gemeente-roosendaal"],
        ave_fase=2,
        geopend_op=event.toegevoegd_op,
    )
    [mail] = [b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL]
    assert mail.ontvanger == "gemeente-roosendaal"
    assert mail.email and "Uitnodiging" in mail.email.onderwerp
    assert "toegevoegd als deelnemer" in mail.email.tekst


@pytest.mark.parametrize(
    "event",
    [
        overleg.FaseGewijzigd(
            casus_id=CASUS, van=2, naar=3, richting=FaseRichting.OPSCHALEN, gewijzigd_op=T
        ),
        overleg.CasusAfgesloten(casus_id=CASUS, reden=Afsluitreden.DOEL_BEREIKT, afgesloten_op=T),
        overleg.CasusHeropend(
            casus_id=CASUS, melding_id=uuid.uuid4(), was_afgesloten=True, heropend_op=T
        ),
        overleg.DeelnemerVerwijderd(casus_id=CASUS, partner="ggz-wnb", verwijderd_op=T),
    ],
    ids=lambda e: type(e).__name__,
)
async def test_lifecycle_events_are_not_delivered(event, store, partners, clock):
    assert await handle(event, store=store, partners=partners, clock=clock) == []
    assert store.outbox == [] and store.bezorgingen == {}
    # Closing a casus ends its termijn timers, so notify records it; the rest leave no trace.
    assert bool(store.inbox) is (event.event_type in termijnen.TYPES)


def test_variant_keeps_ids_apart_and_leaves_the_plain_id_unchanged():
    bron = uuid.uuid4()
    plain = bezorging_id(bron_event_id=bron, kanaal=Kanaal.PARTNER_TOPIC, ontvanger="ggz-wnb")
    assert plain == derived_id("notify", bron, "partner", "ggz-wnb")
    other = bezorging_id(
        bron_event_id=bron, kanaal=Kanaal.PARTNER_TOPIC, ontvanger="ggz-wnb", variant="ingetrokken"
    )
    assert other != plain
