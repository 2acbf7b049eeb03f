"""The policy decision point's HTTP contract (``POST /v1/decisions`` on the consent service).

Every service that holds content is an enforcement point: it asks this before returning content,
and treats anything but an explicit ``allow`` as a deny (docs/ownership-and-privacy.md).

**The subject comes from the bearer token, never from the body** (docs/architecture.md rule
6): the PDP evaluates and logs every question as the user of the verified token the request carries.
``DecisionRequest.subject`` is optional and, when sent, *overwritten* by the PDP; a service asks on
a user's behalf only by forwarding that user's token.

Every field is bounded (strings by length, lists by size), so a question can never grow the
decision log or the policy input beyond these limits; the PDP answers a violation with a 422.

**The deadline** (``DEADLINE_HEADER``, optional): the absolute UTC time (ISO 8601 with offset)
after which the enforcement point no longer waits for the answer and denies. A decision the PDP
can only log after it disclosed nothing: the PDP logs and answers it as a deny.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

#: HTTP header with the enforcement point's deadline for the answer (ISO 8601, UTC offset).
DEADLINE_HEADER = "x-zvh-pdp-deadline"

#: Bounds of the PDP question (the decision log's columns are sized to match).
MAX_USER = 100
MAX_ORG = 63
MAX_CODE = 50  # a role, action, resource type, categorie, doel, toestemming code
MAX_ID = 100  # a casus or item id
MAX_ROLES = 20
MAX_DEELNEMERS = 100
MAX_TOESTEMMINGEN = 200

Code = Annotated[str, Field(min_length=1, max_length=MAX_CODE)]
OrgCode = Annotated[str, Field(min_length=1, max_length=MAX_ORG)]


class Subject(BaseModel):
    """Who asks: the signed-in user, their organisation and roles."""

    model_config = ConfigDict(extra="forbid")

    user: str = Field(min_length=1, max_length=MAX_USER)
    org: str = Field(min_length=1, max_length=MAX_ORG)
    roles: list[Code] = Field(default_factory=list, max_length=MAX_ROLES)


class Resource(BaseModel):
    """What is asked for."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(
        min_length=1,
        max_length=MAX_CODE,
        description="melding | actielijst | informatie-item | ...",
    )
    casus: str | None = Field(default=None, max_length=MAX_ID)
    item: str | None = Field(default=None, max_length=MAX_ID)
    eigenaar: str | None = Field(default=None, max_length=MAX_ORG)
    categorie: str | None = Field(default=None, max_length=MAX_CODE)
    gevoeligheid: str | None = Field(
        default=None,
        max_length=MAX_CODE,
        description="normaal | bijzonder (health: bijzonder persoonsgegeven) | strafrechtelijk",
    )
    betrokkene: str | None = Field(
        default=None,
        max_length=MAX_ID,
        description="Pseudonym of the person the item is about (toestemming is per betrokkene)",
    )
    beperkt_tot: list[OrgCode] | None = Field(
        default=None,
        max_length=MAX_DEELNEMERS,
        description=(
            "The eigenaar restricted the item to these organisations ('zvh': the ZVH regie); "
            "absent: not restricted"
        ),
    )
    ingetrokken: bool | None = Field(
        default=None, description="The eigenaar withdrew the item: nobody else reads it"
    )
    melder: str | None = Field(
        default=None,
        max_length=MAX_USER,
        description="VPT: the user id of the employee who reported the incident (absent: a system)",
    )
    casemanager: str | None = Field(
        default=None,
        max_length=MAX_USER,
        description="VPT: the user id of the assigned VPT casemanager",
    )
    organisatie: str | None = Field(
        default=None,
        max_length=MAX_ORG,
        description="VPT overzicht: the organisation an aggregate is about",
    )


class Context(BaseModel):
    """Why and in which situation."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    doel: str = Field(
        min_length=1,
        max_length=MAX_CODE,
        description="Purpose, e.g. triage, casusoverleg, monitoring",
    )
    fase: int | None = Field(default=None, ge=0, le=99, description="AVE-fase (1–5)")
    client_geinformeerd: bool | None = None
    toestemmingen: list[Code] = Field(default_factory=list, max_length=MAX_TOESTEMMINGEN)
    deelnemers: list[OrgCode] = Field(default_factory=list, max_length=MAX_DEELNEMERS)


class DecisionRequest(BaseModel):
    """One question to the PDP."""

    model_config = ConfigDict(extra="forbid")

    subject: Subject | None = Field(
        default=None,
        description=(
            "Ignored by the PDP: it decides and logs as the user of the bearer token "
            "(user, org and roles from the verified token). Kept for compatibility."
        ),
    )
    action: str = Field(min_length=1, max_length=MAX_CODE, description="read | write | ...")
    resource: Resource
    context: Context


#: Obligations an enforcement point applies before it returns content (``Decision.obligations``).
#: ``redact:<veld>`` hides one field (``redact:bsn``: all but the last 3 digits;
#: ``redact:geboortedatum``: the year only; any other field: left out), ``alleen-metadata``
#: returns what the item is (type, eigenaar, categorie, dates) and none of its content, and
#: ``log-inzage`` asks the enforcement point to note the read in its own log too. An enforcement
#: point that does not know an obligation it was given must deny.
OBLIGATION_REDACT = "redact:"
OBLIGATION_ALLEEN_METADATA = "alleen-metadata"
OBLIGATION_LOG_INZAGE = "log-inzage"


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
