"""Overleg's toestemmingen page and consent's real register agree on the shapes.

The body overleg's form builds (``_invoer``) goes through overleg's ``ConsentClient`` to consent's
real ``/v1/toestemmingen`` (regorus with the repository's policy, SQLite from the migrations, the
demo convenanten): consent accepts it, its 422 reaches overleg as ``(veld, melding)`` pairs the
page maps to its fields, and its 403 as the policy's reasons.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from zvh_consent.adapters.db import MIGRATIONS
from zvh_consent.adapters.db.decision_log import SqlDecisionLog
from zvh_consent.adapters.db.register_bron import SqlRegisterBron
from zvh_consent.adapters.db.uow import uow_factory
from zvh_consent.adapters.demo_convenanten import DEMO, demo_convenanten
from zvh_consent.adapters.policy_files import default_policy_dir
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application import convenanten
from zvh_consent.application.decide import Decide, utcnow
from zvh_consent.application.ports import ConsentHandlers, RegisterContext
from zvh_consent.application.register_invoer import RegisterInvoer
from zvh_consent.config import ConsentSettings
from zvh_consent.entrypoints.api_toestemmingen import make_toestemmingen_router
from zvh_overleg.adapters.consent import ConsentClient
from zvh_overleg.application.toestemmingen import ConsentGeweigerd, ConsentOngeldig
from zvh_overleg.entrypoints.web.toestemmingen import VELDEN, _invoer
from zvh_platform.auth import User, issue_token
from zvh_platform.db import make_engine, run_migrations, session_factory

CASUS = uuid.uuid4()
USERS = {
    "pr.jansen": User(id="pr.jansen", naam="P", org="zvh", roles=["procesregisseur"]),
    "gemeente.visser": User(
        id="gemeente.visser",
        naam="G",
        org="gemeente-bergen-op-zoom",
        roles=["deelnemer", "casusregisseur"],
    ),
    "ggz.mulder": User(id="ggz.mulder", naam="M", org="ggz-wnb", roles=["deelnemer"]),
}


@pytest.fixture
async def consent(tmp_path: Path) -> AsyncIterator[tuple[ConsentClient, ConsentSettings]]:
    settings = ConsentSettings(env="test", var_dir=tmp_path)
    await run_migrations(engine_url=settings.db_url(), script_location=MIGRATIONS)
    db = make_engine(settings.db_url())
    sessions = session_factory(db)
    engine = RegorusEngine(default_policy_dir())
    log = SqlDecisionLog(sessions)
    invoer = RegisterInvoer(SqlRegisterBron(sessions), max_leeftijd_s=60.0)
    decide = Decide(engine=engine, decision_log=log, registers=invoer)
    ctx = RegisterContext(
        uow=uow_factory(sessions), decide=decide, clock=utcnow, gewijzigd=invoer.vergeet
    )
    await convenanten.zaai(ctx, convenanten=demo_convenanten(DEMO, vandaag=ctx.clock().date()))
    app = FastAPI()
    app.include_router(make_toestemmingen_router(settings))
    app.state.consent = ConsentHandlers(decide=decide, decision_log=log, registers=ctx)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://consent") as http:
            yield ConsentClient(base_url="http://consent", client=http), settings
    finally:
        engine.close()
        await db.dispose()


def formulier(**kw: str) -> dict[str, str]:
    w = {
        "betrokkene": "0123456789abcdef0123456789abcdef",
        "doel": "casusoverleg",
        "ontvanger": "ggz-wnb",
        "categorie": "zorg",
        "van": "",
        "tot": "",
        "status": "gegeven",
        "wijze": "mondeling",
        "document_referentie": "",
        "leeftijdsgroep": "volwassen",
        "toestemming_door": "client",
    }
    w.update(kw)
    return w


async def test_overlegs_form_body_meets_consents_register(
    consent: tuple[ConsentClient, ConsentSettings],
) -> None:
    client, settings = consent
    secret = settings.token_secret.get_secret_value()

    def token(user: str) -> str:
        return issue_token(USERS[user], secret=secret)

    with pytest.raises(ConsentOngeldig) as onvolledig:
        await client.vastleggen(
            _invoer(CASUS, formulier(leeftijdsgroep="12-tot-16", wijze="schriftelijk")),
            token=token("pr.jansen"),
        )
    velden = {veld for veld, _ in onvolledig.value.fouten}
    assert velden == {"toestemming_door", "document_referentie"}
    assert velden <= VELDEN.keys()  # every field consent names has a place on the page

    t = await client.vastleggen(_invoer(CASUS, formulier()), token=token("pr.jansen"))
    assert t["status"] == "gegeven" and t["casus"] == str(CASUS) and t["tot"] is None

    rijen = await client.toestemmingen(casus=CASUS, token=token("gemeente.visser"))
    assert [r["id"] for r in rijen] == [t["id"]]
    gelezen = await client.toestemming(uuid.UUID(t["id"]), token=token("pr.jansen"))
    assert [h["status"] for h in gelezen["historie"]] == ["gegeven"]

    with pytest.raises(ConsentGeweigerd) as geweigerd:
        await client.toestemmingen(casus=CASUS, token=token("ggz.mulder"))
    assert geweigerd.value.reasons

    await client.intrekken(uuid.UUID(t["id"]), token=token("pr.jansen"))
    with pytest.raises(ConsentOngeldig) as tweemaal:
        await client.intrekken(uuid.UUID(t["id"]), token=token("pr.jansen"))
    assert tweemaal.value.fouten == [("status", "deze toestemming is al ingetrokken")]
