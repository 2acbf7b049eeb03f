"""Veiligheidssignalen in the domain: the checks (Dutch errors), expiry by the day, renew and
withdraw, and which signals count as active (issue 10, part 5)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from zvh_contracts.vocab import Veiligheidssignaalcode as Code
from zvh_overleg.domain.veiligheidssignaal import (
    GRONDSLAG,
    MAX_GELDIGHEID,
    Signaalstand,
    VeiligheidssignaalOngeldig,
    actieve,
    zet_signaal,
)

VANDAAG = date(2030, 3, 4)
NU = datetime(2030, 3, 4, 10, tzinfo=UTC)
CASUS = uuid.uuid4()


def _zet(**kw: Any):  # type: ignore[no-untyped-def]
    waarden: dict[str, Any] = {
        "signaal_id": uuid.uuid4(),
        "casus_id": CASUS,
        "code": "niet-alleen-op-huisbezoek",
        "geldig_van": None,
        "geldig_tot": date(2030, 6, 1),
        "herbeoordeling_op": date(2030, 5, 1),
        "vandaag": VANDAAG,
        "grondslag": GRONDSLAG,
        "door": "pr.jansen",
        "op": NU,
    }
    waarden.update(kw)
    return zet_signaal(**waarden)


def test_a_signal_holds_from_today_until_its_end_day_then_expires() -> None:
    s = _zet()
    assert (s.code, s.geldig_van, s.gezet_door, s.grondslag) == (
        Code.NIET_ALLEEN_OP_HUISBEZOEK,
        VANDAAG,
        "pr.jansen",
        GRONDSLAG,
    )
    assert s.label == "Niet alleen op huisbezoek"
    assert s.stand(VANDAAG) is Signaalstand.ACTIEF
    assert s.actief(date(2030, 6, 1))  # the end day itself still holds
    assert s.stand(date(2030, 6, 2)) is Signaalstand.VERLOPEN
    assert not s.actief(date(2030, 6, 2))


def test_a_signal_from_a_later_day_is_planned_until_then() -> None:
    s = _zet(geldig_van=date(2030, 3, 10))
    assert s.stand(VANDAAG) is Signaalstand.GEPLAND
    assert s.actief(date(2030, 3, 10))


def test_the_review_is_due_from_its_day_while_the_signal_holds() -> None:
    s = _zet()
    assert not s.herbeoordelen(date(2030, 4, 30))
    assert s.herbeoordelen(date(2030, 5, 1))
    assert not s.herbeoordelen(date(2030, 6, 2))  # expired: nothing to review


@pytest.mark.parametrize(
    ("kw", "veld", "tekst"),
    [
        ({"code": None}, "code", "Kies een veiligheidssignaal."),
        ({"code": "klant sloeg de wijkagent"}, "code", "Kies een veiligheidssignaal uit de lijst."),
        ({"geldig_van": date(2030, 3, 3)}, "geldig_van", "mag niet in het verleden liggen"),
        ({"geldig_tot": None}, "geldig_tot", "Vul bij 'Geldig tot' een geldige datum in."),
        ({"geldig_tot": date(2030, 3, 3)}, "geldig_tot", "mag niet in het verleden liggen"),
        (
            {
                "geldig_van": date(2030, 3, 20),
                "geldig_tot": date(2030, 3, 10),
                "herbeoordeling_op": date(2030, 3, 10),
            },
            "geldig_tot",
            "mag niet vóór 'Geldig van' liggen",
        ),
        ({"geldig_tot": date(2030, 9, 4)}, "geldig_tot", "hoogstens zes maanden"),
        ({"herbeoordeling_op": None}, "herbeoordeling_op", "'Herbeoordelen op'"),
        ({"herbeoordeling_op": date(2030, 6, 2)}, "herbeoordeling_op", "op of vóór de einddatum"),
        ({"herbeoordeling_op": date(2030, 3, 1)}, "herbeoordeling_op", "niet in het verleden"),
    ],
)
def test_the_checks_say_in_dutch_which_field_is_wrong(
    kw: dict[str, Any], veld: str, tekst: str
) -> None:
    with pytest.raises(VeiligheidssignaalOngeldig) as exc:
        _zet(**kw)
    assert exc.value.veld == veld
    assert tekst in str(exc.value)


def test_six_months_is_the_longest() -> None:
    s = _zet(geldig_tot=VANDAAG + MAX_GELDIGHEID, herbeoordeling_op=VANDAAG + MAX_GELDIGHEID)
    assert s.geldig_tot == date(2030, 9, 3)


def test_renewing_sets_a_new_end_and_review_and_revives_an_expired_signal() -> None:
    s = _zet()
    later = date(2030, 6, 10)  # expired since 2 June
    assert s.stand(later) is Signaalstand.VERLOPEN
    s.verleng(
        geldig_tot=date(2030, 9, 1),
        herbeoordeling_op=date(2030, 8, 1),
        vandaag=later,
        door="pr.devries",
        op=NU + timedelta(days=98),
    )
    assert (s.geldig_tot, s.herbeoordeling_op, s.verlengd_door) == (
        date(2030, 9, 1),
        date(2030, 8, 1),
        "pr.devries",
    )
    assert s.stand(later) is Signaalstand.ACTIEF
    assert s.gezet_door == "pr.jansen"  # who set it first stays


def test_renewing_needs_a_later_end_within_six_months_of_today() -> None:
    s = _zet()
    with pytest.raises(VeiligheidssignaalOngeldig, match="einddatum na 01-06-2030") as exc:
        s.verleng(
            geldig_tot=date(2030, 5, 1),
            herbeoordeling_op=date(2030, 4, 1),
            vandaag=VANDAAG,
            door="pr.jansen",
            op=NU,
        )
    assert exc.value.veld == "geldig_tot"
    with pytest.raises(VeiligheidssignaalOngeldig, match="zes maanden"):
        s.verleng(
            geldig_tot=date(2030, 12, 1),
            herbeoordeling_op=date(2030, 4, 1),
            vandaag=VANDAAG,
            door="pr.jansen",
            op=NU,
        )
    assert s.geldig_tot == date(2030, 6, 1) and s.verlengd_op is None


def test_a_withdrawn_signal_ends_at_once_and_stays_withdrawn() -> None:
    s = _zet()
    s.trek_in(door="pr.jansen", op=NU)
    assert s.stand(VANDAAG) is Signaalstand.INGETROKKEN
    assert not s.actief(VANDAAG)
    with pytest.raises(VeiligheidssignaalOngeldig, match="al ingetrokken"):
        s.trek_in(door="pr.jansen", op=NU)
    with pytest.raises(VeiligheidssignaalOngeldig, match="niet worden verlengd"):
        s.verleng(
            geldig_tot=date(2030, 7, 1),
            herbeoordeling_op=date(2030, 6, 1),
            vandaag=VANDAAG,
            door="pr.jansen",
            op=NU,
        )


def test_active_signals_one_per_code_in_vocabulary_order() -> None:
    kort = _zet(
        code="agressie-bekend", geldig_tot=date(2030, 4, 1), herbeoordeling_op=date(2030, 4, 1)
    )
    lang = _zet(
        code="agressie-bekend", geldig_tot=date(2030, 5, 1), herbeoordeling_op=date(2030, 4, 1)
    )
    huisbezoek = _zet(code="geen-huisbezoek")
    ingetrokken = _zet(code="wapenbezit-bekend")
    ingetrokken.trek_in(door="pr.jansen", op=NU)
    verlopen = _zet(code="huisbezoek-met-politie", geldig_tot=VANDAAG, herbeoordeling_op=VANDAAG)
    signalen = [kort, lang, huisbezoek, ingetrokken, verlopen]
    assert actieve(signalen, VANDAAG) == [verlopen, huisbezoek, lang]
    assert actieve(signalen, date(2030, 3, 5)) == [huisbezoek, lang]
    assert actieve(signalen, date(2030, 6, 2)) == []
