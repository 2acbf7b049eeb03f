"""The policy decision point's HTTP contract (``POST /v1/decisions`` on the consent service).

Every service that holds content is an enforcement point: it asks this before returning content,
and treats anything but an explicit ``allow`` as a deny (DESIGN.md §6).
"""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class Subject(BaseModel):
    """Who asks: the signed-in user, their organisation and roles."""

    model_config = ConfigDict(extra="forbid")

    user: str = Field(min_length=1, max_length=100)
    org: str = Field(min_length=1, max_length=63)
    roles: list[str] = Field(default_factory=list)


class Resource(BaseModel):
    """What is asked for."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(description="melding | actielijst | informatie-item | ...")
    casus: str | None = None
    item: str | None = None
    eigenaar: str | None = None
    categorie: str | None = None


class Context(BaseModel):
    """Why and in which situation."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    doel: str = Field(description="Purpose, e.g. triage, casusoverleg, monitoring")
    fase: int | None = None
    client_geinformeerd: bool | None = None
    toestemmingen: list[str] = Field(default_factory=list)
    deelnemers: list[str] = Field(default_factory=list)


class DecisionRequest(BaseModel):
    """One question to the PDP."""

    model_config = ConfigDict(extra="forbid")

    subject: Subject
    action: str = Field(description="read | write | ...")
    resource: Resource
    context: Context


class Decision(BaseModel):
    """The PDP's answer. Anything that is not ``allow=True`` means deny."""

    allow: bool = False
    reasons: list[str] = Field(default_factory=list)
    obligations: list[str] = Field(default_factory=list)
    grondslag: str | None = None
    policy_version: str | None = None
    decision_id: uuid.UUID | None = None

    @classmethod
    def deny(cls, reason: str) -> Decision:
        """A local deny (no decision could be had), with a clear reason."""
        return cls(allow=False, reasons=[reason])


#: Most questions one batch may hold (``POST /v1/decisions/batch``).
MAX_BATCH = 100


class DecisionBatchRequest(BaseModel):
    """Several questions at once (``POST /v1/decisions/batch``): one round trip, one log write."""

    model_config = ConfigDict(extra="forbid")

    requests: list[DecisionRequest] = Field(min_length=1, max_length=MAX_BATCH)


class DecisionBatch(BaseModel):
    """The answers to a ``DecisionBatchRequest``, in the order of its ``requests``."""

    decisions: list[Decision] = Field(default_factory=list)
