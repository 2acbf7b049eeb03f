"""Each PDP obligation is applied before overleg returns an informatie-item (FakePdp).

redact:bsn, redact:geboortedatum, redact:<veld>, alleen-metadata, log-inzage; an unknown
obligation hides the item; every item says why it is shown or hidden.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace

import pytest
from overleg_fakes import NU, FakePdp, casus
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_overleg.application.access import check_actielijst
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.informatie import (
    actielijst_met_items,
    check_item_schrijven,
    items_inzien,
    toelichtingen_inzien,
)
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.verplichtingen import alleen_jaar, scherm_bsn_af, zicht
from zvh_overleg.domain.bouwschema import Categorie, Gevoeligheid, Informatieitem, Onderdeel
from zvh_overleg.domain.model import ActieStatus, Terugkoppeling

GGZ = Actor(user_id="ggz.mulder", org="ggz-wnb", roles=["deelnemer"], token="tok")
CONVENANT = "wettelijke taak / convenant"
TEKST = "Cliënt (BSN 123456782, geboren 12-03-1990) is sinds 1 mei in behandeling."


def item(**kw: object) -> Informatieitem:
    values: dict[str, object] = {
        "item_id": uuid.uuid4(),
        "casus_id": uuid.uuid4(),
        "onderdeel": Onderdeel.BEELD,
        "eigenaar": "politie-zwb",
        "categorie": Categorie.POLITIE,
        "tekst": TEKST,
        "ingebracht_op": NU,
        "vastgelegd_door": "notulist.bakker",
        "gevoeligheid": Gevoeligheid.NORMAAL,
    }
    values.update(kw)
    return Informatieitem(**values)  # type: ignore[arg-type]


class VastePdp(FakePdp):
    """Answers every question with ``antwoord(request)``."""

    def __init__(self, antwoord: Callable[[DecisionRequest], Decision]) -> None:
        super().__init__()
        self.antwoord = antwoord

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        self.requests.append(request)
        return self.antwoord(request)


def met(*obligations: str, reden: str = "deelnemer van de casus") -> VastePdp:
    return VastePdp(
        lambda _r: Decision(
            allow=True,
            reasons=[reden],
            obligations=list(obligations),
            grondslag=CONVENANT,
            decision_id=uuid.UUID(int=7),
        )
    )


async def een(pdp: VastePdp, i: Informatieitem | None = None):  # type: ignore[no-untyped-def]
    [inzage] = await items_inzien([i or item()], casus=casus(), actor=GGZ, pdp=pdp)
    return inzage


async def test_without_obligations_everything_is_shown_with_the_grondslag() -> None:
    inzage = await een(met())
    assert inzage.tekst == TEKST and inzage.eigenaar == "politie-zwb"
    assert inzage.vastgelegd_door == "notulist.bakker"
    assert inzage.zicht.uitleg == (
        "Gedeeld op grond van: wettelijke taak / convenant (deelnemer van de casus)"
    )


async def test_redact_bsn_keeps_only_the_last_three_digits() -> None:
    inzage = await een(met("redact:bsn"))
    assert inzage.tekst is not None
    assert "123456782" not in inzage.tekst and "******782" in inzage.tekst
    assert "12-03-1990" in inzage.tekst  # only what was asked
    assert "BSN afgeschermd" in inzage.zicht.uitleg


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("bsn 123456782.", "bsn ******782."),
        ("bsn 1234.56.782 en 1234 56 782", "bsn ******782 en ******782"),
        ("oud nummer 12345678", "oud nummer *****678"),
        ("tel 0612345678, postcode 4611", "tel 0612345678, postcode 4611"),  # not a BSN
        ("dossier 2030-123456789-1", "dossier 2030-123456789-1"),
    ],
)
def test_bsn_forms_in_free_text(tekst: str, verwacht: str) -> None:
    assert scherm_bsn_af(tekst) == verwacht


async def test_redact_geboortedatum_keeps_only_the_year() -> None:
    inzage = await een(met("redact:geboortedatum"))
    assert inzage.tekst is not None
    assert "12-03-1990" not in inzage.tekst and "geboren 1990)" in inzage.tekst
    assert "123456782" in inzage.tekst
    assert "datums alleen als jaar" in inzage.zicht.uitleg.lower()


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("geboren 12-03-1990", "geboren 1990"),
        ("geboren 1/3/1990", "geboren 1990"),
        ("geboren 1990-03-12", "geboren 1990"),
        ("geboren 12 maart 1990", "geboren 1990"),
        ("geboren 12 mrt. 1990", "geboren 1990"),
        ("sinds 1 mei in zorg", "sinds 1 mei in zorg"),  # no year: not a full date
    ],
)
def test_date_forms_in_free_text(tekst: str, verwacht: str) -> None:
    assert alleen_jaar(tekst) == verwacht


async def test_redact_of_another_field_leaves_it_out() -> None:
    inzage = await een(met("redact:tekst", "redact:vastgelegd_door"))
    assert inzage.tekst is None and inzage.vastgelegd_door is None
    assert inzage.eigenaar == "politie-zwb" and inzage.categorie is Categorie.POLITIE
    assert "weggelaten: tekst, vastgelegd_door" in inzage.zicht.uitleg.lower()

    inzage = await een(met("redact:eigenaar"))
    assert inzage.eigenaar is None and inzage.tekst == TEKST


async def test_redact_of_a_field_the_item_cannot_do_without_hides_it() -> None:
    inzage = await een(met("redact:onderdeel"))
    assert not inzage.zicht.getoond and inzage.tekst is None and inzage.eigenaar is None
    assert "redact:onderdeel" in inzage.zicht.uitleg


async def test_alleen_metadata_shows_what_it_is_and_none_of_its_content() -> None:
    inzage = await een(met("alleen-metadata"), item(categorie=Categorie.ZORG, eigenaar="ggz-wnb"))
    assert inzage.zicht.getoond and inzage.tekst is None and inzage.vastgelegd_door is None
    assert (inzage.eigenaar, inzage.categorie, inzage.ingebracht_op) == (
        "ggz-wnb",
        Categorie.ZORG,
        NU,
    )
    assert "alleen wat het is, niet de inhoud" in inzage.zicht.uitleg.lower()


async def test_log_inzage_notes_the_read_in_overlegs_own_log_ids_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    i = item()
    with caplog.at_level(logging.INFO, logger="zvh_overleg.inzage"):
        inzage = await een(met("log-inzage"), i)
    assert inzage.tekst == TEKST  # log-inzage hides nothing
    [record] = [r for r in caplog.records if r.name == "zvh_overleg.inzage"]
    assert record.item_ids == [str(i.item_id)]  # type: ignore[attr-defined]
    assert record.decision_id == str(uuid.UUID(int=7))  # type: ignore[attr-defined]
    assert record.soort == "informatie-item"  # type: ignore[attr-defined]
    assert TEKST not in caplog.text and "123456782" not in caplog.text


async def test_no_log_line_without_log_inzage_or_for_a_hidden_item(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="zvh_overleg.inzage"):
        await een(met())
        await een(VastePdp(lambda _r: Decision(allow=False, obligations=["log-inzage"])))
    assert [r for r in caplog.records if r.name == "zvh_overleg.inzage"] == []


async def test_an_unknown_obligation_hides_that_item_only() -> None:
    pdp = VastePdp(
        lambda r: Decision(
            allow=True,
            grondslag=CONVENANT,
            obligations=["versleutel"] if r.resource.categorie == "zorg" else [],
        )
    )
    zorg, wonen = item(categorie=Categorie.ZORG), item(categorie=Categorie.WONEN)
    a, b = await items_inzien([zorg, wonen], casus=casus(), actor=GGZ, pdp=pdp)
    assert not a.zicht.getoond and a.tekst is None and a.eigenaar is None
    assert "versleutel" in a.zicht.uitleg and a.zicht.uitleg.startswith("Verborgen:")
    assert b.zicht.getoond and b.tekst == TEKST
    for vreemd in ("redact:", "alleen-initialen", "Alleen-Metadata"):
        assert not zicht(Decision(allow=True, obligations=[vreemd])).getoond


async def test_a_deny_says_why_in_dutch() -> None:
    reden = "geen toestemming van de cliënt voor zorginformatie"
    inzage = await een(VastePdp(lambda _r: Decision(allow=False, reasons=[reden])))
    assert inzage.zicht.uitleg == f"Verborgen: {reden}"
    assert inzage.tekst is None and inzage.eigenaar is None and inzage.categorie is None


async def test_toelichtingen_get_the_same_obligations() -> None:
    zaak = casus(deelnemers=["politie-zwb", "ggz-wnb"])
    tk = Terugkoppeling(
        terugkoppeling_id=uuid.uuid4(),
        actie_id=uuid.uuid4(),
        casus_id=zaak.casus_id,
        door="ggz-wnb",
        status=ActieStatus.NIET_MOGELIJK,
        toelichting=TEKST,
        ontvangen_op=NU,
        categorie=Categorie.ZORG,
        gevoeligheid=Gevoeligheid.BIJZONDER,
    )
    zonder = replace(tk, terugkoppeling_id=uuid.uuid4(), toelichting=None)
    pdp = met("redact:bsn", "redact:geboortedatum")
    [inzage] = await toelichtingen_inzien([tk, zonder], casus=zaak, actor=GGZ, pdp=pdp)
    assert inzage.toelichting is not None and "******782" in inzage.toelichting
    assert "geboren 1990)" in inzage.toelichting and inzage.eigenaar == "ggz-wnb"
    [vraag] = pdp.requests
    assert (vraag.resource.type, vraag.resource.eigenaar, vraag.resource.gevoeligheid) == (
        "informatie-item",
        "ggz-wnb",
        "bijzonder",
    )
    [inzage] = await toelichtingen_inzien([tk], casus=zaak, actor=GGZ, pdp=met("alleen-metadata"))
    assert inzage.toelichting is None and inzage.status is ActieStatus.NIET_MOGELIJK


async def test_the_actielijst_takes_log_inzage_and_refuses_what_it_cannot_apply(
    caplog: pytest.LogCaptureFixture,
) -> None:
    zaak = casus()
    with caplog.at_level(logging.INFO, logger="zvh_overleg.inzage"):
        await check_actielijst(zaak, actor=GGZ, action="read", pdp=met("log-inzage"))
    assert [r.soort for r in caplog.records if r.name == "zvh_overleg.inzage"] == [  # type: ignore[attr-defined]
        "actielijst:read"
    ]
    for obligation in ("alleen-metadata", "redact:wat", "onbekend"):
        with pytest.raises(ToegangGeweigerd, match="niet kan toepassen"):
            await check_actielijst(zaak, actor=GGZ, action="read", pdp=met(obligation))
        with pytest.raises(ToegangGeweigerd, match="niet kan toepassen"):
            await actielijst_met_items([item()], casus=zaak, actor=GGZ, pdp=met(obligation))


async def test_writing_an_item_with_an_unknown_obligation_is_refused() -> None:
    with pytest.raises(ToegangGeweigerd, match="onbekend"):
        await check_item_schrijven(
            casus(), eigenaar="ggz-wnb", categorie="zorg", actor=GGZ, pdp=met("onbekend")
        )
