"""Overleggen and informatie-items in SQL (SQLite and PostgreSQL), schema from the migrations."""

from __future__ import annotations

import uuid
from datetime import timedelta

from overleg_fakes import NU, getrieerd
from overleg_fakes import FixedClock as Clock
from zvh_contracts.vocab import OverlegAntwoord, OverlegSoort
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application.handlers import casus_id_for, handle_melding_event
from zvh_overleg.domain.bouwschema import Categorie, Gevoeligheid, Informatieitem, Onderdeel
from zvh_overleg.domain.overleg import Antwoord, Overleg, OverlegStatus


async def _casus(uow) -> uuid.UUID:  # type: ignore[no-untyped-def]
    event = getrieerd()
    await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=Clock())
    return casus_id_for(event.melding_id)


async def test_overleg_round_trip_with_agenda_and_answers(sessions) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory(sessions)
    a, b = await _casus(uow), await _casus(uow)
    overleg = Overleg(
        overleg_id=uuid.uuid4(),
        soort=OverlegSoort.CASUS_PLUS,
        start=NU + timedelta(days=7),
        eind=NU + timedelta(days=7, hours=1),
        locatie="Vergaderzaal 2",
        voorzitter="pr.jansen",
        agenda=[b, a],
        gepland_op=NU,
        gepland_door="pr.jansen",
    )
    async with uow() as tx:
        await tx.overleggen.add(overleg)
        await tx.overleggen.add_antwoord(
            overleg.overleg_id,
            Antwoord(
                partner="ggz-wnb",
                antwoord=OverlegAntwoord.KOMT_NIET,
                reden="verlof",
                beantwoord_op=NU,
                door="kafka",
            ),
        )
        await tx.commit()
    async with uow() as tx:
        found = await tx.overleggen.get(overleg.overleg_id)
        assert found is not None
        assert found.agenda == [b, a]
        assert found.start == overleg.start and found.soort is OverlegSoort.CASUS_PLUS
        assert [x.partner for x in found.antwoorden] == ["ggz-wnb"]
        assert found.antwoord_van("ggz-wnb").reden == "verlof"  # type: ignore[union-attr]
        found.agenda = [a]
        found.sequence = 1
        found.status = OverlegStatus.GEANNULEERD
        await tx.overleggen.save(found)
        await tx.commit()
    async with uow() as tx:
        again = await tx.overleggen.get(overleg.overleg_id)
        assert again is not None and again.agenda == [a] and again.sequence == 1
        assert again.status is OverlegStatus.GEANNULEERD and len(again.antwoorden) == 1
        assert [o.overleg_id for o in await tx.overleggen.list(casus_id=b)] == []
        assert [o.overleg_id for o in await tx.overleggen.list(casus_id=a)] == [overleg.overleg_id]
        assert await tx.overleggen.list(vanaf=NU + timedelta(days=8)) == []


async def test_informatie_items_per_casus_and_overleg(sessions) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory(sessions)
    casus_id = await _casus(uow)
    overleg_id = uuid.uuid4()

    def item(minuut: int, eigenaar: str, overleg: uuid.UUID | None) -> Informatieitem:
        return Informatieitem(
            item_id=uuid.uuid4(),
            casus_id=casus_id,
            onderdeel=Onderdeel.BEELD,
            eigenaar=eigenaar,
            categorie=Categorie.ZORG,
            tekst=f"beeld van {eigenaar}",
            ingebracht_op=NU + timedelta(minutes=minuut),
            vastgelegd_door="notulist.bakker",
            overleg_id=overleg,
            gevoeligheid=Gevoeligheid.BIJZONDER,
        )

    later, eerder, los = (
        item(5, "ggz-wnb", overleg_id),
        item(1, "politie-zwb", overleg_id),
        item(0, "politie-zwb", None),
    )
    async with uow() as tx:
        for i in (later, eerder, los):
            await tx.informatie.add(i)
        await tx.commit()
    async with uow() as tx:
        assert await tx.informatie.voor_casus(casus_id) == [los, eerder, later]
        assert await tx.informatie.voor_casus(casus_id, overleg_id=overleg_id) == [eerder, later]
        assert await tx.informatie.get(later.item_id) == later
