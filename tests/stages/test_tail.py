"""truncated_tail: a last line cut mid-sentence, or a call to action whose link was stripped."""

from __future__ import annotations

import pytest

from tests.datasets import cases, clean_documents
from textmend import Pipeline
from textmend.stages.tail import TruncatedTail

BODY = "The meeting was attended by Chancellor Olaf Scholz."

REMOVED = [
    "Follow AP's coverage of the war at",
    "Read more at",
    "Click here to",
    "Sign up for our newsletter here:",
    "Subscribe to our channel via",
    "The minister said the plan would be announced in",
    "Report typos and corrections to",
    # A clause ending on the verb whose object was the link.
    "For the latest on Afghanistan, visit",
    "For more information, please visit",
    "To read the full report, click",
    "To hear the interview, listen to",
]

KEPT = [
    "Associated Press writer John Leicester contributed to this report.",
    "— Jane Doe, Reuters",
    "Jane Doe",
    "He said: “It is over”",
    "And then there was silence…",
    "- salt and",  # a list item
    "1. Preheat the oven to",
    "香港民众道歉。",
    "यह घोषणा है।",
    "See also",  # a heading, no dangling link word
    "Follow Lucia I. Suarez on Twitter @luciasuarezsang",
    "Through the calm firmament, (but up or down, ",
    "Copyright 2014",
    "[The End]",
    "These are the places we visit",  # ends on the verb, but no call to action
    "For more information, visit the council's website.",
    "Time to visit",  # neither a "for"/"to" clause nor set off by a comma
    # A page or chunk of clean text ends anywhere: on an article, a conjunction...
    "Officials declined to comment on the",
    "20 Deliver my soul from the",
    "and the rest of them went home, and",
    "The fund is making the following donations:",  # a list may follow in the next chunk
    "Make Firefox match your style. Choose from",  # a paragraph cut in its second sentence
]


@pytest.mark.parametrize("tail", REMOVED)
def test_removed(tail: str) -> None:
    for ending in ("", "\n"):
        text = f"{BODY}\n\n{tail}{ending}"
        out = Pipeline([TruncatedTail()]).clean(text)
        assert out.rstrip("\n") == BODY
        assert out.endswith("\n") == (ending == "\n")


@pytest.mark.parametrize("tail", KEPT)
def test_kept(tail: str) -> None:
    text = f"{BODY}\n\n{tail}\n"
    assert Pipeline([TruncatedTail()]).clean(text) == text


def test_one_line_document_is_kept() -> None:
    assert Pipeline([TruncatedTail()]).clean("Read more at") == "Read more at"


def test_idempotent_on_stacked_tails() -> None:
    text = f"{BODY}\n\nThe talks will resume in\n\nRead more at\n"
    p = Pipeline([TruncatedTail()])
    once = p.clean(text)
    assert once.rstrip("\n") == BODY
    assert p.clean(once) == once
    # Without blank lines the call to action runs on from an unfinished line: it may be
    # a paragraph cut by a page or chunk, and both lines stay.
    text = f"{BODY}\nThe talks will resume in\nRead more at\n"
    assert p.clean(text) == text


# Text hard-wrapped, paged or chunked ends mid-sentence where the page ended: every
# line stays, however many end on a function word (the stage used to climb a
# paragraph, removing one such line after another).
WRAPPED = [
    "It was the best of times, it was the worst of times, it was the age of\n"
    "wisdom, it was the age of foolishness, and I will open your",
    "He spoke.\n\nThe night was long, and the wind came down from the hills to the\n"
    "river, where the boats were tied up for the\nwinter, and the men sat by the",
    "Chapter 3\n\nShe turned to the window and said that she would wait for the",
]


@pytest.mark.parametrize("text", WRAPPED)
def test_wrapped_and_paged_text_keeps_every_line(text: str) -> None:
    for ending in ("", "\n"):
        assert Pipeline([TruncatedTail()]).clean(text + ending) == text + ending


# English word lists judge English text only.
OTHER_LANGUAGES = [
    "O presidente falou com os jornalistas sobre a crise.\n\nA reportagem foi feita com a",
    "Der Minister sprach mit den Journalisten über die Krise.\n\nDas Interview führte er mit der",
    "Le ministre a parlé aux journalistes de la crise.\n\nPour en savoir plus, consultez le site de la",
]


@pytest.mark.parametrize("text", OTHER_LANGUAGES)
def test_other_languages_are_left_alone(text: str) -> None:
    assert Pipeline([TruncatedTail()]).clean(text) == text


def test_real_tail_cases() -> None:
    """Real documents (tests/data/tails): the seed's tail goes, every negative stays."""
    p = Pipeline([TruncatedTail()])
    for case in cases("tails"):
        out = p.clean(case["input"])
        if case["kind"] == "negative":
            assert out == case["input"], case["source"]
        elif case["kind"] == "truncated_cta":
            assert out.rstrip() == case["expected"].rstrip(), case["source"]


def test_real_clean_documents_unchanged() -> None:
    p = Pipeline([TruncatedTail()])
    assert [n for n, t in clean_documents() if p.clean(t) != t] == []
