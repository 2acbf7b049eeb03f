"""Keyed pseudonyms: stable per key, the BSN decides, otherwise normalised name + birth date."""

from __future__ import annotations

from datetime import date
from typing import Any

from zvh_platform.pseudoniem import normaliseer_naam, pseudoniem, sleutelgegeven


def test_pseudoniem_is_stable_keyed_and_short() -> None:
    args: dict[str, Any] = {
        "bsn": "111222333",
        "voornaam": "Jan",
        "achternaam": "X",
        "geboortedatum": None,
    }
    a = pseudoniem(key=b"k1", **args)
    assert a == pseudoniem(key=b"k1", **args)
    assert a != pseudoniem(key=b"k2", **args)
    assert len(a) == 32 and int(a, 16) >= 0
    # the BSN decides, not the spelling of the name
    assert a == pseudoniem(key=b"k1", **{**args, "voornaam": "Johannes"})


def test_pseudoniem_without_bsn_uses_normalised_name_and_birth_date() -> None:
    geboren = date(1990, 5, 1)
    a = pseudoniem(
        key=b"k", bsn=None, voornaam="José", achternaam="de  Vries", geboortedatum=geboren
    )
    b = pseudoniem(
        key=b"k", bsn=None, voornaam=" jose ", achternaam="De Vries", geboortedatum=geboren
    )
    c = pseudoniem(
        key=b"k", bsn=None, voornaam="Jose", achternaam="de Vries", geboortedatum=date(1990, 5, 2)
    )
    assert a == b
    assert a != c
    assert normaliseer_naam("  Éva\tDE   Vries ") == "eva de vries"


def test_sleutelgegeven_is_the_documented_format() -> None:
    """Other services recompute the pseudonym from these strings: the format is a contract."""
    assert sleutelgegeven(bsn="111222333", voornaam="a", achternaam="b", geboortedatum=None) == (
        "bsn:111222333"
    )
    assert (
        sleutelgegeven(bsn=None, voornaam="Éva", achternaam="Bos", geboortedatum=date(2001, 2, 3))
        == "naam:eva|bos|2001-02-03"
    )
