"""The Dutch e-mail texts. They carry the actie (wat/wie/wanneer) and the casus reference —
the actielijst is shared with every deelnemer — and nothing else of the casus."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

AFSLUITING = (
    "Dit bericht bevat bewust geen verdere casusinformatie. U vindt de casus en de actielijst "
    "in de omgeving van het Zorg- en Veiligheidshuis.\n\n"
    "Met vriendelijke groet,\n"
    "Zorg- en Veiligheidshuis\n\n"
    "(Dit is een automatisch bericht; u kunt er niet op antwoorden.)\n"
)


def _datum(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def actie_mail(
    *, organisatie: str, casus_id: uuid.UUID, wat: str, wie: str, wanneer: date
) -> tuple[str, str]:
    """Subject and body of the e-mail telling a partner it has a new actie."""
    onderwerp = f"Nieuwe actie voor {organisatie} (casus {str(casus_id)[:8]})"
    tekst = (
        f"Beste collega's van {organisatie},\n\n"
        "In het casusoverleg van het Zorg- en Veiligheidshuis is een actie aan uw organisatie "
        "toegewezen.\n\n"
        f"Casus:     {casus_id}\n"
        f"Actie:     {wat}\n"
        f"Wie:       {wie}\n"
        f"Uiterlijk: {_datum(wanneer)}\n\n"
        "Wilt u de voortgang terugkoppelen via uw koppeling of de overleg-omgeving?\n\n"
        + AFSLUITING
    )
    return onderwerp, tekst


def uitnodiging_mail(
    *,
    organisatie: str,
    casus_id: uuid.UUID,
    deelnemers: Sequence[str],
    ave_fase: int | None,
    geopend_op: datetime,
) -> tuple[str, str]:
    """Subject and body of the invitation to take part in a newly opened casus."""
    onderwerp = f"Uitnodiging: deelname aan casus {str(casus_id)[:8]}"
    fase = f"AVE-fase:  {ave_fase}\n" if ave_fase is not None else ""
    tekst = (
        f"Beste collega's van {organisatie},\n\n"
        "Het Zorg- en Veiligheidshuis heeft een casus geopend en nodigt uw organisatie uit als "
        "deelnemer aan het casusoverleg.\n\n"
        f"Casus:      {casus_id}\n"
        f"Geopend op: {_datum(geopend_op.date())}\n"
        f"{fase}"
        f"Deelnemers: {', '.join(deelnemers)}\n\n"
        "U ontvangt de uitnodiging voor het overleg en de actielijst via uw koppeling of de "
        "overleg-omgeving.\n\n" + AFSLUITING
    )
    return onderwerp, tekst


def actie_gewijzigd_mail(
    *,
    organisatie: str,
    casus_id: uuid.UUID,
    wat: str,
    wie: str,
    wanneer: date,
    ingetrokken: bool,
    wachtlijst: bool,
) -> tuple[str, str]:
    """Subject and body when an actie of this partner changed or was taken away from it."""
    kort = str(casus_id)[:8]
    if ingetrokken:
        onderwerp = f"Actie ingetrokken voor {organisatie} (casus {kort})"
        uitleg = (
            "Een actie van uw organisatie in het casusoverleg van het Zorg- en "
            "Veiligheidshuis is ingetrokken. U hoeft deze actie niet (meer) uit te voeren.\n\n"
        )
    else:
        onderwerp = f"Actie gewijzigd voor {organisatie} (casus {kort})"
        uitleg = (
            "Een actie van uw organisatie in het casusoverleg van het Zorg- en "
            "Veiligheidshuis is gewijzigd. Dit zijn de actuele gegevens.\n\n"
        )
    extra = "Wachtlijst: ja, de actie wacht op een wachtlijst\n" if wachtlijst else ""
    tekst = (
        f"Beste collega's van {organisatie},\n\n" + uitleg + f"Casus:     {casus_id}\n"
        f"Actie:     {wat}\n"
        f"Wie:       {wie}\n"
        f"Uiterlijk: {_datum(wanneer)}\n"
        f"{extra}\n" + AFSLUITING
    )
    return onderwerp, tekst


def deelname_mail(
    *,
    organisatie: str,
    casus_id: uuid.UUID,
    deelnemers: Sequence[str],
    ave_fase: int | None,
    toegevoegd_op: datetime,
) -> tuple[str, str]:
    """Subject and body of the invitation to join a casus that is already running."""
    onderwerp = f"Uitnodiging: deelname aan casus {str(casus_id)[:8]}"
    fase = f"AVE-fase:      {ave_fase}\n" if ave_fase is not None else ""
    tekst = (
        f"Beste collega's van {organisatie},\n\n"
        "Het Zorg- en Veiligheidshuis heeft uw organisatie toegevoegd als deelnemer aan een "
        "lopende casus en nodigt u uit voor het casusoverleg.\n\n"
        f"Casus:         {casus_id}\n"
        f"Toegevoegd op: {_datum(toegevoegd_op.date())}\n"
        f"{fase}"
        f"Deelnemers:    {', '.join(deelnemers)}\n\n"
        "U ontvangt de uitnodiging voor het overleg en de actielijst via uw koppeling of de "
        "overleg-omgeving.\n\n" + AFSLUITING
    )
    return onderwerp, tekst


def termijn_mail(
    *,
    organisatie: str,
    verlopen: bool,
    casus_id: uuid.UUID | None,
    actie_id: uuid.UUID | None,
    uiterlijk: date,
    link: str,
) -> tuple[str, str]:
    """Subject and body of a termijn herinnering (before) or verlopen signal (after). Ids and the
    date only: what the actie is, the partner has in the e-mail that assigned it."""
    kort = str(casus_id)[:8] if casus_id else "onbekend"
    if verlopen:
        onderwerp = f"Termijn verstreken: actie voor {organisatie} (casus {kort})"
        kern = (
            f"De termijn van een actie voor uw organisatie is verstreken op {_datum(uiterlijk)} "
            "en er is nog geen afronding teruggekoppeld."
        )
    else:
        onderwerp = f"Herinnering: actie voor {organisatie} uiterlijk {_datum(uiterlijk)}"
        kern = f"Een actie voor uw organisatie moet uiterlijk {_datum(uiterlijk)} zijn uitgevoerd."
    actie = f"Actie:     {actie_id}\n" if actie_id is not None else ""
    tekst = (
        f"Beste collega's van {organisatie},\n\n"
        f"{kern}\n\n"
        f"Casus:     {casus_id}\n"
        f"{actie}"
        f"Uiterlijk: {_datum(uiterlijk)}\n"
        f"Bekijken:  {link}\n\n"
        "Wilt u de voortgang terugkoppelen via uw koppeling of de overleg-omgeving?\n\n"
        + AFSLUITING
    )
    return onderwerp, tekst


def uitnodiging_termijn_mail(
    *, organisatie: str, verlopen: bool, overleg_id: uuid.UUID, uiterlijk: date, link: str
) -> tuple[str, str]:
    """Subject and body of a reminder to answer an invitation (before) or that it is late."""
    kort = str(overleg_id)[:8]
    if verlopen:
        onderwerp = f"Geen antwoord op de uitnodiging (overleg {kort})"
        kern = (
            "Uw organisatie heeft de uitnodiging voor een overleg van het Zorg- en "
            f"Veiligheidshuis niet uiterlijk {_datum(uiterlijk)} beantwoord."
        )
    else:
        onderwerp = f"Herinnering: beantwoord de uitnodiging uiterlijk {_datum(uiterlijk)}"
        kern = (
            "Wilt u uiterlijk "
            f"{_datum(uiterlijk)} laten weten of uw organisatie bij het overleg komt?"
        )
    tekst = (
        f"Beste collega's van {organisatie},\n\n"
        f"{kern}\n\n"
        f"Overleg:   {overleg_id}\n"
        f"Uiterlijk: {_datum(uiterlijk)}\n"
        f"Bekijken:  {link}\n\n"
        "U kunt antwoorden via uw koppeling of de overleg-omgeving.\n\n" + AFSLUITING
    )
    return onderwerp, tekst


def zvh_termijn_mail(
    *,
    organisatie: str,
    verlopen: bool,
    termijn: str,
    waarover: str,
    uiterlijk: date,
    link: str,
) -> tuple[str, str]:
    """For the ZVH itself: one of its termijnen (triage, eerste contact, verslag, …) is near or
    passed without being met. Ids and the date only."""
    if verlopen:
        onderwerp = f"Termijn verstreken: {termijn.lower()} ({waarover})"
        kern = f"{termijn}: de termijn is op {_datum(uiterlijk)} verstreken."
    else:
        onderwerp = f"Herinnering: {termijn.lower()} uiterlijk {_datum(uiterlijk)} ({waarover})"
        kern = f"{termijn}: uiterlijk {_datum(uiterlijk)}."
    tekst = (
        f"Beste collega's van {organisatie},\n\n"
        f"{kern}\n\n"
        f"Waarover: {waarover}\n"
        f"Uiterlijk: {_datum(uiterlijk)}\n"
        f"Bekijken:  {link}\n\n" + AFSLUITING
    )
    return onderwerp, tekst
