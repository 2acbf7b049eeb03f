"""The overleg tables. Only this service reads or writes them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    false,
    text,
)
from zvh_platform.db import UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _informatie_item_kolommen(*, categorie: bool) -> list[Column]:  # type: ignore[type-arg]
    """What every informatie-item records besides its eigenaar (migration 0008_informatie)."""
    kolommen: list[Column] = [  # type: ignore[type-arg]
        Column("gevoeligheid", String(20), nullable=False, server_default="normaal"),
        Column("grondslag", String(50), nullable=False, server_default="convenant"),
        Column("beperkt_tot", JSON, nullable=True),  # org codes; NULL: not restricted
        Column("ingetrokken", Boolean, nullable=False, server_default=false()),
    ]
    if categorie:
        kolommen.insert(
            0, Column("categorie", String(20), nullable=False, server_default="algemeen")
        )
    return kolommen


casussen = Table(
    "casussen",
    metadata,
    Column("casus_id", Uuid, primary_key=True),
    Column("melding_id", Uuid, nullable=False, unique=True),
    Column("melder", String(63), nullable=False),
    Column("ave_fase", Integer, nullable=True),
    Column("client_geinformeerd", Boolean, nullable=False),
    Column("herbeoordeling_op", Date, nullable=True),
    Column("geopend_op", UtcDateTime, nullable=False),
    Column("geopend_door", String(100), nullable=False),
    Column("volgend_overleg_op", Date, nullable=True),
    Column("casusregisseur", String(100), nullable=True),
    Column("casusregisseur_org", String(63), nullable=True),
    Column("afgesloten_op", UtcDateTime, nullable=True),
    Column("afsluitreden", String(40), nullable=True),
    # keyed pseudonyms of the betrokkenen, the client's first (migration 0009_betrokkenen);
    # NULL for a casus opened before: it has none
    Column("betrokkenen", JSON, nullable=True),
    # makelaar, coordinatie-plus or intensief (migration 0011_casemanagementmodel); NULL for a
    # casus opened before: read as makelaar
    Column("casemanagementmodel", String(20), nullable=True),
    # CBS gemeentecode from the melding (migration 0012_gemeente); NULL: onbekend
    Column("gemeente", String(6), nullable=True),
    Index(
        "ix_casussen_open",
        "casus_id",
        postgresql_where=text("afgesloten_op IS NULL"),
        sqlite_where=text("afgesloten_op IS NULL"),
    ),
)

deelnemers = Table(
    "deelnemers",
    metadata,
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), primary_key=True),
    Column("partner", String(63), primary_key=True),
    Column("volgorde", Integer, nullable=False),
    Index("ix_deelnemers_partner", "partner"),
)

ave_fase_historie = Table(
    "ave_fase_historie",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False, index=True),
    Column("ave_fase", Integer, nullable=False),
    Column("vastgesteld_op", UtcDateTime, nullable=False),
    Column("door", String(100), nullable=False),
    Column("van", Integer, nullable=True),
    Column("reden", Text, nullable=True),  # ZVH's reason for op- or afschalen; stays here
)

casemanagementmodel_historie = Table(
    "casemanagementmodel_historie",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False, index=True),
    Column("model", String(20), nullable=False),
    Column("vastgesteld_op", UtcDateTime, nullable=False),
    Column("door", String(100), nullable=False),
    Column("van", String(20), nullable=True),
    Column("reden", Text, nullable=True),  # ZVH's reason for the change; stays here
    # the triage that chose it (the first entry); its reason is in modelkeuzes_triage
    Column("melding_id", Uuid, nullable=True),
)

#: Events recorded on the casus page that meet a termijn (migration 0012_termijnregistratie):
#: which event, the day it happened, who recorded it and when. Grows like the other histories;
#: the latest row per event counts.
termijnregistraties = Table(
    "termijnregistraties",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False, index=True),
    Column("gebeurtenis", String(40), nullable=False),
    Column("op", Date, nullable=False),
    Column("door", String(100), nullable=False),
    Column("vastgelegd_op", UtcDateTime, nullable=False),
)

#: The procesregisseur's model choice on the triage page, by melding: the checklist's suggestion
#: and the reason to differ from it. Written by the triage page (the casus may not exist yet: the
#: triage event opens it); read with the casus' model history. Never on a topic.
modelkeuzes_triage = Table(
    "modelkeuzes_triage",
    metadata,
    Column("melding_id", Uuid, primary_key=True),
    Column("voorgesteld", String(20), nullable=False),
    Column("gekozen", String(20), nullable=False),
    Column("reden", Text, nullable=True),
    Column("door", String(100), nullable=False),
    Column("gekozen_op", UtcDateTime, nullable=False),
)

acties = Table(
    "acties",
    metadata,
    Column("actie_id", Uuid, primary_key=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False, index=True),
    Column("wat", String(500), nullable=False),
    Column("wie", String(63), nullable=False),
    Column("wanneer", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("toegewezen_op", UtcDateTime, nullable=False),
    Column("teruggekoppeld_op", UtcDateTime, nullable=True),
    Column("wachtlijst", Boolean, nullable=False, server_default=false()),
    # the dashboard (migration 0014_dashboard_indexes): open acties by wanneer, and the
    # response time of reported-back ones from the index alone
    Index(
        "ix_acties_open_wanneer",
        "wanneer",
        "casus_id",
        "wie",
        postgresql_where=text("status IN ('open', 'loopt')"),
        sqlite_where=text("status IN ('open', 'loopt')"),
    ),
    Index("ix_acties_teruggekoppeld", "teruggekoppeld_op", "wie", "toegewezen_op"),
)

terugkoppelingen = Table(
    "terugkoppelingen",
    metadata,
    Column("terugkoppeling_id", Uuid, primary_key=True),
    Column("actie_id", Uuid, ForeignKey("acties.actie_id"), nullable=False, index=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False),
    Column("door", String(63), nullable=False),
    Column("status", String(20), nullable=False),
    Column("toelichting", Text, nullable=True),  # content owned by the partner `door`
    Column("ontvangen_op", UtcDateTime, nullable=False),
    Column("overleg_id", Uuid, nullable=True),  # recorded during this overleg (overlegmodus)
    Column("vastgelegd_door", String(100), nullable=True),  # the user who recorded it
    # the toelichting as an informatie-item (migration 0008_informatie)
    *_informatie_item_kolommen(categorie=True),
)

overleggen = Table(
    "overleggen",
    metadata,
    Column("overleg_id", Uuid, primary_key=True),
    Column("soort", String(20), nullable=False),
    Column("start", UtcDateTime, nullable=False, index=True),
    Column("eind", UtcDateTime, nullable=False),
    Column("locatie", String(300), nullable=False),
    Column("voorzitter", String(100), nullable=False),
    Column("status", String(30), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("reeks_id", Uuid, nullable=True),
    Column("gepland_op", UtcDateTime, nullable=False),
    Column("gepland_door", String(100), nullable=False),
    Column("verslag_vastgesteld_op", UtcDateTime, nullable=True),
)

agendapunten = Table(
    "agendapunten",
    metadata,
    Column("overleg_id", Uuid, ForeignKey("overleggen.overleg_id"), primary_key=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), primary_key=True),
    Column("volgorde", Integer, nullable=False),
    Index("ix_agendapunten_casus_id", "casus_id"),
)

antwoorden = Table(
    "overleg_antwoorden",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("overleg_id", Uuid, ForeignKey("overleggen.overleg_id"), nullable=False, index=True),
    Column("partner", String(63), nullable=False),
    Column("antwoord", String(20), nullable=False),
    Column("reden", Text, nullable=True),  # content owned by `partner`
    Column("beantwoord_op", UtcDateTime, nullable=False),
    Column("door", String(100), nullable=False),
)

informatie_items = Table(
    "informatie_items",
    metadata,
    Column("item_id", Uuid, primary_key=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False, index=True),
    Column("overleg_id", Uuid, nullable=True, index=True),
    Column("onderdeel", String(40), nullable=False),
    Column("eigenaar", String(63), nullable=False),
    Column("categorie", String(20), nullable=False),
    Column("tekst", Text, nullable=False),  # content owned by `eigenaar`
    Column("ingebracht_op", UtcDateTime, nullable=False),
    Column("vastgelegd_door", String(100), nullable=False),
    *_informatie_item_kolommen(categorie=False),
)

# --- planning (plan helper, migration 0003_plan) ----------------------------------------------

overleg_reeksen = Table(
    "overleg_reeksen",
    metadata,
    Column("reeks_id", Uuid, primary_key=True),
    Column("soort", String(20), nullable=False),
    Column("weekdag", Integer, nullable=False),
    Column("begintijd", String(5), nullable=False),  # HH:MM, Europe/Amsterdam wall clock
    Column("duur_minuten", Integer, nullable=False),
    Column("interval_weken", Integer, nullable=False),
    Column("aantal_vooruit", Integer, nullable=False),
    Column("locatie", String(300), nullable=False),
    Column("voorzitter", String(100), nullable=False),
    Column("eerste_datum", Date, nullable=False),
    Column("aangemaakt_op", UtcDateTime, nullable=False),
    Column("aangemaakt_door", String(100), nullable=False),
)

overleg_genodigden = Table(
    "overleg_genodigden",
    metadata,
    Column("overleg_id", Uuid, ForeignKey("overleggen.overleg_id"), primary_key=True),
    Column("partner", String(63), primary_key=True),
    Column("volgorde", Integer, nullable=False),
    Column("casus_ids", Text, nullable=False),  # JSON list, agenda order
)

overleg_aanwezigheid = Table(
    "overleg_aanwezigheid",
    metadata,
    Column("overleg_id", Uuid, ForeignKey("overleggen.overleg_id"), primary_key=True),
    Column("partner", String(63), primary_key=True),
    Column("aanwezig", Boolean, nullable=False),
)

client_aanwezigheid = Table(
    "client_aanwezigheid",
    metadata,
    Column("overleg_id", Uuid, ForeignKey("overleggen.overleg_id"), primary_key=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), primary_key=True),
    Column("aanwezig", Boolean, nullable=False),
)

verslagen = Table(
    "verslagen",
    metadata,
    Column("overleg_id", Uuid, ForeignKey("overleggen.overleg_id"), primary_key=True),
    Column("vastgesteld_op", UtcDateTime, nullable=False),
    Column("vastgesteld_door", String(100), nullable=False),
    Column("inhoud", Text, nullable=False),  # JSON snapshot: ids, codes, dates, actielijst
)

casus_ritme = Table(
    "casus_ritme",
    metadata,
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), primary_key=True),
    Column("interval_weken", Integer, nullable=False),
)


# --- overlegmodus (migration 0003_modus) ---

actie_historie = Table(
    "actie_historie",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("wijziging_id", Uuid, nullable=False, unique=True),
    Column("actie_id", Uuid, ForeignKey("acties.actie_id"), nullable=False, index=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False),
    Column("overleg_id", Uuid, nullable=True),
    Column("door", String(100), nullable=False),
    Column("op", UtcDateTime, nullable=False),
    Column("velden", JSON, nullable=False),  # {veld: [oud, nieuw]}
)

overleg_modus = Table(
    "overleg_modus",
    metadata,
    Column("overleg_id", Uuid, ForeignKey("overleggen.overleg_id"), primary_key=True),
    Column("casus_id", Uuid, nullable=False),
    Column("geopend_op", UtcDateTime, nullable=False),
    Column("door", String(100), nullable=False),
)

wijziging_versies = Table(
    "wijziging_versies",
    metadata,
    Column("subject_id", Uuid, primary_key=True),  # a casus_id or overleg_id
    Column("versie", Integer, nullable=False),
)


# --- casus lifecycle (migration 0003_casus) ---

casus_meldingen = Table(
    "casus_meldingen",
    metadata,
    Column("melding_id", Uuid, primary_key=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False, index=True),
    Column("melder", String(63), nullable=False),
    Column("getrieerd_op", UtcDateTime, nullable=False),
    Column("toegevoegd_op", UtcDateTime, nullable=False),
    Column("volgorde", Integer, nullable=False),
)

client_geinformeerd_historie = Table(
    "client_geinformeerd_historie",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False, index=True),
    Column("client_geinformeerd", Boolean, nullable=False),
    Column("herbeoordeling_op", Date, nullable=True),
    Column("reden", Text, nullable=False),
    Column("gewijzigd_op", UtcDateTime, nullable=False),
    Column("door", String(100), nullable=False),
)

deelnemer_historie = Table(
    "deelnemer_historie",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False, index=True),
    Column("partner", String(63), nullable=False),
    Column("mutatie", String(20), nullable=False),
    Column("reden", Text, nullable=True),
    Column("op", UtcDateTime, nullable=False),
    Column("door", String(100), nullable=False),
)

casus_status_historie = Table(
    "casus_status_historie",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False, index=True),
    Column("mutatie", String(30), nullable=False),
    Column("afsluitreden", String(40), nullable=True),
    Column("toelichting", Text, nullable=True),
    Column("melding_id", Uuid, nullable=True),
    Column("op", UtcDateTime, nullable=False),
    Column("door", String(100), nullable=False),
)

#: Partner messages overleg answered with a rejection, kept as they arrived (cut to the limit).
afgewezen_berichten = Table(
    "afgewezen_partnerberichten",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("topic", String(249), nullable=False),
    Column("partition", Integer, nullable=True),
    Column("offset", Integer, nullable=True),
    Column("partner", String(63), nullable=False),
    Column("ce_id", String(100), nullable=True),
    Column("ce_type", String(200), nullable=True),
    Column("headers", JSON, nullable=False),
    Column("body_tekst", Text, nullable=True),
    Column("body_base64", Text, nullable=False),
    Column("redenen", JSON, nullable=False),
    Column("ontvangen_op", UtcDateTime, nullable=False),
)

#: Sign-in sessions of the staff UI (application/sessies.py): the cookie's hash, never the cookie.
sessies = Table(
    "sessies",
    metadata,
    Column("sleutel_hash", String(64), primary_key=True),
    Column("sid", String(32), nullable=False, unique=True),
    Column("gebruiker", JSON, nullable=False),
    Column("issuer", String(300), nullable=False),
    Column("begonnen_op", UtcDateTime, nullable=False),
    Column("laatst_actief_op", UtcDateTime, nullable=False),
    Column("verloopt_op", UtcDateTime, nullable=False, index=True),
    Column("beeindigd_op", UtcDateTime, nullable=True),
)

#: Sign-ins in progress at an identity provider (state, PKCE verifier, nonce), used once.
aanmeldingen = Table(
    "aanmeldingen",
    metadata,
    Column("state", String(64), primary_key=True),
    Column("org", String(63), nullable=False),
    Column("code_verifier", String(128), nullable=False),
    Column("nonce", String(64), nullable=False),
    Column("terug", String(500), nullable=False),
    Column("begonnen_op", UtcDateTime, nullable=False, index=True),
)

#: Veiligheidssignalen for professionals on a casus (migration 0017_veiligheidssignalen): a code
#: from the fixed list, its validity and review date, the grondslag and who set, renewed or
#: withdrew it. Codes and dates only: no free text, so no incident content.
veiligheidssignalen = Table(
    "veiligheidssignalen",
    metadata,
    Column("signaal_id", Uuid, primary_key=True),
    Column("casus_id", Uuid, ForeignKey("casussen.casus_id"), nullable=False, index=True),
    Column("code", String(40), nullable=False),
    Column("geldig_van", Date, nullable=False),
    Column("geldig_tot", Date, nullable=False),
    Column("herbeoordeling_op", Date, nullable=False),
    Column("grondslag", String(200), nullable=False),
    Column("gezet_door", String(100), nullable=False),
    Column("gezet_op", UtcDateTime, nullable=False),
    Column("verlengd_door", String(100), nullable=True),
    Column("verlengd_op", UtcDateTime, nullable=True),
    Column("ingetrokken_door", String(100), nullable=True),
    Column("ingetrokken_op", UtcDateTime, nullable=True),
)

# --- VPT dossiers (issue 10, migration 0015_vpt_dossiers): the VPT casemanager's files, in their
# own tables so they never show in the ZVH casus lists, the dashboard or the reports.
vpt_dossiers = Table(
    "vpt_dossiers",
    metadata,
    Column("dossier_id", Uuid, primary_key=True),
    Column("incident_id", Uuid, nullable=False, unique=True),
    Column("organisatie", String(63), nullable=False),
    Column("melder", String(100), nullable=True),
    Column("casemanager", String(100), nullable=False, index=True),
    Column("gemeld_op", UtcDateTime, nullable=False),
    Column("geopend_op", UtcDateTime, nullable=False),
    Column("casus_id", Uuid, nullable=True, index=True),
    Column("client_pseudoniem", String(100), nullable=True, index=True),
    Column("aangifte_gedaan_op", Date, nullable=True),
    Column("aangifte_pv_nummer", String(30), nullable=True),
    Column("aangifte_domiciliekeuze", Boolean, nullable=True),
    Column("aangifte_werkadres", String(200), nullable=True),
    Column("om_beslissing", String(40), nullable=False, server_default="nog-niet-bekend"),
    Column("om_beslissing_op", Date, nullable=True),
    Column("voeging", Boolean, nullable=False, server_default=false()),
    Column("schadefonds", String(30), nullable=False, server_default="niet-aangevraagd"),
    Column("advocaat_naam", String(200), nullable=True),
    Column("advocaat_kantoor", String(200), nullable=True),
    Column("verzuimdagen", Integer, nullable=True),
    Column("afgesloten_op", UtcDateTime, nullable=True),
    Column("afsluitreden", String(40), nullable=True),
    Column("afsluit_toelichting", Text, nullable=True),
    Column("afgesloten_door", String(100), nullable=True),
)

vpt_zittingen = Table(
    "vpt_zittingen",
    metadata,
    Column("zitting_id", Uuid, primary_key=True),
    Column("dossier_id", Uuid, ForeignKey("vpt_dossiers.dossier_id"), nullable=False, index=True),
    Column("datum", Date, nullable=False),
    Column("soort", String(30), nullable=False),
    Column("plaats", String(200), nullable=False),
)

#: The casemanager's own acties (begeleiding bij een zitting): never on a partner topic.
vpt_acties = Table(
    "vpt_acties",
    metadata,
    Column("actie_id", Uuid, primary_key=True),
    Column("dossier_id", Uuid, ForeignKey("vpt_dossiers.dossier_id"), nullable=False, index=True),
    Column("wat", String(500), nullable=False),
    Column("wie", String(100), nullable=False),
    Column("wanneer", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("zitting_id", Uuid, nullable=True),
)
