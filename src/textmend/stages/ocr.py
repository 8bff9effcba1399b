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
from textmend.stages.ocr_words import _lexicon, require_lexicon

__all__ = ["STAGES", "OcrHyphenation", "OcrNoiseLines", "RunningHeaders", "Unwrap"]

# ---------------------------------------------------------------------------------------
# Noise lines
# ---------------------------------------------------------------------------------------

# Characters OCR reads from specks, dust and rules: a line of nothing else is noise.
_SPECKS = ".,'`~:;\"\u2018\u2019\u201c\u201d^\u00b0_|!\u00b7-"
_NOISE_LINE_RE = re.compile(r"^[ \t]*[%s](?:[ \t]*[%s]){0,11}[ \t]*$" % ((re.escape(_SPECKS),) * 2), re.M)
# Lines made of specks that are not noise: rules (---, ___), ellipses, dinkuses.
_NOT_NOISE_RE = re.compile(r"[ \t]*(?:[-_]{3,}|[. ]+|\u2026)[ \t]*\Z")


@dataclass(frozen=True, kw_only=True)
class OcrNoiseLines(DocumentStage):
    """Remove lines OCR made from specks: ``.,'~ :;`` and the like, nothing else.

    Left alone: horizontal rules (``---``, ``___``), ellipses (``...``), lines
    with any letter, digit or other sign, and lines longer than 12 specks.

    >>> OcrNoiseLines().fix_lines(["It was late.", " ' ., ~", "", "Next."])[0]
    ['It was late.', '', 'Next.']
    >>> OcrNoiseLines().fix_lines(["Part one", "---", "...", "Part two"])[0]
    ['Part one', '---', '...', 'Part two']
    """

    name: ClassVar[str] = "ocr_noise"
    summary: ClassVar[str] = "Remove lines made only of OCR specks (.,'~:;)."

    def precheck(self, text: str) -> bool:
        return _NOISE_LINE_RE.search(text) is not None

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
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
_FOLIO_RE = re.compile(r"[ \t]*(?:%s)[ \t]*\Z" % _FOLIO)
_FOLIO_LINE_RE = re.compile(r"^[ \t\f]*(?:%s)[ \t\f]*$" % _FOLIO, re.M)
# A header line carrying its page number: "12 PRIDE AND PREJUDICE", "Walden 47".
_HEADER_NUMBER_RE = re.compile(
    r"[ \t]*(?:(?P<a>%s)[ \t]+(?P<t1>[^\W\d][^\d]{2,60}?)|(?P<t2>[^\W\d][^\d]{2,60}?)[ \t]+(?P<b>%s))[ \t]*\Z"
    % (_FOLIO, _FOLIO)
)
_DIGITS_RE = re.compile(r"\d+")
_DOMAIN_RE = re.compile(r"(?:www\.|https?://)\S+|\b[\w-]+\.(?:com|org|net|edu|gov)\b")


# A line that ends a paragraph: a sentence end, maybe inside quotes or brackets.
_PARA_END_RE = re.compile(r"[.!?:\u2014][\"'\u201d\u2019)\]]*\Z")
_LOWER_START_RE = regex.compile(r"[\"'\u201c\u2018(]?\p{Ll}")


def _key(line: str) -> str:
    """A line's identity as a running header: letters only, case and numbers ignored."""
    return "".join(c for c in line.lower() if c.isalpha())


def _titleish(text: str) -> bool:
    """Capitals or Title Case, no sentence punctuation: how running headers are set."""
    words = [w for w in text.split() if w[:1].isalpha()]
    if not words or text.rstrip()[-1:] in ",;?!" or len(text) > 70:
        return False
    if text.upper() == text:
        return True
    small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "de"}
    return all(w[0].isupper() or w in small for w in words)


@dataclass(frozen=True, kw_only=True)
class RunningHeaders(DocumentStage):
    """Remove running headers, footers and page numbers at page edges; join pages.

    Pages are delimited by form feeds (tesseract ends each page with ``\\f``) or,
    without them, by a rising sequence of at least three standalone page numbers.
    At a page's top or bottom (its first or last ``edge_lines`` lines) this removes
    page numbers (``12``, ``- 12 -``, ``Page 12``), header lines that carry a page
    number (``12 WALDEN``), short lines repeated at the edges of several pages, and
    domain-like lines (``www.example.org``). A form feed is removed with the blank
    lines around it: a paragraph running on to the next page is joined up, other
    page breaks become one blank line. Left alone: numbers and short lines anywhere
    else, and everything in a document without page evidence.

    >>> RunningHeaders().fix_lines(["WALDEN", "", "the end of a", "", "12",
    ...                             "\\f14", "", "WALDEN", "", "page. Next", "\\f"])[0]
    ['', 'the end of a', 'page. Next', '']
    >>> RunningHeaders().fix_lines(["Chapter 12", "", "It was 1912."])[0]
    ['Chapter 12', '', 'It was 1912.']
    """

    name: ClassVar[str] = "running_headers"
    summary: ClassVar[str] = "Remove running headers, footers and page numbers; join pages."

    edge_lines: int = 2  # non-blank lines at each page edge that may be furniture
    min_repeats: int = 2  # pages a header must appear on to count as repeated

    def precheck(self, text: str) -> bool:
        return "\f" in text or len(_FOLIO_LINE_RE.findall(text)) >= 3

    def _pages(self, lines: list[str]) -> list[tuple[int, int]] | None:
        """Page spans ``[start, end)`` of ``lines``; ``None`` without page evidence."""
        if any("\f" in ln for ln in lines):
            spans, start = [], 0
            for i, ln in enumerate(lines):
                if "\f" in ln:
                    before, _, after = ln.partition("\f")
                    # "text\f" ends a page on this line; "\ftext" starts one.
                    cut = i + 1 if before.strip() and not after.strip() else i
                    spans.append((start, cut))
                    start = cut
            spans.append((start, len(lines)))
            return [s for s in spans if s[0] < s[1]]
        numbers = [(i, int(_DIGITS_RE.search(ln).group())) for i, ln in enumerate(lines)  # type: ignore[union-attr]
                   if _FOLIO_RE.match(ln)]
        seq = [numbers[0]] if numbers else []
        for i, n in numbers[1:]:
            if 0 < n - seq[-1][1] <= 2:
                seq.append((i, n))
        if len(seq) < 3:
            return None
        cuts = [0] + [i + 1 for i, _ in seq] + [len(lines)]
        return [(a, b) for a, b in zip(cuts, cuts[1:]) if a < b]

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        spans = self._pages(lines)
        if spans is None:
            return lines, []
        edges: list[list[int]] = []  # per page: indices of its edge lines
        for a, b in spans:
            body = [i for i in range(a, b) if lines[i].replace("\f", "").strip()]
            k = self.edge_lines
            edges.append(sorted(set(body[:k] + body[-k:])))
        remove: dict[int, str] = {}
        pages_of: dict[str, set[int]] = defaultdict(set)
        for p, idx in enumerate(edges):
            for i in idx:
                text = lines[i].replace("\f", "").strip()
                if _FOLIO_RE.match(text):
                    remove[i] = "page_number"
                elif _HEADER_NUMBER_RE.match(text):
                    m = _HEADER_NUMBER_RE.match(text)
                    title = (m.group("t1") or m.group("t2")).strip()  # type: ignore[union-attr]
                    if _titleish(title):
                        remove[i] = "header_number"
                elif len(text) <= 60 and _DOMAIN_RE.search(text) and len(text.split()) <= 4:
                    remove[i] = "domain"
                elif len(text) <= 70 and _titleish(text) and len(_key(text)) >= 3:
                    pages_of[_key(text)].add(p)
        for p, idx in enumerate(edges):
            for i in idx:
                if i in remove:
                    continue
                key = _key(lines[i])
                if len(pages_of.get(key, ())) >= self.min_repeats:
                    remove[i] = "repeated"
        return self._rebuild(lines, spans, remove)

    def _rebuild(
        self, lines: list[str], spans: list[tuple[int, int]], remove: dict[int, str]
    ) -> tuple[list[str], list[Edit]]:
        replace: dict[int, str] = {}
        for i, line in enumerate(lines):
            if "\f" in line and i not in remove:
                replace[i] = line.replace("\f", "")

        def text(i: int) -> str:
            return replace.get(i, lines[i]).strip()

        # Each page break: the blank lines between the last line kept on one page and
        # the first kept on the next go when the paragraph runs on, else one stays.
        for (a, b), (c, d) in zip(spans, spans[1:]):
            last = next((i for i in range(b - 1, a - 1, -1) if i not in remove and text(i)), None)
            first = next((i for i in range(c, d) if i not in remove and text(i)), None)
            if last is None or first is None:
                continue
            gap = [i for i in range(last + 1, first) if i not in remove]
            if not gap:
                continue
            runs_on = not _PARA_END_RE.search(text(last)) or _LOWER_START_RE.match(text(first))
            for i in gap if runs_on else gap[1:]:
                remove[i] = "page_join"
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


STAGES = (OcrNoiseLines, RunningHeaders)
