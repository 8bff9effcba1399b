"""Markdown link markup: the grammar :mod:`textmend.facts` and ``link_residue`` share.

A CommonMark subset for what HTML-to-Markdown converters write: inline links and
images (``[text](url "title")``, ``![alt](src)``, an image inside a link), reference
links (``[text][3]``) and their definitions (``   [3]: url``), autolinks
(``<https://…>``); code spans are found by the same scan so that the brackets inside
them are never taken for links. Blocks are the units a converter writes an HTML
block as: a paragraph, a list item with its continuation lines, a heading, a
reference definition.

Every quantifier is possessive or bounded and the alternatives of each repetition
start on different characters, so a match attempt never backtracks, and the caps
keep any attempt from scanning further than a few thousand characters.
"""

from __future__ import annotations

import re

import regex

__all__ = [
    "BLOCK_START_RE",
    "LINK_RE",
    "MARKER_RE",
    "OWN_TEXT_RE",
    "REF_DEF_RE",
    "WEB_DEST_RE",
    "WORD_RE",
    "blocks",
    "fenced",
    "without",
]

# Link text: anything but brackets, an escaped character, a line break, and one level
# of nested brackets (the alt text of an image inside a link: "[![alt](src)](href)",
# escapes included: "[![\\[RSS\\]](icon.png)](feed)").
_TEXT = r"(?:[^\[\]\n\\]++|\\.|\n|\[(?:[^\[\]\\]++|\\.){0,1000}+\]){0,2000}+"
# Destination: URL characters, an escape, one level of balanced parentheses
# (Wikipedia's "Foo_(bar)"), or the line break html2text's wrapping puts after a
# hyphen of a long URL; or an angle-bracketed destination.
_DEST = (
    r"(?:<[^<>\n]{0,4000}+>"
    r"|(?:[^\s()<>\\]++|\\.|\([^\s()<>]{0,500}+\)|(?<=-)\n(?=\S)){0,20000}+)"
)
_TITLE = r"(?:[ \t\n]++(?:\"[^\"]{0,1000}+\"|'[^']{0,1000}+'|\([^()]{0,1000}+\)))?+"
# One scan finds code spans (``code``), inline links and images (``bang``, ``text``,
# ``dest``, ``title``), reference links and images (``label``) and autolinks (``auto``).
LINK_RE = regex.compile(
    r"(?P<code>`[^`\n]{1,1000}+`)"
    r"|(?P<bang>!?)\[(?P<text>" + _TEXT + r")\]"
    r"(?:\((?P<dest>" + _DEST + r")(?P<title>" + _TITLE + r")[ \t]*+\)"
    r"|\[(?P<label>[^\[\]\n]{1,100}+)\])"
    r"|<(?P<auto>(?:https?|ftp)://[^\s<>]{1,4000}+)>"
)
# A destination that is a web address or a path, not prose in parentheses
# ("[sic](see below)") or code ("a[i](x)").
WEB_DEST_RE = re.compile(r"<?(?:[a-zA-Z][a-zA-Z0-9+.-]{1,20}:|/|\.\.?/|#|www\.)")
# A reference definition line: "   [3]: https://…", "[id]: /path (title)".
REF_DEF_RE = re.compile(r" {0,3}\[([^\[\]\n]{1,100})\]:(?:[ \t]|$)")
# Where a new block starts inside a run of lines: a list item, a heading, a
# reference definition, a table row, a rule.
BLOCK_START_RE = re.compile(
    r"[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?:[ \t]|$)|\[[^\[\]\n]{1,100}\]:|\|.*\|[ \t]*$"
    r"|[-*_=][ \t]*[-*_=][ \t]*[-*_=])"
)
_FENCE_RE = re.compile(r"[ \t]{0,3}(?:```|~~~)")
# The marker a line of a block opens with: a list item's, a heading's, a quote's.
MARKER_RE = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)]|#{1,6})?", re.M)
# A letter or digit: a link's text that is not empty.
WORD_RE = regex.compile(r"[\p{L}\p{N}]")
# What a block has of its own besides its links: a letter, a digit, or a full stop,
# question or exclamation mark ("[SteamPowered.com][1]." is a sentence; "[A](a) |
# [B](b)" and "[A](a), [B](b)" are lists of links).
OWN_TEXT_RE = regex.compile(r"[\p{L}\p{N}.!?]")


def fenced(lines: list[str]) -> list[bool]:
    """Which lines are inside (or open or close) a fenced code block."""
    out = []
    fence = ""
    for line in lines:
        if fence:
            out.append(True)
            if line.lstrip().startswith(fence):
                fence = ""
            continue
        m = _FENCE_RE.match(line)
        if m:
            fence = m.group().strip()[:3]
            out.append(True)
        else:
            out.append(False)
    return out


def blocks(lines: list[str], code: list[bool]) -> list[tuple[int, int]]:
    """``(start, end)`` line ranges of the blocks: a paragraph, a list item with its
    continuation lines, a heading, a reference definition; blank lines and fenced
    code belong to none."""
    out: list[tuple[int, int]] = []
    start = -1
    for i, line in enumerate(lines):
        if code[i] or not line.strip():
            if start >= 0:
                out.append((start, i))
                start = -1
            continue
        heading_before = start >= 0 and lines[i - 1].lstrip().startswith("#")
        if start >= 0 and (heading_before or BLOCK_START_RE.match(line)):
            out.append((start, i))
            start = -1
        if start < 0:
            start = i
    if start >= 0:
        out.append((start, len(lines)))
    return out


def without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the sorted, disjoint ``spans`` cut out."""
    pieces = []
    done = 0
    for s, e in spans:
        pieces.append(text[done:s])
        done = e
    pieces.append(text[done:])
    return "".join(pieces)
