"""ZVH keten overleg: casussen, deelnemers, actielijst, and the staff web UI."""
