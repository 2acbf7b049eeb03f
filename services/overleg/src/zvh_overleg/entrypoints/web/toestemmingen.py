"""The casus's toestemmingen (issue 7): list them with their history, record one, withdraw one.

Consent keeps the register and decides who may (its policy: the ZVH procesregisseur and the
casusregisseurs record and read); this page forwards the signed-in user's token and shows
consent's Dutch refusal, or its per-field reasons next to the fields with the input kept.
A betrokkene is a pseudonym (32 hex characters), never a BSN or name: the form offers the
casus' own betrokkenen ("Cliënt", "Betrokkene 2" …, the pseudonym as value) and a text field
only for a casus opened before overleg kept them. Overleg stores no toestemming.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from zvh_contracts.vocab import Categorie, ToestemmingWijze

from zvh_overleg.application.toestemmingen import (
    ConsentFout,
    ConsentGeweigerd,
    ConsentNietGevonden,
    ConsentOngeldig,
    ConsentPort,
    betrokkenen_van,
)
from zvh_overleg.domain.errors import CasusNietGevonden
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.tracing import mark
from zvh_overleg.entrypoints.web.consentpagina import geen_toegang, onbereikbaar
from zvh_overleg.entrypoints.web.formulier import Fouten, casus_niet_gevonden, foutpagina
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

#: consent's ``veld`` → the form's element id
VELDEN: dict[str, str] = {
    "betrokkene": "t-betrokkene",
    "doel": "t-doel",
    "ontvanger": "t-ontvanger",
    "categorie": "t-categorie",
    "van": "t-van",
    "tot": "t-tot",
    "status": "t-status-gegeven",
    "wijze": "t-wijze-mondeling",
    "document_referentie": "t-document",
    "leeftijdsgroep": "t-leeftijdsgroep",
    "toestemming_door": "t-door-client",
}
LEEFTIJDSGROEPEN = [
    ("volwassen", "Volwassen (18 jaar of ouder)"),
    ("16-plus", "16 of 17 jaar"),
    ("12-tot-16", "12 tot 16 jaar"),
    ("onder-12", "Jonger dan 12 jaar"),
]
TOESTEMMERS = [
    ("client", "De cliënt zelf"),
    ("gezagdrager", "Een gezagdrager"),
    ("beide", "De cliënt én een gezagdrager"),
]
STATUS_LABELS = {"gegeven": "gegeven", "geweigerd": "geweigerd", "ingetrokken": "ingetrokken"}
VELDNAMEN = [
    "betrokkene",
    "doel",
    "ontvanger",
    "categorie",
    "van",
    "tot",
    "status",
    "wijze",
    "document_referentie",
    "leeftijdsgroep",
    "toestemming_door",
]


def betrokkene_keuzes(pseudoniemen: list[str]) -> list[tuple[str, str]]:
    """(pseudonym, label) per betrokkene: the first is the client. Never a name."""
    return [(p, "Cliënt" if i == 0 else f"Betrokkene {i + 1}") for i, p in enumerate(pseudoniemen)]


def _consent(svc: Services) -> ConsentPort:
    if svc.consent is None:
        raise ConsentFout("consent is niet gekoppeld")
    return svc.consent


def _geweigerd(request: Request, sessie: Sessie, exc: ConsentGeweigerd) -> Response:
    return geen_toegang(
        request,
        sessie,
        exc,
        titel="Niet toegestaan",
        melding="U mag de toestemmingen van deze casus niet zo gebruiken.",
    )


def _onbereikbaar(request: Request, sessie: Sessie) -> Response:
    return onbereikbaar(
        request,
        sessie,
        titel="Toestemmingen niet beschikbaar",
        melding="Het toestemmingsregister is nu niet bereikbaar. Probeer het later opnieuw.",
    )


async def _lijst(consent: ConsentPort, casus_id: uuid.UUID, token: str) -> list[dict[str, Any]]:
    """The casus's toestemmingen, each read once more for its history (consent's read)."""
    rijen = await consent.toestemmingen(casus=casus_id, token=token)

    async def met_historie(t: dict[str, Any]) -> dict[str, Any]:
        try:
            return await consent.toestemming(uuid.UUID(str(t["id"])), token=token)
        except (ConsentNietGevonden, KeyError, ValueError):
            return t

    return list(await asyncio.gather(*(met_historie(t) for t in rijen)))


async def _pagina(
    request: Request,
    casus_id: uuid.UUID,
    *,
    sessie: Sessie,
    svc: Services,
    fouten: Fouten | None = None,
    waarden: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    mark(casus_id=casus_id)
    try:
        toestemmingen = await _lijst(_consent(svc), casus_id, sessie.token)
    except ConsentGeweigerd as exc:
        return _geweigerd(request, sessie, exc)
    except ConsentFout:
        return _onbereikbaar(request, sessie)
    try:  # only after consent's allow: the betrokkenen are shown to this reader
        keuzes = betrokkene_keuzes(await betrokkenen_van(casus_id, uow=svc.uow))
    except CasusNietGevonden:
        return casus_niet_gevonden(request, sessie)
    return render(
        request,
        "toestemmingen.html",
        status_code=status_code,
        user=sessie.user,
        casus_id=casus_id,
        region=svc.settings.region(),
        toestemmingen=toestemmingen,
        betrokkenen=keuzes,
        betrokkene_labels=dict(keuzes),
        fouten=fouten or [],
        w=waarden or {},
        categorieen=[c.value for c in Categorie],
        wijzen=[w.value for w in ToestemmingWijze],
        leeftijdsgroepen=LEEFTIJDSGROEPEN,
        toestemmers=TOESTEMMERS,
        toestemmer_labels=dict(TOESTEMMERS),
        leeftijd_labels=dict(LEEFTIJDSGROEPEN),
        status_labels=STATUS_LABELS,
        gewijzigd=request.query_params.get("gewijzigd"),
    )


@router.get("/casussen/{casus_id}/toestemmingen", response_class=HTMLResponse)
async def toestemmingen_pagina(
    request: Request, casus_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    return await _pagina(request, casus_id, sessie=sessie, svc=svc)


def _invoer(casus_id: uuid.UUID, w: dict[str, str]) -> dict[str, Any]:
    """consent's ``ToestemmingInvoer``: empty optional fields left out (consent's defaults)."""
    invoer: dict[str, Any] = {"casus": str(casus_id)}
    for veld in VELDNAMEN:
        waarde = w.get(veld, "").strip()
        if waarde:
            invoer[veld] = waarde
    return invoer


@router.post("/casussen/{casus_id}/toestemmingen")
async def toestemming_vastleggen(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    betrokkene: Annotated[str, Form()] = "",
    doel: Annotated[str, Form()] = "casusoverleg",
    ontvanger: Annotated[str, Form()] = "",
    categorie: Annotated[str, Form()] = "",
    van: Annotated[str, Form()] = "",
    tot: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
    wijze: Annotated[str, Form()] = "",
    document_referentie: Annotated[str, Form()] = "",
    leeftijdsgroep: Annotated[str, Form()] = "",
    toestemming_door: Annotated[str, Form()] = "",
) -> Response:
    w = {
        "betrokkene": betrokkene,
        "doel": doel,
        "ontvanger": ontvanger,
        "categorie": categorie,
        "van": van,
        "tot": tot,
        "status": status,
        "wijze": wijze,
        "document_referentie": document_referentie,
        "leeftijdsgroep": leeftijdsgroep,
        "toestemming_door": toestemming_door,
    }
    mark(casus_id=casus_id)
    try:
        bekend = await betrokkenen_van(casus_id, uow=svc.uow)
    except CasusNietGevonden:
        return casus_niet_gevonden(request, sessie)
    fouten: Fouten = []
    for veld, tekst in (
        ("status", "kies gegeven of geweigerd"),
        ("wijze", "kies mondeling of schriftelijk"),
        ("leeftijdsgroep", "kies de leeftijdsgroep van de betrokkene"),
        ("toestemming_door", "kies wie de toestemming gaf of weigerde"),
        (
            "betrokkene",
            "kies de betrokkene" if bekend else "vul het pseudoniem van de betrokkene in",
        ),
    ):
        if not w[veld].strip():
            fouten.append((VELDEN[veld], tekst))
    if bekend and w["betrokkene"].strip() and w["betrokkene"].strip() not in bekend:
        fouten.append((VELDEN["betrokkene"], "kies een betrokkene van deze casus"))
    if not fouten:
        try:
            await _consent(svc).vastleggen(_invoer(casus_id, w), token=sessie.token)
        except ConsentOngeldig as exc:
            fouten = [(VELDEN.get(v, VELDEN["betrokkene"]), m) for v, m in exc.fouten] or [
                (VELDEN["betrokkene"], str(exc))
            ]
        except ConsentGeweigerd as exc:
            return _geweigerd(request, sessie, exc)
        except ConsentFout:
            return _onbereikbaar(request, sessie)
    if fouten:
        return await _pagina(
            request, casus_id, sessie=sessie, svc=svc, fouten=fouten, waarden=w, status_code=422
        )
    return RedirectResponse(
        f"/casussen/{casus_id}/toestemmingen?gewijzigd=vastgelegd", status_code=303
    )


@router.post("/casussen/{casus_id}/toestemmingen/{toestemming_id}/intrekken")
async def toestemming_intrekken(
    request: Request,
    casus_id: uuid.UUID,
    toestemming_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
) -> Response:
    mark(casus_id=casus_id)
    try:
        await _consent(svc).intrekken(toestemming_id, token=sessie.token)
    except ConsentOngeldig as exc:
        tekst = "; ".join(m for _, m in exc.fouten) or str(exc)
        return await _pagina(
            request,
            casus_id,
            sessie=sessie,
            svc=svc,
            fouten=[(f"intrekken-{toestemming_id}", tekst)],
            status_code=422,
        )
    except ConsentGeweigerd as exc:
        return _geweigerd(request, sessie, exc)
    except ConsentNietGevonden:
        return foutpagina(
            request,
            sessie,
            status=404,
            titel="Toestemming niet gevonden",
            melding="Deze toestemming bestaat niet.",
        )
    except ConsentFout:
        return _onbereikbaar(request, sessie)
    return RedirectResponse(
        f"/casussen/{casus_id}/toestemmingen?gewijzigd=ingetrokken", status_code=303
    )
