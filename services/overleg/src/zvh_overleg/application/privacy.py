"""The consent service's privacy registers as the staff UI needs them: doorbrekingen (break the
glass, the FG's review), inzage (per person for the FG, per eigenaar for every professional) and
the convenant register (the beheerder's).

Who may is consent's policy: overleg forwards the signed-in user's token, shows a link only where
it makes sense and shows consent's Dutch refusal when it says no. Rows stay consent's JSON
dicts; this module adds what the pages compute from them (status, counts, the kenmerk) and
checks the input before it is sent. A BSN is only passed through to consent, never kept.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from zvh_contracts.vocab import Categorie, DoorbrekingType

from zvh_overleg.application.toestemmingen import ConsentFout
from zvh_overleg.domain.tijd import NL, nl_datum

Fouten = list[tuple[str, str]]

#: consent's rules (domain/doorbreking.py), checked here first so a typo costs no round trip.
MIN_REDEN = 20
MAX_REDEN = 2000
STANDAARD_UREN = 4
MAX_UREN = 24
DUUR_KEUZES = (1, 2, 4, 8, 12, 24)
MAX_TOELICHTING = 2000
KENMERK_LENGTE = 8

#: One Dutch sentence per ground, shown beside the choice.
GRONDEN: dict[str, tuple[str, str]] = {
    DoorbrekingType.VITAAL_BELANG.value: (
        "vitaal belang",
        "Iemands leven of gezondheid is in direct gevaar en er is geen tijd om toestemming te "
        "vragen.",
    ),
    DoorbrekingType.CONFLICT_VAN_PLICHTEN.value: (
        "conflict van plichten",
        "Uw geheimhoudingsplicht weegt minder zwaar dan het voorkomen van ernstige schade voor "
        "de cliënt of een ander.",
    ),
    DoorbrekingType.MELDCODE.value: (
        "meldcode",
        "U volgt de meldcode huiselijk geweld en kindermishandeling en heeft deze informatie "
        "nodig voor de afweging.",
    ),
}

OORDELEN: dict[str, str] = {
    "terecht": "Terecht",
    "onterecht": "Onterecht",
    "onduidelijk": "Onduidelijk",
}

UITKOMSTEN = ("alle", "toegestaan", "geweigerd")


class ConsentBestaatAl(ConsentFout):
    """The register already has this (a second convenant for one organisation)."""


class PrivacyPort(Protocol):
    """consent's doorbrekingen, inzage and convenant APIs, called with the user's token."""

    async def doorbrekingen(
        self, *, onbeoordeeld: bool, limit: int, token: str
    ) -> list[dict[str, Any]]:
        """Doorbrekingen with their beoordeling (the FG's list)."""

    async def doorbreken(self, invoer: dict[str, Any], *, token: str) -> dict[str, Any]:
        """Break the glass as the token's user; the recorded doorbreking."""

    async def beoordelen(
        self, doorbreking_id: uuid.UUID, invoer: dict[str, Any], *, token: str
    ) -> dict[str, Any]:
        """The FG's oordeel on one doorbreking."""

    async def inzage_persoon(self, vraag: dict[str, Any], *, token: str) -> dict[str, Any]:
        """``{betrokkene, regels}``: every decision on one person (the FG's inzageverzoek)."""

    async def inzage_eigenaar(
        self, *, uitkomst: str, limit: int, token: str
    ) -> list[dict[str, Any]]:
        """Decisions on the caller's organisation's items."""

    async def convenanten(self, *, token: str) -> list[dict[str, Any]]:
        """Every convenant, with its validity today."""

    async def convenant(self, org: str, *, token: str) -> dict[str, Any]:
        """One organisation's convenant."""

    async def convenant_historie(self, org: str, *, token: str) -> list[dict[str, Any]]:
        """The audit of one organisation's convenant, oldest first."""

    async def convenant_nieuw(self, invoer: dict[str, Any], *, token: str) -> dict[str, Any]:
        """Record a new convenant (``ConsentBestaatAl`` when the organisation has one)."""

    async def convenant_vastleggen(
        self, org: str, invoer: dict[str, Any], *, token: str
    ) -> dict[str, Any]:
        """Record or replace an organisation's convenant."""


# --- doorbrekingen ----------------------------------------------------------------------------


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def doorbreking_status(d: dict[str, Any], *, nu: datetime) -> str:
    """``actief`` while ``van <= nu < tot``, else ``verlopen`` (unreadable dates: verlopen)."""
    van, tot = _moment(d.get("van")), _moment(d.get("tot"))
    if van is None or tot is None or van.tzinfo is None or tot.tzinfo is None:
        return "verlopen"
    return "actief" if van <= nu < tot else "verlopen"


def doorbrekingen_overzicht(rows: list[dict[str, Any]], *, nu: datetime) -> list[dict[str, Any]]:
    """Newest first, each with its ``status``."""

    def sleutel(d: dict[str, Any]) -> str:
        return str(d.get("van") or "")

    return [
        dict(d, status=doorbreking_status(d, nu=nu))
        for d in sorted(rows, key=sleutel, reverse=True)
    ]


def doorbreking_invoer(
    *,
    type: str,
    reden: str,
    casus: uuid.UUID,
    item: str,
    eigenaar: str,
    duur_uren: str,
) -> tuple[dict[str, Any], Fouten]:
    """consent's body for ``POST /v1/doorbrekingen`` and the fouten (``veld``, Dutch) found
    before sending it."""
    fouten: Fouten = []
    if type not in GRONDEN:
        fouten.append(("type", "kies de grond voor de doorbreking"))
    tekst = " ".join(reden.split())
    if len(tekst) < MIN_REDEN:
        fouten.append(
            ("reden", f"beschrijf waarom de doorbreking nodig is (minstens {MIN_REDEN} tekens)")
        )
    elif len(tekst) > MAX_REDEN:
        fouten.append(("reden", f"hoogstens {MAX_REDEN} tekens"))
    invoer: dict[str, Any] = {"type": type, "reden": tekst, "casus": str(casus)}
    if item.strip():
        invoer["item"] = item.strip()
    invoer["eigenaar"] = eigenaar.strip()
    if not invoer["eigenaar"]:
        fouten.append(("eigenaar", "van wie deze informatie is, is niet bekend in deze casus"))
    if duur_uren.strip():
        if duur_uren.strip().isdigit() and 1 <= int(duur_uren) <= MAX_UREN:
            invoer["duur_uren"] = int(duur_uren)
        else:
            fouten.append(("duur_uren", f"kies 1 tot en met {MAX_UREN} uur"))
    return invoer, fouten


def beoordeling_invoer(*, oordeel: str, toelichting: str) -> tuple[dict[str, Any], Fouten]:
    """consent's body for the FG's beoordeling, and what is missing."""
    fouten: Fouten = []
    if oordeel not in OORDELEN:
        fouten.append(("oordeel", "kies terecht, onterecht of onduidelijk"))
    tekst = toelichting.strip()
    if not tekst:
        fouten.append(("toelichting", "licht uw oordeel toe"))
    elif len(tekst) > MAX_TOELICHTING:
        fouten.append(("toelichting", f"hoogstens {MAX_TOELICHTING} tekens"))
    return {"oordeel": oordeel, "toelichting": tekst}, fouten


def tot_tijd(d: dict[str, Any]) -> str:
    """``HH:MM`` (Dutch time) the doorbreking ends; '' when consent's answer has no ``tot``."""
    tot = _moment(d.get("tot"))
    if tot is None or tot.tzinfo is None:
        return ""
    return f"{tot.astimezone(NL):%H:%M}"


# --- inzage ------------------------------------------------------------------------------------

_BSN_TEKENS = re.compile(r"[\s.\-]")
PSEUDONIEM = re.compile(r"^[0-9a-f]{16,128}$")


def persoon_vraag(
    *, bsn: str, voornaam: str, achternaam: str, geboortedatum: str
) -> tuple[dict[str, str], Fouten]:
    """The body for ``POST /v1/inzage/persoon``: the BSN, or naam and geboortedatum when there
    is none. The fouten never repeat what was typed (a BSN is not echoed anywhere)."""
    cijfers = _BSN_TEKENS.sub("", bsn)
    if cijfers:
        if not (cijfers.isdigit() and len(cijfers) in (8, 9)):
            return {}, [("bsn", "een BSN bestaat uit 9 cijfers")]
        return {"bsn": cijfers.zfill(9)}, []
    fouten: Fouten = []
    naam = {"voornaam": voornaam.strip(), "achternaam": achternaam.strip()}
    if not naam["voornaam"]:
        fouten.append(("voornaam", "vul de voornaam in, of het BSN"))
    if not naam["achternaam"]:
        fouten.append(("achternaam", "vul de achternaam in, of het BSN"))
    try:
        geboren = date.fromisoformat(geboortedatum.strip())
    except ValueError:
        fouten.append(("geboortedatum", "vul de geboortedatum in (dag, maand, jaar)"))
    else:
        naam["geboortedatum"] = geboren.isoformat()
    return naam, fouten


def kenmerk(betrokkene: str) -> str:
    """What the page and PDF show of the person: the pseudonym's first characters."""
    return betrokkene[:KENMERK_LENGTE]


@dataclass(frozen=True)
class Tellingen:
    totaal: int
    toegestaan: int
    geweigerd: int


def tellingen(regels: list[dict[str, Any]]) -> Tellingen:
    toegestaan = sum(1 for r in regels if r.get("allow") is True)
    return Tellingen(totaal=len(regels), toegestaan=toegestaan, geweigerd=len(regels) - toegestaan)


def nieuwste_eerst(regels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(regels, key=lambda r: (str(r.get("tijd") or ""), r.get("seq") or 0), reverse=True)


# --- convenanten -------------------------------------------------------------------------------

CONVENANT_STATUS = {
    "geldig": "geldig",
    "verlopen": "verlopen",
    "nog-niet": "nog niet ingegaan",
    "herzien": "herzien nodig",
}


def _datum(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def convenant_status(c: dict[str, Any], *, nu: datetime) -> str:
    """geldig / verlopen / nog-niet (ingegaan) / herzien (nodig), on today's Dutch date."""
    dag = nl_datum(nu)
    van, tot, herzien = _datum(c.get("van")), _datum(c.get("tot")), _datum(c.get("herzien_op"))
    if van is not None and dag < van:
        return "nog-niet"
    if tot is not None and tot < dag:
        return "verlopen"
    if herzien is not None and herzien < dag:
        return "herzien"
    return "geldig"


def convenant_invoer(
    *, van: str, tot: str, herzien_op: str, basis: dict[str, str]
) -> tuple[dict[str, Any], Fouten]:
    """consent's ``ConvenantInvoer`` from the form (a categorie counts when its basis is
    filled in), and the fouten found before sending it."""
    fouten: Fouten = []
    invoer: dict[str, Any] = {}
    for veld, waarde, nodig in (
        ("van", van, True),
        ("tot", tot, False),
        ("herzien_op", herzien_op, True),
    ):
        waarde = waarde.strip()
        if not waarde:
            if nodig:
                fouten.append((veld, "vul een datum in"))
            elif veld == "tot":
                invoer["tot"] = None
            continue
        try:
            invoer[veld] = date.fromisoformat(waarde).isoformat()
        except ValueError:
            fouten.append((veld, "geen geldige datum"))
    categorieen = [
        {"categorie": c.value, "basis": " ".join(basis.get(c.value, "").split())}
        for c in Categorie
        if basis.get(c.value, "").strip()
    ]
    if not categorieen:
        fouten.append(("categorieen", "noem minstens één categorie met haar grondslag"))
    invoer["categorieen"] = categorieen
    return invoer, fouten
