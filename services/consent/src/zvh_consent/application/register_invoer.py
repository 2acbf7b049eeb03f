"""The registers in the policy input: ``input.registry`` for each question of a batch.

Before the PDP evaluates, it adds what the policy needs from the registers (the policy decides
with it; nothing here decides):

- ``convenant``: the subject organisation's convenant (or ``null``): dates and categorieën with
  their basis;
- ``toestemmingen``: every toestemming of ``resource.betrokkene`` (the policy picks those that
  apply to the doel, ontvanger, categorie, casus and day);
- ``doorbrekingen``: the subject user's doorbrekingen not yet ended;
- ``nu`` (fixed-width UTC) and ``vandaag`` (the ZVH's calendar day), to compare with.

**A change is visible to the very next decision.** The registers are read once per batch (one
session, only what the cache lacks) and cached for at most ``max_leeftijd_s``; every committed
register change in this process calls ``vergeet()``, which drops the cache at once — so a
withdrawal recorded here denies the next decision. ``max_leeftijd_s`` bounds how long another
consent process may take to see it (default 0.5 s, under the issue's 1 s); 0 turns the cache off.
A read that started before a change is never stored after it (a generation counter).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from zvh_contracts.pdp import DecisionRequest

from zvh_consent.application.ports import RegisterBron, Requester
from zvh_consent.domain.convenant import Convenant
from zvh_consent.domain.doorbreking import GRONDSLAG, Doorbreking
from zvh_consent.domain.tijd import utc_tekst, vandaag
from zvh_consent.domain.toestemming import Toestemming

Doc = dict[str, Any]


class RegisterInvoer:
    """Builds ``input.registry`` per question; caches register reads until a change."""

    def __init__(
        self,
        bron: RegisterBron,
        *,
        max_leeftijd_s: float = 0.5,
        max_sleutels: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bron = bron
        self._max_leeftijd = max_leeftijd_s
        self._max_sleutels = max_sleutels
        self._monotonic = monotonic
        self._generatie = 0
        self._convenanten: tuple[float, dict[str, Doc]] | None = None
        self._toestemmingen: OrderedDict[str, tuple[float, list[Doc]]] = OrderedDict()
        self._doorbrekingen: OrderedDict[str, tuple[float, list[Doc]]] = OrderedDict()
        #: Register reads done (tests and the benchmark count them).
        self.lezingen = 0

    def vergeet(self) -> None:
        """A register changed (committed): forget everything read before."""
        self._generatie += 1
        self._convenanten = None
        self._toestemmingen.clear()
        self._doorbrekingen.clear()

    async def voor(
        self, requests: Sequence[DecisionRequest], *, requester: Requester, nu: datetime
    ) -> list[Doc]:
        """``input.registry`` for each of ``requests`` (asked by ``requester`` at ``nu``)."""
        t = self._monotonic()
        generatie = self._generatie
        convenanten = self._vers(self._convenanten, t)
        betrokkenen = {r.resource.betrokkene for r in requests if r.resource.betrokkene}
        toestemmingen: dict[str, list[Doc]] = {}
        ontbrekend: set[str] = set()
        for b in betrokkenen:
            docs = self._vers(self._toestemmingen.get(b), t)
            if docs is None:
                ontbrekend.add(b)
            else:
                toestemmingen[b] = docs
        doorbrekingen = self._vers(self._doorbrekingen.get(requester.user), t)

        if convenanten is None or ontbrekend or doorbrekingen is None:
            self.lezingen += 1
            lezing = await self._bron.lees(
                convenanten=convenanten is None,
                betrokkenen=ontbrekend,
                doorbrekingen_van=requester.user if doorbrekingen is None else None,
                nu=nu,
            )
            bewaar = generatie == self._generatie  # no change committed meanwhile
            if lezing.convenanten is not None:
                convenanten = {c.org: convenant_doc(c) for c in lezing.convenanten}
                if bewaar:
                    self._convenanten = (t, convenanten)
            gelezen = lezing.toestemmingen or {}
            for b in ontbrekend:
                docs = [toestemming_doc(x) for x in gelezen.get(b, [])]
                toestemmingen[b] = docs
                if bewaar:
                    self._onthoud(self._toestemmingen, b, (t, docs))
            if lezing.doorbrekingen is not None:
                doorbrekingen = [doorbreking_doc(d) for d in lezing.doorbrekingen]
                if bewaar:
                    self._onthoud(self._doorbrekingen, requester.user, (t, doorbrekingen))

        nu_tekst, dag = utc_tekst(nu), vandaag(nu).isoformat()
        convenant = (convenanten or {}).get(requester.org)
        return [
            {
                "nu": nu_tekst,
                "vandaag": dag,
                "convenant": convenant,
                "toestemmingen": toestemmingen.get(r.resource.betrokkene, [])
                if r.resource.betrokkene
                else [],
                "doorbrekingen": doorbrekingen or [],
            }
            for r in requests
        ]

    def _vers(self, entry: tuple[float, Any] | None, t: float) -> Any:
        if entry is None or t - entry[0] > self._max_leeftijd or self._max_leeftijd <= 0:
            return None
        return entry[1]

    def _onthoud(
        self,
        cache: OrderedDict[str, tuple[float, list[Doc]]],
        key: str,
        value: tuple[float, list[Doc]],
    ) -> None:
        if self._max_leeftijd <= 0:
            return
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > self._max_sleutels:
            cache.popitem(last=False)


def convenant_doc(c: Convenant) -> Doc:
    return {
        "org": c.org,
        "van": c.van.isoformat(),
        "tot": c.tot.isoformat() if c.tot else None,
        "herzien_op": c.herzien_op.isoformat(),
        "categorieen": dict(c.categorieen),
    }


def toestemming_doc(t: Toestemming) -> Doc:
    return {
        "id": str(t.id),
        "betrokkene": t.betrokkene,
        "casus": t.casus,
        "doel": t.doel,
        "ontvanger": t.ontvanger,
        "categorie": t.categorie,
        "van": t.van.isoformat(),
        "tot": t.tot.isoformat() if t.tot else None,
        "status": t.status.value,
        "gewijzigd_op": utc_tekst(t.gewijzigd_op),
    }


def doorbreking_doc(d: Doorbreking) -> Doc:
    return {
        "id": str(d.id),
        "type": d.type.value,
        "grondslag": GRONDSLAG[d.type],
        "casus": d.casus,
        "item": d.item,
        "eigenaar": d.eigenaar,
        "user": d.user,
        "van": utc_tekst(d.van),
        "tot": utc_tekst(d.tot),
    }
