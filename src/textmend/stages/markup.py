"""Placeholder until the markup family lands."""

STAGES: tuple[type, ...] = ()
