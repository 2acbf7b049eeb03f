"""The webhook bridge without broker or network: Standard Webhooks signing and verification,
retry scheduling on a fake clock, once per event, the consumer, and the inbound checks
(401/403/413/422)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from notify_fakes import (
    INBOUND_SECRET,
    WEBHOOK_SECRET,
    FakeClock,
    FakeUnitOfWork,
    FakeWebhooks,
    FakeWebhookSender,
    Store,
)
from zvh_contracts import topics
from zvh_contracts.envelope import Envelope, partner_message_id
from zvh_contracts.partner import actie_v1 as partner_actie
from zvh_notify.application import webhooks as wh
from zvh_notify.domain import webhook as sw
from zvh_notify.domain.model import Bezorging, Kanaal, RetryBeleid, Status, bezorging_id
from zvh_notify.entrypoints.consumers import OngeldigBericht, register_webhook_consumers
from zvh_platform.records import RawRecord

PARTNER = "woonkwartier"
CASUS = uuid.UUID("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")
BELEID = RetryBeleid(venster=timedelta(hours=24), backoff_s=2.0, max_backoff_s=60.0, max_pogingen=4)


# --- signing ----------------------------------------------------------------------------------


def test_signature_matches_the_standard_webhooks_reference_vector():
    """The example of the Standard Webhooks spec and its reference libraries."""
    got = sw.handtekening(
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        msg_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330,
        body=b'{"test": 2432232314}',
    )
    assert got == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


NU = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


def _signed(body: bytes, *, secret: str = INBOUND_SECRET, nu: datetime = NU) -> dict[str, str]:
    return sw.onderteken(secret=secret, msg_id="msg-1", nu=nu, body=body).headers()


def test_a_signed_message_verifies_and_yields_its_id():
    body = b'{"a": 1}'
    assert sw.controleer(secret=INBOUND_SECRET, headers=_signed(body), body=body, nu=NU) == "msg-1"


@pytest.mark.parametrize(
    ("geval", "melding"),
    [
        ("ander geheim", "klopt niet"),
        ("ander lichaam", "klopt niet"),
        ("te oud", "5 minuten"),
        ("uit de toekomst", "5 minuten"),
        ("geen handtekening", "verplicht"),
        ("geen tijd", "verplicht"),
        ("tijd geen getal", "geen geheel getal"),
        ("ander id", "klopt niet"),
    ],
)
def test_verification_refuses(geval: str, melding: str):
    body = b'{"a": 1}'
    headers = _signed(body)
    nu = NU
    if geval == "ander geheim":
        headers = _signed(body, secret=WEBHOOK_SECRET)
    elif geval == "ander lichaam":
        body = b'{"a": 2}'
    elif geval == "te oud":
        nu = NU + timedelta(minutes=5, seconds=1)
    elif geval == "uit de toekomst":
        nu = NU - timedelta(minutes=5, seconds=1)
    elif geval == "geen handtekening":
        del headers[sw.SIGNATURE_HEADER]
    elif geval == "geen tijd":
        del headers[sw.TIMESTAMP_HEADER]
    elif geval == "tijd geen getal":
        headers[sw.TIMESTAMP_HEADER] = "gisteren"
    elif geval == "ander id":
        headers[sw.ID_HEADER] = "msg-2"
    with pytest.raises(sw.OngeldigeHandtekening, match=melding):
        sw.controleer(secret=INBOUND_SECRET, headers=headers, body=body, nu=nu)


def test_one_valid_signature_among_several_suffices_during_rotation():
    body = b"{}"
    headers = _signed(body)
    oud = _signed(body, secret=WEBHOOK_SECRET)[sw.SIGNATURE_HEADER]
    headers[sw.SIGNATURE_HEADER] = f"{oud} {headers[sw.SIGNATURE_HEADER]}"
    assert sw.controleer(secret=INBOUND_SECRET, headers=headers, body=body, nu=NU) == "msg-1"


@pytest.mark.parametrize("secret", ["whsec_!!geen-base64!!", "whsec_c2hvcnQ="])
def test_a_secret_that_is_no_standard_webhooks_secret_is_refused(secret: str):
    with pytest.raises(sw.OngeldigGeheim):
        sw.handtekening(secret=secret, msg_id="m", timestamp=1, body=b"")


# --- outbound ---------------------------------------------------------------------------------


def _actie_event() -> tuple[Envelope, bytes]:
    event = partner_actie.ActieToegewezen(
        actie_id=uuid.uuid4(),
        casus_id=CASUS,
        wat="Huisbezoek afleggen",
        wie=PARTNER,
        wanneer=date(2026, 12, 1),
    )
    envelope = Envelope(source="notify", type=event.event_type, subject=event.subject())
    return envelope, event.model_dump_json().encode()


async def _neem_op(store: Store, clock: FakeClock) -> tuple[Envelope, bytes, Bezorging | None]:
    envelope, data = _actie_event()
    b = await wh.neem_op(
        uow=FakeUnitOfWork(store), partner=PARTNER, envelope=envelope, data=data, clock=clock
    )
    return envelope, data, b


async def _deliver(
    store: Store, clock: FakeClock, sender: FakeWebhookSender, opgegeven: list[Bezorging]
) -> int:
    async def hook(b: Bezorging) -> None:
        opgegeven.append(b)

    return await wh.deliver_due_webhooks(
        uow_factory=lambda: FakeUnitOfWork(store),
        sender=sender,
        webhooks=FakeWebhooks(PARTNER),
        clock=clock,
        beleid=BELEID,
        on_opgegeven=hook,
    )


async def test_the_event_is_stored_once_per_partner_as_a_structured_cloudevent(
    store: Store, clock: FakeClock
):
    envelope, data, b = await _neem_op(store, clock)
    assert b is not None
    again = await wh.neem_op(
        uow=FakeUnitOfWork(store), partner=PARTNER, envelope=envelope, data=data, clock=clock
    )
    assert again is None
    [stored] = store.bezorgingen.values()
    assert stored.id == bezorging_id(
        bron_event_id=envelope.id, kanaal=Kanaal.WEBHOOK, ontvanger=PARTNER
    )
    assert stored.casus_id == CASUS and stored.volgende_poging_op == clock.now()
    assert stored.webhook is not None
    doc = json.loads(stored.webhook.body)
    assert doc["id"] == str(envelope.id) and doc["type"] == envelope.type
    assert doc["source"] == "notify" and doc["specversion"] == "1.0"
    assert doc["data"] == json.loads(data)


async def test_a_refusal_is_retried_with_exponential_backoff_then_delivered(
    store: Store, clock: FakeClock
):
    sender = FakeWebhookSender(failures=2)
    opgegeven: list[Bezorging] = []
    envelope, _, _ = await _neem_op(store, clock)
    start = clock.now()

    assert await _deliver(store, clock, sender, opgegeven) == 1
    [b] = store.bezorgingen.values()
    assert b.status is Status.WACHT and b.pogingen == 1
    assert b.volgende_poging_op == start + timedelta(seconds=2)
    assert b.fout_type == "WebhookGeweigerd"

    clock.advance(1.9)
    assert await _deliver(store, clock, sender, opgegeven) == 0  # not due yet
    clock.advance(0.1)
    assert await _deliver(store, clock, sender, opgegeven) == 1
    [b] = store.bezorgingen.values()
    assert b.pogingen == 2 and b.volgende_poging_op == clock.now() + timedelta(seconds=4)

    clock.advance(4)
    await _deliver(store, clock, sender, opgegeven)
    [b] = store.bezorgingen.values()
    assert b.status is Status.VERZONDEN and b.pogingen == 3 and opgegeven == []
    assert len(sender.posts) == 3
    # every attempt is the same message: same id, same body, signed afresh
    assert {p.headers[sw.ID_HEADER] for p in sender.posts} == {str(envelope.id)}
    assert len({p.body for p in sender.posts}) == 1
    for p in sender.posts:
        assert p.url == f"https://{PARTNER}.example/hook"
        assert p.headers["content-type"] == "application/cloudevents+json"
        ts = datetime.fromtimestamp(int(p.headers[sw.TIMESTAMP_HEADER]), UTC)
        assert sw.controleer(secret=WEBHOOK_SECRET, headers=p.headers, body=p.body, nu=ts)


async def test_after_the_maximum_attempts_it_is_given_up_for_an_operator(
    store: Store, clock: FakeClock
):
    sender = FakeWebhookSender(failures=100)
    opgegeven: list[Bezorging] = []
    await _neem_op(store, clock)
    for _ in range(10):
        await _deliver(store, clock, sender, opgegeven)
        clock.advance(60)
    [b] = store.bezorgingen.values()
    assert b.status is Status.OPGEGEVEN and b.pogingen == BELEID.max_pogingen
    assert len(sender.posts) == BELEID.max_pogingen
    assert [o.id for o in opgegeven] == [b.id]
    assert b.volgende_poging_op is None and b.laatste_fout == "WebhookGeweigerd: HTTP 503"

    # an operator reopens it (zvh dlq opnieuw): a fresh count of attempts
    b.heropen(tijd=clock.now(), door="beheer.dekker")
    store.bezorgingen[b.id] = b
    sender.failures = 0
    await _deliver(store, clock, sender, opgegeven)
    assert store.bezorgingen[b.id].status is Status.VERZONDEN


async def test_without_a_configured_secret_nothing_is_sent_and_it_is_retried(
    store: Store, clock: FakeClock
):
    sender = FakeWebhookSender()
    await _neem_op(store, clock)
    await wh.deliver_due_webhooks(
        uow_factory=lambda: FakeUnitOfWork(store),
        sender=sender,
        webhooks=FakeWebhooks(PARTNER, zonder_geheim=[PARTNER]),
        clock=clock,
        beleid=BELEID,
    )
    [b] = store.bezorgingen.values()
    assert sender.posts == []
    assert b.status is Status.WACHT and b.fout_type == "WebhookNietIngericht"


async def test_a_partner_without_webhook_any_more_is_marked_undeliverable(
    store: Store, clock: FakeClock
):
    sender = FakeWebhookSender()
    await _neem_op(store, clock)
    await wh.deliver_due_webhooks(
        uow_factory=lambda: FakeUnitOfWork(store),
        sender=sender,
        webhooks=FakeWebhooks(),
        clock=clock,
        beleid=BELEID,
    )
    [b] = store.bezorgingen.values()
    assert sender.posts == [] and b.status is Status.MISLUKT


# --- inbound ----------------------------------------------------------------------------------


def _structured(*, source: object = PARTNER, **aanpassing: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source,
        "type": partner_actie.ActieTeruggekoppeld.event_type,
        "subject": str(CASUS),
        "time": "2026-11-24T11:00:00+01:00",
        "datacontenttype": "application/json",
        "data": {"actie_id": str(uuid.uuid4()), "casus_id": str(CASUS), "status": "afgerond"},
    }
    doc.update(aanpassing)
    return doc


async def _neem_aan(
    store: Store, clock: FakeClock, doc: object, *, secret: str = INBOUND_SECRET, **kw: object
) -> wh.Aangenomen:
    body = json.dumps(doc).encode()
    headers = sw.onderteken(secret=secret, msg_id="m1", nu=clock.now(), body=body).headers()
    return await wh.neem_aan(
        partner=kw.get("partner", PARTNER),  # type: ignore[arg-type]
        body=body,
        headers=headers,
        webhooks=FakeWebhooks(PARTNER),
        uow_factory=lambda: FakeUnitOfWork(store),
        clock=clock,
        max_bytes=kw.get("max_bytes", topics.MAX_MESSAGE_BYTES),  # type: ignore[arg-type]
    )


async def test_a_signed_event_of_the_partner_itself_goes_to_its_own_to_zvh_topic_once(
    store: Store, clock: FakeClock
):
    doc = _structured()
    got = await _neem_aan(store, clock, doc)
    assert got.topic == topics.partner_to_zvh(PARTNER) and not got.herhaald
    [d] = store.doorgegeven
    assert d.topic == "zvh.partner.woonkwartier.to-zvh.v1"
    assert str(d.envelope.id) == doc["id"] and d.envelope.source == PARTNER
    assert d.row_id == partner_message_id(PARTNER, d.envelope.id)
    assert json.loads(d.body) == doc["data"]

    again = await _neem_aan(store, clock, doc)
    assert again.herhaald and len(store.doorgegeven) == 1


async def test_a_wrong_secret_is_401_and_nothing_is_queued(store: Store, clock: FakeClock):
    with pytest.raises(wh.NietGeauthenticeerd, match="klopt niet"):
        await _neem_aan(store, clock, _structured(), secret=WEBHOOK_SECRET)
    assert store.doorgegeven == []


async def test_a_partner_without_webhook_gets_the_same_401(store: Store, clock: FakeClock):
    with pytest.raises(wh.NietGeauthenticeerd):
        await _neem_aan(store, clock, _structured(source="politie-zwb"), partner="politie-zwb")
    assert store.doorgegeven == []


async def test_an_envelope_naming_another_partner_is_403(store: Store, clock: FakeClock):
    with pytest.raises(wh.NietVanDezePartner, match="politie-zwb"):
        await _neem_aan(store, clock, _structured(source="politie-zwb"))
    assert store.doorgegeven == []


@pytest.mark.parametrize(
    ("doc", "veld"),
    [
        ([1, 2], ""),
        (_structured(specversion="0.3"), "specversion"),
        (_structured(id="geen-uuid"), "id"),
        (_structured(time="gisteren"), "time"),
        (_structured(subject=""), "subject"),
        (_structured(type="zvh.partner.actie.toegewezen.v1"), "type"),
        (_structured(type="zvh.bestaat.niet.v1"), "type"),
        (_structured(datacontenttype="text/plain"), "datacontenttype"),
        (_structured(data={"casus_id": str(CASUS), "status": "afgerond"}), "data.actie_id"),
        (_structured(source=7), "source"),
    ],
)
async def test_an_invalid_event_is_422_with_reasons(
    store: Store, clock: FakeClock, doc: object, veld: str
):
    with pytest.raises(wh.OngeldigBericht) as exc:
        await _neem_aan(store, clock, doc)
    assert veld in {r.veld for r in exc.value.redenen}
    assert store.doorgegeven == []


async def test_no_data_is_422(store: Store, clock: FakeClock):
    doc = _structured()
    del doc["data"]
    with pytest.raises(wh.OngeldigBericht) as exc:
        await _neem_aan(store, clock, doc)
    assert [r.veld for r in exc.value.redenen] == ["data"]


async def test_a_body_larger_than_a_kafka_message_is_413(store: Store, clock: FakeClock):
    with pytest.raises(wh.TeGroot):
        await _neem_aan(store, clock, _structured(), max_bytes=100)


async def test_reasons_never_echo_the_input(store: Store, clock: FakeClock):
    """A partner's free text may hold names: a reason names the field, not the value."""
    geheim = "Jan-de-Vries-" * 20
    with pytest.raises(wh.OngeldigBericht) as exc:
        await _neem_aan(store, clock, _structured(subject=geheim))
    assert [r.veld for r in exc.value.redenen] == ["subject"]
    assert "Jan-de-Vries" not in str(exc.value)
    doc = _structured()
    doc["data"] = {**doc["data"], "status": geheim}  # type: ignore[dict-item]
    with pytest.raises(wh.OngeldigBericht) as exc:
        await _neem_aan(store, clock, doc)
    assert [r.veld for r in exc.value.redenen] == ["data.status"]
    assert "Jan-de-Vries" not in str(exc.value)


# --- the consumer -----------------------------------------------------------------------------


class CapturingConsumers:
    def __init__(self) -> None:
        self.calls: list[tuple[tuple[str, ...], str, Any]] = []

    def subscribe(self, *names: str, group: str, handler: Any, **_: Any) -> None:
        self.calls.append((names, group, handler))


def _record(envelope: Envelope | None, value: bytes, partner: str = PARTNER) -> RawRecord:
    headers = tuple((k, v.encode()) for k, v in (envelope.headers() if envelope else {}).items())
    return RawRecord(
        topic=topics.partner_from_zvh(partner),
        partition=0,
        offset=0,
        key=None,
        headers=headers,
        value=value,
    )


async def test_the_consumer_reads_webhook_partners_topics_and_stores_each_event_once(
    store: Store, clock: FakeClock
):
    consumers = CapturingConsumers()
    woken: list[bool] = []
    register_webhook_consumers(
        consumers,  # type: ignore[arg-type]
        uow_factory=lambda: FakeUnitOfWork(store),
        partner_codes=[PARTNER, "bemoeizorg-wbr"],
        clock=clock,
        after_commit=lambda: woken.append(True),
        group="zvh-notify",
    )
    [(names, group, handler)] = consumers.calls
    assert set(names) == {
        topics.partner_from_zvh(PARTNER),
        topics.partner_from_zvh("bemoeizorg-wbr"),
    }
    assert group == "zvh-notify.webhook"

    envelope, data = _actie_event()
    await handler(_record(envelope, data))
    await handler(_record(envelope, data))  # a replay
    [b] = store.bezorgingen.values()
    assert b.kanaal is Kanaal.WEBHOOK and b.ontvanger == PARTNER and woken == [True]

    with pytest.raises(OngeldigBericht, match="geen JSON"):
        await handler(_record(Envelope(source="notify", type="t", subject="s"), b"{niet-json"))
    with pytest.raises(OngeldigBericht):
        await handler(_record(None, data))
    assert len(store.bezorgingen) == 1


def test_without_webhook_partners_the_bridge_subscribes_to_nothing():
    consumers = CapturingConsumers()
    register_webhook_consumers(
        consumers,  # type: ignore[arg-type]
        uow_factory=None,  # type: ignore[arg-type]
        partner_codes=[],
        clock=None,  # type: ignore[arg-type]
        after_commit=lambda: None,
    )
    assert consumers.calls == []
