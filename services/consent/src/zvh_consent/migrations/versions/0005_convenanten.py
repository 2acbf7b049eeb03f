"""The convenant register: convenanten, their categorieën (with basis) and an append-only audit

Revision ID: 0005_convenanten
Revises: 0004_uiterlijk
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_convenanten"
down_revision: str | None = "0004_uiterlijk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# One statement per execute: asyncpg refuses several in one prepared statement.
PG_GUARDS = [
    """CREATE FUNCTION convenant_wijzigingen_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           RAISE EXCEPTION 'convenant_wijzigingen is append-only';
       END
       $$""",
    """CREATE TRIGGER convenant_wijzigingen_vast BEFORE UPDATE OR DELETE
       ON convenant_wijzigingen FOR EACH ROW EXECUTE FUNCTION convenant_wijzigingen_append_only()""",
]

SQLITE_GUARDS = [
    """CREATE TRIGGER convenant_wijzigingen_geen_update BEFORE UPDATE ON convenant_wijzigingen
       BEGIN SELECT RAISE(ABORT, 'convenant_wijzigingen is append-only'); END""",
    """CREATE TRIGGER convenant_wijzigingen_geen_delete BEFORE DELETE ON convenant_wijzigingen
       BEGIN SELECT RAISE(ABORT, 'convenant_wijzigingen is append-only'); END""",
]


def upgrade() -> None:
    op.create_table(
        "convenanten",
        sa.Column("org", sa.String(63), primary_key=True),
        sa.Column("van", sa.Date(), nullable=False),
        sa.Column("tot", sa.Date()),
        sa.Column("herzien_op", sa.Date(), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_door", sa.String(100), nullable=False),
    )
    op.create_table(
        "convenant_categorieen",
        sa.Column(
            "org",
            sa.String(63),
            sa.ForeignKey("convenanten.org", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("categorie", sa.String(50), primary_key=True),
        sa.Column("basis", sa.String(200), nullable=False),
    )
    op.create_table(
        "convenant_wijzigingen",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("org", sa.String(63), nullable=False),
        sa.Column("tijd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
        sa.Column("door_org", sa.String(63), nullable=False),
        sa.Column("actie", sa.String(20), nullable=False),
        sa.Column("wijzigingen", sa.JSON(), nullable=False),
    )
    op.create_index("ix_convenant_wijzigingen_org", "convenant_wijzigingen", ["org"])
    guards = PG_GUARDS if op.get_bind().dialect.name == "postgresql" else SQLITE_GUARDS
    for statement in guards:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS convenant_wijzigingen_vast ON convenant_wijzigingen")
        op.execute("DROP FUNCTION IF EXISTS convenant_wijzigingen_append_only()")
    op.drop_index("ix_convenant_wijzigingen_org", table_name="convenant_wijzigingen")
    op.drop_table("convenant_wijzigingen")
    op.drop_table("convenant_categorieen")
    op.drop_table("convenanten")
