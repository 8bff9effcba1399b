"""Link residue: what HTML-to-Markdown converters leave of a page's links.

html2text, markdownify and their kin turn every ``<a>`` and ``<img>`` of a page
into Markdown: ``[text](url)``, ``![alt](src)`` (data URIs included), empty links
``[](url)``, html2text's reference links (``[text][3]`` with ``   [3]: url`` at the
end), and menus, share bars and related-story lists as lines of nothing but links.
In a scraped page converted this way that markup is debris; in Markdown written by
hand it is the author's. :attr:`textmend.facts.Facts.handwritten_markdown` tells the
two apart by evidence (:func:`textmend.facts.converted_page`), and ``link_residue``
removes the debris from every document that is not Markdown written by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Literal

import regex

from textmend.facts import facts_of
from textmend.linkmarkup import (
    LINK_RE,
    MARKER_RE,
    OWN_TEXT_RE,
    REF_DEF_RE,
    WEB_DEST_RE,
    WORD_RE,
    blocks,
    fenced,
    without,
)
from textmend.stage import DocumentStage, Edit

__all__ = ["STAGES", "LinkResidue"]

# The document might hold link markup at all (the stage's precheck).
_HINT_RE = re.compile(r"\]\(|\]\[|\]:|<(?:https?|ftp)://")
# The label of a reference link: "[text][3]".
_REF_USE_RE = re.compile(r"\]\[([^\[\]\n]{1,100})\]")


class _Rewrite:
    """A block's links replaced by their text; what was found and where."""

    def __init__(self, labels: set[str], any_dest: bool) -> None:
        self.labels = labels
        self.any_dest = any_dest  # a converted page: any destination is a link's
        self.kinds: set[str] = set()

    def sub(self, text: str) -> tuple[str, str]:
        """``text`` with its links replaced by their text, and with them cut out.

        A link that leaves nothing (an image, an empty link) takes a space beside it
        along when it stood between two spaces or at either end of a line.
        """
        out: list[str] = []
        spans: list[tuple[int, int]] = []
        done = 0
        last = ""  # the last character written
        for m in LINK_RE.finditer(text):
            new = self._one(m)
            if new == m.group():
                continue
            s, e = m.span()
            between = text[done:s]
            if between:
                last = between[-1]
            spans.append((s, e))
            done = e
            if not new:
                after = text[e : e + 1]
                if after == " " and last in ("", "\n", " "):
                    done += 1  # "a ![x](y) b" -> "a b", "![x](y) Caption" -> "Caption"
                elif last == " " and after in ("", "\n"):
                    between = between[:-1]  # "text ![x](y)" -> "text"
            out.append(between)
            out.append(new)
            if new:
                last = new[-1]
        out.append(text[done:])
        return "".join(out), without(text, spans)

    def _one(self, m: regex.Match[str]) -> str:
        if m.group("code") is not None:
            return m.group()
        auto = m.group("auto")
        if auto is not None:
            if not self.any_dest:
                return m.group()  # "<https://…>" is how plain text sets a URL apart
            self.kinds.add("autolink")
            return auto
        label = m.group("label")
        if label is not None and label.lower() not in self.labels:
            return m.group()  # "[sic][1]" with no definition: not a link
        dest = m.group("dest")
        if dest is not None and not self.any_dest and not WEB_DEST_RE.match(dest):
            return m.group()
        if m.group("bang"):
            self.kinds.add("image")
            return ""
        inner = m.group("text")
        if "[" in inner:
            inner = LINK_RE.sub(self._one, inner)  # an image inside the link
        if not WORD_RE.search(inner):
            self.kinds.add("empty_link")
            return ""
        self.kinds.add("reference_link" if label is not None else "link")
        return inner


@dataclass(frozen=True, kw_only=True)
class LinkResidue(DocumentStage):
    """Remove the link residue of a web page converted to Markdown.

    In a document that is not Markdown written by hand (see
    :attr:`textmend.facts.Facts.handwritten_markdown`), removes images
    (``![alt](src)``, data URIs included), links with no text, blocks whose text is
    all link text (menus, share bars, related-story lists: a list item, a paragraph
    or a heading of nothing but links and punctuation) and reference definitions; a
    link in prose keeps its text (``[the report](https://…)`` becomes ``the report``, html2text's
    ``[the report][3]`` too).

    Leaves alone: Markdown written by hand (its links are its author's), code spans
    and fenced code, brackets that are not links (``[sic]``, ``a[i](x)``).

    >>> from textmend import Pipeline
    >>> page = ("  * [Home](https://example.com/)\\n  * [World](https://example.com/w/)\\n\\n"
    ...         "The [council](https://example.com/c) met.![](data:image/gif;base64,R0l=)")
    >>> print(Pipeline(["link_residue"]).clean(page))
    The council met.
    >>> readme = "# Usage\\n\\n- see [docs](https://x.org/d)\\n- `pip install x`"
    >>> Pipeline(["link_residue"]).clean(readme)
    '# Usage\\n\\n- see [docs](https://x.org/d)\\n- `pip install x`'
    """

    name: ClassVar[str] = "link_residue"
    summary: ClassVar[str] = (
        "Remove images, empty links, link-only lines and reference links of a page "
        "converted to Markdown; keep a prose link's text."
    )

    # "auto" leaves Markdown written by hand alone (Facts.handwritten_markdown) and
    # cleans every other document; "strip" cleans every document; "keep" none.
    markdown: Literal["auto", "strip", "keep"] = "auto"

    def precheck(self, text: str) -> bool:
        # "]" and "<" are rare in prose: two C-level scans rule most documents out.
        return ("]" in text or "<" in text) and _HINT_RE.search(text) is not None

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        if self.markdown == "keep":
            return lines, []
        facts = facts_of(lines)
        if self.markdown == "auto" and facts.handwritten_markdown:
            return lines, []
        converted = self.markdown == "strip" or facts.converted
        code = fenced(lines)
        labels: set[str] = set()  # defined
        used: set[str] = set()  # and used by a reference link
        for i, line in enumerate(lines):
            if code[i] or "]" not in line:
                continue
            m = REF_DEF_RE.match(line)
            if m:
                labels.add(m.group(1).lower())
            elif "][" in line:
                used.update(u.lower() for u in _REF_USE_RE.findall(line))
        # What becomes of each block: (start, end, new lines or None to remove, rule).
        plan: list[tuple[int, int, list[str] | None, str]] = []
        for start, end in blocks(lines, code):
            text = "\n".join(lines[start:end])
            if "]" not in text and "<" not in text:
                continue
            ref = REF_DEF_RE.match(text) if end - start == 1 else None
            if ref is not None:
                if converted or ref.group(1).lower() in used:
                    plan.append((start, end, None, "reference_definition"))
                continue
            rw = _Rewrite(labels, converted)
            new, rest = rw.sub(text)
            if new == text:
                continue
            for _ in range(2):  # links the first pass could not see whole
                again, _rest = rw.sub(new)
                if again == new:
                    break
                new, rest = again, rw.sub(rest)[1]
            if not OWN_TEXT_RE.search(MARKER_RE.sub("", rest)):
                plan.append((start, end, None, "image" if rw.kinds == {"image"} else "link_only"))
                continue
            new_lines = new.split("\n")
            for k, old in enumerate(lines[start:end]):
                if k < len(new_lines) and not old[-1:].isspace():
                    new_lines[k] = new_lines[k].rstrip(" ")  # "[IV_. ](url)" ending a line
            plan.append((start, end, new_lines, "+".join(sorted(rw.kinds))))
        return _apply(self, lines, _merge_removals(plan, lines))


def _merge_removals(
    plan: list[tuple[int, int, list[str] | None, str]], lines: list[str]
) -> list[tuple[int, int, list[str] | None, str]]:
    """Removals with only blank lines between them become one, which takes along the
    blank lines that set it apart: those after it when it opens the document or
    follows a blank line, those before it when it closes the document."""
    merged: list[tuple[int, int, list[str] | None, str]] = []
    for step in plan:
        if merged and step[2] is None and merged[-1][2] is None:
            prev = merged[-1]
            if all(not line.strip() for line in lines[prev[1] : step[0]]):
                rule = prev[3] if prev[3] == step[3] else "link_only"
                merged[-1] = (prev[0], step[1], None, rule)
                continue
        merged.append(step)
    out = []
    for i, (start, end, new, rule) in enumerate(merged):
        if new is None:
            before = start
            while before > 0 and not lines[before - 1].strip():
                before -= 1
            after = end
            while after < len(lines) and not lines[after].strip():
                after += 1
            taken_before = merged[i - 1][1] if i > 0 else 0
            taken_after = merged[i + 1][0] if i + 1 < len(merged) else len(lines)
            if after == len(lines) and before < start and before >= taken_before:
                start = before  # closes the document: the blank lines before it go
            elif (before == 0 or before < start) and after > end and after <= taken_after:
                end = after  # the blank lines after it go
        out.append((start, end, new, rule))
    return out


def _apply(
    stage: LinkResidue, lines: list[str], plan: list[tuple[int, int, list[str] | None, str]]
) -> tuple[list[str], list[Edit]]:
    out: list[str] = []
    edits: list[Edit] = []
    done = 0
    for start, end, new, rule in plan:
        out.extend(lines[done:start])
        edits.append(stage.edit(rule, start, lines[start:end], new))
        if new is not None:
            out.extend(new)
        done = end
    out.extend(lines[done:])
    return out, edits


STAGES = (LinkResidue,)
