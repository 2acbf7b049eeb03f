"""A seeded flood of bad partner messages on a running stack: nothing lost, nothing crashes.

Every message is answered naming its ce_id when one was readable, or kept by intake when not;
nothing from a partner topic lands on a dead-letter topic; staff APIs never answer 5xx while
the flood runs; valid meldingen among the noise still get their receipts.
"""

from __future__ import annotations

import pytest
from zvh_local import fuzz
from zvh_local.supervisor import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

#: CI's sample: a few hundred messages (`zvh bench fuzz` runs thousands).
N_CASES = 300


async def test_a_flood_of_bad_partner_messages_is_answered_or_kept(stack: Stack, seed: int) -> None:
    cases = fuzz.generate(N_CASES, seed=seed)
    print(f"seed {seed}: {N_CASES} cases (replay with ZVH_FUZZ_SEED={seed})")
    report = await fuzz.run(
        fuzz.stack_target(stack), cases, settle_timeout_s=240, idle_timeout_s=30, latency=False
    )
    print(
        f"answered {report.count(fuzz.Status.ANSWERED)}, kept {report.count(fuzz.Status.KEPT)}, "
        f"refused {report.count(fuzz.Status.REFUSED)}, http requests {report.http_requests}"
    )
    assert report.ok(), "\n".join(fuzz.summary(report))
    receipts = [o for o in report.outcomes if o.case.expect is fuzz.Expect.RECEIPT]
    assert receipts and all(o.status is fuzz.Status.ANSWERED for o in receipts)
