"""A seeded, bounded fuzzer of partner messages, and the checks that nothing it sends is lost.

Used by the bad-input suite (``tests/badinput``, a few hundred messages) and by
``zvh bench fuzz`` (thousands, with the receipt latency of honest meldingen during the flood).

Every generated ``Case`` carries the expectation of the chain's answer:

* ``receipt``   — a valid melding: the melder gets ``status: ontvangen`` naming the ``ce_id``;
* ``rejection`` — the ``ce_id`` is readable: the partner gets an answer with ``status: afgewezen``
  naming it (intake for melding types, overleg for its own types);
* ``answered``  — the ``ce_id`` is readable and the message may be valid or not (an unknown actie,
  a foreign extra header): some answer naming it;
* ``kept``      — no readable ``ce_id``: intake keeps the raw message (``onverwerkbare_berichten``)
  and answers the topic's partner without ``in_antwoord_op``.

There is no "kept without any answer" case: every partner topic names its melder.
"""

from __future__ import annotations

import enum
import json
import random
import string
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from zvh_contracts import topics
from zvh_platform.region import load_region

MELDING_INGEDIEND = "zvh.partner.melding.ingediend.v1"
ACTIE_TERUGGEKOPPELD = "zvh.partner.actie.teruggekoppeld.v1"
OVERLEG_BEANTWOORD = "zvh.partner.overleg.beantwoord.v1"
MELDING_ONTVANGEN = "zvh.partner.melding.ontvangen.v1"
BERICHT_ONTVANGEN = "zvh.partner.bericht.ontvangen.v1"
#: The answers the chain gives partners about their messages.
ANTWOORD_TYPES = frozenset({MELDING_ONTVANGEN, BERICHT_ONTVANGEN})

#: Partners whose topics carry the noise; the latency partner only sends honest meldingen.
FUZZ_PARTNERS = ("politie-zwb", "gemeente-bergen-op-zoom", "om-zwb", "reclassering-nl")
LATENCY_PARTNER = "woonkwartier"


class Expect(enum.StrEnum):
    RECEIPT = "receipt"
    REJECTION = "rejection"
    ANSWERED = "answered"
    KEPT = "kept"


Headers = tuple[tuple[str, bytes | None], ...]


@dataclass(frozen=True)
class Case:
    """One generated partner message and what the chain must do with it."""

    id: str
    kind: str
    partner: str
    body: bytes
    headers: Headers
    expect: Expect
    #: ``in_antwoord_op`` values that satisfy the expectation (empty for ``kept``).
    answer_ids: frozenset[str] = frozenset()

    @property
    def topic(self) -> str:
        return topics.partner_to_zvh(self.partner)


# -- building blocks ---------------------------------------------------------------------------


def _examples_dir() -> Path | None:
    """``contracts/examples`` of this checkout (the module runs from the workspace)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "contracts" / "examples"
        if candidate.is_dir():
            return candidate
    return None


@cache
def example(event_type: str) -> dict[str, Any]:
    """The contract example of ``event_type`` (a fresh copy is made by callers)."""
    d = _examples_dir()
    if d is None:
        raise RuntimeError("contracts/examples not found; run from the repository checkout")
    data: dict[str, Any] = json.loads((d / f"{event_type}.json").read_text("utf-8"))
    return data


def envelope_headers(
    *,
    ce_id: str,
    partner: str,
    ce_type: str = MELDING_INGEDIEND,
    subject: str = "fuzz",
) -> list[tuple[str, bytes | None]]:
    return [
        ("ce_specversion", b"1.0"),
        ("ce_id", ce_id.encode()),
        ("ce_source", partner.encode()),
        ("ce_type", ce_type.encode()),
        ("ce_subject", subject.encode()),
        ("content-type", b"application/json"),
    ]


def _set(headers: list[tuple[str, bytes | None]], name: str, value: bytes | None) -> Headers:
    return tuple((k, value if k == name else v) for k, v in headers)


def _drop(headers: list[tuple[str, bytes | None]], name: str) -> Headers:
    return tuple((k, v) for k, v in headers if k != name)


class Generator:
    """Makes cases from one ``random.Random``; the same seed gives the same cases."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.n = 0
        self.sent_ids: list[tuple[str, str]] = []  # (partner, ce_id) of earlier valid meldingen

    # helpers ----------------------------------------------------------------------------------

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def partner(self) -> str:
        return self.rng.choice(FUZZ_PARTNERS)

    def referentie(self) -> str:
        return f"FZ-{self.seed}-{self.n}-{self.rng.randrange(10**6)}"

    def melding(self) -> dict[str, Any]:
        data = json.loads(json.dumps(example(MELDING_INGEDIEND)))
        data["melder_referentie"] = self.referentie()
        return data

    def text(self, n: int) -> str:
        return "".join(self.rng.choices(string.ascii_letters + " éëï€", k=n))

    def oracle(self, body: bytes) -> Expect:
        """Receipt or rejection for a melding body, decided by the contract model itself."""
        from pydantic import ValidationError
        from zvh_contracts.partner.melding_v1 import MeldingIngediend

        partners = set(load_region(None).partner_codes())
        try:
            melding = MeldingIngediend.model_validate_json(body)
        except (ValidationError, ValueError, RecursionError):
            return Expect.REJECTION
        if any(code not in partners for code in melding.uit_te_nodigen_partners):
            return Expect.REJECTION
        return Expect.RECEIPT

    def case(
        self,
        kind: str,
        body: bytes,
        *,
        expect: Expect,
        partner: str | None = None,
        ce_type: str = MELDING_INGEDIEND,
        headers: Headers | None = None,
        ce_id: str | None = None,
        answer_ids: Iterable[str] | None = None,
    ) -> Case:
        partner = partner or self.partner()
        ce_id = ce_id or self.uuid()
        hdrs = (
            headers
            if headers is not None
            else tuple(envelope_headers(ce_id=ce_id, partner=partner, ce_type=ce_type))
        )
        ids = frozenset(
            answer_ids if answer_ids is not None else ([] if expect is Expect.KEPT else [ce_id])
        )
        return Case(
            id=f"{self.seed}-{self.n:05d}-{kind}",
            kind=kind,
            partner=partner,
            body=body,
            headers=hdrs,
            expect=expect,
            answer_ids=ids,
        )

    # the kinds --------------------------------------------------------------------------------

    def valid_melding(self) -> Case:
        partner = self.partner()
        ce_id = self.uuid()
        self.sent_ids.append((partner, ce_id))
        body = json.dumps(self.melding()).encode()
        return self.case("valid-melding", body, expect=Expect.RECEIPT, partner=partner, ce_id=ce_id)

    def replayed_ce_id(self) -> Case:
        """The same partner sends a ce_id again: the first answer still names it."""
        if not self.sent_ids:
            return self.valid_melding()
        partner, ce_id = self.rng.choice(self.sent_ids)
        body = json.dumps(self.melding()).encode()
        return self.case(
            "replayed-ce-id", body, expect=Expect.ANSWERED, partner=partner, ce_id=ce_id
        )

    def ce_id_of_other_partner(self) -> Case:
        """Another partner's ce_id reused: this partner is answered on its own topic."""
        if not self.sent_ids:
            return self.valid_melding()
        owner, ce_id = self.rng.choice(self.sent_ids)
        partner = self.rng.choice([p for p in FUZZ_PARTNERS if p != owner])
        body = json.dumps(self.melding()).encode()
        return self.case(
            "ce-id-of-other-partner", body, expect=Expect.RECEIPT, partner=partner, ce_id=ce_id
        )

    def random_bytes(self) -> Case:
        body = self.rng.randbytes(self.rng.randrange(0, 2048))
        return self.case("random-bytes", body, expect=Expect.REJECTION)

    def truncated_json(self) -> Case:
        full = json.dumps(self.melding()).encode()
        body = full[: self.rng.randrange(1, len(full) - 1)]
        return self.case("truncated-json", body, expect=Expect.REJECTION)

    def deep_json(self) -> Case:
        depth = self.rng.choice((64, 512, 1000, 1500, 3000))
        shape = self.rng.choice(("list", "object", "in-field"))
        if shape == "list":
            body = ("[" * depth + "]" * depth).encode()
        elif shape == "object":
            body = ('{"a":' * depth + "1" + "}" * depth).encode()
        else:
            data = self.melding()
            data["betrokkenen"] = "@@DEEP@@"
            body = json.dumps(data).replace('"@@DEEP@@"', "[" * depth + "]" * depth).encode()
        return self.case("deep-json", body, expect=Expect.REJECTION)

    def wrong_type(self) -> Case:
        data = self.melding()
        key = self.rng.choice(sorted(data))
        data[key] = self.rng.choice(
            (None, 42, -1.5, True, [], {}, "x", [1, 2], {"a": "b"}, "9" * 400)
        )
        if key == "uit_te_nodigen_partners" and data[key] in ([], None):
            data[key] = 7  # an empty list is valid; keep it wrong
        body = json.dumps(data).encode()
        return self.case("wrong-type", body, expect=self.oracle(body))

    def missing_field(self) -> Case:
        data = self.melding()
        required = ("melder_referentie", "betrokkenen", "reden", "leefgebieden", "urgentie")
        del data[self.rng.choice(required)]
        return self.case("missing-field", json.dumps(data).encode(), expect=Expect.REJECTION)

    def not_an_object(self) -> Case:
        body = self.rng.choice((b"null", b"42", b'"tekst"', b"[]", b"true", b"", b" ", b"{}"))
        return self.case("not-an-object", body, expect=Expect.REJECTION)

    def bad_values(self) -> Case:
        """JSON that parses but breaks the contract's rules (elfproef, enums, partners, NaN)."""
        data = self.melding()
        choice = self.rng.randrange(5)
        if choice == 0:
            data["betrokkenen"][0]["bsn"] = "123456789"
        elif choice == 1:
            data["urgentie"] = "zeer-hoog"
        elif choice == 2:
            data["uit_te_nodigen_partners"] = ["onbekende-partner"]
        elif choice == 3:
            data["betrokkenen"] = [data["betrokkenen"][0]] * 21
        else:
            return self.case(
                "bad-values",
                json.dumps(data)
                .replace('"voorgestelde_ave_fase": 3', '"voorgestelde_ave_fase": NaN')
                .encode(),
                expect=Expect.REJECTION,
            )
        return self.case("bad-values", json.dumps(data).encode(), expect=Expect.REJECTION)

    def invalid_utf8_in_json(self) -> Case:
        data = self.melding()
        data["reden"] = "@@X@@"
        body = json.dumps(data).encode().replace(b"@@X@@", b"\xff\xfe kapot \xc3")
        return self.case("invalid-utf8-body", body, expect=Expect.REJECTION)

    def huge(self) -> Case:
        """Strings up to and over the 1 MiB message limit."""
        size = self.rng.choice(
            (64 * 1024, topics.MAX_MESSAGE_BYTES - 4096, topics.MAX_MESSAGE_BYTES + 1024)
        )
        data = self.melding()
        data["reden"] = "@@X@@"
        skeleton = json.dumps(data).encode()
        body = skeleton.replace(b"@@X@@", b"a" * max(0, size - len(skeleton)))
        return self.case(
            f"huge-{'over' if size > topics.MAX_MESSAGE_BYTES else 'under'}-1mib",
            body,
            expect=Expect.REJECTION,
        )

    def header_edge(self) -> Case:
        """Missing, duplicated, non-UTF-8, null and wrong CloudEvents headers on a valid body."""
        partner = self.partner()
        ce_id, other_id = self.uuid(), self.uuid()
        other_partner = self.rng.choice([p for p in FUZZ_PARTNERS if p != partner])
        base = envelope_headers(ce_id=ce_id, partner=partner)
        wrong_type = self.rng.choice(
            (
                b"zvh.partner.bestaat.niet.v1",
                b"zvh.intake.melding.ontvangen.v1",
                b"\xff",
                b"x" * 5000,
            )
        )
        not_uuid = self.text(self.rng.randrange(1, 60)).encode()
        junk = self.rng.choice((b"\xff\xfe\xfd", None))
        variants: tuple[tuple[str, Expect, Headers], ...] = (
            ("headers-none", Expect.KEPT, ()),
            ("ce-id-missing", Expect.KEPT, _drop(base, "ce_id")),
            ("ce-id-not-uuid", Expect.KEPT, _set(base, "ce_id", not_uuid)),
            ("ce-id-non-utf8", Expect.KEPT, _set(base, "ce_id", b"\xff\xfe\xfa")),
            ("ce-id-null", Expect.KEPT, _set(base, "ce_id", None)),
            ("ce-type-missing", Expect.REJECTION, _drop(base, "ce_type")),
            ("ce-type-wrong", Expect.REJECTION, _set(base, "ce_type", wrong_type)),
            ("ce-type-null", Expect.REJECTION, _set(base, "ce_type", None)),
            ("ce-specversion-wrong", Expect.REJECTION, _set(base, "ce_specversion", b"0.3")),
            ("ce-id-duplicated", Expect.ANSWERED, (*base, ("ce_id", other_id.encode()))),
            ("ce-type-duplicated", Expect.ANSWERED, (*base, ("ce_type", wrong_type))),
            ("foreign-header-junk", Expect.ANSWERED, (*base, ("x-partner-extra", junk))),
            ("ce-subject-huge", Expect.REJECTION, _set(base, "ce_subject", b"s" * 100_000)),
            (
                "ce-source-other-partner",
                Expect.ANSWERED,
                _set(base, "ce_source", other_partner.encode()),
            ),
        )
        kind, expect, headers = self.rng.choice(variants)
        return self.case(
            kind,
            json.dumps(self.melding()).encode(),
            expect=expect,
            partner=partner,
            ce_id=ce_id,
            headers=headers,
            answer_ids=(ce_id, other_id) if kind == "ce-id-duplicated" else None,
        )

    def overleg_type(self) -> Case:
        """A type overleg handles: valid ones name unknown acties/overleggen, mutated ones break."""
        ce_type = self.rng.choice((ACTIE_TERUGGEKOPPELD, OVERLEG_BEANTWOORD))
        data = json.loads(json.dumps(example(ce_type)))
        if self.rng.random() < 0.4:
            for k in data:
                if k.endswith("_id"):
                    data[k] = self.uuid()
            return self.case(
                f"{ce_type.split('.')[2]}-unknown-id",
                json.dumps(data).encode(),
                expect=Expect.ANSWERED,
                ce_type=ce_type,
            )
        key = self.rng.choice(sorted(data))
        data[key] = self.rng.choice((None, 42, [], {"a": 1}, "geen-uuid", "x" * 5000))
        body = json.dumps(data).encode()
        if self.rng.random() < 0.3:
            body = self.rng.choice((b"{kapot", b"[" * 2000, self.rng.randbytes(64)))
        return self.case(
            f"{ce_type.split('.')[2]}-mutated", body, expect=Expect.REJECTION, ce_type=ce_type
        )

    def next(self) -> Case:
        kinds: tuple[tuple[Callable[[], Case], int], ...] = (
            (self.valid_melding, 12),
            (self.replayed_ce_id, 2),
            (self.ce_id_of_other_partner, 3),
            (self.random_bytes, 8),
            (self.truncated_json, 8),
            (self.deep_json, 6),
            (self.wrong_type, 10),
            (self.missing_field, 5),
            (self.not_an_object, 4),
            (self.bad_values, 6),
            (self.invalid_utf8_in_json, 3),
            (self.huge, 1),
            (self.header_edge, 20),
            (self.overleg_type, 12),
        )
        make = self.rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
        case = make()
        self.n += 1
        return case


def generate(n: int, *, seed: int) -> list[Case]:
    """``n`` cases from ``seed``; every kind appears once n is large enough."""
    g = Generator(seed)
    return [g.next() for _ in range(n)]
