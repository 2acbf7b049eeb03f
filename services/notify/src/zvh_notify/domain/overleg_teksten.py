"""The Dutch e-mail texts about an overleg: invitation, change, cancellation and verslag.

They carry logistics (soort, time, place), casus references, attendance and the actielijst —
the actielijst is shared with every deelnemer. Bouwschema content is never e-mailed (seed 002:
the information stays at the table); a partner reads its own part in the UI after signing in.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from zvh_contracts.overleg.overleg_v1 import VerslagCasus
from zvh_contracts.partner.overleg_v1 import OverlegBeantwoord
from zvh_contracts.vocab import Actiestatus, OverlegSoort

from zvh_notify.domain.agenda import lokaal, soort_in_zin, titel
from zvh_notify.domain.berichten import AFSLUITING

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
STATUS_LABEL = {
    Actiestatus.OPEN: "open",
    Actiestatus.AFGEROND: "afgerond",
    Actiestatus.LOOPT: "loopt",
    Actiestatus.NIET_MOGELIJK: "niet mogelijk",
    Actiestatus.NIET_UITGEVOERD: "niet uitgevoerd",
    Actiestatus.INGETROKKEN: "ingetrokken",
}
BOUWSCHEMA_UITLEG = (
    "De inhoud van het bouwschema (beelden, risico- en beschermende factoren, scenario's) "
    "wordt nooit per e-mail verstuurd: die informatie blijft aan tafel. Na het inloggen leest "
    "u in het verslag het deel van uw eigen organisatie.\n"
)


def _dag(d: date) -> str:
    return f"{WEEKDAGEN[d.weekday()]} {d.strftime('%d-%m-%Y')}"


def _wanneer(start: datetime, eind: datetime | None) -> str:
    s = lokaal(start)
    tijd = s.strftime("%H:%M")
    if eind is not None:
        tijd += f"–{lokaal(eind).strftime('%H:%M')}"
    return f"{_dag(s.date())}, {tijd} uur"


def _casussen(casus_ids: Sequence[uuid.UUID]) -> str:
    regels = "".join(f"  - casus {c}\n" for c in casus_ids)
    return f"Casussen van uw organisatie op de agenda: {len(casus_ids)}\n{regels}"


def uitnodiging_tekst(
    *,
    organisatie: str,
    soort: OverlegSoort,
    start: datetime,
    eind: datetime,
    locatie: str,
    casus_ids: Sequence[uuid.UUID],
    agenda_url: str,
    gewijzigd: bool = False,
) -> tuple[str, str]:
    """Subject and body of an invitation (or its update) to one genodigde."""
    naam = titel(soort)
    zin = soort_in_zin(soort)
    if gewijzigd:
        onderwerp = f"Gewijzigd: {naam} op {_dag(lokaal(start).date())}"
        aanhef = (
            f"Het {zin} waarvoor uw organisatie is uitgenodigd, is gewijzigd. "
            "Hieronder staan de actuele gegevens; de bijgevoegde agenda-uitnodiging vervangt "
            "de eerdere.\n\n"
        )
    else:
        onderwerp = f"Uitnodiging: {naam} op {_dag(lokaal(start).date())}"
        aanhef = f"Het Zorg- en Veiligheidshuis nodigt uw organisatie uit voor het {zin}.\n\n"
    tekst = (
        f"Beste collega's van {organisatie},\n\n" + aanhef + f"Wanneer: {_wanneer(start, eind)}\n"
        f"Waar:    {locatie}\n\n"
        + _casussen(casus_ids)
        + "\nDe agenda-uitnodiging zit als bijlage (uitnodiging.ics) bij dit bericht.\n\n"
        "Laat u weten of u komt? Dat kan op twee manieren:\n"
        f"  - in de overleg-omgeving (na inloggen): {agenda_url}\n"
        f"  - via uw koppeling met het Kafka-bericht {OverlegBeantwoord.event_type}\n"
        "Een antwoord op deze e-mail of op de agenda-uitnodiging komt niet aan.\n\n" + AFSLUITING
    )
    return onderwerp, tekst


def annulering_tekst(
    *, organisatie: str, soort: OverlegSoort | None, start: datetime, afgemeld: bool
) -> tuple[str, str]:
    """Subject and body when an overleg is off: cancelled, or this partner is no longer invited."""
    naam = titel(soort)
    zin = soort_in_zin(soort)
    dag = _dag(lokaal(start).date())
    if afgemeld:
        onderwerp = f"Uitnodiging vervallen: {naam} op {dag}"
        reden = (
            f"Uw organisatie hoeft niet meer aan te sluiten bij het {zin} van "
            f"{_wanneer(start, None)}: er staat geen casus van uw organisatie meer op de agenda.\n"
        )
    else:
        onderwerp = f"Geannuleerd: {naam} op {dag}"
        reden = f"Het {zin} van {_wanneer(start, None)} gaat niet door.\n"
    tekst = (
        f"Beste collega's van {organisatie},\n\n"
        + reden
        + "\nDe bijlage (annulering.ics) haalt de afspraak uit uw agenda.\n\n"
        + AFSLUITING
    )
    return onderwerp, tekst


def verslag_tekst(
    *,
    organisatie: str,
    soort: OverlegSoort,
    datum: date,
    aanwezig: Sequence[str],
    afwezig: Sequence[str],
    casussen: Sequence[VerslagCasus],
    verslag_url: str,
    pdf_url: str,
) -> tuple[str, str]:
    """Subject and body of the verslag for one deelnemer: its casussen's actielijst only."""
    zin = soort_in_zin(soort)
    onderwerp = f"Verslag {zin} van {_dag(datum)}"
    delen = []
    for c in casussen:
        volgend = _dag(c.volgend_overleg) if c.volgend_overleg else "nog niet gepland"
        acties = (
            "".join(
                f"  - {a.wat}\n"
                f"    wie: {a.wie}; uiterlijk: {a.wanneer.strftime('%d-%m-%Y')}; "
                f"status: {STATUS_LABEL.get(a.status, a.status)}\n"
                for a in c.acties
            )
            or "  (geen acties)\n"
        )
        delen.append(f"Casus {c.casus_id}\nActielijst:\n{acties}Volgende bespreking: {volgend}\n")
    tekst = (
        f"Beste collega's van {organisatie},\n\n"
        f"Het verslag van het {zin} van {_dag(datum)} is vastgesteld. Hieronder "
        "staan de actielijst en de vervolgafspraken van de casussen waaraan uw organisatie "
        "deelneemt.\n\n"
        f"Aanwezig: {', '.join(aanwezig) or '-'}\n"
        f"Afwezig:  {', '.join(afwezig) or '-'}\n\n"
        + "\n".join(delen)
        + "\n"
        + BOUWSCHEMA_UITLEG
        + "\nUw deel van het verslag (inloggen vereist):\n"
        f"  - online: {verslag_url}\n"
        f"  - als pdf: {pdf_url}\n\n" + AFSLUITING
    )
    return onderwerp, tekst
