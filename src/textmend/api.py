"""The one-call API: :func:`clean` and :func:`explain`."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from functools import lru_cache

from textmend.pipeline import Pipeline, StageSpec
from textmend.stage import Explained

__all__ = ["clean", "explain", "pipeline_for"]


@lru_cache(maxsize=32)
def _cached(profile: str, stages: tuple[Hashable, ...] | None) -> Pipeline:
    if stages is None:
        return Pipeline(profile)
    return Pipeline(stages)  # type: ignore[arg-type]


def pipeline_for(
    profile: str = "default", stages: Iterable[StageSpec] | Pipeline | None = None
) -> Pipeline:
    """The pipeline that ``clean(text, profile=..., stages=...)`` runs.

    ``stages`` (names, ``(name, options)`` pairs, instances, or a
    :class:`Pipeline`) replaces the profile when given.
    """
    if isinstance(stages, Pipeline):
        return stages
    if stages is None:
        return _cached(profile, None)
    specs = tuple(stages)
    try:
        hash(specs)
    except TypeError:  # (name, {options}) pairs hold dicts
        return Pipeline(specs)
    return _cached(profile, specs)


def clean(
    text: str,
    *,
    profile: str = "default",
    stages: Iterable[StageSpec] | Pipeline | None = None,
    lang: str | None = None,
) -> str:
    """Repair ``text`` and return it; text that needs nothing comes back unchanged.

    ``lang`` states the document's language (ISO 639-1, ``"de"``) instead of
    having it detected.

    >>> clean("Don39t panic: it#39;s fine.")
    "Don't panic: it's fine."
    >>> clean("Already “clean” text — kept.")
    'Already “clean” text — kept.'
    """
    return pipeline_for(profile, stages).clean(text, lang=lang)


def explain(
    text: str,
    *,
    profile: str = "default",
    stages: Iterable[StageSpec] | Pipeline | None = None,
    lang: str | None = None,
) -> Explained:
    """Repair ``text`` and return the result with the :class:`Edit` list that made it.

    >>> result = explain("Don39t panic.")
    >>> result.text
    "Don't panic."
    >>> [(e.stage, e.line, e.before, e.after) for e in result.edits]
    [('entity_residue', 1, 'Don39t panic.', "Don't panic.")]
    """
    return pipeline_for(profile, stages).explain(text, lang=lang)
