"""Overlegmodus rules on plain objects: reviewing, editing with history, entries, next date."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from overleg_fakes import MORGEN, NU, casus
from zvh_overleg.domain.bouwschema import Onderdeel
from zvh_overleg.domain.errors import ActieNietGevonden, ActieOngeldig
from zvh_overleg.domain.model import ActieStatus, Casus
from zvh_overleg.domain.overlegmodus import (
    InbrengOngeldig,
    bespreek_actie,
    nieuw_item,
    plan_volgend_overleg,
    wijzig_actie,
)

VANDAAG = date(2030, 3, 4)


def _met_actie() -> tuple[Casus, uuid.UUID]:
    c = casus(deelnemers=["politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb"])
    actie = c.nieuwe_actie(
        actie_id=uuid.uuid4(),
        wat="Bellen",
        wie="politie-zwb",
        wanneer=MORGEN,
        vandaag=VANDAAG,
        toegewezen_op=NU,
    )
    return c, actie.actie_id


def _bespreek(c: Casus, actie_id: uuid.UUID, **kw):  # type: ignore[no-untyped-def]
    values: dict[str, Any] = {"status": "afgerond", "reden": None, "door": "politie-zwb"}
    values.update(kw)
    return bespreek_actie(
        c,
        terugkoppeling_id=uuid.uuid4(),
        actie_id=actie_id,
        overleg_id=None,
        vastgelegd_door="notulist.bakker",
        op=NU,
        **values,
    )


def test_review_sets_status_and_keeps_reden_as_the_deelnemers_content() -> None:
    c, actie_id = _met_actie()
    tk = _bespreek(c, actie_id, status="niet-mogelijk", reden=" geen plek ", door="ggz-wnb")
    assert c.actie(actie_id).status is ActieStatus.NIET_MOGELIJK  # type: ignore[union-attr]
    assert (tk.door, tk.toelichting, tk.vastgelegd_door) == (
        "ggz-wnb",
        "geen plek",
        "notulist.bakker",
    )


@pytest.mark.parametrize(
    ("kw", "veld"),
    [
        ({"status": "niet-mogelijk", "reden": "  "}, "reden"),
        ({"status": "open"}, "status"),
        ({"status": "ingetrokken"}, "status"),
        ({"status": ""}, "status"),
        ({"door": "reclassering"}, "door"),
    ],
)
def test_review_rules_name_their_field(kw, veld) -> None:  # type: ignore[no-untyped-def]
    c, actie_id = _met_actie()
    with pytest.raises(ActieOngeldig) as exc:
        _bespreek(c, actie_id, **kw)
    assert exc.value.veld == veld
    assert c.actie(actie_id).status is ActieStatus.OPEN  # type: ignore[union-attr]


def test_only_open_or_running_acties_are_reviewed() -> None:
    c, actie_id = _met_actie()
    _bespreek(c, actie_id, status="loopt")
    _bespreek(c, actie_id, status="afgerond")
    with pytest.raises(ActieOngeldig):
        _bespreek(c, actie_id, status="loopt")
    with pytest.raises(ActieNietGevonden):
        _bespreek(c, uuid.uuid4())


def _wijzig(c: Casus, actie_id: uuid.UUID, **kw):  # type: ignore[no-untyped-def]
    return wijzig_actie(
        c,
        wijziging_id=uuid.uuid4(),
        actie_id=actie_id,
        vandaag=VANDAAG,
        door="notulist.bakker",
        op=NU,
        **kw,
    )


def test_edit_records_what_changed() -> None:
    c, actie_id = _met_actie()
    w = _wijzig(c, actie_id, wat="Bellen", wie="ggz-wnb", wanneer=date(2030, 3, 9), wachtlijst=True)
    assert w is not None and w.door == "notulist.bakker"
    assert w.velden == {
        "wie": ("politie-zwb", "ggz-wnb"),
        "wanneer": ("2030-03-05", "2030-03-09"),
        "wachtlijst": ("nee", "ja"),
    }
    actie = c.actie(actie_id)
    assert actie and (actie.wie, actie.wanneer, actie.wachtlijst) == (
        "ggz-wnb",
        date(2030, 3, 9),
        True,
    )


def test_edit_without_changes_is_none() -> None:
    c, actie_id = _met_actie()
    assert _wijzig(c, actie_id, wat=" Bellen ", wie="politie-zwb", wanneer=MORGEN) is None


@pytest.mark.parametrize(
    ("kw", "veld"),
    [
        ({"wanneer": date(2030, 3, 3)}, "wanneer"),
        ({"wie": "reclassering"}, "wie"),
        ({"wat": "  "}, "wat"),
        ({"wat": "x" * 501}, "wat"),
    ],
)
def test_edit_rules_change_nothing_on_error(kw, veld) -> None:  # type: ignore[no-untyped-def]
    c, actie_id = _met_actie()
    with pytest.raises(ActieOngeldig) as exc:
        _wijzig(c, actie_id, wachtlijst=True, **kw)
    assert exc.value.veld == veld
    actie = c.actie(actie_id)
    assert actie and not actie.wachtlijst and actie.wie == "politie-zwb" and actie.wat == "Bellen"


def test_a_withdrawn_actie_is_final() -> None:
    c, actie_id = _met_actie()
    w = _wijzig(c, actie_id, intrekken=True)
    assert w and w.velden == {"status": ("open", "ingetrokken")}
    assert c.actie(actie_id).status is ActieStatus.INGETROKKEN  # type: ignore[union-attr]
    with pytest.raises(ActieOngeldig, match="ingetrokken"):
        _wijzig(c, actie_id, wanneer=date(2030, 4, 1))
    with pytest.raises(ActieOngeldig):
        _bespreek(c, actie_id)


def _item(c: Casus, **kw):  # type: ignore[no-untyped-def]
    values = {"onderdeel": "beeld", "eigenaar": "politie-zwb", "categorie": "politie", "tekst": "t"}
    values.update(kw)
    return nieuw_item(
        c,
        item_id=uuid.uuid4(),
        overleg_id=None,
        ingebracht_op=NU,
        vastgelegd_door="notulist.bakker",
        **values,
    )


def test_item_owned_by_a_deelnemer_or_the_zvh() -> None:
    c, _ = _met_actie()
    assert _item(c).eigenaar == "politie-zwb"
    analyse = _item(c, eigenaar="zvh", onderdeel="interventies-lange-termijn", categorie="algemeen")
    assert analyse.onderdeel is Onderdeel.INTERVENTIES_LANG


@pytest.mark.parametrize(
    ("kw", "veld"),
    [
        ({"eigenaar": "reclassering"}, "eigenaar"),
        ({"onderdeel": "roddels"}, "onderdeel"),
        ({"categorie": "geheim"}, "categorie"),
        ({"tekst": " "}, "tekst"),
        ({"tekst": "x" * 10_001}, "tekst"),
    ],
)
def test_item_rules(kw, veld) -> None:  # type: ignore[no-untyped-def]
    c, _ = _met_actie()
    with pytest.raises(InbrengOngeldig) as exc:
        _item(c, **kw)
    assert exc.value.veld == veld


def test_volgend_overleg_not_in_the_past() -> None:
    c, _ = _met_actie()
    with pytest.raises(InbrengOngeldig) as exc:
        plan_volgend_overleg(c, datum=date(2030, 3, 3), vandaag=VANDAAG)
    assert exc.value.veld == "datum" and c.volgend_overleg_op is None
    plan_volgend_overleg(c, datum=VANDAAG, vandaag=VANDAAG)
    assert c.volgend_overleg_op == VANDAAG
