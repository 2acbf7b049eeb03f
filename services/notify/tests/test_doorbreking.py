"""A doorbreking reported in consent reaches its eigenaar: the partner event and a Dutch e-mail."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from notify_fakes import CASUS, FakePartners, Store, handle
from zvh_contracts import topics
from zvh_contracts.consent.doorbreking_v1 import DoorbrekingGemeld
from zvh_contracts.envelope import derived_id
from zvh_contracts.partner import doorbreking_v1 as partner
from zvh_contracts.vocab import DoorbrekingType
from zvh_notify.application.bezorgen import GEEN_ADRES, ONBEKENDE_PARTNER
from zvh_notify.application.handlers import HANDLED_TYPES
from zvh_notify.domain.model import Kanaal, Status

REDEN = "Kind van 4 alleen thuis aangetroffen, acuut gevaar"
#: 24 November 2026 09:15–13:15 UTC: 10:15–14:15 in Amsterdam (winter, UTC+1).
VAN = datetime(2026, 11, 24, 9, 15, tzinfo=UTC)
TOT = datetime(2026, 11, 24, 13, 15, tzinfo=UTC)


def gemeld(**changes: object) -> DoorbrekingGemeld:
    velden: dict[str, object] = {
        "doorbreking_id": uuid.UUID("3f2b8a1e-9c4d-4e5f-8a6b-7c8d9e0f1a2b"),
        "type": DoorbrekingType.VITAAL_BELANG,
        "casus_id": CASUS,
        "eigenaar": "politie-zwb",
        "door_org": "veilig-thuis-wbr",
        "van": VAN,
        "tot": TOT,
    }
    velden.update(changes)
    return DoorbrekingGemeld.model_validate(velden)


def regio() -> FakePartners:
    return FakePartners("politie-zwb", "veilig-thuis-wbr", "ggz-wnb")


async def test_the_eigenaar_gets_the_partner_event_and_an_email(store, clock):
    ce_id = uuid.uuid4()
    event = gemeld()
    assert event.event_type in HANDLED_TYPES
    created = await handle(event, store=store, partners=regio(), clock=clock, event_id=ce_id)

    [out] = store.outbox
    assert out.topic == topics.partner_from_zvh("politie-zwb")
    assert out.event_id == derived_id("notify", ce_id, "partner", "politie-zwb")
    assert out.event == partner.DoorbrekingGemeld(
        doorbreking_id=event.doorbreking_id,
        type=DoorbrekingType.VITAAL_BELANG,
        casus_id=CASUS,
        eigenaar="politie-zwb",
        door_org="veilig-thuis-wbr",
        van=VAN,
        tot=TOT,
    )

    kanalen = {b.kanaal: b for b in created}
    assert set(kanalen) == {Kanaal.PARTNER_TOPIC, Kanaal.EMAIL}
    assert {b.ontvanger for b in created} == {"politie-zwb"}
    assert all(b.bron_event_id == ce_id and b.casus_id == CASUS for b in created)
    assert {b.event_type for b in created} == {"zvh.consent.doorbreking.gemeld.v1"}
    mail = kanalen[Kanaal.EMAIL]
    assert mail.id == derived_id("notify", ce_id, "email", "politie-zwb")
    assert mail.status is Status.WACHT and mail.volgende_poging_op == clock.now()
    assert mail.email is not None and mail.email.adres == "politie-zwb@partners.zvh.local"
    assert "Organisatie veilig-thuis-wbr (veilig-thuis-wbr)" in mail.email.onderwerp
    assert "casus 11111111" in mail.email.onderwerp
    assert ce_id in store.inbox


async def test_the_email_says_what_happened_and_where_to_ask_without_the_reason(store, clock):
    await handle(gemeld(), store=store, partners=regio(), clock=clock)

    [mail] = [b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL]
    assert mail.email is not None
    tekst = mail.email.tekst
    assert tekst.startswith("Beste collega's van Organisatie politie-zwb,")
    assert f"de informatie van uw organisatie in casus {CASUS} (niet wat u" in tekst
    assert "Door:        Organisatie veilig-thuis-wbr (veilig-thuis-wbr)" in tekst
    assert "Grond:       vitaal belang (AVG art. 6 lid 1 d)" in tekst
    # local time in Amsterdam, not UTC
    assert "Vanaf:       dinsdag 24-11-2026, 10:15 uur" in tekst
    assert "Tot:         dinsdag 24-11-2026, 14:15 uur" in tekst
    assert "FG" in tekst and "beoordeelt iedere doorbreking" in tekst
    assert "opvragen bij de FG van het Zorg- en Veiligheidshuis" in tekst
    assert "doorbreking 3f2b8a1e-9c4d-4e5f-8a6b-7c8d9e0f1a2b" in tekst
    assert REDEN not in tekst and "reden:" not in tekst.lower()


async def test_one_item_and_another_ground(store, clock):
    event = gemeld(item="bs-42", type=DoorbrekingType.MELDCODE)
    await handle(event, store=store, partners=regio(), clock=clock)

    [mail] = [b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL]
    assert mail.email is not None
    assert f"informatie-item bs-42 in casus {CASUS}" in mail.email.tekst
    assert "meldcode huiselijk geweld en kindermishandeling" in mail.email.tekst
    [out] = store.outbox
    assert out.event.item == "bs-42"


async def test_an_unknown_breaking_organisation_is_named_by_its_code(store, clock):
    await handle(gemeld(), store=store, partners=FakePartners("politie-zwb"), clock=clock)

    [mail] = [b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL]
    assert mail.email is not None
    assert "Door:        veilig-thuis-wbr\n" in mail.email.tekst


async def test_a_replay_changes_nothing(store, clock):
    ce_id = uuid.uuid4()
    await handle(gemeld(), store=store, partners=regio(), clock=clock, event_id=ce_id)
    before = (dict(store.bezorgingen), list(store.outbox))

    again = await handle(gemeld(), store=store, partners=regio(), clock=clock, event_id=ce_id)

    assert again == []
    assert (dict(store.bezorgingen), list(store.outbox)) == before
    # another store, the same ids: they derive from the incoming event id
    other = Store()
    await handle(gemeld(), store=other, partners=regio(), clock=clock, event_id=ce_id)
    assert set(other.bezorgingen) == set(store.bezorgingen)
    assert [o.event_id for o in other.outbox] == [o.event_id for o in store.outbox]


async def test_an_eigenaar_unknown_or_without_address(store, clock):
    await handle(gemeld(eigenaar="woonkwartier"), store=store, partners=regio(), clock=clock)
    assert store.outbox == []
    assert {b.laatste_fout for b in store.bezorgingen.values()} == {ONBEKENDE_PARTNER}

    zonder = FakePartners("politie-zwb", zonder_email=["politie-zwb"])
    fresh = Store()
    await handle(gemeld(), store=fresh, partners=zonder, clock=clock)
    assert len(fresh.outbox) == 1
    mail = next(b for b in fresh.bezorgingen.values() if b.kanaal is Kanaal.EMAIL)
    assert mail.status is Status.MISLUKT and mail.laatste_fout == GEEN_ADRES
