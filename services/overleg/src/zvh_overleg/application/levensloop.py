"""Lifecycle commands on a casus: fase, model, termijnen met (eerste contact, hulp gestart),
cliënt geïnformeerd, casusregisseur, deelnemers, afsluiten, heropenen (from a new melding) and a
partner's terugkoppeling from the UI.

Each runs in one unit of work: the change, its history entry and the event commit together.
Regie decisions (fase, deelnemers, casusregisseur, afsluiten, cliënt geïnformeerd) are a
``write`` of resource type ``casus``: the PDP decides who may (the policy gives it to the ZVH
procesregisseur only — seed 002: the procesregisseur holds the regie; the notulist records the
actielijst but does not steer the casus). Overleg asks; it keeps no role list of its own.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date

from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_contracts.intake.melding_v1 import MeldingGetrieerd
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.partner.casus_v1 import CasusAfgesloten as Terugmelding
from zvh_contracts.vocab import Afsluitreden as AfsluitredenEvent
from zvh_contracts.vocab import Casemanagementmodel, FaseRichting, Terugkoppelstatus

from zvh_overleg.application.access import check_casus
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.informatie import check_item_schrijven
from zvh_overleg.application.ports import (
    Actor,
    Clock,
    ConvenantRegister,
    PolicyDecisionPoint,
    UnitOfWork,
    UnitOfWorkFactory,
)
from zvh_overleg.application.timeutil import vandaag
from zvh_overleg.domain.bouwschema import Categorie
from zvh_overleg.domain.errors import CasusNietGevonden, CasusOngeldig, TerugkoppelingGeweigerd
from zvh_overleg.domain.levensloop import CasusMelding, check_terugkoppeling
from zvh_overleg.domain.model import Casus, ModelWijziging
from zvh_overleg.domain.termijnregistratie import Gebeurtenis

log = logging.getLogger(__name__)


async def _casus_voor_regie(
    tx: UnitOfWork, casus_id: uuid.UUID, *, actor: Actor, pdp: PolicyDecisionPoint
) -> Casus:
    """The casus, after the PDP allowed this actor to steer it (``write`` of ``casus``)."""
    casus = await tx.casussen.get(casus_id)
    if casus is None:
        raise CasusNietGevonden(f"casus {casus_id} bestaat niet")
    await check_casus(casus, actor=actor, action="write", pdp=pdp)
    return casus


async def wijzig_fase(
    casus_id: uuid.UUID,
    *,
    naar: int | None,
    reden: str,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    """Op- or afschalen with a reason; FaseGewijzigd carries no reason."""
    async with uow() as tx:
        casus = await _casus_voor_regie(tx, casus_id, actor=actor, pdp=pdp)
        nu = clock.now()
        van = casus.wijzig_fase(naar=naar, reden=reden, op=nu, door=actor.user_id)
        assert casus.ave_fase is not None
        await tx.casussen.save(casus)
        richting = (
            FaseRichting.OPSCHALEN
            if van is None or casus.ave_fase > van
            else FaseRichting.AFSCHALEN
        )
        await tx.publish(
            overleg.FaseGewijzigd(
                casus_id=casus_id,
                van=van,
                naar=casus.ave_fase,
                richting=richting,
                gewijzigd_op=nu,
            ),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id(
                "zvh-overleg", "fase-gewijzigd", casus_id, len(casus.ave_fase_historie)
            ),
        )
        await tx.commit()


async def wijzig_model(
    casus_id: uuid.UUID,
    *,
    naar: Casemanagementmodel | None,
    reden: str,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    """Another casemanagement model, with a reason; both stay in overleg (no event: the model
    is not on any topic after triage)."""
    async with uow() as tx:
        casus = await _casus_voor_regie(tx, casus_id, actor=actor, pdp=pdp)
        casus.wijzig_model(naar, reden=reden, door=actor.user_id, op=clock.now())
        await tx.casussen.save(casus)
        await tx.commit()


async def registreer_termijn(
    casus_id: uuid.UUID,
    *,
    gebeurtenis: Gebeurtenis | None,
    op: date | None,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    """Record the day eerste contact was made, hulp started or eerste hulp ended: it meets that
    termijn. Regie like the model (``write`` of ``casus``: the PDP decides who). Who stays in
    overleg's history and timeline; the internal event (a code and the day) lets notify stop the
    reminders for it (docs/termijnen.md)."""
    async with uow() as tx:
        casus = await _casus_voor_regie(tx, casus_id, actor=actor, pdp=pdp)
        nu = clock.now()
        registratie = casus.registreer_termijn(
            gebeurtenis,
            op=op,
            geopend=vandaag(casus.geopend_op),
            vandaag=vandaag(nu),
            door=actor.user_id,
            vastgelegd_op=nu,
        )
        await tx.casussen.save(casus)
        await tx.publish(
            overleg.TermijnGeregistreerd(
                casus_id=casus_id,
                gebeurtenis=registratie.gebeurtenis.value,
                op=registratie.op,
                geregistreerd_op=nu,
                casemanagementmodel=casus.casemanagementmodel,
            ),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id(
                "zvh-overleg", "termijn-geregistreerd", casus_id, len(casus.termijnregistraties)
            ),
        )
        await tx.commit()


async def wijzig_client_geinformeerd(
    casus_id: uuid.UUID,
    *,
    geinformeerd: bool | None,
    herbeoordeling_op: date | None,
    reden: str,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    """Update whether the cliënt is informed; the reason stays in overleg's history, the internal
    event (a yes/no and a date) lets notify move the herbeoordeling reminder."""
    async with uow() as tx:
        casus = await _casus_voor_regie(tx, casus_id, actor=actor, pdp=pdp)
        nu = clock.now()
        casus.wijzig_client_geinformeerd(
            geinformeerd=geinformeerd,
            herbeoordeling_op=herbeoordeling_op,
            reden=reden,
            vandaag=vandaag(nu),
            op=nu,
            door=actor.user_id,
        )
        await tx.casussen.save(casus)
        await tx.publish(
            overleg.ClientGeinformeerdGewijzigd(
                casus_id=casus_id,
                client_geinformeerd=casus.client_geinformeerd,
                herbeoordeling_op=casus.herbeoordeling_op,
                gewijzigd_op=nu,
            ),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id("zvh-overleg", "client-geinformeerd", casus_id, nu.isoformat()),
        )
        await tx.commit()


async def wijs_casusregisseur_toe(
    casus_id: uuid.UUID,
    *,
    gebruiker: str,
    org: str | None,
    is_casusregisseur: bool,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
) -> None:
    """The entrypoint looks the user up in the region; the domain checks the rule."""
    async with uow() as tx:
        casus = await _casus_voor_regie(tx, casus_id, actor=actor, pdp=pdp)
        casus.wijs_casusregisseur_toe(
            gebruiker=gebruiker, org=org, is_casusregisseur=is_casusregisseur
        )
        await tx.casussen.save(casus)
        await tx.commit()


async def voeg_deelnemer_toe(
    casus_id: uuid.UUID,
    *,
    partner: str,
    partners: list[str],
    reden: str,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    convenanten: ConvenantRegister,
    naam: Callable[[str], str],
) -> None:
    """Add a partner to a running casus; one without a valid convenant cannot be (issue 7).

    The register is asked before the transaction (no HTTP call holds it open); its answer counts
    only after the regie check, so a user without regie still gets the PDP's deny.
    """
    geldigheid = (
        (await convenanten.geldigheden([partner], token=actor.token)).get(partner)
        if partner in partners
        else None
    )
    async with uow() as tx:
        casus = await _casus_voor_regie(tx, casus_id, actor=actor, pdp=pdp)
        uitnodigen = partner in partners and partner not in casus.deelnemers
        if uitnodigen and (geldigheid is None or not geldigheid.geldig):
            waarom = geldigheid.reden if geldigheid else "het convenant is onbekend"
            raise CasusOngeldig(
                f"{naam(partner)} kan niet worden uitgenodigd: {waarom}", veld="partner"
            )
        nu = clock.now()
        casus.voeg_deelnemer_toe(
            partner=partner, partners=partners, reden=reden, op=nu, door=actor.user_id
        )
        await tx.casussen.save(casus)
        await _publish_toegevoegd(
            tx, casus, partner=partner, volgnummer=len(casus.deelnemer_historie)
        )
        await tx.commit()


async def _publish_toegevoegd(
    tx: UnitOfWork, casus: Casus, *, partner: str, volgnummer: int
) -> None:
    await tx.publish(
        overleg.DeelnemerToegevoegd(
            casus_id=casus.casus_id,
            partner=partner,
            deelnemers=list(casus.deelnemers),
            ave_fase=casus.ave_fase,
            toegevoegd_op=casus.deelnemer_historie[volgnummer - 1].op,
        ),
        topic=topics.OVERLEG_CASUS,
        event_id=derived_id("zvh-overleg", "deelnemer-toegevoegd", casus.casus_id, volgnummer),
    )


async def verwijder_deelnemer(
    casus_id: uuid.UUID,
    *,
    partner: str,
    reden: str,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    async with uow() as tx:
        casus = await _casus_voor_regie(tx, casus_id, actor=actor, pdp=pdp)
        nu = clock.now()
        casus.verwijder_deelnemer(partner=partner, reden=reden, op=nu, door=actor.user_id)
        await tx.casussen.save(casus)
        await tx.publish(
            overleg.DeelnemerVerwijderd(casus_id=casus_id, partner=partner, verwijderd_op=nu),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id(
                "zvh-overleg", "deelnemer-verwijderd", casus_id, len(casus.deelnemer_historie)
            ),
        )
        await tx.commit()


async def sluit_af(
    casus_id: uuid.UUID,
    *,
    reden: str,
    toelichting: str | None,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    """Close the casus; CasusAfgesloten carries the reden code, never the toelichting.

    Each melder of one of the casus' meldingen hears it on its own from-zvh topic
    (``zvh.partner.casus.afgesloten.v1``, the terugmelding at closing), naming only its own
    meldingen, in the same transaction.
    """
    async with uow() as tx:
        casus = await _casus_voor_regie(tx, casus_id, actor=actor, pdp=pdp)
        nu = clock.now()
        afsluitreden = casus.sluit_af(
            reden=reden, toelichting=toelichting, op=nu, door=actor.user_id
        )
        await tx.casussen.save(casus)
        await tx.publish(
            overleg.CasusAfgesloten(
                casus_id=casus_id, reden=AfsluitredenEvent(afsluitreden.value), afgesloten_op=nu
            ),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id(
                "zvh-overleg", "casus-afgesloten", casus_id, len(casus.status_historie)
            ),
        )
        for melder, melding_ids in meldingen_per_melder(casus).items():
            await tx.publish(
                Terugmelding(
                    casus_id=casus_id,
                    melding_ids=melding_ids,
                    afsluitreden=AfsluitredenEvent(afsluitreden.value),
                    afgesloten_op=nu,
                ),
                topic=topics.partner_from_zvh(melder),
                event_id=derived_id(
                    "zvh-overleg",
                    "terugmelding-afgesloten",
                    casus_id,
                    len(casus.status_historie),
                    melder,
                ),
            )
        await tx.commit()


def meldingen_per_melder(casus: Casus) -> dict[str, list[uuid.UUID]]:
    """Each melder of the casus with its own meldingen, in the order they joined the casus.

    A casus from before overleg kept its meldingen has only the melding that opened it.
    """
    meldingen = casus.meldingen or [
        CasusMelding(
            melding_id=casus.melding_id,
            melder=casus.melder,
            getrieerd_op=casus.geopend_op,
            toegevoegd_op=casus.geopend_op,
        )
    ]
    out: dict[str, list[uuid.UUID]] = {}
    for m in meldingen:
        if m.melding_id not in out.setdefault(m.melder, []):
            out[m.melder].append(m.melding_id)
    return out


async def neem_melding_op(
    tx: UnitOfWork, casus: Casus, *, event: MeldingGetrieerd, clock: Clock
) -> None:
    """A new melding for an existing casus: reopen it or add the melding and its betrokkenen
    (inside ``tx``)."""
    nu = clock.now()
    uitkomst = casus.neem_melding_op(
        melding=CasusMelding(
            melding_id=event.melding_id,
            melder=event.melder,
            getrieerd_op=event.getrieerd_op,
            toegevoegd_op=nu,
        ),
        genodigden=list(event.uit_te_nodigen_partners),
        op=nu,
        door=event.getrieerd_door,
        betrokkenen=event.betrokkene_pseudoniemen,
    )
    if uitkomst is None:
        return
    model = event.casemanagementmodel
    if model is not None and model is not casus.casemanagementmodel:
        # the triage of the joining melding chose another model (its reason, when the triage
        # page stored one, is read with the history by melding id)
        casus.model_historie.append(
            ModelWijziging(
                model=model,
                vastgesteld_op=nu,
                door=event.getrieerd_door,
                van=casus.casemanagementmodel,
                melding_id=event.melding_id,
            )
        )
        casus.casemanagementmodel = model
    was_afgesloten, nieuw = uitkomst
    await tx.casussen.save(casus)
    await tx.publish(
        overleg.CasusHeropend(
            casus_id=casus.casus_id,
            melding_id=event.melding_id,
            was_afgesloten=was_afgesloten,
            heropend_op=nu,
        ),
        topic=topics.OVERLEG_CASUS,
        event_id=derived_id("zvh-overleg", "casus-heropend", casus.casus_id, event.melding_id),
    )
    for partner in nieuw:
        await tx.publish(
            overleg.DeelnemerToegevoegd(
                casus_id=casus.casus_id,
                partner=partner,
                deelnemers=list(casus.deelnemers),
                ave_fase=casus.ave_fase,
                toegevoegd_op=nu,
            ),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id(
                "zvh-overleg", "deelnemer-toegevoegd", casus.casus_id, event.melding_id, partner
            ),
        )
    log.info("melding bij bestaande casus", extra={"casus_id": str(casus.casus_id)})


async def koppel_terug(
    casus_id: uuid.UUID,
    *,
    actie_id: uuid.UUID,
    status: str,
    toelichting: str | None,
    categorie: str = Categorie.ALGEMEEN.value,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    """A partner user reports on its own actie in the UI, exactly like the Kafka path.

    The toelichting is the partner's informatie-item: the PDP must allow writing it first.
    """
    tekst = check_terugkoppeling(status, toelichting)
    async with uow() as tx:
        casus = await tx.casussen.get(casus_id)
        if casus is None:
            raise CasusNietGevonden(f"casus {casus_id} bestaat niet")
        actie = casus.actie(actie_id)
        if actie is None or actie.wie != actor.org:
            raise ToegangGeweigerd(["U kunt alleen terugkoppelen op acties van uw organisatie."])
        await check_item_schrijven(
            casus, eigenaar=actor.org, categorie=categorie, actor=actor, pdp=pdp
        )
        nu = clock.now()
        terugkoppeling_id = uuid.uuid4()
        try:
            terugkoppeling = casus.verwerk_terugkoppeling(
                terugkoppeling_id=terugkoppeling_id,
                actie_id=actie_id,
                door=actor.org,
                status=status,
                toelichting=tekst,
                ontvangen_op=nu,
                categorie=Categorie(categorie),
            )
        except TerugkoppelingGeweigerd as exc:
            raise ToegangGeweigerd([str(exc)]) from exc
        await tx.casussen.save_actie(actie)
        await tx.casussen.add_terugkoppeling(terugkoppeling)
        await tx.publish(
            overleg.ActieTeruggekoppeld(
                casus_id=casus_id,
                actie_id=actie_id,
                door=actor.org,
                status=Terugkoppelstatus(status),
                teruggekoppeld_op=nu,
            ),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id("zvh-overleg", "actie-teruggekoppeld", terugkoppeling_id),
        )
        await tx.commit()
