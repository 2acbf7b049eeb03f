"""Domain rules: termijnen, pseudonyms, triage validation and Dutch rejection reasons."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError
from zvh_contracts.partner.melding_v1 import MeldingIngediend
from zvh_contracts.vocab import TriageUitkomst, Urgentie
from zvh_intake.domain.afwijzing import uit_validatiefouten, veldpad
from zvh_intake.domain.errors import AlGetrieerd, TriageOngeldig
from zvh_intake.domain.label import MeldingLabel, initialen, label_van
from zvh_intake.domain.model import (
    STANDAARD_HERBEOORDELING,
    Melding,
    MeldingStatus,
    Triage,
    categorie_van,
)
from zvh_intake.domain.pseudoniem import normaliseer_naam, pseudoniem
from zvh_intake.domain.termijnen import WERKDAGEN, triage_uiterlijk, triage_uiterlijk_voor
from zvh_platform import pseudoniem as platform_pseudoniem
from zvh_platform.kalender import werkdagkalender
from zvh_platform.termijnen import Termijnen

WOENSDAG = date(2025, 3, 12)
VRIJDAG = date(2025, 3, 14)
ZATERDAG = date(2025, 3, 15)


@pytest.mark.parametrize(
    ("urgentie", "ontvangen", "verwacht"),
    [
        (Urgentie.ACUUT, WOENSDAG, WOENSDAG),
        (Urgentie.ACUUT, ZATERDAG, ZATERDAG),
        (Urgentie.HOOG, WOENSDAG, date(2025, 3, 13)),
        (Urgentie.HOOG, VRIJDAG, date(2025, 3, 17)),
        (Urgentie.HOOG, ZATERDAG, date(2025, 3, 17)),
        (Urgentie.NORMAAL, WOENSDAG, date(2025, 3, 17)),
        (Urgentie.NORMAAL, VRIJDAG, date(2025, 3, 19)),
        (Urgentie.LAAG, WOENSDAG, date(2025, 3, 19)),
        (Urgentie.LAAG, VRIJDAG, date(2025, 3, 21)),
    ],
)
def test_triage_termijn_skips_weekends(urgentie: Urgentie, ontvangen: date, verwacht: date) -> None:
    assert triage_uiterlijk(urgentie=urgentie, ontvangen=ontvangen) == verwacht


def test_termijn_uses_the_dutch_calendar_day() -> None:
    # 23:30 UTC on Friday is already Saturday in Amsterdam: hoog → Monday either way,
    # but acuut is Saturday (the Dutch day), not Friday.
    laat = datetime(2025, 3, 14, 23, 30, tzinfo=UTC)
    assert triage_uiterlijk_voor(urgentie=Urgentie.ACUUT, ontvangen_op=laat) == ZATERDAG


@pytest.mark.parametrize(
    ("urgentie", "ontvangen", "verwacht"),
    [
        # Goede Vrijdag 2027 is a werkdag; Tweede paasdag (Monday 29 March) is not
        (Urgentie.ACUUT, date(2027, 3, 26), date(2027, 3, 26)),
        (Urgentie.HOOG, date(2027, 3, 26), date(2027, 3, 30)),
        (Urgentie.NORMAAL, date(2027, 3, 26), date(2027, 4, 1)),
        (Urgentie.LAAG, date(2027, 3, 26), date(2027, 4, 5)),
        (Urgentie.HOOG, date(2027, 3, 25), date(2027, 3, 26)),
        # 24 December 2026 (Thursday): Kerstdagen, the weekend and Nieuwjaarsdag are skipped
        (Urgentie.ACUUT, date(2026, 12, 24), date(2026, 12, 24)),
        (Urgentie.HOOG, date(2026, 12, 24), date(2026, 12, 28)),
        (Urgentie.NORMAAL, date(2026, 12, 24), date(2026, 12, 30)),
        (Urgentie.LAAG, date(2026, 12, 24), date(2027, 1, 4)),
        (Urgentie.ACUUT, date(2026, 12, 25), date(2026, 12, 25)),  # acuut does not wait
        (Urgentie.HOOG, date(2026, 12, 25), date(2026, 12, 28)),
    ],
)
def test_triage_termijn_skips_public_holidays(
    urgentie: Urgentie, ontvangen: date, verwacht: date
) -> None:
    assert triage_uiterlijk(urgentie=urgentie, ontvangen=ontvangen) == verwacht


def test_triage_termijn_follows_the_region() -> None:
    termijnen = Termijnen().met_lengte("triage-hoog", lengte=2)
    vrij = werkdagkalender(goede_vrijdag_vrij=True)
    donderdag = date(2027, 3, 25)
    assert triage_uiterlijk(urgentie=Urgentie.HOOG, ontvangen=donderdag, kalender=vrij) == date(
        2027, 3, 30
    )
    assert triage_uiterlijk(
        urgentie=Urgentie.HOOG, ontvangen=donderdag, termijnen=termijnen
    ) == date(2027, 3, 30)
    nacht = datetime(2027, 3, 25, 23, 30, tzinfo=UTC)  # Goede Vrijdag in Amsterdam
    assert triage_uiterlijk_voor(
        urgentie=Urgentie.NORMAAL, ontvangen_op=nacht, termijnen=termijnen, kalender=vrij
    ) == date(2027, 4, 1)  # 30, 31 March, 1 April


def test_intake_lengths_are_the_platform_defaults() -> None:
    assert WERKDAGEN == {Urgentie.ACUUT: 0, Urgentie.HOOG: 1, Urgentie.NORMAAL: 3, Urgentie.LAAG: 5}
    for urgentie, werkdagen in WERKDAGEN.items():
        assert Termijnen().triage(urgentie).lengte == werkdagen


def test_pseudoniem_is_the_platform_function() -> None:
    """Intake and consent must compute the same pseudonym: one implementation, re-exported."""
    assert pseudoniem is platform_pseudoniem.pseudoniem
    assert normaliseer_naam is platform_pseudoniem.normaliseer_naam
    assert (
        len(pseudoniem(key=b"k", bsn="111222333", voornaam="", achternaam="", geboortedatum=None))
        == 32
    )


def test_veldpad_renders_indices() -> None:
    assert veldpad(("betrokkenen", 0, "bsn")) == "betrokkenen[0].bsn"
    assert veldpad(()) == ""


def _fouten(body: dict[str, object] | str) -> list[tuple[str, str]]:
    raw = body if isinstance(body, str) else __import__("json").dumps(body)
    with pytest.raises(ValidationError) as info:
        MeldingIngediend.model_validate_json(raw)
    redenen = uit_validatiefouten(info.value.errors(include_input=False))
    return [(r.veld, r.melding) for r in redenen]


def test_validation_errors_become_readable_dutch_reasons() -> None:
    redenen = _fouten(
        {
            "melder_referentie": "PL 1",
            "betrokkenen": [{"rol": "buurman", "voornaam": "", "achternaam": "X", "bsn": "123"}],
            "leefgebieden": [],
            "urgentie": "heel-hoog",
            "client_geinformeerd": True,
        }
    )
    bij_veld = dict(redenen)
    assert bij_veld["melder_referentie"] == "heeft niet de juiste vorm"
    assert bij_veld["reden"] == "is verplicht maar ontbreekt"
    assert bij_veld["leefgebieden"] == "mag niet leeg zijn"
    assert bij_veld["betrokkenen[0].voornaam"] == "mag niet leeg zijn"
    assert bij_veld["betrokkenen[0].bsn"] == "heeft niet de juiste vorm"
    assert bij_veld["betrokkenen[0].rol"].startswith("moet een van deze waarden zijn")
    assert bij_veld["urgentie"].startswith("moet een van deze waarden zijn")
    assert all("123" not in m and "PL 1" not in m for _, m in redenen), "input is never echoed"


def test_elfproef_and_model_rule_messages_are_kept_in_dutch() -> None:
    body = {
        "melder_referentie": "PL-1",
        "betrokkenen": [{"rol": "client", "voornaam": "A", "achternaam": "B", "bsn": "123456789"}],
        "reden": "r",
        "leefgebieden": ["gezin"],
        "urgentie": "laag",
        "client_geinformeerd": True,
    }
    assert ("betrokkenen[0].bsn", "BSN voldoet niet aan de elfproef") in _fouten(body)
    body["betrokkenen"][0]["bsn"] = "111222333"  # type: ignore[index]
    body["client_geinformeerd"] = False
    (veld, melding), *_ = _fouten(body)
    assert veld == ""
    assert "reden_niet_geinformeerd is verplicht" in melding


def test_invalid_json_gets_a_reason() -> None:
    assert _fouten("{niet json") == [("", "het bericht is geen geldige JSON")]


def _melding() -> Melding:
    return Melding(
        id=uuid.uuid4(),
        eigenaar="politie-zwb",
        melder_referentie="PL-1",
        urgentie=Urgentie.HOOG,
        leefgebieden=("gezin",),
        inhoud={},
        ontvangen_op=datetime(2025, 3, 12, tzinfo=UTC),
        triage_uiterlijk=date(2025, 3, 13),
    )


def _triage(**kw: object) -> Triage:
    base: dict[str, object] = {
        "uitkomst": TriageUitkomst.CASUS,
        "ave_fase": 3,
        "client_geinformeerd": True,
        "reden_niet_geinformeerd": None,
        "herbeoordeling_op": None,
        "uit_te_nodigen_partners": (),
        "getrieerd_door": "pr.jansen",
        "getrieerd_op": datetime(2025, 3, 13, 10, tzinfo=UTC),
    }
    base.update(kw)
    return Triage(**base)  # type: ignore[arg-type]


def test_triage_marks_melding_getrieerd_once() -> None:
    getrieerd = _melding().triageer(_triage())
    assert getrieerd.status is MeldingStatus.GETRIEERD
    assert getrieerd.triage is not None and getrieerd.triage.ave_fase == 3
    with pytest.raises(AlGetrieerd):
        getrieerd.triageer(_triage())


def test_casus_needs_ave_fase_and_uninformed_client_needs_reason() -> None:
    with pytest.raises(TriageOngeldig) as info:
        _melding().triageer(_triage(ave_fase=None, client_geinformeerd=False))
    velden = {r.veld for r in info.value.redenen}
    assert velden == {"ave_fase", "reden_niet_geinformeerd"}


def test_uninformed_client_gets_default_herbeoordeling_in_three_months() -> None:
    m = _melding().triageer(
        _triage(
            uitkomst=TriageUitkomst.ADVIES,
            ave_fase=None,
            client_geinformeerd=False,
            reden_niet_geinformeerd=" veiligheid ",
        )
    )
    assert m.triage is not None
    assert m.triage.herbeoordeling_op == date(2025, 3, 13) + STANDAARD_HERBEOORDELING
    assert m.triage.reden_niet_geinformeerd == "veiligheid"


def test_herbeoordeling_in_the_past_is_refused_and_ignored_when_informed() -> None:
    with pytest.raises(TriageOngeldig):
        _melding().triageer(
            _triage(
                client_geinformeerd=False,
                reden_niet_geinformeerd="veiligheid",
                herbeoordeling_op=date(2025, 1, 1),
            )
        )
    m = _melding().triageer(_triage(herbeoordeling_op=date(2025, 1, 1)))
    assert m.triage is not None and m.triage.herbeoordeling_op is None


def test_categorie_of_melder() -> None:
    assert categorie_van("politie-zwb") == "politie"
    assert categorie_van("om-zwb") == "justitie"
    assert categorie_van("ggz-wnb") == "zorg"
    assert categorie_van("gemeente-roosendaal") == "algemeen"


def test_today_is_the_dutch_calendar_day() -> None:
    # 23:30 UTC on 12 March is 00:30 on 13 March in the Netherlands
    laat = datetime(2025, 3, 12, 23, 30, tzinfo=UTC)
    niet = {"client_geinformeerd": False, "reden_niet_geinformeerd": "veiligheid"}
    with pytest.raises(TriageOngeldig) as info:
        _melding().triageer(_triage(**niet, getrieerd_op=laat, herbeoordeling_op=date(2025, 3, 13)))
    assert [r.veld for r in info.value.redenen] == ["herbeoordeling_op"]
    m = _melding().triageer(_triage(**niet, getrieerd_op=laat))
    assert m.triage is not None
    assert m.triage.herbeoordeling_op == date(2025, 3, 13) + STANDAARD_HERBEOORDELING


def test_bestaande_casus_only_with_uitkomst_casus() -> None:
    casus_id = uuid.uuid4()
    m = _melding().triageer(_triage(bestaande_casus_id=casus_id))
    assert m.triage is not None and m.triage.bestaande_casus_id == casus_id
    with pytest.raises(TriageOngeldig) as info:
        _melding().triageer(
            _triage(uitkomst=TriageUitkomst.ADVIES, ave_fase=None, bestaande_casus_id=casus_id)
        )
    (reden,) = info.value.redenen
    assert reden.veld == "bestaande_casus_id" and "casus" in reden.melding


@pytest.mark.parametrize(
    ("voornaam", "achternaam", "verwacht"),
    [
        ("Jan", "de Vries", "J.d.V."),
        ("Anna Maria", "van der Berg", "A.M.v.d.B."),
        ("piet", "jansen", "P.J."),
        ("Els", "Van Dam", "E.v.D."),
        ("Kees", "in 't Veld", "K.i.t.V."),
        ("Ömer", "Öztürk", "Ö.Ö."),
        ("Mies", "de", "M.D."),  # a last word is never a tussenvoegsel
        ("", "", ""),
    ],
)
def test_initialen(voornaam: str, achternaam: str, verwacht: str) -> None:
    assert initialen(voornaam, achternaam) == verwacht


def test_label_uses_the_client_else_the_first_betrokkene() -> None:
    mid = uuid.uuid4()
    inhoud = {
        "betrokkenen": [
            {"rol": "pleger", "voornaam": "Piet", "achternaam": "Pleger"},
            {"rol": "client", "voornaam": "Jan", "achternaam": "de Vries", "bsn": "111222333"},
        ]
    }
    label = label_van(mid, melder_referentie="PL-1", inhoud=inhoud)
    assert label == MeldingLabel(melding_id=mid, melder_referentie="PL-1", initialen="J.d.V.")
    inhoud["betrokkenen"] = inhoud["betrokkenen"][:1]
    assert label_van(mid, melder_referentie="PL-1", inhoud=inhoud).initialen == "P.P."
    assert label_van(mid, melder_referentie="PL-1", inhoud={}).initialen == ""
