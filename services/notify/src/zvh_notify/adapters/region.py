"""The partner directory from the platform's region file."""

from __future__ import annotations

from zvh_platform.region import Region

from zvh_notify.application.ports import PartnerInfo


class RegionPartners:
    def __init__(self, region: Region) -> None:
        self._region = region

    def partner(self, code: str) -> PartnerInfo | None:
        p = self._region.partner(code)
        if p is None:
            return None
        return PartnerInfo(code=p.code, naam=p.naam, email=p.email or None)
