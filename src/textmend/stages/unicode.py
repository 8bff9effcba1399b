"""Mojibake (through ftfy), control and invisible characters, Latin ligatures.

The ``mojibake`` trigger is the speed story of this family. ftfy changes a
text's encoding only when its own badness detector (``ftfy.badness``) finds an
unlikely pair of characters, and the C1 and surrogate fixers only act on C1
controls and surrogates. So a line with none of those pairs, no C1 control and
no surrogate comes out of ftfy unchanged. :func:`_build_mojibake_trigger` turns
ftfy's badness rules into a plain two-character pattern: each rule's context of
ASCII letters or spaces is dropped (which only widens it), and every branch
starts with a non-ASCII class, so ``re`` rejects ASCII positions with one
class test. A line with ``£``, ``é``, curly quotes, an em dash or CJK alone is
no candidate. The repairs of :mod:`textmend.stages.mixups` (mojibake ftfy leaves)
add four branches anchored on rare characters (box drawing, ``√``, ``Ù`` and the
Cyrillic capital ``Г``, which starts few words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

import ftfy
import regex
from ftfy.badness import MOJIBAKE_CATEGORIES

from textmend.stage import LineStage
from textmend.stages import mixups

__all__ = ["STAGES", "ControlChars", "Ligatures", "Mojibake"]

# -- mojibake -------------------------------------------------------------------------

# ftfy's badness rules (ftfy 6.3 ``badness.BADNESS_RE``), each reduced to its first
# two characters without context: (first, second) as category names of
# ``MOJIBAKE_CATEGORIES`` or literal characters in quotes. Rules that start with
# ASCII context (``[a-zA-Z]``, ``\s``, ``^``) keep only the non-ASCII part, which
# matches wherever the full rule does. A test checks every pair of categorised
# characters against ftfy's own regex, so a newer ftfy with a new rule shows up.
_ACCENTED_ETC = ("lower_accented", "upper_accented", "box", "start_punctuation",
                 "end_punctuation", "currency", "numeric", "law")
_LETTERS_AND_MARKS = ("c1", "bad", "start_punctuation", "end_punctuation", "currency")
# (first, second, anchor[, third]): the anchor is the side the scan looks for, the
# rarer one in clean text, so that letters (é, Cyrillic, Greek) are never scanned
# for. ``third`` keeps a rule's third character where the pair alone is common
# typography ("José”" needs a letter after the quote to be bad).
_BADNESS_PAIRS: tuple[tuple[str | tuple[str, ...], ...], ...] = (
    (("bad",) + _ACCENTED_ETC + ("lower_common", "upper_common"), ("bad",), "second"),
    (("bad",), _ACCENTED_ETC, "first"),
    (("lower_accented", "lower_common", "box", "end_punctuation", "currency", "numeric"),
     ("upper_accented",), "second"),
    (("box", "end_punctuation", "currency", "numeric"), ("lower_accented",), "first"),
    (("lower_accented", "box", "end_punctuation"), ("currency",), "second"),
    (("upper_accented",), ("currency", "numeric", "law", "start_punctuation"), "first"),
    (("box",), ("numeric", "law", "kaomoji", "end_punctuation"), "first"),
    (("lower_accented", "upper_accented", "box", "currency", "end_punctuation"),
     ("start_punctuation",), "second", "numeric"),
    (("lower_accented", "upper_accented", "currency", "numeric", "box", "law"),
     ("end_punctuation",), "second", "start_punctuation"),
    (("currency", "numeric", "box"), ("start_punctuation",), "first"),
    (("lower_accented", "upper_accented", "currency", "numeric", "start_punctuation",
      "end_punctuation", "law"), ("box",), "second"),
    (("lower_accented", "upper_accented"), ("start_punctuation", "end_punctuation"), "second",
     "word"),
    (("'Œœ'",), ("not_ascii_letter",), "first"),
    (("upper_accented",), ("'°'",), "first"),
    (("'ÂÃÎÐ'",), ("'€œŠš¢£Ÿž\u00a0\u00ad®©°·»–—´ '", "start_punctuation", "end_punctuation"),
     "first"),
    (("'×'",), ("'²³'",), "first"),
    (("'ØÙ'",), ("common", "currency", "bad", "numeric", "start_punctuation", "'ŸŠ®°µ»'"),
     "first"),
    (("'à'",), ("'²µ¹¼½¾'",), "second"),
    (("'√'",), ("'±∂†≠®™´≤≥¥µø'",), "first"),
    (("'≈'",), ("'°¢'",), "first"),
    (("'‚'",), ("'Äâó'",), "first"),
    (("'в'",), ("'Ђ'",), "second"),
    (("'ВГРС'",), _LETTERS_AND_MARKS + ("'°µ'",), "second", "'ВГРС'"),
    (("'Г'",), ("'ў'",), "second"),
    (("'Ã'",), ("'\u00a0¡'",), "first"),
    (("'β'", "'ā'"), ("'€'",), "second"),
    (("'ΒΓΞΟ'",), _LETTERS_AND_MARKS + ("'°'",), "second", "'ΒΓΞΟ'"),
)


# Branches for the repairs of textmend.stages.mixups that ftfy's detector does not see,
# each as (anchor characters, branch): the anchor is a rare character, scanned for
# like the others.
_CP437_LEADS = bytes(range(0xC2, 0xE0)).decode("cp437")  # "┬├─┼..." (box drawing)
_CP437_CONTINUATIONS = bytes(range(0x80, 0xC0)).decode("cp437")  # "Çüé...┐"
_CP1251_CONTINUATIONS = bytes(range(0xA0, 0xC0)).decode("windows-1251")  # "\xa0Ўў...©..."
_MIXUP_BRANCHES: tuple[tuple[str, str], ...] = (
    # "mГ©dicament": windows-1251 "Г" (byte C3) in a Latin word. The one letter anchor:
    # a capital that starts few Russian words.
    ("Г", f"(?<=[A-Za-z]Г)[ {re.escape(_CP1251_CONTINUATIONS)}]"
          f"|(?<=Г)[{re.escape(_CP1251_CONTINUATIONS)}](?=[A-Za-z\\s]|$)"),
    # "┬┐que": a two-byte UTF-8 sequence read as cp437.
    (re.escape(_CP437_LEADS), f"(?<=[{re.escape(_CP437_LEADS)}])[{re.escape(_CP437_CONTINUATIONS)}]"),
    # "pi√π": UTF-8 read as MacRoman, "√" before any non-ASCII character.
    ("√", "(?<=√)[^\x00-\x7f]"),
    # "Ù Ù Ù¡": Arabic-Indic digits whose no-break byte became a space.
    ("Ù", "(?<=Ù)[ \xa0§]"),
)


def _class_body(names: tuple[str, ...]) -> str:
    parts = []
    for name in names:
        if name.startswith("'"):
            parts.append("".join(re.escape(c) for c in name.strip("'")))
        else:
            parts.append(MOJIBAKE_CATEGORIES[name])  # ftfy's own class text (ranges)
    return "".join(parts)


def _build_mojibake_trigger(*, surrogates: bool, mixup_branches: bool = True) -> re.Pattern[str]:
    """The mojibake trigger: C1 controls, ftfy's bad pairs, and (optionally) surrogates.

    The pattern is one character class, the union of every rule's anchor side,
    followed by the rules: ``(?<=[first])[second]`` where the anchor is the
    first character, ``(?<=[first][second])`` where it is the second. ``re``
    scans for the single class at C speed and tries the rules only where it
    finds one; letters are never anchors (but for Cyrillic "Г", which starts
    few words), so Cyrillic or Polish prose costs no more than English.
    ``mixup_branches`` adds the branches of the repairs ftfy does not make.
    """
    lone = MOJIBAKE_CATEGORIES["c1"] + ("\ud800-\udfff" if surrogates else "")
    anchors = [lone]
    branches = [f"(?<=[{lone}])"]
    for first, second, anchor, *third in _BADNESS_PAIRS:
        assert isinstance(first, tuple) and isinstance(second, tuple)
        f = f"[{_class_body(first)}]"
        s = "[^A-Za-z]" if second == ("not_ascii_letter",) else f"[{_class_body(second)}]"
        after = ""
        if third:
            after = r"(?=\w)" if third[0] == "word" else f"(?=[{_class_body((str(third[0]),))}])"
        if anchor == "first":
            anchors.append(f[1:-1])
            branches.append(f"(?<={f}){s}{after}")
        else:
            anchors.append(s[1:-1])
            branches.append(f"(?<={f}{s}){after}")
    if mixup_branches:
        for anchor, branch in _MIXUP_BRANCHES:
            anchors.append(anchor)
            branches.append(branch)
    return re.compile(f"[{''.join(anchors)}](?:{'|'.join(branches)})", re.DOTALL)


MOJIBAKE_RE = _build_mojibake_trigger(surrogates=True)
MOJIBAKE_NO_SURROGATES_RE = _build_mojibake_trigger(surrogates=False)
# ftfy's detector alone: what the stage needs when its mixup repairs are off.
FTFY_ONLY_RE = _build_mojibake_trigger(surrogates=True, mixup_branches=False)
FTFY_ONLY_NO_SURROGATES_RE = _build_mojibake_trigger(surrogates=False, mixup_branches=False)


@dataclass(frozen=True, kw_only=True)
class Mojibake(LineStage):
    """Repair mojibake (UTF-8 read as Latin-1, Windows-125x, MacRoman...) with ftfy.

    Only ftfy's encoding fixes run: curly quotes stay curly, dashes, fullwidth
    forms and ligatures stay, and no Unicode normalisation touches a line that
    needed no fix (ftfy's defaults uncurl quotes, change widths and apply NFC;
    datatrove and NeMo Curator turn those off too). HTML entities are left to
    ``html_entities``, terminal escapes and other controls to ``control_chars``.

    With ``mixups`` (the default) it also repairs what ftfy lists as its known
    failures, each only on clear evidence in the line and with a word list
    saying the decoded word is a word (:mod:`textmend.stages.mixups`); the rule
    of the edit names the repair: ``macroman_c1`` (C1 controls that are MacRoman
    letters, ``tur\\x92stico``), ``two_level`` (``â\\x80â\\x80\\x9c``, an en dash),
    ``a0_in_word`` (``hĂ i`` is "hài"), ``cp1251`` (``mГ©dicament``),
    ``cp437`` (``┬┐que``), ``macroman_in_word`` (``pi√π``) and
    ``arabic_digits`` (``Ù Ù Ù¡``). Box drawing, ``√π`` in mathematics, a
    Cyrillic ``Г`` as a word, ``don\\x92t`` and ``MISUTÂ\\xa0AJIKKO`` stay.

    >>> Mojibake().fix_line("The cafÃ© said â€œhelloâ€\\x9d")
    'The café said “hello”'
    >>> Mojibake().fix_line("The café said “hello” — £5")
    'The café said “hello” — £5'
    >>> Mojibake().explain_line("barco tur\\x92stico en Acapulco")
    ('barco turístico en Acapulco', 'macroman_c1')
    """

    name: ClassVar[str] = "mojibake"
    summary: ClassVar[str] = "Repair mojibake (text decoded in the wrong encoding) with ftfy."

    restore_byte_a0: bool = True  # "Ã la" -> "à la": a space that stood for byte A0
    replace_lossy_sequences: bool = True  # "â€�" -> "�" where a byte was lost
    decode_inconsistent_utf8: bool = True  # fix mojibake embedded in otherwise good text
    fix_c1_controls: bool = True  # C1 controls as their Windows-1252 characters
    fix_surrogates: bool = True  # UTF-16 surrogate pairs joined, lone ones -> U+FFFD
    # The repairs of textmend.stages.mixups: mojibake ftfy leaves (its known failures).
    mixups: bool = True

    @property
    def trigger(self) -> re.Pattern[str]:  # type: ignore[override]
        if self.mixups:
            return MOJIBAKE_RE if self.fix_surrogates else MOJIBAKE_NO_SURROGATES_RE
        return FTFY_ONLY_RE if self.fix_surrogates else FTFY_ONLY_NO_SURROGATES_RE

    @cached_property
    def config(self) -> ftfy.TextFixerConfig:
        """The ftfy configuration: encoding fixes only."""
        return ftfy.TextFixerConfig(
            unescape_html=False,
            remove_terminal_escapes=False,
            fix_encoding=True,
            restore_byte_a0=self.restore_byte_a0,
            replace_lossy_sequences=self.replace_lossy_sequences,
            decode_inconsistent_utf8=self.decode_inconsistent_utf8,
            fix_c1_controls=self.fix_c1_controls,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            fix_surrogates=self.fix_surrogates,
            remove_control_chars=False,
            normalization=None,
            max_decode_length=1 << 62,
            explain=False,
        )

    def explain_line(self, line: str) -> tuple[str, str]:
        if not self.trigger.search(line):
            return line, self.name
        try:
            fixed, rules = self._fix(line)
        except Exception:  # ftfy must never make textmend raise
            return line, self.name
        if fixed == line or "\n" in fixed or "\r" in fixed:
            return line, self.name
        return fixed, "+".join(rules)

    def fix_line(self, line: str) -> str:
        return self.explain_line(line)[0]

    def _fix(self, line: str) -> tuple[str, list[str]]:
        config = self.config
        rules: list[str] = []
        new = line
        if self.mixups:  # before ftfy, which reads every C1 control as Windows-1252
            for rule, fix in (
                ("macroman_c1", mixups.fix_macroman_c1),
                ("two_level", lambda s: mixups.fix_two_level(s, config)),
                ("a0_in_word", lambda s: mixups.join_a0_in_word(s, config)),
            ):
                out = fix(new)
                if out != new:
                    rules.append(rule)
                    new = out
        fixed = ftfy.fix_text(new, config)
        if self.mixups and fixed != new:
            fixed = mixups.keep_capital_a_circumflex(new, fixed)
        if fixed != new and _RARE_IDEOGRAPH_RE.search(fixed) and not _CJK_RE.search(new):
            # "2√π ‡”" is no MacRoman mojibake of U+201D4: a decoding into the rare
            # ideographs beyond the BMP, in a line with no CJK at all, is a false
            # positive of ftfy's (found by the clean-scripts property).
            fixed = new
        if fixed != new:
            # Surrogates alone (no bad pair, no C1 control) are the surrogate fixer's work.
            rules.append("encoding" if FTFY_ONLY_NO_SURROGATES_RE.search(new) else "surrogates")
            new = fixed
        if self.mixups:  # on what ftfy made of the line
            for rule, fix in (
                ("cp1251", mixups.fix_cp1251_mixed_words),
                ("cp437", mixups.fix_cp437_runs),
                ("macroman_in_word", mixups.fix_macroman_in_word),
                ("arabic_digits", mixups.fix_arabic_digits),
            ):
                out = fix(new)
                if out != new:
                    rules.append(rule)
                    new = out
        return new, rules


_SURROGATE_RE = re.compile("[\ud800-\udfff]")

# -- control characters ---------------------------------------------------------------

# "\x1b[31m": ANSI colour and cursor escapes (ftfy's remove_terminal_escapes).
_TERMINAL_ESCAPE_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# C0 controls but tab, newline (never in a line), form feed (a page break that the OCR
# stages read) and carriage return (the line_breaks stage's business); DEL.
_C0_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_C1_RE = re.compile("[\x80-\x9f]")
# Byte order marks anywhere (U+FEFF; U+FFFE is its byte-swapped ghost), deprecated
# format characters (U+206A-206F), interlinear annotation marks and the object
# replacement character (U+FFF9-FFFC): ftfy's remove_control_chars set.
_INVISIBLE_RE = re.compile("[\ufeff\ufffe\u206a-\u206f\ufff9-\ufffc]")
# Zero-width space and word joiner between two Latin letters: "ex\u200bample".
# Elsewhere they stay: Thai, Khmer, Lao and Burmese use U+200B between words.
_ZERO_WIDTH_RE = regex.compile(r"(?<=\p{Latin})[\u200b\u2060]+(?=\p{Latin})")
# A soft hyphen between two letters: "infor\u00admation". One at a line end may mark
# a hyphenation break and is left to the layout stages.
# Not beside U+00C2-00DF ("Â", "Ã"...): there a soft hyphen may be a byte of mojibake
# the mojibake stage could not read ("A\u00adÂ\x91"); removed, it would leave mojibake
# that a second run repairs (found by the idempotence property).
_SOFT_HYPHEN_RE = regex.compile(r"(?<=\p{L}\p{M}*)(?<![\u00c2-\u00df])\u00ad+(?=\p{L})(?![\u00c2-\u00df])")
_SURROGATE_PAIR_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# Unicode noncharacters of the BMP: U+FDD0-FDEF, U+FFFE, U+FFFF. (Those at the end
# of the other planes are left alone: an astral class would slow the trigger's
# scan threefold for characters never seen in real text.)
_NONCHARACTER_RE = re.compile("[\ufdd0-\ufdef\uffff]")


def _c1_as_windows_1252(m: re.Match[str]) -> str:
    try:
        return m.group().encode("latin-1").decode("windows-1252")
    except UnicodeDecodeError:  # 81, 8D, 8F, 90, 9D: undefined there too
        return ""


def _join_surrogates(m: re.Match[str]) -> str:
    hi, lo = m.group()[0], m.group()[1]
    return chr(0x10000 + (ord(hi) - 0xD800) * 0x400 + (ord(lo) - 0xDC00))


@dataclass(frozen=True, kw_only=True)
class ControlChars(LineStage):
    """Remove control characters, stray BOMs, terminal escapes and invisible junk.

    Rules: ``terminal_escape`` (``\\x1b[31m``), ``c0`` (C0 controls and DEL),
    ``c1`` (C1 controls left after ``mojibake``, read as Windows-1252 like a
    browser), ``bom`` (U+FEFF and the other invisible format characters ftfy
    removes), ``zero_width`` (U+200B/U+2060 between Latin letters),
    ``soft_hyphen`` (U+00AD inside a word), ``surrogate`` (lone surrogates
    become U+FFFD so the text can be encoded) and ``noncharacter`` (U+FDD0-FDEF and U+FFFF; U+FFFE goes with ``bom``).

    Leaves alone: tab; form feed (a page break the OCR stages use); ZWJ and
    ZWNJ (emoji sequences, Indic, Arabic and Persian text need them); U+200B
    outside Latin words (Thai and Khmer word breaks); private-use characters
    (fonts and icon sets use them on purpose).

    >>> ControlChars().fix_line("\\x1b[31mRed\\x1b[0m alert\\x07 for infor\\u00admation")
    'Red alert for information'
    >>> ControlChars().fix_line("Tab\\tstays; \\U0001f468\\u200d\\U0001f469 too")
    'Tab\\tstays; \\U0001f468\\u200d\\U0001f469 too'
    """

    name: ClassVar[str] = "control_chars"
    summary: ClassVar[str] = "Remove control characters, stray BOMs, terminal escapes, junk."
    trigger: ClassVar[re.Pattern[str]] = re.compile(
        "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060\u206a-\u206f"
        "\ud800-\udfff\ufdd0-\ufdef\ufeff\ufff9-\ufffc\ufffe\uffff]"
    )

    c1: bool = True  # read leftover C1 controls as Windows-1252 (undefined ones removed)
    zero_width: bool = True  # remove U+200B / U+2060 between Latin letters
    soft_hyphen: bool = True  # remove U+00AD between letters
    noncharacters: bool = True  # remove U+FDD0-FDEF and U+FFFF

    def explain_line(self, line: str) -> tuple[str, str]:
        rules: list[str] = []
        new = line

        def apply(rule: str, pattern: re.Pattern[str] | regex.Pattern[str], repl: object) -> None:
            nonlocal new
            fixed = pattern.sub(repl, new)  # type: ignore[arg-type,call-overload]
            if fixed != new:
                rules.append(rule)
                new = fixed

        if "\x1b" in new:
            apply("terminal_escape", _TERMINAL_ESCAPE_RE, "")
        apply("c0", _C0_RE, "")
        if self.c1:
            apply("c1", _C1_RE, _c1_as_windows_1252)
        apply("bom", _INVISIBLE_RE, "")
        if self.zero_width and ("\u200b" in new or "\u2060" in new):
            apply("zero_width", _ZERO_WIDTH_RE, "")
        if self.soft_hyphen and "\u00ad" in new:
            apply("soft_hyphen", _SOFT_HYPHEN_RE, "")
        if _SURROGATE_RE.search(new):
            fixed = _SURROGATE_RE.sub("\ufffd", _SURROGATE_PAIR_RE.sub(_join_surrogates, new))
            rules.append("surrogate")
            new = fixed
        if self.noncharacters:
            apply("noncharacter", _NONCHARACTER_RE, "")
        return new, "+".join(rules) or self.name

    def fix_line(self, line: str) -> str:
        return self.explain_line(line)[0]


# CJK ideographs of the supplementary planes (Extension B on), and any CJK or kana.
_RARE_IDEOGRAPH_RE = re.compile("[\U00020000-\U0003ffff]")
_CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\U00020000-\U0003ffff]")

# -- ligatures --------------------------------------------------------------------------

LIGATURES = {
    0xFB00: "ff",  # LATIN SMALL LIGATURE FF
    0xFB01: "fi",
    0xFB02: "fl",
    0xFB03: "ffi",
    0xFB04: "ffl",
    0xFB05: "st",  # LATIN SMALL LIGATURE LONG S T
    0xFB06: "st",
}
_LIGATURE_RE = re.compile("[\ufb00-\ufb06]")
_LIGATURE_LONG_S_RE = re.compile("[\ufb00-\ufb06\u017f]")


@dataclass(frozen=True, kw_only=True)
class Ligatures(LineStage):
    """Split the Latin typographic ligatures (U+FB00-FB06) that PDF and OCR text carry.

    ``long_s`` also turns U+017F LATIN SMALL LETTER LONG S into ``s`` (old
    prints); off by default, since an edition may keep it on purpose. Other
    compatibility characters (``æ``, ``ĳ``, fullwidth forms) are left alone.

    >>> Ligatures().fix_line("the \\ufb01rst e\\ufb00ort")
    'the first effort'
    >>> Ligatures().fix_line("Encyclopædia, \\u017fome")
    'Encyclopædia, \\u017fome'
    """

    name: ClassVar[str] = "ligatures"
    summary: ClassVar[str] = "Split Latin typographic ligatures (\ufb01 -> fi)."

    long_s: bool = False  # also turn the long s (U+017F) into s

    @property
    def trigger(self) -> re.Pattern[str]:  # type: ignore[override]
        return _LIGATURE_LONG_S_RE if self.long_s else _LIGATURE_RE

    def fix_line(self, line: str) -> str:
        if not self.trigger.search(line):
            return line
        table: dict[int, str] = dict(LIGATURES)
        if self.long_s:
            table[0x17F] = "s"
        return line.translate(table)


STAGES = (Mojibake, ControlChars, Ligatures)
