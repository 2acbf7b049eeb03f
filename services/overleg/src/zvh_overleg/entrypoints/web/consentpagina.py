"""What every page on consent's privacy registers shares: the port, and consent's refusal or
absence as a Dutch page. The policy decides; the pages never check a role themselves."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from zvh_overleg.application.privacy import Fouten, PrivacyPort
from zvh_overleg.application.toestemmingen import ConsentFout, ConsentGeweigerd, ConsentOngeldig
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.formulier import foutpagina
from zvh_overleg.entrypoints.web.session import Sessie, optional_sessie

ONBEREIKBAAR = "Het privacyregister (consent) is nu niet bereikbaar. Probeer het later opnieuw."


def privacy(svc: Services) -> PrivacyPort:
    if svc.privacy is None:
        raise ConsentFout("consent is niet gekoppeld")
    return svc.privacy


def geen_toegang(
    request: Request,
    sessie: Sessie,
    exc: ConsentGeweigerd,
    *,
    titel: str = "Geen toegang",
    melding: str = "U heeft hier geen toegang toe.",
) -> Response:
    """consent's 403: "geen toegang" with the policy's reasons."""
    return foutpagina(
        request, sessie, status=403, titel=titel, melding=melding, redenen=exc.reasons
    )


def onbereikbaar(
    request: Request,
    sessie: Sessie,
    *,
    titel: str = "Privacyregister niet beschikbaar",
    melding: str = ONBEREIKBAAR,
) -> Response:
    """consent could not be reached (or answered nothing usable): a 503 in Dutch."""
    return foutpagina(request, sessie, status=503, titel=titel, melding=melding)


async def consent_weigert_of_is_weg(request: Request, exc: Exception) -> Response:
    """The app's handler for consent's refusal or absence on any page.

    The routes keep only their own cases (a form's field errors, "niet gevonden"); a 403 from
    consent becomes "geen toegang" with the policy's reasons, an unreachable consent a 503 page.
    """
    svc = services(request)
    sessie = await optional_sessie(request, svc)
    if sessie is None or request.url.path.startswith("/v1/"):
        geweigerd = isinstance(exc, ConsentGeweigerd)
        return JSONResponse(
            {"detail": "geen toegang" if geweigerd else ONBEREIKBAAR},
            status_code=403 if geweigerd else 503,
        )
    if isinstance(exc, ConsentGeweigerd):
        return geen_toegang(request, sessie, exc)
    return onbereikbaar(request, sessie)


def niet_gevonden(request: Request, sessie: Sessie, *, wat: str) -> Response:
    return foutpagina(
        request, sessie, status=404, titel=f"{wat} niet gevonden", melding=f"{wat} bestaat niet."
    )


def veldfouten(exc: ConsentOngeldig, velden: dict[str, str], *, anders: str) -> Fouten:
    """consent's ``(veld, melding)`` pairs as ``(element id, melding)``; a veld the form does
    not have goes to ``anders`` (also when consent gave no field at all)."""

    def element(veld: str) -> str:
        if veld in velden:
            return velden[veld]
        kop = veld.split(".", 1)[0]
        return velden.get(kop, anders)

    return [(element(v), m) for v, m in exc.fouten] or [(anders, str(exc))]
