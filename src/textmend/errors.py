"""Exceptions raised by textmend."""

from __future__ import annotations

__all__ = ["ConfigError", "StageError", "TextmendError"]


class TextmendError(Exception):
    """Base class of every error textmend raises on purpose."""


class ConfigError(TextmendError, ValueError):
    """An unknown profile, stage or option, or an option of the wrong type.

    The message always names the valid choices.
    """


class StageError(TextmendError):
    """A stage broke its contract (for example a line stage returned a newline)."""
