"""The postvak page: notify's termijn signals for the signed-in user, over ASGI with fakes.

The real client against notify is covered end to end (tests/e2e/test_termijnbewaking.py); here
the page: what it shows, that it forwards the user's own token, and its Dutch refusals.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import httpx
import jwt
import pytest
from overleg_fakes import BeleidPdp, Store
from overleg_web_fakes import FakeIntake, make_app, signed_in
from zvh_overleg.adapters.notify import NotifyClient
from zvh_overleg.application.postvak import PostvakFout, PostvakGeweigerd, Termijnsignaal

CASUS = uuid.uuid4()
ACTIE = uuid.uuid4()
OVERLEG = uuid.uuid4()


class FakePostvak:
    def __init__(self, fout: Exception | None = None) -> None:
        self.tokens: list[str] = []
        self.fout = fout

    async def termijnsignalen(self, *, token: str) -> list[Termijnsignaal]:
        self.tokens.append(token)
        if self.fout:
            raise self.fout
        return [
            Termijnsignaal(
                soort=soort,
                termijn="actie",
                casus_id=CASUS,
                actie_id=ACTIE,
                ontvanger="gemeente-bergen-op-zoom",
                uiterlijk=date(2026, 12, 10),
                verstuurd_op=datetime(2026, 12, d, 7, tzinfo=UTC),
            )
            for soort, d in (("verlopen", 11), ("herinnering", 9))
        ] + [
            Termijnsignaal(
                soort="herinnering",
                termijn="uitnodiging-beantwoord",
                casus_id=None,
                actie_id=None,
                overleg_id=OVERLEG,
                ontvanger="gemeente-bergen-op-zoom",
                uiterlijk=date(2026, 12, 7),
                verstuurd_op=datetime(2026, 12, 4, 7, tzinfo=UTC),
            )
        ]


class VptPostvak(FakePostvak):
    async def termijnsignalen(self, *, token: str) -> list[Termijnsignaal]:
        return [
            Termijnsignaal(
                soort="herinnering",
                termijn="vpt-incident-gemeld",
                casus_id=None,
                actie_id=None,
                melding_id=uuid.uuid4(),
                ontvanger="gemeente-bergen-op-zoom",
                uiterlijk=date(2026, 12, 2),
                verstuurd_op=datetime(2026, 12, 1, 9, tzinfo=UTC),
            )
        ]


def app_with(postvak: FakePostvak):  # type: ignore[no-untyped-def]
    app, svc = make_app(store=Store(), pdp=BeleidPdp(), intake=FakeIntake())
    svc.postvak = postvak
    return app, svc


async def test_the_postvak_lists_the_signals_with_the_users_own_token() -> None:
    postvak = FakePostvak()
    app, _ = app_with(postvak)
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get("/postvak")
    assert r.status_code == 200
    assert 'data-signaal="verlopen"' in r.text and 'data-signaal="herinnering"' in r.text
    assert "Termijn verstreken" in r.text and "Gemeente Bergen op Zoom" in r.text
    assert "3 signalen, waarvan 1 verstreken" in r.text
    assert f'href="/casussen/{CASUS}"' in r.text
    assert f'href="/overleggen/{OVERLEG}"' in r.text
    assert "Uitnodiging voor een overleg beantwoord" in r.text and "Actie uitgevoerd" in r.text
    [token] = postvak.tokens  # a token derived from this user's session, not a service's
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["sub"] == "pr.jansen" and claims["sid"]


@pytest.mark.parametrize(
    ("fout", "status", "tekst"),
    [
        (PostvakGeweigerd(["ggz-wnb ziet niet die aan politie-zwb"]), 403, "ziet niet die aan"),
        (PostvakFout("notify niet bereikbaar: ConnectError"), 502, "Postvak niet bereikbaar"),
    ],
)
async def test_a_refusal_or_an_unreachable_notify_is_a_dutch_page(fout, status, tekst) -> None:
    app, _ = app_with(FakePostvak(fout=fout))
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get("/postvak")
    assert r.status_code == status and tekst in r.text


async def test_the_client_reads_notifys_answer_and_its_refusal() -> None:
    answers = {
        "ok": httpx.Response(
            200,
            json=[
                {
                    "signaal_id": str(uuid.uuid4()),
                    "soort": "herinnering",
                    "termijn": "actie",
                    "casus_id": str(CASUS),
                    "actie_id": str(ACTIE),
                    "ontvanger": "ggz-wnb",
                    "uiterlijk": "2026-12-10",
                    "verstuurd_op": "2026-12-09T07:00:00Z",
                }
            ],
        ),
        "nee": httpx.Response(403, json={"detail": "x", "reasons": ["niet voor u"]}),
    }
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers[request.headers["authorization"].split()[-1]]

    client = NotifyClient(
        base_url="http://notify", client=httpx.AsyncClient(transport=httpx.MockTransport(handler))
    )
    [s] = await client.termijnsignalen(token="ok")
    assert (s.soort, s.actie_id, s.uiterlijk) == ("herinnering", ACTIE, date(2026, 12, 10))
    assert seen[0].url.path == "/v1/termijnsignalen"
    with pytest.raises(PostvakGeweigerd) as err:
        await client.termijnsignalen(token="nee")
    assert err.value.redenen == ["niet voor u"]
    await client.aclose()


async def test_a_vpt_signal_links_to_the_incidents_not_to_triage() -> None:
    """An incident's signal keeps the incident id where a melding's is, but it is no melding:
    it links to the VPT list (the PDP decides there), never to the triage page."""
    app, _ = app_with(VptPostvak())
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get("/postvak")
    assert r.status_code == 200
    assert 'href="/vpt"' in r.text and "/triage/" not in r.text
    assert "Incident gemeld (agressie en geweld)" in r.text
