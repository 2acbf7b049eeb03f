"""Overlegmodus use cases: what the notulist does at the table, and what the screen shows.

Overlegmodus records the actielijst: every use of it is an actielijst ``write`` the PDP must
allow (the policy gives that to the ZVH procesregisseur and notulist; overleg keeps no role list).
Domain rules run first (field errors), then the PDP (actielijst write; informatie-item write for
content owned by a deelnemer), then everything is written in one unit of work. A form carries
a ``verzoek_id`` so a resubmitted form (double click, back button) changes nothing the second
time.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import date

from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_contracts.overleg import casus_v1 as overleg_events
from zvh_contracts.vocab import Terugkoppelstatus

from zvh_overleg.application.access import check_actielijst
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.informatie import actielijst_met_items, check_item_schrijven
from zvh_overleg.application.planning import laad_overleg
from zvh_overleg.application.ports import (
    Actor,
    Clock,
    PolicyDecisionPoint,
    UnitOfWork,
    UnitOfWorkFactory,
)
from zvh_overleg.application.timeutil import vandaag
from zvh_overleg.application.veiligheidssignalen import actieve_signalen
from zvh_overleg.application.verplichtingen import ItemInzage
from zvh_overleg.domain.bouwschema import Categorie
from zvh_overleg.domain.errors import CasusNietGevonden, OverlegNietGevonden
from zvh_overleg.domain.model import ActieStatus, Casus
from zvh_overleg.domain.overleg import Overleg
from zvh_overleg.domain.overlegmodus import (
    ActieWijziging,
    bespreek_actie,
    nieuw_item,
    plan_volgend_overleg,
    wijzig_actie,
)


async def _casus(tx: UnitOfWork, casus_id: uuid.UUID) -> Casus:
    casus = await tx.casussen.get(casus_id)
    if casus is None:
        raise CasusNietGevonden(f"casus {casus_id} bestaat niet")
    return casus


async def _herhaald(tx: UnitOfWork, verzoek_id: uuid.UUID | None) -> bool:
    return verzoek_id is not None and await tx.seen_before(verzoek_id)


def _nieuw_id(soort: str, verzoek_id: uuid.UUID | None) -> uuid.UUID:
    return derived_id("zvh-overleg", soort, verzoek_id) if verzoek_id else uuid.uuid4()


# --- queries -------------------------------------------------------------------------------


@dataclass
class ModusBeeld:
    """Everything the overlegmodus page shows for one casus of an overleg."""

    overleg: Overleg
    casus: Casus
    items: list[ItemInzage]
    historie: list[ActieWijziging]
    vorige: uuid.UUID | None
    volgende: uuid.UUID | None
    positie: int


async def bestaand_overleg(overleg_id: uuid.UUID, *, uow: UnitOfWorkFactory) -> Overleg:
    """The overleg; OverlegNietGevonden when there is none."""
    async with uow() as tx:
        return await laad_overleg(tx, overleg_id)


async def eerste_casus(
    overleg_id: uuid.UUID, *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint
) -> uuid.UUID | None:
    """The first casus on the overleg's agenda (None when the agenda is empty), once the PDP
    allows this actor to record its actielijst (ToegangGeweigerd otherwise)."""
    async with uow() as tx:
        overleg = await laad_overleg(tx, overleg_id)
        casus = await tx.casussen.get(overleg.agenda[0], historie=False) if overleg.agenda else None
    if casus is None:
        return None
    await check_actielijst(casus, actor=actor, action="write", pdp=pdp)
    return casus.casus_id


async def open_in_overlegmodus(
    overleg_id: uuid.UUID,
    casus_id: uuid.UUID,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> ModusBeeld:
    """Load one casus for overlegmodus and make it the casus the projectie shows (after the
    PDP's allow to write and read its actielijst)."""
    async with uow() as tx:
        overleg = await laad_overleg(tx, overleg_id)
        if casus_id not in overleg.agenda:
            raise OverlegNietGevonden(f"casus {casus_id} staat niet op de agenda")
        casus = await tx.casussen.get(casus_id, historie=False)  # read-only: no histories
        if casus is None:
            raise CasusNietGevonden(f"casus {casus_id} bestaat niet")
        # The PDP decides while the actie history loads; nothing is shown before it allowed.
        besluit = asyncio.ensure_future(
            actielijst_met_items(
                await tx.informatie.voor_casus(casus_id),
                casus=casus,
                actor=actor,
                pdp=pdp,
                schrijven=True,
            )
        )
        try:
            historie = await tx.modus.historie(casus_id)
        finally:
            items = await besluit
        if await tx.modus.huidige_casus(overleg_id) != casus_id:
            await tx.modus.zet_huidige_casus(
                overleg_id, casus_id, op=clock.now(), door=actor.user_id
            )
            tx.gewijzigd(overleg_id)
        await tx.commit()
    i = overleg.agenda.index(casus_id)
    return ModusBeeld(
        overleg=overleg,
        casus=casus,
        items=items,
        historie=historie,
        vorige=overleg.agenda[i - 1] if i > 0 else None,
        volgende=overleg.agenda[i + 1] if i + 1 < len(overleg.agenda) else None,
        positie=i + 1,
    )


@dataclass
class ProjectieBeeld:
    """What the screen in the room shows: the notulist's current casus, as the viewer may see."""

    overleg: Overleg
    casus: Casus | None = None
    items: list[ItemInzage] = field(default_factory=list)
    geweigerd: list[str] = field(default_factory=list)


async def projectie_onderwerpen(
    overleg_id: uuid.UUID, *, uow: UnitOfWorkFactory
) -> tuple[set[uuid.UUID], str]:
    """The subjects a projectie follows (overleg + current casus) and a text that changes
    whenever what it shows may have changed (the page hands it to its stream)."""
    async with uow() as tx:
        huidige = await tx.modus.huidige_casus(overleg_id)
        subjects = {overleg_id} | ({huidige} if huidige else set())
        versie = await tx.modus.versie(subjects)
    return subjects, f"{huidige or '-'}:{versie}"


async def casus_versie(casus_id: uuid.UUID, *, uow: UnitOfWorkFactory) -> int:
    async with uow() as tx:
        return await tx.modus.versie([casus_id])


async def projectie_beeld(
    overleg_id: uuid.UUID, *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint
) -> ProjectieBeeld:
    """The projectie; the actielijst and each item only after the PDP allows this viewer."""
    async with uow() as tx:
        overleg = await laad_overleg(tx, overleg_id)
        huidige = await tx.modus.huidige_casus(overleg_id)
        casus = await tx.casussen.get(huidige, historie=False) if huidige else None
        items = await tx.informatie.voor_casus(huidige) if huidige else []
    beeld = ProjectieBeeld(overleg=overleg)
    if casus is None:
        return beeld
    try:
        beeld.items = await actielijst_met_items(items, casus=casus, actor=actor, pdp=pdp)
    except ToegangGeweigerd as exc:
        beeld.geweigerd = exc.reasons
        return beeld
    beeld.casus = casus
    return beeld


# --- commands ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BespreekActie:
    """Command: record at the table what a deelnemer says about an open actie."""

    overleg_id: uuid.UUID
    casus_id: uuid.UUID
    actie_id: uuid.UUID
    status: str
    door: str
    reden: str | None = None
    verzoek_id: uuid.UUID | None = None


async def bespreek_actie_in_overleg(
    cmd: BespreekActie,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> bool:
    """Apply the review and publish ``ActieTeruggekoppeld`` with ``overleg_id`` (no reden)."""
    async with uow() as tx:
        if await _herhaald(tx, cmd.verzoek_id):
            return False
        await laad_overleg(tx, cmd.overleg_id)
        casus = await _casus(tx, cmd.casus_id)
        nu = clock.now()
        terugkoppeling = bespreek_actie(
            casus,
            terugkoppeling_id=_nieuw_id("actie-besproken", cmd.verzoek_id),
            actie_id=cmd.actie_id,
            status=cmd.status,
            reden=cmd.reden,
            door=cmd.door,
            overleg_id=cmd.overleg_id,
            vastgelegd_door=actor.user_id,
            op=nu,
        )
        await check_actielijst(casus, actor=actor, action="write", pdp=pdp)
        if terugkoppeling.toelichting is not None:  # the reden is the deelnemer's content
            await check_item_schrijven(
                casus,
                eigenaar=cmd.door,
                categorie=Categorie.ALGEMEEN.value,
                actor=actor,
                pdp=pdp,
            )
        actie = casus.actie(cmd.actie_id)
        assert actie is not None
        await tx.casussen.save_actie(actie)
        await tx.casussen.add_terugkoppeling(terugkoppeling)
        await tx.publish(
            overleg_events.ActieTeruggekoppeld(
                casus_id=casus.casus_id,
                actie_id=actie.actie_id,
                door=cmd.door,
                status=Terugkoppelstatus(terugkoppeling.status.value),
                teruggekoppeld_op=nu,
                overleg_id=cmd.overleg_id,
            ),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id(
                "zvh-overleg", "actie-teruggekoppeld", terugkoppeling.terugkoppeling_id
            ),
        )
        await tx.commit()
    return True


@dataclass(frozen=True)
class VoegItemToe:
    """Command: put what a deelnemer (or the ZVH) says on the casus' bouwschema."""

    overleg_id: uuid.UUID
    casus_id: uuid.UUID
    onderdeel: str
    eigenaar: str
    categorie: str
    tekst: str
    verzoek_id: uuid.UUID | None = None


async def voeg_toe_aan_bouwschema(
    cmd: VoegItemToe,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> uuid.UUID | None:
    """Store an informatie-item after the PDP allows writing it; no event (content stays here),
    but the casus' and overleg's streams are woken. None when the form was sent before."""
    async with uow() as tx:
        if await _herhaald(tx, cmd.verzoek_id):
            return None
        await laad_overleg(tx, cmd.overleg_id)
        casus = await _casus(tx, cmd.casus_id)
        item = nieuw_item(
            casus,
            item_id=_nieuw_id("informatie-item", cmd.verzoek_id),
            onderdeel=cmd.onderdeel,
            eigenaar=cmd.eigenaar,
            categorie=cmd.categorie,
            tekst=cmd.tekst,
            overleg_id=cmd.overleg_id,
            ingebracht_op=clock.now(),
            vastgelegd_door=actor.user_id,
        )
        await check_actielijst(casus, actor=actor, action="write", pdp=pdp)  # overlegmodus
        await check_item_schrijven(
            casus, eigenaar=item.eigenaar, categorie=item.categorie.value, actor=actor, pdp=pdp
        )
        await tx.informatie.add(item)
        tx.gewijzigd(casus.casus_id, cmd.overleg_id)
        await tx.commit()
    return item.item_id


@dataclass(frozen=True)
class WijzigActie:
    """Command: change an actie (None = leave as it is)."""

    casus_id: uuid.UUID
    actie_id: uuid.UUID
    wat: str | None = None
    wie: str | None = None
    wanneer: date | None = None
    wachtlijst: bool | None = None
    intrekken: bool = False
    overleg_id: uuid.UUID | None = None
    verzoek_id: uuid.UUID | None = None


async def wijzig_actie_van_casus(
    cmd: WijzigActie,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> ActieWijziging | None:
    """Apply an edit, keep it in the actie history, publish ``ActieGewijzigd``.

    None when nothing changed (or the form was sent before): no history, no event.
    """
    async with uow() as tx:
        if await _herhaald(tx, cmd.verzoek_id):
            return None
        casus = await _casus(tx, cmd.casus_id)
        actie = casus.actie(cmd.actie_id)
        vorige_wie = actie.wie if actie else None
        nu = clock.now()
        wijziging = wijzig_actie(
            casus,
            wijziging_id=_nieuw_id("actie-gewijzigd", cmd.verzoek_id),
            actie_id=cmd.actie_id,
            vandaag=vandaag(nu),
            door=actor.user_id,
            op=nu,
            wat=cmd.wat,
            wie=cmd.wie,
            wanneer=cmd.wanneer,
            wachtlijst=cmd.wachtlijst,
            intrekken=cmd.intrekken,
            overleg_id=cmd.overleg_id,
        )
        await check_actielijst(casus, actor=actor, action="write", pdp=pdp)
        if wijziging is None:
            await tx.commit()
            return None
        actie = casus.actie(cmd.actie_id)
        assert actie is not None
        await tx.modus.save_actie_velden(actie)
        await tx.modus.add_wijziging(wijziging)
        await tx.publish(
            overleg_events.ActieGewijzigd(
                casus_id=casus.casus_id,
                actie_id=actie.actie_id,
                wat=actie.wat,
                wie=actie.wie,
                vorige_wie=vorige_wie if "wie" in wijziging.velden else None,
                wanneer=actie.wanneer,
                ingetrokken=actie.status is ActieStatus.INGETROKKEN,
                wachtlijst=actie.wachtlijst,
                gewijzigd_op=nu,
                veiligheidssignalen=await actieve_signalen(tx, casus.casus_id, vandaag=vandaag(nu)),
            ),
            topic=topics.OVERLEG_CASUS,
            event_id=derived_id("zvh-overleg", "actie-gewijzigd", wijziging.wijziging_id),
        )
        if cmd.overleg_id is not None:
            tx.gewijzigd(cmd.overleg_id)
        await tx.commit()
    return wijziging


@dataclass(frozen=True)
class PlanVolgendOverleg:
    """Command: the date this casus is discussed again."""

    casus_id: uuid.UUID
    datum: date
    overleg_id: uuid.UUID | None = None


async def plan_volgend_overleg_van_casus(
    cmd: PlanVolgendOverleg,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    """Store ``casus.volgend_overleg_op`` (not in the past)."""
    async with uow() as tx:
        casus = await _casus(tx, cmd.casus_id)
        plan_volgend_overleg(casus, datum=cmd.datum, vandaag=vandaag(clock.now()))
        await check_actielijst(casus, actor=actor, action="write", pdp=pdp)
        await tx.modus.set_volgend_overleg(casus.casus_id, casus.volgend_overleg_op)
        tx.gewijzigd(casus.casus_id, *([cmd.overleg_id] if cmd.overleg_id else []))
        await tx.commit()
