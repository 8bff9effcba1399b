"""Mangled titles: a corrupted copy of the headline on the first line.

Scrapers often emit the page title (from ``<title>`` or an ``og:title`` meta
tag, where entities and URLs are mangled) before the article, whose own clean
headline follows a few lines later. The seed document shows it::

    Macron says sending Western troops to Ukraine not 39out of.com2F242F252Fe9e…

    Macron says sending Western troops to Ukraine not 'out of the question'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rapidfuzz import fuzz

from textmend.stage import DocumentStage, Edit

__all__ = ["STAGES", "MangledTitle", "has_debris"]

# Evidence that a first line is a corrupted copy: URL path residue — a long hex
# run, percent-encoding or its "2F" residue, a domain glued to a word ("of.com2F").
# Entity codes ("39out") are no evidence on their own: the line stages repair them
# in place, and a twin may carry them too. Once the corrupted copy is gone, the
# new first line has no such residue, so the stage is idempotent.
_URL_DEBRIS_RE = re.compile(
    r"(?<=[g-zG-Z_.-])[0-9a-fA-F]{12}|%[0-9A-Fa-f]{2}|\d(?:2F|252F)|(?:2F|252F)[0-9a-fA-F]{2}"
    r"|\w\.(?:com|org|net|html?|php|aspx?)(?:\d|[%/])"
)
# The same evidence in parts that each start with a rare character, so a long
# first line is ruled out at C speed (``_URL_DEBRIS_RE`` tries every position).
_PERCENT_DEBRIS_RE = re.compile(r"%[0-9A-Fa-f]{2}|\d(?:2F|252F)|(?:2F|252F)[0-9a-fA-F]{2}")
_DOMAIN_DEBRIS_RE = re.compile(r"\.(?<=\w\.)(?:com|org|net|html?|php|aspx?)[\d%/]")
_HEX_DEBRIS_RE = re.compile(r"(?<=[g-zG-Z_.-])[0-9a-fA-F]{12}")
# ``_HEX_DEBRIS_RE`` as a substring test, several times faster than the pattern
# (which tries every position): in the line's UTF-8 bytes, hex digits become "x",
# the characters the run may be glued to become "g", every other byte a space
# (hex digits and those characters are single bytes; a byte of a multi-byte
# character is neither), so a hex run of 12 after such a character is the bytes
# "gxxxxxxxxxxxx".
_HEX_TABLE = bytes(
    ord("x") if chr(b) in "0123456789abcdefABCDEF"
    else ord("g") if chr(b) in "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ_.-"
    else ord(" ")
    for b in range(256)
)
_HEX_NEEDLE = b"g" + b"x" * 12
# A whole web address: what it holds is a path, not residue.
_ADDRESS_RE = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")


def has_debris(line: str) -> bool:
    """True when ``line`` carries URL path residue (``_URL_DEBRIS_RE`` matches)
    outside a whole address (``https://stone.org/long`` is an address, no residue).

    >>> has_debris("Ukraine not 39out of.com2F242F252Fe9e46c6697954448ec5f732dd")
    True
    >>> has_debris("A digest 0e873a0000c6d07ef7b77e90d3593ad699fc1f7c stands alone")
    False
    >>> has_debris("Plans, see https://stone.org/long/a%20b and www.x.com/2F")
    False
    """
    if "://" in line or "www." in line:
        line = _ADDRESS_RE.sub(" ", line)
    if ("%" in line or "2F" in line) and _PERCENT_DEBRIS_RE.search(line):
        return True
    if "." in line and _DOMAIN_DEBRIS_RE.search(line):
        return True
    return len(line) > 12 and _HEX_NEEDLE in line.encode("utf-8", "surrogatepass").translate(_HEX_TABLE)


# Headlines rarely end with a full stop; a lede paragraph does.
_MAX_TWIN_WORDS = 30
# What the comparison ignores: domain tails, percent-encoded paths and their "2F"
# residue, hex hashes and ids, entity names and codes.
_TAIL_URL_RE = re.compile(r"\.(?:com|org|net|co|uk|html?|php|aspx?)(?:[/.%]|\w)*")
_PERCENT_RE = re.compile(r"(?:%[0-9A-Fa-f]{2}\w*)+")
_ENTITY_RE = re.compile(r"&?#?(?:quot|amp|apos|nbsp|lt|gt|\d{2,4});?")
_NON_WORD_RE = re.compile(r"[\W_]+")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_APOSTROPHE_RE = re.compile("(?<=\\w)['\u2019](?=\\w)")


def _is_id(token: str) -> bool:
    """A hash, id or residue token: eight or more hex characters with a digit, or
    four or more digits in a token of eight or more ("doesn39t" is no id)."""
    if len(token) < 8:
        return False
    digits = sum(c.isdigit() for c in token)
    return digits >= 4 or (digits > 0 and all(c in _HEX_DIGITS for c in token))


def normalise(line: str) -> str:
    """The words of ``line``, lower-cased, without URL, hex and entity debris.

    >>> normalise("Ukraine not 39out of.com2F242F252Fe9e46c6697954448ec5f732dd")
    'ukraine not out of'
    >>> normalise("Ukraine not 'out of the question'")
    'ukraine not out of the question'
    >>> normalise("Super ant colony%2F9123db25%2F8cf9369605daee3b983f4bde")
    'super ant colony'
    """
    text = _PERCENT_RE.sub(" ", _TAIL_URL_RE.sub(" ", line))
    text = _APOSTROPHE_RE.sub("", text)  # "doesn't" and "doesn39t" both become "doesnt"
    words = []
    for token in _NON_WORD_RE.split(text):
        if not token or _is_id(token):
            continue
        if any(c.isdigit() for c in token):
            token = _ENTITY_RE.sub("", token).strip("0123456789")
        if token:
            words.append(token.lower())
    return " ".join(words)


@dataclass(frozen=True, kw_only=True)
class MangledTitle(DocumentStage):
    """Drop a first line that is a corrupted copy of a headline standing below it.

    The first line goes when, once URL, hex and entity debris are ignored, it
    matches (or is a prefix of) one of the next ``window`` non-blank lines,
    and it carries URL debris while that line does not. The blank lines after
    it go with it. A first line with no twin is left to the line stages,
    which repair it in place; a clean first title is always kept.

    >>> stage = MangledTitle()
    >>> lines = ["Big news about the 39war39.com2F252Fab12cd34ef56", "", "Big news about the 'war'", "Body."]
    >>> stage.fix_lines(lines)[0]
    ["Big news about the 'war'", 'Body.']
    >>> stage.fix_lines(["A clean title", "", "Body text follows here."])[0]
    ['A clean title', '', 'Body text follows here.']
    """

    name: ClassVar[str] = "mangled_title"
    summary: ClassVar[str] = "Drop a corrupted first-line title whose clean twin stands below."

    window: int = 5  # non-blank lines after the first searched for a twin
    min_similarity: float = 90.0  # rapidfuzz ratio (0-100) after normalisation
    min_words: int = 3  # shorter first lines are never judged

    def precheck(self, text: str) -> bool:
        end = text.find("\n")
        if end <= 0:
            return False
        return has_debris(text[:end])

    def _twin(self, lines: list[str]) -> int | None:
        first = lines[0]
        target = normalise(first)
        if len(target.split()) < self.min_words:
            return None
        if not has_debris(first):
            return None
        seen = 0
        for i in range(1, len(lines)):
            line = lines[i]
            if not line.strip():
                continue
            seen += 1
            if seen > self.window:
                break
            if line.rstrip().endswith(".") or has_debris(line):
                continue
            candidate = normalise(line)
            n_words = len(candidate.split())
            if n_words > _MAX_TWIN_WORDS or len(candidate) < len(target) * 0.8:
                continue
            head = candidate[: len(target)]
            if fuzz.ratio(target, head) >= self.min_similarity or fuzz.ratio(
                target, candidate
            ) >= self.min_similarity:
                return i
        return None

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        if len(lines) < 2 or not lines[0].strip():
            return lines, []
        twin = self._twin(lines)
        if twin is None:
            return lines, []
        end = 1
        while end < twin and not lines[end].strip():
            end += 1
        return lines[end:], [self.edit("twin", 0, lines[:end], None)]


STAGES = (MangledTitle,)
