"""The public contract with partner adapters (context ``partner``, either direction)."""
