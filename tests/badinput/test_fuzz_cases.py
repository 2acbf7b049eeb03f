"""The fuzzer itself: seeded, bounded, and every case's expectation agrees with the contract."""

from __future__ import annotations

import json

from zvh_contracts.topics import MAX_MESSAGE_BYTES
from zvh_local.fuzz.cases import (
    MELDING_INGEDIEND,
    Expect,
    Generator,
    generate,
)


def test_same_seed_same_cases_other_seed_other_cases() -> None:
    a, b, c = generate(200, seed=1), generate(200, seed=1), generate(200, seed=2)
    assert [(x.id, x.body, x.headers) for x in a] == [(x.id, x.body, x.headers) for x in b]
    assert [x.body for x in a] != [x.body for x in c]
    assert len({x.id for x in a}) == 200


def test_every_kind_and_expectation_shows_up_in_a_large_run() -> None:
    cases = generate(3000, seed=5)
    kinds = {c.kind for c in cases}
    for wanted in (
        "valid-melding",
        "random-bytes",
        "truncated-json",
        "deep-json",
        "wrong-type",
        "huge-over-1mib",
        "huge-under-1mib",
        "headers-none",
        "ce-id-non-utf8",
        "ce-id-null",
        "ce-id-duplicated",
        "ce-id-of-other-partner",
        "ce-specversion-wrong",
        "actie-mutated",
        "overleg-unknown-id",
    ):
        assert wanted in kinds, wanted
    assert {c.expect for c in cases} == set(Expect)
    assert max(len(c.body) for c in cases) > MAX_MESSAGE_BYTES
    deepest = max(c.body.count(b"[") for c in cases if c.kind == "deep-json")
    assert deepest >= 3000


def test_expectations_agree_with_the_contract_model() -> None:
    g = Generator(9)
    for c in generate(1500, seed=9):
        if c.expect is Expect.KEPT:
            assert not c.answer_ids, c.id
            continue
        assert c.answer_ids, c.id
        melding_headers = dict(c.headers).get("ce_type") == MELDING_INGEDIEND.encode()
        if c.expect is Expect.RECEIPT:
            assert melding_headers and g.oracle(c.body) is Expect.RECEIPT, c.id
        elif c.kind in ("random-bytes", "truncated-json", "deep-json", "missing-field"):
            assert g.oracle(c.body) is Expect.REJECTION, c.id


def test_valid_meldingen_carry_unique_referenties() -> None:
    refs = [
        json.loads(c.body)["melder_referentie"]
        for c in generate(1000, seed=3)
        if c.kind == "valid-melding"
    ]
    assert len(refs) == len(set(refs)) > 50
