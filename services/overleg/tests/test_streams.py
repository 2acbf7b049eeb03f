"""SSE streams over ASGI: a change through a handler arrives within a deadline; the PDP is asked
once per stream, not per update."""

from __future__ import annotations

import re
import uuid

import pytest
from modus_helpers import SseStream, plan_overleg
from overleg_fakes import MORGEN, FakePdp, FakeUnitOfWork, FixedClock, Store, open_casus
from overleg_web_fakes import FakeIntake, aanmelden, client, make_app, sessie_cookie
from zvh_contracts import topics
from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld
from zvh_contracts.vocab import Terugkoppelstatus
from zvh_overleg.application.handlers import (
    VoegActieToe,
    handle_partner_event,
    voeg_actie_toe,
)
from zvh_overleg.application.overlegmodus import (
    VoegItemToe,
    casus_versie,
    open_in_overlegmodus,
    voeg_toe_aan_bouwschema,
)
from zvh_overleg.application.ports import Actor
from zvh_overleg.entrypoints.web.session import COOKIE
from zvh_overleg.entrypoints.web.templating import HTMX_FILE, HTMX_SSE_FILE

NOTULIST = Actor(user_id="notulist.bakker", org="zvh", roles=["notulist"])


def _reads(pdp: FakePdp, resource_type: str) -> int:
    return sum(1 for r in pdp.requests if r.action == "read" and r.resource.type == resource_type)


async def test_casus_stream_pushes_new_acties_and_terugkoppeling_asking_the_pdp_once() -> None:
    store, pdp = Store(), FakePdp()
    casus_id = await open_casus(store)
    app, svc = make_app(store=store, pdp=pdp, intake=FakeIntake())
    cookie = f"{COOKIE}={await sessie_cookie(svc, 'pr.jansen')}"
    handler_pdp = FakePdp()
    async with SseStream(app, f"/casussen/{casus_id}/stream", cookie=cookie) as stream:
        assert stream.status == 200
        assert "actielijst-leeg" in await stream.event("actielijst")
        actie_id = await voeg_actie_toe(
            VoegActieToe(casus_id=casus_id, wat="Huisbezoek", wie="politie-zwb", wanneer=MORGEN),
            actor=NOTULIST,
            uow=svc.uow,
            pdp=handler_pdp,
            clock=FixedClock(),
        )
        assert "Huisbezoek" in await stream.event("actielijst", containing="Huisbezoek")
        await handle_partner_event(  # as the Kafka consumer in the same process does
            event_id=uuid.uuid4(),
            topic=topics.partner_to_zvh("politie-zwb"),
            event=ActieTeruggekoppeld(
                casus_id=casus_id, actie_id=actie_id, status=Terugkoppelstatus.LOOPT
            ),
            uow=svc.uow,
            clock=FixedClock(),
        )
        data = await stream.event("actielijst", containing='data-status="loopt"')
        assert f'id="actie-{actie_id}"' in data
    assert _reads(pdp, "actielijst") == 1, "one decision per stream, not one per update"
    assert svc.hub._per_subject == {}, "a closed stream no longer follows the casus"
    # besides the actielijst read, the veiligheidssignalen (read and write, one batch): also once
    assert _reads(pdp, "veiligheidssignaal") == 1
    assert len(pdp.requests) == 3


async def test_casus_stream_converges_without_a_wake_up() -> None:
    """A commit the hub never hears of (another replica) still arrives via the version check."""
    store, pdp = Store(), FakePdp()
    casus_id = await open_casus(store)
    app, svc = make_app(store=store, pdp=pdp, intake=FakeIntake())
    cookie = f"{COOKIE}={await sessie_cookie(svc, 'pr.jansen')}"
    async with SseStream(app, f"/casussen/{casus_id}/stream", cookie=cookie) as stream:
        await stream.event("actielijst")
        await voeg_actie_toe(
            VoegActieToe(
                casus_id=casus_id, wat="Andere replica", wie="politie-zwb", wanneer=MORGEN
            ),
            actor=NOTULIST,
            uow=lambda: FakeUnitOfWork(store),  # no hub
            pdp=FakePdp(),
            clock=FixedClock(),
        )
        assert "Andere replica" in await stream.event(
            "actielijst", containing="Andere replica", deadline_s=3.0
        )
    # the actielijst read and the veiligheidssignalen (read, write): each asked once
    assert len(pdp.requests) == 3, "the version checks while idle ask the PDP nothing"


async def test_casus_stream_refused_without_pdp_allow() -> None:
    store = Store()
    casus_id = await open_casus(store)
    app, svc = make_app(store=store, pdp=FakePdp(allow=False), intake=FakeIntake())
    cookie = f"{COOKIE}={await sessie_cookie(svc, 'ggz.mulder')}"
    async with SseStream(app, f"/casussen/{casus_id}/stream", cookie=cookie) as stream:
        assert stream.status == 403
        assert "niet inzien" in await stream.body()


async def test_projectie_follows_the_notulist_and_asks_the_pdp_once_per_question() -> None:
    store, pdp = Store(), FakePdp()
    a, b = await open_casus(store), await open_casus(store)
    overleg_id = plan_overleg(store, [a, b])
    app, svc = make_app(store=store, pdp=pdp, intake=FakeIntake())
    cookie = f"{COOKIE}={await sessie_cookie(svc, 'pr.jansen')}"
    handler_pdp = FakePdp()
    path = f"/overleggen/{overleg_id}/projectie/stream"
    async with SseStream(app, path, cookie=cookie) as stream:
        assert "De notulist heeft nog geen casus geopend" in await stream.event("projectie")
        await open_in_overlegmodus(
            overleg_id, a, actor=NOTULIST, uow=svc.uow, pdp=handler_pdp, clock=FixedClock()
        )
        await stream.event("projectie", containing=f'data-casus-id="{a}"')
        asks, batches = len(pdp.requests), len(pdp.batches)
        for tekst in ("Eerste inbreng", "Tweede inbreng"):
            item_id = await voeg_toe_aan_bouwschema(
                VoegItemToe(
                    overleg_id=overleg_id,
                    casus_id=a,
                    onderdeel="beeld",
                    eigenaar="politie-zwb",
                    categorie="politie",
                    tekst=tekst,
                ),
                actor=NOTULIST,
                uow=svc.uow,
                pdp=handler_pdp,
                clock=FixedClock(),
            )
            data = await stream.event("projectie", containing=tekst)
            assert f'data-item-id="{item_id}"' in data
        # the first item asked one new question (this eigenaar/categorie); the second none
        assert len(pdp.requests) == asks + 1
        assert len(pdp.batches) == batches + 1, "the new question went in one batch"
        await open_in_overlegmodus(
            overleg_id, b, actor=NOTULIST, uow=svc.uow, pdp=handler_pdp, clock=FixedClock()
        )
        await stream.event("projectie", containing=f'data-casus-id="{b}"')
    assert _reads(pdp, "actielijst") == 2  # once for casus a, once for casus b


async def test_projectie_hides_items_the_viewer_may_not_read() -> None:
    store = Store()
    a = await open_casus(store)
    overleg_id = plan_overleg(store, [a])
    handler_pdp = FakePdp()
    uow = lambda: FakeUnitOfWork(store)  # noqa: E731
    await open_in_overlegmodus(
        overleg_id, a, actor=NOTULIST, uow=uow, pdp=handler_pdp, clock=FixedClock()
    )
    await voeg_toe_aan_bouwschema(
        VoegItemToe(
            overleg_id=overleg_id,
            casus_id=a,
            onderdeel="risicofactoren",
            eigenaar="ggz-wnb",
            categorie="zorg",
            tekst="Geheime zorginformatie",
        ),
        actor=NOTULIST,
        uow=uow,
        pdp=handler_pdp,
        clock=FixedClock(),
    )

    class ActielijstOnly(FakePdp):
        async def decide(self, request, *, token):  # type: ignore[no-untyped-def]
            self.allow = request.resource.type == "actielijst"
            return await super().decide(request, token=token)

    app, svc = make_app(store=store, pdp=ActielijstOnly(), intake=FakeIntake())
    cookie = f"{COOKIE}={await sessie_cookie(svc, 'agent.smit')}"
    async with SseStream(app, f"/overleggen/{overleg_id}/projectie/stream", cookie=cookie) as s:
        data = await s.event("projectie", containing=f'data-casus-id="{a}"')
    assert "Geheime zorginformatie" not in data and "data-item-id" not in data
    # the viewer is told there is an entry it may not see, and the PDP's reason why
    assert 'data-zicht="verborgen"' in data and "ggz-wnb" not in data
    assert "<strong>Verborgen:</strong> geen deelnemer" in data


async def test_a_stream_from_an_up_to_date_page_sends_only_changes() -> None:
    """The page hands its version to the stream: nothing is re-sent (and re-announced) at first."""
    store, pdp = Store(), FakePdp()
    casus_id = await open_casus(store)
    app, svc = make_app(store=store, pdp=pdp, intake=FakeIntake())
    cookie = f"{COOKIE}={await sessie_cookie(svc, 'pr.jansen')}"
    versie = await casus_versie(casus_id, uow=svc.uow)
    path = f"/casussen/{casus_id}/stream?versie={versie}"
    async with SseStream(app, path, cookie=cookie) as stream:
        with pytest.raises(TimeoutError):
            await stream.event("actielijst", deadline_s=1.5)
        await voeg_actie_toe(
            VoegActieToe(casus_id=casus_id, wat="Nieuw", wie="politie-zwb", wanneer=MORGEN),
            actor=NOTULIST,
            uow=svc.uow,
            pdp=FakePdp(),
            clock=FixedClock(),
        )
        assert "Nieuw" in await stream.event("actielijst", containing="Nieuw")


async def test_projectie_page_hands_its_stand_to_the_stream() -> None:
    store = Store()
    a = await open_casus(store)
    overleg_id = plan_overleg(store, [a])
    if not (HTMX_FILE.exists() and HTMX_SSE_FILE.exists()):
        pytest.skip("htmx-ext-sse not vendored (run make install): no sse-connect to follow")
    app, svc = make_app(store=store, pdp=FakePdp(), intake=FakeIntake())
    async with client(app) as c:
        await aanmelden(c, "pr.jansen")
        cookie_waarde = c.cookies[COOKIE]
        page = await c.get(f"/overleggen/{overleg_id}/projectie")
    found = re.search(r'sse-connect="([^"]+)"', page.text)
    assert found, "the projectie page lost its sse-connect"
    cookie = f"{COOKIE}={cookie_waarde}"
    async with SseStream(app, found.group(1).replace("&amp;", "&"), cookie=cookie) as stream:
        with pytest.raises(TimeoutError):
            await stream.event("projectie", deadline_s=1.5)
        await open_in_overlegmodus(
            overleg_id, a, actor=NOTULIST, uow=svc.uow, pdp=FakePdp(), clock=FixedClock()
        )
        await stream.event("projectie", containing=f'data-casus-id="{a}"')


async def test_a_stream_ends_when_its_session_ends() -> None:
    """Logging out elsewhere stops an open live page at its next change (its tokens die too)."""
    store, pdp = Store(), FakePdp()
    casus_id = await open_casus(store)
    app, svc = make_app(store=store, pdp=pdp, intake=FakeIntake())
    sleutel = await sessie_cookie(svc, "pr.jansen")
    async with SseStream(app, f"/casussen/{casus_id}/stream", cookie=f"{COOKIE}={sleutel}") as s:
        await s.event("actielijst")
        await svc.sessies.beeindig(sleutel, now=svc.clock.now())
        await voeg_actie_toe(
            VoegActieToe(casus_id=casus_id, wat="Na afmelden", wie="politie-zwb", wanneer=MORGEN),
            actor=NOTULIST,
            uow=svc.uow,
            pdp=FakePdp(),
            clock=FixedClock(),
        )
        assert "sessie beëindigd" in await s.event("geweigerd", deadline_s=3.0)
