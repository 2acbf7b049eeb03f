"""Intake's tables. Content is JSON text under the melder as eigenaar; names never leave here."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
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
    UniqueConstraint,
    Uuid,
)
from zvh_platform.db import UtcDateTime

metadata = MetaData()

meldingen = Table(
    "meldingen",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("eigenaar", String(63), nullable=False),
    Column("melder_referentie", String(64), nullable=False),
    Column("urgentie", String(20), nullable=False),
    Column("leefgebieden", JSON, nullable=False),
    Column("inhoud", Text, nullable=False, comment="The submitted content as JSON text"),
    Column("status", String(20), nullable=False),
    Column("ontvangen_op", UtcDateTime(), nullable=False),
    Column("triage_uiterlijk", Date, nullable=False),
    Column("traceparent", String(64), nullable=True),
    Column("uitkomst", String(20), nullable=True),
    Column("ave_fase", Integer, nullable=True),
    Column("client_geinformeerd", Boolean, nullable=True),
    Column("reden_niet_geinformeerd", Text, nullable=True),
    Column("herbeoordeling_op", Date, nullable=True),
    Column("uit_te_nodigen_partners", JSON, nullable=True),
    Column("getrieerd_door", String(100), nullable=True),
    Column("getrieerd_op", UtcDateTime(), nullable=True),
    Column("bestaande_casus_id", Uuid(as_uuid=True), nullable=True),
    Column("advies", Text, nullable=True, comment="Triage advies, sent to the melder only"),
    Column(
        "reden_terugverwijzing",
        Text,
        nullable=True,
        comment="Why the melding went back, sent to the melder only",
    ),
    Column("gemeente", String(6), nullable=True, comment="CBS gemeentecode, e.g. GM0748"),
    UniqueConstraint("eigenaar", "melder_referentie", name="uq_meldingen_melder_referentie"),
)
Index("ix_meldingen_status_termijn", meldingen.c.status, meldingen.c.triage_uiterlijk)

betrokkene_pseudoniemen = Table(
    "betrokkene_pseudoniemen",
    metadata,
    Column("melding_id", Uuid(as_uuid=True), ForeignKey("meldingen.id"), primary_key=True),
    Column("pseudoniem", String(64), primary_key=True),
    Column("positie", Integer, nullable=False),
)
Index("ix_betrokkene_pseudoniemen_pseudoniem", betrokkene_pseudoniemen.c.pseudoniem)

informatie_items = Table(
    "informatie_items",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("melding_id", Uuid(as_uuid=True), ForeignKey("meldingen.id"), nullable=False),
    Column("soort", String(20), nullable=False, comment="reden | betrokkene | leefgebieden"),
    Column("positie", Integer, nullable=False),
    Column("eigenaar", String(63), nullable=False),
    Column("categorie", String(20), nullable=False),
    Column("gevoeligheid", String(20), nullable=False),
    Column("grondslag", String(30), nullable=False),
    Column("betrokkene", String(64), nullable=True, comment="The person's pseudonym"),
    Column(
        "beperkt_tot",
        JSON(none_as_null=True),
        nullable=True,
        comment="Organisation codes; null: not restricted",
    ),
    Column("beperkt_door", String(100), nullable=True),
    Column("beperkt_op", UtcDateTime(), nullable=True),
    Column("ingetrokken_door", String(100), nullable=True),
    Column("ingetrokken_op", UtcDateTime(), nullable=True),
    UniqueConstraint("melding_id", "soort", "positie", name="uq_informatie_items_plek"),
)
Index("ix_informatie_items_melding", informatie_items.c.melding_id)

onverwerkbare_berichten = Table(
    "onverwerkbare_berichten",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("topic", String(249), nullable=False),
    Column("partition", Integer, nullable=True),
    Column("offset", BigInteger, nullable=True),
    Column("melder", String(63), nullable=True),
    Column("ce_id", String(100), nullable=True),
    Column("headers", JSON, nullable=False),
    Column("body_tekst", Text, nullable=True),
    Column("body_base64", Text, nullable=False),
    Column("redenen", JSON, nullable=False),
    Column("ontvangen_op", UtcDateTime(), nullable=False),
)

aanhoudingslijsten = Table(
    "aanhoudingslijsten",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("politie", String(63), nullable=False, comment="The police partner that sent it"),
    Column("lijst_id", String(64), nullable=False, comment="The police's own id of the list"),
    Column("datum", Date, nullable=False),
    Column("ontvangen_op", UtcDateTime(), nullable=False),
    UniqueConstraint("politie", "lijst_id", name="uq_aanhoudingslijsten_politie_lijst"),
)
Index("ix_aanhoudingslijsten_datum", aanhoudingslijsten.c.datum)

aanhoudingen = Table(
    "aanhoudingen",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("lijst", Uuid(as_uuid=True), ForeignKey("aanhoudingslijsten.id"), nullable=False),
    Column("aanhouding_id", String(50), nullable=False),
    Column("persoon_pseudoniem", String(64), nullable=False, comment="The police's pseudonym"),
    Column("feitcodes", JSON, nullable=False),
    Column("tijdstip", UtcDateTime(), nullable=False),
    Column("gemeente", String(6), nullable=True),
    Column("markering", String(30), nullable=False),
    Column("gemarkeerd_door", String(100), nullable=True),
    Column("gemarkeerd_op", UtcDateTime(), nullable=True),
    Column("melding_id", Uuid(as_uuid=True), nullable=True),
    UniqueConstraint("lijst", "aanhouding_id", name="uq_aanhoudingen_lijst_aanhouding"),
)
Index("ix_aanhoudingen_lijst", aanhoudingen.c.lijst)

# Meldpunt agressie en geweld (VPT): the report under the employer as eigenaar, and its nazorg.
vpt_incidenten = Table(
    "vpt_incidenten",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("organisatie", String(63), nullable=False, comment="The employer: eigenaar"),
    Column("referentie", String(64), nullable=True, comment="The partner's own reference"),
    Column("melder", String(100), nullable=True, comment="User id of the reporting user"),
    Column("leidinggevende", String(100), nullable=True),
    Column("casemanager", String(100), nullable=False),
    Column("gemeld_op", UtcDateTime(), nullable=False),
    Column("gebeurd_op", UtcDateTime(), nullable=False),
    Column("soorten", JSON, nullable=False),
    Column("politie_ter_plaatse", Boolean, nullable=False),
    Column("impact", Integer, nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("casus_id", Uuid(as_uuid=True), nullable=True),
    Column("client_pseudoniem", String(64), nullable=True),
    Column("inhoud", Text, nullable=False, comment="plaats, toelichting, medewerker as JSON text"),
    Column("open", Boolean, nullable=False, comment="A nazorg contact is still to be done"),
    UniqueConstraint("organisatie", "referentie", name="uq_vpt_incidenten_organisatie_referentie"),
)
Index("ix_vpt_incidenten_organisatie", vpt_incidenten.c.organisatie)
Index("ix_vpt_incidenten_casemanager", vpt_incidenten.c.casemanager)

vpt_nazorg = Table(
    "vpt_nazorg",
    metadata,
    Column("incident", Uuid(as_uuid=True), ForeignKey("vpt_incidenten.id"), primary_key=True),
    Column("contact", String(20), primary_key=True),
    Column("uiterlijk", Date, nullable=False),
    Column("gedaan_op", Date, nullable=True),
    Column("door", String(100), nullable=True),
)
