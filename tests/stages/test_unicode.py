"""The unicode family: mojibake (via ftfy), control_chars, ligatures."""

from __future__ import annotations

import json
import re
import time
from functools import lru_cache
from pathlib import Path

import ftfy
import pytest
import regex
import wordfreq
from ftfy import chardata
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from hypothesis import assume, example, given
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

# The repairs of textmend.stages.mixups (ftfy's known failures): (text, fixed, rule).
MIXUP_CASES = [
    # MacRoman read as Latin-1: C1 controls that are MacRoman letters.
    ("barco tur\x92stico en Acapulco", "barco turístico en Acapulco", "macroman_c1"),
    ("Espa\x96a y el a\x96o", "España y el año", "macroman_c1"),
    ("Il est all\x8e \x88 Paris", "Il est allé à Paris", "macroman_c1"),
    ("compagnia pi\x9d et\x88 relativamente", "compagnia più età relativamente", "macroman_c1"),
    # ... and where Windows-1252 (ftfy's reading, the encoding rule) fits.
    ("I don\x92t know", "I don’t know", "encoding"),
    ("It\x92s l\x92homme d\x92abord", "It’s l’homme d’abord", "encoding"),
    ("\x93quoted\x94 text", "“quoted” text", "encoding"),
    ("this\x97that, wait\x85 what", "this—that, wait… what", "encoding"),
    ("O\x92Brien and rock\x92n\x92roll", "O’Brien and rock’n’roll", "encoding"),
    ("the 1990\x962000 season, A\x96Z", "the 1990–2000 season, A–Z", "encoding"),
    ("Hi guys í\xa0½í¸\x8d", "Hi guys \U0001f60d", "encoding"),  # CESU-8, not MacRoman
    # Two levels in one run.
    ("friendly â\x80â\x80\x9c live!", "friendly – live!", "two_level"),
    # A no-break byte lost inside a Vietnamese syllable; French "voilà le" stays two words.
    ("Xem clip hĂ i, phim hĂ i má»›i hay nháşĄt", "Xem clip hài, phim hài mới hay nhất",
     "a0_in_word+encoding"),
    ("lĂ m viá»‡c", "làm việc", "a0_in_word+encoding"),
    ("Xem cĂ nh má»›i hay nháşĄt", "Xem cành mới hay nhất", "a0_in_word+encoding"),  # "nh": no word
    ("voilÃ le travail", "voilà le travail", "encoding"),
    ("bĂ  áşĄy", "bà ấy", "encoding"),  # two spaces: a no-break space and a space
    # windows-1251 in Latin words.
    ("faites attention Г bien vous renseigner avant sur le mГ©dicament",
     "faites attention à bien vous renseigner avant sur le médicament", "cp1251"),
    ("usata pubblicitГ  pronto", "usata pubblicità pronto", "cp1251"),
    ("televisione normale ГЁ pronto", "televisione normale è pronto", "cp1251"),
    # cp437.
    ("┬┐que diferencia hay?", "¿que diferencia hay?", "cp437"),
    ("el ni├▒o come", "el niño come", "cp437"),
    # MacRoman √ in a word.
    ("Sarai ricontattato dal nostro Esperto al pi√π presto.",
     "Sarai ricontattato dal nostro Esperto al più presto.", "macroman_in_word"),
    # Arabic-Indic digits.
    ("أكثر Ù…Ù† Ù Ù Ù¡ Ø¨Ù„Ø¯", "أكثر من ٠٠١ بلد", "encoding+arabic_digits"),
    # No-ops: real text that looks like these.
    ("MISUTÂ\xa0AJIKKO", "MISUTÂ\xa0AJIKKO", ""),  # romaji; "misut" is no word
    ("ROMÂNIA și MISUTÂ", "ROMÂNIA și MISUTÂ", ""),
    ("Г. Иванов, Г бывает", "Г. Иванов, Г бывает", ""),  # Cyrillic Г as a word
    ("Группа Г и mГ", "Группа Г и mГ", ""),
    ("Это Г© и Г«Москва»", "Это Г© и Г«Москва»", ""),
    ("faites attention Г bien", "faites attention Г bien", ""),  # no other 1251 mojibake
    ("┌┬┐ a table ├┼┤", "┌┬┐ a table ├┼┤", ""),  # box drawing
    ("├── src", "├── src", ""),
    ("│ foo │ bar │", "│ foo │ bar │", ""),
    ("└─┬─ main", "└─┬─ main", ""),
    ("├┤foo", "├┤foo", ""),  # decodes ("ô"), but "ôfoo" is no word
    ("┬┐que ┌─┐", "┬┐que ┌─┐", ""),  # a line that draws boxes is left whole
    ("√π ≈ 1.772, 2√π, σ√π, a√π, x√πy", "√π ≈ 1.772, 2√π, σ√π, a√π, x√πy", ""),  # maths
    ("‡ and ’ used correctly: Smith’s rule‡", "‡ and ’ used correctly: Smith’s rule‡", ""),
    ("OÙ EST-IL ? Où est-il ?", "OÙ EST-IL ? Où est-il ?", ""),
    ("مرحبا OÙ", "مرحبا OÙ", ""),  # Ù after a Latin letter
    ("jusqu'Ã nos jours", "jusqu'Ã nos jours", ""),  # ftfy needs more evidence
]


@pytest.mark.parametrize(("text", "fixed"), MOJIBAKE_CASES)
def test_mojibake(text: str, fixed: str) -> None:
    assert MOJI.fix_line(text) == fixed
    assert MOJI.fix_line(fixed) == fixed


@pytest.mark.parametrize(("text", "fixed", "rule"), MIXUP_CASES)
def test_mojibake_mixups(text: str, fixed: str, rule: str) -> None:
    out, got_rule = MOJI.explain_line(text)
    assert out == fixed
    if rule:
        assert got_rule == rule
    assert MOJI.fix_line(fixed) == fixed


def test_mixups_option_turns_them_off() -> None:
    stage = Mojibake(mixups=False)
    assert stage.fix_line("barco tur\x92stico") == "barco tur’stico"
    assert stage.fix_line("┬┐que diferencia hay?") == "┬┐que diferencia hay?"
    assert not stage.trigger.search("┬┐que pi√π")
    assert MOJI.trigger.search("┬┐que") and MOJI.trigger.search("pi√π")


MOJIBAKE_MATCHES = [
    "cafÃ©", "Â£5", "â€œ", "Ã ", "\x81", "\x9d", "\ud83d", "Ð¿Ñ€", "Ã¢â‚¬", "√©",
    "‚Ä¶", "вЂ™", "Ø§Ù„", "ÂÂ»", "┬┐que", "pi√π", "mГ©dicament", "pubblicitГ  pronto",
    "è ГЁ pronto", "Ù Ù Ù¡",
]
MOJIBAKE_NON_MATCHES = [
    "plain ASCII", "£5", "café", "“curly” ‘quotes’", "an — em dash", "中文文本",
    "naïve Zürich Łódź", "Привет, мир", "Καλημέρα", "¿Qué? ¡Sí!", "nº 5, 1ª", "10 µm",
    "20°C", "€10", "© 2024 ®", "“José”", "Ÿ", "„СТИЛ“ и „iso“",
    "Г. Иванов", "Группа Г", "├── src", "│ a │", "└─┬─ main", "2 + 2 = 4", "x ≥ √2",
    "Où est-il", "ÙNICO",
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
# No `fixed-encoding`, and `fixed` has the quotes ftfy's uncurl_quotes straightened:
# the repair is right when the output, its quotes straightened by ftfy, is `fixed`.
_QUOTES_STRAIGHTENED = {"Misleading mix-up in Spanish"}
STYLE_ONLY = ftfy.TextFixerConfig(fix_encoding=False)
MOJIBAKE_ONLY = Pipeline(["mojibake"])


def _ftfy_case_params() -> list[object]:
    return [pytest.param(c, id=f"{c['expect']}: {c['label'][:60]}") for c in FTFY_CASES]


def _check_ftfy_case(case: dict[str, str], out: str, want: str) -> None:
    if case["label"] in _QUOTES_STRAIGHTENED:
        assert "fixed-encoding" not in case
        assert out != case["fixed"] and ftfy.fix_text(out, STYLE_ONLY) == case["fixed"]
    else:
        assert out == want


@pytest.mark.parametrize("case", _ftfy_case_params())
def test_ftfy_case_mojibake_stage(case: dict[str, str]) -> None:
    """All 161 of ftfy 6.3.1's cases, its 10 known failures too, against `fixed-encoding`."""
    out = MOJIBAKE_ONLY.clean(case["original"])
    _check_ftfy_case(case, out, case.get("fixed-encoding", case["fixed"]))


@pytest.mark.parametrize("case", _ftfy_case_params())
def test_ftfy_case_through_default_profile(case: dict[str, str]) -> None:
    want = case.get("fixed-encoding", case["fixed"])
    if case["label"] in _ENTITIES_DECODED:
        want = case["fixed"]
    if case["label"] in _BY_DESIGN:
        want = CTRL.fix_line(want)
    _check_ftfy_case(case, textmend.clean(case["original"], profile="default"), want)


@pytest.mark.parametrize("field", ["fixed-encoding", "fixed"])
def test_ftfy_negative_cases_unchanged(field: str) -> None:
    """Cases whose original is already the expected text, by either field, stay as they are."""
    negatives = [c for c in FTFY_CASES if c["original"] == c.get(field, c["fixed"])]
    assert len(negatives) >= 38
    assert [c["label"] for c in negatives if MOJIBAKE_ONLY.clean(c["original"]) != c["original"]] == []
    changed = [
        c["label"]
        for c in negatives
        if c["label"] not in _BY_DESIGN | _ENTITIES_DECODED
        and textmend.clean(c["original"], profile="default") != c["original"]
    ]
    assert not changed


# -- properties: clean text of many scripts stays; mojibake of each repaired codec goes ----


@lru_cache(maxsize=None)
def _vocab(lang: str, charset: str = "", n: int = 3000) -> tuple[str, ...]:
    """wordfreq's most common words of ``lang``, letters only; with ``charset``, only the
    words whose non-ASCII letters are all in it."""
    return tuple(
        w for w in wordfreq.top_n_list(lang, n)
        if w.isalpha() and "ª" not in w and "º" not in w
        and (not charset or all(c.isascii() or c in charset for c in w))
    )


def _sentence(vocab: tuple[str, ...], must: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Words of ``vocab`` with at least one word of ``must`` (accented, 3+ letters)."""
    return st.tuples(
        st.lists(st.sampled_from(vocab), min_size=1, max_size=8),
        st.sampled_from(must),
        st.integers(0, 8),
    ).map(lambda t: " ".join(t[0][: t[2]] + [t[1]] + t[0][t[2]:]))


def _accented(vocab: tuple[str, ...], letters: str = "") -> tuple[str, ...]:
    return tuple(w for w in vocab if len(w) >= 3 and not w.isascii()
                 and (not letters or any(c in letters for c in w)))


_CLEAN_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "cs", "ro", "hu", "tr",
                    "vi", "ru", "uk", "bg", "sr", "el", "ar", "fa", "he", "hi", "ja", "zh", "ko")
_SEPARATORS = (" ", " ", " ", ", ", ". ", " — ", " – ", "’", " “", "” ", " «", "» ", "… ",
               " (", ") ", ": ", "; ", " ¿", "? ", " ¡", "! ", " „", " ‘", "’ ")
# Real text that uses the characters these repairs read as mojibake. (Not a word ending
# in "Â" before a closing quote: ftfy itself reads "Â”" as mojibake.)
_LOOKALIKES = ("┌─┬─┐", "│ a │ b │", "├──┼──┤", "└─┴─┘", "├── src", "└─┬─ main", "√π ≈ 1.77",
               "2√π", "x ≥ √2", "σ√π", "‡", "†", "Г.", "Г", "OÙ", "Où", "ROMÂNIA",
               "10 µm", "±3 %", "café", "naïve", "São Paulo", "Ærø")


@st.composite
def clean_line(draw: st.DrawFn) -> str:
    lang = draw(st.sampled_from(_CLEAN_LANGUAGES))
    words = draw(st.lists(st.one_of(st.sampled_from(_vocab(lang)), st.sampled_from(_LOOKALIKES)),
                          min_size=1, max_size=12))
    seps = draw(st.lists(st.sampled_from(_SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + sep for w, sep in zip(words, seps)).strip()


@given(clean_line())
@example("the the the 2\u221a\u03c0 \u2021\u201d")  # ftfy decoded it to U+201D4
@example("Г. Иванов ┌─┬─┐ pi √π")
def test_clean_text_of_many_scripts_unchanged(line: str) -> None:
    assert MOJI.fix_line(line) == line
    assert UNICODE_STAGES.clean(line) == line


_MAC_C1 = bytes(range(0x80, 0xA0)).decode("macroman")  # Ä Å Ç É Ñ Ö Ü á à â ä ...
_LATIN1_LETTERS = "".join(c for c in map(chr, range(0xC0, 0x100)) if c.isalpha())
_ROMANCE = ("es", "fr", "it", "pt")


@given(st.sampled_from(_ROMANCE).flatmap(
    lambda lang: _sentence(_vocab(lang, _MAC_C1), _accented(_vocab(lang, _MAC_C1)))))
@example("barco turístico en Acapulco")
def test_macroman_read_as_latin1_undone(text: str) -> None:
    """Romance text written in MacRoman and read as Latin-1 (its letters become C1 controls)."""
    assert MOJI.fix_line(text.encode("macroman").decode("latin-1")) == text


@given(st.sampled_from(_ROMANCE).flatmap(
    lambda lang: _sentence(_vocab(lang, _LATIN1_LETTERS), _accented(_vocab(lang, _LATIN1_LETTERS)))))
@example("¿que diferencia hay?")
def test_utf8_read_as_cp437_undone(text: str) -> None:
    assert MOJI.fix_line(text.encode("utf-8").decode("cp437")) == text


@given(st.sampled_from(_ROMANCE).flatmap(
    lambda lang: _sentence(_vocab(lang, _LATIN1_LETTERS), _accented(_vocab(lang, _LATIN1_LETTERS)))))
@example("faites attention à bien vous renseigner sur le médicament")
def test_utf8_read_as_windows_1251_undone(text: str) -> None:
    """With each no-break space (byte A0, the second byte of "à") made a space."""
    assume(not text.endswith("à"))  # a line's last "à" keeps a trailing space (ftfy's rule)
    assert MOJI.fix_line(text.encode("utf-8").decode("windows-1251").replace("\xa0", " ")) == text


@given(st.sampled_from(_ROMANCE).flatmap(lambda lang: _sentence(_vocab(lang), _accented(_vocab(lang)))))
@example("Sarai ricontattato al più presto")
def test_utf8_read_as_macroman_undone(text: str) -> None:
    assert MOJI.fix_line(text.encode("utf-8").decode("macroman")) == text


@given(
    _sentence(_vocab("vi"), tuple(w for w in _vocab("vi") if "à" in w[1:-1])),
    st.sampled_from(["sloppy-windows-1250", "sloppy-windows-1252"]),
)
@example("Xem clip hài, phim hài mới hay nhất", "sloppy-windows-1250")
def test_vietnamese_a_grave_in_a_syllable_undone(text: str, codec: str) -> None:
    """Vietnamese read in a single-byte codec, each no-break space made a space: where
    ftfy decodes every letter, the spaces come out right too ("hài", not "hà i")."""
    assume(not text.endswith("à"))  # a line's last "à" keeps a trailing space (ftfy's rule)
    damaged = text.encode("utf-8").decode(codec).replace("\xa0", " ")
    assume(ftfy.fix_text(damaged, MOJI.config).replace(" ", "") == text.replace(" ", ""))
    assert MOJI.fix_line(damaged) == text


@given(st.lists(st.one_of(st.sampled_from(_vocab("ar")),
                          st.text("٠١٢٣٤٥٦٧٨٩", min_size=1, max_size=4)), min_size=2, max_size=8)
       .map(" ".join))
@example("أكثر من ٠٠١ بلد")
@example("من ٠ ٠٠")
def test_arabic_read_as_windows_1252_undone(text: str) -> None:
    """Arabic with Arabic-Indic digits read as Windows-1252, no-break spaces made spaces."""
    assume(regex.search("[\u0620-\u064a]{2}", text))  # a word: digits alone are no evidence
    damaged = text.encode("utf-8").decode("sloppy-windows-1252").replace("\xa0", " ")
    assert MOJI.fix_line(damaged) == text


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


# Adversarial lines for the mixup repairs: long runs where their patterns look for a
# word's edge, and many short candidates on one line.
MIXUP_ADVERSARIAL = {
    "latin_run_then_root": lambda n: "a" * n + "√π x",
    "words_then_root": lambda n: "parola " * n + "pi√π",
    "capitals_then_a_circumflex": lambda n: "A" * n + " NEWSÂ\xa0B",
    "a0_candidates": lambda n: "xĂ i " * n + "má»›i",
    "c1_run_in_word": lambda n: "a" + "\x92" * n + "a",
    "c1_words": lambda n: "tur\x92stico " * n,
    "cp437_pairs": lambda n: "┬┐a" * n,
    "cp1251_words": lambda n: "mГ©dicament " * n,
    "arabic_digits": lambda n: "بلد " + "Ù " * n,
    "two_level_runs": lambda n: "â\x80â\x80\x9c " * n,
}


def _cpu(fn: object, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        fn(text)  # type: ignore[operator]
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("name", sorted(MIXUP_ADVERSARIAL))
def test_mixups_linear_time(name: str) -> None:
    """Doubling an adversarial line at most about doubles the stage's CPU time (as in
    tests/test_linearity.py: sqrt(time(4n) / time(n)) is ~2 when linear, ~4 when not)."""
    build = MIXUP_ADVERSARIAL[name]
    MOJI.fix_line(build(8))  # word lists loaded before timing
    n = 256
    while n < 1 << 20 and _cpu(MOJI.fix_line, build(n)) < 0.01:
        n *= 2
    ratio = min((_cpu(MOJI.fix_line, build(4 * n)) / _cpu(MOJI.fix_line, build(n))) ** 0.5
                for _ in range(2))
    assert ratio < 3.0, f"{name}: time per doubling {ratio:.2f} from n = {n}"


def test_linear_time_on_long_lines() -> None:
    for line in ("Ã" * 200_000, "\u00ad" * 200_000, "a\u200b" * 100_000, "\x1b[" * 100_000):
        for stage in (MOJI, CTRL, LIG):
            stage.fix_line(line)
