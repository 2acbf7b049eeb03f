"""Demo step for issue 10: the meldpunt agressie en geweld and the VPT dossier.

wt.yilmaz (wijkteam, gemeente Bergen op Zoom) reports an incident through the overleg UI's
/meldpunt form (which hands it to intake with his token); intake assigns a VPT casemanager and
overleg opens the dossier from intake's event; the casemanager records the aangifte, made under
the work address (domiciliekeuze). Everything goes through the same pages a person uses.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from zvh_local.aanmelden import csrf_token, sign_in

MEDEWERKER = "wt.yilmaz"
LEIDINGGEVENDE = "lg.peters"
NL = ZoneInfo("Europe/Amsterdam")
_DOSSIER = re.compile(r'href="/vpt/([0-9a-f-]{36})"')
_CASEMANAGER = re.compile(r'id="casemanager" data-user="([^"]+)"')


class VptDemoMislukt(RuntimeError):
    """A step of the VPT demo failed (the message names it)."""


def _poll_dossier(client: httpx.Client, pad: str, *, timeout_s: float) -> str:
    """The dossier page once overleg opened the dossier from intake's event."""
    deadline = time.monotonic() + timeout_s
    while True:
        r = client.get(pad)
        if r.status_code == 200:
            return r.text
        if time.monotonic() > deadline:
            raise VptDemoMislukt(f"GET {pad}: {r.status_code} after {timeout_s:.0f}s")
        time.sleep(0.2)


def _vpt_demo(overleg_url: str, *, timeout_s: float) -> tuple[str, str]:
    with httpx.Client(base_url=overleg_url, timeout=30) as medewerker:
        sign_in(medewerker, MEDEWERKER)
        nu = datetime.now(NL).replace(second=0, microsecond=0)
        r = medewerker.post(
            "/meldpunt",
            data={
                "csrftoken": csrf_token(medewerker, "/meldpunt"),
                "gebeurd_op": nu.strftime("%Y-%m-%dT%H:%M"),
                "plaats": "Huisbezoek (keukentafelgesprek)",
                "soorten": ["verbaal", "bedreiging"],
                "politie_ter_plaatse": "nee",
                "impact": "4",
                "leidinggevende": LEIDINGGEVENDE,
            },
        )
        gevonden = _DOSSIER.search(r.text)
        if r.status_code != 200 or gevonden is None:
            raise VptDemoMislukt(f"POST /meldpunt: {r.status_code} {r.text[:300]}")
        pad = f"/vpt/{gevonden.group(1)}"
        pagina = _poll_dossier(medewerker, pad, timeout_s=timeout_s)
        cm = _CASEMANAGER.search(pagina)
        if cm is None:
            raise VptDemoMislukt(f"no casemanager on {pad}")
    with httpx.Client(base_url=overleg_url, timeout=30) as casemanager:
        sign_in(casemanager, cm.group(1))
        _poll_dossier(casemanager, pad, timeout_s=timeout_s)
        r = casemanager.post(
            f"{pad}/aangifte",
            data={
                "csrftoken": csrf_token(casemanager, pad),
                "gedaan_op": nu.date().isoformat(),
                "pv_nummer": f"PL2000-{nu:%Y}{nu:%m%d%H%M}",
                "domiciliekeuze": "ja",
                "werkadres": "Stadskantoor Bergen op Zoom",
            },
        )
        if r.status_code != 303:
            raise VptDemoMislukt(f"POST {pad}/aangifte: {r.status_code} {r.text[:300]}")
    return pad, cm.group(1)


async def demo_vpt(*, overleg_url: str, say: Callable[[str], None], timeout_s: float = 30.0) -> str:
    """Report one incident and record its aangifte; the dossier's path."""
    pad, casemanager = await asyncio.to_thread(_vpt_demo, overleg_url, timeout_s=timeout_s)
    say(
        f"          {MEDEWERKER} meldde een incident; {casemanager} legde de aangifte vast "
        f"(onder werkadres): {overleg_url}{pad}"
    )
    return pad
