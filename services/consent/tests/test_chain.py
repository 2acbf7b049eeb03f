"""The hash chain as plain domain logic: any change, gap, reorder or cut is found."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from zvh_consent.domain.beslissingenlog import (
    GENESIS,
    REDEN_TE_LAAT,
    Beslissing,
    Schakel,
    canonical,
    chain_hash,
    link,
    link_all,
    op_tijd,
    verify,
)


def beslissing(n: int, *, allow: bool = True) -> Beslissing:
    return Beslissing(
        decision_id=uuid.UUID(int=n),
        tijd=dt.datetime(2025, 3, 1, 12, 0, n, 123456, tzinfo=dt.UTC),
        aanvrager="svc-intake",
        user="pr.jansen",
        org="zvh",
        roles=("procesregisseur",),
        action="read",
        resource_type="melding",
        casus=None,
        item=f"m-{n}",
        eigenaar="politie-zwb",
        categorie=None,
        doel="triage",
        allow=allow,
        reasons=("procesregisseur van het ZVH leest de melding voor triage",),
        grondslag="wettelijke taak / convenant",
        policy_version="sha256:abc",
    )


def chain(n: int) -> list[Schakel]:
    out: list[Schakel] = []
    for i in range(1, n + 1):
        head = out[-1] if out else None
        out.append(
            link(
                beslissing=beslissing(i),
                head_seq=head.seq if head else 0,
                head_hash=head.hash if head else GENESIS,
            )
        )
    return out


def test_intact_chain_verifies() -> None:
    c = chain(5)
    check = verify(c, head=(5, c[-1].hash))
    assert check.ok and check.count == 5 and check.head_hash == c[-1].hash
    assert c[0].prev_hash == GENESIS and c[1].prev_hash == c[0].hash


def test_empty_chain_verifies() -> None:
    assert verify([], head=(0, GENESIS)).ok


def test_modified_record_is_found() -> None:
    c = chain(5)
    c[2] = dataclasses.replace(c[2], beslissing=beslissing(3, allow=False))
    check = verify(c)
    assert not check.ok and check.broken_at == 3 and "gewijzigd" in (check.reason or "")


def test_rehashed_record_breaks_the_next_link() -> None:
    c = chain(5)
    forged = beslissing(3, allow=False)
    c[2] = Schakel(
        seq=3,
        beslissing=forged,
        prev_hash=c[1].hash,
        hash=chain_hash(seq=3, beslissing=forged, prev_hash=c[1].hash),
    )
    check = verify(c)
    assert not check.ok and check.broken_at == 4


def test_removed_record_is_found() -> None:
    c = chain(5)
    del c[1]
    check = verify(c)
    assert not check.ok and check.broken_at == 3


def test_cut_tail_is_found_against_the_head() -> None:
    c = chain(5)
    check = verify(c[:3], head=(5, c[-1].hash))
    assert not check.ok and "korter" in (check.reason or "")


def test_canonical_form_ignores_timezone_representation() -> None:
    b = beslissing(1)
    naive = dataclasses.replace(b, tijd=b.tijd.replace(tzinfo=None))
    cet = dataclasses.replace(b, tijd=b.tijd.astimezone(dt.timezone(dt.timedelta(hours=1))))
    ref = canonical(seq=1, beslissing=b, prev_hash=GENESIS)
    assert canonical(seq=1, beslissing=naive, prev_hash=GENESIS) == ref
    assert canonical(seq=1, beslissing=cet, prev_hash=GENESIS) == ref


# -- the deadline: the log records what was disclosed --------------------------------------------

UITERLIJK = dt.datetime(2025, 3, 1, 12, 0, 30, tzinfo=dt.UTC)


def test_a_record_without_deadline_hashes_as_before_the_field_existed() -> None:
    """Old records (no ``uiterlijk``) keep their hash: the field is left out when unset."""
    b = beslissing(1)
    assert b"uiterlijk" not in canonical(seq=1, beslissing=b, prev_hash=GENESIS)
    met = dataclasses.replace(b, uiterlijk=UITERLIJK)
    assert b'"uiterlijk":"2025-03-01T12:00:30.000000+00:00"' in canonical(
        seq=1, beslissing=met, prev_hash=GENESIS
    )
    assert chain_hash(seq=1, beslissing=met, prev_hash=GENESIS) != chain_hash(
        seq=1, beslissing=b, prev_hash=GENESIS
    )


def test_a_decision_logged_in_time_stays_as_decided() -> None:
    b = dataclasses.replace(beslissing(1), uiterlijk=UITERLIJK)
    assert op_tijd(b, nu=UITERLIJK) == b
    assert op_tijd(beslissing(1), nu=UITERLIJK + dt.timedelta(days=1)) == beslissing(1)


def test_a_decision_logged_after_the_deadline_is_a_deny_that_keeps_the_policy_reasons() -> None:
    b = dataclasses.replace(beslissing(1), uiterlijk=UITERLIJK)
    late = op_tijd(b, nu=UITERLIJK + dt.timedelta(microseconds=1))
    assert (late.allow, late.grondslag) == (False, None)
    assert late.reasons == (
        REDEN_TE_LAAT,
        "beleid: procesregisseur van het ZVH leest de melding voor triage",
    )
    assert (late.decision_id, late.user, late.item, late.uiterlijk) == (
        b.decision_id,
        b.user,
        b.item,
        UITERLIJK,
    )


def test_link_all_continues_the_chain_and_finalises_each_record_at_nu() -> None:
    eerste = link(beslissing=beslissing(1), head_seq=0, head_hash=GENESIS)
    laat = dataclasses.replace(beslissing(3), uiterlijk=UITERLIJK)
    nu = UITERLIJK + dt.timedelta(seconds=1)
    rest = link_all([beslissing(2), laat], head_seq=1, head_hash=eerste.hash, nu=nu)
    assert [(s.seq, s.prev_hash) for s in rest] == [(2, eerste.hash), (3, rest[0].hash)]
    assert verify([eerste, *rest]).ok
    assert rest[0].beslissing == beslissing(2)  # no deadline: logged as decided
    assert rest[1].beslissing == op_tijd(laat, nu=nu) and not rest[1].beslissing.allow
    assert link_all([], head_seq=1, head_hash=eerste.hash, nu=nu) == []


def test_changing_the_deadline_breaks_the_chain() -> None:
    c = [
        link(
            beslissing=dataclasses.replace(beslissing(1), uiterlijk=UITERLIJK),
            head_seq=0,
            head_hash=GENESIS,
        )
    ]
    assert verify(c).ok
    c[0] = dataclasses.replace(
        c[0], beslissing=dataclasses.replace(c[0].beslissing, uiterlijk=None)
    )
    assert verify(c).broken_at == 1


# -- the betrokkene: the FG's report per person ---------------------------------------------------

PSEUDONIEM = "0123456789abcdef0123456789abcdef"

#: ``chain_hash`` of ``beslissing(1)`` as computed by the code before ``betrokkene`` existed.
HASH_VOOR_BETROKKENE = "491c4560f5c21f47976e02e6ec3fc5a3f6a069e63c030dcb064053d1bef194e6"


def test_a_record_without_betrokkene_hashes_as_before_the_field_existed() -> None:
    b = beslissing(1)
    assert b"betrokkene" not in canonical(seq=1, beslissing=b, prev_hash=GENESIS)
    assert chain_hash(seq=1, beslissing=b, prev_hash=GENESIS) == HASH_VOOR_BETROKKENE
    met = dataclasses.replace(b, betrokkene=PSEUDONIEM)
    assert f'"betrokkene":"{PSEUDONIEM}"'.encode() in canonical(
        seq=1, beslissing=met, prev_hash=GENESIS
    )


def test_changing_or_removing_the_betrokkene_breaks_the_chain() -> None:
    c = [link(beslissing=beslissing(1), head_seq=0, head_hash=GENESIS)]
    c.append(
        link(
            beslissing=dataclasses.replace(beslissing(2), betrokkene=PSEUDONIEM),
            head_seq=1,
            head_hash=c[0].hash,
        )
    )
    assert verify(c).ok
    for anders in (None, "f" * 32):
        gewijzigd = [
            c[0],
            dataclasses.replace(
                c[1], beslissing=dataclasses.replace(c[1].beslissing, betrokkene=anders)
            ),
        ]
        assert verify(gewijzigd).broken_at == 2
