"""The meldpunt through the whole notify service on a real tansu broker and SQLite: intake's
``vpt-incident.geregistreerd`` tells the leidinggevende at once (the partner event on the
organisation's topic, the e-mail to the leidinggevende's own address); the same event replayed
tells nobody again; a registered nazorg contact is not reminded; when the test clock passes the
een-week contact, the leidinggevende and the casemanager are mailed its herinnering and verlopen
signal (``MovableClock`` through ``test_clock_file``)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from faststream.kafka import KafkaBroker
from notify_smtp import Collect, smtp_server
from sqlalchemy import select
from test_consumer_integration import _read, partner_reader, running
from zvh_contracts import topics
from zvh_contracts.intake import vpt_v1 as vpt
from zvh_notify.adapters.db.tables import termijn_timers
from zvh_notify.config import NotifySettings
from zvh_platform.messaging import publish_event
from zvh_platform.termijnen import nl_dag
from zvh_platform.testing import free_port, wait_for

pytestmark = pytest.mark.broker


def _region(tmp_path: Path, org: str) -> Path:
    path = tmp_path / "region.json"
    path.write_text(
        json.dumps(
            {
                "naam": "Test-ZVH",
                "partners": [
                    {"code": org, "naam": "Testgemeente", "email": f"{org}@partners.test"},
                    {"code": "zvh", "naam": "ZVH", "email": "zvh@zvh.test"},
                ],
                "users": [
                    {
                        "id": "lg.test",
                        "naam": "Lea Leiding",
                        "org": org,
                        "roles": ["leidinggevende"],
                        "email": "lea@partners.test",
                    },
                    {
                        "id": "cm.test",
                        "naam": "Casper Casemanager",
                        "org": "zvh",
                        "roles": ["vpt-casemanager"],
                        "email": "casper@zvh.test",
                    },
                ],
            }
        )
    )
    return path


#: This test's recipients. The broker is shared with other tests, whose incidents on the same
#: intake topic this fresh consumer group also reads; their mails go to other addresses.
ONZE = ("casper@zvh.test", "lea@partners.test")


def _onze(smtp: Collect) -> list[Any]:
    return [m for m in smtp.messages if str(m["To"]) in ONZE]


def _mails(smtp: Collect, n: int):  # type: ignore[no-untyped-def]
    async def probe() -> bool:
        return len(_onze(smtp)) >= n

    return probe


async def _gesloten(runtime: Any, incident: uuid.UUID, termijn: str) -> bool:
    async with runtime.sessions() as s:
        rows = (
            await s.execute(
                select(termijn_timers.c.status).where(
                    termijn_timers.c.melding_id == incident, termijn_timers.c.termijn == termijn
                )
            )
        ).all()
    return bool(rows) and all(r.status == "vervallen" for r in rows)


async def test_the_leidinggevende_is_told_once_and_reminded_of_the_nazorg(
    kafka_bootstrap: str, tmp_path: Path
):
    org = f"test-{uuid.uuid4().hex[:10]}"
    smtp, smtp_port = Collect(), free_port()
    klok = tmp_path / "klok"
    settings = NotifySettings(
        env="test",
        kafka_bootstrap=kafka_bootstrap,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}",
        var_dir=tmp_path,
        region_file=_region(tmp_path, org),
        smtp_port=smtp_port,
        consumer_group=f"zvh-notify-{uuid.uuid4().hex[:6]}",
        delivery_poll_interval_s=0.1,
        termijn_poll_interval_s=0.2,
        test_clock_file=klok,
    )
    nu = datetime.now(UTC)
    vandaag = nl_dag(nu)
    incident = uuid.uuid4()
    een_week = vandaag + timedelta(days=7)
    event = vpt.VptIncidentGeregistreerd.model_validate(
        {
            "incident_id": str(incident),
            "organisatie": org,
            "gemeld_op": nu.isoformat(),
            "urgent": False,
            "melder": "wt.test",
            "leidinggevende": "lg.test",
            "casemanager": "cm.test",
            "nazorg": [
                {"contact": "eerste", "uiterlijk": (vandaag + timedelta(days=1)).isoformat()},
                {"contact": "een-week", "uiterlijk": een_week.isoformat()},
                {"contact": "zes-weken", "uiterlijk": (vandaag + timedelta(days=42)).isoformat()},
            ],
        }
    )
    gedaan = vpt.VptNazorgGeregistreerd.model_validate(
        {
            "incident_id": str(incident),
            "organisatie": org,
            "contact": "eerste",
            "op": vandaag.isoformat(),
            "door": "lg.test",
        }
    )
    received: list[Any] = []
    producer = KafkaBroker(kafka_bootstrap)
    await producer.start()
    try:
        with smtp_server(smtp_port, smtp):
            async with (
                running(settings) as runtime,
                partner_reader(kafka_bootstrap, topics.partner_from_zvh(org)) as reader,
            ):
                for e in (event, event, gedaan):  # the second: a replay under a new ce_id
                    await publish_event(
                        producer, event=e, source="intake", topic=topics.INTAKE_MELDING
                    )
                [msg] = await wait_for(lambda: _read(reader, received), timeout_s=30)
                await wait_for(_mails(smtp, 1), timeout_s=30)
                await wait_for(
                    lambda: _gesloten(runtime, incident, "vpt-nazorg-eerste"), timeout_s=30
                )
                headers = {k: v.decode() for k, v in msg.headers}
                assert headers["ce_type"] == "zvh.partner.vpt-incident.gemeld-bij-zvh.v1"
                body = json.loads(msg.value)
                assert body["incident_id"] == str(incident) and body["signaal"] == "gemeld"
                [mail] = _onze(smtp)
                assert mail["To"] == "lea@partners.test"
                assert mail["Subject"] == "Incident gemeld door een medewerker van uw organisatie"

                # Eight days on: the een-week contact's herinnering and verlopen signal, to
                # both; the registered eerste contact is not reminded.
                klok.write_text(str(timedelta(days=8).total_seconds()))
                await wait_for(_mails(smtp, 5), timeout_s=30)
                await _read(reader, received)
    finally:
        await producer.stop()
    nieuw = sorted((str(m["To"]), str(m["Subject"])) for m in _onze(smtp)[1:])
    datum = een_week.strftime("%d-%m-%Y")
    assert nieuw == sorted(
        [
            (wie, onderwerp)
            for wie in ("casper@zvh.test", "lea@partners.test")
            for onderwerp in (
                f"Herinnering: nazorgcontact na een week uiterlijk {datum}",
                "Termijn verstreken: nazorgcontact na een week na een incident",
            )
        ]
    )
    assert len(received) == 1  # the nazorg signals are e-mail and postvak only, no topic event
