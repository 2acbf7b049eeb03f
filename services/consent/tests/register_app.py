"""An app with the PDP and the registers as bootstrap wires them, on a migrated SQLite file.

Real regorus, the SQL decision log, consent's unit of work (events stay in the outbox: no relay
runs) and a clock the test can move. ``Registerapp.token(user)`` gives a demo user's bearer token.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine
from zvh_consent.adapters.db import MIGRATIONS
from zvh_consent.adapters.db.decision_log import SqlDecisionLog
from zvh_consent.adapters.db.register_bron import SqlRegisterBron
from zvh_consent.adapters.db.uow import uow_factory
from zvh_consent.adapters.demo_convenanten import demo_convenanten
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application import convenanten
from zvh_consent.application.decide import Decide
from zvh_consent.application.ports import ConsentHandlers, RegisterContext
from zvh_consent.application.register_invoer import RegisterInvoer
from zvh_consent.config import ConsentSettings
from zvh_consent.entrypoints.api import make_router
from zvh_consent.entrypoints.api_convenanten import make_convenanten_router
from zvh_consent.entrypoints.api_doorbrekingen import make_doorbrekingen_router
from zvh_consent.entrypoints.api_inzage import make_inzage_router
from zvh_consent.entrypoints.api_toestemmingen import make_toestemmingen_router
from zvh_platform.auth import User, lokaal_token
from zvh_platform.db import make_engine, outbox_table, run_migrations, session_factory

#: Demo users (org, roles), the consent tests' cast.
CAST: dict[str, tuple[str, list[str]]] = {
    "pr.jansen": ("zvh", ["procesregisseur"]),
    "notulist.bakker": ("zvh", ["notulist"]),
    "fg.devries": ("zvh", ["fg"]),
    "beheer.dekker": ("zvh", ["beheerder"]),
    "agent.smit": ("politie-zwb", ["deelnemer"]),
    "gemeente.visser": ("gemeente-bergen-op-zoom", ["deelnemer", "casusregisseur"]),
    "ggz.mulder": ("ggz-wnb", ["deelnemer"]),
    "vt.dewit": ("veilig-thuis-wbr", ["deelnemer"]),
    "roosendaal.kok": ("gemeente-roosendaal", ["deelnemer", "casusregisseur"]),
    "fg.politie": ("politie-zwb", ["fg"]),
}

NU = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


class Klok:
    """A clock the test moves: ``klok.now()`` is now, ``klok.verder(hours=1)`` moves it."""

    def __init__(self, nu: dt.datetime = NU) -> None:
        self.nu = nu

    def now(self) -> dt.datetime:
        return self.nu

    def verder(self, **delta: float) -> None:
        self.nu += dt.timedelta(**delta)


@dataclasses.dataclass
class Registerapp:
    client: httpx.AsyncClient
    settings: ConsentSettings
    db: AsyncEngine
    ctx: RegisterContext
    decide: Decide
    klok: Klok
    invoer: RegisterInvoer
    log: SqlDecisionLog

    def token(self, user: str) -> dict[str, str]:
        org, roles = CAST[user]
        bearer = lokaal_token(User(id=user, naam="", org=org, roles=roles))
        return {"Authorization": f"Bearer {bearer}"}

    async def outbox(self) -> list[dict[str, Any]]:
        """Every queued event: type, topic, key and body (parsed)."""
        async with self.db.connect() as conn:
            rows = await conn.execute(sa.select(outbox_table).order_by(outbox_table.c.seq))
            return [
                {"type": r.event_type, "topic": r.topic, "key": r.key, "body": json.loads(r.body)}
                for r in rows
            ]


@asynccontextmanager
async def registerapp(
    tmp_path: Path,
    engine: RegorusEngine,
    *,
    klok: Klok | None = None,
    cache_s: float = 60.0,
    demo: Collection[str] = (),
) -> AsyncIterator[Registerapp]:
    """The app over a fresh, migrated SQLite file, with the demo convenanten of the ``demo``
    organisations seeded for the klok's day (none by default).

    The register cache lives ``cache_s`` (long by default): only invalidation on write can make
    a change visible to the next decision, which is what the tests measure.
    """
    settings = ConsentSettings(env="test", var_dir=tmp_path)
    await run_migrations(engine_url=settings.db_url(), script_location=MIGRATIONS)
    db = make_engine(settings.db_url())
    sessions = session_factory(db)
    klok = klok or Klok()
    log = SqlDecisionLog(sessions)
    invoer = RegisterInvoer(SqlRegisterBron(sessions), max_leeftijd_s=cache_s)
    decide = Decide(engine=engine, decision_log=log, clock=klok, registers=invoer)
    ctx = RegisterContext(
        uow=uow_factory(sessions), decide=decide, clock=klok, gewijzigd=invoer.vergeet
    )
    if demo:
        await convenanten.zaai(ctx, convenanten=demo_convenanten(demo, vandaag=klok.now().date()))
    app = FastAPI()
    app.include_router(make_router(settings))
    app.include_router(make_convenanten_router(settings))
    app.include_router(make_toestemmingen_router(settings))
    app.include_router(make_doorbrekingen_router(settings))
    app.include_router(make_inzage_router(settings))
    app.state.consent = ConsentHandlers(
        decide=decide,
        decision_log=log,
        registers=ctx,
        pseudonym_key=settings.pseudonym_key.get_secret_value().encode("utf-8"),
    )
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://consent") as client:
            yield Registerapp(
                client=client,
                settings=settings,
                db=db,
                ctx=ctx,
                decide=decide,
                klok=klok,
                invoer=invoer,
                log=log,
            )
    finally:
        await db.dispose()
