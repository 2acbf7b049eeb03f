"""Internal events of the intake service."""
