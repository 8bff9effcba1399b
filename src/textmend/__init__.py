"""textmend: repair text from web scrapers and OCR engines, and leave good text alone."""

from textmend.api import clean, explain
from textmend.errors import ConfigError, StageError, TextmendError
from textmend.pipeline import Pipeline
from textmend.profiles import PROFILES
from textmend.registry import list_stages
from textmend.stage import DocumentStage, Edit, Explained, LineStage, apply_edits

__all__ = [
    "ConfigError",
    "DocumentStage",
    "Edit",
    "Explained",
    "LineStage",
    "PROFILES",
    "Pipeline",
    "StageError",
    "TextmendError",
    "apply_edits",
    "clean",
    "explain",
    "list_stages",
]

__version__ = "0.1.0"
