"""The meldpunt agressie en geweld in notify: the leidinggevende is told at once (e-mail, personal
postvak signal, partner event), the nazorg termijnen are reminded to the leidinggevende and the
casemanager until registered, an urgent incident goes to the piket on the rota; nothing twice.

Recipients and the piket run on the fake unit of work; the timers (planning, firing, ending and
the personal postvak) on the real SQL one, SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from notify_fakes import (
    FakePartners,
    FakeUnitOfWork,
    Store,
    migrated_sessions,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts import topics
from zvh_contracts.intake import vpt_v1 as vpt
from zvh_contracts.overleg import vpt_v1 as overleg_vpt
from zvh_contracts.partner.vpt_nazorg_v1 import VptIncidentGemeldBijZvh, VptSignaal
from zvh_contracts.vocab import Termijnsignaal
from zvh_notify.adapters.db.uow import uow_factory
from zvh_notify.application.bericht import Omgeving
from zvh_notify.application.handlers import handle_event
from zvh_notify.application.ports import GebruikerInfo, PiketInfo, UnitOfWorkFactory
from zvh_notify.application.termijnen import vuur_af
from zvh_notify.domain.model import Bezorging, Kanaal, Status
from zvh_notify.domain.termijnbewaking import Timer, Timerstatus
from zvh_notify.domain.vpt_nazorg import GEMELD, NAZORG, PIKET
from zvh_platform.termijnen import TIJDZONE

ORG = "gemeente-bergen-op-zoom"
ANDERE_ORG = "ggz-wnb"
LG = GebruikerInfo("lg.peters", "Marieke Peters", ORG, "m.peters@bergen.test")
LG2 = GebruikerInfo("lg.devos", "Kees de Vos", ORG, None)
MEDEWERKER = GebruikerInfo("wt.yilmaz", "Yusuf Yilmaz", ORG, "y.yilmaz@bergen.test")
CM = GebruikerInfo("vpt.dewit", "Anouk de Wit", "zvh", "a.dewit@zvh.test")
INCIDENT = uuid.UUID("7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f")
UI = "http://ui.test"


def nl(dag: date, uur: int = 0, minuut: int = 0) -> datetime:
    return datetime(dag.year, dag.month, dag.day, uur, minuut, tzinfo=TIJDZONE)


#: Tuesday 1 December 2026, 10:00: the report.
GEMELD_OP = nl(date(2026, 12, 1), 10)
EERSTE, EEN_WEEK, ZES_WEKEN = date(2026, 12, 2), date(2026, 12, 8), date(2027, 1, 12)
#: The piket rota: one shift until Tuesday 12:00, the next from 12:00 (a gap from 18:00).
OCHTEND = PiketInfo(naam="Piet Piket", email="piket.ochtend@bergen.test", gebruiker=None)
MIDDAG = PiketInfo(naam="Mieke Middag", email="m.middag@bergen.test", gebruiker="pk.middag")
ROOSTER = {
    ORG: [
        (nl(date(2026, 12, 1), 0), nl(date(2026, 12, 1), 12), OCHTEND),
        (nl(date(2026, 12, 1), 12), nl(date(2026, 12, 1), 18), MIDDAG),
    ]
}


def partners(*, lg: bool = True, rooster: bool = True) -> FakePartners:
    users = [LG, LG2, MEDEWERKER, CM] if lg else [MEDEWERKER, CM]
    return FakePartners(
        ORG,
        ANDERE_ORG,
        "zvh",
        users=users,
        rollen={"lg.peters": ["leidinggevende"], "lg.devos": ["leidinggevende"]},
        piketten=ROOSTER if rooster else {},
    )


def geregistreerd(
    *, leidinggevende: str | None = "lg.peters", urgent: bool = False
) -> vpt.VptIncidentGeregistreerd:
    return vpt.VptIncidentGeregistreerd.model_validate(
        {
            "incident_id": str(INCIDENT),
            "organisatie": ORG,
            "gemeld_op": GEMELD_OP.isoformat(),
            "urgent": urgent,
            "melder": "wt.yilmaz",
            "leidinggevende": leidinggevende,
            "casemanager": "vpt.dewit",
            "casus_id": None,
            "client_pseudoniem": None,
            "nazorg": [
                {"contact": "eerste", "uiterlijk": EERSTE.isoformat()},
                {"contact": "een-week", "uiterlijk": EEN_WEEK.isoformat()},
                {"contact": "zes-weken", "uiterlijk": ZES_WEKEN.isoformat()},
            ],
        }
    )


def nazorg_gedaan(contact: str) -> vpt.VptNazorgGeregistreerd:
    return vpt.VptNazorgGeregistreerd.model_validate(
        {
            "incident_id": str(INCIDENT),
            "organisatie": ORG,
            "contact": contact,
            "op": EERSTE.isoformat(),
            "door": "lg.peters",
        }
    )


class Klok:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


async def handle(uows: UnitOfWorkFactory, event, p: FakePartners, at: datetime = GEMELD_OP):  # type: ignore[no-untyped-def]
    return await handle_event(
        event_id=uuid.uuid4(), event=event, uow=uows(), partners=p, clock=Klok(at), ui_url=UI
    )


def mails(store: Store) -> list[Bezorging]:
    return [b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL]


# --- told at once -------------------------------------------------------------------------------


async def test_the_leidinggevende_is_told_at_once_without_incident_content():
    store = Store()
    created = await handle(lambda: FakeUnitOfWork(store), geregistreerd(), partners())

    [topic] = [o for o in store.outbox]
    assert topic.topic == topics.partner_from_zvh(ORG)
    assert isinstance(topic.event, VptIncidentGemeldBijZvh)
    assert topic.event.incident_id == INCIDENT
    assert topic.event.signaal is VptSignaal.GEMELD
    assert topic.event.uiterlijk == EERSTE

    [mail] = mails(store)
    assert mail.email is not None and mail.email.adres == "m.peters@bergen.test"
    assert mail.email.onderwerp == "Incident gemeld door een medewerker van uw organisatie"
    assert (
        "Er is een incident gemeld door een medewerker van uw organisatie; bekijk het in "
        "ZVH keten: http://ui.test/vpt" in mail.email.tekst
    )
    assert "Beste Marieke Peters" in mail.email.tekst
    assert "02-12-2026" in mail.email.tekst  # the first nazorg contact's last day
    assert "Yilmaz" not in mail.email.tekst and "wt.yilmaz" not in mail.email.tekst
    assert len(created) == 2  # the partner event and the e-mail

    [signaal] = [t for t in store.timers.values() if t.termijn == GEMELD]
    assert signaal.status is Timerstatus.VERSTUURD and signaal.verstuurd_op == GEMELD_OP
    assert (signaal.gebruiker, signaal.casemanager, signaal.ontvanger) == (
        "lg.peters",
        "vpt.dewit",
        ORG,
    )
    assert signaal.melding_id == INCIDENT and signaal.uiterlijk == EERSTE


async def test_without_a_named_leidinggevende_the_orgs_leidinggevenden_are_told():
    store = Store()
    await handle(lambda: FakeUnitOfWork(store), geregistreerd(leidinggevende=None), partners())
    adressen = sorted(b.email.adres for b in mails(store) if b.email)
    # Kees de Vos has no address of his own: the organisation's is used for him.
    assert adressen == [f"{ORG}@partners.zvh.local", "m.peters@bergen.test"]
    gebruikers = sorted(str(t.gebruiker) for t in store.timers.values() if t.termijn == GEMELD)
    assert gebruikers == ["lg.devos", "lg.peters"]


async def test_without_any_leidinggevende_the_partners_address_is_told():
    store = Store()
    await handle(
        lambda: FakeUnitOfWork(store), geregistreerd(leidinggevende=None), partners(lg=False)
    )
    [mail] = mails(store)
    assert mail.email is not None and mail.email.adres == f"{ORG}@partners.zvh.local"
    assert mail.email.tekst.startswith(f"Beste collega's van Organisatie {ORG}")
    # The postvak signal is then the casemanager's only: nobody at the organisation by name.
    [signaal] = [t for t in store.timers.values() if t.termijn == GEMELD]
    assert signaal.gebruiker is None and signaal.casemanager == "vpt.dewit"
    assert signaal.persoonlijk


async def test_a_leidinggevende_of_another_organisation_is_not_mailed_personally():
    """The report names a user of another organisation: not mailed (the org's address is)."""
    store = Store()
    await handle(
        lambda: FakeUnitOfWork(store), geregistreerd(leidinggevende="vpt.dewit"), partners()
    )
    [mail] = mails(store)
    assert mail.email is not None and mail.email.adres == f"{ORG}@partners.zvh.local"


async def test_a_replay_or_the_same_incident_again_tells_nobody_twice():
    store = Store()
    uows = lambda: FakeUnitOfWork(store)  # noqa: E731
    await handle(uows, geregistreerd(urgent=True), partners())
    voor = (len(store.bezorgingen), len(store.outbox), len(store.timers))
    # The same incident under a new ce_id (intake replayed its outbox), later in the day.
    created = await handle(
        uows, geregistreerd(urgent=True), partners(), GEMELD_OP + timedelta(hours=1)
    )
    assert created == []
    assert (len(store.bezorgingen), len(store.outbox), len(store.timers)) == voor


# --- urgent: the piket --------------------------------------------------------------------------


async def test_urgent_goes_to_the_piket_on_duty():
    store = Store()
    await handle(lambda: FakeUnitOfWork(store), geregistreerd(urgent=True), partners())
    [event] = [o.event for o in store.outbox]
    assert isinstance(event, VptIncidentGemeldBijZvh) and event.signaal is VptSignaal.URGENT
    piket = [b for b in mails(store) if b.email and b.email.adres == OCHTEND.email]
    assert len(piket) == 1 and piket[0].email is not None
    assert "piket" in piket[0].email.onderwerp and "Beste Piet Piket" in piket[0].email.tekst
    [signaal] = [t for t in store.timers.values() if t.termijn == PIKET]
    assert (signaal.gebruiker, signaal.casemanager) == (None, "vpt.dewit")
    assert signaal.status is Timerstatus.VERSTUURD


@pytest.mark.parametrize(
    ("at", "adres", "gebruiker"),
    [
        (nl(date(2026, 12, 1), 11, 59), OCHTEND.email, None),
        # 12:00 is the end of one shift (exclusive) and the start of the next (inclusive).
        (nl(date(2026, 12, 1), 12), MIDDAG.email, "pk.middag"),
        (nl(date(2026, 12, 1), 17, 59), MIDDAG.email, "pk.middag"),
    ],
)
async def test_the_piket_is_who_is_on_the_rota_when_notify_handles_it(at, adres, gebruiker):
    store = Store()
    await handle(lambda: FakeUnitOfWork(store), geregistreerd(urgent=True), partners(), at)
    assert adres in [b.email.adres for b in mails(store) if b.email]
    [signaal] = [t for t in store.timers.values() if t.termijn == PIKET]
    assert signaal.gebruiker == gebruiker


@pytest.mark.parametrize("rooster", [True, False])
async def test_urgent_without_a_piket_on_duty_tells_the_partner_so(rooster):
    """18:00 is after the last shift; without a rota at all it is the same."""
    store = Store()
    at = nl(date(2026, 12, 1), 18)
    await handle(
        lambda: FakeUnitOfWork(store), geregistreerd(urgent=True), partners(rooster=rooster), at
    )
    [geen] = [b for b in mails(store) if b.email and "geen piket" in b.email.onderwerp]
    assert geen.email is not None and geen.email.adres == f"{ORG}@partners.zvh.local"
    assert geen.email.onderwerp == "Urgent incident gemeld: geen piket ingeroosterd"
    assert not [t for t in store.timers.values() if t.termijn == PIKET]


async def test_not_urgent_calls_no_piket():
    store = Store()
    await handle(lambda: FakeUnitOfWork(store), geregistreerd(), partners())
    assert not [b for b in mails(store) if b.email and "piket" in b.email.onderwerp.lower()]
    assert not [t for t in store.timers.values() if t.termijn == PIKET]


# --- nazorg termijnen (SQL) -----------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
async def sessions(request, tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with migrated_sessions(request.param, tmp_path) as sessions:
        yield sessions


async def nazorg_timers(uows: UnitOfWorkFactory) -> list[Timer]:
    async with uows() as uow:
        alle = await uow.timers.te_vuren(nu=nl(date(2027, 3, 1)), limit=100)
    return [t for t in alle if t.termijn in NAZORG.values()]


async def fire(uows: UnitOfWorkFactory, at: datetime, p: FakePartners) -> int:
    return await vuur_af(uow_factory=uows, omgeving=Omgeving(partners=p, nu=at, ui_url=UI))


async def emails(uows: UnitOfWorkFactory) -> list[Bezorging]:
    async with uows() as uow:
        found = await uow.bezorgingen.find(bron_event_id=None, ontvanger=None, limit=1000)
    return [b for b in found if b.kanaal is Kanaal.EMAIL and b.status is Status.WACHT]


async def test_nazorg_termijnen_for_leidinggevende_and_casemanager(sessions):
    uows = uow_factory(sessions)
    p = partners()
    await handle(uows, geregistreerd(), p)
    timers = await nazorg_timers(uows)
    moments = sorted(
        (t.termijn, t.soort.value, str(t.gebruiker), t.vuur_op.astimezone(TIJDZONE)) for t in timers
    )
    for wie in ("lg.peters", "vpt.dewit"):
        mijn = [(a, b, d) for a, b, c, d in moments if c == wie]
        assert mijn == sorted(
            [
                # The eerste contact's herinnering (Tuesday 08:00) passed before the report:
                # the e-mail at once was it. Its verlopen signal stays.
                (NAZORG["eerste"], "verlopen", nl(date(2026, 12, 3))),
                (NAZORG["een-week"], "herinnering", nl(date(2026, 12, 7), 8)),
                (NAZORG["een-week"], "verlopen", nl(date(2026, 12, 9))),
                (NAZORG["zes-weken"], "herinnering", nl(date(2027, 1, 11), 8)),
                (NAZORG["zes-weken"], "verlopen", nl(date(2027, 1, 13))),
            ]
        )
    assert {t.casemanager for t in timers} == {"vpt.dewit"}
    assert {(str(t.gebruiker), t.ontvanger) for t in timers} == {
        ("lg.peters", ORG),
        ("vpt.dewit", "zvh"),
    }
    # Replayed: the same ids, nothing new.
    await handle(uows, geregistreerd(), p)
    assert sorted(t.id for t in await nazorg_timers(uows)) == sorted(t.id for t in timers)


async def test_a_herinnering_mails_the_user_and_shows_in_their_postvak(sessions):
    uows = uow_factory(sessions)
    p = partners()
    await handle(uows, geregistreerd(), p)
    assert await fire(uows, nl(date(2026, 12, 2), 23, 59), p) == 0
    assert await fire(uows, nl(date(2026, 12, 3)), p) == 2  # the eerste contact: verlopen
    assert await fire(uows, nl(date(2026, 12, 7), 7, 59), p) == 0
    assert await fire(uows, nl(date(2026, 12, 7), 8), p) == 2  # leidinggevende + casemanager
    nieuw = [b for b in await emails(uows) if b.email and "Herinnering" in b.email.onderwerp]
    assert sorted(b.email.adres for b in nieuw if b.email) == [
        "a.dewit@zvh.test",
        "m.peters@bergen.test",
    ]
    lg_mail = next(b.email for b in nieuw if b.email and b.email.adres.endswith("bergen.test"))
    assert lg_mail.onderwerp == "Herinnering: nazorgcontact na een week uiterlijk 08-12-2026"
    assert "Beste Marieke Peters" in lg_mail.tekst and "http://ui.test/vpt" in lg_mail.tekst

    async with uows() as uow:
        eigen = await uow.timers.verstuurd(
            ontvanger=None, limit=50, organisatie=False, gebruiker="lg.peters"
        )
        van_cm = await uow.timers.verstuurd(
            ontvanger=None, limit=50, organisatie=False, casemanager="vpt.dewit"
        )
        org = await uow.timers.verstuurd(ontvanger=ORG, limit=50)
        alle = await uow.timers.verstuurd(ontvanger=None, limit=50)
    assert sorted(t.termijn for t in eigen) == sorted(
        [GEMELD, NAZORG["eerste"], NAZORG["een-week"]]
    )
    assert {str(t.gebruiker) for t in eigen} == {"lg.peters"}
    assert len(van_cm) == 5  # the leidinggevende's three and its own two
    assert org == [] and alle == []  # never in an organisation's (or the ZVH staff's) list


async def test_a_registered_contact_and_only_that_one_ends(sessions):
    uows = uow_factory(sessions)
    p = partners()
    await handle(uows, geregistreerd(), p)
    await handle(uows, nazorg_gedaan("een-week"), p)
    over = {t.termijn for t in await nazorg_timers(uows)}
    assert over == {NAZORG["eerste"], NAZORG["zes-weken"]}
    assert await fire(uows, nl(date(2026, 12, 9), 1), p) == 2  # eerste verlopen, twice
    verlopen = [b for b in await emails(uows) if b.email and "verstreken" in b.email.onderwerp]
    assert len(verlopen) == 2
    assert all(
        b.email and b.email.onderwerp == "Termijn verstreken: eerste nazorgcontact na een incident"
        for b in verlopen
    )


async def test_closing_the_dossier_ends_every_nazorg_termijn(sessions):
    uows = uow_factory(sessions)
    p = partners()
    await handle(uows, geregistreerd(), p)
    ander = geregistreerd().model_copy(update={"incident_id": uuid.uuid4()})
    await handle(uows, ander, p)
    afgesloten = overleg_vpt.VptDossierAfgesloten(
        dossier_id=uuid.uuid4(),
        incident_id=INCIDENT,
        organisatie=ORG,
        afgesloten_op=nl(date(2026, 12, 2), 9),
    )
    await handle(uows, afgesloten, p, nl(date(2026, 12, 2), 9))
    over = await nazorg_timers(uows)
    assert over and {t.melding_id for t in over} == {ander.incident_id}  # the other incident's
    assert await fire(uows, nl(date(2026, 12, 3)), p) == 2  # only the other's eerste verlopen


async def test_nazorg_signals_carry_the_soort(sessions):
    uows = uow_factory(sessions)
    await handle(uows, geregistreerd(), partners())
    soorten = {t.soort for t in await nazorg_timers(uows)}
    assert soorten == {Termijnsignaal.HERINNERING, Termijnsignaal.VERLOPEN}
