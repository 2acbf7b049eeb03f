"""Internal events of the overleg service."""
