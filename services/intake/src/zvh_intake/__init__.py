"""ZVH keten intake: receives meldingen from partners, stores them, and supports triage."""
