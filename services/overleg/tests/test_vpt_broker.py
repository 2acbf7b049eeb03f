"""The VPT dossier on the real tansu broker: intake's VptIncidentGeregistreerd opens the dossier;
closing it puts VptDossierAfgesloten (ids only) on zvh.overleg.casus.v1 through the outbox."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from faststream.kafka import KafkaBroker
from test_consumers_broker import headers_of, read_topic
from vpt_helpers import ORG, VptBeleidPdp, geregistreerd
from zvh_contracts import topics
from zvh_overleg.application import vpt
from zvh_overleg.application.ports import Actor
from zvh_overleg.bootstrap import create_app
from zvh_overleg.config import OverlegSettings
from zvh_overleg.domain.vpt import VptAfsluitreden, dossier_id_van
from zvh_overleg.entrypoints.context import Services
from zvh_platform.messaging import publish_event
from zvh_platform.testing import wait_for

pytestmark = pytest.mark.broker

DEWIT = Actor(user_id="vpt.dewit", org="zvh", roles=["vpt-casemanager"], token="t")


class Ja:
    async def vastgesteld(self, dossier_id: uuid.UUID) -> bool:
        return True


async def test_incident_opens_the_dossier_and_closing_is_announced(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    settings = OverlegSettings(
        env="test",
        kafka_bootstrap=kafka_bootstrap,
        var_dir=tmp_path,
        telemetry_dir=tmp_path / "telemetry",
        consent_url="http://127.0.0.1:9",
        retry_backoff_s=0.05,
    )
    app = create_app(settings)
    publisher = KafkaBroker(kafka_bootstrap)
    async with app.router.lifespan_context(app), publisher:
        await publisher.connect()
        svc: Services = app.state.overleg
        event = geregistreerd()
        await publish_event(
            publisher, event=event, source="zvh-intake", topic=topics.INTAKE_MELDING
        )
        dossier_id = dossier_id_van(event.incident_id)

        async def geopend() -> bool:
            async with svc.uow() as tx:
                return await tx.vpt.get(dossier_id) is not None

        await wait_for(geopend, timeout_s=30)
        await vpt.wijzig(
            dossier_id,
            vpt.Afsluiten(reden=VptAfsluitreden.AFGEROND, toelichting=None),
            actor=DEWIT,
            uow=svc.uow,
            pdp=VptBeleidPdp(),
            clock=svc.clock,
            evaluaties=Ja(),
        )
        record = await read_topic(
            kafka_bootstrap,
            topics.OVERLEG_CASUS,
            match=lambda r: (
                headers_of(r).get("ce_type") == "zvh.overleg.vpt.dossier-afgesloten.v1"
                and json.loads(r.value)["dossier_id"] == str(dossier_id)
            ),
        )
        body = json.loads(record.value)
        assert set(body) == {"dossier_id", "incident_id", "organisatie", "afgesloten_op"}
        assert body["incident_id"] == str(event.incident_id) and body["organisatie"] == ORG
        assert headers_of(record)["ce_subject"] == str(dossier_id)
