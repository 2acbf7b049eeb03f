"""Demo data: the convenanten of the demo region, seeded into an empty register at first start.

Every organisation of the region gets a valid convenant with the categories a partner of its kind
receives, and a basis for each — except ``gemeente-roosendaal``, whose convenant expired, so the
demo can show that an organisation without a valid convenant cannot be invited and reads nothing.
Dates are relative to the day of seeding, so a demo started any day looks the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zvh_consent.domain.convenant import Convenant, nieuw_convenant

#: The partner whose convenant has expired in the demo region.
VERLOPEN = "gemeente-roosendaal"

CONVENANT = "convenant Zorg- en Veiligheidshuis (gerechtvaardigd belang, AVG art. 6 lid 1 f)"
WMO = "wettelijke taak (Wmo 2015 art. 5.2.1)"
JEUGDWET = "wettelijke taak (Jeugdwet art. 7.4.0)"
GEMEENTE = {
    "wonen": "wettelijke taak (Huisvestingswet 2014, Wmo 2015)",
    "financieel": "wettelijke taak (Wet gemeentelijke schuldhulpverlening art. 8)",
    "zorg": WMO,
    "jeugd": JEUGDWET,
    "algemeen": CONVENANT,
}

#: categorie → basis per organisation of the demo region.
DEMO: dict[str, dict[str, str]] = {
    "zvh": {
        c: "regie Zorg- en Veiligheidshuis (convenant, wettelijke taak gemeente)"
        for c in ("politie", "justitie", "zorg", "jeugd", "wonen", "financieel", "algemeen")
    },
    "politie-zwb": {
        "politie": "wettelijke taak (Wet politiegegevens art. 19)",
        "justitie": "wettelijke taak (Wet justitiële en strafvorderlijke gegevens art. 8a)",
        "algemeen": CONVENANT,
    },
    "om-zwb": {
        "justitie": "wettelijke taak (Wet justitiële en strafvorderlijke gegevens art. 39f)",
        "politie": "wettelijke taak (Wet politiegegevens art. 19)",
        "algemeen": CONVENANT,
    },
    "reclassering-nl": {
        "justitie": "wettelijke taak (Reclasseringsregeling 1995 art. 8)",
        "algemeen": CONVENANT,
    },
    "gemeente-bergen-op-zoom": GEMEENTE,
    "gemeente-roosendaal": GEMEENTE,
    "ggz-wnb": {
        "zorg": "convenant ZVH, binnen de behandelrelatie (WGBO, BW art. 7:457)",
        "algemeen": CONVENANT,
    },
    "veilig-thuis-wbr": {
        "jeugd": "wettelijke taak (Wmo 2015 art. 4.1.1, Veilig Thuis)",
        "zorg": "wettelijke taak (Wmo 2015 art. 4.1.1, Veilig Thuis)",
        "algemeen": CONVENANT,
    },
    "woonkwartier": {
        "wonen": "convenant ZVH (gerechtvaardigd belang woningcorporatie, AVG art. 6 lid 1 f)",
        "algemeen": CONVENANT,
    },
    "bemoeizorg-wbr": {
        "zorg": WMO,
        "wonen": WMO,
        "algemeen": CONVENANT,
    },
    "ervaringsdeskundigen-wbr": {
        "zorg": WMO,
        "algemeen": CONVENANT,
    },
}


def demo_convenanten(orgs: Iterable[str], *, vandaag: dt.date) -> list[Convenant]:
    """A convenant per organisation: a year running, review in half a year; one expired.

    An organisation the demo table does not know gets the ``algemeen`` category only.
    """
    uit: list[Convenant] = []
    for org in sorted(set(orgs)):
        categorieen = DEMO.get(org, {"algemeen": CONVENANT})
        if org == VERLOPEN:
            van = vandaag - dt.timedelta(days=3 * 365)
            tot: dt.date | None = vandaag - dt.timedelta(days=30)
            herzien_op = vandaag - dt.timedelta(days=60)
        else:
            van = vandaag - dt.timedelta(days=365)
            tot = None
            herzien_op = vandaag + dt.timedelta(days=182)
        uit.append(
            nieuw_convenant(
                org=org, van=van, tot=tot, herzien_op=herzien_op, categorieen=categorieen
            )
        )
    return uit
