"""Alembic migrations of the overleg database."""
