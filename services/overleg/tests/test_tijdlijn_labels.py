"""The timeline query (kinds, order, no content) and intake labels (adapter + fallback)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from overleg_fakes import MORGEN, NU, FakePdp, Store, casus
from zvh_contracts.vocab import OverlegSoort
from zvh_overleg.adapters.intake import IntakeClient
from zvh_overleg.application.labels import casus_labels
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.tijdlijn import tijdlijn
from zvh_overleg.domain.model import Actie, ActieStatus, Terugkoppeling
from zvh_overleg.domain.overleg import Overleg

GGZ = Actor(user_id="ggz.mulder", org="ggz-wnb", roles=["deelnemer"], token="t")


async def test_timeline_sorted_with_overleg_and_without_content(store: Store, uow) -> None:
    c = casus(deelnemers=["politie-zwb", "ggz-wnb"], ave_fase=3)
    actie = Actie(
        actie_id=uuid.uuid4(),
        casus_id=c.casus_id,
        wat="Gesprek",
        wie="ggz-wnb",
        wanneer=MORGEN,
        toegewezen_op=NU + timedelta(hours=1),
    )
    c.acties.append(actie)
    c.wijzig_fase(naar=4, reden="geheime reden", op=NU + timedelta(hours=3), door="pr.jansen")
    store.casussen[c.casus_id] = c
    store.terugkoppelingen.append(
        Terugkoppeling(
            terugkoppeling_id=uuid.uuid4(),
            actie_id=actie.actie_id,
            casus_id=c.casus_id,
            door="ggz-wnb",
            status=ActieStatus.LOOPT,
            toelichting="vertrouwelijk",
            ontvangen_op=NU + timedelta(hours=2),
        )
    )
    overleg = Overleg(
        overleg_id=uuid.uuid4(),
        soort=OverlegSoort.CASUSOVERLEG,
        start=NU + timedelta(days=1),
        eind=NU + timedelta(days=1, hours=1),
        locatie="ZVH",
        voorzitter="pr.jansen",
        agenda=[c.casus_id],
        gepland_op=NU,
        gepland_door="pr.jansen",
    )
    store.overleggen[overleg.overleg_id] = overleg
    pdp = FakePdp()
    items = await tijdlijn(c.casus_id, actor=GGZ, uow=uow, pdp=pdp)
    assert [i.soort for i in items] == ["geopend", "actie", "terugkoppeling", "fase", "overleg"]
    assert items[2].tekst.startswith("Teruggekoppeld: loopt")
    assert items[-1].link == f"/overleggen/{overleg.overleg_id}"
    tekst = " ".join(i.tekst for i in items)
    assert "vertrouwelijk" not in tekst and "geheime reden" not in tekst
    assert pdp.requests[0].resource.type == "actielijst"


async def test_intake_client_labels_and_fallback() -> None:
    melding_id = uuid.uuid4()
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers["Authorization"] == "Bearer partner":
            return httpx.Response(403, json={"detail": "Toegang geweigerd", "reasons": ["nee"]})
        return httpx.Response(
            200,
            json={
                "labels": [
                    {
                        "melding_id": str(melding_id),
                        "melder_referentie": "PZWB-1",
                        "initialen": "J.T.",
                    }
                ]
            },
        )

    intake = IntakeClient(
        base_url="http://intake", client=httpx.AsyncClient(transport=httpx.MockTransport(handler))
    )
    c = casus(melding_id=melding_id)
    other = casus()
    labels = await casus_labels([c, other], intake=intake, token="pr")
    assert labels == {
        c.casus_id: "PZWB-1 · J.T.",
        other.casus_id: str(other.casus_id)[:8],
    }
    assert seen[0].url.path == "/v1/meldingen/labels"
    assert seen[0].url.params["doel"] == "casusoverleg"
    assert set(seen[0].url.params["ids"].split(",")) == {str(melding_id), str(other.melding_id)}
    refused = await casus_labels([c], intake=intake, token="partner")
    assert refused == {c.casus_id: str(c.casus_id)[:8]}
    assert await casus_labels([], intake=intake, token="pr") == {} and len(seen) == 2
    await intake.aclose()
