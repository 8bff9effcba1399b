"""The fast path: join triggers into one pattern and find the lines it flags.

This module knows nothing about any stage. A clean document costs one
C-level search of the joined pattern over the whole text; only the lines that
pattern flags are handed to the stages. Line boundaries are found with
``str.rfind``/``str.find`` around each match, never by a Python loop over all
lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import regex

__all__ = ["candidate_lines", "join_triggers"]

# Flags that can be scoped to one alternative with an inline group, per module
# (the two modules number ASCII differently).
_RE_SCOPED = ((re.I, "i"), (re.M, "m"), (re.S, "s"), (re.X, "x"), (re.A, "a"))
_REGEX_SCOPED = ((regex.I, "i"), (regex.M, "m"), (regex.S, "s"), (regex.X, "x"), (regex.A, "a"))
# Global inline flags at the start of a pattern ("(?i)..."): already in .flags.
_GLOBAL_FLAGS_RE = re.compile(r"\A(?:\(\?[aiLmsuxVwbfer0-9]+\))+")


def _scoped(pattern: Any) -> str:
    """``pattern`` as a group that carries its own flags."""
    table = _REGEX_SCOPED if isinstance(pattern, regex.Pattern) else _RE_SCOPED
    letters = "".join(c for flag, c in table if pattern.flags & flag)
    body = _GLOBAL_FLAGS_RE.sub("", pattern.pattern)
    if pattern.flags & re.VERBOSE:
        body += "\n"  # a trailing comment must not swallow the closing parenthesis
    return f"(?{letters}:{body})" if letters else f"(?:{body})"


def join_triggers(patterns: Sequence[Any]) -> Any:
    """One compiled pattern that matches wherever any of ``patterns`` does.

    Patterns compiled with the ``regex`` module make the joined pattern a
    ``regex`` pattern; otherwise it is an ``re`` pattern (faster for the plain
    character-class scans most triggers are).

    >>> p = join_triggers([re.compile("a1"), re.compile("(?i)b2")])
    >>> bool(p.search("xB2")), bool(p.search("A1"))
    (True, False)
    """
    if len(patterns) == 1:
        return patterns[0]
    source = "|".join(_scoped(p) for p in patterns)
    regex_patterns = [p for p in patterns if isinstance(p, regex.Pattern)]
    if regex_patterns:
        version = regex.V1 if any(p.flags & regex.V1 for p in regex_patterns) else regex.V0
        return regex.compile(source, version)
    return re.compile(source)


def candidate_lines(pattern: Any, text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each line of ``text`` in which ``pattern`` matches.

    ``text[start:end]`` is the line without its ``"\\n"``. Lines come in order,
    each once.

    >>> list(candidate_lines(re.compile("x"), "ax\\nb\\nxx\\n"))
    [(0, 2), (5, 7)]
    """
    search = pattern.search
    n = len(text)
    m = search(text)
    while m is not None:
        s = m.start()
        start = text.rfind("\n", 0, s) + 1
        end = text.find("\n", s)
        if end < 0:
            end = n
        yield start, end
        if end >= n:
            return
        m = search(text, end + 1)
