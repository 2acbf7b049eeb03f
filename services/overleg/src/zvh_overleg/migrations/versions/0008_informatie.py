"""Informatie-items record gevoeligheid, grondslag and the eigenaar's controls.

Bouwschema entries (``informatie_items``) and terugkoppeling toelichtingen (``terugkoppelingen``)
are informatie-items. Each now records its gevoeligheid (normaal | bijzonder | strafrechtelijk),
the grondslag it was brought in on (default ``convenant``) and the state the eigenaar controls:
``beperkt_tot`` (org codes, NULL = not restricted) and ``ingetrokken``. A toelichting gets a
categorie too (default ``algemeen``, what the PDP was asked when it was written).

Existing rows get the defaults; an existing bouwschema entry of categorie ``zorg`` becomes
``bijzonder`` and one of ``justitie`` ``strafrechtelijk`` (``bouwschema.standaard_gevoeligheid``).

Revision ID: 0008_informatie
Revises: 0007_idem
Create Date: 2030-02-15
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_informatie"
down_revision: str | None = "0007_idem"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _kolommen() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("gevoeligheid", sa.String(20), nullable=False, server_default="normaal"),
        sa.Column("grondslag", sa.String(50), nullable=False, server_default="convenant"),
        sa.Column("beperkt_tot", sa.JSON(), nullable=True),
        sa.Column("ingetrokken", sa.Boolean(), nullable=False, server_default=sa.false()),
    ]


def upgrade() -> None:
    with op.batch_alter_table("informatie_items") as batch:
        for kolom in _kolommen():
            batch.add_column(kolom)
    with op.batch_alter_table("terugkoppelingen") as batch:
        batch.add_column(
            sa.Column("categorie", sa.String(20), nullable=False, server_default="algemeen")
        )
        for kolom in _kolommen():
            batch.add_column(kolom)
    op.execute(
        "UPDATE informatie_items SET gevoeligheid = 'bijzonder' WHERE categorie = 'zorg'"
    )
    op.execute(
        "UPDATE informatie_items SET gevoeligheid = 'strafrechtelijk' WHERE categorie = 'justitie'"
    )


def downgrade() -> None:
    with op.batch_alter_table("terugkoppelingen") as batch:
        for naam in ("ingetrokken", "beperkt_tot", "grondslag", "gevoeligheid", "categorie"):
            batch.drop_column(naam)
    with op.batch_alter_table("informatie_items") as batch:
        for naam in ("ingetrokken", "beperkt_tot", "grondslag", "gevoeligheid"):
            batch.drop_column(naam)
