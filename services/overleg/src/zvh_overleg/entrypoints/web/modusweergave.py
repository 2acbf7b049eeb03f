"""How overlegmodus and the projectie present bouwschema entries: Dutch labels and grouping."""

from __future__ import annotations

from typing import Any

from zvh_overleg.application.overlegmodus import ProjectieBeeld
from zvh_overleg.application.verplichtingen import ItemInzage
from zvh_overleg.domain.bouwschema import Categorie, Onderdeel
from zvh_overleg.domain.model import ZVH
from zvh_overleg.domain.overlegmodus import ANALYSE, BOUWSCHEMA

ONDERDEEL_LABELS = {
    Onderdeel.BEELD: "Beeld",
    Onderdeel.KANSEN: "Kansen",
    Onderdeel.BEDREIGINGEN: "Bedreigingen",
    Onderdeel.BESCHERMENDE_FACTOREN: "Beschermende factoren",
    Onderdeel.RISICOFACTOREN: "Risicofactoren",
    Onderdeel.GEDEELD_VERTREKPUNT: "Gedeeld vertrekpunt",
    Onderdeel.GEZAMENLIJK_DOEL: "Gezamenlijk doel",
    Onderdeel.BELANGEN: "Belangen",
    Onderdeel.SCENARIOS: "Scenario's",
    Onderdeel.PROBLEEM: "Wat is het probleem?",
    Onderdeel.OVER_WIE: "Over wie gaat het?",
    Onderdeel.GEWENSTE_SITUATIE: "Gewenste situatie (als alles kan)",
    Onderdeel.INTERVENTIES_KORT: "Interventies korte termijn",
    Onderdeel.INTERVENTIES_LANG: "Interventies lange termijn",
}

CATEGORIE_LABELS = {
    Categorie.POLITIE: "Politie",
    Categorie.JUSTITIE: "Justitie",
    Categorie.ZORG: "Zorg",
    Categorie.JEUGD: "Jeugd",
    Categorie.WONEN: "Wonen",
    Categorie.FINANCIEEL: "Financieel",
    Categorie.ALGEMEEN: "Algemeen",
}

#: Analyse parts that are not already bouwschema parts (shown once on the projectie).
ALLEEN_ANALYSE = tuple(o for o in ANALYSE if o not in BOUWSCHEMA)

VELD_LABELS = {
    "wat": "Wat",
    "wie": "Wie",
    "wanneer": "Wanneer",
    "wachtlijst": "Wachtlijst",
    "status": "Status",
}


def groepeer(
    items: list[ItemInzage], onderdelen: tuple[Onderdeel, ...]
) -> list[tuple[Onderdeel, str, list[ItemInzage]]]:
    """Entries per onderdeel, in the bouwschema's order, each in the order it was said."""
    return [(o, ONDERDEEL_LABELS[o], [i for i in items if i.onderdeel is o]) for o in onderdelen]


def weergave_context() -> dict[str, Any]:
    """Labels every overlegmodus template uses."""
    return {
        "onderdeel_labels": ONDERDEEL_LABELS,
        "categorie_labels": CATEGORIE_LABELS,
        "bouwschema_onderdelen": BOUWSCHEMA,
        "analyse_onderdelen": ALLEEN_ANALYSE,
        "veld_labels": VELD_LABELS,
        "zvh": ZVH,
    }


def projectie_context(beeld: ProjectieBeeld, *, region: Any) -> dict[str, Any]:
    """The projectie fragment's context (also rendered by the SSE stream)."""
    items = beeld.items
    return {
        **weergave_context(),
        "beeld": beeld,
        "region": region,
        "groepen": [g for g in groepeer(items, BOUWSCHEMA + ALLEEN_ANALYSE) if g[2]],
    }
