"""Alembic env for notify: its own tables plus the platform's outbox and inbox."""

from zvh_notify.adapters.db.tables import metadata
from zvh_platform.db import platform_metadata
from zvh_platform.migrations import run_env

run_env(target_metadata=[metadata, platform_metadata])
