"""SQLAlchemy tables of the consent service (Alembic migrations mirror these)."""

from __future__ import annotations

import sqlalchemy as sa
from zvh_platform.db import UtcDateTime

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
    sa.Column("tijd", UtcDateTime(), nullable=False),
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
    sa.Column("uiterlijk", UtcDateTime()),
    #: The pseudonym of the person the resource is about (migration 0008); hashed only when set.
    sa.Column("betrokkene", sa.String(32)),
    sa.Index("ix_beslissingen_user", "user"),
    sa.Index("ix_beslissingen_casus", "casus"),
    sa.Index("ix_beslissingen_betrokkene", "betrokkene"),
    #: The eigenaar's "who read our information", newest first.
    sa.Index("ix_beslissingen_eigenaar_seq", "eigenaar", "seq"),
)

#: One row (id=1): the chain head. Appends lock it (``FOR UPDATE``) and move it forward.
beslissingen_kop = sa.Table(
    "beslissingen_kop",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

# --- The convenant register (migration 0005) -------------------------------------------------

#: One row per partner organisation: its convenant with the ZVH (``tot`` inclusive, null: open).
convenanten = sa.Table(
    "convenanten",
    metadata,
    sa.Column("org", sa.String(63), primary_key=True),
    sa.Column("van", sa.Date(), nullable=False),
    sa.Column("tot", sa.Date()),
    sa.Column("herzien_op", sa.Date(), nullable=False),
    sa.Column("gewijzigd_op", UtcDateTime(), nullable=False),
    sa.Column("gewijzigd_door", sa.String(100), nullable=False),
)

#: The categories a convenant lets its organisation receive, each with its basis (grondslag).
convenant_categorieen = sa.Table(
    "convenant_categorieen",
    metadata,
    sa.Column(
        "org",
        sa.String(63),
        sa.ForeignKey("convenanten.org", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("categorie", sa.String(50), primary_key=True),
    sa.Column("basis", sa.String(200), nullable=False),
)

#: Append-only audit of every convenant change (triggers refuse UPDATE and DELETE).
convenant_wijzigingen = sa.Table(
    "convenant_wijzigingen",
    metadata,
    sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("org", sa.String(63), nullable=False),
    sa.Column("tijd", UtcDateTime(), nullable=False),
    sa.Column("door", sa.String(100), nullable=False),
    sa.Column("door_org", sa.String(63), nullable=False),
    sa.Column("actie", sa.String(20), nullable=False),
    sa.Column("wijzigingen", sa.JSON(), nullable=False),
    sa.Index("ix_convenant_wijzigingen_org", "org"),
)

# --- The toestemming register (migration 0006) -----------------------------------------------

#: One row per toestemming with its current state; ``betrokkene`` is a pseudonym, never a BSN.
toestemmingen = sa.Table(
    "toestemmingen",
    metadata,
    sa.Column("id", sa.Uuid(), primary_key=True),
    sa.Column("betrokkene", sa.String(32), nullable=False),
    sa.Column("casus", sa.String(100)),
    sa.Column("doel", sa.String(50), nullable=False),
    sa.Column("ontvanger", sa.String(63)),
    sa.Column("categorie", sa.String(50)),
    sa.Column("van", sa.Date(), nullable=False),
    sa.Column("tot", sa.Date()),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("wijze", sa.String(20), nullable=False),
    sa.Column("document_referentie", sa.String(100)),
    sa.Column("leeftijdsgroep", sa.String(20), nullable=False),
    sa.Column("toestemming_door", sa.String(20), nullable=False),
    sa.Column("vastgelegd_door", sa.String(100), nullable=False),
    sa.Column("vastgelegd_door_org", sa.String(63), nullable=False),
    sa.Column("vastgelegd_op", UtcDateTime(), nullable=False),
    sa.Column("gewijzigd_op", UtcDateTime(), nullable=False),
    sa.Column("gewijzigd_door", sa.String(100), nullable=False),
    sa.Index("ix_toestemmingen_betrokkene", "betrokkene"),
    sa.Index("ix_toestemmingen_casus", "casus"),
)

#: Append-only history of every toestemming's states (who, when).
toestemming_wijzigingen = sa.Table(
    "toestemming_wijzigingen",
    metadata,
    sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("toestemming_id", sa.Uuid(), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("tijd", UtcDateTime(), nullable=False),
    sa.Column("door", sa.String(100), nullable=False),
    sa.Column("door_org", sa.String(63), nullable=False),
    sa.Index("ix_toestemming_wijzigingen_toestemming", "toestemming_id"),
)

# --- Doorbrekingen (migration 0007) ----------------------------------------------------------

#: Every doorbreking ("break the glass"): who, on what, why, how long. The FG reviews them.
doorbrekingen = sa.Table(
    "doorbrekingen",
    metadata,
    sa.Column("id", sa.Uuid(), primary_key=True),
    sa.Column("type", sa.String(30), nullable=False),
    sa.Column("reden", sa.Text(), nullable=False),
    sa.Column("casus", sa.String(100)),
    sa.Column("item", sa.String(100)),
    sa.Column("eigenaar", sa.String(63), nullable=False),
    sa.Column("user", sa.String(100), nullable=False),
    sa.Column("org", sa.String(63), nullable=False),
    sa.Column("van", UtcDateTime(), nullable=False),
    sa.Column("tot", UtcDateTime(), nullable=False),
    sa.Index("ix_doorbrekingen_user_tot", "user", "tot"),
    sa.Index("ix_doorbrekingen_casus", "casus"),
)

#: The FG's review of a doorbreking (migration 0009): one per doorbreking, append-only.
doorbreking_beoordelingen = sa.Table(
    "doorbreking_beoordelingen",
    metadata,
    sa.Column("doorbreking_id", sa.Uuid(), sa.ForeignKey("doorbrekingen.id"), primary_key=True),
    sa.Column("oordeel", sa.String(20), nullable=False),
    sa.Column("toelichting", sa.Text(), nullable=False),
    sa.Column("door", sa.String(100), nullable=False),
    sa.Column("door_org", sa.String(63), nullable=False),
    sa.Column("op", UtcDateTime(), nullable=False),
)
