"""items_inzien: one PDP batch per read, one question per kind of item, deny on error."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence

from overleg_fakes import NU, FakePdp, casus
from planning_fakes import EigenaarPdp
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_overleg.application.informatie import actielijst_met_items as _met_items
from zvh_overleg.application.informatie import items_inzien
from zvh_overleg.application.ports import Actor
from zvh_overleg.domain.bouwschema import (
    Categorie,
    Informatieitem,
    Onderdeel,
    standaard_gevoeligheid,
)

POLITIE = Actor(user_id="agent.smit", org="politie-zwb", roles=["deelnemer"], token="tok")
EIGENAREN = ["politie-zwb", "ggz-wnb", "gemeente-bergen-op-zoom", "veiligheidshuis", "reclassering"]
CATEGORIEEN = [Categorie.POLITIE, Categorie.ZORG, Categorie.WONEN, Categorie.JUSTITIE]


async def leesbare_items(alle: list[Informatieitem], **kw: object) -> list[Informatieitem]:
    """The items shown (not hidden) by ``items_inzien``, as they were stored."""
    getoond = {i.item_id for i in await items_inzien(alle, **kw) if i.zicht.getoond}  # type: ignore[arg-type]
    return [i for i in alle if i.item_id in getoond]


async def actielijst_met_items(alle: list[Informatieitem], **kw: object) -> list[Informatieitem]:
    getoond = {i.item_id for i in await _met_items(alle, **kw) if i.zicht.getoond}  # type: ignore[arg-type]
    return [i for i in alle if i.item_id in getoond]


def items(n: int) -> list[Informatieitem]:
    """``n`` items cycling through 5 eigenaars × 4 categorieën (20 kinds)."""
    soorten = itertools.cycle(itertools.product(EIGENAREN, CATEGORIEEN))
    return [
        Informatieitem(
            item_id=uuid.uuid4(),
            casus_id=uuid.uuid4(),
            onderdeel=Onderdeel.BEELD,
            eigenaar=eigenaar,
            categorie=categorie,
            tekst=f"tekst {i}",
            ingebracht_op=NU,
            vastgelegd_door="notulist.bakker",
            gevoeligheid=standaard_gevoeligheid(categorie),
        )
        for i, (eigenaar, categorie) in zip(range(n), soorten, strict=False)
    ]


async def test_200_items_of_20_kinds_are_one_batch_of_20_questions() -> None:
    pdp, alle = EigenaarPdp(), items(200)
    zaak = casus()
    leesbaar = await leesbare_items(alle, casus=zaak, actor=POLITIE, pdp=pdp)
    assert len(pdp.batches) == 1
    [batch] = pdp.batches
    assert [(r.resource.eigenaar, r.resource.categorie) for r in batch] == [
        (e, c.value) for e, c in itertools.product(EIGENAREN, CATEGORIEEN)
    ]
    assert all(r.action == "read" and r.resource.type == "informatie-item" for r in batch)
    assert all(r.resource.item is None and r.resource.casus == str(zaak.casus_id) for r in batch)
    assert leesbaar == [i for i in alle if i.eigenaar == "politie-zwb"]  # order kept


async def test_a_deny_per_kind_filters_only_that_kind() -> None:
    class GeenZorg(FakePdp):
        async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
            self.allow = request.resource.categorie != "zorg"
            return await super().decide(request, token=token)

    alle = items(40)
    leesbaar = await leesbare_items(alle, casus=casus(), actor=POLITIE, pdp=GeenZorg())
    assert leesbaar == [i for i in alle if i.categorie is not Categorie.ZORG]


async def test_no_items_asks_nothing() -> None:
    pdp = FakePdp()
    assert await leesbare_items([], casus=casus(), actor=POLITIE, pdp=pdp) == []
    assert pdp.batches == [] and pdp.requests == []


class KapottePdp(FakePdp):
    """Raises on a batch, or answers with one decision too few."""

    def __init__(self, *, te_weinig: bool = False) -> None:
        super().__init__()
        self.te_weinig = te_weinig

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        if not self.te_weinig:
            raise RuntimeError("pdp weg")
        return (await super().decide_many(requests, token=token))[:-1]


async def test_a_failing_batch_denies_everything() -> None:
    alle = items(10)
    assert await leesbare_items(alle, casus=casus(), actor=POLITIE, pdp=KapottePdp()) == []
    pdp = KapottePdp(te_weinig=True)
    assert await leesbare_items(alle, casus=casus(), actor=POLITIE, pdp=pdp) == []
    assert len(pdp.batches) == 1


async def test_the_token_of_the_actor_goes_with_the_batch() -> None:
    seen: list[str | None] = []

    class TokenPdp(FakePdp):
        async def decide_many(
            self, requests: Sequence[DecisionRequest], *, token: str | None
        ) -> list[Decision]:
            seen.append(token)
            return await super().decide_many(requests, token=token)

    await leesbare_items(items(3), casus=casus(), actor=POLITIE, pdp=TokenPdp())
    assert seen == ["tok"]


async def test_actielijst_and_items_are_one_round_trip_actielijst_first() -> None:
    pdp, alle = EigenaarPdp(), items(60)
    zaak = casus(deelnemers=["politie-zwb", "ggz-wnb"])
    leesbaar = await actielijst_met_items(alle, casus=zaak, actor=POLITIE, pdp=pdp)
    [batch] = pdp.batches
    assert batch[0].resource.type == "actielijst" and len(batch) == 21
    assert leesbaar == [i for i in alle if i.eigenaar == "politie-zwb"]


async def test_actielijst_deny_or_failure_refuses_the_whole_read() -> None:
    import pytest
    from zvh_overleg.application.errors import ToegangGeweigerd

    buiten = casus(deelnemers=["ggz-wnb"])  # politie takes no part: the actielijst is refused
    with pytest.raises(ToegangGeweigerd):
        await actielijst_met_items(items(10), casus=buiten, actor=POLITIE, pdp=EigenaarPdp())

    class Stuk(FakePdp):
        async def decide_many(  # type: ignore[override]
            self, requests: Sequence[DecisionRequest], *, token: str | None
        ) -> list[Decision]:
            raise ConnectionError("consent onbereikbaar")

    with pytest.raises(ToegangGeweigerd, match="geen beslissing"):
        await actielijst_met_items(items(10), casus=casus(), actor=POLITIE, pdp=Stuk())


async def test_every_read_sends_gevoeligheid_and_the_eigenaars_controls() -> None:
    from dataclasses import replace

    pdp = FakePdp()
    [zorg, justitie] = [
        replace(i, tekst="x")
        for i in items(4)
        if i.categorie in (Categorie.ZORG, Categorie.JUSTITIE)
    ]
    beperkt = replace(zorg, item_id=uuid.uuid4(), beperkt_tot=("zvh", "politie-zwb"))
    ingetrokken = replace(zorg, item_id=uuid.uuid4(), ingetrokken=True)
    await leesbare_items(
        [zorg, justitie, beperkt, ingetrokken], casus=casus(), actor=POLITIE, pdp=pdp
    )
    [batch] = pdp.batches
    assert [
        (
            r.resource.categorie,
            r.resource.gevoeligheid,
            r.resource.beperkt_tot,
            r.resource.ingetrokken,
        )
        for r in batch
    ] == [
        ("zorg", "bijzonder", None, False),
        ("justitie", "strafrechtelijk", None, False),
        ("zorg", "bijzonder", ["zvh", "politie-zwb"], False),
        ("zorg", "bijzonder", None, True),
    ]


async def test_writing_an_item_sends_the_categories_gevoeligheid() -> None:
    from zvh_overleg.application.informatie import check_item_schrijven

    pdp = FakePdp()
    await check_item_schrijven(
        casus(), eigenaar="ggz-wnb", categorie="zorg", actor=POLITIE, pdp=pdp
    )
    [vraag] = pdp.requests
    assert (vraag.action, vraag.resource.gevoeligheid, vraag.resource.ingetrokken) == (
        "write",
        "bijzonder",
        False,
    )


CLIENT, ANDER = "a" * 32, "b" * 32


async def test_every_item_question_names_the_casus_client_and_batching_stays() -> None:
    """The client's toestemming (or refusal) must reach overleg's content: each question
    carries the casus' first pseudonym; one question per kind still, in one batch."""
    from zvh_overleg.application.informatie import check_item_schrijven, toelichtingen_inzien
    from zvh_overleg.domain.model import ActieStatus, Terugkoppeling

    pdp, zaak = EigenaarPdp(), casus(betrokkenen=[CLIENT, ANDER])
    await leesbare_items(items(200), casus=zaak, actor=POLITIE, pdp=pdp)
    [batch] = pdp.batches
    assert len(batch) == 20
    assert {r.resource.betrokkene for r in batch} == {CLIENT}
    await actielijst_met_items(items(40), casus=zaak, actor=POLITIE, pdp=pdp)
    items_vragen = [r for r in pdp.batches[-1] if r.resource.type == "informatie-item"]
    assert len(items_vragen) == 20 and {r.resource.betrokkene for r in items_vragen} == {CLIENT}
    toelichting = Terugkoppeling(
        terugkoppeling_id=uuid.uuid4(),
        actie_id=uuid.uuid4(),
        casus_id=zaak.casus_id,
        door="ggz-wnb",
        status=ActieStatus.LOOPT,
        toelichting="x",
        ontvangen_op=NU,
    )
    await toelichtingen_inzien([toelichting], casus=zaak, actor=POLITIE, pdp=pdp)
    assert [r.resource.betrokkene for r in pdp.batches[-1]] == [CLIENT]
    schrijven = FakePdp()
    await check_item_schrijven(
        zaak, eigenaar="politie-zwb", categorie="politie", actor=POLITIE, pdp=schrijven
    )
    assert [r.resource.betrokkene for r in schrijven.requests] == [CLIENT]


async def test_a_casus_without_betrokkenen_sends_none() -> None:
    pdp = EigenaarPdp()
    await leesbare_items(items(10), casus=casus(), actor=POLITIE, pdp=pdp)
    [batch] = pdp.batches
    assert batch and all(r.resource.betrokkene is None for r in batch)
