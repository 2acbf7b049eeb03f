"""The partner directory from the platform's region file: partners, users and the piket rota."""

from __future__ import annotations

from datetime import datetime

from zvh_platform.auth import User
from zvh_platform.region import Region

from zvh_notify.application.ports import GebruikerInfo, PartnerInfo, PiketInfo


class RegionPartners:
    def __init__(self, region: Region) -> None:
        self._region = region

    def partner(self, code: str) -> PartnerInfo | None:
        p = self._region.partner(code)
        if p is None:
            return None
        return PartnerInfo(code=p.code, naam=p.naam, email=p.email or None)

    def gebruiker(self, id: str) -> GebruikerInfo | None:
        u = self._region.user(id)
        return _info(u) if u is not None else None

    def met_rol(self, org: str, rol: str) -> list[GebruikerInfo]:
        return [_info(u) for u in self._region.users if u.org == org and u.has_role(rol)]

    def piket(self, org: str, op: datetime) -> PiketInfo | None:
        """The turn on the organisation's rota at ``op`` (``Partner.piket_op``: ``van``
        inclusive, ``tot`` exclusive, weekly turns recurring), and the region user of that
        organisation with the turn's e-mail address, if any."""
        p = self._region.partner(org)
        dienst = p.piket_op(op) if p is not None else None
        if dienst is None:
            return None
        email = dienst.email or None
        gebruiker = next(
            (
                u.id
                for u in self._region.users
                if u.org == org and email and u.email and u.email.lower() == email.lower()
            ),
            None,
        )
        return PiketInfo(naam=dienst.naam, email=email, gebruiker=gebruiker)


def _info(u: User) -> GebruikerInfo:
    return GebruikerInfo(id=u.id, naam=u.naam, org=u.org, email=u.email or None)
