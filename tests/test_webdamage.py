"""The web-damage model (tests/webdamage.py) and its committed fixtures are what they claim.

These tests check the *data*, not textmend: every fixture's expected text follows
from its input by the recorded repair, the files are what the generator writes, and
the model's steps do what issue 12 describes. Tests of textmend on these fixtures
belong to the stages that repair the damage.
"""

from __future__ import annotations

import html
import json
import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import webdamage as wd

DATA = Path(__file__).resolve().parent / "data" / "web"


def _load(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").split("\n") if line]


def test_fixtures_are_what_the_generator_writes() -> None:
    sys.path.insert(0, str(DATA))
    try:
        import make_fixtures
    finally:
        sys.path.remove(str(DATA))
    for name, text in make_fixtures.render().items():
        assert (DATA / name).read_text(encoding="utf-8") == text, f"{name}: run tests/data/web/make_fixtures.py"


@pytest.mark.parametrize("mode,expected", [
    ("all", "39"), ("amp", "#39;"), ("semi", "&#39"), ("amp_semi", "#39"), ("amp_hash", "39;"),
])
def test_strip_entity_modes(mode: str, expected: str) -> None:
    assert wd.strip_entity("&#39;", mode) == expected


def test_strip_entity_named_and_hex() -> None:
    assert wd.strip_entity("&nbsp;", "all") == "nbsp"
    assert wd.strip_entity("&#x27;", "all") == "x27"
    assert wd.strip_entity("&rsquo;", "amp") == "rsquo;"


def test_damage_entities_matches_the_issue() -> None:
    chars = {"'": "&#039;", "\u2019": "&#8217;", "\u201c": "&#8220;", "\u201d": "&#8221;", "\u00b0": "&deg;"}
    text = "It's the museum\u2019s \u201cYes,\u201d at 21\u00b0C"
    damaged, inst = wd.damage_entities(text, chars, "all")
    assert damaged == "It039s the museum8217s 8220Yes,8221 at 21degC"
    assert [i.residue for i in inst] == ["039", "8217", "8220", "8221", "deg"]


def test_entity_fixtures_are_consistent() -> None:
    cases = _load("entities.jsonl")
    assert {c["kind"] for c in cases} == {"entity", "entity_clean"}
    for c in cases:
        if c["kind"] == "entity_clean":
            assert c["input"] == c["expected"]
            continue
        inp, exp = str(c["input"]), str(c["expected"])
        insts = c["instances"]
        assert isinstance(insts, list) and insts
        # Putting each instance's character back where its residue stands rebuilds the expected text.
        rebuilt, pos = [], 0
        for i in insts:
            rebuilt.append(inp[pos : i["start"]])
            assert inp[i["start"] : i["start"] + len(i["residue"])] == i["residue"]
            assert html.unescape(i["entity"]) == i["expected"]
            assert exp[i["expected_start"]] == i["expected"]
            rebuilt.append(i["expected"])
            pos = i["start"] + len(i["residue"])
        rebuilt.append(inp[pos:])
        assert "".join(rebuilt) == exp


def test_every_form_and_mode_is_covered() -> None:
    seen = {(c["entity"], c["strip_mode"]) for c in _load("entities.jsonl") if c["kind"] == "entity"}
    for ch, forms in wd.ENTITY_FORMS.items():
        if ch in {"\N{BULLET}", "\N{TRADE MARK SIGN}", "\N{REGISTERED SIGN}", "\N{COPYRIGHT SIGN}",
                  "\N{EURO SIGN}", "\N{POUND SIGN}", "\N{LEFT SINGLE QUOTATION MARK}", "\N{HORIZONTAL ELLIPSIS}"}:
            continue  # the clean corpus may not hold these; covered when it does
        for form in forms:
            for mode in wd.STRIP_MODES:
                assert (form, mode) in seen, (form, mode)


def test_title_fixtures_are_consistent() -> None:
    cases = _load("titles.jsonl")
    kinds = {c["kind"] for c in cases}
    assert kinds == {"title_twin", "title_alone", "title_clean"}
    for c in cases:
        inp, exp = str(c["input"]), str(c["expected"])
        if c["kind"] == "title_clean":
            assert inp == exp
            continue
        first, rest = inp.split("\n\n", 1)
        assert first == c["mangled"] and first.endswith(str(c["glued_debris"]))
        if c["kind"] == "title_twin":
            assert rest == exp
        else:
            assert exp.split("\n\n", 1)[1] == rest
            head = exp.split("\n\n", 1)[0]
            # The mangled line is the cut title, its entities stripped, with the debris glued on.
            assert first.split(" ")[0] == head.split(" ")[0] or "'" in head.split(" ")[0] or '"' in head


def test_tail_fixtures() -> None:
    cases = _load("tails.jsonl")
    for c in cases:
        if c["kind"] == "cta":
            assert str(c["input"]) == f"{c['expected']}\n\n{c['cta']}"
        else:
            assert c["kind"] == "wrapped_clean" and c["input"] == c["expected"]
    langs = {str(c.get("source", "")) for c in cases}
    assert any("udhr_por" in s for s in langs) and any("udhr_deu" in s for s in langs)


def test_pick_debris_holds_an_escape_and_is_a_piece_of_the_stripped_string() -> None:
    rng = random.Random(3)
    enc = wd.share_encode("https://www.nytimes.com/2019/11/18/business/pharmacy-chain-expands-overseas/")
    stripped, _ = wd.strip_percent(enc)
    assert stripped.startswith("https3A2F2Fwww.nytimes.com2F20192F")
    for _ in range(200):
        piece = wd.pick_debris(enc, rng)
        assert piece is not None and piece in stripped
        assert any(x in piece for x in ("3A", "2F"))


def test_share_encode_writes_utf8_bytes() -> None:
    assert wd.strip_percent(wd.share_encode("it\u2019s here\n"))[0] == "it E28099s20here0A".replace(" ", "")


def test_mangle_title_like_the_seed() -> None:
    rng = random.Random(0)
    title = "Macron says sending Western troops to Ukraine not 'out of the question'"
    m = wd.mangle_title(title, ".com2F242F252Fe9e46c", rng, cut=True, min_words=10)
    assert m.line.startswith("Macron says sending Western troops to Ukraine not 39out")
    assert m.line.endswith(".com2F242F252Fe9e46c")
    assert m.cut.startswith("Macron says sending Western troops to Ukraine not 'out")


HEADLINES = ["Macron says sending Western troops to Ukraine not 'out of the question'",
             "Shoppach doesn't appear ready to hit the next level"]
BODIES = ["PARIS (AP) \u2014 French President Emmanuel Macron said Monday that sending troops is not \u201cruled out\u201d."]


@settings(max_examples=50, deadline=None)
@given(wd.title_documents(HEADLINES, BODIES))
def test_title_documents_strategy(pair: tuple[str, str]) -> None:
    doc, expected = pair
    first, rest = doc.split("\n\n", 1)
    assert rest == expected
    assert first not in expected


@settings(max_examples=50, deadline=None)
@given(wd.title_documents(HEADLINES, BODIES, twin=False))
def test_title_alone_strategy(pair: tuple[str, str]) -> None:
    doc, expected = pair
    assert doc.split("\n\n", 1)[1] == expected.split("\n\n", 1)[1]


@settings(max_examples=50, deadline=None)
@given(wd.stripped_entities(HEADLINES + BODIES + ["Caf\u00e9 cr\u00e8me, 21\u00b0C \u2013 na\u00efve"]))
def test_stripped_entities_strategy(triple: tuple[str, str, list[wd.EntityInstance]]) -> None:
    damaged, expected, insts = triple
    assert insts and damaged != expected
    for i in insts:
        assert damaged[i.start : i.start + len(i.residue)] == i.residue
        assert expected[i.expected_start] == i.expected


@given(st.text(max_size=60))
def test_strip_percent_never_raises(s: str) -> None:
    out, escapes = wd.strip_percent(s)
    assert all(0 <= e < len(out) for e in escapes)
