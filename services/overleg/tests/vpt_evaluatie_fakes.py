"""In-memory VPT evaluations and maatregelen, a fake dossier keys lookup and intake counts."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from zvh_overleg.application.intake import IntakeFout
from zvh_overleg.application.vpt_evaluatie import Sleutels
from zvh_overleg.domain.vpt_evaluatie import Evaluatie, Maatregel

DOSSIER_ID = uuid.UUID("5a0c3e8e-6d0b-5b4e-9a51-0f2d7c9b1e11")
ORG = "gemeente-bergen-op-zoom"


class FakeVptEvaluatieRepository:
    """Works on the store's ``vpt_evaluaties`` / ``vpt_maatregelen`` like the SQL one."""

    def __init__(self, state: Any) -> None:
        self._s = state

    async def evaluatie(self, dossier_id: uuid.UUID) -> Evaluatie | None:
        return copy.deepcopy(self._s.vpt_evaluaties.get(dossier_id))

    async def bewaar_evaluatie(self, evaluatie: Evaluatie) -> None:
        self._s.vpt_evaluaties[evaluatie.dossier_id] = copy.deepcopy(evaluatie)

    async def maatregelen(self, dossier_id: uuid.UUID) -> list[Maatregel]:
        eigen = [m for m in self._s.vpt_maatregelen.values() if m.dossier_id == dossier_id]
        return copy.deepcopy(sorted(eigen, key=lambda m: (m.wanneer, m.aangemaakt_op)))

    async def maatregel(self, dossier_id: uuid.UUID, maatregel_id: uuid.UUID) -> Maatregel | None:
        m = self._s.vpt_maatregelen.get(maatregel_id)
        return copy.deepcopy(m) if m is not None and m.dossier_id == dossier_id else None

    async def voeg_maatregel_toe(self, m: Maatregel) -> None:
        self._s.vpt_maatregelen[m.maatregel_id] = copy.deepcopy(m)

    async def bewaar_status(self, m: Maatregel) -> None:
        oud = self._s.vpt_maatregelen[m.maatregel_id]
        oud.status, oud.afgerond_op = m.status, m.afgerond_op

    async def aantal_evaluaties(self, *, organisatie: str | None, jaar: int) -> int:
        return sum(
            1
            for e in self._s.vpt_evaluaties.values()
            if e.gemeld_jaar == jaar and organisatie in (None, e.organisatie)
        )

    async def maatregelen_van(self, *, organisatie: str | None, jaar: int) -> list[Maatregel]:
        return [
            copy.deepcopy(m)
            for m in self._s.vpt_maatregelen.values()
            if m.gemeld_jaar == jaar and organisatie in (None, m.organisatie)
        ]


@dataclass
class FakeDossierSleutels:
    """The DossierSleutels port over a dict (h-dossier's repository implements it)."""

    dossiers: dict[uuid.UUID, Sleutels] = field(default_factory=dict)

    async def sleutels(self, dossier_id: uuid.UUID) -> Sleutels | None:
        return self.dossiers.get(dossier_id)


def sleutels(
    *,
    dossier_id: uuid.UUID = DOSSIER_ID,
    organisatie: str = ORG,
    melder: str | None = "wt.yilmaz",
    casemanager: str = "vpt.dewit",
    gemeld_op: datetime,
) -> Sleutels:
    return Sleutels(
        dossier_id=dossier_id,
        organisatie=organisatie,
        melder=melder,
        casemanager=casemanager,
        gemeld_op=gemeld_op,
    )


class FakeVptIntake:
    """Intake's GET /v1/vpt-overzicht: one answer (or an exception) and the questions asked."""

    def __init__(self, antwoord: dict[str, Any] | Exception | None = None) -> None:
        self.antwoord = antwoord if antwoord is not None else {"totaal": 0, "per_soort": {}}
        self.vragen: list[tuple[int, str | None, str]] = []

    async def vpt_overzicht(
        self, *, jaar: int, organisatie: str | None, token: str
    ) -> dict[str, Any]:
        self.vragen.append((jaar, organisatie, token))
        if isinstance(self.antwoord, Exception):
            raise self.antwoord
        return self.antwoord


__all__ = ["IntakeFout"]
