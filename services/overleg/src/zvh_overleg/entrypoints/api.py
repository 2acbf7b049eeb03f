"""The case API (JSON): casussen and their actielijst. Bearer token auth; PDP per read/write."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from datetime import date, datetime
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Header, HTTPException, Request, status
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from zvh_platform.auth import InvalidToken, User, app_verifier
from zvh_platform.idempotency import IDEMPOTENCY_KEY

from zvh_overleg.application import levensloop
from zvh_overleg.application.eigenaarsbeheer import Handeling, beheer_item
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.handlers import VoegActieToe, voeg_actie_toe
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.queries import casus_informatie, casus_met_actielijst, lijst_casussen
from zvh_overleg.application.verplichtingen import ItemInzage, ToelichtingInzage, Zicht
from zvh_overleg.domain.errors import (
    ActieOngeldig,
    BeheerOngeldig,
    CasusNietGevonden,
    CasusOngeldig,
    ItemNietGevonden,
    OverlegError,
)
from zvh_overleg.domain.model import Casus
from zvh_overleg.entrypoints.context import Services, actor, services
from zvh_overleg.entrypoints.tracing import mark

router = APIRouter(prefix="/v1", tags=["casussen"])
T = TypeVar("T")


async def bearer_actor(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    authorization: Annotated[str | None, Header()] = None,
) -> Actor:
    """The caller from a platform-signed bearer token, or 401."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Bearer-token ontbreekt",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        user: User = await app_verifier(request, svc.settings).verify(token)
    except InvalidToken as exc:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "Ongeldig token", headers={"WWW-Authenticate": "Bearer"}
        ) from exc
    return actor(user, token)


Caller = Annotated[Actor, Depends(bearer_actor)]
Svc = Annotated[Services, Depends(services)]


class CasusOut(BaseModel):
    casus_id: uuid.UUID
    melding_id: uuid.UUID
    melder: str
    deelnemers: list[str]
    ave_fase: int | None
    geopend_op: datetime


class ActieOut(BaseModel):
    actie_id: uuid.UUID
    wat: str
    wie: str
    wanneer: date
    status: str
    teruggekoppeld_op: datetime | None


class CasusDetailOut(CasusOut):
    client_geinformeerd: bool
    acties: list[ActieOut]
    herbeoordeling_op: date | None = None
    casusregisseur: str | None = None
    afgesloten_op: datetime | None = None
    afsluitreden: str | None = None
    melding_ids: list[uuid.UUID] = []


class ZichtOut(BaseModel):
    """Why the reader sees an item as it does (the PDP's decision, applied)."""

    getoond: bool
    uitleg: str = Field(description="In Dutch, e.g. 'Verborgen: …' / 'Gedeeld op grond van: …'")
    redenen: list[str]
    grondslag: str | None
    alleen_metadata: bool
    weggelaten: list[str] = Field(description="Fields left out (redact:<veld>)")
    afgeschermd: list[str] = Field(description="bsn / geboortedatum masked in the text")


class ItemOut(BaseModel):
    """A bouwschema entry; what is hidden is null (a hidden item: only onderdeel and why)."""

    item_id: uuid.UUID | None
    onderdeel: str
    overleg_id: uuid.UUID | None
    eigenaar: str | None
    categorie: str | None
    gevoeligheid: str | None
    grondslag: str | None
    ingebracht_op: datetime | None
    tekst: str | None
    zicht: ZichtOut


class ToelichtingOut(BaseModel):
    """A partner's toelichting on its actie; what is hidden is null."""

    terugkoppeling_id: uuid.UUID | None
    actie_id: uuid.UUID
    status: str
    eigenaar: str | None
    categorie: str | None
    gevoeligheid: str | None
    grondslag: str | None
    ontvangen_op: datetime | None
    toelichting: str | None
    zicht: ZichtOut


class InformatieOut(BaseModel):
    casus_id: uuid.UUID
    bouwschema: list[ItemOut]
    toelichtingen: list[ToelichtingOut]


def _zicht(z: Zicht) -> ZichtOut:
    return ZichtOut(
        getoond=z.getoond,
        uitleg=z.uitleg,
        redenen=list(z.redenen),
        grondslag=z.grondslag,
        alleen_metadata=z.alleen_metadata,
        weggelaten=sorted(z.weggelaten),
        afgeschermd=sorted(z.afgeschermd),
    )


def _item_out(i: ItemInzage) -> ItemOut:
    return ItemOut(
        item_id=i.item_id if i.zicht.getoond else None,
        onderdeel=i.onderdeel.value,
        overleg_id=i.overleg_id if i.zicht.getoond else None,
        eigenaar=i.eigenaar,
        categorie=i.categorie.value if i.categorie else None,
        gevoeligheid=i.gevoeligheid.value if i.gevoeligheid else None,
        grondslag=i.grondslag,
        ingebracht_op=i.ingebracht_op,
        tekst=i.tekst,
        zicht=_zicht(i.zicht),
    )


def _toelichting_out(t: ToelichtingInzage) -> ToelichtingOut:
    return ToelichtingOut(
        terugkoppeling_id=t.terugkoppeling_id if t.zicht.getoond else None,
        actie_id=t.actie_id,
        status=t.status.value,
        eigenaar=t.eigenaar,
        categorie=t.categorie.value if t.categorie else None,
        gevoeligheid=t.gevoeligheid.value if t.gevoeligheid else None,
        grondslag=t.grondslag,
        ontvangen_op=t.ontvangen_op,
        toelichting=t.toelichting,
        zicht=_zicht(t.zicht),
    )


class ActieIn(BaseModel):
    wat: str = Field(min_length=1, max_length=500)
    wie: str = Field(min_length=2, max_length=63)
    wanneer: date


class ActieCreated(BaseModel):
    actie_id: uuid.UUID


def _out(c: Casus) -> CasusOut:
    return CasusOut(
        casus_id=c.casus_id,
        melding_id=c.melding_id,
        melder=c.melder,
        deelnemers=c.deelnemers,
        ave_fase=c.ave_fase,
        geopend_op=c.geopend_op,
    )


def forbidden(exc: ToegangGeweigerd) -> JSONResponse:
    """403 ``{detail, reasons}`` as the other services answer it."""
    return JSONResponse(
        {"detail": "Toegang geweigerd", "reasons": exc.reasons},
        status_code=status.HTTP_403_FORBIDDEN,
    )


def ongeldig(exc: OverlegError) -> HTTPException:
    """422 in FastAPI's shape, with the Dutch message and the field it is about."""
    veld = getattr(exc, "veld", "") or "body"
    return HTTPException(422, [{"loc": ["body", veld], "msg": str(exc), "type": "value_error"}])


async def _op_casus(call: Awaitable[T]) -> T | JSONResponse:
    """Await a casus query or command; its errors as this API answers them (404, 403, 422)."""
    try:
        return await call
    except CasusNietGevonden as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Casus niet gevonden") from exc
    except ToegangGeweigerd as exc:
        return forbidden(exc)
    except (ActieOngeldig, CasusOngeldig) as exc:
        raise ongeldig(exc) from exc


@router.get("/casussen", response_model=list[CasusOut])
async def list_casussen(
    caller: Caller, svc: Svc, melding_id: uuid.UUID | None = None
) -> list[CasusOut]:
    return [
        _out(c)
        for c in await lijst_casussen(actor=caller, uow=svc.uow, pdp=svc.pdp, melding_id=melding_id)
    ]


@router.get(
    "/casussen/{casus_id}",
    response_model=CasusDetailOut,
    responses={403: {"description": "PDP deny, with reasons"}},
)
async def get_casus(casus_id: uuid.UUID, caller: Caller, svc: Svc) -> CasusDetailOut | JSONResponse:
    mark(casus_id=casus_id)
    c = await _op_casus(casus_met_actielijst(casus_id, actor=caller, uow=svc.uow, pdp=svc.pdp))
    if isinstance(c, JSONResponse):
        return c
    return CasusDetailOut(
        **_out(c).model_dump(),
        client_geinformeerd=c.client_geinformeerd,
        herbeoordeling_op=c.herbeoordeling_op,
        casusregisseur=c.casusregisseur,
        afgesloten_op=c.afgesloten_op,
        afsluitreden=c.afsluitreden.value if c.afsluitreden else None,
        melding_ids=[m.melding_id for m in c.meldingen],
        acties=[
            ActieOut(
                actie_id=a.actie_id,
                wat=a.wat,
                wie=a.wie,
                wanneer=a.wanneer,
                status=a.status.value,
                teruggekoppeld_op=a.teruggekoppeld_op,
            )
            for a in c.acties
        ],
    )


@router.get(
    "/casussen/{casus_id}/informatie",
    response_model=InformatieOut,
    responses={403: {"description": "PDP deny of the actielijst, with reasons"}},
)
async def get_informatie(
    casus_id: uuid.UUID, caller: Caller, svc: Svc
) -> InformatieOut | JSONResponse:
    """Bouwschema entries and toelichtingen, each as the PDP lets the caller see it: obligations
    applied (redact, alleen-metadata), and ``zicht`` says why it is shown or hidden."""
    mark(casus_id=casus_id)
    info = await _op_casus(casus_informatie(casus_id, actor=caller, uow=svc.uow, pdp=svc.pdp))
    if isinstance(info, JSONResponse):
        return info
    return InformatieOut(
        casus_id=casus_id,
        bouwschema=[_item_out(i) for i in info.bouwschema],
        toelichtingen=[_toelichting_out(t) for t in info.toelichtingen],
    )


class BeperkingIn(BaseModel):
    """To whom the eigenaar restricts its entry: organisation codes, ``zvh`` = the ZVH regie."""

    beperkt_tot: list[str] = Field(min_length=1, max_length=20)


class BeheerOut(BaseModel):
    item_id: uuid.UUID
    beperkt_tot: list[str] | None
    ingetrokken: bool


async def _beheer(
    casus_id: uuid.UUID,
    item_id: uuid.UUID,
    handeling: Handeling,
    caller: Actor,
    svc: Services,
    beperkt_tot: tuple[str, ...] = (),
) -> BeheerOut | JSONResponse:
    mark(casus_id=casus_id)
    try:
        item = await _op_casus(
            beheer_item(
                casus_id,
                item_id,
                handeling=handeling,
                beperkt_tot=beperkt_tot,
                actor=caller,
                uow=svc.uow,
                pdp=svc.pdp,
            )
        )
    except ItemNietGevonden as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    except BeheerOngeldig as exc:
        raise ongeldig(exc) from exc
    if isinstance(item, JSONResponse):
        return item
    return BeheerOut(
        item_id=item.item_id,
        beperkt_tot=list(item.beperkt_tot) if item.beperkt_tot is not None else None,
        ingetrokken=item.ingetrokken,
    )


@router.post(
    "/casussen/{casus_id}/informatie/{item_id}/beperken",
    response_model=BeheerOut,
    dependencies=[IDEMPOTENCY_KEY],
)
async def beperk_item(
    casus_id: uuid.UUID, item_id: uuid.UUID, body: BeperkingIn, caller: Caller, svc: Svc
) -> BeheerOut | JSONResponse:
    """The eigenaar restricts its entry to the ZVH regie ('zvh') or named partners (PDP
    ``write``, doel ``eigenaarsbeheer``); every later read carries ``beperkt_tot``."""
    return await _beheer(
        casus_id, item_id, Handeling.BEPERKEN, caller, svc, tuple(body.beperkt_tot)
    )


@router.post(
    "/casussen/{casus_id}/informatie/{item_id}/beperking-opheffen",
    response_model=BeheerOut,
    dependencies=[IDEMPOTENCY_KEY],
)
async def hef_beperking_op(
    casus_id: uuid.UUID, item_id: uuid.UUID, caller: Caller, svc: Svc
) -> BeheerOut | JSONResponse:
    """The eigenaar lifts its restriction (decided by the PDP, as beperken)."""
    return await _beheer(casus_id, item_id, Handeling.BEPERKING_OPHEFFEN, caller, svc)


@router.post(
    "/casussen/{casus_id}/informatie/{item_id}/intrekken",
    response_model=BeheerOut,
    dependencies=[IDEMPOTENCY_KEY],
)
async def trek_item_in(
    casus_id: uuid.UUID, item_id: uuid.UUID, caller: Caller, svc: Svc
) -> BeheerOut | JSONResponse:
    """The eigenaar withdraws its entry: nobody else reads it from then on (final); it stays
    in the eigenaar's own view."""
    return await _beheer(casus_id, item_id, Handeling.INTREKKEN, caller, svc)


@router.post(
    "/casussen/{casus_id}/acties",
    status_code=201,
    response_model=ActieCreated,
    dependencies=[IDEMPOTENCY_KEY],
)
async def add_actie(
    casus_id: uuid.UUID, body: ActieIn, caller: Caller, svc: Svc
) -> ActieCreated | JSONResponse:
    mark(casus_id=casus_id)
    actie_id = await _op_casus(
        voeg_actie_toe(
            VoegActieToe(casus_id=casus_id, wat=body.wat, wie=body.wie, wanneer=body.wanneer),
            actor=caller,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )
    )
    if isinstance(actie_id, JSONResponse):
        return actie_id
    return ActieCreated(actie_id=actie_id)


# --- casus lifecycle (mirrors the UI forms; 422 carries the Dutch message and the veld) ---


class FaseIn(BaseModel):
    naar: int
    reden: str = ""


class ClientGeinformeerdIn(BaseModel):
    client_geinformeerd: bool
    herbeoordeling_op: date | None = None
    reden: str = ""


class CasusregisseurIn(BaseModel):
    gebruiker: str


class DeelnemerIn(BaseModel):
    partner: str
    reden: str = ""


class AfsluitenIn(BaseModel):
    reden: str
    toelichting: str | None = None


class TerugkoppelingIn(BaseModel):
    status: str
    toelichting: str | None = None


async def _lifecycle(call: Awaitable[None]) -> Response:
    """Run a lifecycle command: 204, or its error as :func:`_op_casus` answers it."""
    fout = await _op_casus(call)
    return fout if fout is not None else Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/casussen/{casus_id}/fase", status_code=204, dependencies=[IDEMPOTENCY_KEY])
async def api_fase(casus_id: uuid.UUID, body: FaseIn, caller: Caller, svc: Svc) -> Response:
    mark(casus_id=casus_id)
    return await _lifecycle(
        levensloop.wijzig_fase(
            casus_id,
            naar=body.naar,
            reden=body.reden,
            actor=caller,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )
    )


@router.post(
    "/casussen/{casus_id}/client-geinformeerd", status_code=204, dependencies=[IDEMPOTENCY_KEY]
)
async def api_client_geinformeerd(
    casus_id: uuid.UUID, body: ClientGeinformeerdIn, caller: Caller, svc: Svc
) -> Response:
    mark(casus_id=casus_id)
    return await _lifecycle(
        levensloop.wijzig_client_geinformeerd(
            casus_id,
            geinformeerd=body.client_geinformeerd,
            herbeoordeling_op=body.herbeoordeling_op,
            reden=body.reden,
            actor=caller,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )
    )


@router.post("/casussen/{casus_id}/casusregisseur", status_code=204, dependencies=[IDEMPOTENCY_KEY])
async def api_casusregisseur(
    casus_id: uuid.UUID, body: CasusregisseurIn, caller: Caller, svc: Svc
) -> Response:
    mark(casus_id=casus_id)
    gebruiker = svc.settings.region().user(body.gebruiker)
    return await _lifecycle(
        levensloop.wijs_casusregisseur_toe(
            casus_id,
            gebruiker=body.gebruiker,
            org=gebruiker.org if gebruiker else None,
            is_casusregisseur=bool(gebruiker and "casusregisseur" in gebruiker.roles),
            actor=caller,
            uow=svc.uow,
            pdp=svc.pdp,
        )
    )


@router.post("/casussen/{casus_id}/deelnemers", status_code=204, dependencies=[IDEMPOTENCY_KEY])
async def api_deelnemer_toevoegen(
    casus_id: uuid.UUID, body: DeelnemerIn, caller: Caller, svc: Svc
) -> Response:
    mark(casus_id=casus_id)
    return await _lifecycle(
        levensloop.voeg_deelnemer_toe(
            casus_id,
            partner=body.partner,
            partners=svc.partners(),
            reden=body.reden,
            actor=caller,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
            convenanten=svc.convenanten,
            naam=svc.partner_naam,
        )
    )


@router.delete(
    "/casussen/{casus_id}/deelnemers/{partner}", status_code=204, dependencies=[IDEMPOTENCY_KEY]
)
async def api_deelnemer_verwijderen(
    casus_id: uuid.UUID, partner: str, caller: Caller, svc: Svc, reden: str = ""
) -> Response:
    """The reason goes in the query string (``?reden=``): DELETE has no body."""
    mark(casus_id=casus_id)
    return await _lifecycle(
        levensloop.verwijder_deelnemer(
            casus_id,
            partner=partner,
            reden=reden,
            actor=caller,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )
    )


@router.post("/casussen/{casus_id}/afsluiten", status_code=204, dependencies=[IDEMPOTENCY_KEY])
async def api_afsluiten(
    casus_id: uuid.UUID, body: AfsluitenIn, caller: Caller, svc: Svc
) -> Response:
    mark(casus_id=casus_id)
    return await _lifecycle(
        levensloop.sluit_af(
            casus_id,
            reden=body.reden,
            toelichting=body.toelichting,
            actor=caller,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )
    )


@router.post(
    "/casussen/{casus_id}/acties/{actie_id}/terugkoppeling",
    status_code=204,
    dependencies=[IDEMPOTENCY_KEY],
)
async def api_terugkoppeling(
    casus_id: uuid.UUID, actie_id: uuid.UUID, body: TerugkoppelingIn, caller: Caller, svc: Svc
) -> Response:
    mark(casus_id=casus_id)
    return await _lifecycle(
        levensloop.koppel_terug(
            casus_id,
            actie_id=actie_id,
            status=body.status,
            toelichting=body.toelichting,
            actor=caller,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )
    )
