"""The consumer routes a partner's answer from its to-zvh topic to the planning handler
(FastStream's TestKafkaBroker: the broker is not the point here)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from faststream.kafka import KafkaBroker, TestKafkaBroker
from overleg_fakes import NU, BeleidPdp, FakeUnitOfWork, FixedClock, Store, casus
from zvh_contracts import topics
from zvh_contracts.envelope import Envelope
from zvh_contracts.partner.bericht_v1 import BerichtOntvangen
from zvh_contracts.partner.overleg_v1 import OverlegBeantwoord
from zvh_contracts.vocab import OverlegAntwoord, OverlegSoort
from zvh_overleg.application import planning
from zvh_overleg.application.ports import Actor
from zvh_overleg.entrypoints.consumers import register_consumers
from zvh_platform.consuming import Consumers
from zvh_platform.settings import ServiceSettings

PR = Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"])


async def _send(br, *, org: str, event: OverlegBeantwoord) -> None:  # type: ignore[no-untyped-def]
    envelope = Envelope(source=org, type=event.event_type, subject=str(event.overleg_id))
    await br.publish(
        event.model_dump_json().encode(),
        topic=topics.partner_to_zvh(org),
        headers=envelope.headers(),
    )


async def test_answer_on_partner_topic_is_stored_for_that_partner_only(store: Store) -> None:
    a = casus(deelnemers=["politie-zwb", "gemeente-bergen-op-zoom"])
    store.casussen[a.casus_id] = a
    uow = lambda: FakeUnitOfWork(store)  # noqa: E731
    overleg_id = await planning.plan_overleg(
        planning.PlanOverleg(
            soort=OverlegSoort.CASUSOVERLEG,
            start=NU + timedelta(days=1),
            eind=NU + timedelta(days=1, hours=1),
            locatie="Zaal",
            voorzitter="pr.jansen",
            agenda=[a.casus_id],
        ),
        actor=PR,
        uow=uow,
        pdp=BeleidPdp(),
        clock=FixedClock(),
        voorzitters={"pr.jansen"},
    )
    broker = KafkaBroker()
    settings = ServiceSettings(service="overleg", env="test")
    register_consumers(
        Consumers(broker=broker, settings=settings),
        partner_codes=settings.region().partner_codes(),
        uow=uow,
        clock=FixedClock(),
    )
    async with TestKafkaBroker(broker) as br:
        await _send(
            br,
            org="politie-zwb",
            event=OverlegBeantwoord(overleg_id=overleg_id, antwoord=OverlegAntwoord.KOMT),
        )
        # ggz-wnb is not invited, the other overleg is unknown: both answered with a rejection
        await _send(
            br,
            org="ggz-wnb",
            event=OverlegBeantwoord(overleg_id=overleg_id, antwoord=OverlegAntwoord.KOMT),
        )
        await _send(
            br,
            org="gemeente-bergen-op-zoom",
            event=OverlegBeantwoord(overleg_id=uuid.uuid4(), antwoord=OverlegAntwoord.KOMT),
        )
    antwoorden = store.overleggen[overleg_id].antwoorden
    assert [(x.partner, x.antwoord, x.door) for x in antwoorden] == [
        ("politie-zwb", OverlegAntwoord.KOMT, "kafka")
    ]
    answers = [
        (topic, e.status.value) for topic, e, _ in store.outbox if isinstance(e, BerichtOntvangen)
    ]
    assert answers == [
        (topics.partner_from_zvh("politie-zwb"), "ontvangen"),
        (topics.partner_from_zvh("ggz-wnb"), "afgewezen"),
        (topics.partner_from_zvh("gemeente-bergen-op-zoom"), "afgewezen"),
    ]
    assert [a.partner for a in store.afgewezen] == ["ggz-wnb", "gemeente-bergen-op-zoom"]
