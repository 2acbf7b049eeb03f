"""The Triage Aanhoudingen page: intake's lists shown with what is left to do, each mark passed on
with the user's token, intake's refusal and conflicts as Dutch pages (intake itself is faked)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from overleg_fakes import FakePdp, Store
from overleg_web_fakes import FakeIntake, csrf_veld, make_app, signed_in
from zvh_overleg.application.intake import IntakeConflict, IntakeGeweigerd
from zvh_overleg.entrypoints.context import Services

LIJST = uuid.uuid4()
OPEN = uuid.uuid4()
GEDAAN = uuid.uuid4()
MELDING = uuid.uuid4()
REDEN = "geen regel staat dit toe (list aanhoudingen, doel triage-aanhoudingen)"


def _aanhouding(
    id_: uuid.UUID, aanhouding_id: str, markering: str = "open", **extra: Any
) -> dict[str, Any]:
    return {
        "id": str(id_),
        "aanhouding_id": aanhouding_id,
        "persoon_pseudoniem": "0123456789abcdef",
        "feitcodes": ["F110", "F300"],
        "tijdstip": "2030-03-04T01:15:00+00:00",
        "gemeente": "GM0748",
        "markering": markering,
        "gemarkeerd_door": None,
        "gemarkeerd_op": None,
        "melding_id": None,
        **extra,
    }


class FakeAanhoudingen:
    """Intake's /v1/aanhoudingen: one list, marks recorded; can refuse or conflict."""

    def __init__(self) -> None:
        self.regels = {
            OPEN: _aanhouding(OPEN, "PZWB-AH-1"),
            GEDAAN: _aanhouding(
                GEDAAN,
                "PZWB-AH-2",
                "bemoeizorg-gaat-langs",
                gemarkeerd_door="zorg.koster",
                gemarkeerd_op="2030-03-04T08:05:00+00:00",
            ),
        }
        self.weiger: list[str] | None = None
        self.conflict = False
        self.markeringen: list[tuple[uuid.UUID, str]] = []
        self.tokens: list[str] = []

    async def aanhoudingen(self, *, token: str) -> dict[str, Any]:
        self.tokens.append(token)
        if self.weiger is not None:
            raise IntakeGeweigerd(self.weiger)
        regels = list(self.regels.values())
        open_ = sum(1 for a in regels if a["markering"] == "open")
        lijst = {
            "id": str(LIJST),
            "politie": "politie-zwb",
            "lijst_id": "PZWB-L-1",
            "datum": "2030-03-04",
            "ontvangen_op": "2030-03-04T06:00:00+00:00",
            "open": open_,
            "afgehandeld": len(regels) - open_,
            "aanhoudingen": regels,
        }
        return {"open": open_, "afgehandeld": len(regels) - open_, "lijsten": [lijst]}

    async def markeer_aanhouding(
        self, aanhouding: uuid.UUID, *, markering: str, token: str
    ) -> dict[str, Any]:
        self.tokens.append(token)
        if self.weiger is not None:
            raise IntakeGeweigerd(self.weiger)
        if self.conflict:
            raise IntakeConflict("van deze aanhouding is al een melding gemaakt")
        self.markeringen.append((aanhouding, markering))
        gemarkeerd = {
            **self.regels[aanhouding],
            "markering": markering,
            "gemarkeerd_door": "pr.jansen",
            "gemarkeerd_op": "2030-03-04T09:00:00+00:00",
            "melding_id": str(MELDING) if markering == "melding-aanmaken" else None,
        }
        self.regels[aanhouding] = gemarkeerd
        return gemarkeerd


@pytest.fixture
def fake() -> FakeAanhoudingen:
    return FakeAanhoudingen()


@pytest.fixture
def app(fake: FakeAanhoudingen) -> FastAPI:
    app, svc = make_app(store=Store(), pdp=FakePdp(), intake=FakeIntake())
    svc.aanhoudingen = fake
    return app


def _svc(app: FastAPI) -> Services:
    return app.state.overleg  # type: ignore[no-any-return]


async def test_the_page_shows_what_is_left_to_do_and_a_choice_per_arrest(
    app: FastAPI, fake: FakeAanhoudingen
) -> None:
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get("/aanhoudingen")
    assert r.status_code == 200
    html = r.text
    assert 'href="/aanhoudingen" aria-current="page">Aanhoudingen</a>' in html
    assert 'id="aanhoudingen-open">1</dd>' in html
    assert 'id="aanhoudingen-afgehandeld">1</dd>' in html
    assert 'class="utrecht-table"' in html and "Politie Zeeland-West-Brabant" in html
    assert "F110, F300" in html and "Bergen op Zoom" in html
    assert "door zorg.koster" in html and "Bemoeizorg gaat langs" in html
    assert f'action="/aanhoudingen/{OPEN}/markering"' in html
    for waarde in ("geen-actie", "bemoeizorg-gaat-langs", "melding-aanmaken"):
        assert f'name="markering" value="{waarde}"' in html
    assert 'class="utrecht-button utrecht-button--primary-action"' in html
    assert fake.tokens  # asked with the user's own token


@pytest.mark.parametrize(
    ("user", "link"), [("zorg.koster", True), ("agent.smit", False), ("fg.devries", False)]
)
async def test_the_menu_offers_the_page_to_procesregisseur_and_bemoeizorg(
    app: FastAPI, user: str, link: bool
) -> None:
    async with signed_in(app, user) as c:
        r = await c.get("/casussen")
    assert ('href="/aanhoudingen"' in r.text) is link


async def test_a_refused_role_gets_intakes_reasons_in_dutch(
    app: FastAPI, fake: FakeAanhoudingen
) -> None:
    fake.weiger = [REDEN]
    async with signed_in(app, "agent.smit") as c:
        r = await c.get("/aanhoudingen")
        assert r.status_code == 403
        assert "U heeft geen toegang tot de Triage Aanhoudingen." in r.text and REDEN in r.text
        r = await c.post(f"/aanhoudingen/{OPEN}/markering", data={"markering": "geen-actie"})
    assert r.status_code == 403 and "U mag deze aanhouding niet markeren." in r.text
    assert fake.markeringen == []


async def test_a_mark_is_passed_on_and_confirmed(app: FastAPI, fake: FakeAanhoudingen) -> None:
    async with signed_in(app, "pr.jansen") as c:
        veld = csrf_veld((await c.get("/aanhoudingen")).text)
        r = await c.post(
            f"/aanhoudingen/{OPEN}/markering", data={"markering": "geen-actie", **veld}
        )
        assert r.status_code == 303
        assert r.headers["location"] == f"/aanhoudingen?gemarkeerd={OPEN}#aanhouding-{OPEN}"
        r = await c.get(r.headers["location"])
    assert fake.markeringen == [(OPEN, "geen-actie")]
    assert "Aanhouding PZWB-AH-1: geen actie." in r.text
    assert 'id="aanhoudingen-open">0</dd>' in r.text


async def test_melding_aanmaken_links_to_the_new_melding(
    app: FastAPI, fake: FakeAanhoudingen
) -> None:
    async with signed_in(app, "pr.jansen") as c:
        r = await c.post(f"/aanhoudingen/{OPEN}/markering", data={"markering": "melding-aanmaken"})
        r = await c.get(r.headers["location"])
    assert fake.markeringen == [(OPEN, "melding-aanmaken")]
    assert f'href="/triage/{MELDING}" id="aangemaakte-melding"' in r.text
    # a melding is final: the arrest offers no more choices
    assert f'action="/aanhoudingen/{OPEN}/markering"' not in r.text


async def test_bad_input_and_a_conflict_get_dutch_errors(
    app: FastAPI, fake: FakeAanhoudingen
) -> None:
    async with signed_in(app, "pr.jansen") as c:
        r = await c.post(f"/aanhoudingen/{OPEN}/markering", data={"markering": "opsluiten"})
        assert r.status_code == 422
        assert "Kies wat er met de aanhouding gebeurt" in r.text and f'id="fout-{OPEN}"' in r.text
        assert fake.markeringen == []
        fake.conflict = True
        r = await c.post(f"/aanhoudingen/{OPEN}/markering", data={"markering": "geen-actie"})
    assert r.status_code == 409 and "Van deze aanhouding is al een melding gemaakt." in r.text
