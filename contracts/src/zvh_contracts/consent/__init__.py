"""The consent service's events (context ``consent``): the toestemming register."""
