"""Intake and the overleg triage form judge every triage input alike (one set of rules).

Each row is typed into overleg's ``TriageForm`` and sent to intake's real triage API (SQLite,
schema from the migration). A form that accepts sends its body to intake, which must accept it
too; a form that refuses must name the same fields as intake's 422 for the same decision. The
clock stands just after midnight in the Netherlands while it is still yesterday in UTC, so a rule
that used another "today" on either side shows up here.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import zvh_intake
from fastapi import FastAPI
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_contracts.vocab import Urgentie
from zvh_intake.adapters.db.uow import uow_factory
from zvh_intake.domain.model import Melding
from zvh_intake.entrypoints.api import make_router
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps
from zvh_overleg.application.timeutil import vandaag
from zvh_overleg.entrypoints.web.triage import TriageForm
from zvh_platform.auth import User, lokaal_token
from zvh_platform.clock import FixedClock
from zvh_platform.convenanten import Geldigheid
from zvh_platform.db import make_engine, run_migrations, session_factory
from zvh_platform.settings import ServiceSettings

SETTINGS = ServiceSettings(service="intake", env="test")
PARTNERS = SETTINGS.region().partner_codes()
NU = datetime(2025, 3, 12, 23, 30, tzinfo=UTC)  # 00:30 on 13 March in the Netherlands
VANDAAG = vandaag(NU)
PR = User(id="pr.jansen", naam="P", org="zvh", roles=["procesregisseur"])
TOKEN = lokaal_token(PR)
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
MIGRATIONS = Path(zvh_intake.__file__).parent / "migrations"
CASUS_ID = "6f1c2a44-7c55-4d0e-9a35-2b8f1d3e6a10"


class TriagePdp:
    """Allows the triage command only (the PDP is not the subject here)."""

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        if (request.action, request.resource.type, request.context.doel) == (
            "write",
            "melding",
            "triage",
        ):
            return Decision(allow=True, reasons=["procesregisseur legt de triage vast"])
        return Decision.deny("niet gebruikt")

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        return [await self.decide(r, token=token) for r in requests]


# (name, what is typed in the form, the same decision as intake JSON, fields that break a rule)
ROWS: list[tuple[str, dict[str, Any], dict[str, Any], list[str]]] = [
    ("casus compleet",
     {"uitkomst": "casus", "ave_fase": "3", "client_geinformeerd": "ja",
      "partners": ["ggz-wnb", "ggz-wnb"]},
     {"uitkomst": "casus", "ave_fase": 3, "client_geinformeerd": True,
      "uit_te_nodigen_partners": ["ggz-wnb"]}, []),
    ("casus zonder AVE-fase",
     {"uitkomst": "casus", "client_geinformeerd": "ja"},
     {"uitkomst": "casus", "client_geinformeerd": True}, ["ave_fase"]),
    ("AVE-fase buiten bereik",
     {"uitkomst": "advies", "ave_fase": "7", "client_geinformeerd": "ja"},
     {"uitkomst": "advies", "ave_fase": 7, "client_geinformeerd": True}, ["ave_fase"]),
    ("geen uitkomst",
     {"client_geinformeerd": "ja"}, {"client_geinformeerd": True}, ["uitkomst"]),
    ("niets gekozen", {}, {}, ["uitkomst", "client_geinformeerd"]),
    ("niet geïnformeerd zonder reden",
     {"uitkomst": "advies", "client_geinformeerd": "nee"},
     {"uitkomst": "advies", "client_geinformeerd": False}, ["reden_niet_geinformeerd"]),
    ("niet geïnformeerd, geen datum: intake kiest de standaard",
     {"uitkomst": "advies", "client_geinformeerd": "nee", "reden_niet_geinformeerd": "gevaar"},
     {"uitkomst": "advies", "client_geinformeerd": False, "reden_niet_geinformeerd": "gevaar"},
     []),
    ("herbeoordeling vandaag",
     {"uitkomst": "advies", "client_geinformeerd": "nee", "reden_niet_geinformeerd": "gevaar",
      "herbeoordeling_op": "2025-03-13"},
     {"uitkomst": "advies", "client_geinformeerd": False, "reden_niet_geinformeerd": "gevaar",
      "herbeoordeling_op": "2025-03-13"}, ["herbeoordeling_op"]),
    ("herbeoordeling in het verleden",
     {"uitkomst": "terugverwezen", "client_geinformeerd": "nee",
      "reden_niet_geinformeerd": "gevaar", "herbeoordeling_op": "2025-01-01"},
     {"uitkomst": "terugverwezen", "client_geinformeerd": False,
      "reden_niet_geinformeerd": "gevaar", "herbeoordeling_op": "2025-01-01"},
     ["herbeoordeling_op"]),
    ("herbeoordeling morgen",
     {"uitkomst": "casus", "ave_fase": "2", "client_geinformeerd": "nee",
      "reden_niet_geinformeerd": "gevaar", "herbeoordeling_op": "2025-03-14"},
     {"uitkomst": "casus", "ave_fase": 2, "client_geinformeerd": False,
      "reden_niet_geinformeerd": "gevaar", "herbeoordeling_op": "2025-03-14"}, []),
    ("partner buiten de regio en het ZVH zelf",
     {"uitkomst": "casus", "ave_fase": "3", "client_geinformeerd": "ja",
      "partners": ["nergens", "zvh"]},
     {"uitkomst": "casus", "ave_fase": 3, "client_geinformeerd": True,
      "uit_te_nodigen_partners": ["nergens", "zvh"]},
     ["uit_te_nodigen_partners[0]", "uit_te_nodigen_partners[1]"]),
    ("bestaande casus heropenen",
     {"uitkomst": "casus", "ave_fase": "4", "client_geinformeerd": "ja",
      "bestaande_casus_id": CASUS_ID},
     {"uitkomst": "casus", "ave_fase": 4, "client_geinformeerd": True,
      "bestaande_casus_id": CASUS_ID}, []),
    ("bestaande casus bij advies",
     {"uitkomst": "advies", "client_geinformeerd": "ja", "bestaande_casus_id": CASUS_ID},
     {"uitkomst": "advies", "client_geinformeerd": True, "bestaande_casus_id": CASUS_ID},
     ["bestaande_casus_id"]),
]  # fmt: skip


class AlleConvenantenGeldig:
    """The convenant register with every organisation valid: the shared rules are the subject."""

    async def geldigheden(self, orgs: Any, *, token: str | None) -> dict[str, Any]:
        return {o: Geldigheid(org=o, geldig=True, reden="geldig convenant") for o in orgs}


@pytest.fixture
async def intake(tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}"
    await run_migrations(engine_url=url, script_location=MIGRATIONS)
    engine = make_engine(url)
    uows = uow_factory(session_factory(engine))
    app = FastAPI()
    deps = IntakeDeps(
        uow_factory=uows,
        pdp=TriagePdp(),
        clock=FixedClock(NU),
        partners=frozenset(PARTNERS),
        convenanten=AlleConvenantenGeldig(),
    )
    app.include_router(make_router(SETTINGS, deps=DepsHolder(deps)))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://intake"
    ) as client:
        yield client, uows
    await engine.dispose()


async def _nieuwe_melding(uows: Any) -> uuid.UUID:
    melding = Melding(
        id=uuid.uuid4(),
        eigenaar="politie-zwb",
        melder_referentie=f"PL-{uuid.uuid4().hex[:8]}",
        urgentie=Urgentie.NORMAAL,
        leefgebieden=("gezin",),
        inhoud={},
        ontvangen_op=NU,
        triage_uiterlijk=date(2025, 3, 17),
    )
    async with uows() as uow:
        await uow.meldingen.add(melding)
        await uow.commit()
    return melding.id


@pytest.mark.parametrize(("naam", "formulier", "json", "velden"), ROWS, ids=[r[0] for r in ROWS])
async def test_form_and_intake_judge_alike(
    intake: tuple[httpx.AsyncClient, Any],
    naam: str,
    formulier: dict[str, Any],
    json: dict[str, Any],
    velden: list[str],
) -> None:
    client, uows = intake
    form = TriageForm(**formulier)
    body = form.check(partner_codes=PARTNERS, today=VANDAAG)
    url = f"/v1/meldingen/{await _nieuwe_melding(uows)}/triage"
    if not velden:
        assert body is not None, f"{naam}: the form refused what intake accepts: {form.fouten}"
        r = await client.post(url, json=body, headers=HEADERS)
        assert r.status_code == 200, f"{naam}: intake refused the form's body: {r.text}"
        r = await client.post(
            f"/v1/meldingen/{await _nieuwe_melding(uows)}/triage", json=json, headers=HEADERS
        )
        assert r.status_code == 200, r.text
        return
    assert body is None, f"{naam}: the form accepted what intake refuses"
    r = await client.post(url, json=json, headers=HEADERS)
    assert r.status_code == 422, r.text
    assert [x["veld"] for x in r.json()["redenen"]] == velden
    assert {veld for veld, _ in form.fouten} == {TriageForm.formulierveld(v) for v in velden}
    formulier_meldingen = {m for _, m in form.fouten}
    assert {x["melding"] for x in r.json()["redenen"]} == formulier_meldingen
