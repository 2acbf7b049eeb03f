"""A test app: the overleg API and UI over in-memory fakes and a fake intake."""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import AsyncIterator
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
from zvh_overleg.entrypoints import api, api_overleggen, web
from zvh_overleg.entrypoints.context import Services
from zvh_platform.auth import issue_token
from zvh_platform.region import DEMO_REGION_FILE
from zvh_platform.settings import ServiceSettings

MELDING_ID = uuid.UUID("7d0f1c51-3f5e-4a53-9d4e-1a2b3c4d5e6f")


class FakeIntake:
    """Serves one melding; records triage calls; can refuse reading it."""

    def __init__(self) -> None:
        self.weiger_inzage: list[str] | None = None
        self.triages: list[tuple[uuid.UUID, dict[str, Any], str]] = []
        self.tokens: list[str] = []
        self.on_triage: Any = None

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
            "token_secret": secrets.token_hex(24),
            "pseudonym_key": secrets.token_hex(24),
            "region_file": DEMO_REGION_FILE,
        }
        if env == "production"
        else {}
    )
    settings = ServiceSettings(service="overleg", env=env, **secrets_)  # type: ignore[arg-type]
    app = FastAPI()
    app.include_router(api.router)
    app.include_router(api_overleggen.router)
    app.include_router(web.router)
    web.mount_static(app)
    svc = Services(
        settings=settings,
        uow=lambda: FakeUnitOfWork(store),
        pdp=pdp,
        clock=clock or FixedClock(),
        intake=intake,
        convenanten=convenanten or FakeConvenanten({"gemeente-roosendaal": VERLOPEN_REDEN}),
    )
    svc.uow = lambda: FakeUnitOfWork(store, hub=svc.hub)
    app.state.overleg = svc
    return app, svc


def client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def token_for(svc: Services, user_id: str) -> str:
    user = svc.settings.region().user(user_id)
    assert user is not None
    return issue_token(user, secret=svc.token_secret)


@contextlib.asynccontextmanager
async def signed_in(app: FastAPI, user_id: str = "pr.jansen") -> AsyncIterator[httpx.AsyncClient]:
    """A client signed in as ``user_id`` through the sign-in form (session cookie)."""
    async with client(app) as c:
        r = await c.post("/aanmelden", data={"gebruiker": user_id})
        assert r.status_code == 303
        yield c
