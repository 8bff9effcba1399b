"""Entity residue: HTML entities that lost their ``&``, ``#`` or ``;``.

A scraper that strips punctuation, or HTML-unescapes text whose ``&`` it already
dropped, leaves the codes of entities glued to words: ``It039s``, ``museum8217s``,
``8220Yes,8221 she said``, ``1997 8211 2001``, ``it#39s``, ``x27``, ``rsquo;``,
``TermsnbspofnbspUse``, ``21degC``. Any code of the HTML5 table can turn up, in any
of these forms; a code is restored only where what it stands for fits the place it
stands in:

- an apostrophe between letters (``It039s``, ``O39Brien``) or, marked by ``#`` or
  ``;``, at a word's edge;
- a quote mark at a word's edge, opening before a word and closing after one; a
  bare number only as one of a pair (``8220Yes,8221``);
- a dash between words, or between two years (``1997 8211 2001``);
- a space character between two non-spaces (``TermsnbspofnbspUse``);
- an ellipsis after a word; a degree sign after a number (``21degC``); a currency
  sign before one;
- a letter inside a word, when the word it makes is a word of some language
  (``caf233`` -> ``café``; ``user233`` stays);
- any other character only with ``#`` and ``;`` both kept (``#8482;``).

Never inside identifiers (``user39``, ``snake_case``, slugs between hyphens or
slashes), hex digests, numbers (``Room 39``, ``1939s``, ``39th``), colour codes
(``#393939;``, ``color: #333;``), URLs, or lines of code. A bare entity name
(neither ``&`` nor ``;`` kept) is restored only for the names no word contains
(``nbsp``, ``rsquo``, ``ldquo``, ``mdash``, ``hellip``; see ``data/entity_names.tsv``)
and ``deg`` after a number; a name with its ``;`` but not its ``&`` (``quot;``,
``rsquo;``) unless the name is itself a common word (``copy;``, ``part;``), which
needs its context (``copy; 2004``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html.entities import html5
from importlib.resources import files
from typing import ClassVar

from textmend.facts import Facts, facts_of
from textmend.lexicon import best_zipf
from textmend.stage import LineStage
from textmend.stages.markup import looks_like_code

__all__ = ["STAGES", "EntityResidue"]

# -- what a code stands for --------------------------------------------------------

_APOSTROPHES = "'\u2019\u02bc"
_OPENING = "\u201c\u2018\u201e\u201a\u00ab\u2039"
_CLOSING = "\u201d\u2019\u00bb\u203a"
_DASHES = "\u2013\u2014\u2015\u2012\u2212"
_SPACES = "\u00a0\u2002\u2003\u2007\u2008\u2009\u200a\u202f\u205f"
_CURRENCIES = "$\u00a2\u00a3\u00a5\u20ac\u20b9\u20bd"


def _kind(char: str) -> str:
    """What ``char`` is, as far as fitting it into text goes."""
    if char in _APOSTROPHES:
        return "apostrophe"  # "'" and "’" are quotes too: see _fit_apostrophe
    if char == '"':
        return "quote"
    if char in _OPENING:
        return "opening"
    if char in _CLOSING:
        return "closing"
    if char in _DASHES:
        return "dash"
    if char in _SPACES:
        return "space"
    if char == "\u2026":
        return "ellipsis"
    if char == "\u00b0":
        return "degree"
    if char in _CURRENCIES:
        return "currency"
    if char == "&":
        return "ampersand"
    cat = unicodedata.category(char)
    if cat[0] == "L":
        return "letter"
    if cat[0] in "CZ":
        return "invisible"
    return "symbol"


def _code_char(number: int) -> str | None:
    """The character a numeric entity stands for, as a browser reads it, or None."""
    if number <= 0x1F or 0x7F <= number <= 0x9F and number not in _CP1252 or number > 0x10FFFF:
        return None
    if number in _CP1252:
        return _CP1252[number]
    if 0xD800 <= number <= 0xDFFF:
        return None
    char = chr(number)
    return None if unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs") else char


# 128-159 are read as Windows-1252 by browsers ("&#146;" is "’").
_CP1252 = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}

# -- the names -----------------------------------------------------------------------

# Names whose "name;" form keeps its ";" only: "&name;" with "&" lost. All HTML5
# names (html.entities.html5, the standard library's copy of the table).
_NAMES = {k[:-1]: v for k, v in html5.items() if k.endswith(";") and len(v) == 1}


@lru_cache(maxsize=1)
def _distinctive() -> frozenset[str]:
    """Entity names no common word contains (``data/entity_names.tsv``)."""
    text = files("textmend").joinpath("data", "entity_names.tsv").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# -- places in a line ----------------------------------------------------------------


def _word_left(line: str, i: int) -> str:
    """The letters just before ``line[i]`` (at most 40)."""
    j = i
    while j > 0 and i - j < 40 and line[j - 1].isalpha():
        j -= 1
    return line[j:i]


def _word_right(line: str, i: int) -> str:
    """The letters from ``line[i]`` on (at most 40)."""
    j = i
    while j < len(line) and j - i < 40 and line[j].isalpha():
        j += 1
    return line[i:j]


def _in_identifier(line: str, start: int, end: int, digits: bool = True, letter: bool = False) -> bool:
    """Whether ``line[start:end]`` sits in an identifier, a slug, a digest, a URL or an
    address: its token holds ``_``, ``/``, ``@``, ``=`` or ``://``; with ``digits``
    (a number's site) also when it stands between hyphens, in a hex digest, or the
    letters around it touch a digit."""
    i = start
    while i > 0 and start - i < 60 and not line[i - 1].isspace():
        i -= 1
    j = end
    while j < len(line) and j - end < 60 and not line[j].isspace():
        j += 1
    token = line[i:j]
    if any(c in token for c in "_/@=") or token.startswith("www."):
        return True
    left = _word_left(line, start)
    right = _word_right(line, end)
    k = start - len(left) - 1
    before = line[k] if k >= 0 else " "
    k = end + len(right)
    after = line[k] if k < len(line) else " "
    i, j = start, end if line[end - 1 : end] != ";" else end - 1
    while i > 0 and start - i < 60 and line[i - 1] in _HEX_DIGITS:
        i -= 1
    while j < len(line) and j - end < 60 and line[j] in _HEX_DIGITS:
        j += 1
    core = line[i:j].lstrip("#")
    if len(core) >= 8 and all(c in _HEX_DIGITS for c in core) and not letter:
        return True  # a hex digest: "deadbeef39d" (a letter's code asks the lexicon: "fa231ade")
    if not digits:
        return False
    if before == "-" and after == "-":
        return True  # a slug: "ignoreidl-don39t-process"
    return bool(left or right) and (before.isdigit() or after.isdigit())


_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _glued_to_letter(line: str, start: int, end: int) -> bool:
    return (start > 0 and line[start - 1].isalpha()) or (end < len(line) and line[end].isalpha())


@dataclass(frozen=True)
class _Site:
    """A place where a residue may stand: ``line[start:end]`` for ``char``."""

    start: int
    end: int
    char: str
    marked: bool  # "#", "\\", "&" or ";" kept: the text says it is an entity
    numeric: bool
    code: str  # the residue as written

    @property
    def strong(self) -> bool:
        """Both marks kept: "#8221;", "&#8221", "&rsquo" (a number's "#" and ";", or "&")."""
        code = self.code
        return code[:1] in "#&\\" and (code.endswith(";") or code[:1] == "&")


class _Place:
    """A site's surroundings: the characters and words before and after it.

    With ``eat_space``, the one space before the site is taken for the ``&`` a
    scraper turned into a space, and what stands before that space is "before".
    """

    def __init__(self, line: str, site: _Site, eat_space: bool = False) -> None:
        start = site.start - 1 if eat_space else site.start
        self.line = line
        self.start = start
        self.end = site.end
        self.before = line[start - 1] if start > 0 else " "
        self.after = line[site.end] if site.end < len(line) else " "

    def opening(self) -> bool:
        """An opening quote's place: a space, bracket or dash before; a letter or digit after."""
        return (self.before.isspace() or self.before in "([{\u2014\u2013-/") and (
            self.after.isalnum() or self.after in "'\u2018")

    def closing(self) -> bool:
        """A closing quote's place: a word or sentence mark before; a space or mark after."""
        return (self.before.isalnum() or self.before in ".,!?;:)\u2026'\u2019") and (
            self.after.isspace() or self.after in ".,;:!?)]}[\u2014\u2013-'\u2019" or self.end == len(self.line))


_YEAR_RE = re.compile(r"(?:1[5-9]|20)[0-9]{2}\Z")
_CONTRACTION_TAILS = frozenset("s t re ve ll d m S T RE VE LL D M".split())
# Letters before an apostrophe that open a name or an elision ("O'Brien", "d'Artagnan",
# "l'homme", "D'Angelo").
_ELISION_HEADS = frozenset("O D L d l j n s c m t qu Qu".split())


def _english() -> tuple[str, ...]:
    return ("en",)


def _fit(line: str, site: _Site, place: _Place, languages: Callable[[], tuple[str, ...]] = _english) -> str | None:
    """What replaces ``site``, or None when its character does not fit there."""
    char, before, after = site.char, place.before, place.after
    kind = _kind(char)
    if site.strong and kind in ("quote", "opening", "closing", "dash", "space", "ellipsis"):
        # "#8221;", "&#x201D" (both marks): the text says it is an entity, wherever it
        # stands ("said,&nbsp;&#8221;There" is the page's own typo).
        return char
    if kind == "apostrophe":
        if before.isalpha() and after.isalpha():
            if site.marked:
                return char
            left, right = _word_left(line, place.start), _word_right(line, site.end)
            if right in _CONTRACTION_TAILS or left in _ELISION_HEADS and right[:1].isupper():
                return char  # "Don39t", "It039s", "O39Brien"
            return None
        if not site.marked:
            return char if _bare_edge(line, site, place, kind, languages) else None
        if (before.isalnum() or before == ".") and _word_right(line, site.end) in _CONTRACTION_TAILS:
            return char  # "Inc.#39;s"
        return char if place.closing() or place.opening() else None
    if kind in ("quote", "opening", "closing"):
        if not site.marked:
            # Bare quote numbers in pairs (see _pairs), or at the edge of a word.
            return char if _bare_edge(line, site, place, kind, languages) else None
        if kind != "closing" and place.opening() or kind != "opening" and place.closing():
            return char
        return None
    if kind == "dash":
        if before.isalpha() and after.isalpha():
            return char  # "word8212word"
        if site.marked:
            return None if before.isdigit() and after.isdigit() else char
        if before == " " == after:
            left = line[: place.start - 1].rsplit(" ", 1)[-1]
            right = line[site.end + 1 :].split(" ", 1)[0].rstrip(".,;:)")
            if _YEAR_RE.match(left) and _YEAR_RE.match(right) and left < right:
                return char  # "1997 8211 2001"
            if site.code in ("8211", "8212") and left[-1:].isalpha() and right[:1].islower():
                return char  # "graphic tees 8212 the kinds" (weak: see _weak)
        return None
    if kind == "space":
        ok = not before.isspace() and not after.isspace()
        return char if ok and (site.marked or not site.numeric) else None
    if kind == "ellipsis":
        if before.isalpha() and (after.isspace() or after in "\"'\u201d\u2019)" or after.isupper()
                                 or site.end == len(line)):
            return char
        return char if site.marked and not before.isdigit() else None
    if kind == "degree":
        return char if before.isdigit() or before == " " and line[place.start - 2 : place.start - 1].isdigit() else None
    if kind == "ampersand":
        # "ATamp;T", "AT amp;T", "Standard  amp; Poor": between two words.
        return char if site.marked and (before.isalnum() or before == " ") else None
    if kind == "letter":
        if ord(char) < 0xC0 or before.isdigit() or after.isdigit():
            return None
        if site.marked and not (before.isalpha() or after.isalpha()):
            return char  # "#233;" standing alone: the marks say it is an entity
        if not (before.isalpha() or after.isalpha()):
            return None
        left = _word_left(line, place.start)
        word = left + char + _word_right(line, site.end)
        # Three letters at least, and a word opening with the code must go on for three
        # more: "223px" is no "ßpx".
        if len(word) < 3 or not left and len(word) < 4:
            return None
        return char if best_zipf(word, languages()) >= 1.0 else None
    if kind in ("currency", "symbol"):
        return char if site.marked and not (before.isdigit() and after.isdigit()) else None
    return None


def _bare_edge(line: str, site: _Site, place: _Place, kind: str, languages: Callable[[], tuple[str, ...]]) -> bool:
    """A bare quote number at a word's edge: opening before a word ("34Basically"),
    closing after one or after a sentence mark ("model.34", "travelers39 boots").

    The word must be a word (Zipf 3 or more in English or the document's language),
    not a unit or ordinal ("39th", "34km"), and the number must stand at the very
    edge: a space or bracket on its other side.
    """
    code = site.code.lstrip("0").rstrip(";")
    if kind != "closing" and code in ("34", "39", "8220", "8216", "8222", "171") and place.opening():
        word = _word_right(line, site.end)
        return ((len(word) >= 2 or word in ("I", "A")) and _NOT_QUOTED_RE.match(line, site.end) is None
                and best_zipf(word, languages()) >= 3.0)
    if kind != "opening" and code in ("34", "39", "8221", "8217", "146", "apos") and place.closing():
        if place.before in ".,!?;:":
            return len(_word_left(line, place.start - 1)) >= 2  # "model.34", "opinion,quot"
        # After a word: a closing quote's own code, or an apostrophe after a plural
        # ("travelers39 boots"); "user39", "Boeing34" are names and numbers.
        word = _word_left(line, place.start)
        if code in ("34",) or code in ("39", "8217", "146", "apos") and not word.endswith("s"):
            return False
        return len(word) >= 3 and word[1:].islower() and best_zipf(word, languages()) >= 3.0
    return False


# -- finding the sites -----------------------------------------------------------------

# Numeric residue: "#N;", "#N", "\N" (a backslash for the "&#": "wasn\8217t"), "N;",
# "&N;", bare "N" (decimal, leading zeros allowed: "It039s"), and hexadecimal with its
# "x" ("#x27;", "x27"). Complete entities ("&#N;", "&#N") are html_entities' business.
# One pattern a form, each opening with the class it needs, so the engine skips to it
# (a pattern opening with a look-behind is tried at every position); the character
# before a match is checked in Python.
_HASH_NUM_RE = re.compile(r"[#\\]0{0,3}([1-9][0-9]{1,6})(;|(?![0-9]))")
_HEX_NUM_RE = re.compile(r"[xX]0{0,3}([1-9A-Fa-f][0-9A-Fa-f]{1,5})(;|(?![0-9A-Fa-f]))")
_AMP_NUM_RE = re.compile(r"&0{0,3}([1-9][0-9]{1,6});")
_BARE_NUM_RE = re.compile(r"[0-9](?<![0-9][0-9])[0-9]{1,6}(?![0-9])(;?)")
_HEX_BEFORE_RE = re.compile(r"[xX][0-9A-Fa-f]{4}\Z")
# Codes a bare number (no "#", no ";") may stand for: apostrophes, quotes, dashes and
# the ellipsis (the typography scrapers encode), the letters of Latin-1 and Latin
# Extended-A ("caf233"), in decimal; in hexadecimal only the apostrophe and quotes.
_BARE_CODES = frozenset(
    [39, 34, 146, 145, 147, 148, 150, 151, 133, 171, 187, 8211, 8212, 8213, 8216, 8217,
     8218, 8220, 8221, 8222, 8230]
) | frozenset(range(0xC0, 0x180))
_BARE_HEX = frozenset([0x27, 0x22, 0x2019, 0x201C, 0x201D])
# "#N" standing alone is taken for an entity in a damaged document: "&", quotes, dashes.
_TYPOGRAPHY_NUMBERS = frozenset([34, 38, 39, 8211, 8212, 8216, 8217, 8220, 8221])
# Typographic characters whose bare hex code ("x2014") is marked by its "x" and length.
_TYPOGRAPHY_HEX = frozenset([0xA0, 0x2013, 0x2014, 0x2015, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026])
# "name;" (its "&" lost; the name may be glued to what stood before it) and "&name"
# (its ";" lost): found from the ";" and the "&".
_SEMI_RE = re.compile(r";(?<=[A-Za-z0-9];)")
_AMP_NAME_RE = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31})(?![;A-Za-z0-9_])|&([A-Za-z][A-Za-z0-9]{1,31})(?=[A-Za-z0-9])")
# Bare names (no "&", no ";"): the distinctive ones the trigger finds, and "deg" after
# a number.
_BARE_RE = re.compile(
    r"nbsp|[lrb][sd]quo|[lr]aquo|[mn]dash|deg(?:(?<=[0-9]deg)|(?<=[0-9] deg))(?![a-z])|apos|quot"
    r"|amp(?:(?<=[A-Z]amp)(?=[A-Z])|(?<= amp)(?= [A-Za-z]))"
)
_BARE_KEYS = ("nbsp", "quo", "dash", "deg", "apos", "amp")
# Bare names that are pieces of words too ("apostle", "quote", "camp"): taken where the
# run of letters holding them is no word (see _bare_name_ok).
_AMBIGUOUS_BARE = frozenset("apos quot amp".split())


def _common(char: str) -> bool:
    """A character pages write as entities: typography, or a letter of the Latin,
    Greek or Cyrillic blocks."""
    return _kind(char) != "symbol" and ord(char) < 0x500 or _kind(char) in (
        "apostrophe", "quote", "opening", "closing", "dash", "space", "ellipsis")


def _hex_code(digits: str, semi: bool) -> tuple[int, str] | None:
    """The code of hex ``digits`` and the digits that are not part of it.

    Without its ";" a hex entity runs into a word that starts with a hex letter:
    "x2014billed" is "x2014" + "billed", "x201CAdrift" is "x201C" + "Adrift". The
    longest reading whose character pages write as entities wins.
    """
    if semi:
        return int(digits, 16), ""
    for k in range(len(digits), 1, -1):
        char = _code_char(int(digits[:k], 16))
        if char is not None and _common(char):
            return int(digits[:k], 16), digits[k:]
    return None


def _numeric_sites(line: str, damaged: bool = False) -> list[_Site]:
    found: list[tuple[int, int, int, bool, bool]] = []  # (start, end, number, marked, hex)
    # Each form is searched only on a line that has the character it needs.
    hash_matches = _HASH_NUM_RE.finditer(line) if "#" in line or "\\" in line else ()
    for m in hash_matches:
        if line[m.start() - 1 : m.start()] in ("&", "#"):
            continue  # "&#39": html_entities' business
        if not m.group(2) and not _glued_to_letter(line, m.start(), m.end()) and not (
                int(m.group(1)) in _TYPOGRAPHY_NUMBERS
                and (damaged or line[m.start() - 1 : m.start()] in (".", ",", "!", "?"))):
            continue  # "issue #39": a number, unless it touches a word ("it#39s") or the
            # document's other residue says its "#" is an entity's ("Truffle Oil #38 Mushrooms")
        found.append((m.start(), m.end(), int(m.group(1)), True, False))
    for m in _HEX_NUM_RE.finditer(line):
        start = m.start()
        before = line[start - 1 : start]
        hashed = before == "#"
        if hashed:
            if line[start - 2 : start - 1] in ("&", "#"):
                continue
            start -= 1
        elif before in ("&", "#") or before.isdigit() and not _HEX_BEFORE_RE.search(line, max(0, start - 5), start):
            continue  # "4x27" is a size; "x2015x2015" two codes
        code = _hex_code(m.group(1), bool(m.group(2)))
        if code is None:
            continue
        number, rest = code
        # "x2014", "x201C": the "x" and four hex digits of a typographic character
        # mark it as well as "#" would.
        marked = hashed or bool(m.group(2)) or number in _TYPOGRAPHY_HEX
        found.append((start, m.end() - len(rest), number, marked, True))
    for m in _AMP_NUM_RE.finditer(line) if "&" in line else ():
        if not line[m.start() - 1 : m.start()].isdigit():
            found.append((m.start(), m.end(), int(m.group(1)), True, False))
    for m in _BARE_NUM_RE.finditer(line):
        start = m.start()
        if line[start - 1 : start] in ("&", "#", "\\"):
            continue
        digits = m.group().rstrip(";")
        number = int(digits)
        if number < 10:
            continue
        # "N;": marked by its ";" when glued to a word ("teachers8217; pension", "S38;P");
        # standing alone a number before a ";" is text ("in 2004; the").
        semi = m.group(1) == ";"
        marked = semi and (_glued_to_letter(line, start, m.end() - 1) or line[start - 1 : start] == ";")
        end = m.end() if semi else m.end()
        found.append((start, end, number, marked, False))
    sites = []
    for start, end, number, marked, hexadecimal in found:
        if not marked and number not in (_BARE_HEX if hexadecimal else _BARE_CODES):
            continue
        char = _code_char(number)
        if char is None or char.isascii() and char.isalnum():
            continue  # no one writes a letter or digit of ASCII as an entity
        sites.append(_Site(start, end, char, marked, True, line[start:end]))
    return sites


def _named_sites(line: str, damaged: bool = False) -> list[_Site]:
    found = []
    for m in _SEMI_RE.finditer(line) if ";" in line else ():
        end = m.end()
        i = end - 1
        while i > 0 and end - 1 - i < 32 and line[i - 1].isalnum():
            i -= 1
        run = line[i : end - 1]
        if i > 0 and line[i - 1] in "&#" and run in _NAMES:
            continue  # "&gt;" is a whole entity (html_entities' business)
        # The longest name that fits: "Donapos;t" is "Don" + "&apos;", not "Do" + "&napos;".
        for k in range(len(run), 1, -1):
            name = run[len(run) - k :]
            if name[0].isalpha() and name in _NAMES:
                site = _Site(end - 1 - k, end, _NAMES[name], True, False, name)
                if _semi_name_ok(line, name, site.start, end, glued_to=run[: len(run) - k]) and (
                        _fit(line, site, _Place(line, site)) is not None
                        or _eats_space(line, site, site.char)
                        and _fit(line, site, _Place(line, site, eat_space=True)) is not None):
                    found.append(site)
                    break
    for m in _AMP_NAME_RE.finditer(line) if "&" in line else ():
        word = m.group(1) or m.group(2)
        glued = m.group(2) is not None
        for k in range(len(word), 1, -1):
            name = word[:k]
            if name in _NAMES:
                after = line[m.start() + 1 + k : m.start() + 2 + k]
                if after != "=" and (not glued or len(name) >= 4 and name in _distinctive()
                                     or name in ("amp", "quot", "lt", "gt", "apos")):
                    found.append(_Site(m.start(), m.start() + 1 + k, _NAMES[name], True, False, name))
                break
    # The bare-name pattern opens with a letter (tried at every position): only on a
    # line that holds one of its keys.
    bare = _BARE_RE.finditer(line) if any(k in line for k in _BARE_KEYS) else ()
    for m in bare:
        name = m.group()
        if line[m.start() - 1 : m.start()] == "&" or line[m.end() : m.end() + 1] == ";":
            continue  # the other finders' forms ("&nbsp", "nbsp;"), or a whole entity
        if name in _NAMES and (name == "deg" or name in _distinctive()):
            # A distinctive name is evidence enough: "marked" as if it kept its marks;
            # a letter's name ("Estaacute") is judged by the word it makes.
            marked = name != "deg" and _kind(_NAMES[name]) != "letter"
            found.append(_Site(m.start(), m.end(), _NAMES[name], marked, False, name))
        elif name in _AMBIGUOUS_BARE and _bare_name_ok(line, m.start(), m.end(), name, damaged):
            found.append(_Site(m.start(), m.end(), _NAMES[name], name != "apos", False, name))
    return found


def _bare_name_ok(line: str, start: int, end: int, name: str, damaged: bool = False) -> bool:
    """Whether a bare "apos" or "quot" is residue: the run of letters holding it is no
    word ("Itaposs", "quotMark"; not "apostle", "quote", "aliquot")."""
    if name == "amp":
        # "ATampT", "RampD"; "Barnes amp Noble", "Privacy amp Security" (two capitalised
        # words), any two words in a document with other residue (see EntityResidue).
        if line[start - 1 : start] != " ":
            return True
        left = _word_left(line, start - 1)
        return left[:1].isupper() and line[end + 1 : end + 2].isupper() or damaged
    right = _word_right(line, end)
    if right[:1].isupper():
        return True  # "quotMark": a capital starts the next word
    run = _word_left(line, start) + name + right
    return run == name or best_zipf(run) < 1.0


# The residue names scrapers leave most: words rarely written before a ";" (wordfreq
# counts "amp" and "quot" high because its web text holds this very residue).
_RESIDUE_NAMES = frozenset("quot amp apos nbsp lt gt".split())


@lru_cache(maxsize=4096)
def _wordlike(name: str) -> bool:
    """Whether an entity name is a word too ("copy", "part", "not", "times", "Gamma"):
    with its ";" but not its "&" ("a copy; the", "the second part; the third") it is
    residue only in its own context."""
    return name.lower() not in _RESIDUE_NAMES and best_zipf(name) >= 2.5


_COPYRIGHT_BEFORE_RE = re.compile(r"(?i:copyright) ?\Z")
_YEAR_AFTER_RE = re.compile(r" ?[12][0-9]{3}\b")


def _semi_name_ok(line: str, name: str, start: int, end: int, glued_to: str) -> bool:
    """Whether ``name;`` at ``line[start:end]`` is an entity that lost its ``&``."""
    if glued_to.isalpha() and glued_to + name != name and best_zipf(glued_to + name) >= 3.0:
        return False  # "apart;" is a word with a semicolon, not "a" + "&part;"
    if not _wordlike(name):
        return True
    if name == "copy":
        return (_COPYRIGHT_BEFORE_RE.search(line, max(0, start - 12), start) is not None
                or _YEAR_AFTER_RE.match(line, end) is not None)
    return bool(glued_to) and not glued_to.isalpha()


def _sites(line: str, damaged: bool = False) -> list[_Site]:
    """Every place of ``line`` where a residue may stand, leftmost first, no overlaps."""
    found = _numeric_sites(line, damaged) + _named_sites(line, damaged)
    if len(found) < 2:
        return found
    # Where two readings overlap, the one with a mark (";", "&", "#") wins over a bare
    # name inside it ("Godzillaquot;" is "Godzilla" + "quot;", not "Godzil" + "laquo"),
    # then the leftmost, then the longest.
    def marked(s: _Site) -> bool:
        return line[s.end - 1] == ";" or line[s.start] in "&#\\"

    out: list[_Site] = []
    for group in ([s for s in found if marked(s)], [s for s in found if not marked(s)]):
        group.sort(key=lambda s: (s.start, s.start - s.end))
        starts = [t.start for t in out]
        for s in group:
            k = bisect.bisect_right(starts, s.start)
            if (k == 0 or out[k - 1].end <= s.start) and (k == len(out) or s.end <= out[k].start):
                out.insert(k, s)
                starts.insert(k, s.start)
    return out


# After an opening "39": not a unit, ordinal or plural ("39th", "39km", "39ers").
_NOT_QUOTED_RE = re.compile(
    r"(?:th|st|nd|rd|s|ers|km|kg|mm|cm|ml|mg|mph|ft|in|am|pm|m|g|k|x|yrs?|yo|mp|gb|mb)\b", re.I)
# Bare numbers that pair up as quotes: opener -> (closer, left, right).
_PAIRED = {"39": ("39", "'", "'"), "34": ("34", '"', '"'), "8220": ("8221", "\u201c", "\u201d"),
           "8216": ("8217", "\u2018", "\u2019"), "8222": ("8220", "\u201e", "\u201c"),
           "171": ("187", "\u00ab", "\u00bb")}


def _pairs(line: str, sites: list[_Site]) -> dict[int, str]:
    """Bare quote numbers that pair up on the line: site start -> quote character."""
    marks = [s for s in sites if s.numeric and not s.marked]
    out: dict[int, str] = {}
    i = 0
    while i < len(marks) - 1:
        a, b = marks[i], marks[i + 1]
        opener, closer = a.code.lstrip("0").rstrip(";"), b.code.lstrip("0").rstrip(";")
        pair = _PAIRED.get(opener)
        if (pair is not None and pair[0] == closer
                and _Place(line, a).opening() and _Place(line, b).closing()
                and 0 < b.start - a.end <= 200
                and not (opener == "39" and _NOT_QUOTED_RE.match(line, a.end))
                and not any(ch.isdigit() for ch in line[a.end : b.start])):
            out[a.start], out[b.start] = pair[1], pair[2]
            i += 2
        else:
            i += 1
    return out


def _eats_space(line: str, site: _Site, char: str) -> bool:
    """Whether the space before a marked ``site`` stood for its lost ``&``.

    AG News' scraper turned "&" into a space: "Karzai #39;s", "CD quot; and", "AT
    amp;T", "Standard  amp; Poor". Taken for the "&" when two spaces stand before the
    site, or when the character then attaches to the word before it: an apostrophe or
    a closing quote after a word, "&" or a non-breaking space between two words.
    """
    if not site.marked or site.start < 2 or line[site.start - 1] != " ":
        return False
    if line[site.start - 2] == " ":
        return True
    place = _Place(line, site, eat_space=True)
    kind = _kind(char)
    if kind == "apostrophe" and (place.before.isalnum() or place.before in ".)") and place.after.isalpha():
        return _word_right(line, site.end) in _CONTRACTION_TAILS  # "Karzai #39;s", "Inc. #39;s"
    if kind in ("closing", "quote", "apostrophe") and (
            place.before.isalnum() or place.before in ".,!?;:") and not place.after.isalnum():
        return True  # "CD quot; and", "phishing, quot; scams"
    return kind in ("ampersand", "space") and place.before.isalnum() and place.after.isalnum()


def _weak(line: str, site: _Site, char: str) -> bool:
    """A bare number standing for a dash between two letters or an ellipsis after a
    word ("word8212word", "then8230"): a user name or a model number looks the same
    ("user8230"), so it is taken only beside other residue on the line or in the
    document."""
    if not site.numeric or site.marked:
        return False
    kind = _kind(char)
    return kind in ("ellipsis", "dash") and not _YEAR_RE.match(line[: site.start - 1].rsplit(" ", 1)[-1])


def _repair(line: str, languages: Callable[[], tuple[str, ...]] = _english, damaged: bool = False) -> tuple[str, str]:
    """``line`` with its residue restored, and the rules that did it.

    A repair can change what stands beside another residue ("nbspO39B": once the
    space is back, "O39B" reads as "O'B"), so the line is repaired until nothing
    more changes: a second run then finds nothing to do. Each round shortens the
    line, so the rounds are few.
    """
    rules: set[str] = set()
    for _ in range(8):
        fixed, rule = _repair_once(line, languages, damaged)
        if fixed == line:
            break
        rules.update(rule.split("+"))
        line = fixed
    return line, "+".join(sorted(rules))


def _repair_once(line: str, languages: Callable[[], tuple[str, ...]], damaged: bool) -> tuple[str, str]:
    sites = _sites(line, damaged)
    if not sites:
        return line, ""
    paired = _pairs(line, sites)
    chosen: list[tuple[_Site, str, str, bool]] = []  # (site, replacement, rule, eats a space)
    done = 0
    for site in sites:
        eat = False
        if site.start in paired:
            new: str | None = paired[site.start]
            rule = "quote"
        else:
            # A bare number beside letters that touch digits is an identifier ("b5a8212d");
            # a marked one or a dash, a degree or a currency sign may stand by a number.
            kind = _kind(site.char)
            glued = site.numeric and not site.marked and kind in (
                "apostrophe", "quote", "opening", "closing", "letter", "dash")
            if _in_identifier(line, site.start, site.end, digits=glued, letter=kind == "letter"):
                continue  # ids, slugs, digests, URLs
            if site.numeric and line[max(0, site.start - 3) : site.start].rstrip()[-1:] in (":", "="):
                continue  # CSS "color: #160;", "x=#39"
            eat = site.start > done and _eats_space(line, site, site.char)
            new = _fit(line, site, _Place(line, site, eat), languages)
            if new is None and eat:
                eat = False
                new = _fit(line, site, _Place(line, site), languages)
            rule = _rule(site, new)
        if new is None:
            continue
        chosen.append((site, new, rule, eat))
        done = site.end
    weak = sum(_weak(line, site, new) for site, new, _, _ in chosen)
    if weak and not (damaged or len(chosen) > weak or weak >= 2):
        chosen = [c for c in chosen if not _weak(line, c[0], c[1])]
    if not chosen:
        return line, ""
    pieces: list[str] = []
    done = 0
    for site, new, _rule_name, eat in chosen:
        pieces.append(line[done : site.start - 1 if eat else site.start])
        pieces.append(new)
        done = site.end
    pieces.append(line[done:])
    return "".join(pieces), "+".join(sorted({c[2] for c in chosen}))


def _rule(site: _Site, new: str | None) -> str:
    if not site.numeric:
        return "named_residue"
    if site.marked:
        return "numeric_residue"
    if new is not None and _kind(new) == "apostrophe":
        return "contraction"
    return "glued_number"


_MD_CODE_SPAN_RE = re.compile(r"`[^`\n]+`")
# Residue no clean text holds: a marked typographic code ("#8217;", "#39;", "&#8217"),
# a contraction's bare code ("Don39t", "it8217s"), a bare hex code ("x2019") glued to
# a word.
_DAMAGE_RE = re.compile(
    r"#(?:39|34|82(?:1[1-9]|2[0-2]|30));|#(?:39|8217)(?:(?<=[a-z]#39)|(?<=[a-z]#8217))(?=[a-z])"
    r"|[0-9](?:(?<=[a-z]39)|(?<=[a-z]039)|(?<=[a-z]8217)|(?<=[a-z]146))(?=(?:s|t|re|ve|ll|d|m)\b)"
    r"|2(?<=[a-z]x2)0(?=1[39cCdD][a-z])")


@dataclass(frozen=True, kw_only=True)
class EntityResidue(LineStage):
    """Restore characters whose HTML entity lost its ``&``, ``#`` or ``;``.

    See :mod:`textmend.stages.residue` for the forms found and where each character
    fits. The space some scrapers left for the ``&`` (``Karzai #39;s``, ``AT amp;T``,
    ``Standard  amp; Poor``) goes with the residue when the character then stands
    where it belongs. Lines of code are left alone, and in a Markdown source the
    residue shown in inline code spans (`` `quot;` ``).

    >>> EntityResidue().fix_line("It039s the museum8217s 8220best8221 show, 1997 8211 2001")
    "It's the museum’s “best” show, 1997 – 2001"
    >>> EntityResidue().fix_line("TermsnbspofnbspUse: 21degC, Karzai #39;s AT amp;T")
    "Terms\\xa0of\\xa0Use: 21°C, Karzai's AT&T"
    >>> EntityResidue().fix_line("Room 39 of the 1939s, user39, #393939; and the copy; the 39th")
    'Room 39 of the 1939s, user39, #393939; and the copy; the 39th'
    """

    name: ClassVar[str] = "entity_residue"
    summary: ClassVar[str] = "Restore entities that lost their & # or ; (Don39t, quot;, x27)."
    # Every site ``_sites`` can find starts at or beside one of these.
    trigger: ClassVar[re.Pattern[str]] = re.compile(
        # "#N", "#xH", "\N"; "N;" and "name;" from their ";"; "&N;" and "&name".
        r"#[0-9xX]|\\[0-9]|;(?<=[A-Za-z0-9];)|&[0-9A-Za-z]"
        # a bare number glued after a letter ("Don39t", "museum8217s", "caf233", "x27").
        r"|[0-9](?<=[A-Za-z][0-9])"
        # a bare number glued before a letter ("8220Yes", "233cole").
        r"|(?<![0-9])0{0,3}(?:39|34|171|8216|8220|8222|19[2-9]|2[0-9][0-9]|3[0-7][0-9]|38[0-3])(?=[A-Za-z])"
        # a bare quote number after a sentence mark ("best,8221"), a dash between years.
        r"|[0-9](?:(?<=[.,!?;:]39)|(?<=[.,!?;:]34)|(?<=[.,!?;:]8221)|(?<=[.,!?;:]8217)|(?<=[.,!?;:]187))"
        r"|8(?<=[0-9] 8)21[123] [0-9]"
        # bare distinctive names, one literal each.
        # ("deg" from the digit before it: that class is searched already.)
        r"|[0-9](?= ?deg)|nbsp|quo|dash(?<=[mn]dash)|pos(?<=apos)"
        r"|amp(?:(?<=[A-Z]amp)(?=[A-Z])|(?<= amp)(?= [A-Za-z]))"
    )

    # Set by ``for_document``: in a Markdown source, inline code spans (`` `quot;` ``)
    # show residue on purpose and are left as they are.
    code_spans: bool = False
    # Set by ``for_document``: the document's facts. Its language (asked only when a
    # letter's code needs it: language detection costs more than the rest of a
    # clean line) says, with English, whether the code makes a word ("caf233": café).
    facts: Facts | None = field(default=None, compare=False, repr=False)

    # Set by ``for_document``: the document shows residue no clean text has
    # (``#8217;``, ``Don39t``, ``x2019``...): its bare numbers and lone ``#N`` between
    # words are taken for entities too ("tees 8212 the", "Oil #38 Mushrooms").
    damaged: bool = False

    def for_document(self, text: str) -> EntityResidue:
        facts = facts_of(text)
        code_spans = "`" in text and facts.markdown_source
        damaged = _DAMAGE_RE.search(text) is not None
        return replace(self, code_spans=code_spans, facts=facts, damaged=damaged)

    def _languages(self) -> tuple[str, ...]:
        language = None if self.facts is None else self.facts.language
        return ("en",) if language in (None, "en") else ("en", language)

    def explain_line(self, line: str) -> tuple[str, str]:
        if looks_like_code(line):
            return line, ""
        if self.code_spans and "`" in line:
            parts = _MD_CODE_SPAN_RE.split(line)
            if len(parts) > 1:
                codes = _MD_CODE_SPAN_RE.findall(line)
                fixed = [_repair(part, self._languages, self.damaged) for part in parts]
                rules = sorted({r for _, rule in fixed for r in rule.split("+") if r})
                out = [fixed[0][0]]
                for code, (part, _) in zip(codes, fixed[1:]):
                    out.append(code + part)
                return "".join(out), "+".join(rules)
        return _repair(line, self._languages, self.damaged)

    def fix_line(self, line: str) -> str:
        return self.explain_line(line)[0]


STAGES = (EntityResidue,)
