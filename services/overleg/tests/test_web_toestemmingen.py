"""The casus's toestemmingen page (issue 7): consent's register through a fake consent client,
and the HTTP client against a mock transport (token, Idempotency-Key, 403/422 mapping)."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from typing import Any

import httpx
import pytest
from overleg_fakes import FakePdp, Store, casus
from overleg_web_fakes import LEGEND, FakeIntake, make_app, signed_in
from zvh_overleg.adapters.consent import ConsentClient
from zvh_overleg.application.toestemmingen import (
    ConsentFout,
    ConsentGeweigerd,
    ConsentOngeldig,
)
from zvh_platform.idempotency import HEADER, Claim, bound

CASUS = uuid.UUID("00000000-0000-4000-8000-0000000000c1")
PSEUDONIEM = "0123456789abcdef0123456789abcdef"
TID = uuid.UUID("00000000-0000-4000-8000-0000000000a1")


def toestemming(**kw: Any) -> dict[str, Any]:
    t = {
        "id": str(TID),
        "betrokkene": PSEUDONIEM,
        "casus": str(CASUS),
        "doel": "casusoverleg",
        "ontvanger": "ggz-wnb",
        "categorie": "zorg",
        "van": "2026-11-01",
        "tot": "2027-05-01",
        "status": "gegeven",
        "wijze": "schriftelijk",
        "document_referentie": "DOC-77",
        "leeftijdsgroep": "12-tot-16",
        "toestemming_door": "beide",
        "vastgelegd_door": "pr.jansen",
        "vastgelegd_door_org": "zvh",
        "vastgelegd_op": "2026-11-01T09:00:00Z",
        "gewijzigd_op": "2026-11-01T09:00:00Z",
        "gewijzigd_door": "pr.jansen",
        "historie": None,
    }
    t.update(kw)
    return t


class FakeConsent:
    """consent's register as overleg sees it; records every call with its token."""

    def __init__(self) -> None:
        self.rijen: list[dict[str, Any]] = []
        self.vastgelegd: list[tuple[dict[str, Any], str]] = []
        self.ingetrokken: list[uuid.UUID] = []
        self.weiger: list[str] | None = None
        self.ongeldig: ConsentOngeldig | None = None

    def _check(self) -> None:
        if self.weiger is not None:
            raise ConsentGeweigerd(self.weiger)

    async def toestemmingen(self, *, casus: uuid.UUID, token: str) -> list[dict[str, Any]]:
        self._check()
        return [dict(t, historie=None) for t in self.rijen if t["casus"] == str(casus)]

    async def toestemming(self, toestemming_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        self._check()
        t = next(t for t in self.rijen if t["id"] == str(toestemming_id))
        return dict(t)

    async def vastleggen(self, invoer: dict[str, Any], *, token: str) -> dict[str, Any]:
        self._check()
        if self.ongeldig is not None:
            raise self.ongeldig
        self.vastgelegd.append((invoer, token))
        return toestemming(**invoer)

    async def intrekken(self, toestemming_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        self._check()
        t = next(t for t in self.rijen if t["id"] == str(toestemming_id))
        if t["status"] == "ingetrokken":
            raise ConsentOngeldig(
                "ongeldige toestemming", [("status", "deze toestemming is al ingetrokken")]
            )
        t["status"] = "ingetrokken"
        self.ingetrokken.append(toestemming_id)
        return t


@pytest.fixture
def consent() -> FakeConsent:
    return FakeConsent()


@pytest.fixture
def app(store: Store, consent: FakeConsent):  # type: ignore[no-untyped-def]
    """The page for CASUS, a casus opened before overleg kept betrokkenen (none known)."""
    store.casussen[CASUS] = casus(casus_id=CASUS)
    app, svc = make_app(store=store, pdp=FakePdp(), intake=FakeIntake())
    svc.consent = consent
    return app


def fout_bij(html: str, veld: str) -> str:
    m = re.search(
        rf'<p class="utrecht-form-field-error-message" id="{veld}-fout">.*?</span>(.*?)</p>',
        html,
        re.S,
    )
    assert m, f"no error next to #{veld}"
    return m.group(1)


def geldig_formulier(**kw: str) -> dict[str, str]:
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "betrokkene": PSEUDONIEM,
        "doel": "casusoverleg",
        "ontvanger": "ggz-wnb",
        "categorie": "zorg",
        "van": "2026-11-02",
        "tot": "",
        "status": "gegeven",
        "wijze": "mondeling",
        "document_referentie": "",
        "leeftijdsgroep": "volwassen",
        "toestemming_door": "client",
    }
    data.update(kw)
    return data


async def test_lists_the_casus_toestemmingen_with_history(app, consent) -> None:
    consent.rijen.append(
        toestemming(
            historie=[
                {
                    "status": "gegeven",
                    "tijd": "2026-11-01T09:00:00Z",
                    "door": "pr.jansen",
                    "door_org": "zvh",
                }
            ]
        )
    )
    consent.rijen.append(toestemming(id=str(uuid.uuid4()), casus=str(uuid.uuid4())))
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get(f"/casussen/{CASUS}/toestemmingen")
    assert r.status_code == 200
    html = r.text
    assert html.count("data-toestemming=") == 1  # only this casus
    assert PSEUDONIEM in html and "casusoverleg" in html and "zorg" in html
    assert "schriftelijk" in html and "DOC-77" in html and "1 mei 2027" in html
    assert 'class="historie"' in html and "pr.jansen" in html
    assert f'action="/casussen/{CASUS}/toestemmingen/{TID}/intrekken"' in html
    assert 'name="idempotency_key"' in html
    # accessible form: every field labelled, radio groups in fieldsets with a legend
    for veld in ("t-betrokkene", "t-doel", "t-ontvanger", "t-categorie", "t-van", "t-tot"):
        assert f'<label for="{veld}" class="utrecht-form-label">' in html
    assert html.count(LEGEND) == 3
    # no betrokkenen known for this (older) casus: the pseudonym is typed
    assert '<input type="text" id="t-betrokkene" name="betrokkene"' in html


async def test_empty_list_says_so(app) -> None:
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get(f"/casussen/{CASUS}/toestemmingen")
    assert r.status_code == 200 and 'id="geen-toestemmingen"' in r.text
    assert 'id="aangemeld-als"' in r.text  # the page has the signed-in bar like every page


async def test_record_posts_consents_body_with_the_users_token(app, consent) -> None:
    async with signed_in(app, "pr.jansen") as c:
        r = await c.post(f"/casussen/{CASUS}/toestemmingen", data=geldig_formulier())
        assert r.status_code == 303
        assert r.headers["location"] == f"/casussen/{CASUS}/toestemmingen?gewijzigd=vastgelegd"
    [(invoer, token)] = consent.vastgelegd
    assert invoer == {
        "casus": str(CASUS),
        "betrokkene": PSEUDONIEM,
        "doel": "casusoverleg",
        "ontvanger": "ggz-wnb",
        "categorie": "zorg",
        "van": "2026-11-02",
        "status": "gegeven",
        "wijze": "mondeling",
        "leeftijdsgroep": "volwassen",
        "toestemming_door": "client",
    }  # empty optional fields left out: consent's defaults apply
    assert token and token.count(".") >= 1


async def test_consents_422_next_to_the_fields_with_the_input_kept(app, consent) -> None:
    consent.ongeldig = ConsentOngeldig(
        "ongeldige toestemming",
        [
            (
                "toestemming_door",
                "onvolledig: van 12 tot 16 jaar geven het kind én een gezagdrager toestemming "
                "(beide)",
            ),
            ("document_referentie", "noem bij schriftelijke toestemming het document"),
        ],
    )
    data = geldig_formulier(leeftijdsgroep="12-tot-16", wijze="schriftelijk", tot="2027-01-31")
    async with signed_in(app, "pr.jansen") as c:
        r = await c.post(f"/casussen/{CASUS}/toestemmingen", data=data)
    assert r.status_code == 422
    html = r.text
    assert "van 12 tot 16 jaar" in fout_bij(html, "t-door-client")
    assert "schriftelijke" in fout_bij(html, "t-document")
    assert 'aria-describedby="t-document-hint t-document-fout" aria-invalid="true"' in html
    assert 'href="#t-door-client"' in html  # the summary links to the field
    # nothing typed is lost
    assert f'value="{PSEUDONIEM}"' in html
    assert '<option value="12-tot-16" selected>' in html
    assert 'id="t-wijze-schriftelijk" name="wijze" value="schriftelijk" checked' in html
    assert 'value="2027-01-31"' in html and 'value="2026-11-02"' in html
    assert '<option value="ggz-wnb" selected>' in html
    assert 'id="t-door-client" name="toestemming_door" value="client" checked' in html


async def test_missing_choices_are_asked_for_before_consent_is_called(app, consent) -> None:
    data = geldig_formulier(status="", leeftijdsgroep="", betrokkene="")
    async with signed_in(app, "pr.jansen") as c:
        r = await c.post(f"/casussen/{CASUS}/toestemmingen", data=data)
    assert r.status_code == 422 and consent.vastgelegd == []
    assert "gegeven of geweigerd" in fout_bij(r.text, "t-status-gegeven")
    assert "leeftijdsgroep" in fout_bij(r.text, "t-leeftijdsgroep")
    assert "pseudoniem" in fout_bij(r.text, "t-betrokkene")


async def test_withdraw_and_withdrawn_twice(app, consent) -> None:
    consent.rijen.append(toestemming())
    async with signed_in(app, "pr.jansen") as c:
        r = await c.post(
            f"/casussen/{CASUS}/toestemmingen/{TID}/intrekken",
            data={"idempotency_key": str(uuid.uuid4())},
        )
        assert r.status_code == 303 and consent.ingetrokken == [TID]
        pagina = await c.get(r.headers["location"])
        assert 'id="toestemming-ingetrokken"' in pagina.text
        assert "/intrekken" not in pagina.text  # no button on a withdrawn one
        # consent's 422 (already withdrawn, e.g. by a colleague) is shown, not a crash
        r = await c.post(
            f"/casussen/{CASUS}/toestemmingen/{TID}/intrekken",
            data={"idempotency_key": str(uuid.uuid4())},
        )
    assert r.status_code == 422
    assert "al ingetrokken" in fout_bij(r.text, f"intrekken-{TID}")
    assert f'href="#intrekken-{TID}"' in r.text and f'id="intrekken-{TID}"' in r.text


@pytest.mark.parametrize("user", ["ggz.mulder", "agent.smit"])
async def test_a_user_without_rights_sees_consents_refusal(app, consent, user: str) -> None:
    consent.weiger = ["alleen de procesregisseur en casusregisseurs van de ZVH"]
    async with signed_in(app, user) as c:
        lezen = await c.get(f"/casussen/{CASUS}/toestemmingen")
        vastleggen = await c.post(f"/casussen/{CASUS}/toestemmingen", data=geldig_formulier())
        intrekken = await c.post(f"/casussen/{CASUS}/toestemmingen/{TID}/intrekken")
    for r in (lezen, vastleggen, intrekken):
        assert r.status_code == 403
        assert "alleen de procesregisseur en casusregisseurs van de ZVH" in r.text
    assert consent.vastgelegd == []


async def test_consent_down_is_a_dutch_503(app, consent) -> None:
    async def onbereikbaar(**_: Any) -> list[dict[str, Any]]:
        raise ConsentFout("consent niet bereikbaar")

    consent.toestemmingen = onbereikbaar  # type: ignore[method-assign]
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get(f"/casussen/{CASUS}/toestemmingen")
    assert r.status_code == 503 and "niet bereikbaar" in r.text


async def test_client_forwards_token_and_key_and_maps_answers() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/intrekken"):
            return httpx.Response(
                422,
                json={
                    "detail": "ongeldige toestemming",
                    "fouten": [{"veld": "status", "melding": "deze toestemming is al ingetrokken"}],
                },
            )
        if request.method == "POST":
            return httpx.Response(
                403, json={"detail": "geweigerd", "reasons": ["alleen ZVH-regie"]}
            )
        return httpx.Response(200, json=[toestemming()])

    client = ConsentClient(
        base_url="http://consent.test",
        client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    rows = await client.toestemmingen(casus=CASUS, token="tok")
    assert rows[0]["id"] == str(TID)
    assert seen[0].headers["authorization"] == "Bearer tok"
    assert seen[0].url.params["casus"] == str(CASUS) and HEADER not in seen[0].headers

    claim = Claim(scope="overleg", key="k-1", fingerprint="f", sessions=None)  # type: ignore[arg-type]
    claim.task = asyncio.current_task()
    with bound(claim):
        with pytest.raises(ConsentGeweigerd) as geweigerd:
            await client.vastleggen({"betrokkene": PSEUDONIEM}, token="tok")
        with pytest.raises(ConsentOngeldig) as ongeldig:
            await client.intrekken(TID, token="tok")
    assert geweigerd.value.reasons == ["alleen ZVH-regie"]
    assert ongeldig.value.fouten == [("status", "deze toestemming is al ingetrokken")]
    assert seen[1].headers[HEADER] == "k-1" and json.loads(seen[1].content) == {
        "betrokkene": PSEUDONIEM
    }
    assert seen[2].url.path == f"/v1/toestemmingen/{TID}/intrekken"
    await client.aclose()


async def test_the_casus_page_links_to_its_toestemmingen(store: Store) -> None:
    from overleg_fakes import BeleidPdp, open_casus

    casus_id = await open_casus(store, ave_fase=3)
    app, _ = make_app(store=store, pdp=BeleidPdp(), intake=FakeIntake())
    async with signed_in(app, "pr.jansen") as c:
        page = await c.get(f"/casussen/{casus_id}")
    assert page.status_code == 200
    assert f'href="/casussen/{casus_id}/toestemmingen" id="toestemmingen-link"' in page.text


CLIENT, KIND, OUDER = "a" * 32, "b" * 32, "c" * 32


@pytest.fixture
def met_betrokkenen(store: Store) -> uuid.UUID:
    c = casus(betrokkenen=[CLIENT, KIND, OUDER])
    store.casussen[c.casus_id] = c
    return c.casus_id


async def test_the_betrokkene_is_chosen_from_the_casus_client_first(
    app, consent, met_betrokkenen: uuid.UUID
) -> None:
    consent.rijen.append(toestemming(casus=str(met_betrokkenen), betrokkene=KIND))
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get(f"/casussen/{met_betrokkenen}/toestemmingen")
    assert r.status_code == 200
    html = r.text
    select = re.search(r'<select id="t-betrokkene" name="betrokkene".*?</select>', html, re.S)
    assert select, "a select of the casus' betrokkenen"
    opties = re.findall(r'<option value="([0-9a-f]*)"\s*>([^<]*)</option>', select.group(0))
    assert opties == [
        ("", "Kies een betrokkene"),
        (CLIENT, "Cliënt"),
        (KIND, "Betrokkene 2"),
        (OUDER, "Betrokkene 3"),
    ]
    assert 'type="text" id="t-betrokkene"' not in html  # no free text when they are known
    rij = re.search(r"<tr data-toestemming=.*?</tr>", html, re.S)
    assert rij and "Betrokkene 2" in rij.group(0) and KIND in rij.group(0)


async def test_a_single_betrokkene_is_chosen_already(app, store: Store) -> None:
    c = casus(betrokkenen=[CLIENT])
    store.casussen[c.casus_id] = c
    async with signed_in(app, "pr.jansen") as client:
        r = await client.get(f"/casussen/{c.casus_id}/toestemmingen")
    assert f'<option value="{CLIENT}" >Cliënt</option>' in r.text
    assert "Kies een betrokkene" not in r.text


async def test_recording_sends_the_chosen_pseudonym_and_keeps_the_choice_on_errors(
    app, consent, met_betrokkenen: uuid.UUID
) -> None:
    url = f"/casussen/{met_betrokkenen}/toestemmingen"
    async with signed_in(app, "pr.jansen") as c:
        r = await c.post(url, data=geldig_formulier(betrokkene=KIND))
        assert r.status_code == 303
        fout = await c.post(url, data=geldig_formulier(betrokkene=KIND, status=""))
    [(invoer, _)] = consent.vastgelegd
    assert invoer["betrokkene"] == KIND and invoer["casus"] == str(met_betrokkenen)
    assert fout.status_code == 422
    assert f'<option value="{KIND}" selected>Betrokkene 2</option>' in fout.text


@pytest.mark.parametrize(
    ("betrokkene", "fout"),
    [("", "kies de betrokkene"), ("d" * 32, "kies een betrokkene van deze casus")],
)
async def test_a_missing_or_foreign_betrokkene_is_refused_before_consent(
    app, consent, met_betrokkenen: uuid.UUID, betrokkene: str, fout: str
) -> None:
    async with signed_in(app, "pr.jansen") as c:
        r = await c.post(
            f"/casussen/{met_betrokkenen}/toestemmingen",
            data=geldig_formulier(betrokkene=betrokkene),
        )
    assert r.status_code == 422 and consent.vastgelegd == []
    assert fout_bij(r.text, "t-betrokkene").strip() == fout


async def test_a_refused_user_never_sees_the_pseudonyms(
    app, consent, met_betrokkenen: uuid.UUID
) -> None:
    consent.weiger = ["alleen de procesregisseur en casusregisseurs van de ZVH"]
    async with signed_in(app, "ggz.mulder") as c:
        lezen = await c.get(f"/casussen/{met_betrokkenen}/toestemmingen")
        kapot = await c.post(
            f"/casussen/{met_betrokkenen}/toestemmingen",
            data=geldig_formulier(betrokkene="d" * 32),
        )
    for r in (lezen, kapot):
        assert r.status_code == 403
        assert CLIENT not in r.text and KIND not in r.text


async def test_an_unknown_casus_is_a_dutch_404(app) -> None:
    onbekend = uuid.uuid4()
    async with signed_in(app, "pr.jansen") as c:
        lezen = await c.get(f"/casussen/{onbekend}/toestemmingen")
        vastleggen = await c.post(f"/casussen/{onbekend}/toestemmingen", data=geldig_formulier())
    for r in (lezen, vastleggen):
        assert r.status_code == 404 and "Casus niet gevonden" in r.text
