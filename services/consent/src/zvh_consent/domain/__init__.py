"""Consent domain: the decision log's records and its hash chain (plain Python)."""
