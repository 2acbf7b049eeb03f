"""consent's doorbrekingen, inzage and convenant APIs as overleg sees them (a fake PrivacyPort)."""

from __future__ import annotations

import uuid
from typing import Any

from zvh_overleg.application.privacy import ConsentBestaatAl
from zvh_overleg.application.toestemmingen import (
    ConsentGeweigerd,
    ConsentNietGevonden,
    ConsentOngeldig,
)

#: the calls consent can answer with a 422 (input); ``inzage_persoon`` validates a BSN too
SCHRIJVEN = frozenset(
    {"doorbreken", "beoordelen", "inzage_persoon", "convenant_nieuw", "convenant_vastleggen"}
)
PSEUDONIEM = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
DOORBREKING_ID = uuid.UUID("00000000-0000-4000-8000-0000000000d1")


def doorbreking(**kw: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": str(DOORBREKING_ID),
        "type": "vitaal-belang",
        "grondslag": "doorbreking: vitaal belang (AVG art. 6 lid 1 d)",
        "reden": "Acute dreiging, cliënt onvindbaar en mogelijk in gevaar",
        "casus": "00000000-0000-4000-8000-0000000000c1",
        "item": None,
        "eigenaar": "ggz-wnb",
        "user": "vt.bos",
        "org": "veilig-thuis-wbr",
        "van": "2030-03-04T09:00:00+00:00",
        "tot": "2030-03-04T13:00:00+00:00",
        "beoordeling": None,
    }
    d.update(kw)
    return d


def regel(**kw: Any) -> dict[str, Any]:
    r: dict[str, Any] = {
        "seq": 1,
        "tijd": "2030-03-01T08:30:00+00:00",
        "user": "agent.smit",
        "org": "politie-zwb",
        "action": "read",
        "resource_type": "informatie-item",
        "casus": "00000000-0000-4000-8000-0000000000c1",
        "item": "i-1",
        "eigenaar": "ggz-wnb",
        "categorie": "zorg",
        "doel": "casusoverleg",
        "allow": True,
        "reasons": ["deelnemer met convenant"],
        "grondslag": "convenant",
        "uiterlijk": None,
    }
    r.update(kw)
    return r


def convenant(org: str, **kw: Any) -> dict[str, Any]:
    c: dict[str, Any] = {
        "org": org,
        "van": "2025-01-01",
        "tot": None,
        "herzien_op": "2031-01-01",
        "geldig": True,
        "herziening_verlopen": False,
        "categorieen": [{"categorie": "politie", "basis": "wettelijke taak (Wpg art. 19)"}],
    }
    c.update(kw)
    return c


class FakePrivacy:
    """Records every call with its token; ``weiger`` / ``ongeldig`` make the next calls fail."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, str]] = []
        self.doorbreking_rijen: list[dict[str, Any]] = []
        self.regels: list[dict[str, Any]] = []
        self.convenant_rijen: dict[str, dict[str, Any]] = {}
        self.historie_rijen: list[dict[str, Any]] = []
        self.weiger: list[str] | None = None
        self.ongeldig: ConsentOngeldig | None = None
        self.bestaat_al = False

    def _check(self, naam: str, arg: Any, token: str) -> None:
        self.calls.append((naam, arg, token))
        if self.weiger is not None:
            raise ConsentGeweigerd(self.weiger)
        if self.ongeldig is not None and naam in SCHRIJVEN:
            raise self.ongeldig

    def call(self, naam: str) -> Any:
        [arg] = [a for n, a, _ in self.calls if n == naam]
        return arg

    async def doorbrekingen(
        self, *, onbeoordeeld: bool, limit: int, token: str
    ) -> list[dict[str, Any]]:
        self._check("doorbrekingen", {"onbeoordeeld": onbeoordeeld, "limit": limit}, token)
        rows = self.doorbreking_rijen
        return [d for d in rows if not onbeoordeeld or d["beoordeling"] is None]

    async def doorbreken(self, invoer: dict[str, Any], *, token: str) -> dict[str, Any]:
        self._check("doorbreken", invoer, token)
        return doorbreking(**{k: v for k, v in invoer.items() if k != "duur_uren"})

    async def beoordelen(
        self, doorbreking_id: uuid.UUID, invoer: dict[str, Any], *, token: str
    ) -> dict[str, Any]:
        self._check("beoordelen", (doorbreking_id, invoer), token)
        return doorbreking(beoordeling=invoer)

    async def inzage_persoon(self, vraag: dict[str, Any], *, token: str) -> dict[str, Any]:
        self._check("inzage_persoon", vraag, token)
        return {"betrokkene": PSEUDONIEM, "regels": list(self.regels)}

    async def inzage_eigenaar(
        self, *, uitkomst: str, limit: int, token: str
    ) -> list[dict[str, Any]]:
        self._check("inzage_eigenaar", {"uitkomst": uitkomst, "limit": limit}, token)
        return list(self.regels)

    async def convenanten(self, *, token: str) -> list[dict[str, Any]]:
        self.calls.append(("convenanten", None, token))
        if self.weiger is not None:
            raise ConsentGeweigerd(self.weiger)
        return list(self.convenant_rijen.values())

    async def convenant(self, org: str, *, token: str) -> dict[str, Any]:
        self.calls.append(("convenant", org, token))
        if org not in self.convenant_rijen:
            raise ConsentNietGevonden("niet gevonden")
        return self.convenant_rijen[org]

    async def convenant_historie(self, org: str, *, token: str) -> list[dict[str, Any]]:
        self.calls.append(("convenant_historie", org, token))
        return list(self.historie_rijen)

    async def convenant_nieuw(self, invoer: dict[str, Any], *, token: str) -> dict[str, Any]:
        self._check("convenant_nieuw", invoer, token)
        if self.bestaat_al:
            raise ConsentBestaatAl("heeft al een convenant")
        return convenant(**invoer)

    async def convenant_vastleggen(
        self, org: str, invoer: dict[str, Any], *, token: str
    ) -> dict[str, Any]:
        self._check("convenant_vastleggen", (org, invoer), token)
        return convenant(org, **invoer)
