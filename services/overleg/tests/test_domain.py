"""Domain rules: opening a casus, deelnemers, actie validation, terugkoppeling."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from overleg_fakes import NU, casus
from zvh_overleg.domain.errors import ActieOngeldig, TerugkoppelingGeweigerd
from zvh_overleg.domain.model import ActieStatus, deelnemers_van, open_casus

VANDAAG = NU.date()


def test_deelnemers_melder_first_deduped_order_kept() -> None:
    assert deelnemers_van("politie-zwb", ["ggz-wnb", "politie-zwb", "woonkwartier", "ggz-wnb"]) == [
        "politie-zwb",
        "ggz-wnb",
        "woonkwartier",
    ]


def test_open_casus_records_deelnemers_and_ave_fase_history() -> None:
    c = open_casus(
        casus_id=uuid.uuid4(),
        melding_id=uuid.uuid4(),
        melder="politie-zwb",
        genodigden=["gemeente-roosendaal", "politie-zwb"],
        ave_fase=4,
        client_geinformeerd=False,
        herbeoordeling_op=date(2030, 4, 1),
        geopend_op=NU,
        door="pr.jansen",
    )
    assert c.deelnemers == ["politie-zwb", "gemeente-roosendaal"]
    assert [(h.ave_fase, h.door) for h in c.ave_fase_historie] == [(4, "pr.jansen")]
    assert c.acties == []


def test_open_casus_without_ave_fase_has_no_history() -> None:
    c = open_casus(
        casus_id=uuid.uuid4(),
        melding_id=uuid.uuid4(),
        melder="politie-zwb",
        genodigden=[],
        ave_fase=None,
        client_geinformeerd=True,
        herbeoordeling_op=None,
        geopend_op=NU,
        door="pr.jansen",
    )
    assert c.ave_fase_historie == []
    assert c.deelnemers == ["politie-zwb"]


def test_nieuwe_actie_is_open_and_on_the_list() -> None:
    c = casus()
    a = c.nieuwe_actie(
        actie_id=uuid.uuid4(),
        wat="  Huisbezoek  ",
        wie="gemeente-bergen-op-zoom",
        wanneer=VANDAAG,
        vandaag=VANDAAG,
        toegewezen_op=NU,
    )
    assert a.status is ActieStatus.OPEN
    assert a.wat == "Huisbezoek"
    assert c.acties == [a]


@pytest.mark.parametrize(
    ("wat", "wie", "wanneer", "veld"),
    [
        ("Huisbezoek", "om-zwb", VANDAAG, "wie"),
        ("Huisbezoek", "politie-zwb", VANDAAG - timedelta(days=1), "wanneer"),
        ("   ", "politie-zwb", VANDAAG, "wat"),
        ("x" * 501, "politie-zwb", VANDAAG, "wat"),
    ],
)
def test_nieuwe_actie_refuses_bad_input(wat: str, wie: str, wanneer: date, veld: str) -> None:
    c = casus()
    with pytest.raises(ActieOngeldig) as err:
        c.nieuwe_actie(
            actie_id=uuid.uuid4(),
            wat=wat,
            wie=wie,
            wanneer=wanneer,
            vandaag=VANDAAG,
            toegewezen_op=NU,
        )
    assert err.value.veld == veld
    assert c.acties == []


def test_wanneer_in_the_past_message_is_dutch() -> None:
    with pytest.raises(ActieOngeldig, match="mag niet in het verleden liggen"):
        casus().nieuwe_actie(
            actie_id=uuid.uuid4(),
            wat="Bellen",
            wie="politie-zwb",
            wanneer=date(2000, 1, 1),
            vandaag=VANDAAG,
            toegewezen_op=NU,
        )


def test_terugkoppeling_by_the_actie_partner_updates_status() -> None:
    c = casus()
    a = c.nieuwe_actie(
        actie_id=uuid.uuid4(),
        wat="Bellen",
        wie="politie-zwb",
        wanneer=VANDAAG,
        vandaag=VANDAAG,
        toegewezen_op=NU,
    )
    t = c.verwerk_terugkoppeling(
        terugkoppeling_id=uuid.uuid4(),
        actie_id=a.actie_id,
        door="politie-zwb",
        status="afgerond",
        toelichting="Gebeld",
        ontvangen_op=NU,
    )
    assert a.status is ActieStatus.AFGEROND
    assert a.teruggekoppeld_op == NU
    assert (t.status, t.toelichting, t.door) == (ActieStatus.AFGEROND, "Gebeld", "politie-zwb")


def test_terugkoppeling_by_the_wrong_partner_is_refused() -> None:
    c = casus()
    a = c.nieuwe_actie(
        actie_id=uuid.uuid4(),
        wat="Bellen",
        wie="politie-zwb",
        wanneer=VANDAAG,
        vandaag=VANDAAG,
        toegewezen_op=NU,
    )
    with pytest.raises(TerugkoppelingGeweigerd):
        c.verwerk_terugkoppeling(
            terugkoppeling_id=uuid.uuid4(),
            actie_id=a.actie_id,
            door="gemeente-bergen-op-zoom",
            status="afgerond",
            toelichting=None,
            ontvangen_op=NU,
        )
    assert a.status is ActieStatus.OPEN


def test_terugkoppeling_on_an_actie_of_another_casus_is_refused() -> None:
    with pytest.raises(TerugkoppelingGeweigerd, match="hoort niet bij"):
        casus().verwerk_terugkoppeling(
            terugkoppeling_id=uuid.uuid4(),
            actie_id=uuid.uuid4(),
            door="politie-zwb",
            status="loopt",
            toelichting=None,
            ontvangen_op=NU,
        )


def test_terugkoppeling_on_a_withdrawn_actie_is_refused_and_keeps_it_withdrawn() -> None:
    c = casus()
    a = c.nieuwe_actie(
        actie_id=uuid.uuid4(),
        wat="Bellen",
        wie="politie-zwb",
        wanneer=VANDAAG,
        vandaag=VANDAAG,
        toegewezen_op=NU,
    )
    a.status = ActieStatus.INGETROKKEN
    with pytest.raises(TerugkoppelingGeweigerd, match="ingetrokken"):
        c.verwerk_terugkoppeling(
            terugkoppeling_id=uuid.uuid4(),
            actie_id=a.actie_id,
            door="politie-zwb",
            status="afgerond",
            toelichting=None,
            ontvangen_op=NU,
        )
    assert a.status is ActieStatus.INGETROKKEN
