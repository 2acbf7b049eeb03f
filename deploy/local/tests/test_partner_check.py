"""`zvh partner-check`: the pure checks on single messages and expected answers, and on a real
broker the reference adapter passing and broken adapters failing with a Dutch report."""

from __future__ import annotations

import json
import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from zvh_contracts import topics
from zvh_contracts.base import Event
from zvh_contracts.envelope import Envelope
from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld, ActieToegewezen
from zvh_contracts.partner.melding_v1 import MeldingOntvangen
from zvh_contracts.partner.overleg_v1 import OverlegUitgenodigd
from zvh_local.cli import parser
from zvh_local.demo_adapter import DemoAdapter, answer_to
from zvh_local.partner_check import (
    Beoordeling,
    Bevinding,
    Rapport,
    beoordeel,
    bevinding_bericht,
    cmd_partner_check,
    controleer_antwoorden,
    from_zvh_types,
    render,
    run_check,
    verwachtingen,
    voorbeeld,
)

PARTNER = "politie-zwb"
ACTIE = uuid.UUID("b2c4d6e8-1a3b-4c5d-8e7f-9a0b1c2d3e4f")
CASUS = uuid.UUID("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")


def terugkoppeling() -> ActieTeruggekoppeld:
    return ActieTeruggekoppeld.model_validate(
        {"actie_id": str(ACTIE), "casus_id": str(CASUS), "status": "loopt"}
    )


def message(event: Event, **override: str | None) -> tuple[dict[str, str], bytes]:
    headers = Envelope(source=PARTNER, type=event.event_type, subject=event.subject()).headers()
    for name, value in override.items():
        name = name.replace("_", "-") if name == "content_type" else name
        if value is None:
            headers.pop(name, None)
        else:
            headers[name] = value
    return headers, event.model_dump_json().encode()


def test_a_good_terugkoppeling_passes() -> None:
    headers, body = message(terugkoppeling())
    result = beoordeel(PARTNER, headers, body, key=str(CASUS))
    assert result.problemen == [] and result.goed
    assert result.velden["actie_id"] == str(ACTIE)


@pytest.mark.parametrize(
    ("override", "reden"),
    [
        ({"ce_type": None}, "verplichte header ontbreekt: ce_type"),
        ({"ce_specversion": "0.3"}, "ce_specversion is '0.3', moet '1.0' zijn"),
        ({"ce_type": "zvh.partner.actie.afgeblazen.v1"}, "onbekend berichttype (ce_type)"),
        (
            {"ce_type": "zvh.partner.actie.toegewezen.v1"},
            "geen bericht van een partner aan de ZVH (richting: ZVH → partner)",
        ),
        ({"ce_type": "zvh.overleg.casus.geopend.v1"}, "(richting: intern in de ZVH)"),
        ({"ce_source": "gemeente-breda"}, "ce_source is 'gemeente-breda', moet uw partnercode"),
        ({"ce_id": "42"}, "ce_id '42' is geen UUID"),
        ({"ce_subject": "iets-anders"}, f"ce_subject is 'iets-anders', moet '{CASUS}' zijn"),
        ({"ce_time": "gisteren"}, "ce_time 'gisteren' is geen ISO 8601-tijd"),
        ({"ce_time": "2025-12-01T10:00:00"}, "ce_time heeft geen tijdzone"),
        ({"content_type": "text/plain"}, "content-type is 'text/plain'"),
        ({"content_type": None}, "verplichte header ontbreekt: content-type"),
    ],
)
def test_a_broken_envelope_fails_with_a_dutch_reason(
    override: dict[str, str | None], reden: str
) -> None:
    headers, body = message(terugkoppeling(), **override)
    result = beoordeel(PARTNER, headers, body, key=str(CASUS))
    assert not result.goed
    assert any(reden in p for p in result.problemen), result.problemen


def test_a_body_that_breaks_the_schema_fails() -> None:
    headers, _ = message(terugkoppeling())
    body = json.dumps({"actie_id": str(ACTIE), "casus_id": str(CASUS), "status": "bijna"})
    result = beoordeel(PARTNER, headers, body.encode())
    assert len(result.problemen) == 1
    assert result.problemen[0].startswith(
        "inhoud voldoet niet aan het schema van zvh.partner.actie.teruggekoppeld.v1: status:"
    )
    assert beoordeel(PARTNER, headers, b"{niet json").problemen[0].startswith("inhoud voldoet")


def test_a_list_of_arrests_passes_from_the_police_only() -> None:
    lijst = voorbeeld("zvh.partner.aanhoudingen.ingediend.v1", PARTNER)
    headers, body = message(lijst)
    assert beoordeel(PARTNER, headers, body, key=lijst.subject()).problemen == []
    headers["ce_source"] = "gemeente-breda"
    assert beoordeel("gemeente-breda", headers, body, key=lijst.subject()).problemen == [
        "alleen de politie levert een lijst met aanhoudingen aan"
    ]


def test_the_kafka_key_must_be_the_subject() -> None:
    headers, body = message(terugkoppeling())
    assert beoordeel(PARTNER, headers, body, key="x").problemen == [
        "Kafka-sleutel is 'x', moet gelijk zijn aan ce_subject"
    ]


def test_a_message_over_the_size_limit_fails() -> None:
    headers, body = message(terugkoppeling())
    big = body[:-1] + b', "extra": "' + b"x" * topics.MAX_MESSAGE_BYTES + b'"}'
    problemen = beoordeel(PARTNER, headers, big).problemen
    assert problemen[0].startswith("bericht is ") and "groter dan de grens" in problemen[0]


def test_examples_get_fresh_ids_and_are_addressed_to_the_partner() -> None:
    types = from_zvh_types()
    assert "zvh.partner.actie.toegewezen.v1" in types
    assert "zvh.partner.melding.ingediend.v1" not in types
    a, b = (
        voorbeeld("zvh.partner.actie.toegewezen.v1", PARTNER),
        voorbeeld("zvh.partner.actie.toegewezen.v1", PARTNER),
    )
    assert isinstance(a, ActieToegewezen) and isinstance(b, ActieToegewezen)
    assert a.actie_id != b.actie_id and a.actie_id != ACTIE and a.wie == PARTNER
    uitnodiging = voorbeeld("zvh.partner.overleg.uitgenodigd.v1", PARTNER)
    assert isinstance(uitnodiging, OverlegUitgenodigd)
    assert uitnodiging.ical_uid.startswith(str(uitnodiging.overleg_id))  # replaced consistently


def test_expected_answers_pass_only_when_valid_and_of_the_right_type() -> None:
    toegewezen = voorbeeld("zvh.partner.actie.toegewezen.v1", PARTNER)
    lijst = verwachtingen([toegewezen, voorbeeld("zvh.partner.casus.geopend.v1", PARTNER)])
    assert len(lijst) == 1 and lijst[0].waarde == str(toegewezen.actie_id)  # type: ignore[attr-defined]
    velden = {"actie_id": lijst[0].waarde}
    goed = Beoordeling("zvh.partner.actie.teruggekoppeld.v1", [], velden)
    fout = Beoordeling("", ["verplichte header ontbreekt: ce_type"], velden)
    [ok] = controleer_antwoorden(lijst, [goed], 5)
    [afgekeurd] = controleer_antwoorden(lijst, [fout], 5)
    [geen] = controleer_antwoorden(lijst, [], 5)
    assert ok.geslaagd and not afgekeurd.geslaagd and not geen.geslaagd
    assert "maar geen geldig zvh.partner.actie.teruggekoppeld.v1" in afgekeurd.toelichting
    assert geen.toelichting.startswith("geen zvh.partner.actie.teruggekoppeld.v1 met actie_id")


def test_a_message_line_names_its_ce_id_and_every_problem() -> None:
    headers, body = message(terugkoppeling(), ce_type=None, ce_source="x-y")
    line = bevinding_bericht(3, beoordeel(PARTNER, headers, body))
    assert line.controle == "bericht 3: (geen ce_type)" and not line.geslaagd
    assert line.toelichting.startswith(f"ce_id {headers['ce_id']}: verplichte header ontbreekt")
    assert "ce_source is 'x-y'" in line.toelichting
    good = bevinding_bericht(1, beoordeel(PARTNER, *message(terugkoppeling())))
    assert good.geslaagd and good.toelichting.endswith("envelop en inhoud volgens het contract")


def test_report_is_a_dutch_table_and_markup_in_a_type_stays_text() -> None:
    rapport = Rapport(PARTNER, [Bevinding("bericht 1: [red]x", False, "onbekend")])
    text = render(rapport)
    assert "controle" in text and "uitkomst" in text and "toelichting" in text
    assert "[red]x" in text and "mislukt" in text and "Mislukt: 1 van 1 controles." in text
    assert "Geslaagd: alle 1 controles." in render(Rapport(PARTNER, [Bevinding("a", True, "b")]))
    assert not Rapport(PARTNER).geslaagd  # nothing checked is no pass


def test_the_demo_adapter_answers_actie_and_uitnodiging_only() -> None:
    toegewezen = voorbeeld("zvh.partner.actie.toegewezen.v1", PARTNER)
    answer = answer_to(toegewezen)
    assert isinstance(answer, ActieTeruggekoppeld) and answer.status == "loopt"
    assert answer.actie_id == toegewezen.actie_id  # type: ignore[attr-defined]
    assert answer_to(voorbeeld("zvh.partner.overleg.uitgenodigd.v1", PARTNER)).antwoord == "komt"  # type: ignore[union-attr]
    ontvangen = voorbeeld(MeldingOntvangen.event_type, PARTNER)
    assert answer_to(ontvangen) is None


def test_cli_parses_both_commands() -> None:
    args = parser().parse_args(["partner-check", "--partner", PARTNER, "--timeout", "5"])
    assert args.func is cmd_partner_check and args.timeout == 5.0 and args.partner == PARTNER
    args = parser().parse_args(["demo-adapter", "--partner", PARTNER, "--bootstrap", "h:1"])
    assert args.bootstrap == "h:1"


def test_cli_refuses_an_invalid_partner_code(capsys: pytest.CaptureFixture[str]) -> None:
    args = parser().parse_args(["partner-check", "--partner", "Politie ZWB"])
    assert cmd_partner_check(args) == 1
    assert "partner-check kon niet draaien" in capsys.readouterr().err


# --- against the broker ---------------------------------------------------------------------


async def fresh_partner(bootstrap: str) -> str:
    """A partner code of its own for one test, with its two topics created."""
    code = f"test-{uuid.uuid4().hex[:10]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [
                NewTopic(name=name, num_partitions=3, replication_factor=1)
                for name in (topics.partner_to_zvh(code), topics.partner_from_zvh(code))
            ]
        )
    finally:
        await admin.close()
    return code


class ZonderType(DemoAdapter):
    """Forgets ce_type."""

    def headers(self, event: Event, event_id: uuid.UUID) -> dict[str, str]:
        headers = super().headers(event, event_id)
        del headers["ce_type"]
        return headers


class VerkeerdeBron(DemoAdapter):
    """Signs as another organisation."""

    def headers(self, event: Event, event_id: uuid.UUID) -> dict[str, str]:
        return {**super().headers(event, event_id), "ce_source": "gemeente-breda"}


class Echo(DemoAdapter):
    """Echoes an actie back to the ZVH (a from-zvh type) before answering it properly."""

    async def handle(self, headers: dict[str, str], body: bytes) -> None:
        if headers.get("ce_type") == ActieToegewezen.event_type:
            await self.send(ActieToegewezen.model_validate_json(body))  # same key: read first
        await super().handle(headers, body)


async def check_with(adapter_cls: type[DemoAdapter], bootstrap: str, timeout_s: float) -> Rapport:
    partner = await fresh_partner(bootstrap)
    adapter = adapter_cls(partner=partner, bootstrap=bootstrap)
    await adapter.start()
    try:
        return await run_check(partner=partner, bootstrap=bootstrap, timeout_s=timeout_s)
    finally:
        await adapter.stop()


@pytest.mark.broker
async def test_the_demo_adapter_passes(kafka_bootstrap: str) -> None:
    rapport = await check_with(DemoAdapter, kafka_bootstrap, timeout_s=60)
    text = render(rapport)
    assert rapport.geslaagd, text
    controles = [b.controle for b in rapport.bevindingen]
    assert sum(c.startswith("verstuurd: ") for c in controles) == len(from_zvh_types())
    assert "antwoord op zvh.partner.actie.toegewezen.v1" in controles
    assert "antwoord op zvh.partner.overleg.uitgenodigd.v1" in controles
    assert sum(c.startswith("bericht ") for c in controles) == 2
    assert "Geslaagd: alle" in text


@pytest.mark.broker
@pytest.mark.parametrize(
    ("adapter_cls", "reden"),
    [
        (ZonderType, "verplichte header ontbreekt: ce_type"),
        (VerkeerdeBron, "ce_source is 'gemeente-breda', moet uw partnercode"),
    ],
)
async def test_a_broken_adapter_fails_with_a_dutch_report(
    kafka_bootstrap: str, adapter_cls: type[DemoAdapter], reden: str
) -> None:
    rapport = await check_with(adapter_cls, kafka_bootstrap, timeout_s=60)
    text = render(rapport, width=400)
    assert not rapport.geslaagd
    afgekeurd = [b for b in rapport.bevindingen if b.controle.startswith("bericht ")]
    assert len(afgekeurd) == 2 and all(not b.geslaagd and reden in b.toelichting for b in afgekeurd)
    antwoorden = [b for b in rapport.bevindingen if b.controle.startswith("antwoord op ")]
    assert len(antwoorden) == 2 and not any(b.geslaagd for b in antwoorden)
    assert reden in text and "Mislukt: 4 van" in text


@pytest.mark.broker
async def test_a_stray_message_fails_the_check_even_when_the_answers_are_right(
    kafka_bootstrap: str,
) -> None:
    rapport = await check_with(Echo, kafka_bootstrap, timeout_s=60)
    assert not rapport.geslaagd
    [echo] = [b for b in rapport.bevindingen if not b.geslaagd]
    assert echo.controle.endswith(": zvh.partner.actie.toegewezen.v1")
    assert "geen bericht van een partner aan de ZVH (richting: ZVH → partner)" in echo.toelichting
    antwoorden = [b for b in rapport.bevindingen if b.controle.startswith("antwoord op ")]
    assert len(antwoorden) == 2 and all(b.geslaagd for b in antwoorden)


def test_the_terugmelding_types_are_sent_and_need_no_answer() -> None:
    """partner-check sends both terugmelding types; the demo adapter logs them without text."""
    from zvh_local.demo_adapter import terugmelding

    types = from_zvh_types()
    for t in ("zvh.partner.melding.getrieerd.v1", "zvh.partner.casus.afgesloten.v1"):
        assert t in types
        event = voorbeeld(t, PARTNER)
        assert answer_to(event) is None and verwachtingen([event]) == []
    getrieerd = voorbeeld("zvh.partner.melding.getrieerd.v1", PARTNER)
    regel = terugmelding(getrieerd)
    assert regel == f"terugmelding: melding {getrieerd.melding_id} getrieerd als advies"  # type: ignore[attr-defined]
    assert getrieerd.advies and getrieerd.advies not in regel  # type: ignore[attr-defined]
    afgesloten = voorbeeld("zvh.partner.casus.afgesloten.v1", PARTNER)
    assert "afgesloten (doel-bereikt)" in (terugmelding(afgesloten) or "")
    assert terugmelding(voorbeeld("zvh.partner.casus.geopend.v1", PARTNER)) is None
