"""Application errors: access refused by role or by the PDP."""

from __future__ import annotations


class ToegangGeweigerd(Exception):
    """The user may not do this; ``reasons`` explain why (shown to the user)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons) or "toegang geweigerd")
        self.reasons = reasons or ["toegang geweigerd"]
