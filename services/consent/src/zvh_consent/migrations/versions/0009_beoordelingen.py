"""doorbreking_beoordelingen: the FG's review of a doorbreking (one per doorbreking, final)

Append-only like the doorbrekingen: a review is never changed or removed; a second one is
refused by the primary key (the API answers 409 "al beoordeeld").

Revision ID: 0009_beoordelingen
Revises: 0008_betrokkene
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_beoordelingen"
down_revision: str | None = "0008_betrokkene"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_GUARDS = [
    """CREATE FUNCTION doorbreking_beoordelingen_append_only() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
           RAISE EXCEPTION 'doorbreking_beoordelingen is append-only';
       END
       $$""",
    """CREATE TRIGGER doorbreking_beoordelingen_vast
       BEFORE UPDATE OR DELETE ON doorbreking_beoordelingen
       FOR EACH ROW EXECUTE FUNCTION doorbreking_beoordelingen_append_only()""",
]

SQLITE_GUARDS = [
    """CREATE TRIGGER doorbreking_beoordelingen_geen_update
       BEFORE UPDATE ON doorbreking_beoordelingen
       BEGIN SELECT RAISE(ABORT, 'doorbreking_beoordelingen is append-only'); END""",
    """CREATE TRIGGER doorbreking_beoordelingen_geen_delete
       BEFORE DELETE ON doorbreking_beoordelingen
       BEGIN SELECT RAISE(ABORT, 'doorbreking_beoordelingen is append-only'); END""",
]


def upgrade() -> None:
    op.create_table(
        "doorbreking_beoordelingen",
        sa.Column(
            "doorbreking_id", sa.Uuid(), sa.ForeignKey("doorbrekingen.id"), primary_key=True
        ),
        sa.Column("oordeel", sa.String(20), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
        sa.Column("door_org", sa.String(63), nullable=False),
        sa.Column("op", sa.DateTime(timezone=True), nullable=False),
    )
    guards = PG_GUARDS if op.get_bind().dialect.name == "postgresql" else SQLITE_GUARDS
    for statement in guards:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TRIGGER IF EXISTS doorbreking_beoordelingen_vast ON doorbreking_beoordelingen"
        )
        op.execute("DROP FUNCTION IF EXISTS doorbreking_beoordelingen_append_only()")
    op.drop_table("doorbreking_beoordelingen")
