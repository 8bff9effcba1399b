"""The fast path: join triggers into one scan and find the lines it flags.

This module knows nothing about any stage. A clean document costs one
C-level search over the whole text; only the lines that search flags are
handed to the stages. Line boundaries are found with ``str.rfind``/``str.find``
around each match, never by a Python loop over all lines.

Why the joined pattern is not simply ``T1|T2|...``: Python's ``re`` engine
skips ahead at C speed only when a pattern starts with one character class (or
literal); an alternation of groups is tried at every position of the text, and
a dozen triggers joined that way run at a few MB/s. So each trigger is cut into
its top-level alternatives, the set of characters each can start with is
worked out from the parsed pattern, and the alternatives that start with
uncommon characters are joined as::

    [S](?<=(?=A1|A2|...)(?s:.))

``[S]`` (the union of their first characters) makes the engine jump from one
candidate character to the next; the look-behind steps back onto it and the
look-ahead tries the alternatives there. An alternative that can start with a
space or a letter (``"  "``) would make nearly every position a candidate: it is
searched on its own, where a literal gets the engine's fast substring search.
Anything this module cannot analyse keeps its own plain search, so the result
is always the same set of lines as searching every trigger.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import regex

# The stdlib's pattern parser: ``re._parser`` since 3.11 (``sre_parse`` before,
# deprecated after). It is private and untyped, so it is looked up by name.
_NEW_RE = sys.version_info >= (3, 11)
_sre: Any = importlib.import_module("re._constants" if _NEW_RE else "sre_constants")
_sre_parse: Any = importlib.import_module("re._parser" if _NEW_RE else "sre_parse")

__all__ = ["TriggerScan", "candidate_lines", "first_chars", "join_triggers", "required_prefixes"]

# Flags that can be scoped to one alternative with an inline group, per module
# (the two modules number ASCII differently).
_RE_SCOPED = ((re.I, "i"), (re.M, "m"), (re.S, "s"), (re.X, "x"), (re.A, "a"))
_REGEX_SCOPED = ((regex.I, "i"), (regex.M, "m"), (regex.S, "s"), (regex.X, "x"), (regex.A, "a"))
# Global inline flags at the start of a pattern ("(?i)..."): already in .flags.
_GLOBAL_FLAGS_RE = re.compile(r"\A(?:\(\?[aiLmsuxVwbfer0-9]+\))+")
# Characters so common in text that an alternative starting with one of them is
# searched on its own rather than making every position a candidate.
_COMMON = " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _scoped_source(body: str, flags: int, table: Sequence[tuple[int, str]]) -> str:
    letters = "".join(c for flag, c in table if flags & flag)
    if flags & re.VERBOSE:
        body += "\n"  # a trailing comment must not swallow the closing parenthesis
    return f"(?{letters}:{body})" if letters else f"(?:{body})"


def _scoped(pattern: Any) -> str:
    """``pattern`` as a group that carries its own flags."""
    table = _REGEX_SCOPED if isinstance(pattern, regex.Pattern) else _RE_SCOPED
    return _scoped_source(_GLOBAL_FLAGS_RE.sub("", pattern.pattern), pattern.flags, table)


# -- first characters ------------------------------------------------------------

_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_UNI_DIGIT: r"\d",
    _sre.CATEGORY_UNI_WORD: r"\w",
    _sre.CATEGORY_UNI_SPACE: r"\s",
}
_ZERO_WIDTH = {_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT} | (
    {_sre.POSSESSIVE_REPEAT} if hasattr(_sre, "POSSESSIVE_REPEAT") else set()
)


class _Unknown(Exception):
    """The first characters cannot be told (a negated class, ``.``, a back-reference)."""


def _cased(c: str) -> bool:
    return c.lower() != c.upper() or c.casefold() != c


def _char(code: int, ignore_case: bool) -> list[str]:
    c = chr(code)
    if ignore_case and _cased(c):  # re folds more than lower/upper ("K", "\u212a")
        raise _Unknown
    return [_escape(c)]


def _escape(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


def _class_items(items: Any, ignore_case: bool) -> list[str]:
    out: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            out += _char(av, ignore_case)
        elif op is _sre.RANGE:
            lo, hi = av
            if ignore_case and (hi - lo > 4096 or any(_cased(chr(c)) for c in range(lo, hi + 1))):
                raise _Unknown
            out.append(f"{_escape(chr(lo))}-{_escape(chr(hi))}")
        elif op is _sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:  # NEGATE, a negated category, a big charset
            raise _Unknown
    return out


def _first(items: Any, flags: int) -> tuple[list[str], bool]:
    """The class items a match of ``items`` can start with, and whether it can be empty."""
    first: list[str] = []
    for op, av in items:
        ignore_case = bool(flags & re.IGNORECASE)
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.LITERAL:
            return first + _char(av, ignore_case), False
        if op is _sre.IN:
            return first + _class_items(av, ignore_case), False
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            inner, empty = _first(sub, (flags | add_flags) & ~del_flags)
        elif op is _sre.BRANCH:
            inner, empty = [], False
            for alternative in av[1]:
                items_, e = _first(alternative, flags)
                inner += items_
                empty = empty or e
        elif op in _REPEATS:
            low, _high, sub = av
            inner, empty = _first(sub, flags)
            empty = empty or low == 0
        elif hasattr(_sre, "ATOMIC_GROUP") and op is _sre.ATOMIC_GROUP:
            inner, empty = _first(av, flags)
        else:  # ANY, NOT_LITERAL, GROUPREF, ...
            raise _Unknown
        first += inner
        if not empty:
            return first, False
    return first, True


def first_chars(pattern: re.Pattern[str]) -> str | None:
    """A character class that holds every character a match of ``pattern`` can
    start with, or None when that cannot be told (or a match can be empty).

    >>> first_chars(re.compile(r"(?<![0-9])39[a-z]|&(?:amp|quot);|x*%2F"))
    '[3&x%]'
    >>> first_chars(re.compile(r"[^a]")) is None
    True
    """
    if not isinstance(pattern, re.Pattern) or pattern.flags & re.LOCALE:
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        items, empty = _first(parsed, parsed.state.flags)
    except (_Unknown, re.error, TypeError, ValueError, AttributeError):
        return None
    if empty or not items:
        return None
    return "[" + "".join(dict.fromkeys(items)) + "]"


# -- required prefixes -------------------------------------------------------------

_MAX_PREFIX = 4  # characters: enough to make a prefix rare
_MAX_PREFIXES = 32


def _prefixes(items: Any, flags: int) -> tuple[set[str], bool]:
    """Strings one of which every match of ``items`` starts with, and whether
    they are whole matches (so that what follows may be appended)."""
    out = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        ignore_case = flags & re.IGNORECASE
        if op is _sre.LITERAL and not (ignore_case and _cased(chr(av))):
            sub, complete = {chr(av)}, True
        elif (
            op is _sre.IN
            and len(av) <= 4
            and all(o is _sre.LITERAL and not (ignore_case and _cased(chr(c))) for o, c in av)
        ):
            sub, complete = {chr(c) for _, c in av}, True
        elif op is _sre.SUBPATTERN and not av[1] and not av[2]:
            sub, complete = _prefixes(av[3], flags)
        elif op is _sre.BRANCH:
            sub, complete = set(), True
            for alternative in av[1]:
                alt, alt_complete = _prefixes(alternative, flags)
                sub |= alt
                complete = complete and alt_complete
        elif op in _REPEATS and av[0] >= 1:
            sub, _complete = _prefixes(av[2], flags)
            complete = False
        else:
            return out, False
        if "" in sub or len(out) * len(sub) > _MAX_PREFIXES:
            return out, False
        out = {(a + b)[:_MAX_PREFIX] for a in out for b in sub}
        if not complete or min(map(len, out)) >= _MAX_PREFIX:
            return out, False
    return out, True


def required_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Non-empty strings one of which every match of ``pattern`` starts with,
    or None when they cannot be told.

    >>> sorted(required_prefixes(re.compile(r"(?<![0-9])(?:39|8217)[A-Za-z]")))
    ['39', '8217']
    >>> sorted(required_prefixes(re.compile(r"2[Ff]|%")))
    ['%', '2F', '2f']
    >>> required_prefixes(re.compile(r"[a-z]+x|y")) is None
    True
    >>> sorted(required_prefixes(re.compile(r"</?(?:a|b)|\\]\\(", re.I)))  # "a" may be "A"
    ['<', '](']
    """
    if not isinstance(pattern, re.Pattern) or pattern.flags & re.LOCALE:
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        found, _complete = _prefixes(parsed, parsed.state.flags)
    except (re.error, TypeError, ValueError, AttributeError):
        return None
    if "" in found:
        return None
    return frozenset(found)


class _AsciiFilter:
    """Rules out, for an ASCII text, a pass none of whose pieces can match.

    Each piece of the pass must start with one of a few strings (its literal
    prefixes, or the ASCII characters of its first-character class). The text's
    bytes are cut down to the characters those strings are made of (one
    ``bytes.translate``, at memory speed); a string that occurs in the text
    occurs in what is left, so if none occurs there, the pass cannot match.
    The strings are cut before their first letter where that leaves a rare
    character (``"&amp"`` -> ``"&"``), so that what is left stays short and a
    small pattern searches it in a fraction of the pass's scan.
    """

    __slots__ = ("check", "delete")

    def __init__(self, strings: set[str]) -> None:
        cut = set()
        for string in strings:
            letter = next((i for i, c in enumerate(string) if c.isalpha() and i), None)
            if letter is not None and not string[:letter].isdigit():
                string = string[:letter]
            cut.add(string)
        keep = {ord(c) for s in cut for c in s}
        self.delete = bytes(b for b in range(256) if b not in keep)
        alternatives = sorted(cut, key=lambda s: (-len(s), s))
        self.check = re.compile(b"|".join(re.escape(s.encode("ascii")) for s in alternatives))

    def may_match(self, text: str) -> bool:
        """False only when ``text`` (ASCII) holds none of the strings."""
        return self.check.search(text.encode("ascii").translate(None, self.delete)) is not None


def _ascii_strings(piece: re.Pattern[str], first: str) -> set[str] | None:
    """What an ASCII match of ``piece`` starts with: its required prefixes, or
    the ASCII characters of its first-character class ``first``."""
    prefixes = required_prefixes(piece)
    if prefixes is not None:
        return {p for p in prefixes if p.isascii()}
    cls = re.compile(first)
    chars = {chr(b) for b in range(128) if cls.match(chr(b))}
    return chars if len(chars) <= 64 else None


# -- alternatives ------------------------------------------------------------------


def _alternatives(pattern: re.Pattern[str]) -> list[re.Pattern[str]]:
    """``pattern`` cut at its top-level ``|`` into patterns with the same flags.

    A pattern that cannot be cut safely (verbose, back-references, a piece that
    does not compile on its own) comes back whole.
    """
    source = pattern.pattern
    if pattern.flags & re.VERBOSE or "(?P=" in source or re.search(r"\\[1-9]", source):
        return [pattern]
    pieces: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # skip the class: "]" right after "[" or "[^" is a literal
            i += 1
            if i < n and source[i] == "^":
                i += 1
            if i < n and source[i] == "]":
                i += 1
            while i < n and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            pieces.append(source[start:i])
            start = i + 1
        i += 1
    pieces.append(source[start:])
    if len(pieces) == 1 or _GLOBAL_FLAGS_RE.match(source):
        return [pattern]
    try:
        return [re.compile(piece, pattern.flags) for piece in pieces]
    except re.error:
        return [pattern]


# -- the joined scan ------------------------------------------------------------------


class TriggerScan:
    """Where any of several triggers match: a few compiled searches, merged.

    ``passes`` are searched separately and their matches merged in order; most
    runs of stages need one or two. ``search`` returns the leftmost match of
    any pass (a match object of that pass), like a compiled pattern would.
    """

    __slots__ = ("filters", "passes")

    def __init__(self, passes: Sequence[Any], filters: Sequence[_AsciiFilter | None] = ()) -> None:
        self.passes = tuple(passes)
        self.filters = tuple(filters) or (None,) * len(self.passes)

    def passes_for(self, text: str) -> list[Any]:
        """The passes that can match in ``text``: for an ASCII text, the passes
        its filter rules out are left out."""
        if not text.isascii():
            return list(self.passes)
        return [p for p, f in zip(self.passes, self.filters) if f is None or f.may_match(text)]

    def __repr__(self) -> str:
        return f"TriggerScan({[p.pattern for p in self.passes]!r})"

    def search(self, text: str, pos: int = 0) -> Any:
        best = None
        for p in self.passes:
            m = p.search(text, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best


def join_triggers(patterns: Sequence[Any]) -> Any:
    """One scan that matches wherever any of ``patterns`` does.

    Patterns compiled with the ``regex`` module are joined as ``T1|T2|...`` into
    one ``regex`` pattern. ``re`` patterns are cut into their alternatives and
    joined behind a class of their first characters (see the module docstring);
    the result is a compiled pattern when one search does, else a
    :class:`TriggerScan`.

    >>> p = join_triggers([re.compile("a1"), re.compile("(?i)b2")])
    >>> bool(p.search("xB2")), bool(p.search("A1"))
    (True, False)
    >>> scan = join_triggers([re.compile("&amp;|%2F"), re.compile("#39;")])
    >>> scan.passes[0].pattern
    '[&%#](?<=(?=(?:&amp;)|(?:%2F)|(?:#39;))(?s:.))'
    >>> scan.passes_for("plain ASCII text, 39 words")  # no "&", "%2" or "#39;" in it
    []
    """
    if len(patterns) == 1 and not isinstance(patterns[0], re.Pattern):
        return patterns[0]
    regex_patterns = [p for p in patterns if isinstance(p, regex.Pattern)]
    if regex_patterns:
        version = regex.V1 if any(p.flags & regex.V1 for p in regex_patterns) else regex.V0
        return regex.compile("|".join(_scoped(p) for p in patterns), version)
    joined: list[tuple[str, str]] = []  # (first-character class, scoped source)
    alone: list[re.Pattern[str]] = []
    starts: set[str] | None = set()  # what an ASCII match of the joined pass starts with
    probe = _COMMON
    for pattern in patterns:
        for piece in _alternatives(pattern):
            first = first_chars(piece)
            if first is None or re.search(first, probe):
                alone.append(piece)
            else:
                joined.append((first[1:-1], _scoped(piece)))
                strings = _ascii_strings(piece, first) if starts is not None else None
                starts = None if strings is None else starts | strings  # type: ignore[operator]
    passes: list[Any] = []
    filters: list[_AsciiFilter | None] = []
    if joined:
        chars = "".join(dict.fromkeys(c for c, _ in joined))
        body = "|".join(dict.fromkeys(s for _, s in joined))
        passes.append(re.compile(f"[{chars}](?<=(?={body})(?s:.))"))
        filters.append(None if starts is None else _AsciiFilter(starts))
    # A piece that starts with a literal of three characters or more gets the
    # engine's substring search (hundreds of MB/s): it keeps a pass of its own.
    # Other common-start pieces, when there are many, are one plain alternation
    # (tried at every position, but once rather than many times).
    literal = [p for p in alone if _literal_led(p)]
    others = [p for p in alone if not _literal_led(p)]
    passes.extend(literal)
    filters.extend([None] * len(literal))
    if len(others) > 4:
        passes.append(re.compile("|".join(_scoped(p) for p in others)))
        filters.append(None)
    else:
        passes.extend(others)
        filters.extend([None] * len(others))
    if len(passes) == 1 and filters[0] is None:
        return passes[0]
    return TriggerScan(passes, filters)


def _literal_of(piece: Any) -> str | None:
    """The one literal of 3 characters or more every match of ``piece`` starts with."""
    if not isinstance(piece, re.Pattern):
        return None
    prefixes = required_prefixes(piece)
    if prefixes is None or len(prefixes) != 1:
        return None
    literal = next(iter(prefixes))
    return literal if len(literal) >= 3 else None


def _literal_led(piece: re.Pattern[str]) -> bool:
    """Whether every match of ``piece`` starts with one literal of 3 characters or more."""
    return _literal_of(piece) is not None


def candidate_lines(pattern: Any, text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each line of ``text`` in which ``pattern`` matches.

    ``pattern`` is a compiled pattern or a :class:`TriggerScan`. ``text[start:end]``
    is the line without its ``"\\n"``. Lines come in order, each once.

    >>> list(candidate_lines(re.compile("x"), "ax\\nb\\nxx\\n"))
    [(0, 2), (5, 7)]
    >>> scan = TriggerScan([re.compile("x"), re.compile("  ")])
    >>> list(candidate_lines(scan, "a  x\\nb\\nc  \\nx"))
    [(0, 4), (7, 10), (11, 12)]
    """
    if isinstance(pattern, TriggerScan):
        passes = pattern.passes_for(text)
        if len(passes) != 1:
            yield from _merged_lines(passes, text)
            return
        pattern = passes[0]
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


def _merged_lines(passes: Sequence[Any], text: str) -> Iterator[tuple[int, int]]:
    if not passes:
        return
    n = len(text)
    searches = [p.search for p in passes]
    # The next match start of each pass (n + 1 when it has none left).
    nexts = []
    for search in searches:
        m = search(text)
        nexts.append(n + 1 if m is None else m.start())
    while True:
        s = min(nexts)
        if s > n:
            return
        start = text.rfind("\n", 0, s) + 1
        end = text.find("\n", s)
        if end < 0:
            end = n
        yield start, end
        if end >= n:
            return
        for k, nxt in enumerate(nexts):
            if nxt <= end:
                m = searches[k](text, end + 1)
                nexts[k] = n + 1 if m is None else m.start()
