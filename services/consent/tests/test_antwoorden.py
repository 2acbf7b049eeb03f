"""``afgehandeld``: a use case's refusal becomes the route's Dutch answer, and only those."""

from __future__ import annotations

import json
import uuid

import pytest
from fastapi.responses import Response
from zvh_consent.application.toegang import BestaatAl, Geweigerd, NietGevonden
from zvh_consent.domain.fouten import Fout, Ongeldig
from zvh_consent.entrypoints.antwoorden import afgehandeld
from zvh_contracts.pdp import Decision

BESLUIT = uuid.uuid4()
WEIGERING = Decision(allow=False, reasons=["niet jouw casus"], decision_id=BESLUIT)


async def faalt(exc: Exception) -> None:
    raise exc


def inhoud(r: object) -> tuple[int, dict[str, object]]:
    assert isinstance(r, Response)
    return r.status_code, json.loads(bytes(r.body))


async def test_the_result_passes_through() -> None:
    async def lukt() -> list[str]:
        return ["a"]

    assert await afgehandeld(lukt(), weigering="nee") == ["a"]


@pytest.mark.parametrize(
    ("exc", "status", "detail"),
    [
        (Geweigerd(WEIGERING), 403, "nee"),
        (NietGevonden("doorbreking niet gevonden"), 404, "doorbreking niet gevonden"),
        (BestaatAl("al beoordeeld"), 409, "al beoordeeld"),
        (Ongeldig([Fout("reden", "te kort")]), 422, "ongeldige doorbreking"),
    ],
    ids=["geweigerd", "niet-gevonden", "bestaat-al", "ongeldig"],
)
async def test_each_refusal_gets_its_answer(exc: Exception, status: int, detail: str) -> None:
    r = await afgehandeld(faalt(exc), weigering="nee", ongeldig_als="ongeldige doorbreking")
    code, body = inhoud(r)
    assert (code, body["detail"]) == (status, detail)
    if status == 403:
        assert body["reasons"] == ["niet jouw casus"] and body["decision_id"] == str(BESLUIT)
    if status == 422:
        assert body["fouten"] == [{"veld": "reden", "melding": "te kort"}]


async def test_ongeldig_is_a_fault_where_the_route_names_no_422() -> None:
    with pytest.raises(Ongeldig):
        await afgehandeld(faalt(Ongeldig([Fout("x", "y")])), weigering="nee")


async def test_other_errors_are_not_swallowed() -> None:
    with pytest.raises(RuntimeError):
        await afgehandeld(faalt(RuntimeError("kapot")), weigering="nee")
