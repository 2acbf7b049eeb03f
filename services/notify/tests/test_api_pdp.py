"""``GET /v1/bezorgingen`` as a policy enforcement point: it asks the PDP with the reader's own
token and applies the answer; a deny, an error or an unreachable PDP is a 403 with the reason."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime

import httpx
import pytest
from fastapi import FastAPI
from notify_fakes import FakePdp, FakeUnitOfWork, Store
from zvh_contracts.pdp import Decision
from zvh_contracts.vocab import Termijnsignaal
from zvh_notify.application.ports import PolicyDecisionPoint
from zvh_notify.config import NotifySettings
from zvh_notify.domain.model import Bezorging, Kanaal
from zvh_notify.domain.termijnbewaking import Timer, plan_actie
from zvh_notify.entrypoints.api import make_router
from zvh_platform.auth import User, lokaal_token
from zvh_platform.kalender import NEDERLAND
from zvh_platform.pdp import PdpClient
from zvh_platform.testing import free_port

SETTINGS = NotifySettings(env="test")
NU = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

Client = Callable[[PolicyDecisionPoint], httpx.AsyncClient]


def bezorging(ontvanger: str) -> Bezorging:
    return Bezorging(
        id=uuid.uuid4(),
        kanaal=Kanaal.PARTNER_TOPIC,
        ontvanger=ontvanger,
        bron_event_id=uuid.uuid4(),
        event_type="zvh.partner.doorbreking.gemeld.v1",
        casus_id=None,
        aangemaakt_op=NU,
        bijgewerkt_op=NU,
    )


def signaal(ontvanger: str) -> Timer:
    t = plan_actie(
        actie_id=uuid.uuid4(),
        casus_id=uuid.uuid4(),
        wie=ontvanger,
        wanneer=date(2026, 11, 30),
        nu=NU,
        kalender=NEDERLAND,
    )[0]
    t.verstuur(op=NU)
    return t


@pytest.fixture
def store() -> Store:
    s = Store()
    for code in ("politie-zwb", "ggz-wnb"):
        b = bezorging(code)
        s.bezorgingen[b.id] = b
        t = signaal(code)
        s.timers[t.id] = t
    return s


@pytest.fixture
async def client(store: Store) -> AsyncIterator[Client]:
    clients: list[httpx.AsyncClient] = []

    def make(pdp: PolicyDecisionPoint) -> httpx.AsyncClient:
        app = FastAPI()
        app.include_router(
            make_router(
                SETTINGS,
                uow_factory=lambda _r: lambda: FakeUnitOfWork(store),
                pdp=lambda _r: pdp,
            )
        )
        c = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://notify")
        clients.append(c)
        return c

    yield make
    for c in clients:
        await c.aclose()


def token(org: str, *roles: str) -> str:
    user = User(id=f"u.{org}", naam="Test", org=org, roles=list(roles or ["deelnemer"]))
    return lokaal_token(user)


def auth(tok: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tok}"}


async def test_asks_read_bezorging_with_the_readers_token_and_ontvanger_as_eigenaar(client):
    pdp = FakePdp()
    tok = token("politie-zwb")
    r = await client(pdp).get("/v1/bezorgingen?ontvanger=politie-zwb", headers=auth(tok))

    assert r.status_code == 200
    assert [b["ontvanger"] for b in r.json()] == ["politie-zwb"]
    [(vraag, doorgegeven)] = pdp.vragen
    assert doorgegeven == tok  # the user's own token, not a service token
    assert (vraag.action, vraag.resource.type, vraag.resource.eigenaar) == (
        "read",
        "bezorging",
        "politie-zwb",
    )


async def test_without_ontvanger_the_widest_allowed_scope(client):
    pdp = FakePdp()
    r = await client(pdp).get("/v1/bezorgingen", headers=auth(token("zvh", "procesregisseur")))
    assert sorted(b["ontvanger"] for b in r.json()) == ["ggz-wnb", "politie-zwb"]

    # a partner: every recipient is refused, its own organisation allowed — in one round trip
    pdp = FakePdp()
    r = await client(pdp).get("/v1/bezorgingen", headers=auth(token("ggz-wnb")))
    assert r.status_code == 200
    assert [b["ontvanger"] for b in r.json()] == ["ggz-wnb"]
    assert [v.resource.eigenaar for v, _ in pdp.vragen] == [None, "ggz-wnb"]


async def test_another_organisations_bezorgingen_are_refused_with_the_pdps_reason(client):
    r = await client(FakePdp()).get(
        "/v1/bezorgingen?ontvanger=politie-zwb", headers=auth(token("ggz-wnb"))
    )
    assert r.status_code == 403
    assert r.json()["reasons"] == ["ggz-wnb ziet niet die aan politie-zwb"]
    assert r.json()["detail"] == "ggz-wnb ziet niet die aan politie-zwb"


async def test_an_obligation_notify_cannot_apply_denies(client, caplog):
    r = await client(FakePdp(obligations=["alleen-metadata"])).get(
        "/v1/bezorgingen", headers=auth(token("zvh", "beheerder"))
    )
    assert r.status_code == 403
    assert "alleen-metadata" in r.json()["detail"]

    with caplog.at_level(logging.INFO, logger="zvh_notify.inzage"):
        r = await client(FakePdp(obligations=["log-inzage"])).get(
            "/v1/bezorgingen?ontvanger=ggz-wnb", headers=auth(token("ggz-wnb"))
        )
    assert r.status_code == 200 and len(r.json()) == 1
    [noted] = [m.getMessage() for m in caplog.records if m.name == "zvh_notify.inzage"]
    assert noted == "inzage bezorgingen ontvanger=ggz-wnb besluit=None"


async def test_a_failing_pdp_denies(client):
    r = await client(FakePdp(fout=RuntimeError("boem"))).get(
        "/v1/bezorgingen", headers=auth(token("zvh", "procesregisseur"))
    )
    assert r.status_code == 403
    assert r.json()["reasons"] == ["geweigerd: geen beslissing van het PDP (RuntimeError)"]


async def test_an_unreachable_pdp_denies_in_dutch(client):
    pdp = PdpClient(base_url=f"http://127.0.0.1:{free_port()}", timeout_s=2.0)
    try:
        r = await client(pdp).get("/v1/bezorgingen", headers=auth(token("zvh", "procesregisseur")))
    finally:
        await pdp.aclose()
    assert r.status_code == 403
    assert r.json()["reasons"] == ["geweigerd: PDP niet bereikbaar (ConnectError)"]


async def test_without_a_token_nothing_is_asked(client):
    pdp = FakePdp()
    r = await client(pdp).get("/v1/bezorgingen")
    assert r.status_code == 401 and pdp.vragen == []


async def test_termijnsignalen_are_scoped_like_the_bezorgingen(client):
    """The postvak: ZVH staff see every signal sent, a partner only its own, another's is 403."""
    r = await client(FakePdp()).get(
        "/v1/termijnsignalen", headers=auth(token("zvh", "procesregisseur"))
    )
    assert r.status_code == 200
    assert sorted(s["ontvanger"] for s in r.json()) == ["ggz-wnb", "politie-zwb"]
    assert {s["soort"] for s in r.json()} == {"herinnering"}
    assert set(r.json()[0]) == {
        "signaal_id",
        "soort",
        "termijn",
        "casus_id",
        "actie_id",
        "overleg_id",
        "melding_id",
        "ontvanger",
        "gebruiker",
        "casemanager",
        "uiterlijk",
        "verstuurd_op",
    }

    pdp = FakePdp()
    r = await client(pdp).get("/v1/termijnsignalen", headers=auth(token("ggz-wnb")))
    assert [s["ontvanger"] for s in r.json()] == ["ggz-wnb"]
    r = await client(pdp).get(
        "/v1/termijnsignalen?ontvanger=politie-zwb", headers=auth(token("ggz-wnb"))
    )
    assert r.status_code == 403 and r.json()["reasons"] == ["ggz-wnb ziet niet die aan politie-zwb"]


def persoonlijk_signaal(gebruiker: str | None, org: str = "gemeente-bergen-op-zoom") -> Timer:
    """A VPT incident's personal signal, sent: for ``gebruiker``, casemanager vpt.dewit."""
    t = Timer(
        id=uuid.uuid4(),
        soort=Termijnsignaal.HERINNERING,
        termijn="vpt-nazorg-een-week",
        casus_id=None,
        actie_id=None,
        melding_id=uuid.uuid4(),
        ontvanger=org,
        uiterlijk=date(2026, 11, 30),
        vuur_op=NU,
        gebruiker=gebruiker,
        casemanager="vpt.dewit",
    )
    t.verstuur(op=NU)
    return t


def als(user: str, org: str, *roles: str) -> dict[str, str]:
    return auth(lokaal_token(User(id=user, naam="Test", org=org, roles=list(roles))))


async def test_a_personal_signal_shows_only_to_its_user_and_the_casemanager(client, store):
    """A VPT incident's signal is the leidinggevende's: not the colleagues', not the ZVH staff's
    (who see every organisation's signals), and only without an ontvanger filter."""
    org = "gemeente-bergen-op-zoom"
    eigen, zonder_persoon = persoonlijk_signaal("lg.peters"), persoonlijk_signaal(None)
    gewoon = signaal(org)
    for t in (eigen, zonder_persoon, gewoon):
        store.timers[t.id] = t

    async def ids(headers: dict[str, str], query: str = "") -> set[str]:
        r = await client(FakePdp()).get(f"/v1/termijnsignalen{query}", headers=headers)
        assert r.status_code == 200, r.text
        return {s["signaal_id"] for s in r.json()}

    lg = als("lg.peters", org, "leidinggevende")
    assert await ids(lg) == {str(eigen.id), str(gewoon.id)}
    assert await ids(lg, f"?ontvanger={org}") == {str(gewoon.id)}
    assert await ids(als("wt.yilmaz", org, "medewerker")) == {str(gewoon.id)}
    staf = await ids(als("pr.jansen", "zvh", "procesregisseur"))
    assert str(gewoon.id) in staf and not {str(eigen.id), str(zonder_persoon.id)} & staf
    cm = await ids(als("vpt.dewit", "zvh", "vpt-casemanager"))
    assert {str(eigen.id), str(zonder_persoon.id)} <= cm
    smits = await ids(als("vpt.smits", "zvh", "vpt-casemanager"))
    assert not {str(eigen.id), str(zonder_persoon.id)} & smits

    r = await client(FakePdp()).get("/v1/termijnsignalen", headers=lg)
    [uit] = [s for s in r.json() if s["signaal_id"] == str(eigen.id)]
    assert (uit["gebruiker"], uit["casemanager"]) == ("lg.peters", "vpt.dewit")


async def test_personal_signals_alone_when_the_organisation_is_denied(client, store):
    """A reader the PDP denies the organisation's list still gets its own personal signals; a
    reader denied both (an FG-only account) gets the 403 with the reasons."""
    eigen = persoonlijk_signaal("u.ggz", org="ggz-wnb")
    store.timers[eigen.id] = eigen

    class AlleenPersoonlijk(FakePdp):
        async def decide_many(self, requests, *, token):  # type: ignore[no-untyped-def]
            out = await super().decide_many(requests, token=token)
            return [
                d if r.resource.categorie else Decision(allow=False, reasons=["nee"])
                for r, d in zip(requests, out, strict=True)
            ]

    r = await client(AlleenPersoonlijk()).get(
        "/v1/termijnsignalen", headers=als("u.ggz", "ggz-wnb")
    )
    assert r.status_code == 200 and [s["signaal_id"] for s in r.json()] == [str(eigen.id)]

    class Niets(FakePdp):
        async def decide_many(self, requests, *, token):  # type: ignore[no-untyped-def]
            return [Decision(allow=False, reasons=["nee"]) for _ in requests]

    r = await client(Niets()).get("/v1/termijnsignalen", headers=als("u.ggz", "ggz-wnb"))
    assert r.status_code == 403 and r.json()["reasons"] == ["nee"]
