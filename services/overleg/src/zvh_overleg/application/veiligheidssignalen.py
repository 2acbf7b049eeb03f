"""Use cases of veiligheidssignalen (issue 10, part 5): set, renew, withdraw, and read them.

Setting, renewing or withdrawing a signal is a processing of its own: the PDP decides it
(resource ``veiligheidssignaal``, action ``write``, doel ``veiligheid-professionals``) and names
its grondslag, which the signal keeps; the consent service logs the decision like every other.
Reading asks the PDP too (``read``): every deelnemer sees the active signals, and whoever may
write them (the procesregisseur) also sees the expired and withdrawn ones. When an actie is
handed to a deelnemer, the casus' active signals travel with it (codes and dates only).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from zvh_contracts import veiligheidssignaal as contract
from zvh_contracts.pdp import Context, DecisionRequest, Resource, Subject

from zvh_overleg.application.access import vraag
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.ports import (
    Actor,
    Clock,
    PolicyDecisionPoint,
    UnitOfWork,
    UnitOfWorkFactory,
)
from zvh_overleg.application.timeutil import vandaag
from zvh_overleg.domain.errors import CasusNietGevonden
from zvh_overleg.domain.model import Casus
from zvh_overleg.domain.veiligheidssignaal import (
    GRONDSLAG,
    Veiligheidssignaal,
    VeiligheidssignaalNietGevonden,
    VeiligheidssignaalOngeldig,
    actieve,
    zet_signaal,
)

DOEL = "veiligheid-professionals"
SOORT = "veiligheidssignaal"


def signaal_request(casus: Casus, *, actor: Actor, action: str) -> DecisionRequest:
    """The PDP question about a casus' veiligheidssignalen (``read`` or ``write``)."""
    return DecisionRequest(
        subject=Subject(user=actor.user_id, org=actor.org, roles=list(actor.roles)),
        action=action,
        resource=Resource(type=SOORT, casus=str(casus.casus_id)),
        context=Context(
            doel=DOEL,
            fase=casus.ave_fase,
            client_geinformeerd=casus.client_geinformeerd,
            deelnemers=list(casus.deelnemers),
        ),
    )


@dataclass(frozen=True)
class ZetVeiligheidssignaal:
    """Command: set a signal on a casus."""

    casus_id: uuid.UUID
    code: str | None
    geldig_van: date | None
    geldig_tot: date | None
    herbeoordeling_op: date | None


@dataclass(frozen=True)
class VerlengVeiligheidssignaal:
    """Command: renew a signal with a new end and review date."""

    casus_id: uuid.UUID
    signaal_id: uuid.UUID
    geldig_tot: date | None
    herbeoordeling_op: date | None


async def _schrijfrecht(casus: Casus, *, actor: Actor, pdp: PolicyDecisionPoint) -> str:
    """The PDP's grondslag for this write, or ToegangGeweigerd with its reasons."""
    [z] = await vraag([signaal_request(casus, actor=actor, action="write")], actor=actor, pdp=pdp)
    if not z.getoond:
        raise ToegangGeweigerd(list(z.redenen))
    return z.grondslag or GRONDSLAG


async def _casus(tx: UnitOfWork, casus_id: uuid.UUID) -> Casus:
    casus = await tx.casussen.get(casus_id, historie=False)
    if casus is None:
        raise CasusNietGevonden(f"casus {casus_id} bestaat niet")
    return casus


async def _signaal(
    tx: UnitOfWork, casus_id: uuid.UUID, signaal_id: uuid.UUID
) -> Veiligheidssignaal:
    signaal = await tx.veiligheidssignalen.get(signaal_id)
    if signaal is None or signaal.casus_id != casus_id:
        raise VeiligheidssignaalNietGevonden(f"veiligheidssignaal {signaal_id} bestaat niet")
    return signaal


async def zet_veiligheidssignaal(
    cmd: ZetVeiligheidssignaal,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> uuid.UUID:
    """Set a signal after the PDP's allow and the domain checks; it keeps the grondslag the
    PDP named."""
    async with uow() as tx:
        casus = await _casus(tx, cmd.casus_id)
        grondslag = await _schrijfrecht(casus, actor=actor, pdp=pdp)
        if casus.afgesloten:
            raise VeiligheidssignaalOngeldig(
                "Deze casus is afgesloten: er kan geen veiligheidssignaal meer bij.", veld="code"
            )
        nu = clock.now()
        signaal = zet_signaal(
            signaal_id=uuid.uuid4(),
            casus_id=casus.casus_id,
            code=cmd.code,
            geldig_van=cmd.geldig_van,
            geldig_tot=cmd.geldig_tot,
            herbeoordeling_op=cmd.herbeoordeling_op,
            vandaag=vandaag(nu),
            grondslag=grondslag,
            door=actor.user_id,
            op=nu,
        )
        await tx.veiligheidssignalen.add(signaal)
        tx.gewijzigd(casus.casus_id)
        await tx.commit()
    return signaal.signaal_id


async def verleng_veiligheidssignaal(
    cmd: VerlengVeiligheidssignaal,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    """Renew a signal (new end and review date) after the PDP's allow."""
    async with uow() as tx:
        casus = await _casus(tx, cmd.casus_id)
        await _schrijfrecht(casus, actor=actor, pdp=pdp)
        signaal = await _signaal(tx, cmd.casus_id, cmd.signaal_id)
        nu = clock.now()
        signaal.verleng(
            geldig_tot=cmd.geldig_tot,
            herbeoordeling_op=cmd.herbeoordeling_op,
            vandaag=vandaag(nu),
            door=actor.user_id,
            op=nu,
        )
        await tx.veiligheidssignalen.save(signaal)
        tx.gewijzigd(casus.casus_id)
        await tx.commit()


async def trek_veiligheidssignaal_in(
    casus_id: uuid.UUID,
    signaal_id: uuid.UUID,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    """Withdraw a signal at once, after the PDP's allow."""
    async with uow() as tx:
        casus = await _casus(tx, casus_id)
        await _schrijfrecht(casus, actor=actor, pdp=pdp)
        signaal = await _signaal(tx, casus_id, signaal_id)
        signaal.trek_in(door=actor.user_id, op=clock.now())
        await tx.veiligheidssignalen.save(signaal)
        tx.gewijzigd(casus.casus_id)
        await tx.commit()


@dataclass(frozen=True)
class Signalen:
    """What one reader sees of a casus' signals: the active ones (every deelnemer), and for
    whoever may set them all of them with their stand, and the right to change them."""

    actief: list[Veiligheidssignaal]
    alle: list[Veiligheidssignaal]
    mag_beheren: bool
    vandaag: date
    #: For whoever may set signals: the incidents against professionals that named this casus
    #: or involve one of its persons — when and which organisation, no content (the reason a
    #: procesregisseur considers a signal; the report itself stays with the VPT dossier).
    vpt_meldingen: list[VptMeldingBijCasus] = field(default_factory=list)


@dataclass(frozen=True)
class VptMeldingBijCasus:
    gemeld_op: datetime
    organisatie: str


GEEN = Signalen(actief=[], alle=[], mag_beheren=False, vandaag=date.min)


async def signalen_voor(
    casus: Casus,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> Signalen:
    """The signals this reader may see, after the PDP (read and write in one round trip); a
    refusal or any failure shows none."""
    lezen, schrijven = await vraag(
        [
            signaal_request(casus, actor=actor, action="read"),
            signaal_request(casus, actor=actor, action="write"),
        ],
        actor=actor,
        pdp=pdp,
    )
    dag = vandaag(clock.now())
    if not lezen.getoond:
        return Signalen(actief=[], alle=[], mag_beheren=False, vandaag=dag)
    async with uow() as tx:
        alle = await tx.veiligheidssignalen.voor_casus(casus.casus_id)
        dossiers = (
            await tx.vpt.bij_casus(casus.casus_id, casus.betrokkenen) if schrijven.getoond else []
        )
    return Signalen(
        actief=actieve(alle, dag),
        alle=alle if schrijven.getoond else [],
        mag_beheren=schrijven.getoond,
        vandaag=dag,
        vpt_meldingen=[VptMeldingBijCasus(d.gemeld_op, d.organisatie) for d in dossiers],
    )


async def actieve_signalen(
    tx: UnitOfWork, casus_id: uuid.UUID, *, vandaag: date
) -> list[contract.Veiligheidssignaal]:
    """The casus' active signals as they travel with an actie to its deelnemer: code and end
    date, nothing else. Read inside the transaction that hands out the actie."""
    return [
        contract.Veiligheidssignaal(code=s.code, geldig_tot=s.geldig_tot)
        for s in actieve(await tx.veiligheidssignalen.voor_casus(casus_id), vandaag)
    ]
