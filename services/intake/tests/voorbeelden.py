"""Example partner messages for intake tests (fictitious persons; BSNs pass the elfproef)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from zvh_contracts.envelope import Envelope
from zvh_contracts.partner.melding_v1 import MeldingIngediend
from zvh_intake.application.intake import PartnerBericht

TOPIC = "zvh.partner.politie-zwb.to-zvh.v1"
BSN = "111222333"


def melding_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "melder_referentie": "PL-2025-0001",
        "betrokkenen": [
            {
                "rol": "client",
                "voornaam": "Jan",
                "achternaam": "Testpersoon",
                "geboortedatum": "1980-01-01",
                "bsn": BSN,
            }
        ],
        "reden": "Zorgen over escalatie in het gezin.",
        "leefgebieden": ["gezin", "veiligheid"],
        "urgentie": "hoog",
        "voorgestelde_ave_fase": 3,
        "client_geinformeerd": True,
        "uit_te_nodigen_partners": ["ggz-wnb"],
    }
    body.update(overrides)
    return body


def bericht(
    body: dict[str, Any] | bytes | None = None,
    *,
    topic: str = TOPIC,
    ce_type: str = MeldingIngediend.event_type,
    ce_id: uuid.UUID | None = None,
    envelope: bool = True,
    offset: int = 0,
) -> PartnerBericht:
    raw = body if isinstance(body, bytes) else json.dumps(body or melding_body()).encode()
    env = (
        Envelope(id=ce_id or uuid.uuid4(), source="politie-adapter", type=ce_type, subject="x")
        if envelope
        else None
    )
    headers = env.headers() if env else {"ce_type": ce_type}
    return PartnerBericht(
        topic=topic,
        body=raw,
        headers=headers,
        envelope=env,
        envelope_error=None if env else "missing CloudEvents header(s): ce_specversion, ce_id",
        partition=0,
        offset=offset,
    )
