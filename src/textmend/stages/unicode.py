"""Placeholder until the unicode family lands."""

STAGES: tuple[type, ...] = ()
