"""Truncated trailing lines: a last line cut mid-sentence or a call to action without its link.

The seed document ends with ``Follow AP's coverage of the war at``: the link
that ended the sentence was stripped by the scraper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from textmend.facts import Facts, facts_of
from textmend.lexicon import common
from textmend.stage import DocumentStage, Edit

__all__ = ["STAGES", "TruncatedTail"]

# Sentence endings in any script: full stop, ?, !, ellipsis, closing quotes and
# brackets, CJK and Devanagari marks, Arabic and Ethiopic marks. C4-style rules
# that drop paragraphs ending in a closing curly quote are wrong: it ends them.
_ENDINGS = (
    ".!?;:)]}>\"'*_~`|"  # ASCII (":" counts: a list or quote follows in the original)
    "\u2026\u2019\u201d\u00bb\u203a\u300d\u300f\u3011\u3009\u300b\uff09\uff3d"  # … ’ ” » › 」 』 】 〉 》 （）
    "\u3002\uff01\uff1f\uff0e\uff61"  # 。！？．｡
    "\u0964\u0965"  # । ॥
    "\u061f\u06d4\u060c"  # ؟ ۔ ،
    "\u1362\u1367"  # ። ፧
    "\u037e"  # Greek question mark
)
# Words that cannot end an English sentence: prepositions, articles, conjunctions,
# determiners. The tail stage is English-only; other languages are left alone.
_FUNCTION_WORDS = frozenset(
    """a an the and or but nor of at to in on for with by from into onto upon via
    about as than that which whose whom who if because while although though
    our your their its his her my this these those at:""".split()
)
# Prepositions whose object a cut takes with it: a link or a name ("…coverage of the
# war at", "Report typos and corrections to"). Not articles or conjunctions: a page or
# chunk of clean text ends on "the" or "and" as often as on anything.
_LINK_PREPOSITIONS = frozenset("at on via from to by with in of for about".split())
# A sentence that ends inside a line: ". " then a capital.
_SENTENCE_INSIDE_RE = re.compile(r"[.!?][\"'\u201d\u2019)]* +[\"'\u201c\u2018(]*[A-Z]")
# Calls to action that a stripped link leaves dangling.
_CTA_RE = re.compile(
    r"^(?:follow|read|click|tap|sign up|subscribe|download|watch|listen|see|visit|"
    r"find|get|check out|share|like us|join|more|related|learn more|contact)\b",
    re.IGNORECASE,
)
_CTA_DANGLING_RE = re.compile(r"(?:\b(?:here|at|on|via|below|link)|:|\u2192|>>)\s*$", re.I)
# A clause that ends on the verb whose object was the link: "For more information,
# visit", "To read the full report, click". Started by "for"/"to" or set off by a
# comma, so "the places we visit" is not one. Word lists, not a pattern with
# ".*": the check stays linear on a line of any length.
_CTA_VERBS = frozenset("visit see click tap follow read watch download contact call email".split())
_CTA_VERB_PAIRS = frozenset({("listen", "to"), ("subscribe", "to"), ("go", "to"), ("check", "out")})


def _ends_on_cta_verb(words: list[str]) -> bool:
    lower = [w.lower() for w in words[-2:]]
    if tuple(lower) in _CTA_VERB_PAIRS:
        n = 2
    elif lower[-1] in _CTA_VERBS:
        n = 1
    else:
        return False
    before = words[:-n]
    if before and before[-1].lower() == "please":
        before = before[:-1]
    return bool(before) and (before[-1].endswith(",") or before[0].lower() in ("for", "to"))


# List items, signatures and headings are legitimate unpunctuated last lines.
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*\u2022\u2013\u2014+>]|\d{1,3}[.)]|[a-z][.)]|#)\s")
_LAST_WORD_RE = re.compile(r"([^\W\d_]+)\W*$")


def _last_content(lines: list[str]) -> int | None:
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip():
            return i
    return None


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip()
    return bool(stripped) and stripped[-1] in _ENDINGS


def _english(line: str) -> bool:
    """Whether a line's words are English (for a document whose language is not known)."""
    words = _WORD_RE.findall(line.lower())
    if len(words) < 2:
        return False
    english = common("en")
    return sum(w in english for w in words) * 10 >= len(words) * 7


_WORD_RE = re.compile(r"[a-z']+")


@dataclass(frozen=True, kw_only=True)
class TruncatedTail(DocumentStage):
    """Remove a last line that lost its link or was cut off after a finished paragraph.

    Removed, in English text only (the word lists are English; a document in another
    language, or a line of other words in a document of unknown language, is left
    alone), and only as a paragraph of its own after a paragraph that ends a
    sentence: a call to action left dangling (``Follow AP's coverage of the war at``,
    ``Read more here:``, ``For more information, visit``), and a cut fragment of 3 to
    12 words, one unfinished sentence, that stops on a preposition whose object went
    with the cut (``Report typos and corrections to``), in text of one paragraph a
    line.

    Kept: a real last sentence (``.``, ``”``, ``…``, ``。`` and other marks), a
    signature or credit line, a list item, a heading, a one-line document, and the
    last line of a paragraph of several lines: text hard-wrapped, paged or chunked
    ends mid-sentence where the page or chunk ended (``…I will open your``), and it
    is still text.

    >>> TruncatedTail().fix_lines(["Body text.", "", "Follow AP's coverage of the war at", ""])[0]
    ['Body text.', '', '']
    >>> TruncatedTail().fix_lines(["Body text.", "", "— Jane Doe, Reuters"])[0]
    ['Body text.', '', '— Jane Doe, Reuters']
    >>> TruncatedTail().fix_lines(["It was late, and the", "door was shut; I will open your"])[0]
    ['It was late, and the', 'door was shut; I will open your']
    """

    name: ClassVar[str] = "truncated_tail"
    summary: ClassVar[str] = "Remove a truncated last line or a call to action whose link was stripped."

    max_words: int = 60  # longer last lines are never removed

    def precheck(self, text: str) -> bool:
        body = text.rstrip()
        if not body or (body[-1] in _ENDINGS and body[-1] != ":"):
            return False
        return "\n" in body

    def _truncated(self, lines: list[str], last: int, facts: Facts) -> str | None:
        """The rule that makes ``lines[last]`` a truncated tail, or ``None``."""
        line = lines[last]
        stripped = line.strip()
        words = stripped.split()
        if len(words) < 2 or len(words) > self.max_words or _LIST_ITEM_RE.match(line):
            return None
        rule = self._rule(lines, last, stripped, words, facts)
        if rule is None or facts.markdown_source or facts.code:
            return None  # a Markdown file or source code is nobody's scraped page
        # English: the line's own words (seven in ten are common English words), or a
        # document detected as English (asked last: detecting the language costs more
        # than every other check here).
        return rule if _english(stripped) or facts.language == "en" else None

    def _rule(self, lines: list[str], last: int, stripped: str, words: list[str], facts: Facts) -> str | None:
        """The rule a last line of English would be removed by, or ``None``."""
        # Only a line that starts a paragraph (a blank line before it, or a finished
        # line): the last line of a paragraph that runs on from the line above is text
        # cut by a page or chunk. A cut fragment needs a finished paragraph before it.
        prev = last - 1
        blank = prev >= 0 and not lines[prev].strip()
        while prev >= 0 and not lines[prev].strip():
            prev -= 1
        finished = prev >= 0 and _ends_sentence(lines[prev])
        if not (blank or finished):
            return None
        last_word = _LAST_WORD_RE.search(stripped)
        ends_on_word = last_word is not None and last_word.end(1) == len(stripped)
        last_lower = last_word.group(1).lower() if ends_on_word and last_word is not None else ""
        if _CTA_RE.match(stripped) and (last_lower in _FUNCTION_WORDS or _CTA_DANGLING_RE.search(stripped)):
            return "call_to_action"
        if len(words) >= 3 and _ends_on_cta_verb(words):
            return "call_to_action"
        if not finished:
            return None
        # A cut fragment: a short paragraph of its own, one unfinished sentence, that
        # stops on a preposition whose object (a link, a name) went with the cut, in
        # text of one paragraph a line. Text hard-wrapped, paged or chunked ends
        # mid-sentence by nature: it stays.
        if last_lower not in _LINK_PREPOSITIONS or not 3 <= len(words) <= 12:
            return None
        if _SENTENCE_INSIDE_RE.search(stripped):
            return None  # "Make it yours. Choose from": a paragraph cut in its second sentence
        if facts.hard_wrapped:
            return None
        return "cut_fragment" if blank or _lines_are_paragraphs(lines, last) else None

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        edits: list[Edit] = []
        first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
        facts = facts_of(lines)
        # Repeat, so that the stage is idempotent: the line above a removed tail may
        # be a tail too ("Read more at" under a call to action). The first content
        # line is never judged.
        while (last := _last_content(lines)) is not None and last != first:
            rule = self._truncated(lines, last, facts)
            if rule is None:
                break
            start = last
            if last == len(lines) - 1:
                # No newline after the tail: take the blank lines before it too, so
                # the text still ends without one.
                while start > 0 and not lines[start - 1].strip():
                    start -= 1
            edits.append(self.edit(rule, start, lines[start : last + 1], None))
            lines = lines[:start] + lines[last + 1 :]
        return lines, edits


def _lines_are_paragraphs(lines: list[str], last: int) -> bool:
    """Whether every paragraph is one line (no blank lines between them): the lines
    before ``last`` end sentences (nine in ten, or all but one of a few)."""
    content = [ln for ln in lines[:last] if ln.strip()]
    if len(content) < 2:
        return False
    ended = sum(_ends_sentence(ln) for ln in content[-50:])
    return ended * 10 >= len(content[-50:]) * 9


STAGES = (TruncatedTail,)
