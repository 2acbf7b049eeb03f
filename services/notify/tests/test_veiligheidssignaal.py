"""Veiligheidssignalen travel with the actie to the partner's adapter (issue 10, part 5)."""

from __future__ import annotations

import json
from datetime import date

from notify_fakes import actie, actie_gewijzigd, handle
from zvh_contracts import topics
from zvh_contracts.partner import actie_v1 as partner_actie
from zvh_contracts.veiligheidssignaal import Veiligheidssignaal
from zvh_contracts.vocab import Veiligheidssignaalcode

SIGNAAL = Veiligheidssignaal(
    code=Veiligheidssignaalcode.NIET_ALLEEN_OP_HUISBEZOEK, geldig_tot=date(2025, 6, 1)
)


async def test_actie_toegewezen_carries_the_signals_to_the_partner(store, partners, clock):
    event = actie("ggz-wnb").model_copy(update={"veiligheidssignalen": [SIGNAAL]})
    await handle(event, store=store, partners=partners, clock=clock)

    [out] = store.outbox
    assert out.topic == topics.partner_from_zvh("ggz-wnb")
    assert isinstance(out.event, partner_actie.ActieToegewezen)
    assert out.event.veiligheidssignalen == [SIGNAAL]
    assert json.loads(out.event.model_dump_json())["veiligheidssignalen"] == [
        {"code": "niet-alleen-op-huisbezoek", "geldig_tot": "2025-06-01"}
    ]


async def test_without_signals_the_partner_gets_an_empty_list(store, partners, clock):
    await handle(actie("ggz-wnb"), store=store, partners=partners, clock=clock)
    [out] = store.outbox
    assert isinstance(out.event, partner_actie.ActieToegewezen)
    assert out.event.veiligheidssignalen == []


async def test_a_changed_or_reassigned_actie_carries_them_too(store, partners, clock):
    event = actie_gewijzigd(wie="ggz-wnb", vorige_wie="politie-zwb").model_copy(
        update={"veiligheidssignalen": [SIGNAAL]}
    )
    await handle(event, store=store, partners=partners, clock=clock)

    by_topic = {o.topic: o.event for o in store.outbox}
    nieuw = by_topic[topics.partner_from_zvh("ggz-wnb")]
    oud = by_topic[topics.partner_from_zvh("politie-zwb")]
    assert isinstance(nieuw, partner_actie.ActieToegewezen)
    assert nieuw.veiligheidssignalen == [SIGNAAL]
    assert isinstance(oud, partner_actie.ActieGewijzigd)
    assert oud.veiligheidssignalen == [SIGNAAL]
