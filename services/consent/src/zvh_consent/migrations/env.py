"""Alembic environment of the consent service (the platform runs it, async, SQLite or PG)."""

from alembic import context
from zvh_consent.adapters.db.tables import metadata
from zvh_platform.db import platform_metadata
from zvh_platform.migrations import run_env

if not (
    context.config.attributes.get("zvh_engine_url")
    or context.config.get_main_option("sqlalchemy.url")
):
    from zvh_consent.config import ConsentSettings

    context.config.attributes["zvh_engine_url"] = ConsentSettings().db_url()

run_env(target_metadata=[metadata, platform_metadata])
