"""Intake's HTTP API for Triage Aanhoudingen: the lists of today and yesterday, and the marks.

Routes only translate HTTP to the use cases in ``application.aanhoudingen``; the PDP decides who
may (procesregisseur and bemoeizorg). No ``from __future__ import annotations``: FastAPI must
resolve the route-local ``Annotated`` aliases at definition time.
"""

import re
import uuid
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from zvh_contracts.pdp import Subject
from zvh_platform.auth import User, bearer_token, bearer_user
from zvh_platform.idempotency import IDEMPOTENCY_KEY
from zvh_platform.openapi import request_body
from zvh_platform.settings import ServiceSettings

from zvh_intake.application.aanhoudingen import MarkeerAanhouding, MeldingRegels, lijsten, markeer
from zvh_intake.domain.aanhouding import (
    KEUZES,
    Aanhouding,
    AanhoudingAfgerond,
    AanhoudingNietGevonden,
    Aanhoudingslijst,
    Markering,
)
from zvh_intake.domain.afwijzing import uit_validatiefouten
from zvh_intake.domain.errors import ActieGeweigerd, InzageGeweigerd
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps


class AanhoudingOut(BaseModel):
    """One arrest: ids, a pseudonym and codes, and what the ZVH marked (who, when)."""

    id: uuid.UUID
    aanhouding_id: str
    persoon_pseudoniem: str
    feitcodes: list[str]
    tijdstip: datetime
    gemeente: str | None
    markering: str = Field(
        description="open | geen-actie | bemoeizorg-gaat-langs | melding-aanmaken"
    )
    gemarkeerd_door: str | None
    gemarkeerd_op: datetime | None
    melding_id: uuid.UUID | None = Field(description="The melding made of it, if any")


class LijstOut(BaseModel):
    """One police list of one day, with how much is left to do."""

    id: uuid.UUID
    politie: str
    lijst_id: str
    datum: date
    ontvangen_op: datetime
    open: int
    afgehandeld: int
    aanhoudingen: list[AanhoudingOut]


class Lijsten(BaseModel):
    """The lists asked for (default today and yesterday), newest day first."""

    open: int
    afgehandeld: int
    lijsten: list[LijstOut]


class MarkeringIn(BaseModel):
    """What the ZVH does with the arrest."""

    model_config = ConfigDict(extra="forbid")

    markering: Markering = Field(
        description="geen-actie | bemoeizorg-gaat-langs | melding-aanmaken"
    )


def aanhouding_out(a: Aanhouding) -> AanhoudingOut:
    return AanhoudingOut(
        id=a.id,
        aanhouding_id=a.aanhouding_id,
        persoon_pseudoniem=a.persoon_pseudoniem,
        feitcodes=list(a.feitcodes),
        tijdstip=a.tijdstip,
        gemeente=a.gemeente,
        markering=a.markering.value,
        gemarkeerd_door=a.gemarkeerd_door,
        gemarkeerd_op=a.gemarkeerd_op,
        melding_id=a.melding_id,
    )


def lijst_out(lijst: Aanhoudingslijst) -> LijstOut:
    return LijstOut(
        id=lijst.id,
        politie=lijst.politie,
        lijst_id=lijst.lijst_id,
        datum=lijst.datum,
        ontvangen_op=lijst.ontvangen_op,
        open=lijst.open,
        afgehandeld=lijst.afgehandeld,
        aanhoudingen=[aanhouding_out(a) for a in lijst.aanhoudingen],
    )


def _fout(code: int, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse(status_code=code, content={"detail": detail, **extra})


_MARKERING_BODY = request_body(MarkeringIn)

_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: The most days one request may ask for.
MAX_DAGEN = 14


def _datums(teksten: list[str]) -> list[date] | str:
    """The asked days, or a Dutch message why not (the query is parsed here, not by FastAPI,
    so a wrong date gets a Dutch reason)."""
    if len(teksten) > MAX_DAGEN:
        return f"vraag hoogstens {MAX_DAGEN} dagen tegelijk op"
    fout = "moet een bestaande datum zijn (JJJJ-MM-DD)"
    if not all(_DATUM.fullmatch(t) for t in teksten):
        return fout
    try:
        return [date.fromisoformat(t) for t in teksten]
    except ValueError:
        return fout


def make_aanhoudingen_router(settings: ServiceSettings, *, deps: DepsHolder) -> APIRouter:
    """The ``/v1/aanhoudingen`` routes; ``deps`` is filled in at start-up."""
    router = APIRouter(prefix="/v1/aanhoudingen", tags=["aanhoudingen"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]
    Deps = Annotated[IntakeDeps, Depends(deps)]

    def subject(user: User) -> Subject:
        return Subject(user=user.id, org=user.org, roles=list(user.roles))

    @router.get("", response_model=Lijsten)
    async def get_lijsten(
        request: Request,
        user: CurrentUser,
        d: Deps,
        datum: Annotated[
            list[str] | None, Query(description="Days (JJJJ-MM-DD), at most 14")
        ] = None,
    ) -> Any:
        """The police lists of these days (default today and yesterday) with their marks.

        One PDP decision (``list`` of ``aanhoudingen``, doel ``triage-aanhoudingen``).
        """
        datums = _datums(datum or [])
        if isinstance(datums, str):
            return _fout(422, "ongeldige vraag", redenen=[{"veld": "datum", "melding": datums}])
        try:
            gevonden = await lijsten(
                subject=subject(user),
                token=bearer_token(request),
                uow_factory=d.uow_factory,
                pdp=d.pdp,
                clock=d.clock,
                datums=datums,
            )
        except InzageGeweigerd as exc:
            return _fout(status.HTTP_403_FORBIDDEN, "inzage geweigerd", reasons=exc.redenen)
        return Lijsten(
            open=sum(lijst.open for lijst in gevonden),
            afgehandeld=sum(lijst.afgehandeld for lijst in gevonden),
            lijsten=[lijst_out(lijst) for lijst in gevonden],
        )

    @router.post(
        "/{aanhouding}/markering",
        response_model=AanhoudingOut,
        openapi_extra=_MARKERING_BODY,
        dependencies=[IDEMPOTENCY_KEY],
    )
    async def markeer_aanhouding(
        aanhouding: uuid.UUID, request: Request, user: CurrentUser, d: Deps
    ) -> Any:
        """Mark one arrest (who and when are recorded); ``melding-aanmaken`` makes a melding
        owned by the police, linked to the arrest, in the triage queue. That mark is final."""
        try:
            body = MarkeringIn.model_validate_json(await request.body())
        except ValidationError as exc:
            redenen = [
                {"veld": r.veld, "melding": r.melding} for r in uit_validatiefouten(exc.errors())
            ]
            return _fout(422, "markering ongeldig", redenen=redenen)
        if body.markering not in KEUZES:
            keuzes = ", ".join(k.value for k in KEUZES)
            return _fout(
                422,
                "markering ongeldig",
                redenen=[{"veld": "markering", "melding": f"kies een van: {keuzes}"}],
            )
        assert d.melding_regels is not None  # bootstrap sets it
        cmd = MarkeerAanhouding(aanhouding=aanhouding, markering=body.markering, door=user.id)
        try:
            gemarkeerd = await markeer(
                cmd,
                subject=subject(user),
                token=bearer_token(request),
                uow_factory=d.uow_factory,
                pdp=d.pdp,
                clock=d.clock,
                regels=d.melding_regels,
            )
        except ActieGeweigerd as exc:
            return _fout(status.HTTP_403_FORBIDDEN, "niet toegestaan", reasons=exc.redenen)
        except AanhoudingNietGevonden:
            return _fout(status.HTTP_404_NOT_FOUND, "aanhouding niet gevonden")
        except AanhoudingAfgerond as exc:
            return _fout(status.HTTP_409_CONFLICT, str(exc))
        return aanhouding_out(gemarkeerd)

    return router


__all__ = ["MeldingRegels", "make_aanhoudingen_router"]
