"""Domain rules of the casus lifecycle (plain Python)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from overleg_fakes import MORGEN, NU, casus
from zvh_overleg.domain.errors import ActieOngeldig, CasusOngeldig
from zvh_overleg.domain.levensloop import (
    Afsluitreden,
    CasusMelding,
    DeelnemerMutatie,
    StatusMutatie,
    check_terugkoppeling,
)
from zvh_overleg.domain.model import ActieStatus

VANDAAG = NU.date()
PARTNERS = ["politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb", "woonkwartier"]


def veld_van(exc: pytest.ExceptionInfo[CasusOngeldig]) -> str:
    return exc.value.veld


def test_fase_op_en_afschalen_keeps_history_with_reason() -> None:
    c = casus(ave_fase=3)
    assert c.wijzig_fase(naar=4, reden=" escalatie ", op=NU, door="pr.jansen") == 3
    assert c.wijzig_fase(naar=2, reden="rust", op=NU, door="pr.jansen") == 4
    assert c.ave_fase == 2
    assert [(h.van, h.ave_fase, h.reden) for h in c.ave_fase_historie] == [
        (3, 4, "escalatie"),
        (4, 2, "rust"),
    ]


@pytest.mark.parametrize(
    ("naar", "reden", "veld", "tekst"),
    [
        (None, "x", "naar", "Kies een AVE-fase"),
        (6, "x", "naar", "Kies een AVE-fase"),
        (3, "x", "naar", "staat al in AVE-fase 3"),
        (4, "  ", "reden", "Vul de reden"),
    ],
)
def test_fase_rules(naar: int | None, reden: str, veld: str, tekst: str) -> None:
    c = casus(ave_fase=3)
    with pytest.raises(CasusOngeldig, match=tekst) as exc:
        c.wijzig_fase(naar=naar, reden=reden, op=NU, door="pr.jansen")
    assert veld_van(exc) == veld
    assert c.ave_fase == 3 and c.ave_fase_historie == []


def test_client_geinformeerd_nee_needs_future_herbeoordeling() -> None:
    c = casus(client_geinformeerd=True)
    with pytest.raises(CasusOngeldig) as exc:
        c.wijzig_client_geinformeerd(
            geinformeerd=False, herbeoordeling_op=None, reden="r", vandaag=VANDAAG, op=NU, door="x"
        )
    assert veld_van(exc) == "herbeoordeling-op"
    with pytest.raises(CasusOngeldig, match="verleden") as exc:
        c.wijzig_client_geinformeerd(
            geinformeerd=False,
            herbeoordeling_op=VANDAAG - timedelta(days=1),
            reden="r",
            vandaag=VANDAAG,
            op=NU,
            door="x",
        )
    with pytest.raises(CasusOngeldig) as exc:
        c.wijzig_client_geinformeerd(
            geinformeerd=False, herbeoordeling_op=MORGEN, reden="", vandaag=VANDAAG, op=NU, door="x"
        )
    assert veld_van(exc) == "reden"
    assert c.client_historie == [] and c.client_geinformeerd is True
    c.wijzig_client_geinformeerd(
        geinformeerd=False,
        herbeoordeling_op=MORGEN,
        reden="gevaar",
        vandaag=VANDAAG,
        op=NU,
        door="x",
    )
    assert (c.client_geinformeerd, c.herbeoordeling_op) == (False, MORGEN)
    c.wijzig_client_geinformeerd(
        geinformeerd=True,
        herbeoordeling_op=MORGEN,
        reden="gesprek",
        vandaag=VANDAAG,
        op=NU,
        door="x",
    )
    assert (c.client_geinformeerd, c.herbeoordeling_op) == (True, None)
    assert [h.reden for h in c.client_historie] == ["gevaar", "gesprek"]


def test_casusregisseur_must_work_for_a_deelnemer_with_the_role() -> None:
    c = casus(deelnemers=["politie-zwb", "gemeente-bergen-op-zoom"])
    with pytest.raises(CasusOngeldig, match="deelnemer"):
        c.wijs_casusregisseur_toe(gebruiker="ggz.mulder", org="ggz-wnb", is_casusregisseur=True)
    with pytest.raises(CasusOngeldig, match="uit de lijst"):
        c.wijs_casusregisseur_toe(
            gebruiker="agent.smit", org="politie-zwb", is_casusregisseur=False
        )
    c.wijs_casusregisseur_toe(
        gebruiker="gemeente.visser", org="gemeente-bergen-op-zoom", is_casusregisseur=True
    )
    assert (c.casusregisseur, c.casusregisseur_org) == (
        "gemeente.visser",
        "gemeente-bergen-op-zoom",
    )


def test_deelnemers_add_and_remove_with_reason_and_rules() -> None:
    c = casus(melder="politie-zwb", deelnemers=["politie-zwb", "gemeente-bergen-op-zoom"])
    with pytest.raises(CasusOngeldig, match="neemt al deel"):
        c.voeg_deelnemer_toe(
            partner="politie-zwb", partners=PARTNERS, reden="x", op=NU, door="pr.jansen"
        )
    with pytest.raises(CasusOngeldig, match="uit de regio"):
        c.voeg_deelnemer_toe(partner="onbekend", partners=PARTNERS, reden="x", op=NU, door="p")
    with pytest.raises(CasusOngeldig) as exc:
        c.voeg_deelnemer_toe(partner="ggz-wnb", partners=PARTNERS, reden=" ", op=NU, door="p")
    assert veld_van(exc) == "reden" and "ggz-wnb" not in c.deelnemers
    c.voeg_deelnemer_toe(partner="ggz-wnb", partners=PARTNERS, reden="zorg", op=NU, door="p")
    assert c.deelnemers[-1] == "ggz-wnb"
    with pytest.raises(CasusOngeldig, match="melder"):
        c.verwijder_deelnemer(partner="politie-zwb", reden="x", op=NU, door="p")
    c.nieuwe_actie(
        actie_id=uuid.uuid4(),
        wat="Huisbezoek",
        wie="ggz-wnb",
        wanneer=MORGEN,
        vandaag=VANDAAG,
        toegewezen_op=NU,
    )
    with pytest.raises(CasusOngeldig, match="open acties"):
        c.verwijder_deelnemer(partner="ggz-wnb", reden="x", op=NU, door="p")
    c.acties[0].status = ActieStatus.AFGEROND
    with pytest.raises(CasusOngeldig) as exc:
        c.verwijder_deelnemer(partner="ggz-wnb", reden="", op=NU, door="p")
    assert veld_van(exc) == "verwijder-reden"
    c.wijs_casusregisseur_toe(
        gebruiker="gemeente.visser", org="gemeente-bergen-op-zoom", is_casusregisseur=True
    )
    c.verwijder_deelnemer(partner="gemeente-bergen-op-zoom", reden="klaar", op=NU, door="p")
    assert c.casusregisseur is None, "the casusregisseur leaves with its organisation"
    assert [(h.partner, h.mutatie) for h in c.deelnemer_historie] == [
        ("ggz-wnb", DeelnemerMutatie.TOEGEVOEGD),
        ("gemeente-bergen-op-zoom", DeelnemerMutatie.VERWIJDERD),
    ]


def test_afsluiten_needs_reden_and_toelichting_for_anders_then_refuses_changes() -> None:
    c = casus()
    with pytest.raises(CasusOngeldig) as exc:
        c.sluit_af(reden="", toelichting=None, op=NU, door="p")
    assert veld_van(exc) == "afsluitreden"
    with pytest.raises(CasusOngeldig) as exc:
        c.sluit_af(reden="anders", toelichting="  ", op=NU, door="p")
    assert veld_van(exc) == "afsluit-toelichting" and not c.afgesloten
    assert c.sluit_af(reden="doel-bereikt", toelichting=None, op=NU, door="p") is (
        Afsluitreden.DOEL_BEREIKT
    )
    assert c.afgesloten
    with pytest.raises(ActieOngeldig, match="afgesloten"):
        c.nieuwe_actie(
            actie_id=uuid.uuid4(),
            wat="x",
            wie="politie-zwb",
            wanneer=MORGEN,
            vandaag=VANDAAG,
            toegewezen_op=NU,
        )
    with pytest.raises(CasusOngeldig, match="afgesloten"):
        c.wijzig_fase(naar=1, reden="x", op=NU, door="p")
    with pytest.raises(CasusOngeldig, match="afgesloten"):
        c.sluit_af(reden="doel-bereikt", toelichting=None, op=NU, door="p")


def _melding(melder: str = "ggz-wnb") -> CasusMelding:
    return CasusMelding(melding_id=uuid.uuid4(), melder=melder, getrieerd_op=NU, toegevoegd_op=NU)


def test_neem_melding_op_reopens_adds_deelnemers_and_is_idempotent() -> None:
    c = casus(deelnemers=["politie-zwb"])
    c.sluit_af(reden="client-stopt", toelichting=None, op=NU, door="p")
    melding = _melding()
    assert c.neem_melding_op(
        melding=melding, genodigden=["politie-zwb", "woonkwartier"], op=NU, door="p"
    ) == (True, ["ggz-wnb", "woonkwartier"])
    assert not c.afgesloten and c.afsluitreden is None
    assert c.deelnemers == ["politie-zwb", "ggz-wnb", "woonkwartier"]
    assert c.status_historie[-1].mutatie is StatusMutatie.HEROPEND
    assert c.neem_melding_op(melding=melding, genodigden=[], op=NU, door="p") is None
    assert c.neem_melding_op(melding=_melding("politie-zwb"), genodigden=[], op=NU, door="p") == (
        False,
        [],
    )
    assert c.status_historie[-1].mutatie is StatusMutatie.MELDING_TOEGEVOEGD


def test_terugkoppeling_rules() -> None:
    with pytest.raises(CasusOngeldig) as exc:
        check_terugkoppeling("open", None)
    assert exc.value.veld == "status"
    with pytest.raises(CasusOngeldig) as exc:
        check_terugkoppeling("niet-mogelijk", "  ")
    assert exc.value.veld == "toelichting"
    assert check_terugkoppeling("loopt", "  ") is None
    assert check_terugkoppeling("niet-mogelijk", " geen toegang ") == "geen toegang"


def test_open_casus_records_its_first_melding() -> None:
    from zvh_overleg.domain.model import open_casus

    melding_id = uuid.uuid4()
    c = open_casus(
        casus_id=uuid.uuid4(),
        melding_id=melding_id,
        melder="politie-zwb",
        genodigden=[],
        ave_fase=2,
        client_geinformeerd=True,
        herbeoordeling_op=None,
        geopend_op=NU,
        door="pr.jansen",
    )
    assert [m.melding_id for m in c.meldingen] == [melding_id]
    assert date.today() and c.ave_fase_historie[0].reden is None
