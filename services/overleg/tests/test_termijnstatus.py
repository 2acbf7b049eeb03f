"""Termijnen met by their event: what may be recorded (domain) and where each termijn of a casus
stands (``application.termijnstatus``), over weekends and holidays."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from overleg_fakes import FakePdp, FixedClock, Store, casus, open_casus
from overleg_fakes import FakeUnitOfWork as Uow
from zvh_contracts.vocab import Casemanagementmodel as M
from zvh_contracts.vocab import OverlegSoort
from zvh_overleg.application import levensloop as cmd
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.termijnstatus import Stand, termijnstatus, termijnstatus_van_casus
from zvh_overleg.domain.errors import CasusOngeldig
from zvh_overleg.domain.levensloop import Afsluitreden, StatusMutatie, StatusWijziging
from zvh_overleg.domain.model import Actie, ActieStatus, Casus
from zvh_overleg.domain.overleg import Overleg, OverlegStatus
from zvh_overleg.domain.termijnregistratie import Gebeurtenis as G
from zvh_platform.termijnen import Termijnen

#: Tuesday 24 December 2030, 10:00 in Amsterdam: Christmas (25, 26) comes next.
KERSTAVOND = datetime(2030, 12, 24, 9, 0, tzinfo=UTC)


def _op(dag: date, uur: int = 12) -> datetime:
    return datetime(dag.year, dag.month, dag.day, uur - 1, 0, tzinfo=UTC)  # uur in winter time


def _registreer(c: Casus, g: G, op: date, *, vandaag: date | None = None) -> None:
    c.registreer_termijn(
        g,
        op=op,
        geopend=c.geopend_op.date(),
        vandaag=vandaag or op,
        door="pr.jansen",
        vastgelegd_op=_op(vandaag or op),
    )


def _status(c: Casus, nu: datetime, **kw: object) -> dict[str, tuple[str, date]]:
    """code → (status, deadline) of the casus' own termijnen."""
    return {
        t.code: (t.status, t.uiterlijk)
        for t in termijnstatus(c, nu=nu, **kw)  # type: ignore[arg-type]
        if t.onderwerp is None
    }


# --- what may be recorded -----------------------------------------------------------------------


def test_a_day_in_the_future_or_before_the_opening_is_refused_in_dutch() -> None:
    c = casus(geopend_op=KERSTAVOND)
    with pytest.raises(CasusOngeldig, match="niet in de toekomst") as fout:
        _registreer(c, G.EERSTE_CONTACT, date(2030, 12, 28), vandaag=date(2030, 12, 27))
    assert fout.value.veld == "op"
    with pytest.raises(CasusOngeldig, match=r"vóór de opening van de casus \(24-12-2030\)"):
        _registreer(c, G.EERSTE_CONTACT, date(2030, 12, 23), vandaag=date(2030, 12, 27))
    with pytest.raises(CasusOngeldig, match="Kies wat er is gebeurd") as fout:
        _registreer(c, None, date(2030, 12, 24))  # type: ignore[arg-type]
    assert fout.value.veld == "gebeurtenis"
    with pytest.raises(CasusOngeldig, match="geldige datum"):
        c.registreer_termijn(
            G.HULP_GESTART,
            op=None,
            geopend=KERSTAVOND.date(),
            vandaag=KERSTAVOND.date(),
            door="pr.jansen",
            vastgelegd_op=KERSTAVOND,
        )
    assert c.termijnregistraties == []
    # the opening day itself and today are fine
    _registreer(c, G.EERSTE_CONTACT, date(2030, 12, 24), vandaag=date(2030, 12, 27))
    _registreer(c, G.HULP_GESTART, date(2030, 12, 27))
    assert [r.gebeurtenis for r in c.termijnregistraties] == [G.EERSTE_CONTACT, G.HULP_GESTART]


def test_eerste_hulp_ends_only_in_its_models_and_after_the_help_started() -> None:
    makelaar = casus(geopend_op=KERSTAVOND)
    with pytest.raises(CasusOngeldig, match="makelaar heeft geen eerste hulp"):
        _registreer(makelaar, G.EERSTE_HULP_BEEINDIGD, date(2030, 12, 27))
    intensief = casus(geopend_op=KERSTAVOND, casemanagementmodel=M.INTENSIEF)
    with pytest.raises(CasusOngeldig, match="Leg eerst vast wanneer de hulp is gestart"):
        _registreer(intensief, G.EERSTE_HULP_BEEINDIGD, date(2030, 12, 27))
    _registreer(intensief, G.HULP_GESTART, date(2030, 12, 30))
    with pytest.raises(CasusOngeldig, match="niet eindigen vóór de start"):
        _registreer(
            intensief, G.EERSTE_HULP_BEEINDIGD, date(2030, 12, 27), vandaag=date(2031, 1, 6)
        )
    _registreer(intensief, G.EERSTE_HULP_BEEINDIGD, date(2031, 3, 3))


def test_a_closed_casus_records_nothing_more() -> None:
    c = casus(geopend_op=KERSTAVOND, afgesloten_op=KERSTAVOND + timedelta(days=3))
    with pytest.raises(CasusOngeldig, match="afgesloten"):
        _registreer(c, G.EERSTE_CONTACT, date(2030, 12, 27))


def test_a_later_registration_corrects_an_earlier_one_and_both_are_kept() -> None:
    c = casus(geopend_op=KERSTAVOND)
    _registreer(c, G.EERSTE_CONTACT, date(2030, 12, 31))
    _registreer(c, G.EERSTE_CONTACT, date(2030, 12, 30), vandaag=date(2031, 1, 2))
    assert c.geregistreerd_op(G.EERSTE_CONTACT) == date(2030, 12, 30)
    assert len(c.termijnregistraties) == 2
    assert _status(c, _op(date(2031, 1, 2)))["eerste-contact"][0] == "op-tijd"


# --- where a termijn stands ---------------------------------------------------------------------


def test_over_christmas_eerste_contact_is_open_on_its_deadline_and_verlopen_the_day_after() -> None:
    c = casus(geopend_op=KERSTAVOND)
    # 25 and 26 December are off: two werkdagen are Friday 27 and Monday 30 December
    assert _status(c, _op(date(2030, 12, 30), 23)) == {
        "eerste-contact": ("open", date(2030, 12, 30)),
        "hulp-gestart": ("open", date(2030, 12, 31)),
    }
    assert _status(c, _op(date(2030, 12, 31)))["eerste-contact"] == ("verlopen", date(2030, 12, 30))
    assert _status(c, _op(date(2031, 1, 2)))["hulp-gestart"][0] == "verlopen"


@pytest.mark.parametrize(
    ("op", "status"), [(date(2030, 12, 30), "op-tijd"), (date(2030, 12, 31), "te-laat")]
)
def test_a_recorded_first_contact_is_met_on_time_or_late(op: date, status: str) -> None:
    c = casus(geopend_op=KERSTAVOND)
    _registreer(c, G.EERSTE_CONTACT, op)
    [t] = [t for t in termijnstatus(c, nu=_op(date(2031, 1, 6))) if t.code == "eerste-contact"]
    assert (t.stand, t.status, t.behaald_op) == (Stand.BEHAALD, status, op)
    assert t.op_tijd is (status == "op-tijd")


def test_easter_monday_is_no_werkdag_for_hulp_gestart() -> None:
    # opened Friday 19 April 2030 (Goede Vrijdag: a werkdag); Easter Monday 22 April is off
    c = casus(geopend_op=datetime(2030, 4, 19, 8, 0, tzinfo=UTC))
    assert _status(c, datetime(2030, 4, 19, 8, 0, tzinfo=UTC)) == {
        "eerste-contact": ("open", date(2030, 4, 24)),
        "hulp-gestart": ("open", date(2030, 4, 25)),
    }


def test_eerste_hulp_counts_three_months_from_the_recorded_start_of_the_help() -> None:
    c = casus(geopend_op=KERSTAVOND, casemanagementmodel=M.COORDINATIE_PLUS)
    # not recorded yet: as if the help started at the opening (24 March 2031 is a Monday)
    assert _status(c, KERSTAVOND)["eerste-hulp"] == ("open", date(2031, 3, 24))
    _registreer(c, G.HULP_GESTART, date(2031, 1, 2))
    assert _status(c, _op(date(2031, 1, 2)))["hulp-gestart"][0] == "te-laat"
    # 2 April 2031 is a Wednesday
    assert _status(c, _op(date(2031, 4, 2)))["eerste-hulp"] == ("open", date(2031, 4, 2))
    assert _status(c, _op(date(2031, 4, 3)))["eerste-hulp"] == ("verlopen", date(2031, 4, 2))
    _registreer(c, G.EERSTE_HULP_BEEINDIGD, date(2031, 3, 31))
    assert _status(c, _op(date(2031, 4, 3)))["eerste-hulp"] == ("op-tijd", date(2031, 4, 2))


def test_a_makelaar_casus_has_no_eerste_hulp_and_the_nacontrole_comes_after_closing() -> None:
    c = casus(geopend_op=KERSTAVOND)
    assert "eerste-hulp" not in _status(c, KERSTAVOND)
    gesloten = datetime(2031, 2, 3, 9, 0, tzinfo=UTC)
    c.afgesloten_op = gesloten
    c.status_historie.append(
        StatusWijziging(
            StatusMutatie.AFGESLOTEN, gesloten, "pr.jansen", afsluitreden=Afsluitreden.DOEL_BEREIKT
        )
    )
    # six months on, 3 August 2031 is a Sunday: the next werkdag
    assert _status(c, gesloten)["nacontrole"] == ("open", date(2031, 8, 4))
    assert _status(c, _op(date(2031, 8, 5)))["nacontrole"][0] == "verlopen"


def _overleg(start: datetime, agenda: list[uuid.UUID], **kw: object) -> Overleg:
    return Overleg(
        overleg_id=uuid.uuid4(),
        soort=OverlegSoort.CASUSOVERLEG,
        start=start,
        eind=start + timedelta(hours=2),
        locatie="ZVH",
        voorzitter="pr.jansen",
        agenda=agenda,
        gepland_op=start - timedelta(days=14),
        gepland_door="pr.jansen",
        **kw,  # type: ignore[arg-type]
    )


def test_the_verslag_of_each_held_overleg_is_met_when_finalised() -> None:
    c = casus(geopend_op=datetime(2030, 12, 2, 9, 0, tzinfo=UTC))
    voor_kerst = _overleg(
        KERSTAVOND,
        [c.casus_id],
        status=OverlegStatus.VERSLAG_VASTGESTELD,
        verslag_vastgesteld_op=_op(date(2030, 12, 31)),
    )
    nog_open = _overleg(_op(date(2031, 1, 6), 10), [c.casus_id])
    geannuleerd = _overleg(
        _op(date(2031, 1, 7), 10), [c.casus_id], status=OverlegStatus.GEANNULEERD
    )
    ander = _overleg(_op(date(2031, 1, 6), 10), [uuid.uuid4()])
    later = _overleg(_op(date(2031, 2, 6), 10), [c.casus_id])
    nu = _op(date(2031, 1, 10))
    verslagen = [
        t
        for t in termijnstatus(
            c, nu=nu, overleggen=[nog_open, later, ander, geannuleerd, voor_kerst]
        )
        if t.code == "verslag"
    ]
    # three werkdagen after 24 December: 27, 30, 31 December; after 6 January: 9 January
    assert [(t.onderwerp, t.uiterlijk, t.status) for t in verslagen] == [
        (voor_kerst.overleg_id, date(2030, 12, 31), "op-tijd"),
        (nog_open.overleg_id, date(2031, 1, 9), "verlopen"),
    ]


def test_an_actie_is_met_by_a_final_terugkoppeling_and_a_withdrawn_one_has_no_termijn() -> None:
    c = casus(geopend_op=datetime(2030, 12, 2, 9, 0, tzinfo=UTC))

    def actie(wanneer: date, status: ActieStatus, terug: date | None = None) -> Actie:
        a = Actie(
            actie_id=uuid.uuid4(),
            casus_id=c.casus_id,
            wat="huisbezoek",
            wie="ggz-wnb",
            wanneer=wanneer,
            toegewezen_op=c.geopend_op,
            status=status,
            teruggekoppeld_op=_op(terug) if terug else None,
        )
        c.acties.append(a)
        return a

    op_tijd = actie(date(2030, 12, 24), ActieStatus.AFGEROND, date(2030, 12, 24))
    te_laat = actie(date(2030, 12, 20), ActieStatus.NIET_MOGELIJK, date(2030, 12, 23))
    loopt = actie(date(2030, 12, 20), ActieStatus.LOOPT, date(2030, 12, 19))
    open_ = actie(date(2030, 12, 27), ActieStatus.OPEN)
    actie(date(2030, 12, 20), ActieStatus.INGETROKKEN)
    acties = {
        t.onderwerp: (t.status, t.behaald_op)
        for t in termijnstatus(c, nu=_op(date(2030, 12, 27)))
        if t.code == "actie"
    }
    assert acties == {
        op_tijd.actie_id: ("op-tijd", date(2030, 12, 24)),
        te_laat.actie_id: ("te-laat", date(2030, 12, 23)),
        loopt.actie_id: ("verlopen", None),  # "loopt" is no end: still open, and past its date
        open_.actie_id: ("open", None),  # its own date is still on time
    }


def test_a_region_length_counts() -> None:
    c = casus(geopend_op=KERSTAVOND)
    regio = Termijnen().met_lengte("eerste-contact", lengte=1, eenheid="weken")  # type: ignore[arg-type]
    # one calendar week after 24 December: Tuesday 31 December, a werkdag
    assert _status(c, KERSTAVOND, termijnen=regio)["eerste-contact"] == ("open", date(2030, 12, 31))


# --- the use case -------------------------------------------------------------------------------


async def test_recording_is_regie_and_the_query_reads_the_overleggen(store: Store) -> None:
    casus_id = await open_casus(store)  # Monday 4 March 2030
    clock = FixedClock(datetime(2030, 3, 6, 9, 0, tzinfo=UTC))
    pr = Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"], token="t")
    await cmd.registreer_termijn(
        casus_id,
        gebeurtenis=G.EERSTE_CONTACT,
        op=date(2030, 3, 5),
        actor=pr,
        uow=lambda: Uow(store),
        pdp=FakePdp(),
        clock=clock,
    )
    [r] = store.casussen[casus_id].termijnregistraties
    assert (r.op, r.door, r.vastgelegd_op) == (date(2030, 3, 5), "pr.jansen", clock.now())
    overleg = _overleg(datetime(2030, 3, 5, 9, 0, tzinfo=UTC), [casus_id])
    store.overleggen[overleg.overleg_id] = overleg
    statussen = await termijnstatus_van_casus(
        store.casussen[casus_id], nu=clock.now(), uow=lambda: Uow(store)
    )
    assert [(t.code, t.status) for t in statussen] == [
        ("eerste-contact", "op-tijd"),
        ("hulp-gestart", "open"),
        ("verslag", "open"),
    ]
    nee = FakePdp(allow=False)
    with pytest.raises(ToegangGeweigerd):
        await cmd.registreer_termijn(
            casus_id,
            gebeurtenis=G.HULP_GESTART,
            op=date(2030, 3, 5),
            actor=pr,
            uow=lambda: Uow(store),
            pdp=nee,
            clock=clock,
        )
    assert len(store.casussen[casus_id].termijnregistraties) == 1
    assert nee.requests[0].action == "write" and nee.requests[0].resource.type == "casus"
