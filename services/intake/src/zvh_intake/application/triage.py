"""Triage: the procesregisseur decides casus / advies / terugverwezen for a melding."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_contracts.intake.melding_v1 import MeldingGetrieerd
from zvh_contracts.partner.melding_v1 import MeldingGetrieerd as Terugmelding
from zvh_contracts.triage import TriageOpdracht, casus_id_van, triage_fouten
from zvh_contracts.vocab import Casemanagementmodel, TriageUitkomst

from zvh_intake.application.ports import Clock, ConvenantRegister, UnitOfWorkFactory
from zvh_intake.domain.afwijzing import Reden
from zvh_intake.domain.errors import AlGetrieerd, MeldingNietGevonden
from zvh_intake.domain.model import Melding, Triage, triage_ongeldig
from zvh_intake.domain.termijnen import nl_datum


@dataclass(frozen=True)
class TriageerMelding:
    """Command: decide what happens with a melding."""

    melding_id: uuid.UUID
    uitkomst: TriageUitkomst | None
    ave_fase: int | None
    client_geinformeerd: bool | None
    reden_niet_geinformeerd: str | None
    herbeoordeling_op: date | None
    uit_te_nodigen_partners: tuple[str, ...]
    door: str
    bestaande_casus_id: uuid.UUID | None = None
    advies: str | None = None
    reden_terugverwijzing: str | None = None
    model: Casemanagementmodel | None = None

    def opdracht(self) -> TriageOpdracht:
        return TriageOpdracht(
            uitkomst=self.uitkomst,
            ave_fase=self.ave_fase,
            client_geinformeerd=self.client_geinformeerd,
            reden_niet_geinformeerd=self.reden_niet_geinformeerd,
            herbeoordeling_op=self.herbeoordeling_op,
            uit_te_nodigen_partners=list(self.uit_te_nodigen_partners),
            bestaande_casus_id=self.bestaande_casus_id,
            advies=self.advies,
            reden_terugverwijzing=self.reden_terugverwijzing,
            model=self.model,
        )


async def triageer(
    cmd: TriageerMelding,
    *,
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    partners: frozenset[str],
) -> Melding:
    """Apply the decision and queue ``MeldingGetrieerd`` in the same transaction, and the
    terugmelding to the melder (``zvh.partner.melding.getrieerd.v1``, on its own from-zvh topic).

    The shared rules (``zvh_contracts.triage``, with the region's partners) are checked before
    anything is read, so an invalid decision never touches the database.
    """
    nu = clock.now()
    fouten = triage_fouten(cmd.opdracht(), vandaag=nl_datum(nu), partners=partners)
    if fouten:
        raise triage_ongeldig(fouten)
    assert cmd.uitkomst is not None and cmd.client_geinformeerd is not None  # checked above
    async with uow_factory() as uow:
        melding = await uow.meldingen.get(cmd.melding_id)
        if melding is None:
            raise MeldingNietGevonden(f"melding {cmd.melding_id} bestaat niet")
        getrieerd = melding.triageer(
            Triage(
                uitkomst=cmd.uitkomst,
                ave_fase=cmd.ave_fase,
                client_geinformeerd=cmd.client_geinformeerd,
                reden_niet_geinformeerd=cmd.reden_niet_geinformeerd,
                herbeoordeling_op=cmd.herbeoordeling_op,
                uit_te_nodigen_partners=tuple(dict.fromkeys(cmd.uit_te_nodigen_partners)),
                getrieerd_door=cmd.door,
                getrieerd_op=nu,
                bestaande_casus_id=cmd.bestaande_casus_id,
                advies=cmd.advies,
                reden_terugverwijzing=cmd.reden_terugverwijzing,
                model=cmd.model,
            )
        )
        if not await uow.meldingen.save_triage(getrieerd):
            raise AlGetrieerd(f"melding {cmd.melding_id} is al getrieerd")
        await uow.publish(
            terugmelding(getrieerd),
            topic=topics.partner_from_zvh(getrieerd.eigenaar),
            event_id=derived_id("intake-terugmelding", getrieerd.id),
        )
        await uow.publish(
            getrieerd_event(getrieerd),
            topic=topics.INTAKE_MELDING,
            event_id=derived_id("intake-getrieerd", getrieerd.id),
        )
        await uow.commit()
        return getrieerd


def getrieerd_event(melding: Melding) -> MeldingGetrieerd:
    """The chain's view of a triage decision: codes, dates and the betrokkenen's pseudonyms
    (the client's first), never the reason text."""
    triage = melding.triage
    assert triage is not None
    return MeldingGetrieerd(
        melding_id=melding.id,
        melder=melding.eigenaar,
        uitkomst=triage.uitkomst,
        ave_fase=triage.ave_fase,
        client_geinformeerd=triage.client_geinformeerd,
        herbeoordeling_op=triage.herbeoordeling_op,
        uit_te_nodigen_partners=list(triage.uit_te_nodigen_partners),
        getrieerd_door=triage.getrieerd_door,
        getrieerd_op=triage.getrieerd_op,
        bestaande_casus_id=triage.bestaande_casus_id,
        betrokkene_pseudoniemen=list(melding.pseudoniemen_client_eerst()),
        casemanagementmodel=triage.model,
        gemeente=melding.gemeente,
    )


def terugmelding(melding: Melding) -> Terugmelding:
    """The melder's view of the triage decision: the uitkomst with the casus id, the advies or
    the reason for the terugverwijzing — nothing of the triage's internals (who, AVE-fase,
    partners, why the client is not informed).

    The casus id is the one overleg opens the casus under (``casus_id_van``), or the running
    casus the procesregisseur chose to add the melding to.
    """
    triage = melding.triage
    assert triage is not None
    casus = triage.uitkomst is TriageUitkomst.CASUS
    return Terugmelding(
        melding_id=melding.id,
        melder_referentie=melding.melder_referentie,
        uitkomst=triage.uitkomst,
        casus_id=(triage.bestaande_casus_id or casus_id_van(melding.id)) if casus else None,
        advies=triage.advies,
        reden_terugverwijzing=triage.reden_terugverwijzing,
        getrieerd_op=triage.getrieerd_op,
    )


async def niet_uitnodigbaar(
    partners: tuple[str, ...],
    *,
    register: ConvenantRegister,
    token: str | None,
    naam: Callable[[str], str],
) -> list[Reden]:
    """One reason per partner to invite that has no valid convenant today (issue 7).

    The register is asked, not copied; when it cannot be reached every partner counts as not
    valid (deny by default), with that reason.
    """
    if not partners:
        return []
    geldig = await register.geldigheden(partners, token=token)
    redenen = []
    for i, code in enumerate(partners):
        g = geldig.get(code)
        if g is None or not g.geldig:
            waarom = g.reden if g is not None else "het convenant is onbekend"
            redenen.append(
                Reden(
                    veld=f"uit_te_nodigen_partners[{i}]",
                    melding=f"{naam(code)} kan niet worden uitgenodigd: {waarom}",
                )
            )
    return redenen
