"""The Dutch e-mail to the eigenaar when someone broke the glass on its information.

It says what happened — which organisation opened which casus or item, on which ground, until
when — and where to ask further: the typed reason and the user stay with the ZVH's FG, who
reviews every doorbreking. No reason text and no names of people, by design.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from zvh_contracts.vocab import DoorbrekingType

from zvh_notify.domain.agenda import lokaal

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

#: The ground as the policy names it in its grondslag (consent's ``doorbreking: …``).
GROND = {
    DoorbrekingType.VITAAL_BELANG: "vitaal belang (AVG art. 6 lid 1 d)",
    DoorbrekingType.CONFLICT_VAN_PLICHTEN: "conflict van plichten",
    DoorbrekingType.MELDCODE: "meldcode huiselijk geweld en kindermishandeling",
}

GROET = (
    "Met vriendelijke groet,\n"
    "Zorg- en Veiligheidshuis\n\n"
    "(Dit is een automatisch bericht; u kunt er niet op antwoorden.)\n"
)


def moment(t: datetime) -> str:
    """Day, date and time in Europe/Amsterdam: ``dinsdag 24-11-2026, 10:15 uur``."""
    lok = lokaal(t)
    return f"{WEEKDAGEN[lok.weekday()]} {lok.strftime('%d-%m-%Y')}, {lok.strftime('%H:%M')} uur"


def _wat(casus_id: uuid.UUID | None, item: str | None) -> str:
    if item is not None and casus_id is not None:
        return f"informatie-item {item} in casus {casus_id}"
    if item is not None:
        return f"informatie-item {item}"
    return f"de informatie van uw organisatie in casus {casus_id} (niet wat u heeft ingetrokken)"


def doorbreking_mail(
    *,
    organisatie: str,
    door_organisatie: str,
    doorbreking_id: uuid.UUID,
    type: DoorbrekingType,
    casus_id: uuid.UUID | None,
    item: str | None,
    van: datetime,
    tot: datetime,
) -> tuple[str, str]:
    """Subject and body of the notice to the eigenaar (``organisatie``) of a doorbreking."""
    kort = f" (casus {str(casus_id)[:8]})" if casus_id is not None else ""
    onderwerp = f"Doorbreking: {door_organisatie} heeft informatie van uw organisatie geopend{kort}"
    tekst = (
        f"Beste collega's van {organisatie},\n\n"
        f"Een professional van {door_organisatie} heeft de afscherming van informatie van uw "
        "organisatie doorbroken (een doorbreking, 'break the glass'). Tot het einde van de "
        "periode hieronder mag deze professional die informatie lezen zonder toestemming van "
        "de cliënt en zonder basis in het convenant.\n\n"
        f"Geopend:     {_wat(casus_id, item)}\n"
        f"Door:        {door_organisatie}\n"
        f"Grond:       {GROND.get(type, str(type))}\n"
        f"Vanaf:       {moment(van)}\n"
        f"Tot:         {moment(tot)}\n"
        f"Kenmerk:     doorbreking {doorbreking_id}\n\n"
        "De functionaris gegevensbescherming (FG) van het Zorg- en Veiligheidshuis beoordeelt "
        "iedere doorbreking. De reden die de professional heeft opgegeven staat bewust niet in "
        "dit bericht; u kunt die opvragen bij de FG van het Zorg- en Veiligheidshuis, met het "
        "kenmerk hierboven.\n\n" + GROET
    )
    return onderwerp, tekst
