"""A test app: the overleg API and UI over in-memory fakes and a fake intake."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import secrets
import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

import httpx
from fastapi import FastAPI
from overleg_fakes import (
    VERLOPEN_REDEN,
    FakeConvenanten,
    FakePdp,
    FakeUnitOfWork,
    FixedClock,
    Store,
)
from zvh_overleg.application.intake import IntakeConflict, IntakeGeweigerd, IntakeNietGevonden
from zvh_overleg.application.sessies import Aanmelding, Sessie, Sessies
from zvh_overleg.config import OverlegSettings
from zvh_overleg.entrypoints import api, api_overleggen, web
from zvh_overleg.entrypoints.context import Services
from zvh_overleg.entrypoints.web import rapportage
from zvh_platform.auth import lokaal_token
from zvh_platform.keys import SigningKey
from zvh_platform.region import DEMO_REGION_FILE, Identiteit, Region

MELDING_ID = uuid.UUID("7d0f1c51-3f5e-4a53-9d4e-1a2b3c4d5e6f")
#: The NL Design System classes of a form legend and a data-list value, as the templates write
#: them: tests that match a whole tag include them (docs/ui.md).
LEGEND = '<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">'
DD = ' class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd"'


class FakeIntake:
    """Serves one melding; records triage calls; can refuse reading it."""

    def __init__(self) -> None:
        self.weiger_inzage: list[str] | None = None
        self.triages: list[tuple[uuid.UUID, dict[str, Any], str]] = []
        self.tokens: list[str] = []
        self.on_triage: Any = None
        #: What ``tellingen`` answers (intake's report counts); an exception to raise instead.
        self.tellingen_rijen: list[dict[str, Any]] | Exception = []
        self.tellingen_vragen: list[tuple[date, date, str]] = []

    async def te_trieren(self, *, token: str) -> list[dict[str, Any]]:
        self.tokens.append(token)
        if any(m == MELDING_ID for m, _, _ in self.triages):
            return []
        return [
            {
                "melding_id": str(MELDING_ID),
                "melder": "politie-zwb",
                "melder_referentie": "PZWB-2030-0042",
                "urgentie": "hoog",
                "leefgebieden": ["gezin", "veiligheid"],
                "ontvangen_op": "2030-03-04T09:15:00+00:00",
                "triage_uiterlijk": "2030-03-07",
                "status": "te-trieren",
                "uitkomst": None,
            }
        ]

    async def melding(self, melding_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        if self.weiger_inzage is not None:
            raise IntakeGeweigerd(self.weiger_inzage)
        if melding_id != MELDING_ID:
            raise IntakeNietGevonden("melding niet gevonden")
        return {
            "melding_id": str(MELDING_ID),
            "melder": "politie-zwb",
            "eigenaar": "politie-zwb",
            "melder_referentie": "PZWB-2030-0042",
            "urgentie": "hoog",
            "leefgebieden": ["gezin", "veiligheid"],
            "reden": "Herhaalde meldingen van huiselijk geweld op hetzelfde adres.",
            "betrokkenen": [
                {
                    "rol": "client",
                    "voornaam": "Jan",
                    "achternaam": "Testpersoon",
                    "geboortedatum": "1980-05-01",
                    "bsn": None,
                }
            ],
            "client_geinformeerd": True,
            "uit_te_nodigen_partners": ["gemeente-bergen-op-zoom"],
        }

    async def tellingen(self, *, van: date, tot: date, token: str) -> list[dict[str, Any]]:
        self.tellingen_vragen.append((van, tot, token))
        if isinstance(self.tellingen_rijen, Exception):
            raise self.tellingen_rijen
        return self.tellingen_rijen

    async def labels(self, melding_ids: list[uuid.UUID], *, token: str) -> list[dict[str, Any]]:
        """No labels released: pages fall back to the casus number."""
        return []

    async def trieer(
        self, melding_id: uuid.UUID, *, triage: dict[str, Any], token: str
    ) -> dict[str, Any]:
        if any(m == melding_id for m, _, _ in self.triages):
            raise IntakeConflict("al getrieerd")
        self.triages.append((melding_id, triage, token))
        if self.on_triage is not None:
            await self.on_triage(melding_id, triage)
        return {"melding_id": str(melding_id), "uitkomst": triage["uitkomst"]}


def make_app(
    *,
    store: Store,
    pdp: FakePdp,
    intake: FakeIntake,
    env: str = "test",
    clock: FixedClock | None = None,
    convenanten: FakeConvenanten | None = None,
) -> tuple[FastAPI, Services]:
    """The app with fakes; the convenant register as in the demo region (Roosendaal expired)."""
    secrets_ = (  # production: real secrets, and the demo region named explicitly
        {
            "signing_key": SigningKey.generate(issuer="zvh-overleg").pem(),
            "pseudonym_key": secrets.token_hex(24),
            "region_file": DEMO_REGION_FILE,
        }
        if env == "production"
        else {}
    )
    settings = OverlegSettings(env=env, **secrets_)  # type: ignore[arg-type]
    app = FastAPI()
    app.include_router(api.router)
    app.include_router(api_overleggen.router)
    app.include_router(rapportage.api_router)
    app.include_router(web.router)
    web.mount_ui(app)
    svc = Services(
        settings=settings,
        uow=lambda: FakeUnitOfWork(store),
        pdp=pdp,
        clock=clock or FixedClock(),
        intake=intake,
        convenanten=convenanten or FakeConvenanten({"gemeente-roosendaal": VERLOPEN_REDEN}),
        sessies=Sessies(GeheugenSessies()),
        identiteit=FakeProvider(settings.region()),
        signer=settings.signer(),
    )
    svc.uow = lambda: FakeUnitOfWork(store, hub=svc.hub)
    app.state.overleg = svc
    return app, svc


def client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def token_for(svc: Services, user_id: str) -> str:
    user = svc.settings.region().user(user_id)
    assert user is not None
    return lokaal_token(user)


@contextlib.asynccontextmanager
async def signed_in(app: FastAPI, user_id: str = "pr.jansen") -> AsyncIterator[httpx.AsyncClient]:
    """A client signed in as ``user_id`` through the sign-in form (session cookie)."""
    async with client(app) as c:
        await aanmelden(c, user_id)
        yield c


async def sessie_cookie(svc: Services, user_id: str) -> str:
    """A session started directly in the register, for clients that cannot follow the sign-in."""
    user = svc.settings.region().user(user_id)
    assert user is not None
    sleutel, _ = await svc.sessies.start(user, issuer="https://idp.test", now=svc.clock.now())
    return sleutel


def csrf_veld(pagina: str) -> dict[str, str]:
    """The CSRF form field of a rendered page (empty when the app runs without the middleware)."""
    found = re.search(r'name="csrftoken" value="([^"]+)"', pagina)
    return {"csrftoken": found.group(1)} if found else {}


async def aanmelden(c: httpx.AsyncClient, user_id: str) -> httpx.Response:
    """The whole sign-in: the form, the (fake) provider's redirect back, the callback."""
    veld = csrf_veld((await c.get("/aanmelden")).text)
    r = await c.post("/aanmelden", data={"gebruiker": user_id, **veld})
    assert r.status_code == 303, r.text
    terug = httpx.URL(r.headers["location"])
    assert terug.host == "idp.test"
    r = await c.get("/aanmelden/terug", params={"state": terug.params["state"], "code": user_id})
    assert r.status_code == 303, r.text
    return r


class GeheugenSessies:
    """The session register in memory (the SQL one is tested in test_sessies.py)."""

    def __init__(self) -> None:
        self.sessies: dict[str, Sessie] = {}
        self.aanmeldingen: dict[str, Aanmelding] = {}

    async def bewaar(self, sessie: Sessie) -> None:
        self.sessies[sessie.sleutel_hash] = sessie

    async def op_sleutel(self, sleutel_hash: str) -> Sessie | None:
        return self.sessies.get(sleutel_hash)

    async def op_sid(self, sid: str) -> Sessie | None:
        return next((s for s in self.sessies.values() if s.sid == sid), None)

    async def raak_aan(self, sleutel_hash: str, now: datetime) -> None:
        s = self.sessies[sleutel_hash]
        self.sessies[sleutel_hash] = dataclasses.replace(s, laatst_actief_op=now)

    async def beeindig(self, sleutel_hash: str, now: datetime) -> None:
        s = self.sessies.get(sleutel_hash)
        if s is not None and s.beeindigd_op is None:
            self.sessies[sleutel_hash] = dataclasses.replace(s, beeindigd_op=now)

    async def bewaar_aanmelding(self, aanmelding: Aanmelding) -> None:
        self.aanmeldingen[aanmelding.state] = aanmelding

    async def neem_aanmelding(self, state: str) -> Aanmelding | None:
        return self.aanmeldingen.pop(state, None)


class FakeProvider:
    """An identity provider that vouches for the demo user named by the code."""

    def __init__(self, region: Region) -> None:
        self.region = region
        self.nonces: dict[str, str] = {}
        self.verifiers: list[str] = []

    async def autorisatie_url(
        self,
        identiteit: Identiteit,
        *,
        redirect_uri: str,
        state: str,
        nonce: str,
        code_verifier: str,
        login_hint: str | None = None,
    ) -> str:
        self.nonces[state] = nonce
        return str(
            httpx.URL(
                "https://idp.test/authorize", params={"state": state, "iss": identiteit.issuer}
            )
        )

    async def claims(
        self,
        identiteit: Identiteit,
        *,
        code: str,
        redirect_uri: str,
        code_verifier: str,
        nonce: str,
    ) -> dict[str, Any]:
        self.verifiers.append(code_verifier)
        user = self.region.user(code)
        if user is None:
            return {"sub": code}
        terug = {rol: waarde for waarde, rol in identiteit.rollen.items()}
        return {
            "sub": user.id,
            identiteit.naam_claim: user.naam,
            identiteit.rollen_claim: [terug[r] for r in user.roles if r in terug],
            "nonce": nonce,
        }
