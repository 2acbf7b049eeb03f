"""Notify's tables: ``bezorgingen`` (one per message per channel), ``bezorgpogingen``, the
e-mail attachments ``bezorging_bijlagen``, the webhook bodies ``webhook_berichten`` and the
termijnbewaking's timers ``termijn_timers``."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)
from zvh_platform.db import UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


bezorgingen = Table(
    "bezorgingen",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("kanaal", String(20), nullable=False),
    Column("ontvanger", String(63), nullable=False, index=True),
    Column("bron_event_id", Uuid, nullable=False, index=True),
    Column("event_type", String(200), nullable=False),
    Column("casus_id", Uuid, nullable=True),
    Column("status", String(20), nullable=False),
    Column("pogingen", Integer, nullable=False, default=0),
    Column("laatste_fout", String(500), nullable=True),
    Column("aangemaakt_op", UtcDateTime(), nullable=False),
    Column("bijgewerkt_op", UtcDateTime(), nullable=True),
    Column("volgende_poging_op", UtcDateTime(), nullable=True),
    Column("email_adres", String(320), nullable=True),
    Column("onderwerp", String(300), nullable=True),
    Column("tekst", Text, nullable=True),
    Column("heropend_op", UtcDateTime(), nullable=True),
    Column("heropend_door", String(100), nullable=True),
    Column("pogingen_voor_venster", Integer, nullable=False, default=0, server_default="0"),
    Index("ix_bezorgingen_wachtrij", "kanaal", "status", "volgende_poging_op"),
)

bezorgpogingen = Table(
    "bezorgpogingen",
    metadata,
    Column(
        "bezorging_id",
        Uuid,
        ForeignKey("bezorgingen.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("nr", Integer, primary_key=True),
    Column("tijd", UtcDateTime(), nullable=False),
    Column("resultaat", String(20), nullable=False),
    Column("fout", String(500), nullable=True),
)

bezorging_bijlagen = Table(
    "bezorging_bijlagen",
    metadata,
    Column(
        "bezorging_id",
        Uuid,
        ForeignKey("bezorgingen.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("nr", Integer, primary_key=True),
    Column("bestandsnaam", String(200), nullable=False),
    Column("content_type", String(200), nullable=False),
    Column("inhoud", LargeBinary, nullable=False),
)

#: The body of a webhook bezorging (the structured CloudEvent), written once with it.
webhook_berichten = Table(
    "webhook_berichten",
    metadata,
    Column(
        "bezorging_id",
        Uuid,
        ForeignKey("bezorgingen.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("body", LargeBinary, nullable=False),
)

#: One herinnering or verlopen signal about one termijn for one recipient (domain/termijnbewaking).
#: The scheduler claims due rows (status gepland, vuur_op passed) and fires each exactly once.
termijn_timers = Table(
    "termijn_timers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("soort", String(20), nullable=False),
    Column("termijn", String(63), nullable=False),
    Column("casus_id", Uuid, nullable=True, index=True),
    Column("actie_id", Uuid, nullable=True, index=True),
    Column("overleg_id", Uuid, nullable=True, index=True),
    Column("melding_id", Uuid, nullable=True, index=True),
    Column("ontvanger", String(63), nullable=False, index=True),
    Column("uiterlijk", Date, nullable=False),
    Column("vuur_op", UtcDateTime(), nullable=False),
    Column("status", String(20), nullable=False),
    Column("verstuurd_op", UtcDateTime(), nullable=True),
    # A personal signal (a VPT incident's): the user it is for and the assigned casemanager.
    Column("gebruiker", String(100), nullable=True, index=True),
    Column("casemanager", String(100), nullable=True, index=True),
    Index("ix_termijn_timers_wachtrij", "status", "vuur_op"),
)
