"""Every event type, its model and where it travels; parsing a message body into a model."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from zvh_contracts import topics
from zvh_contracts.base import Event
from zvh_contracts.consent import doorbreking_v1 as consent_doorbreking
from zvh_contracts.consent import toestemming_v1 as consent_toestemming
from zvh_contracts.intake import melding_v1 as intake_melding
from zvh_contracts.intake import vpt_v1 as intake_vpt
from zvh_contracts.overleg import casus_v1 as overleg_casus
from zvh_contracts.overleg import overleg_v1 as overleg_overleg
from zvh_contracts.overleg import vpt_v1 as overleg_vpt
from zvh_contracts.partner import aanhouding_v1 as partner_aanhouding
from zvh_contracts.partner import actie_v1 as partner_actie
from zvh_contracts.partner import bericht_v1 as partner_bericht
from zvh_contracts.partner import casus_v1 as partner_casus
from zvh_contracts.partner import doorbreking_v1 as partner_doorbreking
from zvh_contracts.partner import melding_v1 as partner_melding
from zvh_contracts.partner import overleg_v1 as partner_overleg
from zvh_contracts.partner import termijn_v1 as partner_termijn
from zvh_contracts.partner import vpt_incident_v1 as partner_vpt_incident
from zvh_contracts.partner import vpt_nazorg_v1 as partner_vpt_nazorg

#: Pseudo topic names for the per-partner topics.
TO_ZVH = "zvh.partner.{org}.to-zvh.v1"
FROM_ZVH = "zvh.partner.{org}.from-zvh.v1"


@dataclass(frozen=True)
class EventSpec:
    """One event type: its model, its topic (or partner topic pattern) and who publishes it."""

    model: type[Event]
    topic: str
    publisher: str

    @property
    def type(self) -> str:
        return self.model.event_type

    @property
    def internal(self) -> bool:
        """Internal topics may carry no case content (docs/architecture.md rule 2)."""
        return not self.topic.startswith("zvh.partner.")


EVENTS: dict[str, EventSpec] = {
    s.type: s
    for s in (
        EventSpec(partner_melding.MeldingIngediend, TO_ZVH, "partner"),
        EventSpec(partner_actie.ActieTeruggekoppeld, TO_ZVH, "partner"),
        EventSpec(partner_overleg.OverlegBeantwoord, TO_ZVH, "partner"),
        EventSpec(partner_aanhouding.AanhoudingenIngediend, TO_ZVH, "partner"),
        EventSpec(partner_vpt_incident.VptIncidentGemeld, TO_ZVH, "partner"),
        EventSpec(partner_vpt_incident.VptIncidentOntvangen, FROM_ZVH, "intake"),
        EventSpec(partner_melding.MeldingOntvangen, FROM_ZVH, "intake"),
        EventSpec(partner_melding.MeldingGetrieerd, FROM_ZVH, "intake"),
        EventSpec(partner_bericht.BerichtOntvangen, FROM_ZVH, "overleg"),
        EventSpec(partner_actie.ActieToegewezen, FROM_ZVH, "notify"),
        EventSpec(partner_actie.ActieGewijzigd, FROM_ZVH, "notify"),
        EventSpec(partner_casus.CasusGeopend, FROM_ZVH, "notify"),
        EventSpec(partner_casus.CasusAfgesloten, FROM_ZVH, "overleg"),
        EventSpec(partner_overleg.OverlegUitgenodigd, FROM_ZVH, "notify"),
        EventSpec(partner_overleg.OverlegGewijzigd, FROM_ZVH, "notify"),
        EventSpec(partner_overleg.OverlegGeannuleerd, FROM_ZVH, "notify"),
        EventSpec(partner_overleg.OverlegVerslag, FROM_ZVH, "notify"),
        EventSpec(partner_doorbreking.DoorbrekingGemeld, FROM_ZVH, "notify"),
        EventSpec(partner_termijn.TermijnHerinnering, FROM_ZVH, "notify"),
        EventSpec(partner_vpt_nazorg.VptIncidentGemeldBijZvh, FROM_ZVH, "notify"),
        EventSpec(intake_melding.MeldingOntvangen, topics.INTAKE_MELDING, "intake"),
        EventSpec(intake_melding.MeldingGetrieerd, topics.INTAKE_MELDING, "intake"),
        EventSpec(intake_vpt.VptIncidentGeregistreerd, topics.INTAKE_MELDING, "intake"),
        EventSpec(intake_vpt.VptNazorgGeregistreerd, topics.INTAKE_MELDING, "intake"),
        EventSpec(overleg_casus.CasusGeopend, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_casus.ActieToegewezen, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_casus.ActieTeruggekoppeld, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_casus.ActieGewijzigd, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_casus.FaseGewijzigd, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_casus.DeelnemerToegevoegd, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_casus.DeelnemerVerwijderd, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_casus.CasusAfgesloten, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_casus.CasusHeropend, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_casus.TermijnGeregistreerd, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_casus.ClientGeinformeerdGewijzigd, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_vpt.VptDossierAfgesloten, topics.OVERLEG_CASUS, "overleg"),
        EventSpec(overleg_overleg.OverlegGepland, topics.OVERLEG_OVERLEG, "overleg"),
        EventSpec(overleg_overleg.OverlegGewijzigd, topics.OVERLEG_OVERLEG, "overleg"),
        EventSpec(overleg_overleg.OverlegGeannuleerd, topics.OVERLEG_OVERLEG, "overleg"),
        EventSpec(overleg_overleg.OverlegBeantwoord, topics.OVERLEG_OVERLEG, "overleg"),
        EventSpec(overleg_overleg.VerslagVastgesteld, topics.OVERLEG_OVERLEG, "overleg"),
        EventSpec(consent_toestemming.ToestemmingGewijzigd, topics.CONSENT_TOESTEMMING, "consent"),
        EventSpec(consent_doorbreking.DoorbrekingGemeld, topics.CONSENT_DOORBREKING, "consent"),
    )
}


#: Which service takes in (and answers) each partner message type. Intake answers every other
#: message on a partner's to-zvh topic, readable or not; the others ignore what is not theirs.
PARTNER_TYPE_OWNERS: dict[str, str] = {
    partner_melding.MeldingIngediend.event_type: "intake",
    partner_actie.ActieTeruggekoppeld.event_type: "overleg",
    partner_overleg.OverlegBeantwoord.event_type: "overleg",
    partner_aanhouding.AanhoudingenIngediend.event_type: "intake",
    partner_vpt_incident.VptIncidentGemeld.event_type: "intake",
}


def partner_type_owner(event_type: str | None) -> str:
    """The service that answers a partner message of ``event_type`` (intake for unknown ones)."""
    return PARTNER_TYPE_OWNERS.get(event_type or "", "intake")


class UnknownEventType(ValueError):
    """The ``ce_type`` names no event in this contract version."""


def parse(event_type: str, body: bytes | str) -> Event:
    """Validate a message body as the named event type.

    Raises UnknownEventType or pydantic.ValidationError.
    """
    spec = EVENTS.get(event_type)
    if spec is None:
        raise UnknownEventType(f"onbekend berichttype {event_type!r}")
    return spec.model.model_validate_json(body)


__all__ = [
    "EVENTS",
    "PARTNER_TYPE_OWNERS",
    "EventSpec",
    "UnknownEventType",
    "ValidationError",
    "parse",
    "partner_type_owner",
]
