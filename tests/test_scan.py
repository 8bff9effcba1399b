"""The joined trigger scan: it flags exactly the lines the triggers flag.

``join_triggers`` rewrites the built-in triggers (cut into alternatives, put
behind a class of their first characters); these properties check the rewrite
against the triggers themselves on text made of the characters they look for.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from textmend import Pipeline
from textmend.scan import _literal_led, TriggerScan, _alternatives, candidate_lines, first_chars, join_triggers
from textmend.stages.titles import _URL_DEBRIS_RE, has_debris

# Characters and pieces the built-in triggers are made of, plus ordinary text.
_PIECES = [
    "a", "t", "s", "X", " ", "  ", "\n", "\t", "\u00a0", "\u00ad", "\u200b", "\ufeff", "\r",
    "&", "#", ";", "39", "8217", "amp", "quot;", "nbsp", "%2F", "2F", "252F", "%", "e9", "0f3a",
    ".com", ".html", "/", "_", "=", "utm_source", "?", "[", "]", "(", ")", "![", "](", "http",
    "<", ">", "br", "</p>", "Ã©", "â€™", "Â", "\u2019", "\u201c", "—", "…", "ﬁ", "ſ", "-",
    "rn", "tbe", "1", "0", "l", "I", "|", "*", "`", "{", "}", "\\", "~", ".", ",", "'", '"',
    "\x00", "\x1b", "\x7f", "\u0085", "\u2028", "\ufffd", "€", "é", "ä", "ß", "日本", "Ω",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
# ASCII text: the scan's ASCII filter decides which passes run at all.
_ascii_texts = st.lists(st.sampled_from([p for p in _PIECES if p.isascii()]), max_size=60).map("".join)


def _run_triggers(profile: str) -> list[list[re.Pattern[str]]]:
    """The trigger lists of each run of consecutive line stages in ``profile``."""
    runs: list[list[re.Pattern[str]]] = [[]]
    for stage in Pipeline(profile).stages:
        trigger = getattr(stage, "trigger", None)
        if trigger is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(trigger)
    return [run for run in runs if run]


_RUNS = [run for profile in ("default", "ocr", "minimal") for run in _run_triggers(profile)]
_ALL = [t for run in _RUNS for t in run]


def _plain_lines(triggers: list[re.Pattern[str]], text: str) -> list[tuple[int, int]]:
    """Candidate lines the slow, obvious way: each trigger searched on its own."""
    found: set[tuple[int, int]] = set()
    for trigger in triggers:
        found.update(candidate_lines(trigger, text))
    return sorted(found)


@given(st.one_of(_texts, _ascii_texts))
@example("it#39;s Don39t ATamp;T\n  two  spaces\u00a0 \nplain")
@example("3 9 and [ ] and 2 of\nOur 39ers; x=1")
@example("of.com2F242F252Fe9e46c6697954448ec5f732dd\n[x](http://a)\nÃ©")
def test_joined_scan_flags_the_same_lines(text: str) -> None:
    # Whole runs (the document scan) and single triggers (the pipeline's
    # per-stage check of a flagged line).
    for run in _RUNS + [[t] for t in _ALL]:
        joined = join_triggers(run)
        spans = list(candidate_lines(joined, text))
        assert spans == sorted(set(spans))  # in order, each once
        # A pattern matches at a position whatever the search started from, so the
        # lines holding a match of the joined scan are the lines holding a match
        # of some trigger.
        assert spans == _plain_lines(run, text)


@given(_texts)
def test_first_chars_holds_every_match_start(text: str) -> None:
    for trigger in _ALL:
        if not isinstance(trigger, re.Pattern):
            continue
        for piece in _alternatives(trigger):
            first = first_chars(piece)
            if first is None:
                continue
            cls = re.compile(first)
            for m in piece.finditer(text):
                assert cls.match(text, m.start()), (piece.pattern, first, text[m.start():])


def test_built_in_runs_are_mostly_one_fast_pass() -> None:
    # The point of the rewrite: the default profile's first run (all the line
    # stages before the title stage) is searched in one joined pass, literal searches
    # (the engine's substring search: hundreds of MB/s each) and at most two other
    # passes.
    for run in _run_triggers("default"):
        joined = join_triggers(run)
        passes = joined.passes if isinstance(joined, TriggerScan) else (joined,)
        slow = [p for p in passes[1:] if not _literal_led(p)]
        assert len(slow) <= 2, [p.pattern for p in slow]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"abc", "[a]"),
        (r"(?:x|y)z", "[xy]"),
        (r"a?b", "[ab]"),
        (r"\d{2,}x", r"[\d]"),
        (r"(?<![0-9])39", "[3]"),
        (r"(?i)k", None),  # case folding reaches the Kelvin sign: not told
        (r"[^a]", None),
        (r"a*", None),  # can match empty
        (r".x", None),
    ],
)
def test_first_chars_table(pattern: str, expected: str | None) -> None:
    assert first_chars(re.compile(pattern)) == expected


@given(_texts)
@example("Ukraine not 39out of.com2F242F252Fe9e46c6697954448ec5f732dd")
@example("sha 0e873a0000c6d07ef7b77e90d3593ad699fc1f7c alone")
@example("x_0e873a0000c6 and e.html5")
def test_has_debris_is_the_debris_pattern(line: str) -> None:
    assert has_debris(line) == bool(_URL_DEBRIS_RE.search(line))
