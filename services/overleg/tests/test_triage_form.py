"""The triage form applies intake's own rules (``zvh_contracts.triage``) next to its fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from zvh_contracts.triage import herbeoordeling_minimum
from zvh_overleg.entrypoints.web.triage import TriageForm

TODAY = date(2030, 3, 5)
PARTNERS = ["zvh", "politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb"]
CASUS_ID = "6f1c2a44-7c55-4d0e-9a35-2b8f1d3e6a10"


def _check(**typed: Any) -> TriageForm:
    form = TriageForm(**typed)
    form.check(partner_codes=PARTNERS, today=TODAY)
    return form


def test_without_a_date_the_form_leaves_the_default_to_intake() -> None:
    form = TriageForm(uitkomst="advies", client_geinformeerd="nee", reden_niet_geinformeerd=" x ")
    body = form.check(partner_codes=PARTNERS, today=TODAY)
    assert form.fouten == []
    assert body == {
        "uitkomst": "advies",
        "ave_fase": None,
        "client_geinformeerd": False,
        "reden_niet_geinformeerd": "x",
        "herbeoordeling_op": None,
        "uit_te_nodigen_partners": [],
    }


def test_today_is_refused_tomorrow_accepted() -> None:
    nee: dict[str, Any] = {
        "uitkomst": "advies",
        "client_geinformeerd": "nee",
        "reden_niet_geinformeerd": "x",
    }
    form = _check(**nee, herbeoordeling_op=TODAY.isoformat())
    assert form.fouten == [("herbeoordeling-op", "De herbeoordelingsdatum moet na vandaag liggen.")]
    morgen = herbeoordeling_minimum(TODAY).isoformat()
    form = TriageForm(**nee, herbeoordeling_op=morgen)
    body = form.check(partner_codes=PARTNERS, today=TODAY)
    assert form.fouten == [] and body is not None and body["herbeoordeling_op"] == morgen


def test_each_broken_rule_shows_at_its_field() -> None:
    form = _check(ave_fase="8", client_geinformeerd="nee", herbeoordeling_op="gisteren")
    assert dict(form.fouten) == {
        "uitkomst-casus": "Kies een uitkomst: casus, advies of terugverwezen.",
        "ave-fase": "Kies een AVE-fase van 1 tot en met 5.",
        "reden-niet-geinformeerd": "Vul de reden in waarom de cliënt niet geïnformeerd is.",
        "herbeoordeling-op": "Vul een geldige herbeoordelingsdatum in.",
    }
    assert dict(_check(uitkomst="casus").fouten) == {
        "ave-fase": "Kies een AVE-fase voor de casus.",
        "client-geinformeerd-ja": "Geef aan of de cliënt geïnformeerd is.",
    }


def test_partners_outside_the_region_once_next_to_the_partners() -> None:
    form = _check(
        uitkomst="casus", ave_fase="3", client_geinformeerd="ja", partners=["nergens", "zvh"]
    )
    assert form.fouten == [("partners", "Kies alleen partners uit de regio.")]


def test_partners_only_for_a_casus_and_without_doubles() -> None:
    casus = TriageForm(
        uitkomst="casus", ave_fase="3", client_geinformeerd="ja", partners=["ggz-wnb", "ggz-wnb"]
    )
    body = casus.check(partner_codes=PARTNERS, today=TODAY)
    assert body is not None and body["uit_te_nodigen_partners"] == ["ggz-wnb"]
    advies = TriageForm(uitkomst="advies", client_geinformeerd="ja", partners=["ggz-wnb"])
    body = advies.check(partner_codes=PARTNERS, today=TODAY)
    assert body is not None and body["uit_te_nodigen_partners"] == []


def test_bestaande_casus_is_sent_only_with_uitkomst_casus() -> None:
    form = TriageForm(
        uitkomst="casus", ave_fase="2", client_geinformeerd="ja", bestaande_casus_id=CASUS_ID
    )
    body = form.check(partner_codes=PARTNERS, today=TODAY)
    assert body is not None and body["bestaande_casus_id"] == CASUS_ID
    advies = _check(uitkomst="advies", client_geinformeerd="ja", bestaande_casus_id=CASUS_ID)
    assert [veld for veld, _ in advies.fouten] == ["bestaande-nieuw"]
    kapot = _check(uitkomst="casus", ave_fase="2", client_geinformeerd="ja", bestaande_casus_id="x")
    assert kapot.fouten == [("bestaande-casus", "Kies een bestaande casus uit de lijst.")]


def test_the_text_for_the_melder_is_sent_only_with_its_uitkomst() -> None:
    typed: dict[str, Any] = {
        "client_geinformeerd": "ja",
        "advies": " Neem contact op met het wijkteam. ",
        "reden_terugverwijzing": " Eerst eigen zorgoverleg. ",
    }
    advies = TriageForm(uitkomst="advies", **typed).check(partner_codes=PARTNERS, today=TODAY)
    terug = TriageForm(uitkomst="terugverwezen", **typed).check(partner_codes=PARTNERS, today=TODAY)
    casus = TriageForm(uitkomst="casus", ave_fase="3", **typed).check(
        partner_codes=PARTNERS, today=TODAY
    )
    assert advies is not None and terug is not None and casus is not None
    assert advies["advies"] == "Neem contact op met het wijkteam."
    assert "reden_terugverwijzing" not in advies
    assert terug["reden_terugverwijzing"] == "Eerst eigen zorgoverleg." and "advies" not in terug
    assert "advies" not in casus and "reden_terugverwijzing" not in casus


def test_a_too_long_advies_shows_at_its_field() -> None:
    form = _check(uitkomst="advies", client_geinformeerd="ja", advies="x" * 2001)
    assert form.fouten == [("advies", "Gebruik hoogstens 2000 tekens voor het advies.")]
