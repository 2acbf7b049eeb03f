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
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from zvh_contracts.pdp import MAX_DEELNEMERS, OrgCode, Subject
from zvh_contracts.triage import TriageOpdracht
from zvh_platform.auth import User, bearer_token, bearer_user
from zvh_platform.idempotency import IDEMPOTENCY_KEY
from zvh_platform.openapi import request_body
from zvh_platform.settings import ServiceSettings

from zvh_intake.application.beheer import BeheerItem, Handeling, beheer_item
from zvh_intake.application.queries import (
    MAX_LABELS,
    GelezenItem,
    GelezenMelding,
    al_bekend,
    eerdere_meldingen,
    lees_labels,
    lees_melding,
    lijst_meldingen,
    mag_trieren,
    vrije_leefgebieden,
)
from zvh_intake.application.rapportage import meldingen_tellingen
from zvh_intake.application.triage import TriageerMelding, niet_uitnodigbaar, triageer
from zvh_intake.domain.afwijzing import uit_validatiefouten
from zvh_intake.domain.errors import (
    ActieGeweigerd,
    AlGetrieerd,
    BeheerOngeldig,
    InzageGeweigerd,
    ItemNietGevonden,
    MeldingNietGevonden,
    TriageOngeldig,
)
from zvh_intake.domain.informatie import ItemSoort
from zvh_intake.domain.model import Melding, MeldingStatus
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps

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
    bekend: bool | None = Field(
        default=None,
        description="Awaiting triage: the person is already in an earlier or running casus "
        "(no content; which casus the triage page shows)",
    )


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
    advies: str | None = None
    reden_terugverwijzing: str | None = None


class EerdereMelding(BaseModel):
    """Another melding about the same person: ids and codes only, for heropenen."""

    melding_id: uuid.UUID
    melder: str
    ontvangen_op: datetime
    status: str
    uitkomst: str | None


class InformatieItemOut(BaseModel):
    """One informatie-item of the melding as this reader may see it, and why (Dutch)."""

    item_id: uuid.UUID
    soort: str = Field(description="reden | betrokkene | leefgebieden")
    positie: int = Field(description="The betrokkene's position in betrokkenen; 0 otherwise")
    eigenaar: str
    categorie: str
    gevoeligheid: str = Field(description="normaal | bijzonder | strafrechtelijk")
    grondslag: str = Field(description="The basis the eigenaar brought the item in on")
    beperkt_tot: list[str] | None = Field(
        description="The eigenaar restricted the item to these organisations ('zvh': ZVH regie)"
    )
    ingetrokken: bool
    zichtbaarheid: str = Field(description="volledig | gemaskeerd | alleen-metadata | verborgen")
    inhoud: dict[str, Any] | None = Field(
        description="The item's content with the obligations applied; null when not shown"
    )
    gemaskeerd: list[str] = Field(description="Fields masked or left out (redact:<veld>)")
    redenen: list[str] = Field(description="The PDP's reasons (Dutch)")
    beslissing_grondslag: str | None = Field(description="The grondslag of the PDP's decision")
    toelichting: str = Field(description="Why this much is shown, for the UI (Dutch)")


class MeldingDetail(MeldingSamenvatting):
    """The melding: metadata, and its content as far as the PDP allowed it per item.

    ``betrokkenen``, ``reden``, ``reden_niet_geinformeerd`` and ``leefgebieden`` hold only what
    the reader may see (masked where the PDP asked); ``items`` tells per item what and why.
    """

    eigenaar: str
    betrokkenen: list[dict[str, Any]]
    reden: str | None
    voorgestelde_ave_fase: int | None
    client_geinformeerd: bool
    reden_niet_geinformeerd: str | None
    uit_te_nodigen_partners: list[str]
    triage: TriageOut | None
    eerdere_meldingen: list[EerdereMelding] = Field(
        default_factory=list,
        description="Other meldingen sharing a betrokkene pseudonym, newest first",
    )
    items: list[InformatieItemOut] = Field(default_factory=list)


class Label(BaseModel):
    melding_id: uuid.UUID
    melder_referentie: str
    initialen: str
    toelichting: str | None = Field(
        default=None, description="Why the initials are not shown (Dutch); absent when they are"
    )


class Labels(BaseModel):
    """Labels of meldingen for an agenda: the melder's reference and the client's initials."""

    labels: list[Label]


class MeldingTellingOut(BaseModel):
    """How many meldingen share gemeente (None: onbekend), melder and uitkomst; no content."""

    gemeente: str | None
    melder: str
    uitkomst: str
    aantal: int
    binnen_termijn: int = Field(description="Of these, triaged on or before triage_uiterlijk")


class Beperking(BaseModel):
    """The eigenaar restricts an item to these organisations ('zvh': the ZVH regie)."""

    model_config = ConfigDict(extra="forbid")

    beperkt_tot: list[OrgCode] = Field(min_length=1, max_length=MAX_DEELNEMERS)


class ItemBeheerResultaat(BaseModel):
    """An informatie-item's sharing after the eigenaar's control."""

    melding_id: uuid.UUID
    item_id: uuid.UUID
    beperkt_tot: list[str] | None
    ingetrokken: bool


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


def _item_out(g: GelezenItem) -> InformatieItemOut:
    item = g.item
    return InformatieItemOut(
        item_id=item.id,
        soort=item.soort.value,
        positie=item.positie,
        eigenaar=item.eigenaar,
        categorie=item.categorie.value,
        gevoeligheid=item.gevoeligheid.value,
        grondslag=item.grondslag.value,
        beperkt_tot=None if item.beperkt_tot is None else list(item.beperkt_tot),
        ingetrokken=item.ingetrokken,
        zichtbaarheid=g.zichtbaarheid.value,
        inhoud=g.inhoud,
        gemaskeerd=list(g.gemaskeerd),
        redenen=list(g.redenen),
        beslissing_grondslag=g.grondslag,
        toelichting=g.toelichting,
    )


def _detail(gelezen: GelezenMelding, *, eerdere: list[Melding]) -> MeldingDetail:
    m = gelezen.melding
    inhoud = m.inhoud
    triage = m.triage
    reden = gelezen.inhoud_van(ItemSoort.REDEN) or {}
    leefgebieden = gelezen.inhoud_van(ItemSoort.LEEFGEBIEDEN) or {}
    return MeldingDetail(
        **{**_samenvatting(m), "leefgebieden": list(leefgebieden.get("leefgebieden", []))},
        eigenaar=m.eigenaar,
        betrokkenen=[
            g.inhoud for g in gelezen.van_soort(ItemSoort.BETROKKENE) if g.inhoud is not None
        ],
        reden=reden.get("reden"),
        voorgestelde_ave_fase=inhoud.get("voorgestelde_ave_fase"),
        client_geinformeerd=bool(inhoud.get("client_geinformeerd")),
        reden_niet_geinformeerd=reden.get("reden_niet_geinformeerd"),
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
            advies=triage.advies,
            reden_terugverwijzing=triage.reden_terugverwijzing,
        ),
        eerdere_meldingen=[_eerdere(e) for e in eerdere],
        items=[_item_out(g) for g in gelezen.items],
    )


def _fout(code: int, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse(status_code=code, content={"detail": detail, **extra})


def _geweigerd(redenen: list[str], detail: str = "inzage geweigerd") -> JSONResponse:
    return _fout(status.HTTP_403_FORBIDDEN, detail, reasons=redenen)


def _subject(user: User) -> Subject:
    return Subject(user=user.id, org=user.org, roles=list(user.roles))


def _mark(melding_id: uuid.UUID) -> None:
    trace.get_current_span().set_attribute("zvh.melding_id", str(melding_id))


_TRIAGE_BODY = request_body(TriageOpdracht)
_BEPERKING_BODY = request_body(Beperking)


def make_router(settings: ServiceSettings, *, deps: DepsHolder) -> APIRouter:
    """The ``/v1/meldingen`` routes; ``deps`` is filled in at start-up."""
    router = APIRouter(prefix="/v1/meldingen", tags=["meldingen"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]
    Deps = Annotated[IntakeDeps, Depends(deps)]

    def naam(code: str) -> str:
        """The partner's name from the region file (its code when unknown)."""
        partner = settings.region().partner(code)
        return partner.naam if partner is not None else code

    @router.get("", response_model=list[MeldingSamenvatting])
    async def list_meldingen(
        request: Request,
        user: CurrentUser,
        d: Deps,
        status_: Annotated[MeldingStatus, Query(alias="status")] = MeldingStatus.TE_TRIEREN,
        doel: Annotated[str, Query(min_length=1, max_length=50)] = "triage",
    ) -> Any:
        """The triage queue (or the triaged meldingen), earliest deadline first; no content.

        One PDP decision for the list (action ``list``, resource type ``melding-lijst``).
        """
        try:
            meldingen = await lijst_meldingen(
                subject=_subject(user),
                doel=doel,
                token=bearer_token(request),
                uow_factory=d.uow_factory,
                pdp=d.pdp,
                status=status_,
            )
        except InzageGeweigerd as exc:
            return _geweigerd(exc.redenen)
        bekend = (
            await al_bekend(meldingen, uow_factory=d.uow_factory)
            if status_ is MeldingStatus.TE_TRIEREN
            else None
        )
        return [
            {
                **_samenvatting(m),
                "leefgebieden": vrije_leefgebieden(m),
                "bekend": None if bekend is None else m.id in bekend,
            }
            for m in meldingen
        ]

    @router.get("/labels", response_model=Labels, response_model_exclude_none=True)
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
                subject=_subject(user),
                doel=doel,
                token=bearer_token(request),
                uow_factory=d.uow_factory,
                pdp=d.pdp,
            )
        except InzageGeweigerd as exc:
            return _geweigerd(exc.redenen)
        return Labels(
            labels=[
                Label(
                    melding_id=lb.label.melding_id,
                    melder_referentie=lb.label.melder_referentie,
                    initialen=lb.label.initialen,
                    toelichting=lb.toelichting,
                )
                for lb in labels
            ]
        )

    @router.get("/tellingen", response_model=list[MeldingTellingOut])
    async def get_tellingen(
        request: Request,
        user: CurrentUser,
        d: Deps,
        van: date,
        tot: date,
        gemeente: Annotated[
            str | None, Query(pattern=r"^(GM[0-9]{4}|onbekend)$", max_length=8)
        ] = None,
    ) -> Any:
        """Counts of the meldingen received from ``van`` up to ``tot`` (Dutch days) per
        gemeente, melder and uitkomst (``te-trieren`` while untriaged), for the quarterly report.
        Raw counts: the report suppresses small ones. One PDP decision (``rapportage``)."""
        if tot <= van:
            return _fout(
                422,
                "ongeldige vraag",
                redenen=[{"veld": "tot", "melding": "'tot' moet na 'van' liggen."}],
            )
        try:
            tellingen = await meldingen_tellingen(
                subject=_subject(user),
                token=bearer_token(request),
                uow_factory=d.uow_factory,
                pdp=d.pdp,
                van=van,
                tot=tot,
                gemeente=gemeente,
            )
        except InzageGeweigerd as exc:
            return _geweigerd(exc.redenen)
        return [
            MeldingTellingOut(
                gemeente=t.gemeente,
                melder=t.melder,
                uitkomst=t.uitkomst,
                aantal=t.aantal,
                binnen_termijn=t.binnen_termijn,
            )
            for t in tellingen
        ]

    @router.get("/{melding_id}", response_model=MeldingDetail)
    async def get_melding(
        melding_id: uuid.UUID,
        request: Request,
        user: CurrentUser,
        d: Deps,
        doel: Annotated[str, Query(min_length=1, max_length=50)] = "triage",
    ) -> Any:
        """One melding: its content per informatie-item as the consent PDP decided (one batch).

        403 when the reader may see none of its items; otherwise every item is listed with what
        the reader sees of it and why.
        """
        _mark(melding_id)
        try:
            gelezen = await lees_melding(
                melding_id,
                subject=_subject(user),
                doel=doel,
                token=bearer_token(request),
                uow_factory=d.uow_factory,
                pdp=d.pdp,
            )
        except MeldingNietGevonden:
            return _fout(status.HTTP_404_NOT_FOUND, "melding niet gevonden")
        except InzageGeweigerd as exc:
            return _geweigerd(exc.redenen)
        eerdere = await eerdere_meldingen(gelezen, uow_factory=d.uow_factory)
        return _detail(gelezen, eerdere=eerdere)

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
        try:
            await mag_trieren(
                melding_id, subject=_subject(user), token=bearer_token(request), pdp=d.pdp
            )
        except ActieGeweigerd as exc:
            return _geweigerd(exc.redenen, "niet toegestaan")
        try:
            body = TriageOpdracht.model_validate_json(await request.body())
        except ValidationError as exc:
            redenen = [
                {"veld": r.veld, "melding": r.melding} for r in uit_validatiefouten(exc.errors())
            ]
            return _fout(422, "triage onvolledig", redenen=redenen)
        weigering = await niet_uitnodigbaar(
            tuple(body.uit_te_nodigen_partners),
            register=d.convenanten,
            token=bearer_token(request),
            naam=naam,
        )
        if weigering:  # an organisation without a valid convenant cannot be invited (issue 7)
            redenen = [{"veld": r.veld, "melding": r.melding} for r in weigering]
            detail = "; ".join(dict.fromkeys(r.melding for r in weigering))
            return _fout(422, detail, redenen=redenen)
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
            advies=body.advies,
            reden_terugverwijzing=body.reden_terugverwijzing,
            model=body.model,
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

    async def _beheer(
        melding_id: uuid.UUID,
        item_id: uuid.UUID,
        *,
        handeling: Handeling,
        request: Request,
        user: User,
        d: IntakeDeps,
        beperkt_tot: tuple[str, ...] = (),
    ) -> Any:
        _mark(melding_id)
        cmd = BeheerItem(
            melding_id=melding_id,
            item_id=item_id,
            handeling=handeling,
            door=user.id,
            beperkt_tot=beperkt_tot,
        )
        with _tracer.start_as_current_span(
            f"intake item {handeling.value}", attributes={"zvh.melding_id": str(melding_id)}
        ):
            try:
                item = await beheer_item(
                    cmd,
                    subject=_subject(user),
                    token=bearer_token(request),
                    uow_factory=d.uow_factory,
                    pdp=d.pdp,
                    clock=d.clock,
                    partners=d.partners,
                )
            except MeldingNietGevonden:
                return _fout(status.HTTP_404_NOT_FOUND, "melding niet gevonden")
            except ItemNietGevonden:
                return _fout(status.HTTP_404_NOT_FOUND, "informatie-item niet gevonden")
            except ActieGeweigerd as exc:
                return _geweigerd(exc.redenen, "niet toegestaan")
            except BeheerOngeldig as exc:
                return _fout(422, str(exc))
        return ItemBeheerResultaat(
            melding_id=melding_id,
            item_id=item.id,
            beperkt_tot=None if item.beperkt_tot is None else list(item.beperkt_tot),
            ingetrokken=item.ingetrokken,
        )

    @router.post(
        "/{melding_id}/items/{item_id}/beperken",
        response_model=ItemBeheerResultaat,
        openapi_extra=_BEPERKING_BODY,
        dependencies=[IDEMPOTENCY_KEY],
    )
    async def beperk_item(
        melding_id: uuid.UUID, item_id: uuid.UUID, request: Request, user: CurrentUser, d: Deps
    ) -> Any:
        """The eigenaar restricts an item to the ZVH regie ('zvh') or named partners.

        Decided by the PDP (``write`` of ``informatie-item``, doel ``eigenaarsbeheer``); from
        then on every question about the item carries ``beperkt_tot``.
        """
        try:
            body = Beperking.model_validate_json(await request.body())
        except ValidationError as exc:
            redenen = [
                {"veld": r.veld, "melding": r.melding} for r in uit_validatiefouten(exc.errors())
            ]
            return _fout(422, "beperking onvolledig", redenen=redenen)
        return await _beheer(
            melding_id,
            item_id,
            handeling=Handeling.BEPERKEN,
            request=request,
            user=user,
            d=d,
            beperkt_tot=tuple(body.beperkt_tot),
        )

    @router.post(
        "/{melding_id}/items/{item_id}/beperking-opheffen",
        response_model=ItemBeheerResultaat,
        dependencies=[IDEMPOTENCY_KEY],
    )
    async def hef_beperking_op(
        melding_id: uuid.UUID, item_id: uuid.UUID, request: Request, user: CurrentUser, d: Deps
    ) -> Any:
        """The eigenaar lifts its restriction of an item (decided by the PDP, as beperken)."""
        return await _beheer(
            melding_id,
            item_id,
            handeling=Handeling.BEPERKING_OPHEFFEN,
            request=request,
            user=user,
            d=d,
        )

    @router.post(
        "/{melding_id}/items/{item_id}/intrekken",
        response_model=ItemBeheerResultaat,
        dependencies=[IDEMPOTENCY_KEY],
    )
    async def trek_item_in(
        melding_id: uuid.UUID, item_id: uuid.UUID, request: Request, user: CurrentUser, d: Deps
    ) -> Any:
        """The eigenaar withdraws an item: from then on nobody else reads it (final).

        Decided by the PDP (as beperken); every later question carries ``ingetrokken: true``.
        The item stays in the eigenaar's own view.
        """
        return await _beheer(
            melding_id, item_id, handeling=Handeling.INTREKKEN, request=request, user=user, d=d
        )

    return router
