"""The casus page's termijnen: their status hooks, and the regie recording eerste contact and hulp
gestart (with who and when), over ASGI with the fakes. The page's clock is Wednesday 6 March
2030; the casus opened Monday 4 March (eerste contact due 6 March, hulp gestart 7 March)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from overleg_fakes import BeleidPdp, FakePdp, FixedClock, Store, open_casus
from overleg_web_fakes import FakeIntake, make_app, signed_in
from zvh_contracts import topics
from zvh_contracts.vocab import Casemanagementmodel as M

NU = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def pdp() -> FakePdp:
    return BeleidPdp()


@pytest.fixture
def app_svc(store: Store, pdp: FakePdp):  # type: ignore[no-untyped-def]
    return make_app(store=store, pdp=pdp, intake=FakeIntake(), clock=FixedClock(NU))


def statussen(html: str) -> dict[str, str]:
    return dict(re.findall(r'<li data-termijn="([a-z-]+)" data-status="([a-z-]+)"', html))


def fout_bij(html: str, veld: str) -> str:
    m = re.search(
        rf'<p class="utrecht-form-field-error-message" id="{veld}-fout">.*?</span>(.*?)</p>',
        html,
        re.S,
    )
    assert m, f"no error next to #{veld}"
    return m.group(1)


async def test_recording_first_contact_meets_its_termijn_with_who_and_when(app_svc, store) -> None:
    casus_id = await open_casus(store)
    app, _ = app_svc
    async with signed_in(app) as c:
        voor = await c.get(f"/casussen/{casus_id}")
        assert statussen(voor.text) == {"eerste-contact": "open", "hulp-gestart": "open"}
        assert 'id="termijn-formulier"' in voor.text
        # a makelaar casus has no eerste hulp to end
        assert 'value="eerste-hulp-beeindigd"' not in voor.text
        uit = len(store.outbox)
        r = await c.post(
            f"/casussen/{casus_id}/termijnen",
            data={"gebeurtenis": "eerste-contact-geregistreerd", "op": "2030-03-05"},
        )
        assert r.status_code == 303
        page = await c.get(r.headers["location"])
    assert statussen(page.text) == {"eerste-contact": "op-tijd", "hulp-gestart": "open"}
    assert "behaald op 5 maart 2030 (op tijd)" in page.text
    [r] = store.casussen[casus_id].termijnregistraties
    assert (r.op.isoformat(), r.door, r.vastgelegd_op) == ("2030-03-05", "pr.jansen", NU)
    [regel] = re.findall(
        r'<li data-registratie="eerste-contact-geregistreerd"[^>]*>(.*?)</li>', page.text
    )
    assert "eerste contact met de cliënt gelegd op 5 maart 2030" in regel
    assert "vastgelegd door pr.jansen" in regel
    tijdlijn = re.findall(
        r'<li data-soort="termijn"[^>]*><time[^>]*>[^<]*</time> — (.*?)</li>', page.text
    )
    assert tijdlijn == ["Eerste contact met de cliënt gelegd op 05-03-2030"]
    # one internal event went out: a code and the day, nobody's name (notify stops reminding)
    [(topic, event, _)] = store.outbox[uit:]
    assert topic == topics.OVERLEG_CASUS
    assert event.model_dump(mode="json", exclude={"geregistreerd_op"}) == {
        "casus_id": str(casus_id),
        "gebeurtenis": "eerste-contact-geregistreerd",
        "op": "2030-03-05",
        "casemanagementmodel": "makelaar",
    }


async def test_a_late_hulp_gestart_shows_te_laat_and_starts_eerste_hulp(store, pdp) -> None:
    casus_id = await open_casus(store, casemanagementmodel=M.INTENSIEF)
    app, _ = make_app(
        store=store,
        pdp=pdp,
        intake=FakeIntake(),
        clock=FixedClock(datetime(2030, 3, 12, 9, 0, tzinfo=UTC)),
    )
    async with signed_in(app) as c:
        voor = await c.get(f"/casussen/{casus_id}")
        assert statussen(voor.text)["hulp-gestart"] == "verlopen"
        assert 'value="eerste-hulp-beeindigd"' in voor.text
        r = await c.post(
            f"/casussen/{casus_id}/termijnen",
            data={"gebeurtenis": "hulp-gestart-geregistreerd", "op": "2030-03-11"},
        )
        assert r.status_code == 303
        page = await c.get(f"/casussen/{casus_id}")
    assert statussen(page.text)["hulp-gestart"] == "te-laat"
    # eerste hulp: three months from 11 March, not from the opening on 4 March
    assert re.search(
        r'data-termijn="eerste-hulp" data-status="open"[^>]*>.*?<time datetime="2030-06-11">',
        page.text,
    )


@pytest.mark.parametrize(
    ("data", "veld", "tekst"),
    [
        (
            {"gebeurtenis": "eerste-contact-geregistreerd", "op": "2030-03-07"},
            "termijn-op",
            "toekomst",
        ),
        (
            {"gebeurtenis": "eerste-contact-geregistreerd", "op": "2030-03-01"},
            "termijn-op",
            "vóór de opening",
        ),
        (
            {"gebeurtenis": "eerste-contact-geregistreerd", "op": "gisteren"},
            "termijn-op",
            "geldige datum",
        ),
        ({"gebeurtenis": "", "op": "2030-03-05"}, "termijn-gebeurtenis", "Kies wat er is gebeurd"),
        (
            {"gebeurtenis": "eerste-hulp-beeindigd", "op": "2030-03-05"},
            "termijn-gebeurtenis",
            "makelaar",
        ),
    ],
)
async def test_bad_input_is_refused_next_to_its_field_in_dutch(
    app_svc, store, data: dict[str, str], veld: str, tekst: str
) -> None:
    casus_id = await open_casus(store)
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(f"/casussen/{casus_id}/termijnen", data=data)
    assert r.status_code == 422
    assert tekst in fout_bij(r.text, veld)
    assert f'value="{data["op"]}"' in r.text  # what was typed stays
    assert store.casussen[casus_id].termijnregistraties == []


async def test_a_partner_sees_the_status_but_cannot_record(app_svc, store) -> None:
    casus_id = await open_casus(store)
    app, _ = app_svc
    async with signed_in(app, "agent.smit") as c:
        page = await c.get(f"/casussen/{casus_id}")
        r = await c.post(
            f"/casussen/{casus_id}/termijnen",
            data={"gebeurtenis": "eerste-contact-geregistreerd", "op": "2030-03-05"},
        )
    assert statussen(page.text) == {"eerste-contact": "open", "hulp-gestart": "open"}
    assert 'id="termijn-formulier"' not in page.text
    assert r.status_code == 403
    assert store.casussen[casus_id].termijnregistraties == []
