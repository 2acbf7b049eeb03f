"""Intake's HTTP API for the meldpunt agressie en geweld (VPT).

Routes only translate HTTP to ``application.vpt``; the PDP decides every read and write with
the subject from the verified token (vpt.rego). No ``from __future__ import annotations``: FastAPI
must resolve the route-local ``Annotated`` aliases at definition time.
"""

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from zvh_contracts.base import Bsn, Inhoud, Naam, Referentie
from zvh_contracts.partner.melding_v1 import elfproef
from zvh_contracts.partner.vpt_incident_v1 import VptIncidentSoort
from zvh_contracts.pdp import Subject
from zvh_platform.auth import User, bearer_token, bearer_user
from zvh_platform.idempotency import IDEMPOTENCY_KEY
from zvh_platform.openapi import request_body
from zvh_platform.settings import ServiceSettings

from zvh_intake.application.vpt import VptMeldpunt
from zvh_intake.domain.afwijzing import Reden, uit_validatiefouten
from zvh_intake.domain.errors import ActieGeweigerd, InzageGeweigerd
from zvh_intake.domain.vpt import (
    GeenCasemanager,
    IncidentNietGevonden,
    NazorgContact,
    ReferentieInGebruik,
    VptIncident,
    VptMelding,
    VptOngeldig,
)
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps


class VptIncidentIn(BaseModel):
    """A report by the signed-in user for the own organisation (the melder is the token's user)."""

    model_config = ConfigDict(extra="forbid")

    gebeurd_op: datetime = Field(description="When it happened (with offset)")
    plaats: Inhoud = Field(max_length=300, description="Where it happened, in short")
    soorten: list[VptIncidentSoort] = Field(min_length=1, max_length=5)
    politie_ter_plaatse: bool
    impact: int = Field(ge=1, le=5, description="The employee's own rating: 1 little, 5 severe")
    toelichting: Inhoud | None = None
    medewerker: Naam | None = Field(
        default=None, description="The employee, when not the reporting user (absent: the user)"
    )
    leidinggevende: Referentie | None = Field(
        default=None, description="User id of the employee's leidinggevende"
    )
    urgent: bool = False
    casus_id: uuid.UUID | None = None
    client_bsn: Bsn | None = Field(default=None, description="Pseudonymised on receipt")
    referentie: Referentie | None = Field(
        default=None, description="An own reference; the same one again gives the same incident"
    )


class NazorgIn(BaseModel):
    """A nazorg contact that was done."""

    model_config = ConfigDict(extra="forbid")

    contact: NazorgContact = Field(description="eerste | een-week | zes-weken")
    op: date


class NazorgOut(BaseModel):
    contact: str
    uiterlijk: date
    gedaan_op: date | None
    door: str | None


class VptIncidentSamenvatting(BaseModel):
    """One incident in a list (for readers the PDP allowed)."""

    incident_id: uuid.UUID
    organisatie: str
    gemeld_op: datetime
    gebeurd_op: datetime
    soorten: list[str]
    urgent: bool
    casemanager: str
    open: bool


class VptIncidentOut(VptIncidentSamenvatting):
    """The full report with its nazorg."""

    referentie: str | None
    melder: str | None
    leidinggevende: str | None
    politie_ter_plaatse: bool
    impact: int
    plaats: str | None
    toelichting: str | None
    medewerker: str | None
    casus_id: uuid.UUID | None
    client_pseudoniem: str | None
    nazorg: list[NazorgOut]


class VptLijst(BaseModel):
    incidenten: list[VptIncidentSamenvatting]


class VptOverzichtOut(BaseModel):
    """Counts only: no ids, no content (small counts are suppressed by the caller)."""

    jaar: int
    organisatie: str
    totaal: int
    per_soort: dict[str, int]
    politie_ter_plaatse: int
    urgent: int


def samenvatting(i: VptIncident) -> VptIncidentSamenvatting:
    return VptIncidentSamenvatting(
        incident_id=i.id,
        organisatie=i.organisatie,
        gemeld_op=i.gemeld_op,
        gebeurd_op=i.gebeurd_op,
        soorten=list(i.soorten),
        urgent=i.urgent,
        casemanager=i.casemanager,
        open=i.open,
    )


def incident_out(i: VptIncident) -> VptIncidentOut:
    return VptIncidentOut(
        **samenvatting(i).model_dump(),
        referentie=i.referentie,
        melder=i.melder,
        leidinggevende=i.leidinggevende,
        politie_ter_plaatse=i.politie_ter_plaatse,
        impact=i.impact,
        plaats=i.inhoud.get("plaats"),
        toelichting=i.inhoud.get("toelichting"),
        medewerker=i.inhoud.get("medewerker"),
        casus_id=i.casus_id,
        client_pseudoniem=i.client_pseudoniem,
        nazorg=[
            NazorgOut(
                contact=n.contact.value, uiterlijk=n.uiterlijk, gedaan_op=n.gedaan_op, door=n.door
            )
            for n in i.nazorg
        ],
    )


def _fout(code: int, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse(status_code=code, content={"detail": detail, **extra})


def _ongeldig(redenen: list[Reden]) -> JSONResponse:
    return _fout(
        422, "melding ongeldig", redenen=[{"veld": r.veld, "melding": r.melding} for r in redenen]
    )


def _meldpunt(d: IntakeDeps) -> VptMeldpunt:
    if d.vpt is None:
        raise RuntimeError("het meldpunt is niet ingericht")
    return d.vpt


def make_vpt_router(settings: ServiceSettings, *, deps: DepsHolder) -> APIRouter:
    """The ``/v1/vpt-incidenten`` and ``/v1/vpt-overzicht`` routes."""
    router = APIRouter(prefix="/v1", tags=["meldpunt"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]
    Deps = Annotated[IntakeDeps, Depends(deps)]

    def subject(user: User) -> Subject:
        return Subject(user=user.id, org=user.org, roles=list(user.roles))

    @router.post(
        "/vpt-incidenten",
        status_code=status.HTTP_201_CREATED,
        response_model=VptIncidentOut,
        openapi_extra=request_body(VptIncidentIn),
        dependencies=[IDEMPOTENCY_KEY],
    )
    async def meld_incident(request: Request, user: CurrentUser, d: Deps) -> Any:
        """Report an incident for the own organisation; 422 with Dutch reasons per field."""
        try:
            body = VptIncidentIn.model_validate_json(await request.body())
        except ValidationError as exc:
            return _ongeldig(uit_validatiefouten(exc.errors(include_input=False)))
        if body.client_bsn is not None and not elfproef(body.client_bsn):
            return _ongeldig([Reden(veld="client_bsn", melding="BSN voldoet niet aan de elfproef")])
        melding = VptMelding(
            gebeurd_op=body.gebeurd_op,
            plaats=body.plaats,
            soorten=tuple(s.value for s in body.soorten),
            politie_ter_plaatse=body.politie_ter_plaatse,
            impact=body.impact,
            medewerker=body.medewerker or user.naam or user.id,
            toelichting=body.toelichting,
            leidinggevende=body.leidinggevende,
            urgent=body.urgent,
            casus_id=body.casus_id,
            referentie=body.referentie,
        )
        try:
            registratie = await _meldpunt(d).meld(
                melding,
                subject=subject(user),
                token=bearer_token(request),
                pdp=d.pdp,
                client_bsn=body.client_bsn,
            )
        except VptOngeldig as exc:
            return _ongeldig(exc.redenen)
        except ActieGeweigerd as exc:
            return _fout(status.HTTP_403_FORBIDDEN, "niet toegestaan", reasons=exc.redenen)
        except GeenCasemanager as exc:
            return _fout(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc))
        except ReferentieInGebruik as exc:
            return _ongeldig([Reden(veld="referentie", melding=str(exc))])
        code = status.HTTP_200_OK if registratie.bestaand else status.HTTP_201_CREATED
        return JSONResponse(
            status_code=code, content=incident_out(registratie.incident).model_dump(mode="json")
        )

    @router.get("/vpt-incidenten", response_model=VptLijst)
    async def lijst(request: Request, user: CurrentUser, d: Deps) -> Any:
        """The incidents this user may read (the PDP decides each one), newest first."""
        incidenten = await _meldpunt(d).lijst(
            subject=subject(user), token=bearer_token(request), pdp=d.pdp
        )
        return VptLijst(incidenten=[samenvatting(i) for i in incidenten])

    @router.get("/vpt-incidenten/{incident_id}", response_model=VptIncidentOut)
    async def lees(incident_id: uuid.UUID, request: Request, user: CurrentUser, d: Deps) -> Any:
        """The full report, its nazorg and the casemanager (melder, leidinggevende, casemanager)."""
        try:
            incident = await _meldpunt(d).lees(
                incident_id, subject=subject(user), token=bearer_token(request), pdp=d.pdp
            )
        except IncidentNietGevonden:
            return _fout(status.HTTP_404_NOT_FOUND, "incident niet gevonden")
        except InzageGeweigerd as exc:
            return _fout(status.HTTP_403_FORBIDDEN, "inzage geweigerd", reasons=exc.redenen)
        return incident_out(incident)

    @router.post(
        "/vpt-incidenten/{incident_id}/nazorg",
        response_model=VptIncidentOut,
        openapi_extra=request_body(NazorgIn),
        dependencies=[IDEMPOTENCY_KEY],
    )
    async def nazorg(incident_id: uuid.UUID, request: Request, user: CurrentUser, d: Deps) -> Any:
        """Register a nazorg contact as done (leidinggevende or the assigned casemanager)."""
        try:
            body = NazorgIn.model_validate_json(await request.body())
        except ValidationError as exc:
            return _ongeldig(uit_validatiefouten(exc.errors(include_input=False)))
        try:
            incident = await _meldpunt(d).nazorg_gedaan(
                incident_id,
                body.contact,
                op=body.op,
                subject=subject(user),
                token=bearer_token(request),
                pdp=d.pdp,
            )
        except VptOngeldig as exc:
            return _ongeldig(exc.redenen)
        except IncidentNietGevonden:
            return _fout(status.HTTP_404_NOT_FOUND, "incident niet gevonden")
        except ActieGeweigerd as exc:
            return _fout(status.HTTP_403_FORBIDDEN, "niet toegestaan", reasons=exc.redenen)
        return incident_out(incident)

    @router.get("/vpt-overzicht", response_model=VptOverzichtOut)
    async def jaaroverzicht(
        request: Request,
        user: CurrentUser,
        d: Deps,
        jaar: Annotated[int, Query(ge=2000, le=2100)],
        organisatie: Annotated[
            str | None, Query(max_length=63, description="Absent: the own organisation")
        ] = None,
    ) -> Any:
        """Counts of one organisation's incidents in one year: by soort, politie, urgent."""
        try:
            o = await _meldpunt(d).overzicht(
                jaar=jaar,
                organisatie=organisatie or user.org,
                subject=subject(user),
                token=bearer_token(request),
                pdp=d.pdp,
            )
        except InzageGeweigerd as exc:
            return _fout(status.HTTP_403_FORBIDDEN, "inzage geweigerd", reasons=exc.redenen)
        return VptOverzichtOut(
            jaar=o.jaar,
            organisatie=o.organisatie,
            totaal=o.totaal,
            per_soort=dict(o.per_soort),
            politie_ter_plaatse=o.politie_ter_plaatse,
            urgent=o.urgent,
        )

    return router


__all__ = ["make_vpt_router"]
