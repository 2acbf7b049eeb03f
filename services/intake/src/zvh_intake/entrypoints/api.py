"""Intake's HTTP API: triage queue, one melding and labels (policy-checked), triage command.

Routes only translate HTTP to use cases and errors to status codes; the rules live below.
No ``from __future__ import annotations`` here: FastAPI must resolve the route-local
``Annotated`` aliases at definition time.
"""

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import JSONResponse
from opentelemetry import trace
from pydantic import BaseModel, Field, ValidationError
from zvh_contracts.pdp import Subject
from zvh_contracts.triage import TriageOpdracht
from zvh_platform.auth import User, bearer_token, bearer_user
from zvh_platform.idempotency import IDEMPOTENCY_KEY
from zvh_platform.openapi import request_body
from zvh_platform.settings import ServiceSettings

from zvh_intake.application.queries import (
    MAX_LABELS,
    eerdere_meldingen,
    lees_labels,
    lees_melding,
    lijst_meldingen,
)
from zvh_intake.application.triage import TriageerMelding, triageer
from zvh_intake.domain.afwijzing import uit_validatiefouten
from zvh_intake.domain.errors import (
    AlGetrieerd,
    InzageGeweigerd,
    MeldingNietGevonden,
    TriageOngeldig,
)
from zvh_intake.domain.model import Melding, MeldingStatus
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps

PROCESREGISSEUR = "procesregisseur"
_tracer = trace.get_tracer("zvh_intake.api")


class MeldingSamenvatting(BaseModel):
    """A melding in the triage queue: codes and dates only, no content."""

    melding_id: uuid.UUID
    melder: str
    melder_referentie: str
    urgentie: str
    leefgebieden: list[str]
    ontvangen_op: datetime
    triage_uiterlijk: date
    status: str
    uitkomst: str | None


class TriageOut(BaseModel):
    uitkomst: str
    ave_fase: int | None
    client_geinformeerd: bool
    reden_niet_geinformeerd: str | None
    herbeoordeling_op: date | None
    uit_te_nodigen_partners: list[str]
    getrieerd_door: str
    getrieerd_op: datetime
    bestaande_casus_id: uuid.UUID | None = None


class EerdereMelding(BaseModel):
    """Another melding about the same person: ids and codes only, for heropenen."""

    melding_id: uuid.UUID
    melder: str
    ontvangen_op: datetime
    status: str
    uitkomst: str | None


class MeldingDetail(MeldingSamenvatting):
    """The full melding content, returned only after a PDP allow."""

    eigenaar: str
    betrokkenen: list[dict[str, Any]]
    reden: str
    voorgestelde_ave_fase: int | None
    client_geinformeerd: bool
    reden_niet_geinformeerd: str | None
    uit_te_nodigen_partners: list[str]
    triage: TriageOut | None
    eerdere_meldingen: list[EerdereMelding] = Field(
        default_factory=list,
        description="Other meldingen sharing a betrokkene pseudonym, newest first",
    )


class Label(BaseModel):
    melding_id: uuid.UUID
    melder_referentie: str
    initialen: str


class Labels(BaseModel):
    """Labels of meldingen for an agenda: the melder's reference and the client's initials."""

    labels: list[Label]


class TriageResultaat(BaseModel):
    melding_id: uuid.UUID
    uitkomst: str


def _samenvatting(m: Melding) -> dict[str, Any]:
    return {
        "melding_id": m.id,
        "melder": m.eigenaar,
        "melder_referentie": m.melder_referentie,
        "urgentie": m.urgentie.value,
        "leefgebieden": list(m.leefgebieden),
        "ontvangen_op": m.ontvangen_op,
        "triage_uiterlijk": m.triage_uiterlijk,
        "status": m.status.value,
        "uitkomst": m.triage.uitkomst.value if m.triage else None,
    }


def _eerdere(m: Melding) -> EerdereMelding:
    return EerdereMelding(
        melding_id=m.id,
        melder=m.eigenaar,
        ontvangen_op=m.ontvangen_op,
        status=m.status.value,
        uitkomst=m.triage.uitkomst.value if m.triage else None,
    )


def _ids(tekst: str) -> list[uuid.UUID] | str:
    """The comma-separated ids of the labels query, or a Dutch message why not."""
    delen = [d.strip() for d in tekst.split(",") if d.strip()]
    if len(delen) > MAX_LABELS:
        return f"vraag hoogstens {MAX_LABELS} meldingen tegelijk op"
    try:
        return [uuid.UUID(d) for d in delen]
    except ValueError:
        return "moet een door komma's gescheiden lijst van melding-id's (UUID) zijn"


def _detail(m: Melding, *, eerdere: list[Melding]) -> MeldingDetail:
    inhoud = m.inhoud
    triage = m.triage
    return MeldingDetail(
        **_samenvatting(m),
        eigenaar=m.eigenaar,
        betrokkenen=list(inhoud.get("betrokkenen", [])),
        reden=str(inhoud.get("reden", "")),
        voorgestelde_ave_fase=inhoud.get("voorgestelde_ave_fase"),
        client_geinformeerd=bool(inhoud.get("client_geinformeerd")),
        reden_niet_geinformeerd=inhoud.get("reden_niet_geinformeerd"),
        uit_te_nodigen_partners=list(inhoud.get("uit_te_nodigen_partners", [])),
        triage=None
        if triage is None
        else TriageOut(
            uitkomst=triage.uitkomst.value,
            ave_fase=triage.ave_fase,
            client_geinformeerd=triage.client_geinformeerd,
            reden_niet_geinformeerd=triage.reden_niet_geinformeerd,
            herbeoordeling_op=triage.herbeoordeling_op,
            uit_te_nodigen_partners=list(triage.uit_te_nodigen_partners),
            getrieerd_door=triage.getrieerd_door,
            getrieerd_op=triage.getrieerd_op,
            bestaande_casus_id=triage.bestaande_casus_id,
        ),
        eerdere_meldingen=[_eerdere(e) for e in eerdere],
    )


def _fout(code: int, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse(status_code=code, content={"detail": detail, **extra})


def _geen_procesregisseur() -> JSONResponse:
    return _fout(status.HTTP_403_FORBIDDEN, "alleen voor de procesregisseur")


def _mark(melding_id: uuid.UUID) -> None:
    trace.get_current_span().set_attribute("zvh.melding_id", str(melding_id))


_TRIAGE_BODY = request_body(TriageOpdracht)


def make_router(settings: ServiceSettings, *, deps: DepsHolder) -> APIRouter:
    """The ``/v1/meldingen`` routes; ``deps`` is filled in at start-up."""
    router = APIRouter(prefix="/v1/meldingen", tags=["meldingen"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]
    Deps = Annotated[IntakeDeps, Depends(deps)]

    @router.get("", response_model=list[MeldingSamenvatting])
    async def list_meldingen(
        user: CurrentUser,
        d: Deps,
        status_: Annotated[MeldingStatus, Query(alias="status")] = MeldingStatus.TE_TRIEREN,
    ) -> Any:
        """The triage queue (or the triaged meldingen), earliest deadline first; no content."""
        if not user.has_role(PROCESREGISSEUR):
            return _geen_procesregisseur()
        meldingen = await lijst_meldingen(uow_factory=d.uow_factory, status=status_)
        return [_samenvatting(m) for m in meldingen]

    @router.get("/labels", response_model=Labels)
    async def get_labels(
        request: Request,
        user: CurrentUser,
        d: Deps,
        ids: Annotated[str, Query(max_length=MAX_LABELS * 40)] = "",
        doel: Annotated[str, Query(min_length=1, max_length=50)] = "casusoverleg",
    ) -> Any:
        """Labels of meldingen (reference + initials); one PDP decision for the request."""
        gelezen = _ids(ids)
        if isinstance(gelezen, str):
            return _fout(422, "ongeldige vraag", redenen=[{"veld": "ids", "melding": gelezen}])
        try:
            labels = await lees_labels(
                gelezen,
                subject=Subject(user=user.id, org=user.org, roles=list(user.roles)),
                doel=doel,
                token=bearer_token(request),
                uow_factory=d.uow_factory,
                pdp=d.pdp,
            )
        except InzageGeweigerd as exc:
            return _fout(status.HTTP_403_FORBIDDEN, "inzage geweigerd", reasons=exc.redenen)
        return Labels(
            labels=[
                Label(
                    melding_id=lb.melding_id,
                    melder_referentie=lb.melder_referentie,
                    initialen=lb.initialen,
                )
                for lb in labels
            ]
        )

    @router.get("/{melding_id}", response_model=MeldingDetail)
    async def get_melding(
        melding_id: uuid.UUID,
        request: Request,
        user: CurrentUser,
        d: Deps,
        doel: Annotated[str, Query(min_length=1, max_length=50)] = "triage",
    ) -> Any:
        """One melding with content, after the consent PDP allowed this user and doel."""
        _mark(melding_id)
        try:
            melding = await lees_melding(
                melding_id,
                subject=Subject(user=user.id, org=user.org, roles=list(user.roles)),
                doel=doel,
                token=bearer_token(request),
                uow_factory=d.uow_factory,
                pdp=d.pdp,
            )
        except MeldingNietGevonden:
            return _fout(status.HTTP_404_NOT_FOUND, "melding niet gevonden")
        except InzageGeweigerd as exc:
            return _fout(status.HTTP_403_FORBIDDEN, "inzage geweigerd", reasons=exc.redenen)
        eerdere = await eerdere_meldingen(melding, uow_factory=d.uow_factory)
        return _detail(melding, eerdere=eerdere)

    @router.post(
        "/{melding_id}/triage",
        response_model=TriageResultaat,
        openapi_extra=_TRIAGE_BODY,
        dependencies=[IDEMPOTENCY_KEY],
    )
    async def triage_melding(
        melding_id: uuid.UUID, request: Request, user: CurrentUser, d: Deps
    ) -> Any:
        """Record the triage decision; publishes ``zvh.intake.melding.getrieerd.v1``.

        The body (``zvh_contracts.triage.TriageOpdracht``) is parsed here rather than by FastAPI
        so that a wrongly typed value gets a Dutch reason too.
        """
        _mark(melding_id)
        if not user.has_role(PROCESREGISSEUR):
            return _geen_procesregisseur()
        try:
            body = TriageOpdracht.model_validate_json(await request.body())
        except ValidationError as exc:
            redenen = [
                {"veld": r.veld, "melding": r.melding} for r in uit_validatiefouten(exc.errors())
            ]
            return _fout(422, "triage onvolledig", redenen=redenen)
        cmd = TriageerMelding(
            melding_id=melding_id,
            uitkomst=body.uitkomst,
            ave_fase=body.ave_fase,
            client_geinformeerd=body.client_geinformeerd,
            reden_niet_geinformeerd=body.reden_niet_geinformeerd,
            herbeoordeling_op=body.herbeoordeling_op,
            uit_te_nodigen_partners=tuple(body.uit_te_nodigen_partners),
            door=user.id,
            bestaande_casus_id=body.bestaande_casus_id,
        )
        with _tracer.start_as_current_span(
            "intake triage", attributes={"zvh.melding_id": str(melding_id)}
        ):
            try:
                melding = await triageer(
                    cmd, uow_factory=d.uow_factory, clock=d.clock, partners=d.partners
                )
            except MeldingNietGevonden:
                return _fout(status.HTTP_404_NOT_FOUND, "melding niet gevonden")
            except AlGetrieerd:
                return _fout(status.HTTP_409_CONFLICT, "melding is al getrieerd")
            except TriageOngeldig as exc:
                redenen = [{"veld": r.veld, "melding": r.melding} for r in exc.redenen]
                return _fout(422, "triage onvolledig", redenen=redenen)
        assert melding.triage is not None
        return TriageResultaat(melding_id=melding.id, uitkomst=melding.triage.uitkomst.value)

    return router
