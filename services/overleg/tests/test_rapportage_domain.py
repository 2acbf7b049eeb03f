"""The quarterly report's pure rules: quarters, suppression of small counts, durations, shares."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from zvh_overleg.domain.levensloop import Afsluitreden
from zvh_overleg.domain.model import Actie, ActieStatus, AveFaseWijziging, Casus, open_casus
from zvh_overleg.domain.rapportage import (
    AFGESCHERMD,
    ONDERDRUKT,
    Kwartaal,
    KwartaalOngeldig,
    MeldingTelling,
    Rapport,
    TermijnUitkomst,
    afscherming,
    maak_rapport,
    toon,
    toon_aandeel,
    toon_mediaan,
)

Q4 = Kwartaal(2026, 4)
GEMEENTEN = {"GM0748": "Bergen op Zoom", "GM1674": "Roosendaal"}


def test_kwartaal_parses_and_bounds() -> None:
    assert Kwartaal.parse("2026-Q4") == Q4
    assert Kwartaal.parse(" 2026q4 ") == Q4
    assert (Q4.begin, Q4.eind) == (date(2026, 10, 1), date(2027, 1, 1))
    assert (Kwartaal(2027, 1).begin, Kwartaal(2027, 1).eind) == (date(2027, 1, 1), date(2027, 4, 1))
    assert str(Q4) == "2026-Q4" and Q4.naam == "4e kwartaal 2026"
    assert Kwartaal.van_datum(date(2026, 11, 24)) == Q4
    assert Kwartaal(2027, 1).vorige() == Q4 and Q4.vorige() == Kwartaal(2026, 3)


@pytest.mark.parametrize("tekst", ["2026-Q5", "2026-Q0", "Q4-2026", "2026", "", "1999-Q1", "26-Q4"])
def test_a_bad_kwartaal_gets_a_dutch_error(tekst: str) -> None:
    with pytest.raises(KwartaalOngeldig, match="is geen kwartaal: schrijf het als jaar"):
        Kwartaal.parse(tekst)


def test_the_quarter_is_counted_in_dutch_days() -> None:
    # 22:30 UTC on 30 September is 00:30 on 1 October in Amsterdam: the fourth quarter
    assert Q4.bevat(datetime(2026, 9, 30, 22, 30, tzinfo=UTC))
    assert not Q4.bevat(datetime(2026, 9, 30, 21, 30, tzinfo=UTC))
    assert not Q4.bevat(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))  # 1 January in Amsterdam
    assert not Q4.bevat(None)


def test_counts_of_one_to_four_are_suppressed() -> None:
    assert [toon("x", n).weergave for n in (0, 1, 4, 5, 12)] == [
        "0",
        ONDERDRUKT,
        ONDERDRUKT,
        "5",
        "12",
    ]
    assert toon("x", 3).waarde is None and toon("x", 5).waarde == 5


def test_a_hidden_count_gets_company_until_subtracting_reveals_nothing() -> None:
    # one small count: the smallest other part joins it (3 + 6 = 9 >= 4 * 1 + 5)
    a = afscherming([3, 6, 20])
    assert (a.klein, a.aanvullend, a.totaal_verborgen) == ({0}, {1}, False)
    # 3 + 5 = 8 is not enough: 3 + 5 + 20
    assert afscherming([3, 5, 20]).aanvullend == {1, 2}
    # zeros are never hidden (they protect nothing); nothing small: nothing hidden
    assert afscherming([0, 2, 7, 0]).verborgen == {1, 2}
    assert afscherming([0, 5, 7]).verborgen == frozenset()
    # only small parts (1 + 1 + 3): no part can protect them, so the total goes
    assert afscherming([1, 1, 3]).totaal_verborgen
    # 4 + 5 = 9: with the total known the 4 may still be 1 to 4 (and the 5 then 8 to 5)
    assert not afscherming([4, 5]).totaal_verborgen


def test_shares_and_medians_need_five_and_no_hidden_part() -> None:
    assert toon_aandeel("a", 15, 20).weergave == "75%"
    assert toon_aandeel("a", 8, 10).weergave == AFGESCHERMD  # the 2 others would follow
    assert toon_aandeel("a", 10, 10).weergave == "100%"
    assert toon_aandeel("a", 0, 6).weergave == "0%"
    assert toon_aandeel("a", 3, 10).weergave == AFGESCHERMD  # 3 would follow from 30%
    assert toon_aandeel("a", 7, 10).weergave == AFGESCHERMD  # and so would the 3 late ones
    assert toon_aandeel("a", 4, 4).weergave == AFGESCHERMD
    assert toon_mediaan("m", [1, 2, 3, 4]).weergave == ONDERDRUKT
    assert toon_mediaan("m", [1, 2, 3, 10, 20]).waarde == 3
    assert toon_mediaan("m", [1, 2, 3.5, 4, 10, 20]).weergave == "3,8"


def _nl(dag: date, uur: int = 10) -> datetime:
    return datetime(dag.year, dag.month, dag.day, uur - 1, tzinfo=UTC)  # winter time: UTC+1


def _casus(
    gemeente: str | None,
    geopend: date,
    *,
    afgesloten: date | None = None,
    reden: Afsluitreden | None = None,
) -> Casus:
    casus = open_casus(
        casus_id=uuid.uuid4(),
        melding_id=uuid.uuid4(),
        melder="politie-zwb",
        genodigden=["ggz-wnb"],
        ave_fase=2,
        client_geinformeerd=True,
        herbeoordeling_op=None,
        geopend_op=_nl(geopend),
        door="pr.jansen",
        gemeente=gemeente,
    )
    if afgesloten is not None:
        casus.afgesloten_op = _nl(afgesloten)
        casus.afsluitreden = reden
    return casus


def _actie(casus: Casus, wanneer: date, status: ActieStatus, terug: date | None) -> None:
    casus.acties.append(
        Actie(
            actie_id=uuid.uuid4(),
            casus_id=casus.casus_id,
            wat="Huisbezoek",
            wie="ggz-wnb",
            wanneer=wanneer,
            toegewezen_op=casus.geopend_op,
            status=status,
            teruggekoppeld_op=_nl(terug) if terug else None,
        )
    )


def _cijfers(rapport: Rapport) -> dict[tuple[str, str], str]:
    return {(titel, onderdeel): weergave for titel, onderdeel, _, weergave in rapport.regels()}


def test_meldingen_by_melder_and_uitkomst_with_a_shared_total() -> None:
    meldingen = [
        MeldingTelling("GM0748", "politie-zwb", "casus", 6, binnen_termijn=5),
        MeldingTelling("GM0748", "ggz-wnb", "advies", 2, binnen_termijn=2),
        MeldingTelling("GM0748", "politie-zwb", "te-trieren", 5),
        MeldingTelling("GM1674", "politie-zwb", "casus", 7, binnen_termijn=7),
        MeldingTelling(None, "politie-zwb", "casus", 1, binnen_termijn=1),
    ]
    namen = {"politie-zwb": "Politie", "ggz-wnb": "GGZ"}.__getitem__
    bergen = _cijfers(
        maak_rapport(
            kwartaal=Q4,
            gemeente="GM0748",
            gemeenten=GEMEENTEN,
            meldingen=meldingen,
            casussen=[],
            partnernaam=namen,
        )
    )
    assert bergen[("Meldingen per melder", "Politie")] == AFGESCHERMD  # else 13 - 11 = 2
    assert bergen[("Meldingen per melder", "GGZ")] == ONDERDRUKT
    assert bergen[("Meldingen per melder", "Totaal meldingen")] == "13"
    assert bergen[("Meldingen per uitkomst van de triage", "Advies")] == ONDERDRUKT
    # 2 + 5 = 7 < 9: the 6 casussen are hidden too
    assert bergen[("Meldingen per uitkomst van de triage", "Nog niet getrieerd")] == AFGESCHERMD
    assert bergen[("Meldingen per uitkomst van de triage", "Casus")] == AFGESCHERMD
    assert bergen[("Meldingen per uitkomst van de triage", "Terugverwezen")] == "0"
    # 7 within, 1 late: nothing can protect the 1, so the total goes as well
    assert bergen[("Termijn: triage", "Binnen de termijn getrieerd")] == AFGESCHERMD
    assert bergen[("Termijn: triage", "Na de termijn getrieerd")] == ONDERDRUKT
    assert bergen[("Termijn: triage", "Getrieerde meldingen")] == AFGESCHERMD
    assert bergen[("Termijn: triage", "Aandeel binnen de termijn")] == AFGESCHERMD

    roosendaal = _cijfers(
        maak_rapport(
            kwartaal=Q4,
            gemeente="GM1674",
            gemeenten=GEMEENTEN,
            meldingen=meldingen,
            casussen=[],
            partnernaam=namen,
        )
    )
    assert roosendaal[("Meldingen per melder", "Totaal meldingen")] == "7"
    assert roosendaal[("Meldingen per uitkomst van de triage", "Casus")] == "7"
    assert roosendaal[("Termijn: triage", "Aandeel binnen de termijn")] == "100%"

    alle = maak_rapport(
        kwartaal=Q4, gemeente=None, gemeenten=GEMEENTEN, meldingen=meldingen, casussen=[]
    )
    assert alle.gemeente_naam == "Alle gemeenten"
    cijfers = _cijfers(alle)
    # 1 + 7 = 8 < 9: Roosendaal and Bergen op Zoom both protect the 1 without a gemeente
    assert cijfers[("Meldingen per gemeente", "Bergen op Zoom")] == AFGESCHERMD
    assert cijfers[("Meldingen per gemeente", "Onbekend")] == ONDERDRUKT
    assert cijfers[("Meldingen per gemeente", "Roosendaal")] == AFGESCHERMD
    assert cijfers[("Meldingen per uitkomst van de triage", "Totaal meldingen")] == "21"
    onbekend = maak_rapport(
        kwartaal=Q4, gemeente="onbekend", gemeenten=GEMEENTEN, meldingen=meldingen, casussen=[]
    )
    assert onbekend.gemeente_naam == "Onbekend"
    assert _cijfers(onbekend)[("Meldingen per melder", "Totaal meldingen")] == ONDERDRUKT


def test_casussen_durations_acties_and_fase_changes() -> None:
    casussen = [_casus("GM0748", date(2026, 10, 5)) for _ in range(5)]
    gesloten = [
        _casus(
            "GM0748",
            date(2026, 7, 1),
            afgesloten=date(2026, 10, 1) + timedelta(days=d),
            reden=Afsluitreden.DOEL_BEREIKT,
        )
        for d in (0, 10, 20, 30, 40)
    ]
    gesloten.append(
        _casus("GM0748", date(2026, 9, 1), afgesloten=date(2026, 11, 1), reden=Afsluitreden.ANDERS)
    )
    vorig = _casus("GM0748", date(2026, 1, 5), afgesloten=date(2026, 3, 1))
    elders = _casus("GM1674", date(2026, 10, 5))
    for c in casussen:
        _actie(c, date(2026, 11, 1), ActieStatus.AFGEROND, date(2026, 10, 30))
        c.ave_fase_historie.append(
            AveFaseWijziging(ave_fase=3, van=2, vastgesteld_op=_nl(date(2026, 11, 2)), door="pr")
        )
    _actie(casussen[0], date(2026, 11, 1), ActieStatus.NIET_MOGELIJK, date(2026, 11, 5))
    _actie(casussen[0], date(2026, 12, 1), ActieStatus.OPEN, None)
    _actie(casussen[0], date(2026, 12, 1), ActieStatus.INGETROKKEN, None)
    casussen[1].ave_fase_historie.append(
        AveFaseWijziging(ave_fase=1, van=3, vastgesteld_op=_nl(date(2026, 9, 2)), door="pr")
    )
    termijnen = [
        TermijnUitkomst(c.casus_id, "eerste-contact", "eerste contact", gehaald=True)
        for c in casussen
    ]
    rapport = maak_rapport(
        kwartaal=Q4,
        gemeente="GM0748",
        gemeenten=GEMEENTEN,
        meldingen=[],
        casussen=[*casussen, *gesloten, vorig, elders],
        termijnen=termijnen,
    )
    f = _cijfers(rapport)
    assert f[("Casussen", "Geopend in het kwartaal")] == "5"
    assert f[("Casussen", "Lopend aan het eind van het kwartaal")] == "5"
    assert f[("Afgesloten casussen per reden", "Doel bereikt")] == AFGESCHERMD
    assert f[("Afgesloten casussen per reden", "Anders")] == ONDERDRUKT
    assert f[("Afgesloten casussen per reden", "Cliënt stopt")] == "0"
    assert f[("Afgesloten casussen per reden", "Afgesloten in het kwartaal")] == AFGESCHERMD
    # closed after 92, 102, 112, 122, 132 days (from 1 July) and 61 (from 1 September)
    assert f[("Doorlooptijd", "Mediaan aantal dagen open (afgesloten casussen)")] == "107"
    assert f[("Acties per terugkoppeling", "Afgerond")] == AFGESCHERMD
    assert f[("Acties per terugkoppeling", "Niet mogelijk")] == ONDERDRUKT
    assert f[("Acties per terugkoppeling", "Teruggekoppeld in het kwartaal")] == AFGESCHERMD
    # 7 acties due in the quarter (the withdrawn one not counted), 5 reported back on time
    assert f[("Termijn: acties (wanneer)", "Niet op tijd teruggekoppeld")] == ONDERDRUKT
    assert f[("Termijn: acties (wanneer)", "Op tijd teruggekoppeld")] == AFGESCHERMD
    assert f[("Fasewijzigingen (AVE)", "Opgeschaald")] == "5"
    assert f[("Fasewijzigingen (AVE)", "Afgeschaald")] == "0"  # the afschaling was in Q3
    assert f[("Fasewijzigingen (AVE)", "Fasewijzigingen in het kwartaal")] == "5"
    assert f[("Termijn: eerste contact", "Aandeel gehaald")] == "100%"
    assert all(isinstance(w, int | float) or w is None for _, _, w, _ in rapport.regels())
