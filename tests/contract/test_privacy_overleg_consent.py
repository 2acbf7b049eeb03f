"""Overleg's privacy pages and consent's real registers agree on the shapes.

The bodies overleg's convenant, doorbreken, beoordeling and inzage pages build go through
overleg's ``ConsentClient`` to consent's real ``/v1/convenanten``, ``/v1/doorbrekingen`` and
``/v1/inzage`` (regorus with the repository's policy, SQLite from the migrations, the demo
convenanten): consent accepts them, overleg reads the answers, its 422 names fields the pages
have, its 409 and 403 reach overleg as the page's errors.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from zvh_consent.config import ConsentSettings
from zvh_overleg.adapters.consent import ConsentClient
from zvh_overleg.application.privacy import (
    ConsentBestaatAl,
    convenant_invoer,
    doorbreking_invoer,
    tot_tijd,
)
from zvh_overleg.application.toestemmingen import ConsentGeweigerd, ConsentOngeldig
from zvh_overleg.entrypoints.web.convenanten import VELDEN
from zvh_overleg.entrypoints.web.doorbreken import velden
from zvh_platform.auth import User, lokaal_token

CASUS = uuid.uuid4()
USERS = {
    "beheer.dekker": User(id="beheer.dekker", naam="B", org="zvh", roles=["beheerder"]),
    "pr.jansen": User(id="pr.jansen", naam="P", org="zvh", roles=["procesregisseur"]),
    "ggz.mulder": User(id="ggz.mulder", naam="M", org="ggz-wnb", roles=["deelnemer"]),
    "fg.devries": User(id="fg.devries", naam="E", org="zvh", roles=["fg"]),
}


def tokens(settings: ConsentSettings) -> Callable[[str], str]:
    """A demo user's bearer token for consent, by user id."""
    return lambda user: lokaal_token(USERS[user])


async def test_the_convenant_forms_meet_consents_register(
    consent: tuple[ConsentClient, ConsentSettings],
) -> None:
    client, settings = consent
    token = tokens(settings)

    invoer, fouten = convenant_invoer(
        van="2025-01-01",
        tot="",
        herzien_op="2031-01-01",
        basis={"zorg": "toestemming van de cliënt", "algemeen": "convenant ZVH art. 4"},
    )
    assert fouten == []
    c = await client.convenant_vastleggen("ggz-wnb", invoer, token=token("beheer.dekker"))
    assert c["tot"] is None and {cb["categorie"] for cb in c["categorieen"]} == {
        "zorg",
        "algemeen",
    }
    historie = await client.convenant_historie("ggz-wnb", token=token("beheer.dekker"))
    assert historie and historie[-1]["door"] == "beheer.dekker"
    rijen = await client.convenanten(token=token("pr.jansen"))  # every signed-in user reads
    assert "ggz-wnb" in {r["org"] for r in rijen}

    kort, _ = convenant_invoer(
        van="2025-01-01", tot="2024-01-01", herzien_op="2031-01-01", basis={"zorg": "ab"}
    )
    with pytest.raises(ConsentOngeldig) as ongeldig:
        await client.convenant_vastleggen("ggz-wnb", kort, token=token("beheer.dekker"))
    velden = {veld for veld, _ in ongeldig.value.fouten}
    assert velden and velden <= VELDEN.keys()  # every field consent names has a place

    with pytest.raises(ConsentBestaatAl):
        await client.convenant_nieuw({"org": "ggz-wnb", **invoer}, token=token("beheer.dekker"))
    with pytest.raises(ConsentGeweigerd) as geweigerd:
        await client.convenant_vastleggen("ggz-wnb", invoer, token=token("pr.jansen"))
    assert geweigerd.value.reasons


async def test_the_doorbreken_form_meets_consents_register(
    consent: tuple[ConsentClient, ConsentSettings],
) -> None:
    client, settings = consent
    token = tokens(settings)("ggz.mulder")
    invoer, fouten = doorbreking_invoer(
        type="vitaal-belang",
        reden="Cliënt in acuut gevaar, informatie van de politie nodig",
        casus=CASUS,
        item="",
        eigenaar="politie-zwb",
        duur_uren="2",
    )
    assert fouten == []
    d = await client.doorbreken(invoer, token=token)
    assert d["type"] == "vitaal-belang" and d["casus"] == str(CASUS) and d["user"] == "ggz.mulder"
    assert len(tot_tijd(d)) == 5  # the banner's HH:MM

    with pytest.raises(ConsentOngeldig) as ongeldig:
        await client.doorbreken(dict(invoer, duur_uren=99), token=token)
    assert {veld for veld, _ in ongeldig.value.fouten} == {"duur_uren"}
    assert "duur_uren" in velden("x")  # the form has a place for it

    eigen = dict(invoer, eigenaar="ggz-wnb")  # the policy: never on one's own items
    with pytest.raises(ConsentGeweigerd) as geweigerd:
        await client.doorbreken(eigen, token=token)
    assert geweigerd.value.reasons


async def test_the_fg_and_eigenaar_pages_read_consents_inzage_and_review(
    consent: tuple[ConsentClient, ConsentSettings],
) -> None:
    client, settings = consent
    token = tokens(settings)

    invoer, _ = doorbreking_invoer(
        type="meldcode",
        reden="Signalen van acuut huiselijk geweld met kinderen in huis.",
        casus=CASUS,
        item="",
        eigenaar="politie-zwb",
        duur_uren="1",
    )
    d = await client.doorbreken(invoer, token=token("ggz.mulder"))
    [rij] = await client.doorbrekingen(onbeoordeeld=True, limit=10, token=token("fg.devries"))
    assert rij["id"] == d["id"] and rij["beoordeling"] is None
    oordeel = {"oordeel": "terecht", "toelichting": "Meldcode gevolgd."}
    beoordeeld = await client.beoordelen(uuid.UUID(d["id"]), oordeel, token=token("fg.devries"))
    assert beoordeeld["beoordeling"]["oordeel"] == "terecht"
    assert await client.doorbrekingen(onbeoordeeld=True, limit=10, token=token("fg.devries")) == []
    with pytest.raises(ConsentBestaatAl):  # one review, final
        await client.beoordelen(uuid.UUID(d["id"]), oordeel, token=token("fg.devries"))

    rapport = await client.inzage_persoon({"bsn": "111222333"}, token=token("fg.devries"))
    assert len(rapport["betrokkene"]) == 32 and isinstance(rapport["regels"], list)
    with pytest.raises(ConsentGeweigerd):
        await client.inzage_persoon({"bsn": "111222333"}, token=token("ggz.mulder"))
    regels = await client.inzage_eigenaar(uitkomst="alle", limit=50, token=token("ggz.mulder"))
    assert isinstance(regels, list)
