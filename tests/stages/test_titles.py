"""mangled_title: drop a corrupted first-line title whose clean twin stands below."""

from __future__ import annotations

import pytest

from tests.datasets import cases, clean_documents
from textmend import Pipeline
from textmend.stages.titles import MangledTitle, normalise

SEED_FIRST = (
    "Macron says sending Western troops to Ukraine not 39out of.com2F242F252Fe9e46c6697954448"
    "ec5f732dd8562F607468707c2c4786afc669fb280c3eeb"
)
SEED_TWIN = "Macron says sending Western troops to Ukraine not 'out of the question'"
BODY = "PARIS (AP) — French President Emmanuel Macron said Monday that nothing is “ruled out.”"

REPAIRS = [
    # the seed's own first lines
    ([SEED_FIRST, "", SEED_TWIN, "", BODY], [SEED_TWIN, "", BODY]),
    # twin on the next line, no blank between
    ([SEED_FIRST, SEED_TWIN, BODY], [SEED_TWIN, BODY]),
    # percent-encoded residue, whole title
    (["Iran Warns Its Missiles Can Hit Anywhere in Israel%2F9f8e7d6c%2Fab12", "", "Iran Warns Its Missiles Can Hit Anywhere in Israel", BODY],
     ["Iran Warns Its Missiles Can Hit Anywhere in Israel", BODY]),
]

NO_OPS = [
    # a line repeated verbatim (a refrain, a title printed twice) carries no debris
    ["Happy birthday to you", "Happy birthday to you", "Happy birthday, dear Ann"],
    # entity residue alone is repaired in place by the line stages
    ["Iraq nuclear losses  #39;a scandal #39;", "", "Iraq nuclear losses 'a scandal'", BODY],
    # a clean title above a lede that starts with the same words
    ["Apple unveils iPhone 15 Pro", "", "Apple unveils iPhone 15 Pro at its event in Cupertino on Tuesday.", BODY],
    # "5G", "2nd", "COVID-19" are no debris
    ["COVID-19 cases fall for 2nd week as 5G rollout continues", "", "COVID-19 cases fall for 2nd week", BODY],
    # a mangled line with no twin is left to the line stages
    [SEED_FIRST, "", BODY],
    # the twin is too far away
    [SEED_FIRST, "a", "b", "c", "d", "e", "f", SEED_TWIN],
    # short first lines are never judged
    ["Tweet39s", "", "Tweet's", BODY],
    ["", SEED_FIRST, SEED_TWIN],
    [SEED_FIRST],
    # a digest or a URL that stands as its own word is content, not debris (found by
    # the property suite: the first of two similar lines was dropped as a mangled title)
    [
        "Water https://www.spread.co.uk/budget?id=3716 material possibly 0e873a0000c6d07ef7b77e90d3593ad699fc1f7c.",
        "",
        "Water https://www.spread.co.uk/budget?id=3716 material possibly!",
    ],
]


@pytest.mark.parametrize(("lines", "expected"), REPAIRS)
def test_repairs(lines: list[str], expected: list[str]) -> None:
    out, edits = MangledTitle().fix_lines(lines)
    assert out == expected
    assert len(edits) == 1 and edits[0].line == 1


@pytest.mark.parametrize("lines", NO_OPS)
def test_no_ops(lines: list[str]) -> None:
    assert MangledTitle().fix_lines(list(lines)) == (lines, [])


def test_precheck_is_sound_on_no_ops_and_repairs() -> None:
    stage = MangledTitle()
    for lines, _ in REPAIRS:
        assert stage.precheck("\n".join(lines))
    for lines in NO_OPS:
        if not stage.precheck("\n".join(lines)):
            assert stage.fix_lines(list(lines))[0] == lines


def test_normalise_ignores_debris() -> None:
    assert normalise(SEED_FIRST) == "macron says sending western troops to ukraine not out of"
    assert normalise(SEED_TWIN).startswith(normalise(SEED_FIRST))


def test_real_title_cases() -> None:
    """Real documents (tests/data/titles): the seed is restored, the negatives kept."""
    p = Pipeline([MangledTitle()])
    for case in cases("titles"):
        out = p.clean(case["input"])
        if case["kind"] == "positive":
            assert out.split("\n")[0] == case["expected"].split("\n")[0], case["source"]
        elif case["kind"] == "negative":
            assert out == case["input"], case["source"]


def test_real_clean_documents_unchanged() -> None:
    p = Pipeline([MangledTitle()])
    assert [n for n, t in clean_documents() if p.clean(t) != t] == []


def test_a_whole_address_is_no_residue() -> None:
    # Found by the round-trip property: a first line with a real address is no mangled
    # copy of a similar line below it.
    text = (
        "Queen benefit plans career win coast sir outside everything "
        "https://stone.org/long/took-hell mr executive included.\n\n"
        "Leadership october you'd.\n\n"
        "Queen benefit plans career win coast sir outside everything \u201cmr executive\u201d included!"
    )
    assert Pipeline(["mangled_title"]).clean(text) == text
