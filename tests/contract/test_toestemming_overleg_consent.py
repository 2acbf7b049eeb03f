"""Overleg's toestemmingen page and consent's real register agree on the shapes.

The body overleg's form builds (``_invoer``) goes through overleg's ``ConsentClient`` to consent's
real ``/v1/toestemmingen`` (regorus with the repository's policy, SQLite from the migrations, the
demo convenanten): consent accepts it, its 422 reaches overleg as ``(veld, melding)`` pairs the
page maps to its fields, and its 403 as the policy's reasons.
"""

from __future__ import annotations

import uuid

import pytest
from zvh_consent.config import ConsentSettings
from zvh_overleg.adapters.consent import ConsentClient
from zvh_overleg.application.toestemmingen import ConsentGeweigerd, ConsentOngeldig
from zvh_overleg.entrypoints.web.toestemmingen import VELDEN, _invoer
from zvh_platform.auth import User, lokaal_token

CASUS = uuid.uuid4()
USERS = {
    "pr.jansen": User(id="pr.jansen", naam="P", org="zvh", roles=["procesregisseur"]),
    "gemeente.visser": User(
        id="gemeente.visser",
        naam="G",
        org="gemeente-bergen-op-zoom",
        roles=["deelnemer", "casusregisseur"],
    ),
    "ggz.mulder": User(id="ggz.mulder", naam="M", org="ggz-wnb", roles=["deelnemer"]),
}


def formulier(**kw: str) -> dict[str, str]:
    w = {
        "betrokkene": "0123456789abcdef0123456789abcdef",
        "doel": "casusoverleg",
        "ontvanger": "ggz-wnb",
        "categorie": "zorg",
        "van": "",
        "tot": "",
        "status": "gegeven",
        "wijze": "mondeling",
        "document_referentie": "",
        "leeftijdsgroep": "volwassen",
        "toestemming_door": "client",
    }
    w.update(kw)
    return w


async def test_overlegs_form_body_meets_consents_register(
    consent: tuple[ConsentClient, ConsentSettings],
) -> None:
    client, _settings = consent

    def token(user: str) -> str:
        return lokaal_token(USERS[user])

    with pytest.raises(ConsentOngeldig) as onvolledig:
        await client.vastleggen(
            _invoer(CASUS, formulier(leeftijdsgroep="12-tot-16", wijze="schriftelijk")),
            token=token("pr.jansen"),
        )
    velden = {veld for veld, _ in onvolledig.value.fouten}
    assert velden == {"toestemming_door", "document_referentie"}
    assert velden <= VELDEN.keys()  # every field consent names has a place on the page

    t = await client.vastleggen(_invoer(CASUS, formulier()), token=token("pr.jansen"))
    assert t["status"] == "gegeven" and t["casus"] == str(CASUS) and t["tot"] is None

    rijen = await client.toestemmingen(casus=CASUS, token=token("gemeente.visser"))
    assert [r["id"] for r in rijen] == [t["id"]]
    gelezen = await client.toestemming(uuid.UUID(t["id"]), token=token("pr.jansen"))
    assert [h["status"] for h in gelezen["historie"]] == ["gegeven"]

    with pytest.raises(ConsentGeweigerd) as geweigerd:
        await client.toestemmingen(casus=CASUS, token=token("ggz.mulder"))
    assert geweigerd.value.reasons

    await client.intrekken(uuid.UUID(t["id"]), token=token("pr.jansen"))
    with pytest.raises(ConsentOngeldig) as tweemaal:
        await client.intrekken(uuid.UUID(t["id"]), token=token("pr.jansen"))
    assert tweemaal.value.fouten == [("status", "deze toestemming is al ingetrokken")]
