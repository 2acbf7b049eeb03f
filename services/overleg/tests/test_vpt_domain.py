"""The VPT dossier's rules (domain/vpt.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from zvh_overleg.domain.vpt import (
    OmBeslissing,
    SchadefondsStatus,
    VptActieStatus,
    VptAfsluitreden,
    VptDossier,
    VptDossierOngeldig,
    ZittingSoort,
    dossier_id_van,
    open_vpt_dossier,
)

INCIDENT = uuid.UUID("0f4e8d2c-6b1a-4c3e-9d5f-7a8b9c0d1e2f")
GEMELD = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
VANDAAG = date(2026, 11, 24)


def dossier() -> VptDossier:
    return open_vpt_dossier(
        incident_id=INCIDENT,
        organisatie="gemeente-bergen-op-zoom",
        melder="wt.yilmaz",
        casemanager="vpt.dewit",
        gemeld_op=GEMELD,
        geopend_op=GEMELD,
    )


def test_dossier_id_derives_from_the_incident() -> None:
    assert dossier().dossier_id == dossier_id_van(INCIDENT)
    assert dossier_id_van(INCIDENT) != dossier_id_van(uuid.uuid4())
    assert dossier_id_van(INCIDENT).version == 5


def test_aangifte_with_domiciliekeuze_keeps_the_work_address_and_normalises_pv() -> None:
    d = dossier()
    a = d.registreer_aangifte(
        gedaan_op=date(2026, 11, 3),
        pv=" pl2000-2026 123456 ",
        domiciliekeuze=True,
        werkadres="Stadhuis, Markt 1",
        vandaag=VANDAAG,
    )
    assert a.pv_nummer == "PL2000-2026123456"
    assert a.domiciliekeuze is True
    assert a.werkadres == "Stadhuis, Markt 1"
    assert d.aangifte == a


@pytest.mark.parametrize("pv", ["12345", "PL20-2026123456", "PV2000-2026123456", ""])
def test_aangifte_refuses_a_wrong_pv_number(pv: str) -> None:
    with pytest.raises(VptDossierOngeldig) as exc:
        dossier().registreer_aangifte(
            gedaan_op=date(2026, 11, 3), pv=pv, domiciliekeuze=False, vandaag=VANDAAG
        )
    assert exc.value.veld == "pv_nummer"


def test_aangifte_refuses_future_and_before_incident_dates() -> None:
    d = dossier()
    with pytest.raises(VptDossierOngeldig, match="toekomst") as exc:
        d.registreer_aangifte(
            gedaan_op=date(2026, 11, 25),
            pv="PL2000-2026123456",
            domiciliekeuze=False,
            vandaag=VANDAAG,
        )
    assert exc.value.veld == "gedaan_op"
    with pytest.raises(VptDossierOngeldig, match="vóór het incident"):
        d.registreer_aangifte(
            gedaan_op=date(2026, 11, 1),
            pv="PL2000-2026123456",
            domiciliekeuze=False,
            vandaag=VANDAAG,
        )
    assert d.aangifte is None


def test_no_address_without_domiciliekeuze() -> None:
    with pytest.raises(VptDossierOngeldig, match="woonadres") as exc:
        dossier().registreer_aangifte(
            gedaan_op=date(2026, 11, 3),
            pv="PL2000-2026123456",
            domiciliekeuze=False,
            werkadres="Dorpsstraat 4",
            vandaag=VANDAAG,
        )
    assert exc.value.veld == "werkadres"


def test_om_beslissing_needs_a_past_date_unless_unknown() -> None:
    d = dossier()
    with pytest.raises(VptDossierOngeldig) as exc:
        d.zet_om_beslissing(OmBeslissing.DAGVAARDING, datum=None, vandaag=VANDAAG)
    assert exc.value.veld == "om_datum"
    with pytest.raises(VptDossierOngeldig, match="toekomst"):
        d.zet_om_beslissing(OmBeslissing.SEPOT, datum=date(2027, 1, 1), vandaag=VANDAAG)
    with pytest.raises(VptDossierOngeldig):
        d.zet_om_beslissing(OmBeslissing.NOG_NIET_BEKEND, datum=VANDAAG, vandaag=VANDAAG)
    d.zet_om_beslissing(OmBeslissing.DAGVAARDING, datum=date(2026, 11, 20), vandaag=VANDAAG)
    assert (d.om_beslissing, d.om_beslissing_op) == (OmBeslissing.DAGVAARDING, date(2026, 11, 20))


def test_a_zitting_becomes_an_actie_for_the_casemanager() -> None:
    d = dossier()
    zitting, actie = d.plan_zitting(
        zitting_id=uuid.uuid4(),
        actie_id=uuid.uuid4(),
        datum=date(2027, 2, 15),
        soort=ZittingSoort.POLITIERECHTER,
        plaats="Rechtbank Breda",
    )
    assert d.zittingen == [zitting]
    assert d.acties == [actie]
    assert actie.wat == "Begeleiding bij zitting 15-02-2027"
    assert actie.wie == "vpt.dewit"
    assert actie.wanneer == date(2027, 2, 15)
    assert actie.zitting_id == zitting.zitting_id
    assert actie.status is VptActieStatus.OPEN
    d.actie_gedaan(actie.actie_id)
    assert actie.status is VptActieStatus.GEDAAN
    with pytest.raises(VptDossierOngeldig) as exc:
        d.plan_zitting(
            zitting_id=uuid.uuid4(),
            actie_id=uuid.uuid4(),
            datum=date(2027, 2, 15),
            soort=ZittingSoort.POLITIERECHTER,
            plaats=" ",
        )
    assert exc.value.veld == "plaats"
    with pytest.raises(VptDossierOngeldig):
        d.actie_gedaan(uuid.uuid4())


def test_schadevergoeding_and_verzuimdagen() -> None:
    d = dossier()
    s = d.zet_schadevergoeding(
        voeging=True,
        schadefonds=SchadefondsStatus.AANGEVRAAGD,
        advocaat_naam=" mr. A. Bakker ",
        advocaat_kantoor="",
    )
    assert (s.voeging, s.schadefonds, s.advocaat_naam, s.advocaat_kantoor) == (
        True,
        SchadefondsStatus.AANGEVRAAGD,
        "mr. A. Bakker",
        None,
    )
    d.zet_verzuimdagen(0)
    assert d.verzuimdagen == 0
    with pytest.raises(VptDossierOngeldig) as exc:
        d.zet_verzuimdagen(-1)
    assert exc.value.veld == "verzuimdagen"


def test_closing_needs_the_evaluation_and_then_freezes_the_dossier() -> None:
    d = dossier()
    with pytest.raises(VptDossierOngeldig, match="evaluatie"):
        d.afsluiten(
            evaluatie_vastgesteld=False,
            reden=VptAfsluitreden.AFGEROND,
            toelichting=None,
            op=GEMELD,
            door="vpt.dewit",
        )
    assert not d.afgesloten
    with pytest.raises(VptDossierOngeldig) as exc:
        d.afsluiten(
            evaluatie_vastgesteld=True,
            reden=VptAfsluitreden.ANDERS,
            toelichting=" ",
            op=GEMELD,
            door="vpt.dewit",
        )
    assert exc.value.veld == "toelichting"
    d.afsluiten(
        evaluatie_vastgesteld=True,
        reden=VptAfsluitreden.AFGEROND,
        toelichting=None,
        op=GEMELD,
        door="vpt.dewit",
    )
    assert d.afgesloten and d.afsluitreden is VptAfsluitreden.AFGEROND
    with pytest.raises(VptDossierOngeldig, match="afgesloten"):
        d.zet_verzuimdagen(3)
