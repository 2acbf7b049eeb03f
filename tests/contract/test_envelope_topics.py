"""The CloudEvents envelope and the topic catalogue."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime

import pytest
from zvh_contracts import topics
from zvh_contracts.envelope import CONTENT_TYPE, Envelope, EnvelopeError, derived_id

PARTNERS = ["politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb", "veilig-thuis-wbr"]


def _envelope() -> Envelope:
    return Envelope(
        id=uuid.UUID("7c1e4f52-8a0b-4d6e-9b3a-2f5d8c9e1a04"),
        source="politie-zwb",
        type="zvh.partner.melding.ingediend.v1",
        subject="PL2000-2025112301234",
        time=datetime(2025, 11, 23, 13, 2, 37, tzinfo=UTC),
    )


def test_headers_round_trip_as_dict() -> None:
    env = _envelope()
    headers = env.headers()
    assert headers["content-type"] == CONTENT_TYPE
    assert headers["ce_specversion"] == "1.0"
    assert Envelope.from_headers(headers) == env


def test_headers_round_trip_as_kafka_byte_pairs() -> None:
    env = _envelope()
    pairs = [(k, v.encode()) for k, v in env.headers().items()]
    pairs.append(("traceparent", b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
    assert Envelope.from_headers(pairs) == env


def test_missing_time_defaults_to_now() -> None:
    headers = _envelope().headers()
    del headers["ce_time"]
    before = datetime.now(UTC)
    assert Envelope.from_headers(headers).time >= before


@pytest.mark.parametrize("name", ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject"])
def test_missing_header_is_named(name: str) -> None:
    headers = _envelope().headers()
    del headers[name]
    with pytest.raises(EnvelopeError, match=f"missing CloudEvents header\\(s\\): {name}"):
        Envelope.from_headers(headers)


def test_all_missing_headers_are_listed() -> None:
    with pytest.raises(EnvelopeError) as info:
        Envelope.from_headers({"content-type": CONTENT_TYPE})
    assert str(info.value) == (
        "missing CloudEvents header(s): ce_specversion, ce_id, ce_source, ce_type, ce_subject"
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ce_specversion", "0.3", "unsupported ce_specversion '0.3'"),
        ("ce_id", "not-a-uuid", "invalid CloudEvents header"),
        ("ce_time", "gisteren", "invalid CloudEvents header"),
        ("ce_source", "x" * 201, "invalid CloudEvents header"),
    ],
)
def test_invalid_header_raises(name: str, value: str, message: str) -> None:
    headers = {**_envelope().headers(), name: value}
    with pytest.raises(EnvelopeError, match=message):
        Envelope.from_headers(headers)


def test_envelope_error_is_a_value_error() -> None:
    assert issubclass(EnvelopeError, ValueError)


def test_derived_id_is_stable_and_distinct() -> None:
    assert derived_id("melding", 1) == derived_id("melding", 1)
    assert derived_id("melding", 1) != derived_id("melding", 2)


# --- topics ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("org", PARTNERS)
def test_partner_of_parses_partner_topics(org: str) -> None:
    assert topics.partner_of(topics.partner_to_zvh(org)) == org
    assert topics.partner_of(topics.partner_from_zvh(org)) == org


@pytest.mark.parametrize(
    "topic",
    [
        topics.INTAKE_MELDING,
        topics.OVERLEG_CASUS,
        topics.dlq("intake"),
        "zvh.partner.politie-zwb.to-zvh.v2",
        "zvh.partner.politie-zwb.elsewhere.v1",
        "zvh.partner.Politie.to-zvh.v1",
        "zvh.partner.-politie.to-zvh.v1",
        "zvh.partner.politie--zwb.to-zvh.v1",
        "zvh.partner..to-zvh.v1",
        "zvh.partner.p.to-zvh.v1",
        "xzvh.partner.politie-zwb.to-zvh.v1",
        "zvh.partner.politie-zwb.to-zvh.v1.extra",
    ],
)
def test_partner_of_rejects_other_topics(topic: str) -> None:
    assert topics.partner_of(topic) is None


@pytest.mark.parametrize(
    "org", ["", "p", "Politie", "politie_zwb", "politie zwb", "-zwb", "zwb-", "a--b", "x" * 64]
)
def test_invalid_partner_codes_raise(org: str) -> None:
    with pytest.raises(ValueError, match="not a valid partner code"):
        topics.partner_to_zvh(org)
    with pytest.raises(ValueError, match="not a valid partner code"):
        topics.partner_from_zvh(org)
    with pytest.raises(ValueError, match="not a valid partner code"):
        topics.catalogue([org])


def test_catalogue_has_every_topic_once() -> None:
    names = [t.name for t in topics.catalogue([*PARTNERS, "politie-zwb"])]
    assert [n for n, c in Counter(names).items() if c > 1] == []
    expected = {
        topics.INTAKE_MELDING,
        topics.OVERLEG_CASUS,
        topics.OVERLEG_OVERLEG,
        topics.CONSENT_TOESTEMMING,
        topics.CONSENT_DOORBREKING,
        topics.NOTIFY_BEZORGING,
        *(topics.dlq(s) for s in topics.SERVICES),
        *(topics.partner_to_zvh(p) for p in PARTNERS),
        *(topics.partner_from_zvh(p) for p in PARTNERS),
    }
    assert set(names) == expected


def test_catalogue_specs_are_sane() -> None:
    for spec in topics.catalogue(PARTNERS):
        assert spec.partitions >= 1, spec
        assert spec.retention_ms > 0, spec
        assert spec.description, spec


def test_every_event_topic_is_in_the_catalogue() -> None:
    from zvh_contracts.registry import EVENTS, FROM_ZVH, TO_ZVH

    names = {t.name for t in topics.catalogue(PARTNERS)}
    for spec in EVENTS.values():
        if spec.topic in (TO_ZVH, FROM_ZVH):
            assert spec.topic.format(org="politie-zwb") in names
        else:
            assert spec.topic in names, spec.type
