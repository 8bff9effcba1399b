"""Metrics for the OCR development set: CER, WER and layout errors.

All functions take a hypothesis (OCR output, raw or cleaned) and a reference
(the ``.truth.txt`` text: one paragraph per line, a blank line between
paragraphs, verse stanzas with one verse line per line).

``cer`` and ``wer`` ignore layout: whitespace runs (spaces, newlines, form
feeds) are collapsed to one space before comparing, so they measure the words
and characters only.  ``layout_errors`` measures the layout separately.
"""
from __future__ import annotations

import re
from collections import Counter

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

_WS = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def cer(hyp: str, ref: str) -> float:
    """Character error rate.

    Both texts have every whitespace run (including newlines and form feeds)
    collapsed to a single space and are stripped; the result is the
    Levenshtein distance (insertions, deletions, substitutions, each cost 1)
    divided by the length of the collapsed reference.

    >>> cer("a  b\\nc", "a b c")
    0.0
    >>> round(cer("tbe cat", "the cat"), 3)
    0.143
    """
    h, r = _collapse(hyp), _collapse(ref)
    if not r:
        return 0.0 if not h else 1.0
    return Levenshtein.distance(h, r) / len(r)


_LAYOUT_SPACE = re.compile(r"[^\S\n]+")
_LAYOUT_BLANKS = re.compile(r"\n{3,}")


def layout_normalise(text: str) -> str:
    """Text with its line structure kept and nothing else of its spacing.

    A form feed (a page break) is a line break; runs of spaces and tabs become
    one space; spaces at the start and end of lines go; three or more line
    breaks (several blank lines) become two (one blank line); the text is
    stripped.
    """
    t = _LAYOUT_SPACE.sub(" ", text.replace("\f", "\n").replace("\r", "\n"))
    t = "\n".join(line.strip() for line in t.split("\n"))
    return _LAYOUT_BLANKS.sub("\n\n", t).strip()


def layout_cer(hyp: str, ref: str) -> float:
    """Character error rate that counts the layout: line breaks are characters.

    Both texts go through :func:`layout_normalise`; the result is their
    Levenshtein distance divided by the length of the normalised reference.
    A hard wrap left in a paragraph costs 1 (a newline for a space), a
    hyphenation break 2 (``-`` and the newline), a lost paragraph break 1, a
    running header or page number its length plus its line break.

    >>> layout_cer("a b\\n\\nc", "a b\\n\\nc")
    0.0
    >>> round(layout_cer("a\\nb\\n\\nc", "a b\\n\\nc"), 3)
    0.167
    """
    h, r = layout_normalise(hyp), layout_normalise(ref)
    if not r:
        return 0.0 if not h else 1.0
    return Levenshtein.distance(h, r) / len(r)


def wer(hyp: str, ref: str) -> float:
    """Word error rate.

    Both texts are split on whitespace runs into token lists (punctuation stays
    attached to its word, case matters); the result is the Levenshtein distance
    between the token lists divided by the number of reference tokens.

    >>> wer("the cat sat", "the cat sat")
    0.0
    >>> round(wer("the cat sat down", "the cat sat"), 3)
    0.333
    """
    h, r = hyp.split(), ref.split()
    if not r:
        return 0.0 if not h else 1.0
    return Levenshtein.distance(h, r) / len(r)


# --------------------------------------------------------------------------
# layout
# --------------------------------------------------------------------------

_TOKEN = re.compile(r"\S+")
_PAGE_NUMBER = re.compile(
    r"^[\W_]{0,3}\s*(?:page|p\.)?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[\W_]{0,3}$", re.I)
_HYPHEN_BREAK = re.compile(r"([A-Za-z]+)-[ \t]*(?:\r?\n|\f)+[ \t]*([a-z]+)|([A-Za-z]+)- +([a-z]+)")


def _norm_token(t: str) -> str:
    return re.sub(r"[^0-9a-z]", "", t.lower())


def _tokens_with_separators(text: str, kind: str) -> tuple[list[str], list[str]]:
    """Tokens and the kind of whitespace after each: 'space', 'line' or 'para'.

    For the hypothesis a form feed counts as a paragraph break and a single
    newline as a line break; for the reference a blank line is 'para' and a
    single newline (a verse line end) is 'line'.
    """
    toks, seps = [], []
    ms = list(_TOKEN.finditer(text))
    for i, m in enumerate(ms):
        toks.append(_norm_token(m.group()))
        gap = text[m.end(): ms[i + 1].start()] if i + 1 < len(ms) else "\n\n"
        n = gap.count("\n")
        if "\f" in gap or n >= 2:
            seps.append("para")
        elif n == 1:
            seps.append("line")
        else:
            seps.append("space")
    return toks, seps


def _norm_line(s: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z ]", " ", s.lower()).split())


def _looks_like_furniture(line: str) -> bool:
    """A running header or page number, as it tends to come out of Tesseract."""
    s = line.strip()
    if _PAGE_NUMBER.match(s):
        return True
    words = s.split()
    if not words or len(words) > 8 or len(s) > 70:
        return False
    # a number at either end: "136 PRIDE AND PREJUDICE", "Chapter 3 41"
    if re.fullmatch(r"[\W_]*\d{1,4}[\W_]*", words[0]) or re.fullmatch(r"[\W_]*\d{1,4}[\W_]*", words[-1]):
        return True
    letters = [c for c in s if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) >= 0.6 and len(letters) >= 3:
        return True
    alpha_words = [w for w in words if any(c.isalpha() for c in w)]
    small = {"a", "an", "and", "the", "of", "in", "on", "to", "for", "with", "by", "or"}
    if alpha_words and all(w[0].isupper() or w.lower() in small for w in alpha_words) \
            and not s.endswith((".", ",", ";", ":", "?", "!", "\u201d", '"')):
        return True
    return False


def layout_errors(hyp: str, ref: str) -> dict[str, int]:
    """Count layout defects left in ``hyp`` relative to ``ref``.

    Returns a dict with:

    ``hard_wraps``
        Line breaks of ``hyp`` inside what is one paragraph (or one verse line)
        in ``ref``.  Both texts are tokenised on whitespace; tokens are
        compared lower-cased with non-alphanumerics removed and aligned with a
        Levenshtein alignment of the token lists.  For every hyp token aligned
        one-to-one (equal or substituted) with a ref token, a hard wrap is
        counted when hyp has a newline (or a form feed) after the token while
        ref has a plain space after its token.  Newlines where ref has a verse
        line end or a paragraph break are not counted, nor are the newlines of
        hyphenation breaks (counted below).

    ``hyphen_breaks``
        Words split by a line-end hyphen that are still split in ``hyp``:
        occurrences of ``abc-<newline>def`` (or ``abc- def`` left by a
        naive unwrap) where ``abcdef`` is a word of ``ref`` and ``abc-def``
        does not occur in ``ref``.  Real compounds (``well-known``) are
        therefore never counted.

    ``header_lines``
        Lines of ``hyp`` that are not part of any ref paragraph and look like
        running headers or page numbers.  A hyp line is part of ref when its
        normalised text (lower-case, alphanumerics and single spaces) is found
        in the normalised ref, or fuzzily matches it (rapidfuzz
        ``partial_ratio`` >= 85, for lines of 20 characters or more); a line equal to a ref paragraph (a heading
        such as ``Chapter 3``) is allowed as many times as ref has that
        paragraph, further copies (the same words used as a running header)
        count.  "Looks like" means: a bare number or roman numeral with
        decoration (``12``, ``- 12 -``, ``Page 12``, ``[xii]``), or a short line
        (<= 8 words) with a number at one end, or mostly capitals, or all words
        capitalised and no sentence punctuation at the end.

    ``paragraph_breaks_lost`` (not part of ``total``)
        Paragraph breaks of ``ref`` (blank lines) where the aligned ``hyp``
        token is followed by a single newline or a space instead of a blank
        line or form feed.

    ``other_extra_lines`` (not part of ``total``)
        Lines of ``hyp`` that are not part of ref and do not look like headers
        or page numbers (OCR noise from specks, rules and shadows, or lines so
        garbled that they no longer match).

    ``total`` is ``hard_wraps + hyphen_breaks + header_lines``.
    """
    # hyphenation breaks -------------------------------------------------
    ref_words = set(_norm_token(t) for t in ref.split())
    ref_lower = ref.lower()
    hyphen_breaks = 0
    hyphen_newline_ends: set[int] = set()
    for m in _HYPHEN_BREAK.finditer(hyp):
        a = m.group(1) or m.group(3)
        b = m.group(2) or m.group(4)
        joined = (a + b).lower()
        if joined in ref_words and f"{a}-{b}".lower() not in ref_lower:
            hyphen_breaks += 1
            hyphen_newline_ends.add(m.start() + len(a))

    # hard wraps and lost paragraph breaks via token alignment -------------
    htoks, hseps = _tokens_with_separators(hyp, "hyp")
    rtoks, rseps = _tokens_with_separators(ref, "ref")
    # positions (index of hyp token) whose trailing newline is a hyphen break
    hyphen_tok = set()
    if hyphen_newline_ends:
        for i, m in enumerate(_TOKEN.finditer(hyp)):
            if m.end() - 1 in hyphen_newline_ends:
                hyphen_tok.add(i)
    hard_wraps = 0
    lost_paras = 0
    for op in Levenshtein.opcodes(htoks, rtoks):
        if op.tag not in ("equal", "replace"):
            continue
        n = min(op.src_end - op.src_start, op.dest_end - op.dest_start)
        if op.tag == "replace" and (op.src_end - op.src_start) != (op.dest_end - op.dest_start):
            continue
        for k in range(n):
            i, j = op.src_start + k, op.dest_start + k
            if i in hyphen_tok:
                continue
            if hseps[i] in ("line", "para") and rseps[j] == "space":
                hard_wraps += 1
            if rseps[j] == "para" and hseps[i] != "para" and j != len(rtoks) - 1:
                lost_paras += 1

    # header / page-number lines ------------------------------------------
    ref_norm = _norm_line(ref)
    para_counts = Counter(_norm_line(p) for p in re.split(r"\n\s*\n", ref) if p.strip())
    seen: Counter[str] = Counter()
    header_lines = 0
    other = 0
    for line in re.split(r"[\n\f]", hyp):
        if not line.strip():
            continue
        nl = _norm_line(line)
        if nl and nl in para_counts:
            seen[nl] += 1
            if seen[nl] <= para_counts[nl]:
                continue
            in_ref = False
        elif not nl:
            in_ref = False
        else:
            in_ref = (f" {nl} " in f" {ref_norm} ") or (
                len(nl) >= 20 and fuzz.partial_ratio(nl, ref_norm) >= 85)
        if in_ref:
            continue
        if _looks_like_furniture(line):
            header_lines += 1
        else:
            other += 1
    return {
        "hard_wraps": hard_wraps,
        "hyphen_breaks": hyphen_breaks,
        "header_lines": header_lines,
        "total": hard_wraps + hyphen_breaks + header_lines,
        "paragraph_breaks_lost": lost_paras,
        "other_extra_lines": other,
    }


if __name__ == "__main__":
    import doctest

    doctest.testmod()
