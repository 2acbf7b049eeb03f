"""The VPT nazorg termijnen and signals (meldpunt agressie en geweld), and their Dutch e-mails.

An incident of an employee is registered by intake with its three nazorg contacts (``eerste``
one werkdag after the report, ``een-week``, ``zes-weken``). Notify tells the leidinggevende at
once, reminds the leidinggevende and the assigned VPT casemanager of each contact (a herinnering
at 08:00 on the werkdag before the last day, a verlopen signal after it) and calls in the
partner's piket for an urgent one. Every signal is personal (``Timer.gebruiker``): only that
user and the casemanager see it in the postvak. The texts never carry what happened, only that
an incident was reported and where to read it.
"""

from __future__ import annotations

import uuid
from datetime import date

from zvh_notify.domain.termijnbewaking import Onderwerp

#: The immediate signal to the leidinggevende (its ``uiterlijk``: the first contact's last day).
GEMELD = "vpt-incident-gemeld"
#: The immediate signal to the piket of an urgent incident.
PIKET = "vpt-piket"
#: The nazorg contacts (as intake names them) → the termijn code of their timers.
NAZORG = {
    "eerste": "vpt-nazorg-eerste",
    "een-week": "vpt-nazorg-een-week",
    "zes-weken": "vpt-nazorg-zes-weken",
}
#: Dutch names for the postvak and the e-mails.
NAMEN = {
    GEMELD: "Incident gemeld (agressie en geweld)",
    PIKET: "Urgent incident: piket",
    NAZORG["eerste"]: "Eerste nazorgcontact",
    NAZORG["een-week"]: "Nazorgcontact na een week",
    NAZORG["zes-weken"]: "Nazorgcontact na zes weken",
}
#: The role whose holders of the organisation are told when the report names no leidinggevende.
LEIDINGGEVENDE = "leidinggevende"

AFSLUITING = (
    "Dit bericht bevat bewust geen inhoud van de melding. Alleen de medewerker, de "
    "leidinggevende en de VPT-casemanager kunnen de melding lezen in ZVH keten.\n\n"
    "Met vriendelijke groet,\n"
    "Zorg- en Veiligheidshuis\n\n"
    "(Dit is een automatisch bericht; u kunt er niet op antwoorden.)\n"
)


def is_vpt(termijn: str) -> bool:
    """Whether a timer's termijn is one of a VPT incident's."""
    return termijn in NAMEN


def nazorg_termijn(contact: str) -> str:
    """The termijn code of a nazorg contact (``eerste`` → ``vpt-nazorg-eerste``)."""
    return NAZORG.get(contact, f"vpt-nazorg-{contact}")


def incident(termijn: str, incident_id: uuid.UUID) -> Onderwerp:
    """A termijn of an incident: kept in the timers' ``melding_id`` column."""
    return Onderwerp(termijn=termijn, id=incident_id, melding_id=incident_id)


def _datum(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _aanhef(naam: str | None, organisatie: str) -> str:
    return f"Beste {naam},\n\n" if naam else f"Beste collega's van {organisatie},\n\n"


def gemeld_mail(
    *, naam: str | None, organisatie: str, uiterlijk: date | None, link: str
) -> tuple[str, str]:
    """To the leidinggevende (or the organisation): an incident was reported, nothing more."""
    onderwerp = "Incident gemeld door een medewerker van uw organisatie"
    termijn = (
        f"Neem uiterlijk {_datum(uiterlijk)} contact op met uw medewerker (eerste nazorg).\n\n"
        if uiterlijk
        else ""
    )
    tekst = (
        _aanhef(naam, organisatie)
        + "Er is een incident gemeld door een medewerker van uw organisatie; bekijk het in "
        f"ZVH keten: {link}\n\n" + termijn + AFSLUITING
    )
    return onderwerp, tekst


def piket_mail(*, naam: str | None, organisatie: str, link: str) -> tuple[str, str]:
    """To the piket on duty: an urgent incident was reported."""
    onderwerp = "Urgent: incident gemeld door een medewerker van uw organisatie (piket)"
    tekst = (
        _aanhef(naam, organisatie)
        + "U heeft piket. Er is een urgent incident gemeld door een medewerker van "
        f"{organisatie}. Neem zo snel mogelijk contact op met de leidinggevende; bekijk de "
        f"melding in ZVH keten: {link}\n\n" + AFSLUITING
    )
    return onderwerp, tekst


def geen_piket_mail(*, organisatie: str, link: str) -> tuple[str, str]:
    """To the organisation: an urgent incident, and nobody is on its piket rota now."""
    onderwerp = "Urgent incident gemeld: geen piket ingeroosterd"
    tekst = (
        _aanhef(None, organisatie)
        + "Er is een urgent incident gemeld door een medewerker van uw organisatie, maar er "
        "is op dit moment geen piket ingeroosterd. Zorg dat de leidinggevende of een "
        f"vervanger de medewerker nu bijstaat; bekijk de melding in ZVH keten: {link}\n\n"
        + AFSLUITING
    )
    return onderwerp, tekst


def nazorg_mail(
    *, naam: str | None, organisatie: str, termijn: str, verlopen: bool, uiterlijk: date, link: str
) -> tuple[str, str]:
    """A nazorg contact is due (herinnering) or its day passed without it being registered."""
    contact = NAMEN.get(termijn, termijn)
    if verlopen:
        onderwerp = f"Termijn verstreken: {contact.lower()} na een incident"
        kern = (
            f"{contact} na een incident van een medewerker: de termijn is op {_datum(uiterlijk)} "
            "verstreken zonder dat het contact is geregistreerd."
        )
    else:
        onderwerp = f"Herinnering: {contact.lower()} uiterlijk {_datum(uiterlijk)}"
        kern = (
            f"{contact} na een incident van een medewerker: uiterlijk {_datum(uiterlijk)}. "
            "Registreer het contact als het gedaan is."
        )
    tekst = _aanhef(naam, organisatie) + f"{kern}\n\nBekijken: {link}\n\n" + AFSLUITING
    return onderwerp, tekst
