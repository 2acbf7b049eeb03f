"""Planning rules: plan/change/cancel, genodigden, answers, series dates, werkdagen."""

from __future__ import annotations

import uuid
from datetime import UTC, date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from overleg_fakes import NU
from zvh_contracts.vocab import OverlegAntwoord, OverlegSoort
from zvh_overleg.domain import overleg as regels
from zvh_overleg.domain.errors import (
    AntwoordGeweigerd,
    OverlegNietWijzigbaar,
    OverlegOngeldig,
    VerslagNietMogelijk,
)
from zvh_overleg.domain.overleg import OverlegStatus, Uitgenodigd
from zvh_overleg.domain.reeks import controleer_reeks, eerste_dag, reeks_tijden
from zvh_overleg.domain.werkdagen import is_werkdag, verslag_te_laat, verslag_uiterlijk

NL = ZoneInfo("Europe/Amsterdam")
A, B, C = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
START = NU + timedelta(days=2)


def plan(**kw):  # type: ignore[no-untyped-def]
    values: dict[str, Any] = {
        "overleg_id": uuid.uuid4(),
        "soort": OverlegSoort.CASUSOVERLEG,
        "start": START,
        "eind": START + timedelta(hours=2),
        "locatie": "  Zaal 1  ",
        "voorzitter": "pr.jansen",
        "voorzitters": {"pr.jansen"},
        "agenda": [A, B],
        "open_casussen": {A, B, C},
        "nu": NU,
        "door": "pr.jansen",
    }
    values.update(kw)
    return regels.plan_overleg(**values)


def test_plan_strips_locatie_and_keeps_agenda_order() -> None:
    o = plan(agenda=[B, A])
    assert o.locatie == "Zaal 1" and o.agenda == [B, A] and o.sequence == 0
    assert o.status is OverlegStatus.GEPLAND


@pytest.mark.parametrize(
    ("kw", "veld", "tekst"),
    [
        ({"eind": START}, "eindtijd", "eindtijd moet na de begintijd"),
        ({"eind": START - timedelta(minutes=5)}, "eindtijd", "eindtijd"),
        ({"start": NU - timedelta(days=1)}, "datum", "verleden"),
        ({"agenda": []}, "agenda", "minstens één casus"),
        ({"agenda": [A, A]}, "agenda", "één keer"),
        ({"agenda": [uuid.uuid4()]}, "agenda", "open casussen"),
        ({"locatie": "   "}, "locatie", "locatie"),
        ({"locatie": "x" * 301}, "locatie", "300"),
        ({"voorzitter": "agent.smit"}, "voorzitter", "voorzitter"),
    ],
)
def test_plan_rules_name_their_field(kw, veld: str, tekst: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OverlegOngeldig) as exc:
        plan(**kw)
    assert exc.value.veld == veld and tekst in str(exc.value)


def test_locatie_of_300_chars_is_fine_and_series_meeting_may_be_empty() -> None:
    assert len(plan(locatie="x" * 300).locatie) == 300
    assert plan(agenda=[], reeks_id=uuid.uuid4()).agenda == []


def test_genodigden_union_without_zvh_with_own_casussen_in_agenda_order() -> None:
    deelnemers = {
        A: ["politie-zwb", "zvh", "gemeente-bergen-op-zoom"],
        B: ["ggz-wnb", "politie-zwb"],
    }
    assert regels.genodigden_van([B, A], deelnemers) == [
        Uitgenodigd(partner="ggz-wnb", casus_ids=[B]),
        Uitgenodigd(partner="politie-zwb", casus_ids=[B, A]),
        Uitgenodigd(partner="gemeente-bergen-op-zoom", casus_ids=[A]),
    ]


def test_change_raises_sequence_only_when_something_changed() -> None:
    o = plan()
    kw = {
        "start": o.start,
        "eind": o.eind,
        "locatie": o.locatie,
        "voorzitter": o.voorzitter,
        "voorzitters": {"pr.jansen"},
        "agenda": list(o.agenda),
        "open_casussen": {A, B, C},
        "nu": NU,
    }
    assert regels.wijzig_overleg(o, **kw) is False and o.sequence == 0
    kw["locatie"] = "https://meet.example/zvh"
    assert regels.wijzig_overleg(o, **kw) is True and o.sequence == 1
    kw["agenda"] = []
    with pytest.raises(OverlegOngeldig, match="minstens één casus"):
        regels.wijzig_overleg(o, **kw)


def test_cancelled_overleg_cannot_change_or_be_cancelled_again() -> None:
    o = plan()
    regels.annuleer_overleg(o)
    assert o.status is OverlegStatus.GEANNULEERD and o.sequence == 1
    with pytest.raises(OverlegNietWijzigbaar, match="geannuleerd"):
        regels.wijzig_overleg(
            o,
            start=o.start,
            eind=o.eind,
            locatie="elders",
            voorzitter="pr.jansen",
            voorzitters={"pr.jansen"},
            agenda=[A],
            open_casussen={A},
            nu=NU,
        )
    with pytest.raises(OverlegNietWijzigbaar):
        regels.annuleer_overleg(o)


def test_answers_need_invitation_and_a_reason_to_decline() -> None:
    o = plan()
    kw: dict[str, Any] = {"genodigden": {"politie-zwb"}, "nu": NU, "door": "agent.smit"}
    with pytest.raises(AntwoordGeweigerd, match="niet uitgenodigd"):
        regels.beantwoord(o, partner="ggz-wnb", antwoord=OverlegAntwoord.KOMT, reden=None, **kw)
    with pytest.raises(AntwoordGeweigerd) as exc:
        regels.beantwoord(
            o, partner="politie-zwb", antwoord=OverlegAntwoord.KOMT_NIET, reden=" ", **kw
        )
    assert exc.value.veld == "reden"
    a = regels.beantwoord(
        o, partner="politie-zwb", antwoord=OverlegAntwoord.KOMT_NIET, reden=" verlof ", **kw
    )
    assert a.reden == "verlof"
    gehouden = plan()
    regels.stel_verslag_vast(gehouden, nu=gehouden.eind)
    with pytest.raises(AntwoordGeweigerd, match="al plaatsgevonden"):
        regels.beantwoord(
            gehouden, partner="politie-zwb", antwoord=OverlegAntwoord.KOMT, reden=None, **kw
        )
    regels.annuleer_overleg(o)
    with pytest.raises(AntwoordGeweigerd, match="geannuleerd"):
        regels.beantwoord(o, partner="politie-zwb", antwoord=OverlegAntwoord.KOMT, reden=None, **kw)


def test_verslag_only_once_and_not_before_start() -> None:
    o = plan()
    with pytest.raises(VerslagNietMogelijk, match="pas"):
        regels.stel_verslag_vast(o, nu=NU)
    regels.stel_verslag_vast(o, nu=o.eind)
    assert o.status is OverlegStatus.VERSLAG_VASTGESTELD and o.verslag_vastgesteld_op == o.eind
    with pytest.raises(VerslagNietMogelijk, match="al vastgesteld"):
        regels.stel_verslag_vast(o, nu=o.eind)


def test_series_keeps_wall_clock_time_across_dst_change() -> None:
    # summer time starts Sunday 31 March 2030
    eerste = eerste_dag(date(2030, 3, 18), 1)  # tuesday
    assert eerste == date(2030, 3, 19)
    tijden = reeks_tijden(
        eerste=eerste, begintijd=time(9, 30), duur_minuten=90, interval_weken=1, aantal=3, tz=NL
    )
    assert [s.astimezone(NL).strftime("%H:%M") for s, _ in tijden] == ["09:30"] * 3
    assert [s.astimezone(UTC).hour for s, _ in tijden] == [8, 8, 7]
    assert [s.date() for s, _ in tijden] == [date(2030, 3, 19), date(2030, 3, 26), date(2030, 4, 2)]
    assert tijden[0][1] - tijden[0][0] == timedelta(minutes=90)


def test_series_every_two_weeks_and_rules() -> None:
    tijden = reeks_tijden(
        eerste=date(2030, 10, 14),
        begintijd=time(14),
        duur_minuten=60,
        interval_weken=2,
        aantal=2,
        tz=NL,
    )
    assert [s.date() for s, _ in tijden] == [date(2030, 10, 14), date(2030, 10, 28)]
    assert [s.astimezone(UTC).hour for s, _ in tijden] == [12, 13]  # winter time from 27 Oct
    with pytest.raises(OverlegOngeldig) as exc:
        controleer_reeks(weekdag=5, duur_minuten=60, interval_weken=1, aantal_vooruit=4)
    assert exc.value.veld == "weekdag"
    with pytest.raises(OverlegOngeldig) as exc:
        controleer_reeks(weekdag=1, duur_minuten=60, interval_weken=0, aantal_vooruit=4)
    assert exc.value.veld == "interval"


def test_werkdagen_skip_weekend_and_christmas() -> None:
    assert not is_werkdag(date(2030, 12, 25)) and not is_werkdag(date(2030, 12, 26))
    assert not is_werkdag(date(2030, 12, 28)) and is_werkdag(date(2030, 12, 27))
    # Tuesday 24 Dec: 27 (Fri), 30 (Mon), 31 (Tue)
    assert verslag_uiterlijk(date(2030, 12, 24)) == date(2030, 12, 31)
    # Monday 30 Dec: 31, then New Year's Day off, 2 and 3 January
    assert verslag_uiterlijk(date(2030, 12, 30)) == date(2031, 1, 3)


def test_werkdagen_around_easter_and_an_ordinary_week() -> None:
    # Easter 2030: Goede Vrijdag 19 April is a werkdag, Tweede paasdag 22 April is not
    assert not is_werkdag(date(2030, 4, 22)) and is_werkdag(date(2030, 4, 19))
    assert verslag_uiterlijk(date(2030, 4, 18)) == date(2030, 4, 24)  # 19, 23, 24
    assert verslag_uiterlijk(date(2030, 3, 4)) == date(2030, 3, 7)  # Monday → Thursday
    assert verslag_uiterlijk(date(2030, 3, 7)) == date(2030, 3, 12)  # Thursday → Tuesday


def test_verslag_te_laat() -> None:
    dag = date(2030, 3, 4)
    assert not verslag_te_laat(overleg_dag=dag, vastgesteld_op=None, vandaag=date(2030, 3, 7))
    assert verslag_te_laat(overleg_dag=dag, vastgesteld_op=None, vandaag=date(2030, 3, 8))
    assert not verslag_te_laat(
        overleg_dag=dag, vastgesteld_op=date(2030, 3, 6), vandaag=date(2030, 3, 20)
    )
    assert verslag_te_laat(
        overleg_dag=dag, vastgesteld_op=date(2030, 3, 8), vandaag=date(2030, 3, 8)
    )


def test_verslag_attendance_falls_back_to_the_answers() -> None:
    from zvh_overleg.domain.overleg import Antwoord
    from zvh_overleg.domain.verslag import Aanwezigheid, maak_verslag

    o = plan()
    for partner, antwoord in (
        ("politie-zwb", OverlegAntwoord.KOMT),
        ("ggz-wnb", OverlegAntwoord.KOMT),
    ):
        o.antwoorden.append(
            Antwoord(partner=partner, antwoord=antwoord, reden=None, beantwoord_op=NU, door="x")
        )
    genodigden = [
        Uitgenodigd(partner=p, casus_ids=[A]) for p in ("politie-zwb", "ggz-wnb", "woonkwartier")
    ]
    v = maak_verslag(
        o,
        casussen=[],
        genodigden=genodigden,
        aanwezigheid=Aanwezigheid(partners={"ggz-wnb": False}),  # said komt, but did not come
        volgend_overleg={},
        nu=NU,
        door="pr.jansen",
    )
    assert v.aanwezig == ["politie-zwb"]
    assert v.afwezig == ["ggz-wnb", "woonkwartier"]
