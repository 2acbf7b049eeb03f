"""The demo partner journey and the demo meldingen, reusable by `zvh demo`, `zvh seed` and tests.

Everything the demo does goes through public interfaces: the partner topics (as politie-zwb and
gemeente-bergen-op-zoom) and the services' HTTP APIs (as procesregisseur pr.jansen), all inside one
root span so the whole journey is one trace.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
from opentelemetry import propagate, trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import SpanKind
from zvh_contracts.partner.aanhouding_v1 import Aanhouding, AanhoudingenIngediend
from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld
from zvh_contracts.partner.melding_v1 import Betrokkene, MeldingIngediend, elfproef
from zvh_contracts.partner.overleg_v1 import OverlegBeantwoord
from zvh_contracts.vocab import (
    BetrokkeneRol,
    Leefgebied,
    OverlegAntwoord,
    Terugkoppelstatus,
    Urgentie,
)
from zvh_platform.auth import lokaal_token
from zvh_platform.region import load_region
from zvh_platform.termijnen import TIJDZONE

from zvh_local.demo_signaal import demo_signaal
from zvh_local.demo_vpt import demo_vpt
from zvh_local.otel import partner_tracer_provider
from zvh_local.partner import PartnerInbox, PartnerProducer, Received

T = TypeVar("T")

MELDER = "politie-zwb"
UITVOERDER = "gemeente-bergen-op-zoom"
PROCESREGISSEUR = "pr.jansen"
#: The demo region's partner whose convenant expired (consent seeds it so): it cannot be invited.
ZONDER_CONVENANT = "gemeente-roosendaal"

NOTULIST = "notulist.bakker"
#: TransAct casus 2 (seed 003) in the demo: the client first refuses, then allows, that the GGZ
#: reads the zorg information about them.
ZORGONTVANGER, ZORGLEZER = "ggz-wnb", "ggz.mulder"
FG = "fg.devries"
DOEL_CASUSOVERLEG = "casusoverleg"
ZORGINFORMATIE = (
    UITVOERDER,
    "Wmo-consulent: cliënt weigert hulp bij het huishouden; de huisarts maakt zich zorgen.",
)

MELDING_ONTVANGEN = "zvh.partner.melding.ontvangen.v1"
ACTIE_TOEGEWEZEN = "zvh.partner.actie.toegewezen.v1"
OVERLEG_UITGENODIGD = "zvh.partner.overleg.uitgenodigd.v1"
OVERLEG_VERSLAG = "zvh.partner.overleg.verslag.v1"
#: The terugmelding to the melder: the triage outcome and the closing of its casus.
MELDING_GETRIEERD = "zvh.partner.melding.getrieerd.v1"
CASUS_AFGESLOTEN = "zvh.partner.casus.afgesloten.v1"
TERMIJN_HERINNERING = "zvh.partner.termijn.herinnering.v1"

#: Demo persons. Made up; the privacy test scans telemetry and logs for these names and BSNs.
DEMO_PERSONEN: tuple[Betrokkene, ...] = (
    Betrokkene(
        rol=BetrokkeneRol.CLIENT,
        voornaam="Kees",
        achternaam="Ravenhorst",
        geboortedatum=date(1981, 4, 17),
        bsn="628194821",
    ),
    Betrokkene(
        rol=BetrokkeneRol.GEZINSLID,
        voornaam="Ilse",
        achternaam="Wolfsberger",
        geboortedatum=date(1984, 11, 2),
        bsn="252760189",
    ),
    Betrokkene(
        rol=BetrokkeneRol.CLIENT,
        voornaam="Thijs",
        achternaam="Kluivendonk",
        geboortedatum=date(1996, 1, 29),
        bsn="507529170",
    ),
)

#: What must never show up in logs, spans or metrics.
GEVOELIGE_TEKSTEN: tuple[str, ...] = tuple(
    t
    for p in DEMO_PERSONEN
    for t in (p.achternaam, f"{p.voornaam} {p.achternaam}", p.bsn or "")
    if t
)


def unieke_bsn(rng: random.Random) -> str:
    """A fresh BSN that passes the elfproef, so a test's person matches no earlier melding."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        bsn = "".join(map(str, digits)) + str(check)
        if check < 10 and elfproef(bsn):
            return bsn


def kenmerk() -> str:
    """A fresh tag for test texts, letters only: an 8-digit hex tag could read as a BSN, and a
    reader with ``redact:bsn`` would see it masked."""
    return uuid.uuid4().hex[:8].translate(str.maketrans("0123456789", "ghijklmnop"))


def melding_over(
    bsn: str, *, kenmerk: str = "E2E", gemeente: str | None = "GM0748"
) -> MeldingIngediend:
    """The first demo melding, about DEMO_PERSONEN[0] with ``bsn``, with a fresh reference,
    concerning ``gemeente`` (a CBS code; None: no gemeente given)."""
    basis = demo_meldingen()[0]
    persoon = DEMO_PERSONEN[0].model_copy(update={"bsn": bsn})
    return basis.model_copy(
        update={
            "melder_referentie": f"PZWB-{kenmerk}-{uuid.uuid4().hex[:8]}",
            "betrokkenen": [persoon],
            "gemeente": gemeente,
        }
    )


#: Bemoeizorg's demo user: goes through the Triage Aanhoudingen with the procesregisseur.
BEMOEIZORG = "zorg.koster"


def demo_aanhoudingen(vandaag: date, *, lijst_id: str | None = None) -> AanhoudingenIngediend:
    """The police's daily list of arrests (Triage Aanhoudingen, seed 002): three of last night,
    fictional ids, pseudonyms and feitcodes only."""
    nacht = datetime(vandaag.year, vandaag.month, vandaag.day, tzinfo=UTC) - timedelta(hours=3)
    regels = [
        ("a3f0c2d9e8b71456", ["F110"], "GM0748", 0),
        ("5be19d0c7a2f4e83", ["F300", "F301"], "GM1674", 40),
        ("c07d4e2a9b1f6358", ["BA-250"], None, 95),
    ]
    referentie = lijst_id or f"PZWB-AH-{vandaag:%Y%m%d}"
    return AanhoudingenIngediend(
        lijst_id=referentie,
        datum=vandaag,
        aanhoudingen=[
            Aanhouding(
                aanhouding_id=f"{referentie}-{i + 1}",
                persoon_pseudoniem=pseudo,
                feitcodes=codes,
                tijdstip=nacht + timedelta(minutes=minuten),
                gemeente=gemeente,
            )
            for i, (pseudo, codes, gemeente, minuten) in enumerate(regels)
        ],
    )


def demo_meldingen() -> list[MeldingIngediend]:
    """Two meldingen politie-zwb submits so the triage queue is not empty."""
    return [
        MeldingIngediend(
            melder_referentie=f"PZWB-{date.today():%Y}-{uuid.uuid4().hex[:6]}",
            betrokkenen=[DEMO_PERSONEN[0], DEMO_PERSONEN[1]],
            reden=(
                "Herhaaldelijk huiselijk geweld gemeld; hoge huurachterstand en dreigende "
                "huisuitzetting. Zorgen om de veiligheid van de partner."
            ),
            leefgebieden=[Leefgebied.VEILIGHEID, Leefgebied.HUISVESTING, Leefgebied.FINANCIEN],
            urgentie=Urgentie.HOOG,
            voorgestelde_ave_fase=4,
            client_geinformeerd=True,
            uit_te_nodigen_partners=[UITVOERDER, "veilig-thuis-wbr"],
            gemeente="GM0748",  # Bergen op Zoom: the reports count it there
        ),
        MeldingIngediend(
            melder_referentie=f"PZWB-{date.today():%Y}-{uuid.uuid4().hex[:6]}",
            betrokkenen=[DEMO_PERSONEN[2]],
            reden=(
                "Verward gedrag in de openbare ruimte, meerdere incidenten met buren; "
                "zorgmijdend, geen vaste dagbesteding."
            ),
            leefgebieden=[Leefgebied.PSYCHE, Leefgebied.SOCIAAL_NETWERK],
            urgentie=Urgentie.NORMAAL,
            voorgestelde_ave_fase=3,
            client_geinformeerd=False,
            reden_niet_geinformeerd="Informeren brengt de veiligheid van de melder in gevaar.",
            uit_te_nodigen_partners=["ggz-wnb", "bemoeizorg-wbr"],
            gemeente="GM1674",  # Roosendaal
        ),
    ]


#: What the notulist records in the demo overleg: each partner's own beeld (its informatie-item).
DEMO_BOUWSCHEMA: tuple[tuple[str, str], ...] = (
    (MELDER, "Drie meldingen in twee maanden; de partner durft geen aangifte te doen."),
    (UITVOERDER, "Huurachterstand loopt op; schuldhulp is nog niet in beeld."),
)


class DemoFailed(RuntimeError):
    """A step of the demo failed or timed out; the message says which and why."""


@dataclass(frozen=True)
class Endpoints:
    """Where the running stack is."""

    bootstrap: str = "127.0.0.1:9092"
    intake_url: str = "http://127.0.0.1:8001"
    overleg_url: str = "http://127.0.0.1:8000"
    consent_url: str = "http://127.0.0.1:8002"
    telemetry_dir: Path = Path("var/telemetry")

    def pseudonym(self, persoon: Betrokkene) -> str:
        """The betrokkene's pseudonym as the local stack computes it (its development key)."""
        from zvh_platform.pseudoniem import pseudoniem
        from zvh_platform.settings import PseudoniemSettings

        key = PseudoniemSettings(env="local").pseudonym_key.get_secret_value()
        return pseudoniem(
            key=key.encode("utf-8"),
            bsn=persoon.bsn,
            voornaam=persoon.voornaam,
            achternaam=persoon.achternaam,
            geboortedatum=persoon.geboortedatum,
        )


@dataclass
class DemoResult:
    melding_id: uuid.UUID
    trace_id: str
    casus_id: uuid.UUID | None = None
    actie_id: uuid.UUID | None = None
    overleg_id: uuid.UUID | None = None
    steps: list[tuple[str, float]] = field(default_factory=list)


def _say(msg: str) -> None:
    print(msg, flush=True)


async def poll(probe: Callable[[], Awaitable[T | None]], *, timeout_s: float, what: str) -> T:
    """Poll ``probe`` until it returns something truthy; DemoFailed naming ``what`` otherwise."""
    import asyncio

    deadline = time.monotonic() + timeout_s
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise DemoFailed(f"timed out after {timeout_s:.0f}s waiting for {what}")
        await asyncio.sleep(0.1)


class PartnerSession:
    """The demo's connections: a partner producer, the partners' inboxes, HTTP as a user."""

    def __init__(
        self,
        *,
        endpoints: Endpoints,
        provider: TracerProvider | None = None,
        timeout_s: float = 30.0,
        partners: tuple[str, ...] = (MELDER, UITVOERDER),
    ) -> None:
        self.endpoints = endpoints
        self.timeout_s = timeout_s
        self.provider = provider or partner_tracer_provider(endpoints.telemetry_dir)
        self.tracer = self.provider.get_tracer("zvh_local.demo")
        self.producer = PartnerProducer(bootstrap=endpoints.bootstrap)
        self.inbox = PartnerInbox(bootstrap=endpoints.bootstrap, partners=list(partners))
        self.http = httpx.AsyncClient(timeout=10.0)
        self._tokens: dict[str, str] = {}

    async def __aenter__(self) -> PartnerSession:
        try:
            await self.producer.start()
            await self.inbox.start()
        except Exception as exc:
            await self.aclose()
            raise DemoFailed(
                f"cannot reach the broker at {self.endpoints.bootstrap}: {exc}; "
                "is `zvh up` running?"
            ) from exc
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.inbox.stop()
        await self.producer.stop()
        await self.http.aclose()

    # -- helpers -------------------------------------------------------------------------------

    def token(self, user_id: str) -> str:
        if user_id not in self._tokens:
            user = load_region(None).user(user_id)
            if user is None:
                raise DemoFailed(f"user {user_id} is not in the demo region")
            self._tokens[user_id] = lokaal_token(user, ttl_s=3600)
        return self._tokens[user_id]

    def _headers(self, user_id: str) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token(user_id)}"}
        propagate.inject(headers)
        return headers

    async def request(
        self,
        method: str,
        url: str,
        *,
        user: str = PROCESREGISSEUR,
        json: dict[str, Any] | None = None,
    ) -> httpx.Response:
        """An HTTP call as ``user`` carrying the current trace context."""
        try:
            return await self.http.request(method, url, json=json, headers=self._headers(user))
        except httpx.HTTPError as exc:
            raise DemoFailed(f"{method} {url} failed: {exc!r}") from exc

    @staticmethod
    def _trace_headers() -> dict[str, str]:
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        return carrier

    # -- partner side ----------------------------------------------------------------------------

    async def submit(self, melding: MeldingIngediend, *, org: str = MELDER) -> uuid.UUID:
        """Submit a melding as ``org``; returns the melding id from the receipt."""
        with self.tracer.start_as_current_span("partner melding indienen", kind=SpanKind.PRODUCER):
            ce_id = await self.producer.publish(
                org=org, event=melding, trace_headers=self._trace_headers()
            )
        receipt = await self.wait_for_receipt(ce_id)
        body = receipt.json()
        if body.get("status") != "ontvangen":
            raise DemoFailed(f"melding rejected by intake: {body.get('redenen')}")
        return uuid.UUID(body["melding_id"])

    async def wait_for_receipt(self, ce_id: uuid.UUID) -> Received:
        """The receipt or rejection answering the message with ``ce_id``."""
        try:
            return await self.inbox.wait_for(
                lambda r: (
                    r.ce_type == MELDING_ONTVANGEN and r.json().get("in_antwoord_op") == str(ce_id)
                ),
                timeout_s=self.timeout_s,
                what=f"receipt for message {ce_id}",
            )
        except (TimeoutError, RuntimeError) as exc:
            raise DemoFailed(str(exc)) from exc

    async def wait_for_actie(self, actie_id: uuid.UUID, *, org: str = UITVOERDER) -> Received:
        """The ActieToegewezen for ``actie_id`` on ``org``'s from-zvh topic."""
        try:
            return await self.inbox.wait_for(
                lambda r: (
                    r.ce_type == ACTIE_TOEGEWEZEN
                    and r.topic == f"zvh.partner.{org}.from-zvh.v1"
                    and r.json().get("actie_id") == str(actie_id)
                ),
                timeout_s=self.timeout_s,
                what=f"{ACTIE_TOEGEWEZEN} for actie {actie_id} on {org}'s topic",
            )
        except (TimeoutError, RuntimeError) as exc:
            raise DemoFailed(str(exc)) from exc

    async def terugkoppelen(
        self,
        *,
        casus_id: uuid.UUID,
        actie_id: uuid.UUID,
        status: Terugkoppelstatus = Terugkoppelstatus.AFGEROND,
        org: str = UITVOERDER,
    ) -> uuid.UUID:
        with self.tracer.start_as_current_span("partner terugkoppeling", kind=SpanKind.PRODUCER):
            return await self.producer.publish(
                org=org,
                event=ActieTeruggekoppeld(actie_id=actie_id, casus_id=casus_id, status=status),
                trace_headers=self._trace_headers(),
            )

    async def lever_aanhoudingen(
        self, lijst: AanhoudingenIngediend, *, org: str = MELDER
    ) -> list[dict[str, Any]]:
        """The police submit the daily list; returns its arrests once intake shows them."""
        with self.tracer.start_as_current_span(
            "partner aanhoudingen aanleveren", kind=SpanKind.PRODUCER
        ):
            await self.producer.publish(org=org, event=lijst, trace_headers=self._trace_headers())
        url = f"{self.endpoints.intake_url}/v1/aanhoudingen?datum={lijst.datum.isoformat()}"

        async def probe() -> list[dict[str, Any]] | None:
            r = await self.request("GET", url)
            if r.status_code != 200:
                raise DemoFailed(f"GET {url} answered {r.status_code}: {r.text[:300]}")
            for gevonden in r.json()["lijsten"]:
                if gevonden["politie"] == org and gevonden["lijst_id"] == lijst.lijst_id:
                    regels: list[dict[str, Any]] = gevonden["aanhoudingen"]
                    if len(regels) >= len(lijst.aanhoudingen):
                        return regels
            return None

        return await poll(probe, timeout_s=self.timeout_s, what=f"aanhoudingen {lijst.lijst_id}")

    async def markeer_aanhouding(
        self, aanhouding: str, markering: str, *, user: str = PROCESREGISSEUR
    ) -> dict[str, Any]:
        """Mark one arrest as ``user`` (Triage Aanhoudingen)."""
        url = f"{self.endpoints.intake_url}/v1/aanhoudingen/{aanhouding}/markering"
        r = await self.request("POST", url, user=user, json={"markering": markering})
        if r.status_code != 200:
            raise DemoFailed(f"POST {url} answered {r.status_code}: {r.text[:300]}")
        data: dict[str, Any] = r.json()
        return data

    # -- ZVH staff side (HTTP) -----------------------------------------------------------------

    async def read_melding(self, melding_id: uuid.UUID) -> dict[str, Any]:
        """The melding content through intake's PDP-checked read (polls while it is stored)."""
        url = f"{self.endpoints.intake_url}/v1/meldingen/{melding_id}?doel=triage"

        async def probe() -> dict[str, Any] | None:
            r = await self.request("GET", url)
            if r.status_code == 404:
                return None
            if r.status_code != 200:
                raise DemoFailed(f"GET {url} answered {r.status_code}: {r.text[:300]}")
            data: dict[str, Any] = r.json()
            return data

        return await poll(probe, timeout_s=self.timeout_s, what=f"melding {melding_id} in intake")

    async def triage_casus(
        self,
        melding_id: uuid.UUID,
        *,
        ave_fase: int = 4,
        uitnodigen: tuple[str, ...] = (UITVOERDER,),
    ) -> None:
        url = f"{self.endpoints.intake_url}/v1/meldingen/{melding_id}/triage"
        body = {
            "uitkomst": "casus",
            "ave_fase": ave_fase,
            "client_geinformeerd": True,
            "reden_niet_geinformeerd": None,
            "herbeoordeling_op": None,
            "uit_te_nodigen_partners": list(uitnodigen),
        }
        r = await self.request("POST", url, json=body)
        if r.status_code != 200:
            raise DemoFailed(f"POST {url} answered {r.status_code}: {r.text[:300]}")

    async def triage(
        self,
        melding_id: uuid.UUID,
        *,
        uitkomst: str,
        advies: str | None = None,
        reden_terugverwijzing: str | None = None,
    ) -> None:
        """Triage as advies or terugverwezen, with the text the melder receives."""
        url = f"{self.endpoints.intake_url}/v1/meldingen/{melding_id}/triage"
        body = {
            "uitkomst": uitkomst,
            "client_geinformeerd": True,
            "advies": advies,
            "reden_terugverwijzing": reden_terugverwijzing,
        }
        r = await self.request("POST", url, json=body)
        if r.status_code != 200:
            raise DemoFailed(f"POST {url} answered {r.status_code}: {r.text[:300]}")

    async def sluit_af(self, casus_id: uuid.UUID, *, reden: str = "doel-bereikt") -> None:
        """The procesregisseur closes the casus with an afsluitreden (a code)."""
        url = f"{self.endpoints.overleg_url}/v1/casussen/{casus_id}/afsluiten"
        r = await self.request("POST", url, json={"reden": reden})
        if r.status_code != 204:
            raise DemoFailed(f"POST {url} answered {r.status_code}: {r.text[:300]}")

    async def wait_for_terugmelding(
        self, ce_type: str, *, about: uuid.UUID, org: str = MELDER
    ) -> dict[str, Any]:
        """The melder's terugmelding: ``melding.getrieerd`` about a melding id, or
        ``casus.afgesloten`` about a casus id, on ``org``'s from-zvh topic; its body."""
        veld = "melding_id" if ce_type == MELDING_GETRIEERD else "casus_id"
        received = await self.wait_for_partner_event(ce_type, org=org, about=about, field=veld)
        data: dict[str, Any] = received.json()
        return data

    async def wait_for_casus(self, melding_id: uuid.UUID) -> uuid.UUID:
        url = f"{self.endpoints.overleg_url}/v1/casussen?melding_id={melding_id}"

        async def probe() -> uuid.UUID | None:
            r = await self.request("GET", url)
            if r.status_code != 200:
                raise DemoFailed(f"GET {url} answered {r.status_code}: {r.text[:300]}")
            rows = r.json()
            return uuid.UUID(rows[0]["casus_id"]) if rows else None

        return await poll(probe, timeout_s=self.timeout_s, what=f"a casus for melding {melding_id}")

    async def invite_refused(self, casus_id: uuid.UUID, partner: str) -> str:
        """Invite ``partner`` to the casus, expecting the refusal (no valid convenant); its text."""
        url = f"{self.endpoints.overleg_url}/v1/casussen/{casus_id}/deelnemers"
        r = await self.request("POST", url, json={"partner": partner, "reden": "demo"})
        body = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
        detail = body.get("detail") if isinstance(body, dict) else None
        if isinstance(detail, list):  # per field: [{"loc": …, "msg": …}]
            detail = "; ".join(str(f.get("msg", "")) for f in detail if isinstance(f, dict))
        if r.status_code != 422 or not isinstance(detail, str) or "convenant" not in detail:
            raise DemoFailed(f"POST {url} for {partner} answered {r.status_code}: {r.text[:300]}")
        return detail

    async def add_actie(
        self, casus_id: uuid.UUID, *, wat: str, wie: str = UITVOERDER, wanneer: date | None = None
    ) -> uuid.UUID:
        url = f"{self.endpoints.overleg_url}/v1/casussen/{casus_id}/acties"
        when = wanneer or date.today() + timedelta(days=14)
        r = await self.request(
            "POST", url, json={"wat": wat, "wie": wie, "wanneer": when.isoformat()}
        )
        if r.status_code != 201:
            raise DemoFailed(f"POST {url} answered {r.status_code}: {r.text[:300]}")
        return uuid.UUID(r.json()["actie_id"])

    async def casus(self, casus_id: uuid.UUID) -> dict[str, Any]:
        url = f"{self.endpoints.overleg_url}/v1/casussen/{casus_id}"
        r = await self.request("GET", url)
        if r.status_code != 200:
            raise DemoFailed(f"GET {url} answered {r.status_code}: {r.text[:300]}")
        data: dict[str, Any] = r.json()
        return data

    # -- the casusoverleg (HTTP as ZVH staff, Kafka as the partner) ---------------------------

    async def wait_for_partner_event(
        self, ce_type: str, *, org: str, about: uuid.UUID, field: str = "overleg_id"
    ) -> Received:
        """The first ``ce_type`` on ``org``'s from-zvh topic whose ``field`` is ``about``."""
        topic = f"zvh.partner.{org}.from-zvh.v1"
        try:
            return await self.inbox.wait_for(
                lambda r: (
                    r.ce_type == ce_type and r.topic == topic and r.json().get(field) == str(about)
                ),
                timeout_s=self.timeout_s,
                what=f"{ce_type} about {about} on {org}'s topic",
            )
        except (TimeoutError, RuntimeError) as exc:
            raise DemoFailed(str(exc)) from exc

    async def plan_overleg(
        self,
        agenda: list[uuid.UUID],
        *,
        start: datetime | None = None,
        locatie: str = "ZVH De Markiezaten, vergaderzaal 2",
        soort: str = "casusoverleg",
    ) -> uuid.UUID:
        """Plan an overleg as the procesregisseur; it starts now unless told otherwise."""
        begin = start or datetime.now(UTC).replace(microsecond=0)
        url = f"{self.endpoints.overleg_url}/v1/overleggen"
        r = await self.request(
            "POST",
            url,
            json={
                "soort": soort,
                "start": begin.isoformat(),
                "eind": (begin + timedelta(hours=1, minutes=30)).isoformat(),
                "locatie": locatie,
                "voorzitter": PROCESREGISSEUR,
                "agenda": [str(c) for c in agenda],
            },
        )
        if r.status_code != 201:
            raise DemoFailed(f"POST {url} answered {r.status_code}: {r.text[:300]}")
        return uuid.UUID(r.json()["overleg_id"])

    async def overleg(
        self, overleg_id: uuid.UUID, *, user: str = PROCESREGISSEUR
    ) -> dict[str, Any]:
        url = f"{self.endpoints.overleg_url}/v1/overleggen/{overleg_id}"
        r = await self.request("GET", url, user=user)
        if r.status_code != 200:
            raise DemoFailed(f"GET {url} answered {r.status_code}: {r.text[:300]}")
        data: dict[str, Any] = r.json()
        return data

    async def beantwoord(
        self,
        overleg_id: uuid.UUID,
        *,
        org: str,
        antwoord: OverlegAntwoord,
        reden: str | None = None,
    ) -> uuid.UUID:
        """The partner's adapter answers the invitation on its to-zvh topic."""
        with self.tracer.start_as_current_span("partner beantwoordt", kind=SpanKind.PRODUCER):
            return await self.producer.publish(
                org=org,
                event=OverlegBeantwoord(overleg_id=overleg_id, antwoord=antwoord, reden=reden),
                trace_headers=self._trace_headers(),
            )

    async def wait_for_antwoord(self, overleg_id: uuid.UUID, *, org: str, antwoord: str) -> None:
        async def probe() -> bool:
            genodigden = (await self.overleg(overleg_id)).get("genodigden", [])
            return any(g["partner"] == org and g["antwoord"] == antwoord for g in genodigden)

        await poll(probe, timeout_s=self.timeout_s, what=f"{org}'s answer {antwoord}")

    async def bouwschema(
        self,
        casus_id: uuid.UUID,
        *,
        overleg_id: uuid.UUID,
        eigenaar: str,
        tekst: str,
        onderdeel: str = "beeld",
        categorie: str = "algemeen",
    ) -> uuid.UUID:
        """The notulist records what ``eigenaar`` said at the table (its informatie-item)."""
        url = f"{self.endpoints.overleg_url}/v1/casussen/{casus_id}/bouwschema"
        r = await self.request(
            "POST",
            url,
            user=NOTULIST,
            json={
                "overleg_id": str(overleg_id),
                "onderdeel": onderdeel,
                "eigenaar": eigenaar,
                "categorie": categorie,
                "tekst": tekst,
            },
        )
        if r.status_code != 201:
            raise DemoFailed(f"POST {url} answered {r.status_code}: {r.text[:300]}")
        return uuid.UUID(r.json()["item_id"])

    async def nodig_uit(self, casus_id: uuid.UUID, partner: str, *, reden: str) -> None:
        """The procesregisseur adds ``partner`` as a deelnemer of the casus."""
        url = f"{self.endpoints.overleg_url}/v1/casussen/{casus_id}/deelnemers"
        r = await self.request("POST", url, json={"partner": partner, "reden": reden})
        if r.status_code != 204:
            raise DemoFailed(f"POST {url} answered {r.status_code}: {r.text[:300]}")

    async def toestemming(
        self,
        *,
        betrokkene: str,
        casus_id: uuid.UUID,
        ontvanger: str,
        categorie: str,
        status: str,
    ) -> dict[str, Any]:
        """The procesregisseur records the client's (mondelinge) toestemming or weigering."""
        url = f"{self.endpoints.consent_url}/v1/toestemmingen"
        body = {
            "betrokkene": betrokkene,
            "casus": str(casus_id),
            "doel": DOEL_CASUSOVERLEG,
            "ontvanger": ontvanger,
            "categorie": categorie,
            "status": status,
            "wijze": "mondeling",
            "leeftijdsgroep": "volwassen",
            "toestemming_door": "client",
        }
        r = await self.request("POST", url, json=body)
        if r.status_code != 201:
            raise DemoFailed(f"POST {url} answered {r.status_code}: {r.text[:300]}")
        data: dict[str, Any] = r.json()
        return data

    async def informatie(self, casus_id: uuid.UUID, *, user: str) -> list[dict[str, Any]]:
        """The casus' bouwschema entries as ``user`` may see them (hidden ones say why)."""
        url = f"{self.endpoints.overleg_url}/v1/casussen/{casus_id}/informatie"
        r = await self.request("GET", url, user=user)
        if r.status_code != 200:
            raise DemoFailed(f"GET {url} answered {r.status_code}: {r.text[:300]}")
        items: list[dict[str, Any]] = r.json()["bouwschema"]
        return items

    async def inzage_persoon(self, bsn: str) -> dict[str, Any]:
        """The FG's inzage report on one person (the BSN is hashed by consent, never stored)."""
        url = f"{self.endpoints.consent_url}/v1/inzage/persoon"
        r = await self.request("POST", url, user=FG, json={"bsn": bsn})
        if r.status_code != 200:
            raise DemoFailed(f"POST {url} answered {r.status_code}: {r.text[:300]}")
        data: dict[str, Any] = r.json()
        return data

    async def verslag_vaststellen(self, overleg_id: uuid.UUID) -> None:
        url = f"{self.endpoints.overleg_url}/v1/overleggen/{overleg_id}/verslag"
        r = await self.request("POST", url)
        if r.status_code != 200:
            raise DemoFailed(f"POST {url} answered {r.status_code}: {r.text[:300]}")

    async def wait_for_actie_status(
        self, casus_id: uuid.UUID, actie_id: uuid.UUID, *, status: str
    ) -> dict[str, Any]:
        async def probe() -> dict[str, Any] | None:
            for a in (await self.casus(casus_id)).get("acties", []):
                if a.get("actie_id") == str(actie_id) and a.get("status") == status:
                    return dict(a)
            return None

        return await poll(
            probe, timeout_s=self.timeout_s, what=f"actie {actie_id} to be {status} in overleg"
        )


@contextmanager
def _step(
    result: DemoResult, name: str, *, say: Callable[[str], None], t0: float
) -> Iterator[None]:
    start = time.monotonic()
    say(f"[{start - t0:6.2f}s] {name} …")
    yield
    took = time.monotonic() - start
    result.steps.append((name, took))
    say(f"          ok ({took * 1000:.0f} ms)")


async def run_demo(
    *,
    endpoints: Endpoints,
    say: Callable[[str], None] = _say,
    timeout_s: float = 30.0,
) -> DemoResult:
    """The whole partner journey in one trace; raises DemoFailed naming the failing step."""
    provider = partner_tracer_provider(endpoints.telemetry_dir)
    tracer = provider.get_tracer("zvh_local.demo")
    t0 = time.monotonic()
    try:
        with tracer.start_as_current_span("zvh demo: partnerketen") as root:
            trace_id = trace.format_trace_id(root.get_span_context().trace_id)
            result = DemoResult(melding_id=uuid.UUID(int=0), trace_id=trace_id)
            async with PartnerSession(
                endpoints=endpoints, provider=provider, timeout_s=timeout_s
            ) as s:
                with _step(result, f"{MELDER} dient een melding in (Kafka)", say=say, t0=t0):
                    result.melding_id = await s.submit(demo_meldingen()[0])
                    root.set_attribute("zvh.melding_id", str(result.melding_id))
                with _step(
                    result, f"{PROCESREGISSEUR} leest de melding (intake, PDP)", say=say, t0=t0
                ):
                    await s.read_melding(result.melding_id)
                with _step(result, "triage: casus, AVE-fase 4, nodig gemeente uit", say=say, t0=t0):
                    await s.triage_casus(result.melding_id)
                with _step(result, "overleg opent de casus", say=say, t0=t0):
                    result.casus_id = await s.wait_for_casus(result.melding_id)
                    root.set_attribute("zvh.casus_id", str(result.casus_id))
                with _step(result, f"{MELDER} ontvangt de triage-uitkomst (Kafka)", say=say, t0=t0):
                    terug = await s.wait_for_terugmelding(
                        MELDING_GETRIEERD, about=result.melding_id
                    )
                    say(
                        f"          {MELDER} hoort: melding {terug['melder_referentie']} "
                        f"getrieerd als {terug['uitkomst']}, casus {terug.get('casus_id')}"
                    )
                with _step(
                    result,
                    f"{ZONDER_CONVENANT} kan niet worden uitgenodigd (convenant verlopen)",
                    say=say,
                    t0=t0,
                ):
                    say(f"          {await s.invite_refused(result.casus_id, ZONDER_CONVENANT)}")
                with _step(result, f"actie voor {UITVOERDER} op de actielijst", say=say, t0=t0):
                    result.actie_id = await s.add_actie(
                        result.casus_id, wat="Huisbezoek afleggen en hulpaanbod bespreken"
                    )
                with _step(result, f"{UITVOERDER} ontvangt de actie (Kafka)", say=say, t0=t0):
                    await s.wait_for_actie(result.actie_id)
                with _step(
                    result,
                    f"actie die vandaag af moet: {UITVOERDER} krijgt een termijnherinnering",
                    say=say,
                    t0=t0,
                ):
                    vandaag = datetime.now(TIJDZONE).date()
                    dringend = await s.add_actie(
                        result.casus_id, wat="Terugbellen over de afspraak", wanneer=vandaag
                    )
                    herinnering = await s.wait_for_partner_event(
                        TERMIJN_HERINNERING, org=UITVOERDER, about=dringend, field="actie_id"
                    )
                    say(
                        f"          {UITVOERDER} hoort: {herinnering.json()['soort']}, uiterlijk "
                        f"{herinnering.json()['uiterlijk']} (ook per e-mail en in het Postvak)"
                    )
                with _step(result, f"{PROCESREGISSEUR} plant een casusoverleg", say=say, t0=t0):
                    result.overleg_id = await s.plan_overleg([result.casus_id])
                    root.set_attribute("zvh.overleg_id", str(result.overleg_id))
                with _step(
                    result, f"{UITVOERDER} ontvangt de uitnodiging (Kafka, e-mail)", say=say, t0=t0
                ):
                    await s.wait_for_partner_event(
                        OVERLEG_UITGENODIGD, org=UITVOERDER, about=result.overleg_id
                    )
                with _step(result, f"{UITVOERDER} zegt toe (Kafka)", say=say, t0=t0):
                    await s.beantwoord(
                        result.overleg_id, org=UITVOERDER, antwoord=OverlegAntwoord.KOMT
                    )
                    await s.wait_for_antwoord(result.overleg_id, org=UITVOERDER, antwoord="komt")
                with _step(result, f"{UITVOERDER} koppelt terug: afgerond", say=say, t0=t0):
                    await s.terugkoppelen(casus_id=result.casus_id, actie_id=result.actie_id)
                    await s.wait_for_actie_status(
                        result.casus_id, result.actie_id, status="afgerond"
                    )
                with _step(result, "de notulist legt het bouwschema vast", say=say, t0=t0):
                    for eigenaar, tekst in DEMO_BOUWSCHEMA:
                        await s.bouwschema(
                            result.casus_id,
                            overleg_id=result.overleg_id,
                            eigenaar=eigenaar,
                            tekst=tekst,
                        )
                    await s.bouwschema(
                        result.casus_id,
                        overleg_id=result.overleg_id,
                        eigenaar=ZORGINFORMATIE[0],
                        tekst=ZORGINFORMATIE[1],
                        categorie="zorg",
                    )
                with _step(
                    result,
                    f"verslag vastgesteld; {UITVOERDER} ontvangt het (Kafka)",
                    say=say,
                    t0=t0,
                ):
                    await s.verslag_vaststellen(result.overleg_id)
                    await s.wait_for_partner_event(
                        OVERLEG_VERSLAG, org=UITVOERDER, about=result.overleg_id
                    )
                await _transact_casus_2(s, result, say=say, t0=t0)
                with _step(
                    result,
                    f"{PROCESREGISSEUR} zet een veiligheidssignaal; de volgende actie voor "
                    f"{UITVOERDER} draagt het mee (Kafka)",
                    say=say,
                    t0=t0,
                ):
                    assert result.casus_id is not None
                    await demo_signaal(
                        s,
                        result.casus_id,
                        procesregisseur=PROCESREGISSEUR,
                        uitvoerder=UITVOERDER,
                        say=say,
                    )
                with _step(
                    result,
                    f"Triage Aanhoudingen: {MELDER} levert de lijst van vandaag aan (Kafka)",
                    say=say,
                    t0=t0,
                ):
                    lijst = demo_aanhoudingen(
                        datetime.now(TIJDZONE).date(), lijst_id=f"PZWB-AH-DEMO-{kenmerk()}"
                    )
                    regels = await s.lever_aanhoudingen(lijst)
                with _step(
                    result,
                    f"{BEMOEIZORG} gaat langs bij één; {PROCESREGISSEUR} maakt een melding van "
                    "een ander",
                    say=say,
                    t0=t0,
                ):
                    await s.markeer_aanhouding(
                        regels[0]["id"], "bemoeizorg-gaat-langs", user=BEMOEIZORG
                    )
                    gemeld = await s.markeer_aanhouding(regels[1]["id"], "melding-aanmaken")
                    await s.markeer_aanhouding(regels[2]["id"], "geen-actie")
                    say(f"          melding {gemeld['melding_id']} staat in de triagelijst")
                with _step(
                    result,
                    "meldpunt: een medewerker meldt agressie; de VPT-casemanager legt de "
                    "aangifte vast",
                    say=say,
                    t0=t0,
                ):
                    await demo_vpt(overleg_url=endpoints.overleg_url, say=say, timeout_s=timeout_s)
    finally:
        provider.shutdown()
    say(f"[{time.monotonic() - t0:6.2f}s] klaar")
    say(f"melding id: {result.melding_id}")
    say(f"casus id:   {result.casus_id}")
    say(f"overleg id: {result.overleg_id}")
    say(f"trace id:   {result.trace_id}")
    say(
        f"See it: {endpoints.overleg_url}/overleggen/{result.overleg_id} "
        f"(verslag: …/verslag, as {UITVOERDER}: sign in as gemeente.visser)"
    )
    return result


async def _transact_casus_2(
    s: PartnerSession, result: DemoResult, *, say: Callable[[str], None], t0: float
) -> None:
    """Seed 003, TransAct casus 2: the client refuses, later allows, sharing zorg with the GGZ."""
    assert result.casus_id is not None
    casus_id = result.casus_id
    client = DEMO_PERSONEN[0]
    betrokkene = s.endpoints.pseudonym(client)

    async def de_client_zegt(status: str) -> None:
        await s.toestemming(
            betrokkene=betrokkene,
            casus_id=casus_id,
            ontvanger=ZORGONTVANGER,
            categorie="zorg",
            status=status,
        )

    async def zorg_voor_ggz() -> dict[str, Any]:
        items = await s.informatie(casus_id, user=ZORGLEZER)
        return next(i for i in items if i["categorie"] == "zorg" or i["tekst"] is None)

    with _step(result, f"{PROCESREGISSEUR} nodigt {ZORGONTVANGER} uit", say=say, t0=t0):
        await s.nodig_uit(casus_id, ZORGONTVANGER, reden="GGZ-behandeling in beeld")
    with _step(
        result, f"de cliënt weigert zorginformatie te delen met {ZORGONTVANGER}", say=say, t0=t0
    ):
        await de_client_zegt("geweigerd")
    with _step(result, f"{ZORGLEZER} ziet de zorginformatie niet", say=say, t0=t0):
        item = await zorg_voor_ggz()
        if item["tekst"] is not None:
            raise DemoFailed(f"{ZORGLEZER} reads zorg information the client refused")
        say(f"          {item['zicht']['uitleg']}")
    with _step(result, "de cliënt geeft later toch toestemming", say=say, t0=t0):
        await de_client_zegt("gegeven")
    with _step(result, f"{ZORGLEZER} leest de zorginformatie", say=say, t0=t0):
        item = await zorg_voor_ggz()
        if item["tekst"] is None:
            raise DemoFailed(f"{ZORGLEZER} still denied after the toestemming: {item['zicht']}")
        say(f"          {item['zicht']['uitleg']}")
    with _step(result, f"{FG} vraagt het inzageoverzicht van de cliënt op", say=say, t0=t0):
        rapport = await s.inzage_persoon(client.bsn or "")
        van_ggz = [r for r in rapport["regels"] if r["org"] == ZORGONTVANGER]
        say(f"          {len(rapport['regels'])} beslissingen, {len(van_ggz)} voor {ZORGONTVANGER}")


async def seed(
    *, endpoints: Endpoints, say: Callable[[str], None] = _say, timeout_s: float = 30.0
) -> list[uuid.UUID]:
    """Submit the demo meldingen as politie-zwb and wait for their receipts."""
    provider = partner_tracer_provider(endpoints.telemetry_dir)
    ids: list[uuid.UUID] = []
    try:
        async with PartnerSession(
            endpoints=endpoints, provider=provider, timeout_s=timeout_s, partners=(MELDER,)
        ) as s:
            for melding in demo_meldingen():
                melding_id = await s.submit(melding)
                ids.append(melding_id)
                say(f"  melding {melding_id} ingediend door {MELDER} ({melding.melder_referentie})")
            lijst = demo_aanhoudingen(datetime.now(TIJDZONE).date())
            regels = await s.lever_aanhoudingen(lijst)
            say(f"  {len(regels)} aanhoudingen aangeleverd door {MELDER} ({lijst.lijst_id})")
    finally:
        provider.shutdown()
    return ids
