"""A veiligheidssignaal as it travels with an actie: a code and until when it holds.

The procesregisseur sets it on a casus (overleg); every actie handed to a deelnemer carries the
casus' active signals, so the partner's professional knows before a home visit. Codes and a date
only: never what happened, nor who reported it.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from zvh_contracts.vocab import Veiligheidssignaalcode


class Veiligheidssignaal(BaseModel):
    """One active veiligheidssignaal of the casus: its code and its last valid day."""

    model_config = ConfigDict(frozen=True)

    code: Veiligheidssignaalcode
    geldig_tot: date = Field(description="The last day the signal holds unless it is renewed")
