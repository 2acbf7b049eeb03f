"""The decision log (beslissingenlog): append-only records linked by a sha256 hash chain.

Each record's hash covers its own fields and the previous record's hash, so changing, removing
or reordering any record breaks every hash after it. Records hold ids and codes only — never
case content, names or free text (docs/ownership-and-privacy.md).

**The log records what was disclosed, not only what was decided.** An enforcement point that asks
the PDP gives up at its own deadline and then denies; an answer after that deadline discloses
nothing. So a question carries that deadline (``uiterlijk``, from the enforcement point), and a
record is finalised when it is linked into the chain (``op_tijd``, called by the log adapter in
the appending transaction, right before it links the record): if the deadline has passed by
then, the record is written as ``allow=False`` with ``REDEN_TE_LAAT`` first and the policy's own
reasons after it (``beleid: …``), and that deny is also what the PDP answers. An allow in the log
therefore left the PDP before the enforcement point's deadline; the client sets that deadline a
margin before it gives up, so the answer reaches it in time (see ``zvh_platform.pdp``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import Any

#: ``prev_hash`` of the first record.
GENESIS = "0" * 64

#: First reason of a decision that was ready only after the enforcement point's deadline.
REDEN_TE_LAAT = "geweigerd: antwoord na de deadline van het handhavingspunt"
#: Prefix of the policy's own reasons kept after ``REDEN_TE_LAAT``.
BELEID = "beleid: "


@dataclasses.dataclass(frozen=True, kw_only=True)
class Beslissing:
    """One logged decision of the PDP: who asked what, for which purpose, on which basis."""

    decision_id: uuid.UUID
    tijd: dt.datetime
    aanvrager: str | None  # who sent the request (the token's subject): a service or a user
    user: str
    org: str
    roles: tuple[str, ...]
    action: str
    resource_type: str
    casus: str | None
    item: str | None
    eigenaar: str | None
    categorie: str | None
    doel: str
    allow: bool
    reasons: tuple[str, ...]
    grondslag: str | None
    policy_version: str | None
    #: The enforcement point's deadline for the answer (UTC); None when the question had none.
    #: Hashed only when set, so records written before this field existed verify unchanged.
    uiterlijk: dt.datetime | None = None
    #: Pseudonym of the person the resource is about (``resource.betrokkene``, 32 hex), so the
    #: FG can report every decision about one person. Hashed only when set (migration 0008).
    betrokkene: str | None = None


def op_tijd(beslissing: Beslissing, *, nu: dt.datetime) -> Beslissing:
    """The record as it is logged at ``nu``: past its deadline, nothing was disclosed.

    A decision ready after ``uiterlijk`` reaches no enforcement point in time (it already denied),
    so it is logged — and answered — as a deny: ``REDEN_TE_LAAT``, then the policy's reasons.
    """
    if beslissing.uiterlijk is None or normalise_tijd(nu) <= normalise_tijd(beslissing.uiterlijk):
        return beslissing
    return dataclasses.replace(
        beslissing,
        allow=False,
        reasons=(REDEN_TE_LAAT, *(BELEID + r for r in beslissing.reasons)),
        grondslag=None,
    )


@dataclasses.dataclass(frozen=True, kw_only=True)
class Schakel:
    """A record as stored: its place in the chain and both hashes."""

    seq: int
    beslissing: Beslissing
    prev_hash: str
    hash: str


def normalise_tijd(tijd: dt.datetime) -> dt.datetime:
    """UTC with microseconds, so the hash survives a database round trip (SQLite drops tz)."""
    if tijd.tzinfo is None:
        return tijd.replace(tzinfo=dt.UTC)
    return tijd.astimezone(dt.UTC)


def canonical(*, seq: int, beslissing: Beslissing, prev_hash: str) -> bytes:
    """Canonical JSON of a record: sorted keys, no whitespace, UTF-8."""
    fields: dict[str, Any] = dataclasses.asdict(beslissing)
    fields["decision_id"] = str(beslissing.decision_id)
    fields["tijd"] = normalise_tijd(beslissing.tijd).isoformat(timespec="microseconds")
    fields["roles"] = list(beslissing.roles)
    fields["reasons"] = list(beslissing.reasons)
    if beslissing.uiterlijk is None:
        del fields["uiterlijk"]  # absent, as in the records from before the field existed
    else:
        fields["uiterlijk"] = normalise_tijd(beslissing.uiterlijk).isoformat(
            timespec="microseconds"
        )
    if beslissing.betrokkene is None:
        del fields["betrokkene"]  # absent, as in the records from before the field existed
    fields["seq"] = seq
    fields["prev_hash"] = prev_hash
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(*, seq: int, beslissing: Beslissing, prev_hash: str) -> str:
    """sha256 over the canonical record including the previous hash."""
    return hashlib.sha256(
        canonical(seq=seq, beslissing=beslissing, prev_hash=prev_hash)
    ).hexdigest()


def link(*, beslissing: Beslissing, head_seq: int, head_hash: str) -> Schakel:
    """The next record of the chain after ``(head_seq, head_hash)``.

    Appenders pass ``op_tijd(beslissing, nu=…)``: the record as finalised at logging time.
    """
    seq = head_seq + 1
    return Schakel(
        seq=seq,
        beslissing=beslissing,
        prev_hash=head_hash,
        hash=chain_hash(seq=seq, beslissing=beslissing, prev_hash=head_hash),
    )


def link_all(
    beslissingen: Iterable[Beslissing], *, head_seq: int, head_hash: str, nu: dt.datetime
) -> list[Schakel]:
    """The records linked one after another onto ``(head_seq, head_hash)``, each as finalised
    at ``nu`` (``op_tijd``): what an appender writes in one transaction."""
    schakels: list[Schakel] = []
    for beslissing in beslissingen:
        schakel = link(
            beslissing=op_tijd(beslissing, nu=nu), head_seq=head_seq, head_hash=head_hash
        )
        schakels.append(schakel)
        head_seq, head_hash = schakel.seq, schakel.hash
    return schakels


@dataclasses.dataclass(frozen=True, kw_only=True)
class ChainCheck:
    """Outcome of verifying the chain; ``broken_at`` is the first bad ``seq``."""

    ok: bool
    count: int
    head_hash: str
    broken_at: int | None = None
    reason: str | None = None


def verify(schakels: Iterable[Schakel], *, head: tuple[int, str] | None = None) -> ChainCheck:
    """Walk the chain in ``seq`` order and recompute every hash.

    ``head`` is the stored chain head ``(seq, hash)``; comparing it catches a removed tail.
    """
    prev_seq, prev_hash, count = 0, GENESIS, 0
    for s in schakels:
        count += 1
        if s.seq != prev_seq + 1:
            return _broken(count, prev_hash, s.seq, f"volgnummer {prev_seq + 1} ontbreekt")
        if s.prev_hash != prev_hash:
            return _broken(count, prev_hash, s.seq, "verwijzing naar vorige schakel klopt niet")
        expected = chain_hash(seq=s.seq, beslissing=s.beslissing, prev_hash=s.prev_hash)
        if s.hash != expected:
            return _broken(count, prev_hash, s.seq, "inhoud van de schakel is gewijzigd")
        prev_seq, prev_hash = s.seq, s.hash
    if head is not None and head != (prev_seq, prev_hash):
        return _broken(count, prev_hash, prev_seq + 1, "keten is korter dan de vastgelegde kop")
    return ChainCheck(ok=True, count=count, head_hash=prev_hash)


def _broken(count: int, head_hash: str, seq: int, reason: str) -> ChainCheck:
    return ChainCheck(ok=False, count=count, head_hash=head_hash, broken_at=seq, reason=reason)
