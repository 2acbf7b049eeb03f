"""beslissingenlog (append-only, hash-chained), its chain head, platform outbox/inbox

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from zvh_platform.migrations import create_platform_tables, drop_platform_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64

# One statement per execute: asyncpg refuses several in one prepared statement.
PG_GUARDS = [
    """CREATE FUNCTION beslissingen_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           RAISE EXCEPTION 'beslissingen is append-only';
       END
       $$""",
    """CREATE TRIGGER beslissingen_geen_wijziging BEFORE UPDATE OR DELETE ON beslissingen
       FOR EACH ROW EXECUTE FUNCTION beslissingen_append_only()""",
]

SQLITE_GUARDS = [
    """CREATE TRIGGER beslissingen_geen_update BEFORE UPDATE ON beslissingen
       BEGIN SELECT RAISE(ABORT, 'beslissingen is append-only'); END""",
    """CREATE TRIGGER beslissingen_geen_delete BEFORE DELETE ON beslissingen
       BEGIN SELECT RAISE(ABORT, 'beslissingen is append-only'); END""",
]


def upgrade() -> None:
    create_platform_tables()
    op.create_table(
        "beslissingen",
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
    )
    op.create_index("ix_beslissingen_user", "beslissingen", ["user"])
    op.create_index("ix_beslissingen_casus", "beslissingen", ["casus"])
    kop = op.create_table(
        "beslissingen_kop",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(kop, [{"id": 1, "seq": 0, "hash": GENESIS}])
    guards = PG_GUARDS if op.get_bind().dialect.name == "postgresql" else SQLITE_GUARDS
    for statement in guards:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS beslissingen_geen_wijziging ON beslissingen")
        op.execute("DROP FUNCTION IF EXISTS beslissingen_append_only()")
    op.drop_table("beslissingen_kop")
    op.drop_index("ix_beslissingen_casus", table_name="beslissingen")
    op.drop_index("ix_beslissingen_user", table_name="beslissingen")
    op.drop_table("beslissingen")
    drop_platform_tables()
