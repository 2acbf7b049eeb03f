"""What the migration tests share: a casus row as the oldest migrated schemas know it."""

from __future__ import annotations

import uuid

from overleg_fakes import NU
from sqlalchemy import Boolean, Integer, String, Uuid, column, insert, table
from sqlalchemy.ext.asyncio import AsyncConnection
from zvh_platform.db import UtcDateTime

#: ``casussen`` with only the columns every revision since 0008 has (enough to insert a row).
OUDE_CASUSSEN = table(
    "casussen",
    *(column(n, Uuid) for n in ("casus_id", "melding_id")),
    *(column(n, String) for n in ("melder", "geopend_door")),
    column("ave_fase", Integer),
    column("client_geinformeerd", Boolean),
    column("geopend_op", UtcDateTime),
)


async def voeg_oude_casus_toe(conn: AsyncConnection, casus_id: uuid.UUID) -> None:
    """A casus of politie-zwb opened by pr.jansen, written with the old schema's columns."""
    await conn.execute(
        insert(OUDE_CASUSSEN).values(
            casus_id=casus_id,
            melding_id=uuid.uuid4(),
            melder="politie-zwb",
            ave_fase=3,
            client_geinformeerd=True,
            geopend_op=NU,
            geopend_door="pr.jansen",
        )
    )
