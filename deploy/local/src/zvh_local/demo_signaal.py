"""Demo step (issue 10, part 5): a veiligheidssignaal on the demo casus travels with its next actie.

The procesregisseur, signed in to the overleg UI, sets "niet alleen op huisbezoek" on the casus
for three months (review after two); the next actie for the gemeente reaches its adapter with
that signal: a code and a date, nothing of what happened.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx
from zvh_platform.termijnen import TIJDZONE

from zvh_local.aanmelden import session_cookies

if TYPE_CHECKING:
    from zvh_local.demo import PartnerSession

SIGNAAL = "niet-alleen-op-huisbezoek"


def signaal_formulier(vandaag: date, *, code: str = SIGNAAL) -> dict[str, str]:
    """The casus page's form: from today for three months, review after two."""
    return {
        "code": code,
        "geldig_van": vandaag.isoformat(),
        "geldig_tot": (vandaag + timedelta(days=90)).isoformat(),
        "herbeoordeling_op": (vandaag + timedelta(days=60)).isoformat(),
    }


async def zet_signaal(base: str, casus_id: uuid.UUID, *, user: str, code: str = SIGNAAL) -> None:
    """``user`` sets the signal through the casus page's form (a signed-in session)."""
    cookies = await asyncio.to_thread(session_cookies, base, user)
    vandaag = datetime.now(TIJDZONE).date()
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=30.0) as web:
        r = await web.post(
            f"/casussen/{casus_id}/veiligheidssignalen",
            data={**signaal_formulier(vandaag, code=code), "csrftoken": web.cookies["csrftoken"]},
        )
    if r.status_code != 303:
        raise RuntimeError(f"veiligheidssignaal zetten: {r.status_code} {r.text[:300]}")


async def demo_signaal(
    s: PartnerSession,
    casus_id: uuid.UUID,
    *,
    procesregisseur: str,
    uitvoerder: str,
    say: Callable[[str], None],
) -> list[dict[str, Any]]:
    """Set the signal, hand ``uitvoerder`` an actie, and return the signals its adapter got."""
    await zet_signaal(s.endpoints.overleg_url, casus_id, user=procesregisseur)
    actie_id = await s.add_actie(casus_id, wat="Huisbezoek met twee collega's plannen")
    ontvangen = await s.wait_for_actie(actie_id, org=uitvoerder)
    signalen: list[dict[str, Any]] = ontvangen.json().get("veiligheidssignalen") or []
    if not any(x.get("code") == SIGNAAL for x in signalen):
        raise RuntimeError(f"{uitvoerder} kreeg de actie zonder het veiligheidssignaal")
    for x in signalen:
        say(f"          {uitvoerder} hoort bij de actie: {x['code']} (t/m {x['geldig_tot']})")
    return signalen
