"""Readable rejection reasons in Dutch: shared with overleg, so they live in the contracts."""

from __future__ import annotations

from zvh_contracts.afwijzing import (
    TE_DIEP_GENEST,
    Reden,
    bewaarde_kopie,
    uit_validatiefouten,
    veldpad,
)

__all__ = ["TE_DIEP_GENEST", "Reden", "bewaarde_kopie", "uit_validatiefouten", "veldpad"]
