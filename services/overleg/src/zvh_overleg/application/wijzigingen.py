"""Change notification for live pages (SSE): who must re-render after a commit.

Every unit of work records the subjects it touched (the casus_id / overleg_id of every event it
publishes, plus explicit ``tx.gewijzigd(...)`` for changes without an event, like bouwschema
entries) and, after commit, calls ``WijzigingHub.meld(subjects)``. A stream subscribes to the
subjects it shows and wakes at once. The hub is in-process (one per app, made in bootstrap): a
second replica or a missed wake-up is covered by the stream also comparing a cheap version
(``tx.modus.versie(subjects)``) about every second.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator


class Abonnement:
    """One stream's subscription: an event that is set when a subject changed."""

    def __init__(self, hub: WijzigingHub, subjects: Iterable[uuid.UUID]) -> None:
        self._hub = hub
        self._event = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        self.subjects: frozenset[uuid.UUID] = frozenset()
        self.volg(subjects)

    def volg(self, subjects: Iterable[uuid.UUID]) -> None:
        """Follow these subjects from now on (the projectie follows the notulist's casus)."""
        self._hub._afmelden(self)
        self.subjects = frozenset(subjects)
        self._hub._aanmelden(self)

    def wek(self) -> None:
        try:
            same_loop = asyncio.get_running_loop() is self._loop
        except RuntimeError:
            same_loop = False
        if same_loop:
            self._event.set()
        else:  # a commit in another thread/loop: hand it to the stream's loop
            with contextlib.suppress(RuntimeError):  # that loop is gone: nobody to wake
                self._loop.call_soon_threadsafe(self._event.set)

    async def wacht(self, seconden: float) -> bool:
        """True when woken, False after ``seconden`` seconds."""
        try:
            async with asyncio.timeout(seconden):
                await self._event.wait()
            return True
        except TimeoutError:
            return False
        finally:
            self._event.clear()

    def sluit(self) -> None:
        self._hub._afmelden(self)


class WijzigingHub:
    """In-process registry of streams per subject (casus_id or overleg_id)."""

    def __init__(self) -> None:
        self._per_subject: dict[uuid.UUID, set[Abonnement]] = defaultdict(set)

    def meld(self, subjects: Iterable[uuid.UUID]) -> None:
        """Wake every stream that follows one of ``subjects`` (call after commit)."""
        for subject in set(subjects):
            for abonnement in list(self._per_subject.get(subject, ())):
                abonnement.wek()

    @contextlib.contextmanager
    def abonneer(self, subjects: Iterable[uuid.UUID]) -> Iterator[Abonnement]:
        """Follow ``subjects`` for the duration of a ``with`` block (a stream's lifetime)."""
        abonnement = Abonnement(self, subjects)
        try:
            yield abonnement
        finally:
            abonnement.sluit()

    def _aanmelden(self, abonnement: Abonnement) -> None:
        for subject in abonnement.subjects:
            self._per_subject[subject].add(abonnement)

    def _afmelden(self, abonnement: Abonnement) -> None:
        for subject in abonnement.subjects:
            volgers = self._per_subject.get(subject)
            if volgers is not None:
                volgers.discard(abonnement)
                if not volgers:
                    del self._per_subject[subject]


def subjects_of(event: object) -> set[uuid.UUID]:
    """The casus/overleg an event is about: its ``subject()`` and any ``overleg_id``."""
    found: set[uuid.UUID] = set()
    subject = getattr(event, "subject", None)
    if callable(subject):
        with contextlib.suppress(ValueError, TypeError):
            found.add(uuid.UUID(str(subject())))
    overleg_id = getattr(event, "overleg_id", None)
    if isinstance(overleg_id, uuid.UUID):
        found.add(overleg_id)
    return found
