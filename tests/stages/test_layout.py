"""line_breaks, whitespace, blank_lines."""

from __future__ import annotations

import pytest

from tests.datasets import clean_documents
from textmend import ConfigError, Pipeline
from textmend.stages.layout import BlankLines, LineBreaks, Whitespace

LINE_BREAKS = [
    ("a\r\nb\r\n", "a\nb\n"),
    ("a\rb\rc", "a\nb\nc"),
    ("mixed\r\nold mac\rend", "mixed\nold mac\nend"),
    # no-ops
    ("a\nb\n", "a\nb\n"),
    ("", ""),
    ("NEL \u0085 and LS \u2028 stay", "NEL \u0085 and LS \u2028 stay"),
]


@pytest.mark.parametrize(("text_in", "text_out"), LINE_BREAKS)
def test_line_breaks(text_in: str, text_out: str) -> None:
    assert Pipeline([LineBreaks()]).clean(text_in) == text_out


LONG = "This sentence is long enough to count as a paragraph line of web text, so"
WHITESPACE = [
    (f"{LONG} the   cat sat", f"{LONG} the cat sat"),
    (f"{LONG} red,   green and blue", f"{LONG} red, green and blue"),
    (f"{LONG} red,   green and    blue", None),  # two gaps of 3+: a column layout
    (f"{LONG} padding \u00a0 here", f"{LONG} padding here"),
    (f"{LONG} padding\u00a0 here", f"{LONG} padding here"),
    # no-ops
    # A double space inside a sentence: where wire copy had a line break (real,
    # from the Lee corpus of ABC news: benchmarks/news/lee_background.cor).
    (
        "Israeli forces have entered Palestinian-controlled land in the northern West  Bank in hot pursuit of gunmen.",
        None,
    ),
    (f"{LONG} end.  Next sentence", f"{LONG} end.  Next sentence"),
    (f"{LONG} 10\u00a0km away", f"{LONG} 10\u00a0km away"),
    ("    indented  code = 1  # comment that is long enough to pass the line length", None),
    ("Name        Age        City        Country        Population        Area", None),
    ("So  thick a drop serene hath quench'd their orbs, ", None),
    ("col1\tcol2  col3 and more text that makes the line long enough to be judged", None),
    ("trailing spaces are kept by default   ", None),
    ("", None),
]


@pytest.mark.parametrize(("text_in", "text_out"), WHITESPACE)
def test_whitespace(text_in: str, text_out: str | None) -> None:
    expected = text_in if text_out is None else text_out
    assert Whitespace().fix_line(text_in) == expected


def test_whitespace_trailing_option() -> None:
    stage = Whitespace(trailing=True)
    assert stage.fix_line("end   ") == "end"
    assert stage.fix_line("end\u00a0\t") == "end"
    assert stage.fix_line("   ") == ""
    assert stage.fix_line("no trailing") == "no trailing"


MATCHES = ["a   b", "a\u00a0 b", "a \u00a0b"]
NON_MATCHES = ["a b", "a  b", "a\u00a0b", "tab\tseparated", "trailing ", ""]


def test_whitespace_trigger() -> None:
    trigger = Whitespace().trigger
    assert all(trigger.search(s) for s in MATCHES)
    assert not any(trigger.search(s) for s in NON_MATCHES)
    assert Whitespace(trailing=True).trigger.search("trailing ")
    assert Whitespace(min_run=2).trigger.search("a  b")


def test_whitespace_min_run_two_collapses_double_spaces() -> None:
    line = "Israeli forces have entered Palestinian-controlled land in the northern West  Bank in hot pursuit."
    assert Whitespace(min_run=2).fix_line(line) == line.replace("  ", " ")
    assert Whitespace(min_run=2).fix_line(f"{LONG} end.  Next sentence") == f"{LONG} end.  Next sentence"


def test_whitespace_min_run_below_two_is_refused() -> None:
    with pytest.raises(ConfigError, match="min_run"):
        Whitespace(min_run=1)


BLANK_LINES = [
    ("a\n\n\nb", "a\n\nb"),
    ("\n\n\na\n\nb\n\n\n", "a\n\nb\n"),
    ("a\n   \n\t\n\nb", "a\n   \nb"),
    ("   ", ""),
    ("\n", ""),
    # no-ops
    ("a\n\nb", "a\n\nb"),
    ("a\n\nb\n", "a\n\nb\n"),
    ("a\nb", "a\nb"),
    ("", ""),
    # code, verse and hard-wrapped text keep their blank-line runs
    ("def f():\n    return 1\n\n\ndef g():\n    return 2\n", None),
    ("Line one of verse\nline two of verse\n\n\nLine three\nline four\n", None),
]


@pytest.mark.parametrize(("text_in", "text_out"), BLANK_LINES)
def test_blank_lines(text_in: str, text_out: str | None) -> None:
    expected = text_in if text_out is None else text_out
    p = Pipeline([BlankLines()])
    assert p.clean(text_in) == expected
    assert p.with_reference().clean(text_in) == expected


@pytest.mark.parametrize("stage", [LineBreaks(), Whitespace(), BlankLines()])
def test_real_clean_documents_unchanged(stage: object) -> None:
    p = Pipeline([stage])  # type: ignore[list-item]
    changed = [name for name, text in clean_documents() if p.clean(text) != text]
    assert changed == []
