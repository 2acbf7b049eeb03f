"""The consent database: the beslissingenlog and its chain head."""

from pathlib import Path

#: Alembic script location (``zvh_consent/migrations``).
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
