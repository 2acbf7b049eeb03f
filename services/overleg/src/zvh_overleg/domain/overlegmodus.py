"""Rules of overlegmodus: what the notulist records at the table (seed 002, seed 004).

Reviewing acties, bouwschema entries, editing acties (with history) and the next meeting date.
Every rule raises an error with ``veld`` so a form can show the message next to its field;
validation happens before anything changes, so nothing is applied half.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from zvh_overleg.domain.bouwschema import (
    TEKST_MAX,
    Categorie,
    Informatieitem,
    Onderdeel,
    standaard_gevoeligheid,
)
from zvh_overleg.domain.errors import ActieNietGevonden, ActieOngeldig, OverlegError
from zvh_overleg.domain.model import WAT_MAX, ZVH, Actie, ActieStatus, Casus, Terugkoppeling

#: The statuses a deelnemer can report on an actie at the table.
BESPREEK_STATUSSEN = (
    ActieStatus.AFGEROND,
    ActieStatus.LOOPT,
    ActieStatus.NIET_MOGELIJK,
    ActieStatus.NIET_UITGEVOERD,
)
#: Acties still to discuss.
TE_BESPREKEN = frozenset({ActieStatus.OPEN, ActieStatus.LOOPT})

#: The bouwschema of Partners & Pröpper, in the order the overleg works through it (seed 002).
BOUWSCHEMA = (
    Onderdeel.BEELD,
    Onderdeel.KANSEN,
    Onderdeel.BEDREIGINGEN,
    Onderdeel.BESCHERMENDE_FACTOREN,
    Onderdeel.RISICOFACTOREN,
    Onderdeel.GEDEELD_VERTREKPUNT,
    Onderdeel.GEZAMENLIJK_DOEL,
    Onderdeel.BELANGEN,
    Onderdeel.SCENARIOS,
)
#: The Casus Plus uitgebreide analyse, in its order (seed 004).
ANALYSE = (
    Onderdeel.PROBLEEM,
    Onderdeel.OVER_WIE,
    Onderdeel.BESCHERMENDE_FACTOREN,
    Onderdeel.RISICOFACTOREN,
    Onderdeel.GEWENSTE_SITUATIE,
    Onderdeel.INTERVENTIES_KORT,
    Onderdeel.INTERVENTIES_LANG,
)


class InbrengOngeldig(OverlegError):
    """A bouwschema entry or date that breaks a rule; ``veld`` names the form field."""

    def __init__(self, message: str, *, veld: str = "") -> None:
        super().__init__(message)
        self.veld = veld


@dataclass(frozen=True)
class ActieWijziging:
    """One entry in an actie's history: who changed what, when (old and new value as text)."""

    wijziging_id: uuid.UUID
    actie_id: uuid.UUID
    casus_id: uuid.UUID
    door: str
    op: datetime
    velden: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    overleg_id: uuid.UUID | None = None


def _actie(casus: Casus, actie_id: uuid.UUID) -> Actie:
    actie = casus.actie(actie_id)
    if actie is None:
        raise ActieNietGevonden(f"actie {actie_id} hoort niet bij casus {casus.casus_id}")
    return actie


def bespreek_actie(
    casus: Casus,
    *,
    terugkoppeling_id: uuid.UUID,
    actie_id: uuid.UUID,
    status: str,
    reden: str | None,
    door: str,
    overleg_id: uuid.UUID | None,
    vastgelegd_door: str,
    op: datetime,
) -> Terugkoppeling:
    """Record at the table what a deelnemer says about an open actie.

    The reden is that deelnemer's content; it is required when the actie is not possible.
    """
    actie = _actie(casus, actie_id)
    if actie.status not in TE_BESPREKEN:
        raise ActieOngeldig("Deze actie is al afgehandeld of ingetrokken.", veld="status")
    try:
        nieuw = ActieStatus(status)
    except ValueError:
        nieuw = None
    if nieuw not in BESPREEK_STATUSSEN:
        raise ActieOngeldig("Kies de status van de actie.", veld="status")
    if door not in casus.deelnemers:
        raise ActieOngeldig("Kies de deelnemer die de status meldt.", veld="door")
    toelichting = (reden or "").strip() or None
    if nieuw is ActieStatus.NIET_MOGELIJK and toelichting is None:
        raise ActieOngeldig("Vul in waarom de actie niet mogelijk is.", veld="reden")
    if toelichting is not None and len(toelichting) > TEKST_MAX:
        raise ActieOngeldig(f"Gebruik maximaal {TEKST_MAX} tekens bij de reden.", veld="reden")
    assert nieuw is not None
    actie.status = nieuw
    actie.teruggekoppeld_op = op
    return Terugkoppeling(
        terugkoppeling_id=terugkoppeling_id,
        actie_id=actie_id,
        casus_id=casus.casus_id,
        door=door,
        status=nieuw,
        toelichting=toelichting,
        ontvangen_op=op,
        overleg_id=overleg_id,
        vastgelegd_door=vastgelegd_door,
    )


def wijzig_actie(
    casus: Casus,
    *,
    wijziging_id: uuid.UUID,
    actie_id: uuid.UUID,
    vandaag: date,
    door: str,
    op: datetime,
    wat: str | None = None,
    wie: str | None = None,
    wanneer: date | None = None,
    wachtlijst: bool | None = None,
    intrekken: bool = False,
    overleg_id: uuid.UUID | None = None,
) -> ActieWijziging | None:
    """Re-date, reassign, reword, put on a wachtlijst or withdraw an actie; None if unchanged.

    A withdrawn actie is final. A new date may not lie in the past; a new wie must be a
    deelnemer. All checks run before the actie changes.
    """
    actie = _actie(casus, actie_id)
    if actie.status is ActieStatus.INGETROKKEN:
        raise ActieOngeldig("Een ingetrokken actie kan niet meer worden gewijzigd.", veld="wat")
    velden: dict[str, tuple[str | None, str | None]] = {}
    if wat is not None:
        wat = wat.strip()
        if not wat:
            raise ActieOngeldig("Vul in wat er moet gebeuren.", veld="wat")
        if len(wat) > WAT_MAX:
            raise ActieOngeldig(f"Gebruik maximaal {WAT_MAX} tekens bij 'Wat'.", veld="wat")
        if wat != actie.wat:
            velden["wat"] = (actie.wat, wat)
    if wie is not None and wie != actie.wie:
        if wie not in casus.deelnemers:
            raise ActieOngeldig("Kies een deelnemer van deze casus bij 'Wie'.", veld="wie")
        velden["wie"] = (actie.wie, wie)
    if wanneer is not None and wanneer != actie.wanneer:
        if wanneer < vandaag:
            raise ActieOngeldig(
                "De datum bij 'Wanneer' mag niet in het verleden liggen.", veld="wanneer"
            )
        velden["wanneer"] = (actie.wanneer.isoformat(), wanneer.isoformat())
    if wachtlijst is not None and wachtlijst != actie.wachtlijst:
        velden["wachtlijst"] = (_ja_nee(actie.wachtlijst), _ja_nee(wachtlijst))
    if intrekken:
        velden["status"] = (actie.status.value, ActieStatus.INGETROKKEN.value)
    if not velden:
        return None
    if "wat" in velden:
        actie.wat = velden["wat"][1] or actie.wat
    if wie is not None and "wie" in velden:
        actie.wie = wie
    if wanneer is not None and "wanneer" in velden:
        actie.wanneer = wanneer
    if wachtlijst is not None:
        actie.wachtlijst = wachtlijst
    if intrekken:
        actie.status = ActieStatus.INGETROKKEN
    return ActieWijziging(
        wijziging_id=wijziging_id,
        actie_id=actie_id,
        casus_id=casus.casus_id,
        door=door,
        op=op,
        velden=velden,
        overleg_id=overleg_id,
    )


def _ja_nee(waarde: bool) -> str:
    return "ja" if waarde else "nee"


def nieuw_item(
    casus: Casus,
    *,
    item_id: uuid.UUID,
    onderdeel: str,
    eigenaar: str,
    categorie: str,
    tekst: str,
    overleg_id: uuid.UUID | None,
    ingebracht_op: datetime,
    vastgelegd_door: str,
) -> Informatieitem:
    """A bouwschema entry, owned by the deelnemer that said it (or the ZVH itself)."""
    try:
        deel = Onderdeel(onderdeel)
    except ValueError:
        raise InbrengOngeldig("Kies het onderdeel van het bouwschema.", veld="onderdeel") from None
    if eigenaar != ZVH and eigenaar not in casus.deelnemers:
        raise InbrengOngeldig("Kies de deelnemer die dit inbrengt.", veld="eigenaar")
    try:
        soort = Categorie(categorie)
    except ValueError:
        raise InbrengOngeldig("Kies de categorie van de informatie.", veld="categorie") from None
    tekst = tekst.strip()
    if not tekst:
        raise InbrengOngeldig("Vul de tekst in.", veld="tekst")
    if len(tekst) > TEKST_MAX:
        raise InbrengOngeldig(f"Gebruik maximaal {TEKST_MAX} tekens bij de tekst.", veld="tekst")
    return Informatieitem(
        item_id=item_id,
        casus_id=casus.casus_id,
        onderdeel=deel,
        eigenaar=eigenaar,
        categorie=soort,
        tekst=tekst,
        ingebracht_op=ingebracht_op,
        vastgelegd_door=vastgelegd_door,
        overleg_id=overleg_id,
        gevoeligheid=standaard_gevoeligheid(soort),
    )


def plan_volgend_overleg(casus: Casus, *, datum: date, vandaag: date) -> None:
    """When the deelnemers meet again about this casus (seed 002: 'wanneer komt men weer bij
    elkaar?'); not in the past."""
    if datum < vandaag:
        raise InbrengOngeldig(
            "De datum van het volgende overleg mag niet in het verleden liggen.", veld="datum"
        )
    casus.volgend_overleg_op = datum
