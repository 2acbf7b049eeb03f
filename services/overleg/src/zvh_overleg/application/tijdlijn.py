"""The casus timeline: what happened to a casus, as typed entries sorted by time.

Built from overleg's own records after the PDP allowed reading the actielijst. Entries carry
no content: reasons and toelichtingen stay out (a partner reading this sees only facts).
Other parts add kinds by appending a source function to ``BRONNEN``.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from zvh_overleg.application.access import check_actielijst
from zvh_overleg.application.ports import Actor, PolicyDecisionPoint, UnitOfWork, UnitOfWorkFactory
from zvh_overleg.domain.errors import CasusNietGevonden
from zvh_overleg.domain.levensloop import DeelnemerMutatie, StatusMutatie
from zvh_overleg.domain.model import Casus
from zvh_overleg.domain.termijnregistratie import GEBEURTENIS_NAMEN

AFSLUITREDEN_LABELS = {
    "doel-bereikt": "doel bereikt",
    "client-stopt": "cliënt stopt",
    "overgedragen-lokaal-netwerk": "overgedragen aan het lokale netwerk",
    "anders": "anders",
}
STATUS_TEKST = {
    "afgerond": "afgerond",
    "loopt": "loopt",
    "niet-mogelijk": "niet mogelijk",
    "niet-uitgevoerd": "niet uitgevoerd",
    "open": "open",
}


@dataclass(frozen=True)
class TijdlijnItem:
    """One thing that happened; ``partner`` is a partner code the page shows by name."""

    op: datetime
    soort: str
    tekst: str
    partner: str | None = None
    link: str | None = None


Bron = Callable[[UnitOfWork, Casus], Awaitable[list[TijdlijnItem]]]


async def _levensloop(tx: UnitOfWork, casus: Casus) -> list[TijdlijnItem]:
    geopend = "Casus geopend"
    if casus.ave_fase_historie and casus.ave_fase_historie[0].reden is None:
        geopend += f" in AVE-fase {casus.ave_fase_historie[0].ave_fase}"
    out = [TijdlijnItem(casus.geopend_op, "geopend", geopend)]
    for i, m in enumerate(casus.meldingen):
        tekst = "Melding getrieerd" if i == 0 else "Nieuwe melding getrieerd"
        out.append(TijdlijnItem(m.getrieerd_op, "melding", tekst, partner=m.melder))
    for h in casus.ave_fase_historie:
        if h.reden is None:  # set at opening, not a change
            continue
        if h.van is None:
            tekst = f"AVE-fase vastgesteld op {h.ave_fase}"
        elif h.ave_fase > h.van:
            tekst = f"Opgeschaald van AVE-fase {h.van} naar {h.ave_fase}"
        else:
            tekst = f"Afgeschaald van AVE-fase {h.van} naar {h.ave_fase}"
        out.append(TijdlijnItem(h.vastgesteld_op, "fase", tekst))
    for c in casus.client_historie:
        tekst = (
            "Cliënt geïnformeerd: ja"
            if c.client_geinformeerd
            else "Cliënt geïnformeerd: nee (herbeoordeling gepland)"
        )
        out.append(TijdlijnItem(c.gewijzigd_op, "client-geinformeerd", tekst))
    for d in casus.deelnemer_historie:
        tekst = (
            "Deelnemer toegevoegd"
            if d.mutatie is DeelnemerMutatie.TOEGEVOEGD
            else "Deelnemer verwijderd"
        )
        out.append(TijdlijnItem(d.op, "deelnemer", tekst, partner=d.partner))
    for s in casus.status_historie:
        if s.mutatie is StatusMutatie.AFGESLOTEN:
            reden = AFSLUITREDEN_LABELS.get(s.afsluitreden.value if s.afsluitreden else "", "")
            out.append(TijdlijnItem(s.op, "afgesloten", f"Casus afgesloten: {reden}"))
        elif s.mutatie is StatusMutatie.HEROPEND:
            out.append(TijdlijnItem(s.op, "heropend", "Casus heropend na een nieuwe melding"))
        else:
            out.append(TijdlijnItem(s.op, "heropend", "Nieuwe melding bij de casus gevoegd"))
    for r in casus.termijnregistraties:
        tekst = f"{GEBEURTENIS_NAMEN[r.gebeurtenis]} op {r.op:%d-%m-%Y}"
        out.append(TijdlijnItem(r.vastgelegd_op, "termijn", tekst))
    return out


async def _acties(tx: UnitOfWork, casus: Casus) -> list[TijdlijnItem]:
    out = [
        TijdlijnItem(a.toegewezen_op, "actie", f"Actie toegevoegd: {a.wat}", partner=a.wie)
        for a in casus.acties
    ]
    wat = {a.actie_id: a.wat for a in casus.acties}
    for t in await tx.casussen.terugkoppelingen_van_casus(casus.casus_id):
        status = STATUS_TEKST.get(t.status.value, t.status.value)
        out.append(
            TijdlijnItem(
                t.ontvangen_op,
                "terugkoppeling",
                f"Teruggekoppeld: {status} ({wat.get(t.actie_id, 'actie')})",
                partner=t.door,
            )
        )
    return out


async def _overleggen(tx: UnitOfWork, casus: Casus) -> list[TijdlijnItem]:
    out = []
    for o in await tx.overleggen.list(casus_id=casus.casus_id):
        tekst = f"Op de agenda van het {o.soort.value}"
        if o.status.value == "geannuleerd":
            tekst += " (geannuleerd)"
        out.append(TijdlijnItem(o.start, "overleg", tekst, link=f"/overleggen/{o.overleg_id}"))
    return out


#: Where timeline entries come from; append to add kinds.
BRONNEN: list[Bron] = [_levensloop, _acties, _overleggen]


async def tijdlijn(
    casus_id: uuid.UUID, *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint
) -> list[TijdlijnItem]:
    """The casus' timeline, oldest first, after a PDP allow for reading the actielijst."""
    async with uow() as tx:
        casus = await tx.casussen.get(casus_id)
        if casus is None:
            raise CasusNietGevonden(f"casus {casus_id} bestaat niet")
        await check_actielijst(casus, actor=actor, action="read", pdp=pdp)
    return await tijdlijn_van(casus, uow=uow)


async def tijdlijn_van(casus: Casus, *, uow: UnitOfWorkFactory) -> list[TijdlijnItem]:
    """The timeline of a casus the caller was already allowed to read (one decision a page)."""
    async with uow() as tx:
        items: list[TijdlijnItem] = []
        for bron in BRONNEN:
            items.extend(await bron(tx, casus))
    return sorted(items, key=lambda i: i.op)
