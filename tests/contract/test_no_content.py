"""Internal topics carry no case content: ids, codes, dates, pseudonyms and actielijst only."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from pydantic import BaseModel, create_model
from zvh_contracts.base import Actietekst, Bsn, Event, Inhoud, Naam, PartnerCode, Pseudoniem
from zvh_contracts.privacy import content_fields
from zvh_contracts.registry import EVENTS
from zvh_contracts.schema import json_schema
from zvh_contracts.vocab import Urgentie

INTERNAL = sorted(t for t, spec in EVENTS.items() if spec.internal)


def test_there_are_internal_event_types() -> None:
    assert INTERNAL, "no internal event types found: the registry changed shape?"
    assert all(not EVENTS[t].topic.startswith("zvh.partner.") for t in INTERNAL)


@pytest.mark.parametrize("event_type", INTERNAL)
def test_internal_event_carries_no_content(event_type: str) -> None:
    leaks = content_fields(json_schema(event_type))
    assert leaks == [], f"{event_type} may carry content on {EVENTS[event_type].topic}: {leaks}"


def _schema(**fields: object) -> dict[str, object]:
    return create_model("Proef", __base__=Event, **fields).model_json_schema()  # type: ignore[call-overload, no-any-return]


def test_clean_model_passes() -> None:
    schema = _schema(
        casus_id=(uuid.UUID, ...),
        wie=(PartnerCode, ...),
        wat=(Actietekst, ...),
        wanneer=(date, ...),
        urgentie=(Urgentie | None, None),
        pseudoniemen=(list[Pseudoniem], ...),
    )
    assert content_fields(schema) == []


def test_unclassified_free_text_is_caught() -> None:
    leaks = content_fields(_schema(casus_id=(uuid.UUID, ...), opmerking=(str, ...)))
    assert leaks == [
        "opmerking: unclassified string (give it a format, an enum or a shareable x-zvh-klasse)"
    ]


@pytest.mark.parametrize(
    ("annotation", "klasse"),
    [(Inhoud, "inhoud"), (Naam, "persoonsgegeven"), (Bsn | None, "persoonsgegeven")],
)
def test_content_and_personal_data_are_caught(annotation: object, klasse: str) -> None:
    leaks = content_fields(_schema(veld=(annotation, ...)))
    assert leaks == [f"veld: x-zvh-klasse {klasse!r} may not travel on an internal topic"]


def test_content_nested_in_a_list_of_models_is_caught() -> None:
    class Persoon(BaseModel):
        rol: Urgentie
        achternaam: Naam

    leaks = content_fields(_schema(personen=(list[Persoon], ...)))
    assert leaks == [
        "personen[].achternaam: x-zvh-klasse 'persoonsgegeven' may not travel on an internal topic"
    ]


def test_systeemtekst_is_not_shareable() -> None:
    schema = json_schema("zvh.partner.melding.ontvangen.v1")
    assert any("redenen[].melding" in leak for leak in content_fields(schema))
