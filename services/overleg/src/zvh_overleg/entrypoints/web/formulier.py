"""What every form POST does with its command: redirect on success (303), the Dutch message
next to its field on a domain error (the page again, nothing saved), an error page when the
user may not or the object does not exist. One place, so the pages cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.entrypoints.web.session import Sessie
from zvh_overleg.entrypoints.web.templating import render

Fouten = list[tuple[str, str]]
Fouttypen = type[Exception] | tuple[type[Exception], ...]


def foutpagina(
    request: Request,
    sessie: Sessie,
    *,
    status: int,
    titel: str,
    melding: str,
    redenen: list[str] | None = None,
) -> Response:
    """The Dutch error page (``fout.html``); ``redenen`` are the PDP's, shown as a list."""
    return render(
        request,
        "fout.html",
        status_code=status,
        user=sessie.user,
        titel=titel,
        melding=melding,
        redenen=redenen,
    )


def geweigerd(
    request: Request, sessie: Sessie, exc: ToegangGeweigerd, *, titel: str, melding: str
) -> Response:
    """403 with the reasons of the refusal."""
    return foutpagina(
        request, sessie, status=403, titel=titel, melding=melding, redenen=exc.reasons
    )


def casus_niet_gevonden(request: Request, sessie: Sessie) -> Response:
    return foutpagina(
        request, sessie, status=404, titel="Casus niet gevonden", melding="Deze casus bestaat niet."
    )


async def voer_formulier_uit(
    actie: Callable[[], Awaitable[object]],
    *,
    fouten: Fouten,
    ongeldig: Fouttypen,
    veld_id: Callable[[str], str],
    afgewezen: Fouttypen,
    afwijzing: Callable[[Exception], Response],
    gelukt: str,
    opnieuw: Callable[[Fouten], Awaitable[Response]],
) -> Response:
    """Run ``actie`` unless the input already has ``fouten``.

    An ``ongeldig`` error (a domain rule, with its ``veld``) joins the fouten and the page
    comes ``opnieuw``; an ``afgewezen`` one becomes its ``afwijzing`` page; success goes to
    ``gelukt``.
    """
    fouten = list(fouten)
    if not fouten:
        try:
            await actie()
        except ongeldig as exc:
            fouten.append((veld_id(getattr(exc, "veld", "")), str(exc)))
        except afgewezen as exc:
            return afwijzing(exc)
        else:
            return RedirectResponse(gelukt, 303)
    return await opnieuw(fouten)
