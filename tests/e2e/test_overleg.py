"""The casusoverleg end to end: a Kafka-only partner, op- en afschalen, afsluiten and heropenen.

Separate processes on the real broker; the partner side speaks only Kafka (its two topics), the
ZVH side uses the services' HTTP APIs and pages as pr.jansen / notulist.bakker.
"""

from __future__ import annotations

import asyncio
import email
import email.header
import html
import mailbox
import random
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from zvh_contracts import registry
from zvh_contracts.partner.actie_v1 import ActieToegewezen
from zvh_contracts.partner.casus_v1 import CasusGeopend
from zvh_contracts.partner.melding_v1 import MeldingIngediend
from zvh_contracts.partner.overleg_v1 import OverlegUitgenodigd, OverlegVerslag
from zvh_contracts.vocab import OverlegAntwoord, Terugkoppelstatus
from zvh_local.aanmelden import session_cookies
from zvh_local.demo import (
    ACTIE_TOEGEWEZEN,
    MELDER,
    OVERLEG_UITGENODIGD,
    OVERLEG_VERSLAG,
    PROCESREGISSEUR,
    UITVOERDER,
    Endpoints,
    PartnerSession,
    demo_meldingen,
    melding_over,
    unieke_bsn,
)
from zvh_local.mail import mail_text
from zvh_local.supervisor import Stack
from zvh_platform.testing import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

CASUS_GEOPEND = "zvh.partner.casus.geopend.v1"
TIMEOUT_S = 60.0


def _from_zvh(org: str) -> str:
    return f"zvh.partner.{org}.from-zvh.v1"


def _melding_over(persoon_bsn: str) -> MeldingIngediend:
    """The first demo melding, about DEMO_PERSONEN[0] with ``persoon_bsn``, inviting gemeente."""
    return melding_over(persoon_bsn)


@pytest.fixture
async def sessie(endpoints: Endpoints) -> AsyncIterator[PartnerSession]:
    async with PartnerSession(endpoints=endpoints, timeout_s=TIMEOUT_S) as s:
        yield s


@pytest.fixture
async def pagina(sessie: PartnerSession, stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    """The staff UI as pr.jansen, signed in through the stack's OIDC stand-in."""
    cookies = await asyncio.to_thread(session_cookies, stack.url("overleg"), PROCESREGISSEUR)
    async with httpx.AsyncClient(
        base_url=stack.url("overleg"),
        cookies=cookies,
        timeout=10.0,
        follow_redirects=False,
    ) as client:
        yield client


async def _open_casus(
    s: PartnerSession, melding: MeldingIngediend, *, ave_fase: int, uitnodigen: tuple[str, ...]
) -> tuple[uuid.UUID, uuid.UUID]:
    melding_id = await s.submit(melding)
    await s.read_melding(melding_id)  # stored and readable before the triage
    await s.triage_casus(melding_id, ave_fase=ave_fase, uitnodigen=uitnodigen)
    return melding_id, await s.wait_for_casus(melding_id)


def _texts(fragment: str) -> str:
    """Visible text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _list_items(page: str, *, list_id: str, soort: str) -> list[str]:
    """The text of ``<li data-soort=soort>`` entries inside the element with ``list_id``."""
    block = re.search(rf'id="{list_id}"[^>]*>(.*?)</(?:ol|ul)>', page, re.S)
    assert block, f"#{list_id} not on the page"
    return [
        _texts(m) for m in re.findall(rf'<li data-soort="{soort}"[^>]*>(.*?)</li>', block[1], re.S)
    ]


# -- 1. a partner adapter that only speaks Kafka -------------------------------------------------


async def test_kafka_only_partner_follows_the_overleg_and_gets_a_verslag_without_bouwschema(
    stack: Stack, sessie: PartnerSession
) -> None:
    s = sessie
    tag = uuid.uuid4().hex[:10]
    bouwschema = {
        MELDER: f"Drie meldingen in twee maanden, geen aangifte gedaan (kenmerk P{tag}).",
        UITVOERDER: f"Huurachterstand loopt op, schuldhulp nog niet in beeld (kenmerk G{tag}).",
    }

    # politie-zwb reports; the procesregisseur opens a casus with gemeente as deelnemer, and a
    # second casus gemeente has nothing to do with (it shares the overleg's agenda).
    _, casus_id = await _open_casus(s, demo_meldingen()[0], ave_fase=4, uitnodigen=(UITVOERDER,))
    _, andere_casus = await _open_casus(s, demo_meldingen()[1], ave_fase=3, uitnodigen=("ggz-wnb",))

    geopend = await s.wait_for_partner_event(
        CASUS_GEOPEND, org=UITVOERDER, about=casus_id, field="casus_id"
    )
    event = registry.parse(geopend.ce_type, geopend.body)
    assert isinstance(event, CasusGeopend)
    assert set(event.deelnemers) == {MELDER, UITVOERDER}
    assert event.ave_fase == 4

    # The overleg: gemeente is invited for its own casus only.
    overleg_id = await s.plan_overleg([casus_id, andere_casus])
    uitnodiging = await s.wait_for_partner_event(
        OVERLEG_UITGENODIGD, org=UITVOERDER, about=overleg_id
    )
    invite = registry.parse(uitnodiging.ce_type, uitnodiging.body)
    assert isinstance(invite, OverlegUitgenodigd)
    assert invite.casus_ids == [casus_id]
    assert invite.sequence == 0

    # The adapter declines on its to-zvh topic; politie-zwb (also over Kafka) accepts.
    reden = f"Geen capaciteit die ochtend (kenmerk R{tag})."
    await s.beantwoord(overleg_id, org=UITVOERDER, antwoord=OverlegAntwoord.KOMT_NIET, reden=reden)
    await s.beantwoord(overleg_id, org=MELDER, antwoord=OverlegAntwoord.KOMT)
    await s.wait_for_antwoord(overleg_id, org=UITVOERDER, antwoord="komt-niet")
    await s.wait_for_antwoord(overleg_id, org=MELDER, antwoord="komt")
    genodigden = {g["partner"]: g for g in (await s.overleg(overleg_id))["genodigden"]}
    assert genodigden[UITVOERDER]["casus_ids"] == [str(casus_id)]
    assert genodigden["ggz-wnb"]["casus_ids"] == [str(andere_casus)]

    # An actie for gemeente; the adapter reports it is under way.
    actie_id = await s.add_actie(casus_id, wat="Huisbezoek afleggen en schuldhulp aanbieden")
    toegewezen = await s.wait_for_actie(actie_id)
    actie = registry.parse(toegewezen.ce_type, toegewezen.body)
    assert isinstance(actie, ActieToegewezen)
    assert (actie.casus_id, actie.wie) == (casus_id, UITVOERDER)
    await s.terugkoppelen(casus_id=casus_id, actie_id=actie_id, status=Terugkoppelstatus.LOOPT)
    await s.wait_for_actie_status(casus_id, actie_id, status="loopt")

    # The notulist records each partner's beeld; then the verslag is finalised.
    for eigenaar, tekst in bouwschema.items():
        await s.bouwschema(casus_id, overleg_id=overleg_id, eigenaar=eigenaar, tekst=tekst)
    await s.verslag_vaststellen(overleg_id)
    ontvangen = await s.wait_for_partner_event(OVERLEG_VERSLAG, org=UITVOERDER, about=overleg_id)

    verslag = registry.parse(ontvangen.ce_type, ontvangen.body)
    assert isinstance(verslag, OverlegVerslag)
    assert [c.casus_id for c in verslag.casussen] == [casus_id]
    regels = {a.actie_id: a for a in verslag.casussen[0].acties}
    assert actie_id in regels, f"actie {actie_id} missing from the verslag's actielijst"
    assert regels[actie_id].status.value == "loopt"
    assert regels[actie_id].wie == UITVOERDER
    assert set(verslag.casussen[0].deelnemers) == {MELDER, UITVOERDER}
    assert verslag.aanwezig == [MELDER]  # no register kept: the answers stand in
    expected_url = f"{stack.url('overleg').rstrip('/')}/overleggen/{overleg_id}/verslag"
    assert verslag.verslag_url == expected_url

    raw = ontvangen.body + repr(ontvangen.headers).encode()
    for tekst in [*bouwschema.values(), reden]:
        assert tekst.encode() not in raw
    assert tag.encode() not in raw, "bouwschema (or the reden) leaked into the verslag event"

    # Everything gemeente ever got in this test: valid contract messages, none of it about the
    # casus it is not in, none of it bouwschema content or its own reden.
    mine = [r for r in s.inbox.received if r.topic == _from_zvh(UITVOERDER)]
    assert {CASUS_GEOPEND, OVERLEG_UITGENODIGD, ACTIE_TOEGEWEZEN, OVERLEG_VERSLAG} <= {
        r.ce_type for r in mine
    }
    for r in mine:
        registry.parse(r.ce_type, r.body)  # raises on anything outside the contract
        assert str(andere_casus).encode() not in r.body, f"{r.ce_type} names the other casus"
        assert tag.encode() not in r.body, f"{r.ce_type} carries overleg content"

    # The verslag e-mail to gemeente: there, linked, and without bouwschema text.
    address = f"{UITVOERDER}@partners.zvh.local"

    async def verslag_mail() -> list[tuple[bytes, str]] | None:
        box = mailbox.Maildir(str(stack.var_dir / "mail"), create=False)
        found = []
        for key in box.iterkeys():
            with box.get_file(key) as f:
                data = f.read()
            msg = email.message_from_bytes(data)
            text = mail_text(msg)
            if address in str(msg["To"]) and text.startswith("Verslag") and str(overleg_id) in text:
                found.append((data, text))
        return found or None

    mails = await wait_for(verslag_mail, timeout_s=TIMEOUT_S, interval_s=0.25)
    assert len(mails) == 1, f"expected one verslag e-mail to {address}, got {len(mails)}"
    data, text = mails[0]
    assert expected_url in text
    assert "Huisbezoek afleggen en schuldhulp aanbieden" in text  # its actielijst is in it
    for tekst in bouwschema.values():
        assert tekst not in text
        assert tekst.encode() not in data
    assert tag not in text and tag.encode() not in data


# -- 2. op- en afschalen -------------------------------------------------------------------------


async def test_fase_up_to_5_and_down_to_3_is_kept_in_order(
    sessie: PartnerSession, pagina: httpx.AsyncClient
) -> None:
    s = sessie
    _, casus_id = await _open_casus(s, demo_meldingen()[0], ave_fase=4, uitnodigen=(UITVOERDER,))
    url = f"{s.endpoints.overleg_url}/v1/casussen/{casus_id}/fase"
    op = "Nieuwe geweldsincidenten; strafrechtelijk kader nodig."
    af = "Veiligheid is stabiel, hulpverlening loopt via de gemeente."

    # No reason → refused, nothing changed.
    r = await s.request("POST", url, json={"naar": 5, "reden": ""})
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"] == ["body", "reden"]
    assert (await s.casus(casus_id))["ave_fase"] == 4

    r = await s.request("POST", url, json={"naar": 5, "reden": op})
    assert r.status_code == 204, r.text
    assert (await s.casus(casus_id))["ave_fase"] == 5

    r = await s.request("POST", url, json={"naar": 3, "reden": af})
    assert r.status_code == 204, r.text
    assert (await s.casus(casus_id))["ave_fase"] == 3

    # The same fase again is no change.
    r = await s.request("POST", url, json={"naar": 3, "reden": af})
    assert r.status_code == 422, r.text

    # The API has no history field: the casus page (as pr.jansen) shows both steps in order.
    page = await pagina.get(f"/casussen/{casus_id}")
    assert page.status_code == 200, page.text[:300]
    tijdlijn = _list_items(page.text, list_id="tijdlijn-lijst", soort="fase")
    stappen = [t for t in tijdlijn if "geschaald" in t]
    assert len(stappen) == 2, tijdlijn
    assert "Opgeschaald van AVE-fase 4 naar 5" in stappen[0]
    assert "Afgeschaald van AVE-fase 5 naar 3" in stappen[1]
    historie = _list_items(page.text, list_id="regie-historie", soort="fase")
    assert len(historie) == 2, historie
    assert "4 → 5" in historie[0] and op in historie[0]
    assert "5 → 3" in historie[1] and af in historie[1]


# -- 3. afsluiten and heropenen through a new melding ------------------------------------------


async def test_closed_casus_is_reopened_by_a_new_melding_about_the_same_person(
    sessie: PartnerSession, pagina: httpx.AsyncClient
) -> None:
    s = sessie
    bsn = unieke_bsn(random.Random())
    oud_melding, casus_id = await _open_casus(
        s, _melding_over(bsn), ave_fase=4, uitnodigen=(UITVOERDER,)
    )
    casus_url = f"{s.endpoints.overleg_url}/v1/casussen/{casus_id}"

    r = await s.request("POST", f"{casus_url}/afsluiten", json={"reden": "doel-bereikt"})
    assert r.status_code == 204, r.text
    gesloten = await s.casus(casus_id)
    assert gesloten["afgesloten_op"] is not None
    assert gesloten["afsluitreden"] == "doel-bereikt"
    r = await s.request("POST", f"{casus_url}/fase", json={"naar": 5, "reden": "te laat"})
    assert r.status_code == 422, "a closed casus must refuse lifecycle changes"

    # politie-zwb reports the same person again.
    nieuw_melding = await s.submit(_melding_over(bsn))
    inhoud = await s.read_melding(nieuw_melding)
    eerdere = inhoud["eerdere_meldingen"]
    assert [e["melding_id"] for e in eerdere] == [str(oud_melding)], eerdere
    assert eerdere[0]["melder"] == MELDER

    # The triage page tells the procesregisseur this person is known, with the closed casus.
    page = await pagina.get(f"/triage/{nieuw_melding}")
    assert page.status_code == 200, page.text[:300]
    bekend = re.search(r'<fieldset[^>]*id="al-bekend"[^>]*>(.*?)</fieldset>', page.text, re.S)
    assert bekend, "no 'Deze persoon is al bekend' section on the triage page"
    assert "Deze persoon is al bekend" in _texts(bekend[1])
    items = re.findall(r'<li data-casus="([^"]+)" data-status="([^"]+)"', bekend[1])
    assert items == [(str(casus_id), "afgesloten")]
    assert f'id="bestaande-{casus_id}"' in bekend[1]

    # Triage into the existing casus (intake API), inviting one more partner.
    r = await s.request(
        "POST",
        f"{s.endpoints.intake_url}/v1/meldingen/{nieuw_melding}/triage",
        json={
            "uitkomst": "casus",
            "ave_fase": 4,
            "client_geinformeerd": True,
            "reden_niet_geinformeerd": None,
            "herbeoordeling_op": None,
            "uit_te_nodigen_partners": [UITVOERDER, "veilig-thuis-wbr"],
            "bestaande_casus_id": str(casus_id),
        },
    )
    assert r.status_code == 200, r.text

    async def heropend() -> dict[str, Any] | None:
        c = await s.casus(casus_id)
        ok = c["afgesloten_op"] is None and str(nieuw_melding) in c["melding_ids"]
        return c if ok else None

    casus = await wait_for(heropend, timeout_s=TIMEOUT_S, interval_s=0.2)
    assert casus["melding_ids"][0] == str(oud_melding)
    assert set(casus["melding_ids"]) == {str(oud_melding), str(nieuw_melding)}
    assert casus["afsluitreden"] is None
    assert "veilig-thuis-wbr" in casus["deelnemers"]

    # No second casus: the new melding belongs to the reopened one, and only to it.
    r = await s.request("GET", f"{s.endpoints.overleg_url}/v1/casussen")
    assert r.status_code == 200
    alle = r.json()
    assert not [c for c in alle if c["melding_id"] == str(nieuw_melding)], "a new casus opened"
    assert [c["casus_id"] for c in alle].count(str(casus_id)) == 1

    # And the reopened casus takes acties again.
    actie_id = await s.add_actie(casus_id, wat="Nazorggesprek plannen")
    assert actie_id in {uuid.UUID(a["actie_id"]) for a in (await s.casus(casus_id))["acties"]}

    # Asked by the new melding, the API should answer with the casus that melding is in. It
    # filters on the casus' first melding only (known bug, see the message); fail on anything
    # else, e.g. a second casus.
    r = await s.request("GET", f"{s.endpoints.overleg_url}/v1/casussen?melding_id={nieuw_melding}")
    assert r.status_code == 200
    gevonden = [c["casus_id"] for c in r.json()]
    assert gevonden == [str(casus_id)]
