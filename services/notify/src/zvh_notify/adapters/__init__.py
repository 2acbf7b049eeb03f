"""Concrete adapters: database, SMTP, region directory."""
