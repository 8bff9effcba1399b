"""HTML entities, entity residue, URL debris and markup residue.

Four line stages for what HTML-to-text conversion leaves behind:

- ``markup_residue``: stray tags and Markdown link syntax;
- ``html_entities``: complete entities (``&amp;``, ``&#39;``, ``&amp;amp;``);
- ``entity_residue``: entities that lost their ``&``, ``#`` or ``;``
  (``Don39t``, ``AT amp;T``, `` quot;Hello quot;``);
- ``url_debris``: percent-encoded path residue glued onto words (the seed's
  ``of.com2F242F252Fe9e4…``), tracking-parameter tails, optionally URLs.

Every pattern here is linear: no nested quantifier can backtrack, long runs are
matched by one possessive or bounded quantifier, and per-token work is done on
tokens found once. Lines that look like source code are left alone by all four.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, replace
from html.entities import html5
from typing import ClassVar, Literal
from urllib.parse import unquote

import regex

from textmend.scan import join_triggers
from textmend.stage import DocumentStage, Edit, LineStage

__all__ = ["STAGES", "EntityResidue", "HtmlBreaks", "HtmlEntities", "MarkupResidue", "UrlDebris"]

# -- shared ------------------------------------------------------------------------

# Signals of a line of source code: braces, comparison and arrow operators, a
# statement ending in ");" or a literal, a `key: "value"` entry, a keyword at
# the start of the line.
# Entities and tags in code are data (escapeHtml tests, C's `int quot;`).
# (The reference form; ``looks_like_code`` uses the two faster parts below.)
_CODE_LINE_RE = re.compile(
    r"[{}]|==|=>|&&|\|\||[)\]'\"];\s*$|['\"],\s*$|\)\s*;|\w\(['\"]|\w\.\w+\(|\$\w+\s*=|"
    r"^\s*[\w\"']+:\s*[\"'\[{]|"
    r"^\s*(?:#include|#define|import\s|from\s+\S+\s+import|def\s|class\s|return\b|var\s|"
    r"let\s|const\s|function\b|public\s|private\s|protected\s|static\s|typedef\s|"
    r"struct\s|if\s*\(|for\s*\(|while\s*\(|//|/\*|\*\s|<\?php|\w+\s*=\s*['\"\[(])"
)
# ``_CODE_LINE_RE`` in two parts that run faster (it is tried at every position):
# the signals found anywhere, each starting on a punctuation character (the
# fast path's scan machinery puts them behind one class), and the line-start
# signals, matched once at the start.
_CODE_ANYWHERE_RE = join_triggers(
    [
        re.compile(
            r"[{}]|==|=>|&&|\|\||[)\]'\"];\s*$|['\"],\s*$|\)\s*;|\((?<=\w\()['\"]"
            r"|\.(?<=\w\.)\w+\(|\$\w+\s*="
        )
    ]
)
_CODE_START_RE = re.compile(
    r"\s*[\w\"']+:\s*[\"'\[{]|"
    r"\s*(?:#include|#define|import\s|from\s+\S+\s+import|def\s|class\s|return\b|var\s|"
    r"let\s|const\s|function\b|public\s|private\s|protected\s|static\s|typedef\s|"
    r"struct\s|if\s*\(|for\s*\(|while\s*\(|//|/\*|\*\s|<\?php|\w+\s*=\s*['\"\[(])"
)
# A C-style declaration of a variable named like an entity: `long quot;`.
_DECLARATION_RE = re.compile(
    r"^\s*(?:(?:unsigned|signed|long|short|const|static|volatile|int|char|float|double|"
    r"bool|void|size_t|\w+_t|[A-Z]\w*(?:<\w+>)?)\s+)+\**(?:quot|amp|lt|gt|nbsp);\s*$"
)


def looks_like_code(line: str) -> bool:
    """True when ``line`` carries signals of source code."""
    return (
        _CODE_START_RE.match(line) is not None
        or _CODE_ANYWHERE_RE.search(line) is not None
        or _DECLARATION_RE.match(line) is not None
    )


def _is_control(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text)


# HTML element names an HTML-to-text converter leaves behind. Not: ticker
# symbols (<TXN.N>), placeholders (<URL>, <#>), e-mail and autolinks.
_ELEMENTS = (
    "a|abbr|article|aside|audio|b|big|blockquote|body|br|button|caption|center|cite|code|"
    "col|dd|del|details|div|dl|dt|em|figcaption|figure|font|footer|form|h[1-6]|head|header|"
    "hr|html|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta|nav|noscript|ol|option|"
    "p|picture|pre|q|s|script|section|select|small|source|span|strike|strong|style|sub|"
    "summary|sup|svg|table|tbody|td|textarea|tfoot|th|thead|time|title|tr|tt|u|ul|video|wbr"
)
_VOID = frozenset({"br", "hr", "img", "wbr", "input", "meta", "link", "source", "col"})
_BLOCK = frozenset(
    "p div br hr li ul ol dl dd dt tr td th table tbody thead tfoot h1 h2 h3 h4 h5 h6 "
    "section article header footer nav main aside blockquote center pre figure "
    "figcaption form title body html head".split()
)
# Attributes: name, optionally `= value`; every quantifier possessive or bounded.
_ATTRS = (
    r"(?:\s++[A-Za-z_:][-\w:.]{0,60}+(?:\s*+=\s*+(?:\"[^\"<>]{0,1000}+\"|'[^'<>]{0,1000}+'"
    r"|[^\s\"'<>=`]{1,1000}+))?+){0,40}+"
)
# "the <b> tag", "`<p>`": text about a tag, not residue.
_TAG_WORD = r"\s*(?:tags?|elements?)\b"
_TALK_BEFORE = "`'\"\u2018\u201c"  # the character just before the tag: an opening quote
_TALK_AFTER = "`'\"\u2019\u201d"  # just after it: a closing quote
_TALK_AFTER_RE = re.compile(_TAG_WORD + "|[" + _TALK_AFTER + "]", re.I)


def _pick_tags(
    spans: list[tuple[int, int, str, bool, bool, bool]], text: str
) -> list[tuple[int, int]]:
    """The tag spans that are residue: ``(start, end, name, closing, attrs, selfclose)``.

    A closing tag, a tag with ``=`` attributes, a self-closing or void tag, a
    block-level opening tag, or an inline opening tag whose closer follows, unless
    the text talks about the tag ("the <b> tag", "`<p>`").
    """
    closers: dict[str, int] = {}
    for start, _end, name, closing, _a, _s in spans:
        if closing:
            closers[name] = start  # the last closer of each name
    out = []
    for start, end, name, closing, attrs, selfclose in spans:
        if _TALK_AFTER_RE.match(text, end) or (start > 0 and text[start - 1] in _TALK_BEFORE):
            if not attrs:
                continue
        if (
            closing
            or attrs
            or selfclose
            or name in _VOID
            or name in _BLOCK
            or closers.get(name, -1) > start
        ):
            out.append((start, end))
    return out


def _remove_spans(text: str, spans: list[tuple[int, int]], breaks: set[int]) -> str:
    """Remove ``spans`` (sorted, disjoint), merging runs separated by whitespace.

    A removed run between two non-space characters becomes one space when it
    held a line-breaking tag (its start is in ``breaks``), nothing otherwise; a
    run between two spaces takes one of them along.
    """
    if not spans:
        return text
    runs: list[list[int]] = []
    for s, e in spans:
        if runs and not text[runs[-1][1] : s].strip():
            runs[-1][1] = e
            runs[-1][2] |= s in breaks
        else:
            runs.append([s, e, s in breaks])
    pieces = []
    done = 0
    for s, e, brk in runs:
        left = text[s - 1] if s > 0 else " "
        right = text[e] if e < len(text) else " "
        fill = ""
        if left.isspace() and right.isspace():
            if s > 0:
                s -= 1  # "a </p> b" -> "a b"
            elif e < len(text):
                e += 1
        elif brk and not left.isspace() and not right.isspace():
            fill = " "
        pieces.append(text[done:s])
        pieces.append(fill)
        done = e
    pieces.append(text[done:])
    return "".join(pieces)


# -- markup_residue ----------------------------------------------------------------

_TAG_RE = regex.compile(r"<(/?)(" + _ELEMENTS + r")\b(" + _ATTRS + r")\s*+(/?)>", regex.I)
# A line that is markup from end to end (a row of an HTML table in a Markdown file).
# Also a Markdown heading or table row: HTML there is Markdown source by design.
_MARKUP_LINE_RE = regex.compile(
    r"^\s*+(?:<[^<>]{0,1000}+>\s*+)++$"
    r"|^\s*+</?(?:" + _ELEMENTS + r")\b[^<>]{0,1000}+>.*<[^<>]{0,1000}+>\s*$"
    r"|^#{1,6} |^\s*\|",
    regex.I,
)
_LINK_TARGET = (
    r"\(\s*+<?(?:https?://|ftp://|www\.|mailto:|/|\.\.?/|#)[^\s()<>]*+"
    r"(?:\([^\s()<>]*+\)[^\s()<>]*+)*+>?(?:\s++\"[^\"\n]{0,300}+\")?\s*+\)"
)
_LINK_RE = regex.compile(r"( ?)(!?)\[([^\[\]\n]{0,500}+)\]" + _LINK_TARGET)
# "[]" standing between two words (a link whose text and target were lost); not
# "x = []" or "int a[]".
_EMPTY_BRACKETS_RE = re.compile(r"(?<=[A-Za-z.,;:!?]) \[\](?= [A-Za-z])")


# Structure only a document written in Markdown has: fenced code, table rules,
# link definitions; headings count together with lists or inline code.
# (Whole-document patterns: "[ \t]", never "\s", after "^", or a run of blank lines
# would be scanned again from each of its line starts.)
_MD_STRONG_RE = re.compile(r"^(?:```|~~~|[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|)|^\[[^\]\n]+\]:[ \t]+\S", re.M)
_MD_HEADING_RE = re.compile(r"^#{1,6} \S", re.M)
_MD_BLOCK_RE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}\.) \S|`[^`\n]+`", re.M)
_MD_LIST_RE = re.compile(r"^[ \t]*[-*+] \S", re.M)
_MD_TABLE_ROW_RE = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
# A line holding only a table or list tag: an HTML block written into a Markdown
# file ("<table>", "  <tr>"). Scraped residue leaves tags inside the text.
_HTML_BLOCK_LINE_RE = re.compile(
    r"^[ \t]*</?(?:table|thead|tbody|tfoot|tr|ul|ol|dl)\b[^<>\n]{0,200}>[ \t]*$", re.M | re.I
)


def is_markdown(text: str) -> bool:
    """Whether ``text`` is written in Markdown by design, not scraped text with link residue.

    >>> is_markdown("# Install\\n\\n- run `pip install x`\\n- see [docs](https://x.org)")
    True
    >>> is_markdown("Read [the report](https://example.com/r) now.\\n\\nMore news.")
    False
    """
    if _markdown_source(text):
        return True
    if _MD_HEADING_RE.search(text) is not None and _MD_BLOCK_RE.search(text) is not None:
        return True
    # Headings set out in two places and a link: a README or CONTRIBUTING file.
    if "](" in text and _at_least(_MD_HEADING_RE, text, 2):
        return True
    # Three list items, or two table rows, set out the way only Markdown sets them.
    return _at_least(_MD_LIST_RE, text, 3) or _at_least(_MD_TABLE_ROW_RE, text, 2)


_MD_CODE_SPAN_RE = re.compile(r"`[^`\n]+`")


def _markdown_source(text: str) -> bool:
    """Structure only a Markdown source has (fences, table rules, link definitions,
    an HTML block of two lines or more that are a table or list tag alone, a
    heading with inline code), not lists and headings alone."""
    if _MD_STRONG_RE.search(text):
        return True
    if "<" in text and _at_least(_HTML_BLOCK_LINE_RE, text, 2):
        return True
    return _MD_HEADING_RE.search(text) is not None and _MD_CODE_SPAN_RE.search(text) is not None


def _at_least(pattern: re.Pattern[str], text: str, n: int) -> bool:
    found = pattern.finditer(text)
    return all(next(found, None) is not None for _ in range(n))


@dataclass(frozen=True, kw_only=True)
class MarkupResidue(LineStage):
    """Remove stray HTML tags and Markdown link syntax left by HTML-to-text converters.

    Removes closing tags and tags with attributes of known HTML elements
    (``</p>``, ``<span class="x">``), void and block tags (``<br />``, ``<p>``),
    an inline opening tag whose closer follows; turns ``[text](https://…)`` into
    ``text`` and drops an image reference or link with no text. A ``<br>`` run
    between two words becomes one space (a line stage cannot split the line).

    Leaves alone: text about tags (``use the <b> tag``), comparisons and code
    (``a < b > c``, ``if (a<b && c>d)``), addresses and autolinks in angle
    brackets, ticker symbols (``<TXN.N>``), lines of code, and with
    ``tags="auto"`` lines that are markup from end to end (an HTML table row in a
    Markdown file). ``markdown="auto"`` (the default) leaves Markdown syntax in
    documents written in Markdown (:func:`is_markdown`), ``"keep"`` always does.

    >>> MarkupResidue().fix_line("Great film.<br /><br />The cast was superb.")
    'Great film. The cast was superb.'
    >>> MarkupResidue().fix_line("Read [the report](https://example.com/r) now.")
    'Read the report now.'
    >>> MarkupResidue().fix_line("Use the <b> tag; note that a < b > c.")
    'Use the <b> tag; note that a < b > c.'
    """

    name: ClassVar[str] = "markup_residue"
    summary: ClassVar[str] = "Remove stray HTML tags and Markdown link syntax."
    # Anchored on "<" + an element name, on "](" and on "[]": rare in prose.
    trigger: ClassVar[re.Pattern[str]] = re.compile(
        r"</?(?:" + _ELEMENTS + r")\b|\]\(|\[\]", re.I
    )

    # Markdown links and images: "auto" keeps them in a document written in
    # Markdown (headings with lists, code fences, tables, link definitions) and
    # strips them from scraped text; a lone line (fix_line) is stripped.
    markdown: Literal["auto", "strip", "keep"] = "auto"
    tags: Literal["auto", "strip", "keep"] = "auto"  # auto: not in all-markup lines

    def for_document(self, text: str) -> MarkupResidue:
        if self.markdown != "auto":
            return self
        return replace(self, markdown="keep" if is_markdown(text) else "strip")

    def explain_line(self, line: str) -> tuple[str, str]:
        if looks_like_code(line):
            return line, ""
        rules = []
        new = line
        # Markdown allows inline HTML: a document kept as Markdown keeps its tags too.
        if self.tags != "keep" and self.markdown != "keep" and "<" in new:
            if not (self.tags == "auto" and _MARKUP_LINE_RE.match(new)):
                spans = [
                    (m.start(), m.end(), m.group(2).lower(), bool(m.group(1)),
                     "=" in m.group(3), bool(m.group(4)))
                    for m in _TAG_RE.finditer(new)
                ]
                picked = _pick_tags(spans, new)
                if picked:
                    breaks = {s for s, _e, n, *_ in spans if n in _BLOCK}
                    new = _remove_spans(new, picked, breaks)
                    rules.append("tag")
        if self.markdown != "keep" and ("](" in new or "[]" in new):
            kinds: set[str] = set()

            def link(m: regex.Match[str]) -> str:
                space, bang, text = m.group(1, 2, 3)
                if text.strip() and not bang:
                    kinds.add("markdown_link")
                    return space + text
                if bang and text.strip():  # an image with alt text: left alone
                    return m.group()
                kinds.add("markdown_image" if bang else "empty_link")
                end = m.end()
                return "" if end >= len(m.string) or m.string[end].isspace() else space

            linked = _LINK_RE.sub(link, new)
            if "[]" in linked:
                emptied = _EMPTY_BRACKETS_RE.sub("", linked)
                if emptied != linked:
                    kinds.add("empty_brackets")
                    linked = emptied
            if linked != new:
                new = linked
                rules.extend(sorted(kinds))
        return new, "+".join(rules)

    def fix_line(self, line: str) -> str:
        return self.explain_line(line)[0]


# -- html_breaks -------------------------------------------------------------------

# A run of line-breaking tags: <br>, <br/>, <br />, <p>, </p>, with spaces between.
# Every repetition starts on "<", so the run is matched in one pass.
_BREAK_RUN_RE = re.compile(r"(?:<(?:br[ \t]{0,20}/?|/?p)>[ \t]*)+", re.I)
# "the <br> tag", "<p> elements": text about the tag.
_TAG_WORD_RE = re.compile(_TAG_WORD, re.I)


@dataclass(frozen=True, kw_only=True)
class HtmlBreaks(DocumentStage):
    r"""Turn ``<br>`` and ``<p>`` tags inside a line into the line breaks they stood for.

    Scraped text often keeps an HTML page's breaks as tags on one line (the IMDB
    reviews are the best-known case): a run of two or more ``<br>`` or a ``<p>``
    / ``</p>`` becomes a paragraph break (a blank line), one ``<br>`` a line
    break, and a run at the start or end of a line goes. Leaves alone: a
    document written in Markdown (its tables use ``<br>`` inside cells), lines of
    code or lines that are markup from end to end, and text about the tags
    (``the <br> tag``, ``"<p>"``).

    >>> from textmend import Pipeline
    >>> Pipeline(["html_breaks"]).clean("Great film.<br /><br />The cast was superb.")
    'Great film.\n\nThe cast was superb.'
    >>> Pipeline(["html_breaks"]).clean("12 Main Street<br>Springfield")
    '12 Main Street\nSpringfield'
    >>> Pipeline(["html_breaks"]).clean("Use the <br> tag for a line break.")
    'Use the <br> tag for a line break.'
    """

    name: ClassVar[str] = "html_breaks"
    summary: ClassVar[str] = "Turn <br> and <p> tags inside a line into line and paragraph breaks."

    # "auto" leaves a document written in Markdown alone (is_markdown); "strip"
    # splits every document; "keep" none.
    markdown: Literal["auto", "strip", "keep"] = "auto"

    def precheck(self, text: str) -> bool:
        return "<" in text and _BREAK_RUN_RE.search(text) is not None

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        if self.markdown == "keep" or (self.markdown == "auto" and is_markdown("\n".join(lines))):
            return lines, []
        out: list[str] = []
        edits: list[Edit] = []
        for i, line in enumerate(lines):
            parts, rule = _split_breaks(line) if "<" in line else ([line], "")
            if rule:
                edits.append(self.edit(rule, i, [line], parts))
            out.extend(parts)
        return out, edits


def _split_breaks(line: str) -> tuple[list[str], str]:
    """The pieces of ``line`` between its break runs, blank pieces for paragraph breaks."""
    runs = [m for m in _BREAK_RUN_RE.finditer(line) if not _talked_about(line, m.start(), m.end())]
    if not runs or looks_like_code(line) or _MARKUP_LINE_RE.match(line):
        return [line], ""
    parts: list[str] = []
    kinds: set[str] = set()
    current = ""
    done = 0
    content_end = len(line.rstrip())  # nothing but whitespace after this
    for m in runs:
        current += line[done : m.start()]
        done = m.end()  # the run took the spaces after it along
        if not current.strip():  # a run at the start of the line
            kinds.add("leading")
            current = ""
            continue
        if done >= content_end:  # a run at the end of the line
            kinds.add("trailing")
            continue
        run = m.group().lower()
        paragraph = "p>" in run or run.count("<br") > 1
        kinds.add("paragraph" if paragraph else "line")
        parts.append(current.rstrip(" \t"))
        if paragraph:
            parts.append("")
        current = ""
    current += line[done:]
    parts.append(current.rstrip(" \t") if "trailing" in kinds else current)
    return parts, "+".join(sorted(kinds))


def _talked_about(line: str, start: int, end: int) -> bool:
    """Whether the tag run is quoted (``"<br>"``) or named as a tag (``<br> tag``)."""
    quoted = start > 0 and line[start - 1] in _TALK_BEFORE and end < len(line) and line[end] in _TALK_AFTER
    return quoted or _TAG_WORD_RE.match(line, end) is not None


# -- html_entities -----------------------------------------------------------------

# Named entities safe to decode without ";" (a subset of the HTML5 legacy set):
# not the ones that are words or URL parameters ("&not", "&times", "&para",
# "&sect", "&cent", "&deg", "&reg"ion...) and not the upper-case spellings.
_LEGACY_UNSAFE = frozenset(
    "not para sect times micro cent yen deg reg uml shy eth ETH macr ordf ordm acute cedil "
    "divide THORN thorn AMP LT GT QUOT COPY REG curren".split()
)
_LEGACY = frozenset(k for k in html5 if not k.endswith(";")) - _LEGACY_UNSAFE
# An entity, after any number of "&amp;" layers (double escaping): decoded in one
# step, so "&amp;amp;amp;" costs one match, not one pass per layer. The layer
# loop gives back at most one layer (the last "amp;" is then the body).
_ENTITY_RE = regex.compile(
    r"&((?:amp;|#0*+38;|#[xX]0*+26;)*)"
    r"(?:#([0-9]{1,8}+)(;?)|#[xX]([0-9A-Fa-f]{1,8}+)(;?)|([A-Za-z][A-Za-z0-9]{1,31}+)(;?))"
)
# "&lt;b&gt;", "&lt;/A&gt;", "&lt;FONT face=...&gt;": markup that was escaped once
# more; the attribute part is bounded so a lone "&lt;a " cannot scan the line.
_ESCAPED_TAG_RE = regex.compile(
    r"&(?:amp;)*+lt;(/?)(" + _ELEMENTS + r")\b((?:\s[^<>\n]{0,1000}?)?)\s*(/?)&(?:amp;)*+gt;",
    regex.I,
)
_MARKUP_SAFE_OUT = frozenset("<>&")


def _decode_entity(m: regex.Match[str], markup: bool) -> str:
    layers = m.group(1)
    dec, semi, hexa, hsemi, name, nsemi = m.group(2, 3, 4, 5, 6, 7)
    out: str | None = None
    if dec is not None:
        out = html.unescape(f"&#{dec};")
        if int(dec) == 0 or out == "\ufffd" and int(dec) != 0xFFFD:
            out = None
    elif hexa is not None:
        out = html.unescape(f"&#x{hexa};")
        if int(hexa, 16) == 0 or out == "\ufffd" and int(hexa, 16) != 0xFFFD:
            out = None
    elif name is not None:
        if nsemi and name + ";" in html5:
            out = html5[name + ";"]
        elif name in _LEGACY:
            end = m.end()
            if not (end < len(m.string) and m.string[end] in "=_"):  # "?a=1&copy=2", "&copy_x"
                out = html5[name] + nsemi
    if out is not None and _is_control(out):
        out = None
    if markup and (layers or out is None or _MARKUP_SAFE_OUT.intersection(out)):
        return m.group()
    if out is None:
        # Undecodable body: only the "&amp;" layers come off ("&amp;foo" -> "&foo").
        return m.group() if not layers else "&" + m.group()[1 + len(layers) :]
    return out


def _strip_escaped_tags(line: str) -> str:
    spans = [
        (m.start(), m.end(), m.group(2).lower(), bool(m.group(1)), "=" in m.group(3),
         bool(m.group(4)))
        for m in _ESCAPED_TAG_RE.finditer(line)
    ]
    picked = []
    kept = {(s, e) for s, e in _pick_tags(spans, line)}
    # Only closers, tags with attributes, paired openers, and void/block tags that
    # touch another escaped tag: "&lt;br&gt;" alone in prose may be text about it.
    chosen = set()
    for i, (s, e, name, closing, attrs, _selfclose) in enumerate(spans):
        if (s, e) not in kept:
            continue
        strong = closing or attrs or any(
            sp[3] and sp[2] == name and sp[0] > s for sp in spans
        )
        if strong:
            chosen.add(i)
    for i, (s, e, *_rest) in enumerate(spans):
        if i in chosen or (s, e) not in kept:
            continue
        near = (i > 0 and spans[i - 1][1] == s and i - 1 in chosen) or (
            i + 1 < len(spans) and spans[i + 1][0] == e and i + 1 in chosen
        )
        if near:
            chosen.add(i)
    picked = [(spans[i][0], spans[i][1]) for i in sorted(chosen)]
    breaks = {s for s, _e, n, *_ in spans if n in _BLOCK}
    return _remove_spans(line, picked, breaks)


# Real tags on the line: its entities are markup, not text.
_REAL_TAG_RE = regex.compile(
    r"</(?:" + _ELEMENTS + r")\s*>|<(?:" + _ELEMENTS + r")\b" + _ATTRS + r"\s*+/?>", regex.I
)


@dataclass(frozen=True, kw_only=True)
class HtmlEntities(LineStage):
    """Decode complete HTML entities: ``&amp;``, ``&#39;``, ``&#x27;``, ``&nbsp;``.

    Also: numeric entities without ``;`` (``it&#39s``), the HTML5 legacy named
    entities without ``;`` that are not words (``&amp``, ``&lt``, ``&copy``, not
    ``&not`` or ``&times``, never before ``=`` as in a URL query), and double
    escaping (``&amp;amp;``, ``&amp;#39;``), decoded in one step so that the
    output never holds an entity the stage would decode again. With
    ``escaped_tags="strip"``, escaped markup (``&lt;b&gt;...&lt;/b&gt;``,
    ``&lt;A HREF="…"&gt;``) is removed rather than decoded into tags; a lone
    ``&lt;b&gt;`` in prose decodes to ``<b>``.

    Leaves alone, with ``mode="auto"``: documents written in Markdown
    (:func:`is_markdown`), lines that look like code, and in lines
    with real tags (``<p>``, ``<a href=…>``) the entities that would change the
    markup (``&lt;``, ``&gt;``, ``&amp;`` and double escaping). Entities that
    would decode to control characters, NUL or invalid code points stay.

    >>> HtmlEntities().fix_line("Tom &amp; Jerry&#39;s &amp;quot;show&amp;quot;")
    'Tom & Jerry\\'s "show"'
    >>> HtmlEntities().fix_line('expect(escape("it\\'s")).toBe("it&#x27;s");')
    'expect(escape("it\\'s")).toBe("it&#x27;s");'
    """

    name: ClassVar[str] = "html_entities"
    summary: ClassVar[str] = "Decode complete HTML entities (&amp; &#39; &nbsp; &amp;amp;)."
    trigger: ClassVar[re.Pattern[str]] = re.compile(r"&(?:#[0-9xX]|[A-Za-z][A-Za-z0-9])")

    mode: Literal["auto", "always", "never"] = "auto"
    escaped_tags: Literal["strip", "keep"] = "strip"

    def for_document(self, text: str) -> HtmlEntities:
        # In a document written in Markdown an entity is its author's escape
        # ("&lt;b&gt;" to show a tag, "&nbsp;" for a fixed space): "auto" keeps it.
        # Only on strong evidence: scraped text has bullet lists and headings too.
        if self.mode == "auto" and _markdown_source(text):
            return replace(self, mode="never")
        return self

    def explain_line(self, line: str) -> tuple[str, str]:
        if self.mode == "never" or "&" not in line:
            return line, ""
        markup = False
        if self.mode == "auto":
            if looks_like_code(line):
                return line, ""
            markup = _REAL_TAG_RE.search(line) is not None
        rules = []
        new = line
        if self.escaped_tags == "strip" and not markup and "lt;" in new:
            stripped = _strip_escaped_tags(new)
            if stripped != new:
                rules.append("escaped_tag")
                new = stripped
        after_tags = new
        double = False
        spellings: dict[str, set[str]] = {}

        def sub(m: regex.Match[str]) -> str:
            nonlocal double
            s, e = m.span()
            text = m.string
            if 0 < s and e < len(text) and text[s - 1] == text[e] and text[e] in "`'\"":
                return m.group()  # "`&amp;`": the entity itself is the subject
            out = _decode_entity(m, markup)
            if out != m.group():
                if m.group(1):
                    double = True
                elif (s == 0 or text[s - 1] in " (") and (e == len(text) or text[e] in " ,;)"):
                    spellings.setdefault(out, set()).add(m.group())  # a standalone entity
            return out

        for _ in range(4):  # a decoded "&" could start a new entity ("&#38;lt;")
            decoded = _ENTITY_RE.sub(sub, new)
            if decoded == new:
                break
            new = decoded
            if markup:
                break
        if any(len(v) > 1 for v in spellings.values()):
            # "(e.g. &gt;, &#62;)": two standalone spellings of one character, a text
            # about entities (Python's html module docstring).
            return line, ""
        if new != after_tags:
            rules.append("double_escaped" if double else "entity")
        return new, "+".join(rules)

    def fix_line(self, line: str) -> str:
        return self.explain_line(line)[0]


# -- entity_residue ----------------------------------------------------------------

# Code points whose stripped numeric entity we restore: punctuation and symbols
# that scrapers mangle, Latin-1 and Windows-1252 quotes. Not CSS colours (#333;).
_NUMERIC_OK = frozenset(
    [33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 58, 59, 60, 61, 62, 63, 64]
    + [91, 93, 95, 123, 125, 126]
    + list(range(145, 152)) + [133, 160, 161, 163, 165, 169, 171, 174, 176, 180, 183, 187, 191]
    + [8211, 8212, 8216, 8217, 8218, 8220, 8221, 8222, 8226, 8230, 8242, 8243, 8364, 8482]
)
_NAMED_RESIDUE = {
    "quot": '"', "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": "\u00a0",
    "hellip": "\u2026", "mdash": "\u2014", "ndash": "\u2013", "rsquo": "\u2019",
    "lsquo": "\u2018", "rdquo": "\u201d", "ldquo": "\u201c", "laquo": "\u00ab",
    "raquo": "\u00bb", "copy": "\u00a9", "eacute": "\u00e9",
}
_NAMED = "|".join(sorted(_NAMED_RESIDUE, key=len, reverse=True))
# Residue with its ";": " #39;s", "it#39;s", " quot;Hello", "ATamp;T". One space
# before it is the "&" some scrapers (AG News) turned into a space: it goes too.
_RESIDUE_RE = re.compile(
    r" ?(?<![0-9_#&:=/])#([0-9]{2,4});"
    r"| ?(?<![&#])\b(" + _NAMED + r");"
    r"|(?<=[A-Z])(amp);(?=[A-Z])"
    r"|&(amp|quot)(?=[A-Z])"
)
# "copy;" is also an English word with a semicolon: it is "&copy;" only before a
# year ("copy; 2004 Reuters") or after "Copyright".
_COPYRIGHT_CONTEXT_RE = re.compile(r"(?i:copyright) ?copy;|copy; ?[12][0-9]{3}\b")
# A contraction whose apostrophe is a bare entity number: "Don39t", "it#39s",
# "wasn\8217t", "I39m", "O39Brien", "DON39T".
_CONTRACTION_RE = re.compile(
    r"(?<![\w#&\\])((?:[A-Za-z]*[a-z]|[A-Z]{3,}|I))[#\\]?(39|8217|146)"
    r"((?:s|t|re|ve|ll|d|m)(?![\w])|(?:S|T|RE|VE|LL|D|M)(?![\w]))"
    r"|(?<![\w#&\\])([OD])(39|8217|146)(?=[A-Z][a-z])"
)
# Typographic entity numbers glued into words: "8220Hello8221", "word8212word",
# "end8230". Pairs only for quotes; dashes between letters; an ellipsis after one.
_QUOTE_NUM_RE = re.compile(
    r"(?:(?<=[\s(\[\"'])|^)(8220|8216|39)(?=[A-Za-z])"
    r"|(?<=[a-z.,!?])(8221|8217|39)(?=[\s.,;:!?)\]]|$)"
)
_GLUED_RE = re.compile(r"(?<=[a-z])(8211|8212)(?=[A-Za-z])|(?<=[a-z]{2})(8230)(?=[\s.,;:!?)]|$)")
_PAIRS = {"8220": ("8221", "\u201c", "\u201d"), "8216": ("8217", "\u2018", "\u2019"),
          "39": ("39", "'", "'")}
# After an opening "39": not a unit, ordinal or plural ("39th", "39km", "39ers").
_NOT_QUOTED_RE = re.compile(
    r"(?:th|st|nd|rd|s|ers|km|kg|mm|cm|ml|mg|mph|ft|in|am|pm|m|g|k|x|yrs?|yo|mp|gb|mb)\b",
    re.I,
)


def _pair_quotes(line: str) -> str:
    """Turn entity numbers standing as quotes into quotes when they pair up."""
    marks = list(_QUOTE_NUM_RE.finditer(line))
    if len(marks) < 2:
        return line
    repl: list[tuple[int, int, str]] = []
    i = 0
    while i < len(marks) - 1:
        a, b = marks[i], marks[i + 1]
        opener, closer = a.group(1), b.group(2)
        if (
            opener is not None
            and closer is not None
            and _PAIRS[opener][0] == closer
            and 0 < b.start() - a.end() <= 200
            and not (opener == "39" and _NOT_QUOTED_RE.match(line, a.end()))
            and not any(ch.isdigit() for ch in line[a.end() : b.start()])
        ):
            _, left, right = _PAIRS[opener]
            repl.append((a.start(), a.end(), left))
            repl.append((b.start(), b.end(), right))
            i += 2
        else:
            i += 1
    if not repl:
        return line
    out = []
    done = 0
    for s, e, text in repl:
        out.append(line[done:s])
        out.append(text)
        done = e
    out.append(line[done:])
    return "".join(out)


def _word_around(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` sits in a word of letters, not a hex hash.

    The letters on each side (looked at up to 40 characters, so the cost stays
    bounded) must not touch a digit (``b5a8212d34`` is a commit hash), and the
    word must not sit between hyphens or slashes (a URL slug).
    """
    i = start
    while i > 0 and start - i < 40 and text[i - 1].isalpha():
        i -= 1
    j = end
    while j < len(text) and j - end < 40 and text[j].isalpha():
        j += 1
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    if before in "-/" and after in "-/":
        return False  # a slug: "ignoreidl-don39t-process"
    return not before.isdigit() and not after.isdigit() and before != "_" and after != "_"


def _glued(m: re.Match[str]) -> str:
    if not _word_around(m.string, m.start(), m.end()):
        return m.group()
    return html.unescape(f"&#{m.group(1) or m.group(2)};")


@dataclass(frozen=True, kw_only=True)
class EntityResidue(LineStage):
    """Restore characters whose HTML entity lost its ``&``, ``#`` or ``;``.

    Repairs, each only where the context proves it: ``#39;`` / ``quot;`` /
    ``amp;`` residue (``Karzai #39;s``, `` quot;Hello quot;``, ``AT amp;T``,
    ``ATamp;T``, ``AT&ampT``), entity numbers in contractions (``Don39t``,
    ``it8217s``, ``O39Brien``), typographic numbers glued to words
    (``8220Hello8221``, ``word8212word``) and ``39`` used as a quote when an
    opening and a closing one pair up on the line.

    Leaves alone: numbers (``Room 39``, ``B-39``, ``49ers``, ``1939s``, ``39th``,
    ``39km``, ``0x39``), colour codes (``#393939``, ``color: #333;``), hex hashes,
    words that contain an entity name (``quota``, ``camp``, ``example``), a
    single ``39`` with no partner, and lines of code (``int quot;``).

    >>> EntityResidue().fix_line("Don39t say  quot;never quot; at AT amp;T")
    'Don\\'t say "never" at AT&T'
    >>> EntityResidue().fix_line("Room 39 of the 1939s camp, example #393939;")
    'Room 39 of the 1939s camp, example #393939;'
    """

    name: ClassVar[str] = "entity_residue"
    summary: ClassVar[str] = "Restore entities that lost their & # or ; (Don39t, quot;)."
    # A "#N;" or "name;" residue, "&amp"/"&quot" before a capital, or an entity
    # number glued to a letter on either side.
    trigger: ClassVar[re.Pattern[str]] = re.compile(
        r"#[0-9]{2,4};|&(?:amp|quot)[A-Z]"
        # "name;" found from its ";" (a pattern that starts with a letter would be
        # tried at every letter of the text): one look-behind per width.
        r"|;(?:(?<=quot;)|(?<=amp;)|(?<=[lg]t;)|(?<=apos;)|(?<=nbsp;)|(?<=hellip;)"
        r"|(?<=[mn]dash;)|(?<=[lr][sd]quo;)|(?<=[lr]aquo;)|(?<=copy;)|(?<=eacute;))"
        r"|(?<![0-9])(?:39|8217|146|8216|8220|8221|8211|8212|8230)[A-Za-z]"
        r"|(?<=[A-Za-z.,!?#\\])(?:39|8217|146|8221|8230)"
    )

    # Set by ``for_document`` in a Markdown source: inline code spans (`` `quot;` ``)
    # show residue on purpose and are left as they are.
    code_spans: bool = False

    def for_document(self, text: str) -> EntityResidue:
        if "`" in text and _markdown_source(text):
            return replace(self, code_spans=True)
        return self

    def explain_line(self, line: str) -> tuple[str, str]:
        if looks_like_code(line):
            return line, ""
        if self.code_spans and "`" in line:
            parts = _MD_CODE_SPAN_RE.split(line)
            if len(parts) > 1:
                codes = _MD_CODE_SPAN_RE.findall(line)
                fixed = [self._explain(part) for part in parts]
                rules = sorted({r for _, rule in fixed for r in rule.split("+") if r})
                out = [fixed[0][0]]
                for code, (part, _) in zip(codes, fixed[1:]):
                    out.append(code + part)
                return "".join(out), "+".join(rules)
        return self._explain(line)

    def _explain(self, line: str) -> tuple[str, str]:
        rules = []
        kinds: set[str] = set()

        def residue(m: re.Match[str]) -> str:
            num, named, glued_amp, amp_quot = m.groups()
            if num is not None:
                n = int(num)
                before = line[max(0, m.start() - 1) : m.start()]
                if n not in _NUMERIC_OK or before in (":", "="):  # CSS "color: #160;"
                    return m.group()
                kinds.add("numeric_residue")
                return html.unescape(f"&#{n};")
            if named == "copy" and not _COPYRIGHT_CONTEXT_RE.search(
                line[max(0, m.start() - 12) : m.end() + 6]
            ):
                return m.group()  # "a copy; the other": the English word
            kinds.add("named_residue")
            return _NAMED_RESIDUE[named or glued_amp or amp_quot]

        new = _RESIDUE_RE.sub(residue, line)
        if new != line:
            rules.extend(sorted(kinds))

        def contraction(m: re.Match[str]) -> str:
            if m.group(4):
                return m.group(4) + ("'" if m.group(5) == "39" else "\u2019")
            stem, num, tail = m.group(1), m.group(2), m.group(3)
            token = stem + num + tail
            if len(token) >= 6 and all(c in "0123456789abcdefABCDEF" for c in token):
                return m.group()  # a hex digest
            if not _word_around(m.string, m.start(), m.end()):
                return m.group()
            return stem + ("'" if num == "39" else "\u2019") + tail

        step = _CONTRACTION_RE.sub(contraction, new)
        if step != new:
            rules.append("contraction")
            new = step
        step = _pair_quotes(new)
        if step != new:
            rules.append("quote")
            new = step
        step = _GLUED_RE.sub(_glued, new)
        if step != new:
            rules.append("glued_number")
            new = step
        return new, "+".join(rules)

    def fix_line(self, line: str) -> str:
        return self.explain_line(line)[0]


# -- url_debris --------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\S+")
_URL_RE = re.compile(r"(?:https?|ftp)://|www\.", re.I)
# Percent-encoded path residue glued to a word or a number: an optional ".com",
# then "2F" with or without "%" / "%25"; the tail runs to the end of the token
# and is checked in Python (hex only, two "2F" or more, 16 characters or more).
_DEBRIS_RE = re.compile(r"(?<=[A-Za-z0-9])(?:\.[a-z]{2,6})?(?=%?(?:25)?2[Ff])\S+")
_DEBRIS_BODY_RE = re.compile(r"[0-9A-Fa-f%]{16,}")
_HEX_WORD_RE = re.compile(r"[0-9A-Fa-f]*")
_OPENERS = "\"'([{<*_\u201c\u2018\u201e\u201a\u00ab\u2039\u300c\u300e"
_TLD_RE = re.compile(r"^\.[a-z]{2,6}(?=%|2)")
# Tracking parameters glued after a word, or a dangling query of them.
_TRACKING_RE = re.compile(
    r"[?&](?:utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ref_src)=\S*"
)
# Starts only at the beginning of a run ("%2F" ends in a letter, so without the
# second look-behind every "F" of "%2F%2F…" would start a new, failing attempt).
_PCT_RE = re.compile(r"(?<=[A-Za-z])(?<!%[0-9A-Fa-f]{2})(?:%[0-9A-Fa-f]{2})+(?=[A-Za-z])")
_URL_FULL_RE = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]'\u2019\u201d]", re.I)


@dataclass(frozen=True, kw_only=True)
class UrlDebris(LineStage):
    """Remove percent-encoding residue and tracking tails glued onto words.

    Repairs: a hex tail full of ``2F`` (``%2F`` without its ``%``) glued to a
    word, as in the seed's ``not 39out of.com2F242F252Fe9e4…`` -> ``not 39out
    of``; a ``?utm_source=…&utm_medium=…`` tail glued after a word or left
    dangling; ``%20`` and UTF-8 percent sequences between two letters of a word
    that is not a URL (``don%E2%80%99t`` -> ``don’t``).

    Leaves alone: URLs (by default), e-mail addresses, a hash or hex digest that
    stands as its own word, ``%`` in numbers and format strings, code. With
    ``urls="remove"`` or ``"replace"``, URLs are dropped or replaced by
    ``url_placeholder``.

    >>> UrlDebris().fix_line("Ukraine not 39out of.com2F242F252Fe9e46c6697954448ec5f")
    'Ukraine not 39out of'
    >>> UrlDebris().fix_line("See https://example.com/a%2Fb?utm_source=x and 9e46c6697954448e")
    'See https://example.com/a%2Fb?utm_source=x and 9e46c6697954448e'
    >>> UrlDebris().fix_line("commit 5a3f30c7a0e98cbf2f2f2df4458ff539cd51375e fixed it")
    'commit 5a3f30c7a0e98cbf2f2f2df4458ff539cd51375e fixed it'
    """

    name: ClassVar[str] = "url_debris"
    summary: ClassVar[str] = "Remove URL-encoding debris and tracking tails glued to words."

    urls: Literal["keep", "remove", "replace"] = "keep"
    url_placeholder: str = "<URL>"

    @property
    def trigger(self) -> re.Pattern[str]:  # type: ignore[override]
        if self.urls == "keep":
            return _TRIGGER_KEEP
        return _TRIGGER_URLS

    def _token(self, tok: str, kinds: set[str]) -> str:
        if _URL_RE.search(tok) or "@" in tok:
            return tok
        m = _DEBRIS_RE.search(tok)
        if m is not None:
            tail = m.group()
            trail = tail[len(tail.rstrip(".,;:!?)\"'")) :]
            head = tail[: len(tail) - len(trail)]
            body = _TLD_RE.sub("", head, count=1)
            # A hex digest standing as its own word ("5a3f…cbf2f2f2d…") is content:
            # the word the debris is glued to must be more than hex digits, unless
            # the tail has a "%" (a digest has none: "Wizards 107%2F663f…").
            # Opening quotes and brackets before the digest are not part of a word.
            # A digest is in one case; "2F" residue glued to a word of hex letters
            # ("added2F2Fcd18…", found by the round-trip property) mixes the two.
            word = tok[: m.start()].lstrip(_OPENERS)
            run = word + body
            digest = _HEX_WORD_RE.fullmatch(word) is not None and (run.lower() == run or run.upper() == run)
            glued = body != head or "%" in body or not digest
            if glued and _DEBRIS_BODY_RE.fullmatch(body) and body.upper().count("2F") >= 2:
                kinds.add("encoded_path")
                tok = tok[: m.start()] + trail
        if "=" in tok:
            cut = _TRACKING_RE.search(tok)
            if cut is not None and (cut.start() > 0 or tok[0] == "?"):
                kinds.add("tracking")
                tok = tok[: cut.start()]
        if "%" in tok and "/" not in tok and "=" not in tok:

            def pct(m: re.Match[str]) -> str:
                try:
                    text = unquote(m.group(), errors="strict")
                except UnicodeDecodeError:
                    return m.group()
                if text == " " or (
                    all(ord(c) >= 0x80 for c in text)
                    and not any(unicodedata.category(c)[0] in "CZ" for c in text)
                ):
                    kinds.add("percent_encoding")
                    return text
                return m.group()

            tok = _PCT_RE.sub(pct, tok)
        return tok

    def explain_line(self, line: str) -> tuple[str, str]:
        if looks_like_code(line):
            return line, ""
        kinds: set[str] = set()
        new = line
        if self.urls != "keep":
            repl = "" if self.urls == "remove" else self.url_placeholder
            replaced = _URL_FULL_RE.sub(repl, new)
            if replaced != new:
                kinds.add("url")
                new = replaced
                if self.urls == "remove":
                    new = re.sub(r"(?<=\S)  +(?=\S)", " ", new)
                    new = re.sub(r" +$", "", new) if not line.endswith(" ") else new
        parts = []
        done = 0
        # Only the tokens (runs of non-space) that hold a trigger match are looked
        # at: from each match, out to the spaces around it. The trigger looks at
        # nothing but non-space characters, so it matches in the line exactly
        # where it matches in the token. Each token is walked once.
        pos = 0
        search = _TOKEN_TRIGGER_RE.search
        while (m := search(new, pos)) is not None:
            tok_start = m.start()
            while tok_start > pos and not new[tok_start - 1].isspace():
                tok_start -= 1
            tok_end = _TOKEN_RE.match(new, m.start()).end()  # type: ignore[union-attr]
            pos = tok_end
            tok = new[tok_start:tok_end]
            fixed = self._token(tok, kinds)
            if fixed != tok:
                start = tok_start
                if not fixed and start > 0 and new[start - 1] == " ":
                    start -= 1  # a dangling "?utm_source=..." takes its space along
                parts.append(new[done:start])
                parts.append(fixed)
                done = tok_end
        if parts:
            parts.append(new[done:])
            new = "".join(parts)
        return new, "+".join(sorted(kinds)) if new != line else ""

    def fix_line(self, line: str) -> str:
        return self.explain_line(line)[0]


# Tracking parameters are found from their "_" or "=" (rarer than a first letter).
_TOKEN_TRIGGER_RE = re.compile(
    r"2[Ff]|%[0-9A-Fa-f]{2}|_(?<=utm_)|=(?:(?<=clid=)|(?<=mc_[ce]id=)|(?<=igshid=)|(?<=ref_src=))"
)
_TRIGGER_KEEP = _TOKEN_TRIGGER_RE
_TRIGGER_URLS = re.compile(_TOKEN_TRIGGER_RE.pattern + r"|://|www\.", re.I)


STAGES = (HtmlBreaks, MarkupResidue, HtmlEntities, EntityResidue, UrlDebris)
