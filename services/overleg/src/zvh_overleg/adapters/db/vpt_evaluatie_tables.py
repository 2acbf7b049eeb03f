"""The VPT evaluation tables (migration 0016_vpt_evaluaties), on overleg's metadata.

Keyed by the VPT dossier's id without a foreign key to the dossier table: organisatie and the
year the incident was reported are kept here so the yearly overview counts from these alone.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Index, Integer, String, Table, Text, Uuid
from zvh_platform.db import UtcDateTime

from zvh_overleg.adapters.db.tables import metadata

vpt_evaluaties = Table(
    "vpt_evaluaties",
    metadata,
    Column("dossier_id", Uuid, primary_key=True),
    Column("organisatie", String(63), nullable=False),
    Column("gemeld_jaar", Integer, nullable=False),
    Column("wat_gebeurde", Text, nullable=False),
    Column("wat_ging_goed", Text, nullable=False),
    Column("wat_moet_anders", Text, nullable=False),
    Column("met_team", Boolean, nullable=False),
    Column("deelnemers", Integer, nullable=True),
    Column("vastgesteld_op", UtcDateTime, nullable=False),
    Column("door", String(100), nullable=False),
    Index("ix_vpt_evaluaties_organisatie_jaar", "organisatie", "gemeld_jaar"),
)

vpt_maatregelen = Table(
    "vpt_maatregelen",
    metadata,
    Column("maatregel_id", Uuid, primary_key=True),
    Column("dossier_id", Uuid, nullable=False, index=True),
    Column("organisatie", String(63), nullable=False),
    Column("gemeld_jaar", Integer, nullable=False),
    Column("wat", String(500), nullable=False),
    Column("eigenaar", String(200), nullable=False),
    Column("wanneer", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("afgerond_op", UtcDateTime, nullable=True),
    Column("aangemaakt_op", UtcDateTime, nullable=False),
    Column("aangemaakt_door", String(100), nullable=False),
    Index("ix_vpt_maatregelen_organisatie_jaar", "organisatie", "gemeld_jaar"),
)
