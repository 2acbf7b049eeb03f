"""A seeded, bounded fuzzer of partner messages (``cases``), the flood that checks nothing sent
is lost (``flood``), and ``zvh bench fuzz`` (``bench``). See docs/testing.md."""

from zvh_local.fuzz.cases import Case, Expect, Generator, generate
from zvh_local.fuzz.flood import FuzzReport, Status, run, stack_target, summary

__all__ = [
    "Case",
    "Expect",
    "FuzzReport",
    "Generator",
    "Status",
    "generate",
    "run",
    "stack_target",
    "summary",
]
