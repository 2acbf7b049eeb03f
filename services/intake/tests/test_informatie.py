"""Informatie-items of a melding and the obligations applied to them (pure domain)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from zvh_contracts.vocab import Categorie, Gevoeligheid, Grondslag
from zvh_intake.domain.errors import BeheerOngeldig
from zvh_intake.domain.informatie import (
    ItemSoort,
    categorie_van,
    item_id,
    item_inhoud,
    items_voor,
    standaard_gevoeligheid,
)
from zvh_intake.domain.verplichtingen import (
    OnbekendeVerplichting,
    alleen_jaar,
    maskeer_bsn,
    pas_toe,
)

MID = uuid.UUID("6f1c2a44-7c55-4d0e-9a35-2b8f1d3e6a10")
NU = datetime(2025, 3, 12, 9, 30, tzinfo=UTC)
JAN = {
    "rol": "client",
    "voornaam": "Jan",
    "achternaam": "de Vries",
    "geboortedatum": "1980-01-01",
    "bsn": "111222333",
}
ELS = {"rol": "kind", "voornaam": "Els", "achternaam": "Smit", "geboortedatum": "2015-05-05"}
INHOUD = {
    "betrokkenen": [JAN, ELS],
    "reden": "Zorgen.",
    "reden_niet_geinformeerd": None,
    "leefgebieden": ["gezin"],
}


def test_a_melding_becomes_reden_each_betrokkene_and_leefgebieden() -> None:
    items = items_voor(MID, eigenaar="politie-zwb", inhoud=INHOUD, pseudoniemen=["p-jan", "p-els"])
    assert [(i.soort, i.positie, i.betrokkene) for i in items] == [
        (ItemSoort.REDEN, 0, None),
        (ItemSoort.BETROKKENE, 0, "p-jan"),
        (ItemSoort.BETROKKENE, 1, "p-els"),
        (ItemSoort.LEEFGEBIEDEN, 0, None),
    ]
    for item in items:
        assert item.eigenaar == "politie-zwb" and item.melding_id == MID
        assert item.categorie is Categorie.POLITIE
        assert item.gevoeligheid is Gevoeligheid.STRAFRECHTELIJK
        assert item.grondslag is Grondslag.CONVENANT
        assert item.beperkt_tot is None and not item.ingetrokken
        assert item.id == item_id(MID, item.soort, item.positie)  # stable, as the migration's
    assert len({i.id for i in items}) == 4
    assert item_inhoud(items[0], INHOUD) == {"reden": "Zorgen.", "reden_niet_geinformeerd": None}
    assert item_inhoud(items[2], INHOUD) == ELS
    assert item_inhoud(items[3], INHOUD) == {"leefgebieden": ["gezin"]}


@pytest.mark.parametrize(
    ("melder", "categorie", "gevoeligheid"),
    [
        ("politie-zwb", "politie", "strafrechtelijk"),
        ("om-zwb", "justitie", "strafrechtelijk"),
        ("reclassering-nl", "justitie", "strafrechtelijk"),
        ("ggz-wnb", "zorg", "bijzonder"),
        ("bemoeizorg-wbr", "zorg", "bijzonder"),
        ("veilig-thuis-wbr", "jeugd", "normaal"),
        ("woonkwartier", "wonen", "normaal"),
        ("gemeente-roosendaal", "algemeen", "normaal"),
    ],
)
def test_defaults_follow_the_partner_type(melder: str, categorie: str, gevoeligheid: str) -> None:
    assert categorie_van(melder) == categorie
    assert standaard_gevoeligheid(categorie_van(melder)) == gevoeligheid


def test_the_melder_may_say_categorie_gevoeligheid_and_grondslag() -> None:
    items = items_voor(
        MID,
        eigenaar="politie-zwb",
        inhoud=INHOUD,
        pseudoniemen=[None, None],
        categorie=Categorie.ZORG,
        gevoeligheid=Gevoeligheid.NORMAAL,
        grondslag=Grondslag.TOESTEMMING,
    )
    assert {(i.categorie, i.gevoeligheid, i.grondslag) for i in items} == {
        (Categorie.ZORG, Gevoeligheid.NORMAAL, Grondslag.TOESTEMMING)
    }
    zorg = items_voor(
        MID, eigenaar="gemeente-x", inhoud=INHOUD, pseudoniemen=[], categorie=Categorie.ZORG
    )
    assert {i.gevoeligheid for i in zorg} == {Gevoeligheid.BIJZONDER}


def test_health_leefgebieden_are_bijzonder() -> None:
    inhoud = {**INHOUD, "leefgebieden": ["gezin", "psyche"]}
    items = items_voor(MID, eigenaar="gemeente-roosendaal", inhoud=inhoud, pseudoniemen=[])
    assert {i.soort: i.gevoeligheid for i in items}[ItemSoort.LEEFGEBIEDEN] is (
        Gevoeligheid.BIJZONDER
    )
    assert {i.soort: i.gevoeligheid for i in items}[ItemSoort.REDEN] is Gevoeligheid.NORMAAL


def test_eigenaar_restricts_lifts_and_withdraws() -> None:
    reden = items_voor(MID, eigenaar="ggz-wnb", inhoud=INHOUD, pseudoniemen=[])[0]
    beperkt = reden.beperk(["zvh", "politie-zwb", "zvh"], door="gz.de.wit", op=NU)
    assert beperkt.beperkt_tot == ("zvh", "politie-zwb") and beperkt.beperkt_door == "gz.de.wit"
    with pytest.raises(BeheerOngeldig):
        reden.beperk([], door="x", op=NU)
    assert beperkt.hef_beperking_op(door="gz.de.wit", op=NU).beperkt_tot is None
    ingetrokken = beperkt.trek_in(door="gz.de.wit", op=NU)
    assert ingetrokken.ingetrokken and ingetrokken.ingetrokken_op == NU
    assert ingetrokken.trek_in(door="ander", op=NU) == ingetrokken  # final, twice is a no-op
    with pytest.raises(BeheerOngeldig):
        ingetrokken.beperk(["zvh"], door="x", op=NU)
    with pytest.raises(BeheerOngeldig):
        ingetrokken.hef_beperking_op(door="x", op=NU)


# --- obligations ---------------------------------------------------------------------------------


def test_redact_bsn_keeps_the_last_three_digits_and_geboortedatum_the_year() -> None:
    assert maskeer_bsn("111222333") == "******333"
    assert alleen_jaar("1980-01-01") == "1980"
    uit = pas_toe(["redact:bsn", "redact:geboortedatum"], JAN)
    assert uit.inhoud == {**JAN, "bsn": "******333", "geboortedatum": "1980"}
    assert uit.gemaskeerd == ("bsn", "geboortedatum")
    assert JAN["bsn"] == "111222333"  # the stored content is not touched


def test_redact_of_another_field_leaves_it_out_and_absent_fields_are_no_redaction() -> None:
    uit = pas_toe(["redact:achternaam", "redact:bsn"], ELS)
    assert uit.inhoud == {"rol": "kind", "voornaam": "Els", "geboortedatum": "2015-05-05"}
    assert uit.gemaskeerd == ("achternaam",)  # Els has no BSN: nothing masked there


def test_alleen_metadata_returns_no_content_and_log_inzage_is_noted() -> None:
    uit = pas_toe(["alleen-metadata", "redact:bsn", "log-inzage"], JAN)
    assert uit.inhoud is None and uit.log_inzage
    assert pas_toe([], JAN).inhoud == JAN


@pytest.mark.parametrize("onbekend", ["alleen-initialen", "versleutel", "redact:", "REDACT:bsn"])
def test_an_unknown_obligation_is_refused(onbekend: str) -> None:
    with pytest.raises(OnbekendeVerplichting) as info:
        pas_toe(["redact:bsn", onbekend], JAN)
    assert info.value.verplichting == onbekend
