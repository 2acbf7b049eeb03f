"""ZVH keten."""
