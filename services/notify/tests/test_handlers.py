"""Handler tests on in-memory fakes: what one casus event turns into, and replays."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from notify_fakes import CASUS, actie, geopend, handle
from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.partner import actie_v1 as partner_actie
from zvh_contracts.partner import casus_v1 as partner_casus
from zvh_contracts.vocab import FaseRichting
from zvh_notify.application.bezorgen import GEEN_ADRES, ONBEKENDE_PARTNER
from zvh_notify.domain.model import Kanaal, Status


async def test_actie_gives_one_partner_message_and_one_email(store, partners, clock):
    ce_id = uuid.uuid4()
    event = actie()
    created = await handle(event, store=store, partners=partners, clock=clock, event_id=ce_id)

    assert len(store.outbox) == 1
    out = store.outbox[0]
    assert out.topic == topics.partner_from_zvh("politie-zwb")
    assert out.event_id == derived_id("notify", ce_id, "partner", "politie-zwb")
    assert out.event == partner_actie.ActieToegewezen(
        actie_id=event.actie_id,
        casus_id=CASUS,
        wat=event.wat,
        wie="politie-zwb",
        wanneer=event.wanneer,
    )
    assert set(out.event.model_dump()) == {
        "actie_id",
        "casus_id",
        "wat",
        "wie",
        "wanneer",
        "veiligheidssignalen",  # codes and dates only (issue 10, part 5)
    }

    kanalen = {b.kanaal: b for b in store.bezorgingen.values()}
    assert set(kanalen) == {Kanaal.PARTNER_TOPIC, Kanaal.EMAIL}
    assert len(created) == 2
    mail = kanalen[Kanaal.EMAIL]
    assert mail.id == derived_id("notify", ce_id, "email", "politie-zwb")
    assert mail.status is Status.WACHT and mail.volgende_poging_op == clock.now()
    assert mail.email is not None
    assert mail.email.adres == "politie-zwb@partners.zvh.local"
    assert event.wat in mail.email.tekst and "14-03-2025" in mail.email.tekst
    assert kanalen[Kanaal.PARTNER_TOPIC].id == out.event_id
    assert all(b.bron_event_id == ce_id for b in store.bezorgingen.values())
    assert ce_id in store.inbox


async def test_geopend_invites_every_deelnemer_once(store, partners, clock):
    event = geopend("politie-zwb", "ggz-wnb", "politie-zwb")
    await handle(event, store=store, partners=partners, clock=clock)

    assert sorted(o.topic for o in store.outbox) == [
        topics.partner_from_zvh("ggz-wnb"),
        topics.partner_from_zvh("politie-zwb"),
    ]
    for o in store.outbox:
        assert isinstance(o.event, partner_casus.CasusGeopend)
        assert o.event.deelnemers == ["politie-zwb", "ggz-wnb"]
    mails = [b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL]
    assert sorted(b.ontvanger for b in mails) == ["ggz-wnb", "politie-zwb"]
    assert all(b.email and "Uitnodiging" in b.email.onderwerp for b in mails)


async def test_same_ce_id_twice_creates_nothing_new(store, partners, clock):
    ce_id = uuid.uuid4()
    event = actie()
    await handle(event, store=store, partners=partners, clock=clock, event_id=ce_id)
    before = (dict(store.bezorgingen), list(store.outbox))

    again = await handle(event, store=store, partners=partners, clock=clock, event_id=ce_id)

    assert again == []
    assert (dict(store.bezorgingen), list(store.outbox)) == before


async def test_ids_are_deterministic_across_stores(partners, clock):
    from notify_fakes import Store

    ce_id = uuid.uuid4()
    event = actie()
    a, b = Store(), Store()
    await handle(event, store=a, partners=partners, clock=clock, event_id=ce_id)
    await handle(event, store=b, partners=partners, clock=clock, event_id=ce_id)
    assert set(a.bezorgingen) == set(b.bezorgingen)
    assert [o.event_id for o in a.outbox] == [o.event_id for o in b.outbox]


async def test_unknown_partner_is_recorded_as_failed_not_published(store, partners, clock):
    await handle(actie("woonkwartier"), store=store, partners=partners, clock=clock)
    assert store.outbox == []
    assert {b.status for b in store.bezorgingen.values()} == {Status.MISLUKT}
    assert {b.laatste_fout for b in store.bezorgingen.values()} == {ONBEKENDE_PARTNER}


async def test_partner_without_email_still_gets_topic_message(store, clock):
    from notify_fakes import FakePartners

    partners = FakePartners("politie-zwb", zonder_email=["politie-zwb"])
    await handle(actie(), store=store, partners=partners, clock=clock)
    assert len(store.outbox) == 1
    mail = next(b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL)
    assert mail.status is Status.MISLUKT and mail.laatste_fout == GEEN_ADRES


async def test_a_terugkoppeling_is_delivered_to_nobody(store, partners, clock):
    """It only ends the actie's termijn timers (test_termijnbewaking): no message."""
    event = overleg.ActieTeruggekoppeld(
        casus_id=CASUS,
        actie_id=uuid.uuid4(),
        door="politie-zwb",
        status="afgerond",
        teruggekoppeld_op=datetime(2025, 3, 2, tzinfo=UTC),
    )
    assert await handle(event, store=store, partners=partners, clock=clock) == []
    assert store.outbox == [] and store.bezorgingen == {}


async def test_other_event_types_are_ignored(store, partners, clock):
    event = overleg.FaseGewijzigd(
        casus_id=CASUS,
        van=2,
        naar=3,
        richting=FaseRichting.OPSCHALEN,
        gewijzigd_op=datetime(2025, 3, 2, tzinfo=UTC),
    )
    assert await handle(event, store=store, partners=partners, clock=clock) == []
    assert store.outbox == [] and store.bezorgingen == {} and store.inbox == set()
