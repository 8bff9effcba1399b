"""HTML entities, entity residue, URL debris and markup residue.

Stages for what HTML-to-text conversion leaves behind (``url_debris`` is in
:mod:`textmend.stages.urls`, ``entity_residue`` in :mod:`textmend.stages.residue`,
``link_residue``, the link residue of pages converted to Markdown, in
:mod:`textmend.stages.links`):

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
from bisect import bisect_right
import unicodedata
from dataclasses import dataclass, replace
from html.entities import html5
from typing import ClassVar, Literal

import regex

from textmend.facts import facts_of
from textmend.scan import join_triggers
from textmend.stage import DocumentStage, Edit, LineStage

__all__ = ["STAGES", "HtmlBreaks", "HtmlEntities", "MarkupResidue"]

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
_ELEMENT_NAMES = frozenset(_ELEMENTS.replace("h[1-6]", "h1|h2|h3|h4|h5|h6").split("|"))
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
# A line opening with a label in angle brackets: FOLDOC's "   <programming> An area of
# memory", "<chat, messaging>". When such labels are no HTML, the document's "<body>"
# opening a line is one of them (benchmarks/data/clean_genres, FOLDOC).
_ANGLE_LABEL_RE = re.compile(
    r"^[ \t]{0,8}<([a-z][a-z0-9]{0,30})(?:[ ,/-]{1,3}[a-z0-9]{1,30}){0,8}>[ \t]", re.M
)


def _angle_labels(text: str) -> bool:
    """Whether two lines or more open with a label in angle brackets that is no HTML."""
    found = 0
    if "<" in text:
        for m in _ANGLE_LABEL_RE.finditer(text):
            if m.group(1) not in _ELEMENT_NAMES:
                found += 1
                if found >= 2:
                    return True
    return False


_LINK_TARGET = (
    r"\(\s*+<?(?:https?://|ftp://|www\.|mailto:|/|\.\.?/|#)[^\s()<>]*+"
    r"(?:\([^\s()<>]*+\)[^\s()<>]*+)*+>?(?:\s++\"[^\"\n]{0,300}+\")?\s*+\)"
)
_LINK_RE = regex.compile(r"( ?)(!?)\[([^\[\]\n]{0,500}+)\]" + _LINK_TARGET)
# "[]" standing between two words (a link whose text and target were lost); not
# "x = []" or "int a[]".
_EMPTY_BRACKETS_RE = re.compile(r"(?<=[A-Za-z.,;:!?]) \[\](?= [A-Za-z])")


_MD_CODE_SPAN_RE = re.compile(r"`[^`\n]+`")


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
    Markdown file), and with ``labels="auto"`` a bare tag opening a line in a document
    whose lines open with labels in angle brackets that are no HTML (FOLDOC's
    ``<programming>``, among which ``<body>`` is one more label). Link syntax inside
    a code span stays. ``markdown="auto"`` (the default) leaves Markdown syntax in
    documents written in Markdown (:func:`textmend.facts.is_markdown`), ``"keep"`` always does.

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
    # A bare tag opening a line ("<body> (ALU) A user group"): "auto" keeps it in a
    # document whose lines open with labels in angle brackets that are no HTML
    # (FOLDOC's "<programming>"), where it is one more label.
    labels: Literal["auto", "strip", "keep"] = "auto"

    def for_document(self, text: str) -> MarkupResidue:
        out = self
        if self.markdown == "auto":
            out = replace(out, markdown="keep" if facts_of(text).markdown else "strip")
        if self.labels == "auto":
            out = replace(out, labels="keep" if _angle_labels(text) else "strip")
        return out

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
                if picked and self.labels == "keep":
                    labels = {
                        (st, en) for st, en, _n, closing, attrs, selfclose in spans
                        if not (closing or attrs or selfclose) and not new[:st].strip()
                        and new[en : en + 1] == " "
                    }
                    picked = [sp for sp in picked if sp not in labels]
                if picked:
                    breaks = {s for s, _e, n, *_ in spans if n in _BLOCK}
                    new = _remove_spans(new, picked, breaks)
                    rules.append("tag")
        if self.markdown != "keep" and ("](" in new or "[]" in new):
            kinds: set[str] = set()
            # Link syntax inside a code span is shown, not used: "`[text](url)`".
            code = [c.span() for c in _MD_CODE_SPAN_RE.finditer(new)] if "`" in new else []
            starts = [s for s, _e in code]

            def link(m: regex.Match[str]) -> str:
                i = bisect_right(starts, m.start()) - 1
                if i >= 0 and code[i][1] > m.start():
                    return m.group()
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

    # "auto" leaves a document written in Markdown alone (Facts.markdown); "strip"
    # splits every document; "keep" none.
    markdown: Literal["auto", "strip", "keep"] = "auto"

    def precheck(self, text: str) -> bool:
        return "<" in text and _BREAK_RUN_RE.search(text) is not None

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        if self.markdown == "keep" or (self.markdown == "auto" and facts_of(lines).markdown):
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
    (:func:`textmend.facts.is_markdown`), lines that look like code, and in lines
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
        if self.mode == "auto" and facts_of(text).markdown_source:
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


STAGES = (HtmlBreaks, MarkupResidue, HtmlEntities)
