"""OCR page layout: noise lines, running headers and page numbers, hyphenation, unwrapping.

These are document stages: each needs several lines at once. They expect the
conventions of OCR engines' plain-text output (tesseract's among them): one
printed line per line, a blank line between blocks, a form feed ``\\f`` at the
end of each page. The word-level OCR stages live in :mod:`textmend.stages.ocr_words`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

import regex

from textmend.stage import DocumentStage, Edit
from textmend.facts import facts_of
from textmend.lexicon import lexicon as _lexicon
from textmend.lexicon import require_lexicon
from textmend.stages.ocr_words import CHAPTER_LABEL

__all__ = ["STAGES", "OcrHyphenation", "OcrNoiseLines", "RunningHeaders", "Unwrap"]

# ---------------------------------------------------------------------------------------
# Noise lines
# ---------------------------------------------------------------------------------------

# Characters OCR reads from specks, dust and rules: a line of nothing else is noise.
_SPECKS = ".,'`~:;\"\u2018\u2019\u201c\u201d^\u00b0|!\u00b7-"
_NOISE_LINE_RE = re.compile(r"^[%s](?: ?[%s]){0,11} *$" % ((re.escape(_SPECKS),) * 2), re.M)
# Lines made of specks that are not noise: rules (---, ___), ellipses, dinkuses.
_NOT_NOISE_RE = re.compile(r"[ \t]*(?:[-_]{3,}|[. ]+|\u2026|\"\"\"|\'\'\'|```)[ \t]*\Z")


@dataclass(frozen=True, kw_only=True)
class OcrNoiseLines(DocumentStage):
    """Remove lines OCR made from specks: ``.,'~ :;`` and the like, nothing else.

    Left alone: horizontal rules (``---``, ``___``), ellipses (``...``), lines
    with any letter, digit or other sign, lines longer than 12 specks, indented
    lines and documents that are not OCR output (source code, where ``;`` or
    ``\"\"\"`` alone on a line is code; Markdown; typed text).

    >>> OcrNoiseLines().fix_lines(["It was late.", "' ., ~", "", "Next."])[0]
    ['It was late.', '', 'Next.']
    >>> OcrNoiseLines().fix_lines(["Part one", "---", "...", "Part two"])[0]
    ['Part one', '---', '...', 'Part two']
    """

    name: ClassVar[str] = "ocr_noise"
    summary: ClassVar[str] = "Remove lines made only of OCR specks (.,'~:;)."

    def precheck(self, text: str) -> bool:
        return _NOISE_LINE_RE.search(text) is not None

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        if not facts_of(lines).ocr_possible:
            return lines, []
        out: list[str] = []
        edits: list[Edit] = []
        for i, line in enumerate(lines):
            if _NOISE_LINE_RE.match(line) and not _NOT_NOISE_RE.match(line):
                edits.append(self.edit("specks", i, [line], None))
            else:
                out.append(line)
        return out, edits


# ---------------------------------------------------------------------------------------
# Running headers, footers and page numbers
# ---------------------------------------------------------------------------------------

# A page number alone: "12", "- 12 -", "— 12 —", "[12]", "(12)", "Page 12".
_FOLIO = r"(?:[-\u2013\u2014][ \t]*)?\d{1,4}(?:[ \t]*[-\u2013\u2014])?|[\[(]\d{1,4}[\])]|(?:Page|PAGE|page|p\.)[ \t]*\d{1,4}"
# Alone on a line, a page number's dashes may come out of a scan as "=", "~", "+":
# "+ 296 ~", "= 298 -".
_FOLIO_RE = re.compile(r"[ \t]*(?:%s|[-\u2013\u2014=~+*_]{1,2}[ \t]*\d{1,4}[ \t]*[-\u2013\u2014=~+*_]{1,2})[ \t]*\Z" % _FOLIO)
_FOLIO_LINE_RE = re.compile(
    r"^[ \t\f]*(?:%s|[-\u2013\u2014=~+*_]{1,2}[ \t]*\d{1,4}[ \t]*[-\u2013\u2014=~+*_]{1,2})[ \t\f]*$" % _FOLIO, re.M)
# A header line carrying its page number: "12 PRIDE AND PREJUDICE", "Walden 47",
# "Chapter 7 - 89 -", "[271] CHAPTER 6". Beside a title, a page number's dashes may
# come out of a scan as other specks: "+ 296 ~ Ambrose Bierce", "Persuasion 213 =".
_DECOR = "-\u2013\u2014=~+_.,:*'\u2018\u2019"
_HEADER_FOLIO = r"[%s]{0,2}[ \t]*\d{1,4}(?:[ \t]*[%s]{1,2})?|[\[(]\d{1,4}[\])]|(?:Page|PAGE|page|p\.)[ \t]*\d{1,4}" % (
    (re.escape(_DECOR),) * 2)
# A title: words without digits, or a chapter label and its number ("Chapter 7").
_HEADER_TITLE = (r"[^\W\d][^\d]{2,60}?"
                 r"|(?i:chapter|book|part|letter|section|canto)[ \t]+(?:\d{1,3}|[IVXLCivxlc]{1,6})\.?")
_HEADER_NUMBER_RE = re.compile(
    r"[ \t]*(?:(?P<a>%s)[ \t]+[\u2018'\"]?(?P<t1>%s)|[\u2018'\"]?(?P<t2>%s)[ \t]+(?P<b>%s))[ \t]*\Z"
    % (_HEADER_FOLIO, _HEADER_TITLE, _HEADER_TITLE, _HEADER_FOLIO)
)
_DIGITS_RE = re.compile(r"\d+")
_DOMAIN_RE = re.compile(r"(?:www\.|https?://)\S+|\b[\w-]+\.(?:com|org|net|edu|gov)\b")


# A line that ends a paragraph: a sentence end, maybe inside quotes or brackets.
_PARA_END_RE = re.compile(r"[.!?:\u2014][\"'\u201d\u2019)\]]*\Z")
_LOWER_START_RE = regex.compile(r"[\"'\u201c\u2018(]?\p{Ll}")


_CODE_CHARS_RE = re.compile(r"[#{}()\[\]=<>/*_|@$%^~`\\]")


def _key(line: str) -> str:
    """A line's identity as a running header: letters only, case and numbers ignored.

    A chapter label keeps its number: ``Chapter 13`` and ``Chapter 14`` are two
    headings, not two copies of one running header.
    """
    if _CHAPTER_RE.match(line.strip(_SPECKS + " \t")):
        return "".join(c for c in line.lower() if c.isalnum())
    return "".join(c for c in line.lower() if c.isalpha())


def _titleish(text: str) -> bool:
    """Capitals or Title Case, no sentence punctuation: how running headers are set."""
    words = [w for w in text.split() if w[:1].isalpha()]
    # A chapter's title may ask or exclaim ("WHO STOLE THE TARTS?"); no title ends on a
    # comma or a semicolon.
    if not words or not text[:1].isalpha() or text.rstrip()[-1:] in ",;" or len(text) > 70:
        return False
    if _CODE_CHARS_RE.search(text):
        return False
    if text.upper() == text:
        return True
    small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "de",
             "from", "with", "into", "upon", "over", "under", "about", "after", "before", "but",
             "nor", "off", "out", "up", "till", "than", "through"}
    return all(w[0].isupper() or w in small for w in words)


_CHAPTER_RE = re.compile(r"(?i)(?:chapter|book|part|letter|section|canto|article|volume)\b")
_LABEL_RE = re.compile(CHAPTER_LABEL)


def _near_number(line: str, numbers: set[int], within: int = 12) -> bool:
    """Whether a number on ``line`` could be a page near one of ``numbers``.

    Within ``within`` of one, or one misread digit away from one a few pages off
    (``182`` beside ``131`` and ``133``).
    """
    for d in _DIGITS_RE.findall(line)[:4]:
        for v in numbers:
            if abs(int(d) - v) <= within:
                return True
            for w in range(v - 3, v + 4):
                near = str(w)
                if len(near) == len(d) and sum(a != b for a, b in zip(near, d)) == 1:
                    return True
    return False


def _page_counts(lines: list[str], texts: list[str]) -> tuple[list[int], list[int | None]]:
    """Each page's non-blank lines and the index of its first one (pages end at form feeds)."""
    counts: list[int] = [0]
    tops: list[int | None] = [None]
    for i, line in enumerate(lines):
        if "\f" in line:
            before, _, after = line.partition("\f")
            if before.strip():
                counts[-1] += 1
            counts.append(0)
            tops.append(None)
            if not after.strip():
                continue
        elif not texts[i]:
            continue
        counts[-1] += 1
        if tops[-1] is None:
            tops[-1] = i
    return counts, tops


@dataclass(frozen=True, kw_only=True)
class RunningHeaders(DocumentStage):
    """Remove running headers, footers and page numbers; join paragraphs across pages.

    Page numbers (``12``, ``- 12 -``, ``Page 12``) go when they stand alone at a
    page edge (next to a form feed, which tesseract can put after each page, or at
    the start or end of the text) or when another page number a few pages away
    confirms them. Header lines go when they carry a page number (``12 WALDEN``),
    when a short Capitals or Title Case line is repeated, set apart, through the
    document (the first copy stays when it is printed differently or names a
    chapter: it is the heading), or when they stand next to a page number with a
    paragraph running on across them. A short non-word line next to removed
    furniture is a garbled page number. Blank lines left where the furniture was go
    when the paragraph runs on, else one stays. Left alone: numbers and short
    lines anywhere else, and everything in a document without such evidence.

    >>> RunningHeaders(min_page_lines=3).fix_lines(["WALDEN", "", "the end of a", "", "12",
    ...                             "\f14", "", "WALDEN", "", "page. Next", "\f"])[0]
    ['the end of a', 'page. Next', '']
    >>> RunningHeaders().fix_lines(["Chapter 12", "", "It was 1912.", "", "Chapter 12"])[0]
    ['Chapter 12', '', 'It was 1912.', '', 'Chapter 12']
    """

    name: ClassVar[str] = "running_headers"
    summary: ClassVar[str] = "Remove running headers, footers and page numbers; join pages."

    language: str = "en"
    edge_lines: int = 2  # non-blank lines at each page edge that may be furniture
    min_page_lines: int = 15  # lines between two copies of a running header, at least

    def __post_init__(self) -> None:
        require_lexicon()

    def precheck(self, text: str) -> bool:
        return "\f" in text or _FOLIO_LINE_RE.search(text) is not None or _repeats_short_line(text)

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        texts = [ln.replace("\f", "").strip() for ln in lines]
        content = [i for i, t in enumerate(texts) if t]
        if not content:
            return lines, []
        k = self.edge_lines
        edge = set(content[:k] + content[-k:])
        spans = self._ff_spans(lines)
        for a, b in spans:
            body = [i for i in range(a, b) if texts[i]]
            edge.update(body[:k] + body[-k:])
        remove: dict[int, str] = {}
        # Page numbers: at an edge, or confirmed by a neighbouring page's number.
        folios = [(i, int(_DIGITS_RE.search(texts[i]).group()))  # type: ignore[union-attr]
                  for i in content if _FOLIO_RE.match(texts[i])]
        if not facts_of(lines).ocr_possible:
            return lines, []
        # Where each number stands first and last: a partner a page away confirms it.
        where: dict[int, tuple[int, int]] = {}
        for i, v in folios:
            lo, hi = where.get(v, (i, i))
            where[v] = (min(lo, i), max(hi, i))
        has_ff = any("\f" in ln for ln in lines)
        for i, v in folios:
            at_edge = i in edge and (has_ff or len(content) >= 20)
            partner = any(
                w in where and max(abs(i - where[w][0]), abs(i - where[w][1])) >= self.min_page_lines
                for w in (v - 3, v - 2, v - 1, v + 1, v + 2, v + 3)
            )
            if at_edge or partner:
                remove[i] = "page_number"
        pos = {i: n for n, i in enumerate(content)}
        for i in list(remove):
            edge.update(content[max(0, pos[i] - k): pos[i] + k + 1])
        # Without a form feed or a page number there is no evidence of pages at all.
        if not remove and not any("\f" in ln for ln in lines):
            return lines, []
        titles: set[str] = set()
        # The page numbers found alone, when two agree (a page or a few apart): the
        # first line's number far from all of them is no page number ("CHAPEER 8",
        # a misread heading, opening a chapter on page 200).
        numbers = {v for i, v in folios if i in remove}
        numbers = {v for v in numbers if any(0 < abs(v - w) <= 5 for w in numbers)}
        for i in sorted(edge):
            m = _HEADER_NUMBER_RE.match(texts[i])
            title = (m.group("t1") or m.group("t2")).strip() if m else ""
            if m and i == content[0] and numbers and not _near_number(texts[i], numbers):
                continue
            if i not in remove and m and _titleish(title) and not _CHAPTER_RE.fullmatch(title):
                remove[i] = "header_number"
                if not _CHAPTER_RE.match(title):
                    titles.add(_key(title))
            elif i not in remove and _DOMAIN_RE.search(texts[i]) and len(texts[i].split()) <= 4:
                remove[i] = "domain"
        # The same running header on a page where its number was lost or set apart
        # ("Ambrose Bierce" beside "- 144 -" one page, "+ 296 ~ Ambrose Bierce" the next).
        # Not a chapter label: a chapter's heading is printed like its running header.
        # Not the document's first line when its page is numbered at the foot and not
        # beside it, while the running headers carry their numbers: a chapter's opening
        # page (a drop folio) and its heading ("A Mad Tea-Party" ... "(269)" at the foot;
        # "A Mad Tea-Party (271)" on a later page).
        bare_opening = -1
        if not any(remove.get(j) == "page_number" for j in content[:3]):
            first_page = [i for i in range(*spans[0]) if texts[i]] if spans else []
            if any(remove.get(j) == "page_number" for j in first_page[-2:]):
                bare_opening = content[0]
        for i in sorted(edge):
            t = texts[i].strip(_SPECKS + " \t")
            if (i not in remove and i != bare_opening and _key(t) in titles and _titleish(t)
                    and not _CHAPTER_RE.match(t)):
                remove[i] = "header_title"
        self._repeated(lines, texts, content, remove, edge if has_ff else None)
        self._first_label(lines, texts, content, remove)
        self._near_folios(texts, content, pos, remove)
        if not remove and not any("\f" in ln for ln in lines):
            return lines, []
        return self._rebuild(lines, texts, remove)

    @staticmethod
    def _ff_spans(lines: list[str]) -> list[tuple[int, int]]:
        spans, start = [], 0
        for i, ln in enumerate(lines):
            if "\f" in ln:
                before, _, after = ln.partition("\f")
                cut = i + 1 if before.strip() and not after.strip() else i
                spans.append((start, cut))
                start = cut
        if spans:
            spans.append((start, len(lines)))
        return spans

    def _repeated(
        self, lines: list[str], texts: list[str], content: list[int], remove: dict[int, str],
        edge: set[int] | None,
    ) -> None:
        """Short title-like lines set apart and repeated: running headers.

        With pages marked (form feeds, ``edge`` given) only copies at a page's edge
        count: a refrain inside a page ("CHORUS.") is the text's. A copy under a
        chapter label ("CHAPTER X" / "The Lobster Quadrille") is the chapter's
        heading and stays.
        """
        groups: dict[str, list[int]] = defaultdict(list)
        for n, i in enumerate(content):
            t = texts[i].strip(_SPECKS + " \t")  # a speck before a header: "‘Ambrose Bierce"
            if i in remove or len(t) > 60 or not _titleish(t) or len(_key(t)) < 3:
                continue
            if edge is not None and i not in edge:
                continue
            if n > 0 and _LABEL_RE.fullmatch(texts[content[n - 1]].strip(_SPECKS + " \t")):
                continue
            apart = (i + 1 >= len(lines) or not texts[i + 1] or (i + 1) in remove
                     or i == 0 or not texts[i - 1] or (i - 1) in remove)
            if apart:
                groups[_key(t)].append(i)
        for idx in groups.values():
            # Copies a page apart at least: a refrain or a speaker's name comes sooner.
            if len(idx) < 2 or min(b - a for a, b in zip(idx, idx[1:])) < self.min_page_lines:
                continue
            first = idx[0]
            # Printed alike: the same letters and signs, spaces aside (OCR may drop one,
            # "IN WONDERLAND" / "INWONDERLAND").
            plain = {i: "".join(texts[i].strip(_SPECKS + " \t").split()) for i in idx}
            others = {plain[i] for i in idx[1:]}
            keep_first = plain[first] not in others or _CHAPTER_RE.match(texts[first].strip(_SPECKS + " \t"))
            for i in idx[1:] if keep_first else idx:
                remove[i] = "repeated"

    @staticmethod
    def _first_label(lines: list[str], texts: list[str], content: list[int], remove: dict[int, str]) -> None:
        """A chapter label alone atop the first page: the running header of a page that opens no chapter.

        Chapters open lower on their page (a drop), so an opening page holds fewer
        lines than a full one. The label at the top of the document heads a running
        page when that page is as full as the fullest other page, or when it is short
        and the next page opens another chapter (the page ended the chapter).
        """
        first = content[0]
        label = texts[first].strip(_SPECKS + " \t")
        if first in remove or not _LABEL_RE.fullmatch(label) or (first + 1 < len(texts) and texts[first + 1]):
            return
        counts, tops = _page_counts(lines, texts)
        others = [c for c in counts[1:] if c]
        if not others or max(others) < 20:
            return
        if counts[0] >= max(others) - 1:
            remove[first] = "header_label"
            return
        nxt = tops[1] if len(tops) > 1 else None
        if nxt is not None and counts[0] < max(others) - 1:
            top = texts[nxt].strip(_SPECKS + " \t")
            if _LABEL_RE.fullmatch(top) and _key(top) != _key(label):
                remove[first] = "header_label"

    def _near_folios(
        self, texts: list[str], content: list[int], pos: dict[int, int], remove: dict[int, str]
    ) -> None:
        """Title lines and garbled numbers beside removed furniture, where a paragraph runs on."""
        lex = _lexicon(self.language)
        for i in sorted(remove):
            n = pos[i]
            for step in (-1, 1):
                m = n + step
                if not 0 <= m < len(content) or content[m] in remove:
                    continue
                j = content[m]
                t = texts[j]
                if len(t) <= 12 and not any(
                    lex.get(w.lower(), 0.0) >= 3.5 and len(w) >= 3
                    for w in re.findall(r"[^\W\d_]+", t)
                ) and not _PARA_END_RE.search(t):
                    remove[j] = "garbled_number"
                elif len(t) <= 60 and _titleish(t) and self._runs_on(texts, content, pos, j, remove):
                    remove[j] = "header"

    @staticmethod
    def _runs_on(
        texts: list[str], content: list[int], pos: dict[int, int], j: int, remove: dict[int, str]
    ) -> bool:
        """Whether a paragraph runs on across line ``j`` and the furniture around it."""
        n = pos[j]
        before = n - 1
        while before >= max(0, n - 8) and content[before] in remove:
            before -= 1
        after = n + 1
        while after < min(len(content), n + 8) and content[after] in remove:
            after += 1
        if before < 0 or after >= len(content) or content[before] in remove or content[after] in remove:
            return False
        prev, nxt = texts[content[before]], texts[content[after]]
        return not _PARA_END_RE.search(prev) or _LOWER_START_RE.match(nxt) is not None

    def _rebuild(
        self, lines: list[str], texts: list[str], remove: dict[int, str]
    ) -> tuple[list[str], list[Edit]]:
        replace = {i: ln.replace("\f", "") for i, ln in enumerate(lines) if "\f" in ln and i not in remove}
        # A page break: a run of removed, blank and form-feed lines holding one of the
        # first two. Its blank lines go when the paragraph runs on across it.
        n = len(lines)
        i = 0
        while i < n:
            if not (i in remove or "\f" in lines[i]):
                i += 1
                continue
            a = i
            while a > 0 and not texts[a - 1]:
                a -= 1
            b = i
            while b + 1 < n and (b + 1 in remove or not texts[b + 1]):
                b += 1
            prev = next((texts[x] for x in range(a - 1, -1, -1) if texts[x] and x not in remove), None)
            nxt = texts[b + 1] if b + 1 < n else None
            blanks = [x for x in range(a, b + 1) if x not in remove and not texts[x]]
            if prev is None or nxt is None:
                keep: list[int] = blanks[:1] if prev is not None and nxt is None else []
            elif not _PARA_END_RE.search(prev) or _LOWER_START_RE.match(nxt):
                keep = []
            else:
                keep = blanks[:1]
            for x in blanks:
                if x not in keep:
                    remove[x] = "page_join"
            i = b + 1
        if not remove and not replace:
            return lines, []
        out: list[str] = []
        edits: list[Edit] = []
        for i, line in enumerate(lines):
            if i in remove:
                edits.append(self.edit(remove[i], i, [line], None))
            elif i in replace:
                edits.append(self.edit("form_feed", i, [line], [replace[i]]))
                out.append(replace[i])
            else:
                out.append(line)
        return out, edits


_SHORT_LINE_RE = re.compile(r"^[^\S\n]*(\S[^\n]{2,59})\n[^\S\n]*$", re.M)


def _repeats_short_line(text: str) -> bool:
    """Whether some short line followed by a blank line occurs twice (a cheap superset)."""
    seen: set[str] = set()
    for m in _SHORT_LINE_RE.finditer(text):
        key = _key(m.group(1))
        if key in seen:
            return True
        seen.add(key)
    return False


STAGES = (OcrNoiseLines, RunningHeaders)
