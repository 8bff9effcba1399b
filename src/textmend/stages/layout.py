"""Line breaks, in-line whitespace and blank-line runs."""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import ClassVar

from textmend.errors import ConfigError
from textmend.stage import DocumentStage, Edit, LineStage

__all__ = ["STAGES", "BlankLines", "LineBreaks", "Whitespace"]


@dataclass(frozen=True, kw_only=True)
class LineBreaks(DocumentStage):
    r"""Turn ``\r\n`` and lone ``\r`` line ends into ``\n``.

    A ``\r`` at the end of a line (Windows line ends) is dropped; a ``\r``
    inside a line (old Mac line ends) splits it. Other separators (U+0085,
    U+2028) are left alone: U+0085 is often part of Latin-1 mojibake.

    >>> from textmend import Pipeline
    >>> Pipeline(["line_breaks"]).clean("one\r\ntwo\rthree")
    'one\ntwo\nthree'
    >>> Pipeline(["line_breaks"]).clean("no carriage returns\n")
    'no carriage returns\n'
    """

    name: ClassVar[str] = "line_breaks"
    summary: ClassVar[str] = "Turn \\r\\n and lone \\r line ends into \\n."

    def precheck(self, text: str) -> bool:
        return "\r" in text

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        out: list[str] = []
        edits: list[Edit] = []
        for i, line in enumerate(lines):
            if "\r" not in line:
                out.append(line)
                continue
            body = line[:-1] if line.endswith("\r") else line
            parts = body.split("\r")
            rule = "cr" if len(parts) > 1 else "crlf"
            edits.append(self.edit(rule, i, [line], parts))
            out.extend(parts)
        return out, edits


@lru_cache(maxsize=8)
def _space_run_re(n: int) -> re.Pattern[str]:
    """A run of ``n`` or more spaces between two letters, an optional comma or
    semicolon after the first: "the   cat", "red,   green". Not after a full stop
    ("end.  Next" is a typing style, not damage), not in indentation. Written to
    start with its spaces, so the engine jumps to them."""
    sp = " " * n
    return re.compile(rf"{sp}(?:(?<=[^\W\d_]{sp})|(?<=[^\W\d_][,;]{sp})) *(?=[^\W\d_])")


# Characters that mark a line as code or markup, where spacing is meaningful.
# (One class first, "//" as a "/" before another.)
_CODE_CHARS_RE = re.compile(r"[=;{}<>|#`\\*+/](?:(?<!/)|(?=/))")


def _code_like(line: str) -> bool:
    """Indented, ending with a colon, or holding a character of code."""
    return line[:1].isspace() or line.endswith(":") or _CODE_CHARS_RE.search(line) is not None
# Column layout: two runs of three or more spaces, or a tab (counted by
# _is_table: one pattern with ".*" between the runs retries at every space).
_GAP_RE = re.compile(r"    *")  # " {3,}" with a literal start the engine jumps to


def _is_table(line: str) -> bool:
    if "\t" in line:
        return True
    gaps = _GAP_RE.finditer(line)
    return next(gaps, None) is not None and next(gaps, None) is not None
# Triggers: a space run of `min_run` or NBSP next to a space, and with `trailing`,
# line ends. NBSP beside a space is found from the NBSP, so only the run starts
# with a space.
@lru_cache(maxsize=16)
def _whitespace_trigger(min_run: int, trailing: bool) -> re.Pattern[str]:
    runs = " " * min_run + r"|\u00a0(?:(?= )|(?<= \u00a0))"
    if trailing:
        return re.compile(r"[ \t\u00a0]$|" + runs, re.M)
    return re.compile(runs)


# Spaces and tabs (with NBSP) at the end of a line.
_TRAILING_RE = re.compile(r"[ \t\u00a0]+$")
# A run mixing NBSP with spaces: "word \u00a0 word" (left by &nbsp;&nbsp; padding).
_NBSP_RUN_RE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


def _nbsp_padding(match: re.Match[str]) -> str:
    """One space for a run that mixes NBSP into spaces; other runs as they were."""
    run = match.group()
    return " " if "\u00a0" in run and " " in run else run


@dataclass(frozen=True, kw_only=True)
class Whitespace(LineStage):
    """Collapse space runs inside prose; optionally remove trailing spaces.

    Leaves alone: indentation, a double space (by default: ``min_run`` is 3), a
    run after a full stop (a typing style), and lines that look like code or
    tables, where spacing carries meaning. A single NBSP between words
    (``10\\u00a0km``, French ``mot\\u00a0:``) is valid typography and stays;
    NBSP mixed into a run of spaces is padding and becomes one space.

    >>> Whitespace(min_line_length=0).fix_line("the   cat sat  ")
    'the cat sat  '
    >>> Whitespace(trailing=True, min_line_length=0).fix_line("the   cat sat  ")
    'the cat sat'
    >>> Whitespace(min_line_length=0).fix_line("West  Bank")  # a double space stays...
    'West  Bank'
    >>> Whitespace(min_line_length=0, min_run=2).fix_line("West  Bank")  # ...unless asked
    'West Bank'
    >>> Whitespace().fix_line("So   thick a drop serene")  # a short line keeps its style
    'So   thick a drop serene'
    >>> Whitespace().fix_line("Name    Age    City")
    'Name    Age    City'
    >>> Whitespace().fix_line("x = 1  # comment")
    'x = 1  # comment'
    >>> Whitespace().fix_line("End.  Next sentence.")
    'End.  Next sentence.'
    """

    name: ClassVar[str] = "whitespace"
    summary: ClassVar[str] = "Collapse space runs inside prose; optionally strip trailing spaces."

    # Remove spaces, tabs and NBSP at the end of a line. Off by default: trailing
    # spaces are invisible and common in clean code, verse and licence texts.
    trailing: bool = False
    collapse_runs: bool = True  # collapse runs of spaces between words in prose
    # The shortest run collapsed. A double space inside a sentence is common in
    # clean copy (where wire copy had a line break, a typist's habit) and mostly
    # harmless, so by default only runs of three or more spaces are damage.
    min_run: int = 3
    # Shorter lines (verse, hard-wrapped typewriter text) keep their spacing: there
    # a double space is a style of the source, in one-paragraph-per-line web text
    # it is a removed word or tag.
    min_line_length: int = 80

    def __post_init__(self) -> None:
        if self.min_run < 2:
            raise ConfigError(f"whitespace: min_run must be at least 2 (got {self.min_run})")

    @property
    def trigger(self) -> re.Pattern[str]:  # type: ignore[override]
        return _whitespace_trigger(self.min_run, self.trailing)

    def explain_line(self, line: str) -> tuple[str, str]:
        rules = []
        new = line
        if self.trailing:
            stripped = _TRAILING_RE.sub("", new)
            if stripped != new and stripped.strip():
                rules.append("trailing")
                new = stripped
            elif stripped != new:
                rules.append("blank")
                new = stripped
        if (
            self.collapse_runs
            and len(new) >= self.min_line_length
            and (" " * self.min_run in new or "\u00a0" in new)
        ):
            if not _code_like(new) and not _is_table(new):
                collapsed = _space_run_re(self.min_run).sub(" ", new)
                if "\u00a0" in collapsed:  # only a run with NBSP in it changes
                    collapsed = _NBSP_RUN_RE.sub(_nbsp_padding, collapsed)
                if collapsed != new:
                    rules.append("space_run")
                    new = collapsed
        return new, "+".join(rules)

    def fix_line(self, line: str) -> str:
        return self.explain_line(line)[0]


# A line only source code starts with.
_CODE_START_RE = re.compile(
    r"(?:from [\w.]+ import |import [\w.]+|def \w+\(|class \w+[(:]|#include |#!/|package \w|using \w)"
)
# A blank line at the start of a text with more lines, a whitespace-only text, or a
# blank line before the end.
_BLANK_ENDS_RE = re.compile(r"\A[^\S\n]*\n|\A[^\S\n]+\Z|\n[^\S\n]*\n[^\S\n]*\Z|\n[^\S\n]+\Z")


def _blank_ends(text: str) -> bool:
    """``_BLANK_ENDS_RE.search(text)``, looking at the first and last lines only."""
    first_end = text.find("\n")
    if first_end < 0:
        return text.isspace()
    if first_end == 0 or text[:first_end].isspace():
        return True
    last_start = text.rfind("\n") + 1
    if last_start == len(text):
        last_blank = True
    elif text[last_start:].isspace():
        return True
    else:
        return False
    before = text.rfind("\n", 0, last_start - 1) + 1
    return last_blank and (before == last_start - 1 or text[before : last_start - 1].isspace())


@lru_cache(maxsize=8)
def _blank_run_re(max_run: int) -> re.Pattern[str]:
    """More than ``max_run`` blank lines in a row."""
    return re.compile(r"\n(?:[^\S\n]*\n){%d}" % (max_run + 1))


@dataclass(frozen=True, kw_only=True)
class BlankLines(DocumentStage):
    """Collapse runs of blank lines and drop leading and trailing ones.

    Whether the text ended with a newline is kept. Documents laid out in short
    lines — source code (PEP 8 asks for two blank lines), verse, licences and
    other hard-wrapped text — use blank-line runs as layout and are left alone
    when ``skip_layout`` is set; web text, with one paragraph per line, is not.

    >>> BlankLines().fix_lines(["", "a", "", "", "", "b", "", ""])[0]
    ['a', '', 'b', '']
    >>> BlankLines().fix_lines(["a", "", "b"])[0]
    ['a', '', 'b']
    """

    name: ClassVar[str] = "blank_lines"
    summary: ClassVar[str] = "Collapse runs of blank lines; drop leading and trailing ones."

    max_run: int = 1  # blank lines kept in a row
    strip_ends: bool = True  # drop blank lines at the start and end of the document
    skip_layout: bool = True  # leave code, verse and hard-wrapped text alone

    def precheck(self, text: str) -> bool:
        if _blank_run_re(self.max_run).search(text):
            return True
        return self.strip_ends and _blank_ends(text)

    @staticmethod
    def _laid_out(lines: list[str]) -> bool:
        """Whether ``lines`` are set out as layout: code, verse, wrapped or indented text.

        Web text has one paragraph per line, blank lines between, no indentation.
        """
        content = 0
        stacked = 0  # content lines directly under another content line
        indented = 0
        long_lines = 0
        previous = False
        for line in lines:
            if line.strip():
                content += 1
                stacked += previous
                indented += line[0] in " \t"
                long_lines += len(line) > 100
                previous = True
                if _CODE_START_RE.match(line):
                    return True
            else:
                previous = False
        if content < 3:
            return False
        return (stacked * 2 >= content or indented * 3 >= content) and long_lines * 4 < content

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        if lines == [""] or (self.skip_layout and self._laid_out(lines)):
            return lines, []
        blank = [not ln.strip() for ln in lines]
        # The empty string after a final "\n" terminates the text; it is no blank line.
        ends_with_newline = len(lines) > 1 and lines[-1] == ""
        last = len(lines) - 1 if ends_with_newline else len(lines)
        keep = [True] * len(lines)
        if self.strip_ends:
            i = 0
            while i < last and blank[i]:
                keep[i] = False
                i += 1
            j = last - 1
            while j >= i and blank[j]:
                keep[j] = False
                j -= 1
        run = 0
        for i in range(last):
            if blank[i] and keep[i]:
                run += 1
                if run > self.max_run:
                    keep[i] = False
            elif not blank[i]:
                run = 0
        if all(keep):
            return lines, []
        out: list[str] = []
        edits: list[Edit] = []
        i = 0
        while i < len(lines):
            if keep[i]:
                out.append(lines[i])
                i += 1
                continue
            j = i
            while j < len(lines) and not keep[j]:
                j += 1
            rule = "leading" if i == 0 else ("trailing" if j >= last else "run")
            edits.append(self.edit(rule, i, lines[i:j], None))
            i = j
        if ends_with_newline and len(out) == 1:
            out = [""]  # the text was only blank lines: it becomes empty
        return out, edits


STAGES = (LineBreaks, Whitespace, BlankLines)
