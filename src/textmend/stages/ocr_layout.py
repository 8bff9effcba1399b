"""OCR line layout: words hyphenated across line breaks, hard-wrapped paragraphs.

Both are document stages. ``ocr_hyphenation`` runs first: it needs to see the
line breaks that ``unwrap`` removes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Literal

import regex

from textmend.facts import facts_of
from textmend.lexicon import lexicon as _lexicon
from textmend.lexicon import require_lexicon
from textmend.stage import DocumentStage, Edit
from textmend.stages.ocr_words import (
    CHAPTER_LABEL,
    SPECK_SIGNS,
)

__all__ = ["STAGES", "OcrHyphenation", "Unwrap"]

_HYPHENS = "-\u00ad\u2010"  # hyphen-minus, soft hyphen, hyphen
# A letter, a hyphen at the end of a line, a letter starting the next: the only
# shape ocr_hyphenation changes (past a blank line or a speck too: see ``_beyond``).
_HYPHEN_BREAK_RE = regex.compile(
    r"\p{L}[%s][ \t]*\n(?:[ \t]*\n)?[ \t]*(?:[\"'\u201c\u2018.:;~][ \t]?)?\p{L}" % _HYPHENS
)
# The word fragment before the hyphen: letters not preceded by a letter or digit.
_LEFT_RE = regex.compile(r"(?<![\p{L}\p{N}])(\p{L}+)[%s][ \t]*\Z" % _HYPHENS)
# The fragment after the break: letters, then what sticks to them up to a space.
_RIGHT_RE = regex.compile(r"[ \t]*(\p{L}+)(\S*)[ \t]*")
# The same past a speck OCR put before the letters: "\u201cure", ". thing" (group 1 the
# speck, group 2 the lower-case letters, group 3 what sticks to them).
_RIGHT_SPECK_RE = regex.compile(r"[ \t]*([\"'\u201c\u2018.:;~][ \t]?)?(\p{Ll}+)(\S*)[ \t]*")
_HYPHEN_END_RE = regex.compile(r"\p{L}[%s]\Z" % _HYPHENS)
# "pre- and post-war": a suspended hyphen before a conjunction is not a break.
_SUSPENDED = frozenset({"and", "or", "nor", "to", "und", "oder", "et", "ou", "y", "e"})


_INLINE_WORD_RE = regex.compile(r"(?<![\p{L}\-\u00ad\u2010])\p{L}+(?:-\p{L}+)*(?![\p{L}\-\u00ad\u2010])")


@dataclass(frozen=True)
class _Spellings:
    """Words and hyphenated compounds a document prints inside its lines (lower-cased)."""

    words: frozenset[str]
    compounds: frozenset[str]

    @classmethod
    def of(cls, lines: list[str]) -> _Spellings:
        words: set[str] = set()
        compounds: set[str] = set()
        for i, line in enumerate(lines):
            # The first token of a line may be the tail of a broken word: skip it.
            for m in _INLINE_WORD_RE.finditer(line):
                if m.start() == len(line) - len(line.lstrip()) and i > 0:
                    continue
                token = m.group().lower()
                (compounds if "-" in token else words).add(token)
        return cls(frozenset(words), frozenset(compounds))


@dataclass(frozen=True, kw_only=True)
class OcrHyphenation(DocumentStage):
    """Rejoin words hyphenated across a line break: ``infor-⏎mation`` -> ``information``.

    When the hyphen was the typesetter's, the rest of the word moves up to the first
    line (a line left empty goes). The document's own spelling decides first: a word
    it also prints whole elsewhere joins, a compound it prints with a hyphen
    elsewhere (``to-morrow``) keeps it. Otherwise the hyphen goes when the joined
    word is a word (Zipf at least ``min_zipf``). Left alone, for ``unwrap`` to join
    with the hyphen kept: compounds of two words (``well-⏎known``), a capital after
    the hyphen (``Jean-⏎Pierre``) and, with ``unknown="keep"``, joined words not in
    the lexicon. A suspended hyphen (``pre-⏎and post-war``) is left alone.

    >>> OcrHyphenation().fix_lines(["the infor-", "mation, and a well-", "known man"])[0]
    ['the information,', 'and a well-', 'known man']
    >>> OcrHyphenation().fix_lines(["pre-", "and post-war; Jean-", "Pierre - and"])[0]
    ['pre-', 'and post-war; Jean-', 'Pierre - and']
    """

    name: ClassVar[str] = "ocr_hyphenation"
    summary: ClassVar[str] = "Rejoin words hyphenated across line breaks (infor-⏎mation)."

    language: str = "en"
    min_zipf: float = 3.0  # a joined word at least this frequent loses its hyphen
    word_zipf: float = 3.0  # a half at least this frequent is a word
    unknown: Literal["keep", "join"] = "keep"  # the hyphen of a joined non-word

    def __post_init__(self) -> None:
        require_lexicon()

    def precheck(self, text: str) -> bool:
        return _HYPHEN_BREAK_RE.search(text) is not None

    def _joined(self, left: str, right: str, seen: _Spellings) -> str | None:
        """``left + right`` with or without the hyphen, or ``None`` to leave them."""
        lex = _lexicon(self.language)
        low = (left + right).lower()
        hyphenated = (left + "-" + right).lower()
        if hyphenated in seen.compounds and low not in seen.words:
            return None
        if low in seen.words and hyphenated not in seen.compounds:
            return left + right
        zj = lex.get(low, 0.0)
        zl, zr = lex.get(left.lower(), 0.0), lex.get(right.lower(), 0.0)
        if right.lower() in _SUSPENDED and zj < self.min_zipf:
            return None
        if right[0].isupper() and not left.isupper():
            return None  # Jean-⏎Pierre: unwrap keeps the hyphen
        both_words = zl >= self.word_zipf and zr >= self.word_zipf
        if zj >= self.min_zipf:
            return left + right
        if both_words or self.unknown == "keep" and zj == 0.0:
            return None  # well-⏎known: unwrap joins the lines, hyphen kept
        return left + right

    def _beyond(self, lines: list[str], i: int, left: str) -> tuple[int, int, str | None, str]:
        """The rest of a word past what a poor scan put after the break.

        A blank line (tesseract split the paragraph: ``morn-⏎⏎ing``) or a speck
        before the letters (``leis-⏎“ure``, ``some-⏎. thing``): the rest joins only
        in lower case and when the joined word is a word (Zipf ``min_zipf``).
        """
        nxt = i + 1
        if not lines[nxt].strip():
            nxt += 1
            if nxt >= len(lines):
                return i + 1, 0, None, ""
        right = _RIGHT_SPECK_RE.match(lines[nxt])
        if right is None or (nxt == i + 1 and not right.group(1)):
            return i + 1, 0, None, ""
        joined = left + right.group(2)
        if _lexicon(self.language).get(joined.lower(), 0.0) < self.min_zipf:
            return i + 1, 0, None, ""
        return nxt, right.end(), joined, right.group(3)

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        out: list[str] = []
        edits: list[Edit] = []
        seen = _Spellings.of(lines)
        i, n = 0, len(lines)
        while i < n:
            # A chain: each line may take the rest of a word from the next one, which
            # may itself end in a hyphenated word.
            start, cur, rules = i, lines[i], []
            new: list[str] = []
            while i + 1 < n:
                left = _LEFT_RE.search(cur)
                right = _RIGHT_RE.match(lines[i + 1])
                word = None if left is None or right is None else self._joined(
                    left.group(1), right.group(1), seen)
                nxt = i + 1
                stick, end = (right.group(2), right.end()) if right is not None else ("", 0)
                if word is None and left is not None:
                    nxt, end, word, stick = self._beyond(lines, i, left.group(1))
                if word is None:
                    break
                assert left is not None
                new.append(cur[: left.start()] + word + stick)
                rules.append("joined")
                cur = lines[nxt][end:]
                i = nxt
                if not cur.strip():
                    break
            if not rules:
                out.append(cur)
                i += 1
                continue
            if cur.strip():
                new.append(cur)
            out.extend(new)
            edits.append(self.edit("joined", start, lines[start : i + 1], new))
            i += 1
        if not edits:
            return lines, []
        return out, edits


# ---------------------------------------------------------------------------------------
# Unwrap
# ---------------------------------------------------------------------------------------

# A soft break: a line ending inside a sentence (letter, digit, comma, semicolon,
# hyphen or dash) and the next line starting in lower case. A block is unwrapped only
# when it holds one; the precheck looks for the same thing in the whole text.
# A line may open with a speck OCR read as a token ("_ time afterwards"), or end with
# one ("as she :"): ocr_confusions removes them later, and a second run must see the
# same break.
_SPECK = "[" + SPECK_SIGNS + "]{1,2}"
_SPECK_OPENING = "(?:" + _SPECK + " )?"
_SPECK_ENDING = r"(?:[ \t]+" + _SPECK + ")?"
_SPECK_WORD_RE = re.compile(_SPECK + r"\Z")
_SOFT_BREAK_RE = regex.compile(
    r"[\p{L}\p{N},;\-\u2014]" + _SPECK_ENDING + r"[ \t]*\n" + _SPECK_OPENING
    + r"[\"'\u201c\u2018(]?\p{Ll}")
_PARA_END_RE = re.compile(r"[.!?:][\"'\u201d\u2019)\]]*[ \t]*\Z")
_LOWER_RE = regex.compile(_SPECK_OPENING + r"[\"'\u201c\u2018(]?\p{Ll}")
_UPPER_RE = regex.compile(r"[\"'\u201c\u2018(]?\p{Lu}")
# A chapter label alone on a line, maybe behind specks ("_. CHAPTER IX"): a heading,
# never part of a paragraph, however full the line before it.
_CHAPTER_LABEL_RE = re.compile(r"[^\sA-Za-z0-9]{0,3}[ \t]*" + CHAPTER_LABEL + r"[ \t]*\Z")
# A line that starts a list item: bullets, "1." "2)" "(a)".
_LIST_RE = re.compile(r"[ \t]*(?:[-*+\u2022\u00b7\u25aa\u2013]|\d{1,3}[.)]|\(?[a-zA-Z0-9]{1,3}\))[ \t]")
# Tables and code: tabs, column gaps, two pipes, braces and operators (one "|" is
# often OCR's "I").
_TABLE_CODE_RE = re.compile(r"\t|\S {3,}\S|\|.*\||[{}]\s*\Z|==|=>|->|^\s*(?:def|class|import|return)\b")


@dataclass(frozen=True, kw_only=True)
class Unwrap(DocumentStage):
    """Join hard-wrapped lines back into paragraphs; keep paragraph breaks.

    A block (lines between blank lines) is unwrapped only when it shows a soft
    break: a line ending inside a sentence followed by one starting in lower case.
    In such a block a line joins the next when it is full (at least ``full`` of the
    document's line width) or when it breaks mid-sentence and the next line goes on
    in lower case; a shorter line ending a sentence ends a paragraph. Left alone:
    text with one paragraph per line, list items, headings and other short lines,
    verse (blocks whose lines start with capitals join only lower-case
    turnovers), tables, indented blocks, and documents that are not OCR output:
    source code, Markdown or HTML, typed text with two spaces between words, and
    text a program filled to a fixed width (:func:`~textmend.facts.program_wrapped`:
    licences, release notes, e-texts). A line ending in a dash, or in a hyphen after a
    letter (``well-⏎known``, ``Jean-⏎Pierre``; not ``pre-⏎and``), joins without a space.

    >>> Unwrap().fix_lines(["It was the best of times, it was the worst of", "times; it was",
    ...                     "", "A short line.", "Another."])[0]
    ['It was the best of times, it was the worst of times; it was', '', 'A short line.', 'Another.']
    >>> Unwrap().fix_lines(["One paragraph per line.", "Another one, with more words."])[0]
    ['One paragraph per line.', 'Another one, with more words.']
    """

    name: ClassVar[str] = "unwrap"
    summary: ClassVar[str] = "Join hard-wrapped lines back into paragraphs."

    full: float = 0.75  # a line this share of the text width long is a wrapped line
    min_width: int = 30  # narrower text is left as it is (columns of verse, lists)

    def precheck(self, text: str) -> bool:
        return _SOFT_BREAK_RE.search(text) is not None

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        facts = facts_of(lines)
        if not facts.ocr_possible or facts.program_wrapped:
            return lines, []
        # The text width: lines already joined (past 120 characters) do not count, so
        # a second run sees the same width and changes nothing.
        lengths = sorted(len(s) for s in (ln.strip() for ln in lines) if 20 <= len(s) <= 120)
        if not lengths:
            return lines, []
        width = lengths[(len(lengths) * 3) // 4]
        if width < self.min_width:
            return lines, []
        out: list[str] = []
        edits: list[Edit] = []
        i = 0
        n = len(lines)
        while i < n:
            if not lines[i].strip():
                out.append(lines[i])
                i += 1
                continue
            j = i
            while j < n and lines[j].strip():
                j += 1
            self._block(lines, i, j, width, out, edits)
            i = j
        if not edits:
            return lines, []
        return out, edits

    def _block(
        self, lines: list[str], i: int, j: int, width: int, out: list[str], edits: list[Edit]
    ) -> None:
        block = lines[i:j]
        if (
            len(block) < 2
            or not _SOFT_BREAK_RE.search("\n".join(block))
            or any(_TABLE_CODE_RE.search(ln) for ln in block)
            or any(ln[:1] in " \t" for ln in block)
        ):
            out.extend(block)
            return
        starts_upper = sum(1 for ln in block[1:] if _UPPER_RE.match(ln))
        verse = starts_upper * 5 >= (len(block) - 1) * 3
        group = [block[0]]
        start = i
        for k in range(1, len(block)):
            a, b = group[-1], block[k]
            if self._joins(a, b, width, verse):
                group.append(b)
                continue
            self._flush(group, start, out, edits)
            group = [b]
            start = i + k
        self._flush(group, start, out, edits)

    def _joins(self, a: str, b: str, width: int, verse: bool) -> bool:
        if _LIST_RE.match(b) or _CHAPTER_LABEL_RE.match(b) or _CHAPTER_LABEL_RE.match(a):
            return False
        a = a.rstrip()
        last = a.rsplit(None, 1)
        if len(last) == 2 and _SPECK_WORD_RE.match(last[1]):
            a = last[0]  # "as she :" goes on as "as she"
        ends_para = _PARA_END_RE.search(a) is not None
        lower = _LOWER_RE.match(b) is not None
        if verse:
            return lower and not ends_para
        if self.full * width <= len(a) <= 1.3 * width:
            return True
        return lower and not ends_para

    def _flush(self, group: list[str], start: int, out: list[str], edits: list[Edit]) -> None:
        if len(group) == 1:
            out.append(group[0])
            return
        joined = group[0].rstrip()
        for line in group[1:]:
            line = line.strip()
            if joined.endswith("\u2014") or _HYPHEN_END_RE.search(joined) and not (
                line.split(" ", 1)[0].lower() in _SUSPENDED
            ):
                joined += line
            else:
                joined += " " + line
        out.append(joined)
        edits.append(self.edit("wrap", start, group, [joined]))


STAGES = (OcrHyphenation, Unwrap)
