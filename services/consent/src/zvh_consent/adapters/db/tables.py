"""SQLAlchemy tables of the consent service (Alembic migrations mirror these)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

#: Append-only: migrations add triggers that refuse UPDATE and DELETE.
beslissingen = sa.Table(
    "beslissingen",
    metadata,
    sa.Column(
        "seq",
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("decision_id", sa.Uuid(), nullable=False, unique=True),
    sa.Column("tijd", sa.DateTime(timezone=True), nullable=False),
    sa.Column("aanvrager", sa.String(100)),
    sa.Column("user", sa.String(100), nullable=False),
    sa.Column("org", sa.String(63), nullable=False),
    sa.Column("roles", sa.JSON(), nullable=False),
    sa.Column("action", sa.String(50), nullable=False),
    sa.Column("resource_type", sa.String(50), nullable=False),
    sa.Column("casus", sa.String(100)),
    sa.Column("item", sa.String(100)),
    sa.Column("eigenaar", sa.String(63)),
    sa.Column("categorie", sa.String(50)),
    sa.Column("doel", sa.String(50), nullable=False),
    sa.Column("allow", sa.Boolean(), nullable=False),
    sa.Column("reasons", sa.JSON(), nullable=False),
    sa.Column("grondslag", sa.String(200)),
    sa.Column("policy_version", sa.String(100)),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    #: The enforcement point's deadline (migration 0004); hashed only when set.
    sa.Column("uiterlijk", sa.DateTime(timezone=True)),
    sa.Index("ix_beslissingen_user", "user"),
    sa.Index("ix_beslissingen_casus", "casus"),
)

#: One row (id=1): the chain head. Appends lock it (``FOR UPDATE``) and move it forward.
beslissingen_kop = sa.Table(
    "beslissingen_kop",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)
