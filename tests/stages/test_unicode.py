"""The unicode family: mojibake (via ftfy), control_chars, ligatures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import ftfy
import pytest
from ftfy import chardata
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from hypothesis import example, given
from hypothesis import strategies as st

import textmend
from textmend import Pipeline
from textmend.stages.unicode import ControlChars, Ligatures, Mojibake

DATA = Path(__file__).resolve().parents[1] / "data"
MOJI = Mojibake()
CTRL = ControlChars()
LIG = Ligatures()

# -- mojibake ----------------------------------------------------------------------------

MOJIBAKE_CASES = [
    ("cafÃ© au lait", "café au lait"),
    ("â€œquotedâ€\x9d and itâ€™s", "“quoted” and it’s"),
    ("voilÃ  le travail", "voilà le travail"),
    ("Ã la carte", "à la carte"),  # restore_byte_a0
    ("Â£5 and Â©2024", "£5 and ©2024"),
    ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€", "привет мир"),  # Russian through Latin-1
    ("Ã¢â‚¬Å“doubleÃ¢â‚¬Â\x9d", "“double”"),  # mojibake twice
    ("parlé\x85 Tu sais", "parlé… Tu sais"),  # a C1 control read as Windows-1252
    ("\ud83d\ude00 grin", "\U0001f600 grin"),  # a UTF-16 surrogate pair
    # Real: vim 9.0's Dutch catalogue (Debian 13).
    ("Er is al een nieuwere versie geÃ¯nstalleerd", "Er is al een nieuwere versie geïnstalleerd"),
    # No-ops: valid typography stays, no width change, no NFC.
    ("The café said “hello” — £5", "The café said “hello” — £5"),
    ("It’s 20°C… «bien sûr»", "It’s 20°C… «bien sûr»"),
    ("ＬＯＵＤ　ＮＯＩＳＥＳ", "ＬＯＵＤ　ＮＯＩＳＥＳ"),
    ("e\u0301 stays decomposed", "e\u0301 stays decomposed"),
    ("the \ufb01rst", "the \ufb01rst"),  # ligatures are their own stage
    ("plain ASCII with &amp; entity", "plain ASCII with &amp; entity"),
    ("Аргумент „СТИЛ“ може бити „iso“", "Аргумент „СТИЛ“ може бити „iso“"),
    ("执行单击的方向（“left”“right”）。", "执行单击的方向（“left”“right”）。"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "fixed"), MOJIBAKE_CASES)
def test_mojibake(text: str, fixed: str) -> None:
    assert MOJI.fix_line(text) == fixed
    assert MOJI.fix_line(fixed) == fixed


MOJIBAKE_MATCHES = [
    "cafÃ©", "Â£5", "â€œ", "Ã ", "\x81", "\x9d", "\ud83d", "Ð¿Ñ€", "Ã¢â‚¬", "√©",
    "‚Ä¶", "вЂ™", "Ø§Ù„", "ÂÂ»",
]
MOJIBAKE_NON_MATCHES = [
    "plain ASCII", "£5", "café", "“curly” ‘quotes’", "an — em dash", "中文文本",
    "naïve Zürich Łódź", "Привет, мир", "Καλημέρα", "¿Qué? ¡Sí!", "nº 5, 1ª", "10 µm",
    "20°C", "€10", "© 2024 ®", "“José”", "Ÿ", "„СТИЛ“ и „iso“",
]


@pytest.mark.parametrize("text", MOJIBAKE_MATCHES)
def test_mojibake_trigger_matches(text: str) -> None:
    assert MOJI.trigger.search(text)


@pytest.mark.parametrize("text", MOJIBAKE_NON_MATCHES)
def test_mojibake_trigger_non_matches(text: str) -> None:
    assert not MOJI.trigger.search(text)


def _expand(body: str) -> str:
    return re.sub(r"(.)-(.)", lambda m: "".join(map(chr, range(ord(m[1]), ord(m[2]) + 1))), body)


def test_trigger_covers_ftfy_badness_on_every_pair() -> None:
    """Every two-character window ftfy calls bad, with and without context, fires."""
    chars = sorted(set("".join(_expand(v) for v in MOJIBAKE_CATEGORIES.values())) | set(" a."))
    missed = []
    for x in chars:
        for y in chars:
            for text in (x + y, f"a {x}{y}a"):
                if BADNESS_RE.search(text) and not MOJI.trigger.search(text):
                    missed.append(text)
    assert not missed, missed[:20]


# Mojibake of many kinds: text in many scripts, encoded as UTF-8 (sometimes twice)
# and decoded with one of the single-byte codecs ftfy knows.
_SCRIPTS = st.text(
    st.characters(
        codec="utf-8",
        categories=("L", "M", "N", "P", "S", "Zs"),
        max_codepoint=0x1FFFF,
    ),
    max_size=12,
)
_CODECS = st.sampled_from(chardata.CHARMAP_ENCODINGS)


@st.composite
def mojibake(draw: st.DrawFn) -> str:
    text = draw(_SCRIPTS)
    for _ in range(draw(st.integers(1, 2))):
        codec = draw(_CODECS)
        text = text.encode("utf-8").decode(codec, errors="replace")
    return draw(st.text(max_size=5)) + text + draw(st.text(max_size=5))


any_line = st.one_of(mojibake(), st.text(), _SCRIPTS).map(lambda s: s.replace("\n", " "))


@given(any_line)
@example("a\u0085b")
@example("Ã?")
@example("Ã\ufffd")
@example("x\xc0\x80")
@example("\ud83d\ude00")
def test_mojibake_trigger_is_sound(text: str) -> None:
    """A line the trigger misses is one ftfy (with the stage's config) leaves alone."""
    if not MOJI.trigger.search(text):
        assert ftfy.fix_text(text, MOJI.config) == text


@given(any_line)
def test_unicode_stages_idempotent_and_total(text: str) -> None:
    for stage in (MOJI, CTRL, LIG, Ligatures(long_s=True)):
        once = stage.fix_line(text)
        assert "\n" not in once
        assert stage.fix_line(once) == once
        if not stage.trigger.search(text):
            assert once == text


def test_stage_options_reach_ftfy() -> None:
    assert Mojibake(restore_byte_a0=False).config.restore_byte_a0 is False
    assert Mojibake().config.uncurl_quotes is False and Mojibake().config.normalization is None
    assert Mojibake(fix_surrogates=False).fix_line("\ud83d\ude00") == "\ud83d\ude00"
    assert Mojibake(fix_surrogates=False).trigger.search("\ud83d") is None


# -- ftfy's own cases ---------------------------------------------------------------------

FTFY_CASES = json.loads((DATA / "ftfy" / "test_cases.json").read_text(encoding="utf-8"))
# Cases whose default-profile output differs from ftfy's encoding-only output on purpose.
_BY_DESIGN = {
    # control_chars removes C0 controls (U+1A) and undefined C1 controls (U+81).
    "Synthetic, negative: don't leak our internal use of byte 0x1A",
    "Synthetic, negative: U+1A on its own",
}
# The default profile decodes entities (html_entities) before mojibake, as ftfy's
# fix_text does: these cases come out as ftfy's full `fixed`, not `fixed-encoding`.
_ENTITIES_DECODED = {"HTML entity on top of UTF-8 / Latin-1"}
_KNOWN_FAILURES: set[str] = set()


def _ftfy_cases() -> list[object]:
    out: list[object] = []
    for case in FTFY_CASES:
        want = case.get("fixed-encoding", case["fixed"])
        if ftfy.fix_text(case["original"], MOJI.config) != want:
            continue  # ftfy itself does not pass it with encoding-only settings
        marks = [pytest.mark.xfail(strict=True)] if case["label"] in _KNOWN_FAILURES else []
        out.append(pytest.param(case, id=case["label"][:60], marks=marks))
    return out


@pytest.mark.parametrize("case", _ftfy_cases())
def test_ftfy_case_through_default_profile(case: dict[str, str]) -> None:
    want = case.get("fixed-encoding", case["fixed"])
    if case["label"] in _ENTITIES_DECODED:
        want = case["fixed"]
    if case["label"] in _BY_DESIGN:
        want = CTRL.fix_line(want)
    assert textmend.clean(case["original"], profile="default") == want
    assert Pipeline(["mojibake"]).clean(case["original"]) == case.get(
        "fixed-encoding", case["fixed"]
    )


def test_ftfy_negative_cases_unchanged() -> None:
    """Cases whose original is already right (and that ftfy's encoding fixes leave alone)."""
    negatives = [
        c
        for c in FTFY_CASES
        if c["original"] == c["fixed"] == c.get("fixed-encoding", c["fixed"])
        and ftfy.fix_text(c["original"], MOJI.config) == c["original"]
    ]
    assert len(negatives) >= 35
    changed = [
        c["label"]
        for c in negatives
        if c["label"] not in _BY_DESIGN
        and textmend.clean(c["original"], profile="default") != c["original"]
    ]
    assert not changed


# -- control_chars -------------------------------------------------------------------------

CONTROL_CASES = [
    ("\x1b[31mRed\x1b[0m text", "Red text", "terminal_escape"),
    ("bell\x07 and null\x00", "bell and null", "c0"),
    ("vertical\x0btab", "verticaltab", "c0"),
    ("smart \x93quotes\x94", "smart “quotes”", "c1"),
    ("undefined \x81 C1", "undefined  C1", "c1"),
    ("\ufeffStart of a file", "Start of a file", "bom"),
    ("mid\ufeffword", "midword", "bom"),
    ("ex\u200bample and\u2060joined", "example andjoined", "zero_width"),
    ("infor\u00admation", "information", "soft_hyphen"),
    ("lone \ud800 surrogate", "lone \ufffd surrogate", "surrogate"),
    ("paired \ud83d\ude00", "paired \U0001f600", "surrogate"),
    ("nonchar \ufdd0 \uffff", "nonchar  ", "noncharacter"),
    ("object \ufffc here", "object  here", "bom"),
    # No-ops.
    ("tab\tstays", "tab\tstays", ""),
    ("form feed\x0c page", "form feed\x0c page", ""),
    ("family \U0001f468\u200d\U0001f469\u200d\U0001f467", "family \U0001f468\u200d\U0001f469\u200d\U0001f467", ""),
    ("می\u200cخواهم", "می\u200cخواهم", ""),  # Persian ZWNJ
    ("क्\u200dष", "क्\u200dष", ""),  # Devanagari ZWJ
    ("ภาษาไทย\u200bคือ", "ภาษาไทย\u200bคือ", ""),  # Thai word break
    ("end soft\u00ad", "end soft\u00ad", ""),  # a line-end soft hyphen is a hyphenation point
    ("private \ue000 use", "private \ue000 use", ""),
    ("word \u200b word", "word \u200b word", ""),
]


@pytest.mark.parametrize(("text", "fixed", "rule"), CONTROL_CASES)
def test_control_chars(text: str, fixed: str, rule: str) -> None:
    out, got_rule = CTRL.explain_line(text)
    assert out == fixed
    if rule:
        assert rule in got_rule.split("+")
    assert CTRL.fix_line(fixed) == fixed
    fixed.encode("utf-8")


CONTROL_MATCHES = ["\x00", "\x1b[0m", "\x7f", "\x85", "\u00ad", "\u200b", "\ufeff", "\ud800",
                   "\ufffe", "\uffff", "\ufdd0", "\u206a"]
CONTROL_NON_MATCHES = ["tab\tonly", "\x0c", "\u200c\u200d", "\ue000", "plain “text” — é"]


@pytest.mark.parametrize("text", CONTROL_MATCHES)
def test_control_trigger_matches(text: str) -> None:
    assert CTRL.trigger.search(text)


@pytest.mark.parametrize("text", CONTROL_NON_MATCHES)
def test_control_trigger_non_matches(text: str) -> None:
    assert not CTRL.trigger.search(text)


def test_control_chars_disabled_options() -> None:
    stage = ControlChars(c1=False, zero_width=False, soft_hyphen=False, noncharacters=False)
    text = "a\x93b ex\u200bample infor\u00admation \ufdd0"
    assert stage.fix_line(text) == text


# -- ligatures -----------------------------------------------------------------------------

LIGATURE_CASES = [
    ("\ufb00 \ufb01 \ufb02 \ufb03 \ufb04 \ufb05 \ufb06", "ff fi fl ffi ffl st st"),
    ("the \ufb01rst e\ufb00ort", "the first effort"),
    ("Encyclopædia ĳs \u017fome", "Encyclopædia ĳs \u017fome"),
    ("ＬＯＵＤ", "ＬＯＵＤ"),
]


@pytest.mark.parametrize(("text", "fixed"), LIGATURE_CASES)
def test_ligatures(text: str, fixed: str) -> None:
    assert LIG.fix_line(text) == fixed


def test_long_s_option() -> None:
    assert Ligatures(long_s=True).fix_line("\u017fome \ufb01sh") == "some fish"
    assert Ligatures(long_s=True).trigger.search("\u017f")
    assert not LIG.trigger.search("\u017f")


def test_ligatures_not_in_default_profile() -> None:
    assert "ligatures" not in Pipeline("default").names


# -- real clean text -----------------------------------------------------------------------


def _clean_texts() -> list[object]:
    paths = sorted((DATA / "clean").rglob("*.txt"))
    return [pytest.param(p, id=str(p.relative_to(DATA))) for p in paths]


UNICODE_STAGES = Pipeline(["mojibake", "control_chars"])


@pytest.mark.parametrize("path", _clean_texts())
def test_clean_text_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert UNICODE_STAGES.clean(text) == text


def test_ui_strings_of_fifty_languages_unchanged() -> None:
    """1,250 real translated UI strings (gettext catalogues, 50 languages) stay as they are."""
    rows = (DATA / "unicode" / "ui_strings.tsv").read_text(encoding="utf-8").splitlines()
    lines = [row.split("\t", 1)[1] for row in rows]
    assert len({row.split("\t", 1)[0] for row in rows}) >= 45
    changed = [ln for ln in lines if UNICODE_STAGES.clean(ln) != ln]
    assert not changed
    hits = sum(1 for ln in lines if MOJI.trigger.search(ln))
    assert hits <= len(lines) // 100  # the trigger is not "any non-ASCII"


def test_linear_time_on_long_lines() -> None:
    for line in ("Ã" * 200_000, "\u00ad" * 200_000, "a\u200b" * 100_000, "\x1b[" * 100_000):
        for stage in (MOJI, CTRL, LIG):
            stage.fix_line(line)
