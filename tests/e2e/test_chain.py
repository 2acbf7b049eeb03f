"""The whole chain end to end: separate processes, the real broker, public interfaces only."""

from __future__ import annotations

import uuid
from collections import Counter

import httpx
import pytest
from zvh_contracts import topics
from zvh_contracts.envelope import Envelope
from zvh_local.demo import (
    ACTIE_TOEGEWEZEN,
    GEVOELIGE_TEKSTEN,
    MELDER,
    UITVOERDER,
    Endpoints,
    PartnerSession,
    demo_meldingen,
    run_demo,
)
from zvh_local.partner import PartnerInbox
from zvh_local.services import SERVICES
from zvh_local.supervisor import Stack
from zvh_local.trace import find_traces, load_spans, services_of
from zvh_platform.testing import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

ALL_SERVICES = {"zvh-intake", "zvh-overleg", "zvh-consent", "zvh-notify"}


def _healthz(stack: Stack) -> dict[str, int]:
    return {
        name: httpx.get(f"{stack.url(name)}/healthz", timeout=5).status_code for name in SERVICES
    }


def test_every_service_answers_healthz(stack: Stack) -> None:
    assert _healthz(stack) == dict.fromkeys(SERVICES, 200)
    body = httpx.get(f"{stack.url('intake')}/healthz", timeout=5).json()
    assert body["status"] == "ok"


def test_every_service_is_ready_and_the_enforcement_points_check_the_pdp(stack: Stack) -> None:
    """``/readyz``: database and broker everywhere, the PDP for intake, overleg and notify."""
    for name in SERVICES:
        r = httpx.get(f"{stack.url(name)}/readyz", timeout=10)
        assert r.status_code == 200, f"{name}: {r.text}"
        checks = r.json()["checks"]
        verwacht = {"database", "broker"} | ({"pdp"} if name != "consent" else set())
        assert set(checks) == verwacht and all(checks.values()), f"{name}: {checks}"


async def test_demo_journey_is_one_trace_across_all_services(
    stack: Stack, endpoints: Endpoints
) -> None:
    result = await run_demo(endpoints=endpoints, say=lambda _m: None, timeout_s=45)
    assert result.actie_id is not None
    steps = [name for name, _ in result.steps]
    assert any("ontvangt de actie" in n for n in steps)  # the partner got its actie
    assert any("koppelt terug" in n for n in steps)  # and overleg shows it afgerond

    async def four_services() -> set[str] | None:
        spans = find_traces(load_spans(endpoints.telemetry_dir), result.trace_id)
        found = set(services_of(spans.get(result.trace_id, [])))
        return found if found >= ALL_SERVICES else None

    try:
        found = await wait_for(four_services, timeout_s=30, interval_s=0.25)
    except TimeoutError:
        spans = find_traces(load_spans(endpoints.telemetry_dir), result.trace_id)
        seen = services_of(spans.get(result.trace_id, []))
        pytest.fail(f"trace {result.trace_id} covers only {seen}, expected {sorted(ALL_SERVICES)}")
    assert "zvh-partner-demo" in found


@pytest.mark.parametrize(
    "body",
    [b"{dit is geen json", b'{"melder_referentie": "X-1", "betrokkenen": []}'],
    ids=["not-json", "invalid-melding"],
)
async def test_malformed_melding_is_rejected_and_the_chain_keeps_running(
    stack: Stack, endpoints: Endpoints, body: bytes
) -> None:
    async with PartnerSession(endpoints=endpoints, partners=(MELDER,), timeout_s=30) as s:
        envelope = Envelope(source=MELDER, type="zvh.partner.melding.ingediend.v1", subject="X-1")
        await s.producer.publish_raw(
            topic=topics.partner_to_zvh(MELDER), body=body, headers=envelope.headers(), key="X-1"
        )
        receipt = (await s.wait_for_receipt(envelope.id)).json()
        assert receipt["status"] == "afgewezen"
        assert receipt["redenen"]
        # the chain still takes a good melding after the bad one
        assert isinstance(await s.submit(demo_meldingen()[1]), uuid.UUID)
    assert _healthz(stack) == dict.fromkeys(SERVICES, 200)


async def test_killing_notify_mid_flow_loses_and_duplicates_no_actie(
    stack: Stack, endpoints: Endpoints
) -> None:
    async with PartnerSession(endpoints=endpoints, timeout_s=60) as s:
        melding_id = await s.submit(demo_meldingen()[0])
        await s.triage_casus(melding_id)
        casus_id = await s.wait_for_casus(melding_id)
        acties = [await s.add_actie(casus_id, wat="Actie 1: huisbezoek")]
        stack.services["notify"].kill()  # SIGKILL, right after the first actie
        assert stack.services["notify"].exit_code() == -9
        acties.append(await s.add_actie(casus_id, wat="Actie 2: schuldhulp aanbieden"))
        acties.append(await s.add_actie(casus_id, wat="Actie 3: woningcorporatie informeren"))
        stack.restart("notify")
        for actie_id in acties:
            await s.wait_for_actie(actie_id)

    # Everything ever published on the partner's topic, from the beginning.
    wanted = {str(a) for a in acties}
    history = PartnerInbox(bootstrap=stack.bootstrap, partners=[UITVOERDER], from_beginning=True)
    await history.start()
    try:

        async def all_seen() -> bool:
            got = {r.json().get("actie_id") for r in history.received}
            return wanted <= got

        await wait_for(all_seen, timeout_s=30)
        ours = [
            r
            for r in history.received
            if r.ce_type == ACTIE_TOEGEWEZEN and r.json().get("actie_id") in wanted
        ]
    finally:
        await history.stop()
    ce_ids = Counter(r.ce_id for r in ours)
    per_actie = Counter(r.json()["actie_id"] for r in ours)
    assert set(per_actie) == wanted, "an actie never reached the partner"
    assert len(ce_ids) == len(ours), f"sent twice: {[k for k, n in ce_ids.items() if n > 1]}"
    assert all(n == 1 for n in per_actie.values()), f"an actie arrived twice: {per_actie}"


async def test_no_demo_person_in_telemetry_or_logs(stack: Stack, endpoints: Endpoints) -> None:
    async with PartnerSession(endpoints=endpoints, timeout_s=45) as s:
        melding_id = await s.submit(demo_meldingen()[0])
        content = await s.read_melding(melding_id)  # the content travels, but only over HTTP
        await s.triage_casus(melding_id)
        await s.wait_for_casus(melding_id)
    assert any(name in str(content) for name in GEVOELIGE_TEKSTEN), "demo data not in melding"

    async def intake_spans_written() -> bool:
        spans = load_spans(endpoints.telemetry_dir)
        return any(
            s.service == "zvh-intake" and str(melding_id) in str(s.attributes) for s in spans
        ) or bool(find_traces(spans, str(melding_id)))

    await wait_for(intake_spans_written, timeout_s=30, interval_s=0.25)
    scanned: list[str] = []
    leaks: list[str] = []
    for sub in ("telemetry", "log"):
        for path in sorted((stack.var_dir / sub).glob("*")):
            if not path.is_file():
                continue
            scanned.append(path.name)
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [f"{path.name}: {t}" for t in GEVOELIGE_TEKSTEN if t in text]
    assert any(n.endswith("-traces.jsonl") for n in scanned)
    assert any(n.endswith(".log") for n in scanned)
    assert leaks == []


async def test_actie_reaches_the_partner_by_email(stack: Stack, endpoints: Endpoints) -> None:
    """notify → real SMTP (aiosmtpd) → the Maildir under var/mail, addressed to the partner."""
    import mailbox

    result = await run_demo(endpoints=endpoints, say=lambda _m: None, timeout_s=45)
    assert result.actie_id is not None
    address = f"{UITVOERDER}@partners.zvh.local"

    async def mail_for_partner() -> list[str] | None:
        box = mailbox.Maildir(str(stack.var_dir / "mail"), create=False)
        subjects = [str(m["Subject"]) for m in box if address in str(m["To"])]
        return subjects or None

    subjects = await wait_for(mail_for_partner, timeout_s=30, interval_s=0.25)
    assert subjects
