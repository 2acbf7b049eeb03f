"""Use cases: open a casus on triage, apply terugkoppeling, add an actie.

Each runs in one unit of work: state change, inbox record and outgoing events commit together.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from zvh_contracts import topics
from zvh_contracts.base import Event
from zvh_contracts.envelope import derived_id
from zvh_contracts.intake.melding_v1 import MeldingGetrieerd
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld as PartnerTerugkoppeling
from zvh_contracts.triage import casus_id_van
from zvh_contracts.vocab import TriageUitkomst

from zvh_overleg.application.access import check_actielijst
from zvh_overleg.application.levensloop import neem_melding_op
from zvh_overleg.application.ontvangst import Ontvangst, bevestig
from zvh_overleg.application.ports import Actor, Clock, PolicyDecisionPoint, UnitOfWorkFactory
from zvh_overleg.application.timeutil import vandaag
from zvh_overleg.application.veiligheidssignalen import actieve_signalen
from zvh_overleg.domain.bouwschema import Categorie
from zvh_overleg.domain.errors import CasusNietGevonden, TerugkoppelingGeweigerd
from zvh_overleg.domain.model import open_casus

log = logging.getLogger(__name__)


def casus_id_for(melding_id: uuid.UUID) -> uuid.UUID:
    """One casus per melding: its id derives from the melding, so a replay finds it (the rule is
    the contract's: intake tells the melder the same id)."""
    return casus_id_van(melding_id)


async def handle_melding_event(
    *, event_id: uuid.UUID, event: Event, uow: UnitOfWorkFactory, clock: Clock
) -> uuid.UUID | None:
    """Open a casus when a melding is triaged as ``casus``; ignore everything else."""
    if not isinstance(event, MeldingGetrieerd) or event.uitkomst is not TriageUitkomst.CASUS:
        return None
    async with uow() as tx:
        if await tx.seen_before(event_id):
            return None
        bestaand = await tx.casussen.by_melding(event.melding_id)
        if bestaand is not None:
            await tx.commit()
            return bestaand.casus_id
        if event.bestaande_casus_id is not None:
            bestaande = await tx.casussen.get(event.bestaande_casus_id)
            if bestaande is not None:
                await neem_melding_op(tx, bestaande, event=event, clock=clock)
                await tx.commit()
                return bestaande.casus_id
            log.warning(
                "bestaande casus onbekend, nieuwe casus geopend",
                extra={"melding_id": str(event.melding_id)},
            )
        casus = open_casus(
            casus_id=casus_id_for(event.melding_id),
            melding_id=event.melding_id,
            melder=event.melder,
            genodigden=event.uit_te_nodigen_partners,
            ave_fase=event.ave_fase,
            client_geinformeerd=event.client_geinformeerd,
            herbeoordeling_op=event.herbeoordeling_op,
            geopend_op=clock.now(),
            door=event.getrieerd_door,
            betrokkenen=event.betrokkene_pseudoniemen,
            model=event.casemanagementmodel,
            gemeente=event.gemeente,
        )
        await tx.casussen.add(casus)
        await tx.publish(
            overleg.CasusGeopend(
                casus_id=casus.casus_id,
                melding_id=casus.melding_id,
                melder=casus.melder,
                deelnemers=casus.deelnemers,
                ave_fase=casus.ave_fase,
                client_geinformeerd=casus.client_geinformeerd,
                geopend_op=casus.geopend_op,
                herbeoordeling_op=casus.herbeoordeling_op,
                casemanagementmodel=casus.casemanagementmodel,
            ),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id("zvh-overleg", "casus.geopend", casus.casus_id),
        )
        await tx.commit()
    log.info("casus geopend", extra={"casus_id": str(casus.casus_id)})
    return casus.casus_id


async def handle_partner_event(
    *,
    event_id: uuid.UUID,
    topic: str,
    event: Event,
    uow: UnitOfWorkFactory,
    clock: Clock,
    ontvangst: Ontvangst | None = None,
) -> bool:
    """Apply a partner's terugkoppeling; other partner events belong to intake.

    The partner is the one whose topic carried the message, never a payload field. A report by
    the wrong partner or on another casus' actie raises (the caller answers with a rejection).
    With ``ontvangst`` the receipt is queued in the same transaction.
    """
    if not isinstance(event, PartnerTerugkoppeling):
        return False
    partner = topics.partner_of(topic)
    if partner is None:
        raise TerugkoppelingGeweigerd(f"{topic!r} is geen partnertopic")
    async with uow() as tx:
        if await tx.seen_before(event_id):
            return False
        casus = await tx.casussen.get(event.casus_id)
        if casus is None:
            raise CasusNietGevonden(f"casus {event.casus_id} bestaat niet")
        nu = clock.now()
        terugkoppeling = casus.verwerk_terugkoppeling(
            terugkoppeling_id=event_id,
            actie_id=event.actie_id,
            door=partner,
            status=event.status.value,
            toelichting=event.toelichting,
            ontvangen_op=nu,
            categorie=Categorie(event.categorie.value) if event.categorie else Categorie.ALGEMEEN,
        )
        actie = casus.actie(event.actie_id)
        assert actie is not None
        await tx.casussen.save_actie(actie)
        await tx.casussen.add_terugkoppeling(terugkoppeling)
        await tx.publish(
            overleg.ActieTeruggekoppeld(
                casus_id=casus.casus_id,
                actie_id=actie.actie_id,
                door=partner,
                status=event.status,
                teruggekoppeld_op=nu,
            ),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id("zvh-overleg", "actie-teruggekoppeld", event_id),
        )
        if ontvangst is not None:
            await bevestig(tx, ontvangst)
        await tx.commit()
    return True


@dataclass(frozen=True)
class VoegActieToe:
    """Command: put an actie on a casus' actielijst."""

    casus_id: uuid.UUID
    wat: str
    wie: str
    wanneer: date


async def voeg_actie_toe(
    cmd: VoegActieToe,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> uuid.UUID:
    """Add an actie after the PDP's allow (actielijst write) and the domain checks; announce
    it for notify, with the casus' active veiligheidssignalen (codes and dates) for its
    deelnemer's professionals."""
    async with uow() as tx:
        casus = await tx.casussen.get(cmd.casus_id)
        if casus is None:
            raise CasusNietGevonden(f"casus {cmd.casus_id} bestaat niet")
        await check_actielijst(casus, actor=actor, action="write", pdp=pdp)
        nu = clock.now()
        actie = casus.nieuwe_actie(
            actie_id=uuid.uuid4(),
            wat=cmd.wat,
            wie=cmd.wie,
            wanneer=cmd.wanneer,
            vandaag=vandaag(nu),
            toegewezen_op=nu,
        )
        await tx.casussen.add_actie(actie)
        await tx.publish(
            overleg.ActieToegewezen(
                casus_id=casus.casus_id,
                actie_id=actie.actie_id,
                wat=actie.wat,
                wie=actie.wie,
                wanneer=actie.wanneer,
                toegewezen_op=nu,
                veiligheidssignalen=await actieve_signalen(tx, casus.casus_id, vandaag=vandaag(nu)),
            ),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id("zvh-overleg", "actie-toegewezen", actie.actie_id),
        )
        await tx.commit()
    return actie.actie_id
