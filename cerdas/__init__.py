"""Cerdas: an open-source command center for Indonesian city governments."""
