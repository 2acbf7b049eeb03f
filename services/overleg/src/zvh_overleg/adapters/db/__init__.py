"""Database adapters: tables, repository, unit of work."""
