"""Facts about a document that several stages ask: computed once, lazily, per document.

Is the document written in Markdown by hand, or a web page a program converted to
Markdown? Source code? Can it be an OCR engine's page text? Was it filled to a fixed
width by a program? What language is it in? Several stages need the same answers;
:class:`Facts` computes each at most once per document, the first time a stage asks,
and hands the same answer to every stage.

The pipeline opens a :func:`document` scope around each run; inside it
:func:`facts_of` returns that document's facts. Called outside a pipeline run (a
stage used on its own), :func:`facts_of` computes fresh facts for the text it is
given, so a stage behaves the same either way. Facts describe the document as the
pipeline received it: a stage that removes a line does not change them.

A caller who knows a fact states it instead of having it guessed:
``clean(text, lang="de")``.

>>> f = Facts("# Install\\n\\n- run `pip install x`\\n- see [docs](https://x.org)")
>>> f.markdown, f.code
(True, False)
>>> Facts("Der Hund lief schnell über die Straße und bellte laut.").language
'de'
>>> Facts("Der Hund lief über die Straße.", lang="nl").language
'nl'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cached_property, lru_cache
from typing import Any

import regex

from textmend.linkmarkup import LINK_RE, MARKER_RE, OWN_TEXT_RE, WORD_RE, blocks, fenced

__all__ = [
    "Facts",
    "converted_page",
    "document",
    "enter_document",
    "facts_of",
    "hard_wrapped",
    "is_markdown",
    "leave_document",
    "looks_like_code",
    "markdown_source",
    "not_ocr_output",
    "program_wrapped",
]

# -- Markdown ----------------------------------------------------------------------

# Structure only a document written in Markdown has: fenced code, table rules,
# link definitions; headings count together with lists or inline code.
# (Whole-document patterns: "[ \t]", never "\s", after "^", or a run of blank lines
# would be scanned again from each of its line starts.)
_MD_STRONG_RE = re.compile(r"^(?:```|~~~|[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|)|^\[[^\]\n]+\]:[ \t]+\S", re.M)
_MD_HEADING_RE = re.compile(r"^#{1,6} \S", re.M)
_MD_BLOCK_RE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}\.) \S|`[^`\n]+`", re.M)
_MD_LIST_RE = re.compile(r"^[ \t]*[-*+] \S", re.M)
_MD_TABLE_ROW_RE = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_MD_CODE_SPAN_RE = re.compile(r"`[^`\n]+`")
# A line holding only a table or list tag: an HTML block written into a Markdown
# file ("<table>", "  <tr>"). Scraped residue leaves tags inside the text.
_HTML_BLOCK_LINE_RE = re.compile(
    r"^[ \t]*</?(?:table|thead|tbody|tfoot|tr|ul|ol|dl)\b[^<>\n]{0,200}>[ \t]*$", re.M | re.I
)


def _at_least(pattern: re.Pattern[str], text: str, n: int) -> bool:
    """Whether ``pattern`` matches ``text`` at least ``n`` times (stops at ``n``)."""
    found = pattern.finditer(text)
    return all(next(found, None) is not None for _ in range(n))


def markdown_source(text: str) -> bool:
    """Structure only a Markdown source has (fences, table rules, link definitions,
    an HTML block of two lines or more that are a table or list tag alone, a
    heading with inline code), not lists and headings alone."""
    if _MD_STRONG_RE.search(text):
        return True
    if "<" in text and _at_least(_HTML_BLOCK_LINE_RE, text, 2):
        return True
    return _MD_HEADING_RE.search(text) is not None and _MD_CODE_SPAN_RE.search(text) is not None


def is_markdown(text: str) -> bool:
    """Whether ``text`` has the structure of a document written in Markdown, not of
    scraped text with link residue. A web page converted to Markdown has that
    structure too: :attr:`Facts.handwritten_markdown` asks :func:`converted_page` as well.

    >>> is_markdown("# Install\\n\\n- run `pip install x`\\n- see [docs](https://x.org)")
    True
    >>> is_markdown("Read [the report](https://example.com/r) now.\\n\\nMore news.")
    False
    """
    if markdown_source(text):
        return True
    if _MD_HEADING_RE.search(text) is not None and _MD_BLOCK_RE.search(text) is not None:
        return True
    # Headings set out in two places and a link: a README or CONTRIBUTING file.
    if "](" in text and _at_least(_MD_HEADING_RE, text, 2):
        return True
    # Three list items, or two table rows, set out the way only Markdown sets them.
    return _at_least(_MD_LIST_RE, text, 3) or _at_least(_MD_TABLE_ROW_RE, text, 2)


# -- a web page converted to Markdown ---------------------------------------------------

# Evidence that a program converted an HTML page to Markdown (html2text, markdownify
# and the like), which an author writing Markdown does not leave:
# - a link destination broken across lines after a hyphen: the converter filled its
#   lines to a width (html2text's default 78) without regard to links;
_BROKEN_DEST_RE = regex.compile(
    r"\]\((?:[a-zA-Z][a-zA-Z0-9+.-]{1,20}+:|/|\.\.?/)[^\s()<>]{0,4000}+(?<=-)\n[^\s()<>]"
)
# - an image whose source is a data URI (an inline placeholder or icon);
_DATA_IMAGE_RE = regex.compile(r"!\[[^\[\]\n]{0,1000}+\]\(data:")
# - a link with no text and no image to a page (an icon link whose icon is gone);
_EMPTY_LINK_RE = regex.compile(r"(?<![!\]\w])\[[ \t]*+\]\((?:https?://|/)[^\s()<>]")
# - html2text's reference definitions, numbered and indented by three spaces;
_NUMBERED_REFS_RE = re.compile(r"^   \[\d{1,5}\]: ", re.M)
# - a link whose title repeats its text (markdownify writes the "title" attribute);
_TITLE_IS_TEXT_RE = regex.compile(r"(?<!!)\[([^\[\]\n]{1,300}+)\]\([^\s()<>]{1,4000}+ \"\1\"\)")
# - a menu: three or more links to web pages in blocks of nothing but links, before
#   the first heading or block of text, or closing the document right after a block
#   of text. An author opens with a title, badges or a table of contents of the
#   document's own sections and files, and introduces a closing list of links (a
#   "See also" heading, a line ending in a colon).
_MENU_LINKS = 3
# A destination on the web: a URL or a path from the site's root, not a section of
# the document ("#usage") or a file beside it ("docs/api.md").
_WEB_PAGE_RE = re.compile(r"<?(?:(?:https?:)?//|/(?!/))")
# An image inside a link's text: a badge or a logo, not a menu entry.
_IMAGE_RE = regex.compile(r"!\[[^\[\]]{0,1000}+\]\([^()]{0,4000}+\)")


def _menu_links(text: str) -> int:
    """How many links to web pages a block of nothing but links holds (-1 when the
    block is a heading or has text besides its links, or no links at all)."""
    if text.lstrip().startswith("#"):
        return -1
    n = 0
    found = False
    done = 0
    for m in LINK_RE.finditer(text):
        if m.group("dest") is None and m.group("auto") is None:
            continue  # a code span or a reference link
        if OWN_TEXT_RE.search(MARKER_RE.sub("", text[done : m.start()])):
            return -1  # text before this link: stop here, not at the block's end
        found = True
        done = m.end()
        dest = m.group("dest") or m.group("auto")
        words = _IMAGE_RE.sub("", m.group("text") or m.group("auto") or "")
        n += (
            not m.group("bang")
            and WORD_RE.search(words) is not None
            and _WEB_PAGE_RE.match(dest) is not None
        )
    if not found or OWN_TEXT_RE.search(MARKER_RE.sub("", text[done:])):
        return -1
    return n


# What an author writing Markdown uses and a converter never writes: a fenced code
# block with a language (markdownify writes none), a reference definition with a
# name (html2text numbers them), a line of raw HTML (a converter turns HTML into
# Markdown), a link to a Markdown or reStructuredText file beside the document, front
# matter. Outside code.
_AUTHORED_RE = regex.compile(
    r"^[ \t]{0,3}+(?:(?:```|~~~)[ \t]*+[A-Za-z]|\[(?!\d{1,5}\])[^\[\]\n]{1,200}+\]:[ \t]"
    r"|</?(?:p|div|details|summary|img|a|br|table|picture|h[1-6]|sup|kbd|center)\b)"
    r"|\]\((?!\w{1,20}+:|/)[^\s()<>#]{1,2000}+(?<=\.md|\.markdown|\.rst|\.adoc)"
    r"(?:#[^\s()<>]{0,200}+)?\)",
    regex.M | regex.I,
)
_FRONT_MATTER_RE = re.compile(r"---[ \t]*\n[\w-]+:")


def _authored(lines: list[str], code: list[bool]) -> bool:
    """Whether the document holds Markdown only an author writes (see above)."""
    if lines and _FRONT_MATTER_RE.match("\n".join(lines[:2])):
        return True
    for line, in_code in zip(lines, code):
        if in_code and not line.lstrip().startswith(("```", "~~~")):
            continue
        if _AUTHORED_RE.search(line):
            return True
    return False


def _has_menu(lines: list[str]) -> bool:
    """Whether the document opens or closes with a menu (see above), and holds no
    Markdown only an author writes (a chunk of an author's list of links looks like a
    menu)."""
    code = fenced(lines)
    if _authored(lines, code):
        return False
    spans = blocks(lines, code)
    menu = 0
    for start, end in spans:  # from the top, up to the first heading or text
        if start > 0 and code[start - 1]:
            break  # code came first
        n = _menu_links("\n".join(lines[start:end]))
        if n < 0:
            break
        menu += n
        if menu >= _MENU_LINKS:
            return True
    menu = 0
    after = len(lines)  # where the blocks seen so far start
    for start, end in reversed(spans):  # from the end, up to a block of text
        if any(code[end:after]):
            return False  # code in between
        after = start
        text = "\n".join(lines[start:end])
        n = _menu_links(text)
        if n < 0:
            # Text the menu follows; a heading or a line ending in a colon introduces
            # an author's list of links.
            return (
                menu >= _MENU_LINKS
                and not text.lstrip().startswith("#")
                and not text.rstrip().endswith(":")
            )
        menu += n
    return False


def converted_page(text: str) -> bool:
    """Whether ``text`` is a web page converted to Markdown by a program, not Markdown
    written by hand: a link destination broken across lines, a data-URI image, an
    empty link, html2text's numbered reference definitions, a link whose title
    repeats its text, or a menu of links at the top or the end.

    >>> converted_page("  * [Home](/)\\n\\n[](https://example.com/share) News of the day.")
    True
    >>> converted_page("# Usage\\n\\nSee [the docs](https://x.org/d).\\n\\n[docs]: https://x.org")
    False
    """
    if "](" not in text and "]: " not in text:
        return False
    return (
        _BROKEN_DEST_RE.search(text) is not None
        or _DATA_IMAGE_RE.search(text) is not None
        or _EMPTY_LINK_RE.search(text) is not None
        or _at_least(_NUMBERED_REFS_RE, text, 2)
        or _TITLE_IS_TEXT_RE.search(text) is not None
        or _has_menu(text.split("\n"))
    )


# -- source code -------------------------------------------------------------------

# Lines of source code: preprocessor, definitions, statements, braces, operators.
# (The reference form; ``looks_like_code`` uses the two faster parts below.)
CODE_LINE_RE = re.compile(
    r"^\s*(?:#\s*(?:include|define|if|endif|else|pragma)\b|def |class |import |from \S+ import"
    r"|var |let |const |function\b|return\b|\}|/[/*]|\*/|\"\"\"|'\'\'')"
    r"|[;{]\s*$|==|&&|\|\||\w\(\)|^\s*[\])]\s*,?\s*$"
)
# The same, fast: the line-start alternatives matched, the others found from the
# character they open with.
_CODE_LINE_START_RE = re.compile(
    r"\s*(?:#\s*(?:include|define|if|endif|else|pragma)\b|def |class |import |from \S+ import"
    r"|var |let |const |function\b|return\b|\}|/[/*]|\*/|\"\"\"|'\'\''|[\])]\s*,?\s*$)"
)
_CODE_LINE_ANY_RE = re.compile(r"[;{=&|(](?:(?<=[;{])\s*$|(?<==)=|(?<=&)&|(?<=\|)\||(?<=\w\()\))")


def looks_like_code(lines: list[str]) -> bool:
    """Whether a document is source code: three lines, one in twenty, look like code."""
    hits = 0
    for line in lines:
        if _CODE_LINE_START_RE.match(line) or _CODE_LINE_ANY_RE.search(line):
            hits += 1
    return hits >= 3 and hits * 20 >= len(lines)


# -- OCR output ---------------------------------------------------------------------

# Markdown and HTML structure: fences, ATX headings, task lists, tags, links.
# (Searched in "\n" + text: a pattern opening with "^" is tried at every position.)
_MARKUP_DOC_RE = re.compile(r"\n(?:```|~~~|#{1,6} |[ \t]*[-*] \[[ x]\]|[ \t]*<[a-zA-Z/])|\]\(|\]: ")
# Two spaces between words: typed text (OCR engines put one space between words).
_TYPED_SPACES_RE = re.compile(r"  (?<=[^\s]  )(?=[^\s])")


def not_ocr_output(lines: list[str]) -> bool:
    """Whether a document cannot be an OCR engine's page text.

    Source code, Markdown or HTML, and typed text with two spaces between words
    (after full stops, in columns) in three places or more: the page-layout stages
    leave them alone.
    """
    return looks_like_code(lines) or _markup_or_typed("\n".join(lines))


def _markup_or_typed(text: str) -> bool:
    return _MARKUP_DOC_RE.search("\n" + text) is not None or _at_least(_TYPED_SPACES_RE, text, 3)


def program_wrapped(lines: list[str], max_pairs: int = 4000) -> bool:
    """Whether a document's lines were filled to a fixed width by a program.

    ``fmt``, ``textwrap`` and editors fill greedily: no line is longer than the
    width, and a full line breaks only where the next word would not fit. Typed
    plain text (licences, release notes, e-texts) shows this at nine breaks in ten
    or more; OCR of proportional type, where characters per line vary with the
    letters, breaks within the width in a fifth of its lines or more (0.18 at the
    least on the development pages). Tried at the five longest line lengths, over
    the first ``max_pairs`` pairs of adjacent unindented lines.

    >>> words = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do " * 40).split()
    >>> import textwrap
    >>> program_wrapped(textwrap.wrap(" ".join(words), 60))
    True
    >>> ragged, i = [], 0  # lines broken at no fixed width
    >>> for n in [9, 6, 11, 8, 10, 7] * 6:
    ...     ragged.append(" ".join(words[i:i + n]))
    ...     i += n
    >>> program_wrapped(ragged)
    False
    """
    pairs: list[tuple[int, int]] = []  # (line length, length with the next word added)
    for a, b in zip(lines, lines[1:]):
        if not a or not b or a[0] in " \t" or b[0] in " \t":
            continue
        a = a.rstrip()
        word = b.split(None, 1)
        if not a or not word:
            continue
        pairs.append((len(a), len(a) + 1 + len(word[0])))
        if len(pairs) >= max_pairs:
            break
    if len(pairs) < 8:
        return False
    for width in sorted({n for n, _ in pairs if 30 <= n <= 120}, reverse=True)[:5]:
        counted = broken = 0
        for n, fill in pairs:
            if n > width:
                counted += 1
                broken += 1
            elif n * 2 >= width:
                counted += 1
                broken += fill <= width
        if counted >= 8 and broken * 10 <= counted:
            return True
    return False


# A line that ends a sentence, a heading or a list item: no break inside a sentence.
_ENDS_SENTENCE_RE = regex.compile(r"[.!?:;\"'\u201d\u2019)\]\u2026\u3002\uff01\uff1f\u0964]\s*\Z")


def hard_wrapped(lines: list[str], max_pairs: int = 4000) -> bool:
    """Whether a document's paragraphs run over several lines, broken inside sentences
    (hard-wrapped text, book and OCR pages, PDF extraction), rather than one paragraph
    a line (scraped web text).

    Of the lines followed by another line of text, three or more, and three in ten
    or more, end inside a sentence.

    >>> hard_wrapped(["It was the best of times, it was the worst", "of times, it was the age of",
    ...               "wisdom, it was the age of foolishness, it", "was the epoch of belief."])
    True
    >>> hard_wrapped(["One paragraph, one line.", "", "Another one.", "And a third."])
    False
    """
    pairs = broken = 0
    for a, b in zip(lines, lines[1:]):
        if not a.strip() or not b.strip():
            continue
        pairs += 1
        broken += _ENDS_SENTENCE_RE.search(a) is None
        if pairs >= max_pairs:
            break
    return broken >= 3 and broken * 10 >= pairs * 3


# -- language ------------------------------------------------------------------------

# Characters: a document's language shows in its first paragraphs, and py3langid walks
# its input byte by byte in Python (about a microsecond a byte).
_LANG_SAMPLE = 3_000
_LETTERS_RE = regex.compile(r"\p{L}+")
# Below this many letters a guess is a guess: no language is stated.
_MIN_LETTERS = 40
# The language identifier's probability a guess needs (py3langid, normalised).
_MIN_PROBABILITY = 0.9


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's identifier with normalised probabilities (loaded once, ~0.6 s)."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:  # pragma: no cover - a core dependency
        return None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or ``None`` when unsure.

    py3langid (a model shipped in the package: nothing is downloaded) over the
    first 3,000 characters; ``None`` below 40 letters, under 0.9 probability, or
    when the halves of a longer sample disagree (a mixed-language document).

    >>> detect_language("The committee will meet again on Tuesday to discuss the budget.")
    'en'
    >>> detect_language("OK") is None
    True
    """
    sample = text[:_LANG_SAMPLE]
    letters = sum(len(m) for m in _LETTERS_RE.findall(sample))
    if letters < _MIN_LETTERS:
        return None
    ident = _identifier()
    if ident is None:  # pragma: no cover
        return None
    lang, prob = ident.classify(sample)
    if prob < _MIN_PROBABILITY:
        return None
    if letters >= 1500:
        half = len(sample) // 2
        cut = sample.find("\n", half)
        cut = half if cut < 0 else cut
        for part in (sample[:cut], sample[cut:]):
            other, p = ident.classify(part)
            if other != lang and p >= 0.5:
                return None
    return str(lang)


# -- the facts -----------------------------------------------------------------------


class Facts:
    """A document's facts, each computed on first use and then kept.

    ``lang`` states the language instead of detecting it (an ISO 639-1 code).
    """

    def __init__(self, text: str, *, lang: str | None = None) -> None:
        self.text = text
        self._lang = lang

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def language(self) -> str | None:
        """ISO 639-1 code of the document's language, or ``None`` (unknown or mixed)."""
        if self._lang is not None:
            return self._lang.split("-")[0].lower() or None
        return detect_language(self.text)

    @property
    def language_stated(self) -> bool:
        """Whether the caller stated the language (``lang=``) rather than it being guessed."""
        return self._lang is not None

    @cached_property
    def markdown(self) -> bool:
        """Markdown structure (:func:`is_markdown`): written in Markdown, or a web page
        converted to it (:attr:`converted` tells which)."""
        return is_markdown(self.text)

    @cached_property
    def converted(self) -> bool:
        """A web page converted to Markdown by a program (:func:`converted_page`)."""
        return converted_page(self.text)

    @cached_property
    def handwritten_markdown(self) -> bool:
        """Markdown written by hand: Markdown structure and no evidence of a converted
        page. Its links are its author's; a converted page's are link residue."""
        return self.markdown and not self.converted

    @cached_property
    def markdown_source(self) -> bool:
        """Structure only a Markdown source has (:func:`markdown_source`)."""
        return markdown_source(self.text)

    @cached_property
    def code(self) -> bool:
        """Source code (:func:`looks_like_code`)."""
        return looks_like_code(self.lines)

    @cached_property
    def ocr_possible(self) -> bool:
        """Whether the document can be an OCR engine's page text (:func:`not_ocr_output`)."""
        return not (self.code or _markup_or_typed(self.text))

    @cached_property
    def hard_wrapped(self) -> bool:
        """Paragraphs of several lines: lines broken inside sentences (:func:`hard_wrapped`)."""
        return hard_wrapped(self.lines)

    @cached_property
    def program_wrapped(self) -> bool:
        """Lines filled to a fixed width by a program (:func:`program_wrapped`)."""
        return program_wrapped(self.lines)


_CURRENT: ContextVar[Facts | None] = ContextVar("textmend_facts", default=None)


@contextmanager
def document(text: str, *, lang: str | None = None) -> Iterator[Facts]:
    """The scope of one document's run: :func:`facts_of` answers from its facts."""
    token = enter_document(text, lang)
    try:
        yield _CURRENT.get()  # type: ignore[misc]
    finally:
        leave_document(token)


def enter_document(text: str, lang: str | None = None) -> Token[Facts | None]:
    """Open a document's scope (the pipeline's form of :func:`document`, cheaper than a
    context manager on short documents); close it with :func:`leave_document`."""
    return _CURRENT.set(Facts(text, lang=lang))


def leave_document(token: Token[Facts | None]) -> None:
    _CURRENT.reset(token)


def facts_of(doc: str | list[str]) -> Facts:
    """The facts of the document being cleaned, or, outside a run, fresh ones for
    ``doc`` (its text, or its lines as a document stage gets them)."""
    current = _CURRENT.get()
    if current is not None:
        return current
    return Facts(doc if isinstance(doc, str) else "\n".join(doc))
