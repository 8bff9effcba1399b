"""Mojibake ftfy leaves alone: mixups of two single-byte codecs, decodings it finds too bold.

ftfy 6.3 lists these among its own known failures (``tests/test-cases/known-failures.json``).
Each repair below acts only where the line itself gives clear evidence, and a word
list (:func:`textmend.lexicon.best_zipf`) says whether a decoded word is a word. The
codecs are ftfy's (``sloppy-windows-125x``, ``macroman``, ``cp437``) and so are the
byte-level steps (:func:`ftfy.fixes.restore_byte_a0`); nothing here is a codec of its
own. Every function takes a line and returns it, repaired or unchanged; the
:class:`~textmend.stages.unicode.Mojibake` stage calls them around ``ftfy.fix_text``.

- :func:`fix_macroman_c1`: C1 controls that are MacRoman letters (``tur\\x92stico``).
- :func:`fix_two_level`: a run that decodes once its innermost UTF-8 is decoded first.
- :func:`join_a0_in_word`: ``hĂ i`` is ``hài``, not ``hà i``, when that is a word.
- :func:`fix_cp1251_mixed_words`: ``mГ©dicament`` (and ``Г bien`` beside it).
- :func:`fix_cp437_runs`: ``┬┐que`` is ``¿que``.
- :func:`fix_macroman_in_word`: ``pi√π`` is ``più``.
- :func:`fix_arabic_digits`: ``Ù Ù Ù¡`` in an Arabic line is ``٠٠١``.
- :func:`keep_capital_a_circumflex`: ``MISUTÂ\\xa0AJIKKO`` stays when nothing says otherwise.
"""

from __future__ import annotations

import re
import unicodedata
import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-125x codecs)
import regex
from ftfy import fixes
from ftfy.badness import is_bad

from textmend.lexicon import COMMON_LATIN, best_zipf

__all__ = [
    "ENCODING_ONLY",
    "fix_arabic_digits",
    "fix_cp437_runs",
    "fix_cp1251_mixed_words",
    "fix_macroman_c1",
    "fix_macroman_in_word",
    "fix_two_level",
    "join_a0_in_word",
    "keep_capital_a_circumflex",
]

# A decoded word counts as a word at this Zipf frequency (about once per million words):
# wordfreq holds mojibake forms too ("donít" 1.3, "itís" 1.1), never this often.
MIN_ZIPF = 3.0

_C1_RE = re.compile("[\x80-\x9f]")
# A UTF-8 sequence read as Latin-1 (C1 controls included).
_UTF8_AS_LATIN1_RE = re.compile(
    "[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

# ftfy's encoding fixes alone (the Mojibake stage's defaults): no quote, width or
# normal-form changes.
ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
    fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
    remove_control_chars=False, normalization=None, max_decode_length=1 << 62, explain=False,
)


def _decode(text: str, codec: str) -> str | None:
    """``text`` encoded in ``codec`` and decoded as UTF-8, or ``None`` when either fails."""
    try:
        return text.encode(codec).decode("utf-8")
    except UnicodeError:
        return None


# -- MacRoman read as Latin-1: C1 controls between letters ---------------------------------

# A run of letters and C1 controls: a word as MacRoman wrote it (bytes 80-9F are all
# letters there: Ä Å Ç É Ñ Ö Ü á à â ä ã å ç é è ê ë í ì î ï ñ ó ò ô ö õ ú ù û ü).
_C1_WORD_RE = regex.compile(r"[\p{L}\p{M}\x80-\x9f]+")
_NOT_LETTER_RE = regex.compile(r"[^\p{L}\p{M}]+")
_INNER_PUNCTUATION_RE = regex.compile(r"\p{L}[^\p{L}]++\p{L}")
_C1_BESIDE_LETTER_RE = regex.compile(r"(?<=\p{L})[\x80-\x9f]|[\x80-\x9f](?=\p{L})")
# Possessive, and the second branch only from the start of a run: linear on any input.
_EDGES_RE = regex.compile(r"^[^\p{L}\p{M}]++|(?<![^\p{L}\p{M}])[^\p{L}\p{M}]++$")
# What Windows-1252 reads a C1 control at a word's edge as, where that is punctuation
# that fits there: opening quotes or a bullet before a word; closing quotes or an ellipsis
# after it (a dash glued to a word's end and followed by a space is rare: "tom\x97" is "tomó").
_FITTING_EDGES_RE = regex.compile(
    "^[\u2018\u201c\u201e\u2039\u2022]++|(?<![\u2019\u201d\u203a\u2026])[\u2019\u201d\u203a\u2026]++$"
)
# A French elision in the Windows-1252 reading ("l’homme", "qu’il": byte 92 is also
# MacRoman's "í"); wordfreq splits these, so the word after the apostrophe is looked up.
_ELISION_RE = regex.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)\u2019(\p{L}{2,})$",
                            regex.IGNORECASE)
_PUNCTUATION_RE = regex.compile(r"[\p{P}\p{S}]")


def _c1_as(word: str, codec: str) -> str:
    return _C1_RE.sub(lambda m: m.group().encode("latin-1").decode(codec, "replace"), word)


def _cp1252_inner_zipf(word: str, mac_zipf: float) -> float:
    """How much ``word``'s Windows-1252 reading is a word with the punctuation inside
    it: a contraction (``don’t``, ``dell’anno``), or, where the MacRoman reading is
    no word, a French elision, by the word after it (``l’homme``); 0 when no C1
    control falls inside the word."""
    core = _FITTING_EDGES_RE.sub("", word)
    if not _INNER_PUNCTUATION_RE.search(core):
        return 0.0
    z = best_zipf(core, COMMON_LATIN)
    elided = _ELISION_RE.match(core)
    if elided and mac_zipf < MIN_ZIPF:
        z = max(z, best_zipf(elided.group(1), ("fr",)))
    return z


def _cp1252_edge_zipf(word: str) -> float:
    """How much ``word``'s Windows-1252 reading is a word between quotation marks or
    before an ellipsis (``“quoted”``, ``wait…``); 9 for punctuation alone."""
    core = _FITTING_EDGES_RE.sub("", word)
    if core == word:
        return 0.0
    return best_zipf(core, COMMON_LATIN) if core else 9.0


def _cp1252_words(word: str) -> bool:
    """Whether ``word``'s Windows-1252 reading is words around a dash (``this—that``)."""
    core = _FITTING_EDGES_RE.sub("", word)
    parts = _NOT_LETTER_RE.split(core)
    # Single letters do not count ("a–o"), nor apostrophes ("tur’stico").
    return (len(parts) > 1 and not regex.search("[\u2018\u2019]", core)
            and all(len(p) > 1 and best_zipf(p, COMMON_LATIN) >= MIN_ZIPF for p in parts))


def fix_macroman_c1(line: str) -> str:
    """C1 controls that are MacRoman letters, in a line MacRoman wrote and Latin-1 read.

    ``tur\\x92stico`` is "turístico": byte 92 is "í" in MacRoman and "’" in
    Windows-1252, the reading ftfy (and a browser) gives every C1 control. The
    line is read as MacRoman only when no C1 control is part of a UTF-8 sequence,
    every C1 control sits in a word (or is a word in MacRoman, as "\\x88" is
    "à"), at least one word read so is a word,
    and no word read as Windows-1252 is a word as common ("don\\x92t",
    "\\x93quoted\\x94", "this\\x97that" keep their punctuation). Only the C1
    controls change.

    >>> fix_macroman_c1("Habitantes de Coatl\\x87n conf\\x92an en el edil")
    'Habitantes de Coatlán confían en el edil'
    >>> fix_macroman_c1("I don\\x92t know \\x93why\\x94")
    'I don\\x92t know \\x93why\\x94'
    """
    if not _C1_BESIDE_LETTER_RE.search(line):
        return line  # no C1 control touches a letter: none can be a MacRoman letter of a word
    words = [m.group() for m in _C1_WORD_RE.finditer(line) if _C1_RE.search(m.group())]
    if sum(len(_C1_RE.findall(w)) for w in words) != len(_C1_RE.findall(line)):
        return line  # a C1 control outside any word: punctuation, as Windows-1252 has it
    if any(_C1_RE.search(m.group()) for m in _UTF8_AS_LATIN1_RE.finditer(line)):
        return line  # a C1 control inside a UTF-8 sequence: UTF-8 read as Latin-1
    mac_votes = 0
    for word in words:
        cp = _c1_as(word, "sloppy-windows-1252")
        if not _C1_RE.sub("", word):
            # A word of C1 controls alone: MacRoman's "à" ("\x88"), unless Windows-1252
            # reads it as punctuation, which stands between words ("a \x96 b").
            if _PUNCTUATION_RE.search(cp) or best_zipf(_c1_as(word, "macroman"),
                                                       COMMON_LATIN) < MIN_ZIPF:
                return line
            continue  # but not evidence enough on its own
        mac_zipf = best_zipf(_c1_as(word, "macroman"), COMMON_LATIN)
        inner = _cp1252_inner_zipf(cp, mac_zipf)
        if inner >= MIN_ZIPF and inner >= mac_zipf:
            return line  # "don’t": Windows-1252 it is
        if mac_zipf >= MIN_ZIPF:
            mac_votes += 1  # ("all\x92" is "all’" or "allí": the other words decide)
        elif _cp1252_edge_zipf(cp) >= MIN_ZIPF or _cp1252_words(cp):
            return line  # "\x93quoted\x94", "this\x97that"
    if not mac_votes:
        return line
    return _C1_RE.sub(lambda m: m.group().encode("latin-1").decode("macroman"), line)


# -- two levels of mojibake in one run ------------------------------------------------------

# Characters of Latin-1's upper half (with C1 controls): what UTF-8 read as Latin-1 is.
_LATIN1_RUN_RE = re.compile("[\x80-\xff]{3,}")


def _utf8_char(m: re.Match[str]) -> str:
    try:
        return m.group().encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return m.group()


def fix_two_level(line: str, config: ftfy.TextFixerConfig = ENCODING_ONLY) -> str:
    """A run holding C1 controls that decodes once its innermost UTF-8 is decoded first.

    ``â\\x80â\\x80\\x9c`` is an en dash: UTF-8 read as Windows-1252 ("â€“"), whose
    last character was then written as UTF-8 and read as Latin-1. ftfy decodes
    outer layers first and reads the rest as ``â€â€œ``. Only a run that ftfy
    leaves bad, and that comes out whole (no C1 control, nothing ftfy calls
    bad), changes.

    >>> fix_two_level("friendly â\\x80â\\x80\\x9c live!")
    'friendly – live!'
    """
    if not _C1_RE.search(line):
        return line

    def fix_run(m: re.Match[str]) -> str:
        run = m.group()
        if not _C1_RE.search(run) or not is_bad(ftfy.fix_text(run, config)):
            return run
        inner = _UTF8_AS_LATIN1_RE.sub(_utf8_char, run)
        if inner == run:
            return run
        out = ftfy.fix_text(inner, config)
        if out == inner or _C1_RE.search(out) or is_bad(out) or len(out) >= len(run):
            return run
        return out

    return _LATIN1_RUN_RE.sub(fix_run, line)


# -- a byte A0 lost inside a word -------------------------------------------------------------

# Vietnamese writes "à" (C3 A0 in UTF-8) inside syllables: "hài", "làm", "bàn". Read in a
# single-byte codec, its A0 is a no-break space that a later step made a plain space:
# "hĂ i". ftfy reads "X " as "à" plus a space (right for French "voilà le", where the
# spaces were collapsed). The codecs ftfy tries whose byte C3 is not a letter of the
# text's own script (Cyrillic "Г" is left to fix_cp1251_mixed_words).
_C3_CODECS = ("sloppy-windows-1252", "sloppy-windows-1250", "sloppy-windows-1254",
              "sloppy-windows-1257", "iso-8859-2")
_C3_CHARS = "".join(sorted({bytes([0xC3]).decode(c) for c in _C3_CODECS}))
_C3_SPACE_RE = regex.compile(rf"(?<=\S)[{_C3_CHARS}] (?=\p{{L}})")
_TOKEN_RIGHT_RE = regex.compile(r"\S*+")
_VOWEL_RE = regex.compile("[aeiouyAEIOUY]")
# Where a syllable holds "à": Vietnamese, and Catalan ("càrrec").
_A0_LANGUAGES = (*COMMON_LATIN, "ca", "vi")


def _token_left(line: str, end: int) -> str:
    """The run of non-space characters that ends at ``end``."""
    start = end
    while start and not line[start - 1].isspace():
        start -= 1
    return line[start:end]


def _token_right(line: str, start: int) -> str:
    """The run of non-space characters that starts at ``start``."""
    m = _TOKEN_RIGHT_RE.match(line, start)
    return m.group() if m else ""


def _decode_any(token: str, c3: str) -> str | None:
    """``token`` decoded from the first of ftfy's codecs where ``c3`` is byte C3."""
    for codec in _C3_CODECS:
        if bytes([0xC3]).decode(codec) == c3:
            decoded = _decode(token, codec)
            if decoded is not None:
                return decoded
    return None


def join_a0_in_word(line: str, config: ftfy.TextFixerConfig = ENCODING_ONLY) -> str:
    """Put back a no-break byte lost inside a word, where the joined word is a word.

    Returns the line with ``"Ă "`` made ``"Ă\\xa0"`` where decoding it so gives a
    word (Zipf >= 3 in a Latin-script word list or Vietnamese) and the text after
    the space is no word of two letters or more that is as common; ftfy then
    decodes the line. The
    line is returned unchanged unless ftfy decodes it whole.

    >>> ftfy.fix_text(join_a0_in_word("Xem clip hĂ i, phim hĂ i má»›i hay nháşĄt"), ENCODING_ONLY)
    'Xem clip hài, phim hài mới hay nhất'
    >>> join_a0_in_word("voilÃ le travail")
    'voilÃ le travail'
    """
    if not _C3_SPACE_RE.search(line):
        return line
    out = []
    pos = 0
    for m in _C3_SPACE_RE.finditer(line):
        left = _token_left(line, m.start())
        right = _token_right(line, m.end())
        joined = _decode_any(left + m.group()[0] + "\xa0" + right, m.group()[0])
        split = _decode_any(right, m.group()[0]) or right
        if joined is None:
            continue
        word = _EDGES_RE.sub("", joined)
        rest = _EDGES_RE.sub("", split)
        if (
            "\xa0" not in word
            and " " not in word
            and best_zipf(word, _A0_LANGUAGES) >= MIN_ZIPF
            # "voilà le": the text after the space is a word of its own, as common (a
            # Vietnamese final, "ng" in "hàng", has no vowel and is none).
            and not (len(rest) > 1 and _VOWEL_RE.search(unicodedata.normalize("NFD", rest))
                     and best_zipf(rest, _A0_LANGUAGES) >= best_zipf(word, _A0_LANGUAGES))
        ):
            out.append(line[pos:m.start()] + m.group()[0] + "\xa0")
            pos = m.end()
    if not out:
        return line
    candidate = "".join(out) + line[pos:]
    fixed = ftfy.fix_text(candidate, config)
    if fixed == candidate or "\xa0" in fixed and "\xa0" not in line:
        return line
    return candidate


# -- UTF-8 read as Windows-1251 inside Latin words ---------------------------------------

# "mГ©dicament": a Cyrillic "Г" (byte C3) inside a Latin word, followed by what byte A0-BF
# is in windows-1251 ("cittГ " for "città": A0, a no-break space, made a space). ftfy's
# detector only calls "Г" bad before another Cyrillic capital.
_CP1251_CONT = bytes(range(0xA0, 0xC0)).decode("sloppy-windows-1251")
_CP1251_IN_WORD_RE = regex.compile(
    rf"(?<=[A-Za-z])Г[ {_CP1251_CONT}]|Г[{_CP1251_CONT}](?=[A-Za-z])"
)
# "ГЁ" alone: Italian "è". Evidence only in a line with no other Cyrillic.
_CP1251_WORD_RE = regex.compile(rf"(?<!\S)Г[{_CP1251_CONT}](?!\S)")
_CYRILLIC_RE = regex.compile(r"\p{Cyrillic}")


def fix_cp1251_mixed_words(line: str) -> str:
    """A line of UTF-8 read as windows-1251, shown by Latin words holding ``Г`` + a symbol.

    The whole line is decoded (with ftfy's restore_byte_a0, so a lone ``Г`` before
    a space is "à") only when it has such a word, decodes whole, and one of the
    decoded words is a word. ``Г`` as a Cyrillic word stays.

    >>> fix_cp1251_mixed_words("faites attention Г bien vous renseigner sur le mГ©dicament")
    'faites attention à bien vous renseigner sur le médicament'
    >>> fix_cp1251_mixed_words("Г. Иванов, Г бывает")
    'Г. Иванов, Г бывает'
    """
    if not _CP1251_IN_WORD_RE.search(line) and not (
        _CP1251_WORD_RE.search(line)
        and not _CYRILLIC_RE.search(_CP1251_WORD_RE.sub("", line).replace("Г", ""))
    ):
        return line
    try:
        encoded = line.encode("sloppy-windows-1251")
    except UnicodeEncodeError:
        return line
    try:
        fixed = fixes.restore_byte_a0(encoded).decode("utf-8")
    except UnicodeDecodeError:
        return line
    if is_bad(fixed) or not regex.search(r"\p{Latin}", fixed):
        return line
    old_words = set(line.split())
    for word in fixed.split():
        if word not in old_words and best_zipf(_EDGES_RE.sub("", word), COMMON_LATIN) >= MIN_ZIPF:
            return fixed
    return line


# -- UTF-8 read as code page 437 -------------------------------------------------------------

_CP437_HIGH = bytes(range(0x80, 0x100)).decode("cp437")
_CP437_RUN_RE = regex.compile(f"[{regex.escape(_CP437_HIGH)}]{{2,}}")
_BOX_RE = regex.compile("[\u2500-\u259f]")
# Opening marks of Spanish and their closing pair: "¿que diferencia hay?".
_OPENING = {"¿": "?", "¡": "!"}


def fix_cp437_runs(line: str) -> str:
    """Runs of box-drawing characters that are UTF-8 read as code page 437, glued to words.

    A run is decoded when it is valid UTF-8 in cp437, comes out as Latin letters
    or marks (U+00A0-024F), touches a letter, and gives a word (Zipf >= 3), or an
    opening ``¿``/``¡`` whose ``?``/``!`` closes later in the line. A line with box
    drawing that does not decode (a table, a tree) is left whole.

    >>> fix_cp437_runs("┬┐que diferencia hay?")
    '¿que diferencia hay?'
    >>> fix_cp437_runs("┌┬┐ a table ├┼┤")
    '┌┬┐ a table ├┼┤'
    """
    if not _BOX_RE.search(line):
        return line
    repl: list[tuple[int, int, str]] = []
    for m in _CP437_RUN_RE.finditer(line):
        run = m.group()
        if not _BOX_RE.search(run):
            continue
        decoded = _decode(run, "cp437")
        if decoded is None or not all("\u00a0" <= c <= "\u024f" for c in decoded):
            return line
        before = line[m.start() - 1] if m.start() else ""
        after = line[m.end()] if m.end() < len(line) else ""
        if not (before.isalpha() or after.isalpha()):
            return line
        word = _token_left(line, m.start()) + decoded + _token_right(line, m.end())
        core = _EDGES_RE.sub("", word)
        opening = decoded[0] in _OPENING and after.isalpha() and _OPENING[decoded[0]] in line[m.end():]
        if not opening and best_zipf(core, COMMON_LATIN) < MIN_ZIPF:
            return line
        repl.append((m.start(), m.end(), decoded))
    if not repl or len(_BOX_RE.findall(line)) != sum(len(_BOX_RE.findall(line[a:b])) for a, b, _ in repl):
        return line
    for start, end, decoded in reversed(repl):
        line = line[:start] + decoded + line[end:]
    return line


# -- UTF-8 read as MacRoman that looks like mathematics ----------------------------------

# "√" is byte C3 in MacRoman, the lead byte of every Latin-1 letter in UTF-8: "√π" is "ù",
# "√©" is "é". ftfy leaves "√π", "√ß", "√§"... alone: they are mathematics too.
_MAC_PAIR_RE = regex.compile("√[\u0080-\uffff]")
_MAC_WORD_RE = regex.compile(r"(?<!\p{Latin})\p{Latin}*+(?:√[^\s√]\p{Latin}*+)++")


def fix_macroman_in_word(line: str) -> str:
    """``√`` + a symbol inside a Latin word, read back from MacRoman, where that makes a word.

    >>> fix_macroman_in_word("Sarai ricontattato al pi√π presto.")
    'Sarai ricontattato al più presto.'
    >>> fix_macroman_in_word("the integral is √π, and 2√π r")
    'the integral is √π, and 2√π r'
    """
    if "√" not in line:
        return line

    def fix_word(m: re.Match[str]) -> str:
        word = m.group()
        if not regex.match(r"\p{Latin}", word) and not regex.search(r"\p{Latin}$", word):
            return word
        decoded = _MAC_PAIR_RE.sub(lambda p: _decode(p.group(), "macroman") or p.group(), word)
        if "√" in decoded or not regex.fullmatch(r"\p{Latin}+", decoded):
            return word
        return decoded if best_zipf(decoded, COMMON_LATIN) >= MIN_ZIPF else word

    return _MAC_WORD_RE.sub(fix_word, line)  # type: ignore[arg-type]


# -- Arabic-Indic digits whose byte A0 became a space ----------------------------------------

# Arabic-Indic digits are D9 A0-A9 in UTF-8: Latin-1 "Ù" plus a no-break space or ¡-©.
# With the no-break space made a space, decode_inconsistent_utf8 no longer sees them.
_ARABIC_RE = regex.compile(r"[\u0620-\u064a]")
_ARABIC_DIGIT_RE = regex.compile(r"(?<!\p{Latin})Ù[ \xa0-\xa9]")


def _arabic_digit(m: regex.Match[str]) -> str:
    byte = ord(m.group()[1])
    return chr(0x0660 + (0 if byte == 0x20 else byte - 0xA0))


def fix_arabic_digits(line: str) -> str:
    """``Ù`` + a no-break space (or a space standing for one) or ``¡``-``©`` in an Arabic line.

    >>> fix_arabic_digits("أكثر من Ù Ù Ù¡ بلد")
    'أكثر من ٠٠١ بلد'
    >>> fix_arabic_digits("OÙ EST-IL ?")
    'OÙ EST-IL ?'
    """
    if "Ù" not in line or not _ARABIC_RE.search(line):
        return line
    return _ARABIC_DIGIT_RE.sub(_arabic_digit, line)


# -- a capital A circumflex before a no-break space ----------------------------------------

_CAPS_A_CIRC_NBSP_RE = regex.compile(r"(?<!\p{Lu})((?:(?!Â\xa0)\p{Lu})++)Â\xa0(?=\p{Lu})")


def keep_capital_a_circumflex(line: str, fixed: str) -> str:
    """``line`` instead of ftfy's ``fixed`` when all ftfy did was drop ``Â`` from ``XÂ\\xa0Y`` in capitals.

    "Â" + no-break space is the commonest mojibake of all (a no-break space read
    as Latin-1), but in a line of capitals with no other mojibake it may be a
    word's last letter (romaji "MISUTÂ"); it goes only when the word without it
    is a word ("NEWSÂ\\xa0TODAY").

    >>> keep_capital_a_circumflex("MISUTÂ\\xa0AJIKKO", "MISUT\\xa0AJIKKO")
    'MISUTÂ\\xa0AJIKKO'
    >>> keep_capital_a_circumflex("NEWSÂ\\xa0TODAY", "NEWS\\xa0TODAY")
    'NEWS\\xa0TODAY'
    """
    if "Â\xa0" not in line or _CAPS_A_CIRC_NBSP_RE.sub("\\1\xa0", line) != fixed:
        return fixed
    for m in _CAPS_A_CIRC_NBSP_RE.finditer(line):
        if best_zipf(m.group(1), COMMON_LATIN) < MIN_ZIPF:
            return line
    return fixed

