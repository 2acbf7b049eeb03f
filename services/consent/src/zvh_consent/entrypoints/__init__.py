"""Inbound adapters: the HTTP API."""
