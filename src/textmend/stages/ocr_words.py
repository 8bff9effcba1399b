"""OCR word repairs: character confusions, letter-spaced words, words split by a space.

Each decision asks one question, "is this a word, and how common is it?", of a
word-frequency lexicon (wordfreq, installed with ``pip install 'textmend[ocr]'``)
for the configured language. Frequencies are on the Zipf scale: ``log10`` of
occurrences per billion words, so "the" is about 7.7 and a word seen once per
million words is 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import ClassVar

import regex

from textmend.facts import _at_least, facts_of
from textmend.lexicon import known_words, lexicon, require_lexicon, zipf
from textmend.stage import LineStage

__all__ = ["STAGES", "LetterSpacing", "OcrConfusions", "SplitWords", "zipf"]

# The lexicon's helpers under the names this family has always used.
_lexicon = lexicon
_known_words = known_words


# ---------------------------------------------------------------------------------------
# Character confusions
# ---------------------------------------------------------------------------------------

# (what OCR printed, what was on the page): the usual shape confusions of OCR engines
# (the list) and, both ways, the letter pairs tesseract mixes in worn type.
CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("li", "h"), ("h", "li"),
    ("vv", "w"), ("ri", "n"), ("b", "h"), ("h", "b"), ("c", "e"), ("e", "c"),
    ("0", "o"), ("0", "O"), ("1", "l"), ("1", "I"), ("|", "l"), ("|", "I"),
    ("5", "s"), ("5", "S"), ("8", "B"), ("l", "I"), ("I", "l"), ("T", "I"),
)
_CONFUSION_SITES_RE = re.compile("|".join(sorted({re.escape(a) for a, _ in CONFUSIONS}, key=len, reverse=True)))
_CONFUSION_MAP: dict[str, tuple[str, ...]] = {}
for _a, _b in CONFUSIONS:
    _CONFUSION_MAP[_a] = _CONFUSION_MAP.get(_a, ()) + (_b,)

# A whitespace-separated chunk: opening punctuation, a core, closing punctuation.
_CHUNK_RE = re.compile(r"\S+")
# A chunk is opening punctuation, a core and closing punctuation: chunk.lstrip(_LEAD),
# then .rstrip(_TRAIL).
_LEAD = "([\"'\u201c\u2018"
_TRAIL = ".,;:!?)]\"'\u201d\u2019"
# A core worth repairing: letters with OCR digits or a bar, an inner apostrophe at most.
_CORE_RE = re.compile(r"[A-Za-z0-9|]+(?:['\u2019][A-Za-z]+)?\Z")
# Numbers with a unit or ordinal ("10am", "1st", "5th", "3D") are never words to repair.
_NUMBER_UNIT_RE = re.compile(r"\d+[A-Za-z]{0,3}\Z|\d{2,}")
# Code on a line: operators and calls where "|" or "l1" mean what they say. A dot or
# slash inside a token (``x.y``, ``a/b``) is code or a URL too, unless the token is
# two words fused by a speck (``its.own``, see ``_fused``).
# (Each alternative opens with the rare character it needs, so that the scan skips to
# it: a pattern opening with a look-behind or a letter class is tried at every position.)
_CODE_IN_LINE_RE = re.compile(
    r"[{}=<>\\|&/(\"'](?:(?<=[{}=<>\\])|(?<=\|)\||(?<=&)&|(?<=/)[/*]|(?<=\w\()"
    r"|(?<=\")\"\"|(?<=')'')"
)


def _code_in_line(line: str) -> bool:
    return _CODE_IN_LINE_RE.search(line) is not None or line.lstrip().startswith("#")


_INNER_DOT_RE = re.compile(r"\w[./]\w")
# Two lines in a row that open with a bar: a quoted block's margin.
_BAR_MARGINS_RE = re.compile(r"\|(?<![^\n]\|)[^\n]*\n\|")
# Titles after which a capital is a name, not a sentence start.
_ABBREVIATIONS = frozenset({"Mr.", "Mrs.", "Dr.", "St.", "Mt.", "Messrs.", "Ms.", "Prof.", "Capt.", "Col."})
_SENTENCE_END = frozenset(".!?:\u201c\"\u2018'")


# Specks OCR reads as a token of their own inside a line: signs never set alone
# between words in English prose ("expected. : as", "skull., ~ and", "heard ‘ the").
# (The signs without the quote marks serve unwrap too, which must see a break past
# a speck that ocr_confusions will remove.)
SPECK_SIGNS = ":;~_\u00a2\u00a9\u00bb"
_SPECK_CLASS = "[" + SPECK_SIGNS + "\u2018\u2019]"
_SPECKS = _SPECK_CLASS + "{1,2}"
_SPECK_CHUNK_RE = re.compile(_SPECKS + r"\Z")
_SPECK_TOKEN_RE = re.compile(r"(?<!\S)" + _SPECKS + r"(?!\S)")
# Beside a number, a bracket, a straight quote or an operator a lone sign means what it
# says ("3 : 1", "cur_len : int", '"bar" : path', ") ~ (").
_NOT_BESIDE_SPECK_RE = re.compile(r"[\d()\[\]{}\"_=<>]")
# Two words fused by a speck read as a full stop or a colon: "its.own", "not:go". The
# first is a function word no code or address starts with, the second a common word
# that is no file extension or domain.
_FUSED_RE = re.compile(r"([a-z]{2,})[.:]([a-z]+|I)\Z")
_FUSED_LEFT = frozenset(
    "of to in on at by an and but or nor for with from into upon its his her him she he we "
    "they them you your my our their who whom whose when where while than then was were are "
    "be been had has have not so if all very only".split()
)
_NOT_FUSED = frozenset(
    "com org net edu gov int mil io co uk us de fr eu info biz me tv app dev ai ly js py rb sh "
    "txt html htm php md json xml csv pdf jpg jpeg png gif svg exe zip gz tar log cfg ini yml "
    "yaml toml css map min".split()
)
# A space OCR read as a hyphen, a full stop, a colon or an apostrophe, between two
# words one of which is a function word ("called-her", "the-former", "soon.as",
# "marry:as", "had'a"): found on the tune pages, where such tokens are as common as
# misread letters. Left alone: compounds ("to-day", "so-called", "in-law", "by-law",
# "passer-by", "lean-to", "would-be", "must-have", "she-wolf", "were-wolf", "with-it",
# "I-beam") and the kebab-case names of code ("with-open", "starts-with",
# "index-of", "yield-from", "your-password", "is-a"), hence no "with", "and", "of",
# "from", "as" or "a" after a hyphen (1 of 14 such misreadings on the tune pages).
_HYPHEN_LEFT = frozenset("the an that which who whom their our than nor of".split())
_HYPHEN_RIGHT = frozenset(
    "the her him his you I them she he we they could would should was were which who "
    "their its this these those my your our".split()
)
_OBJECTS = frozenset("her him them me us you".split())  # "her-to": "her to"
# After a full stop or a colon (and any common word of three letters or more).
_FUSED_RIGHT = frozenset(
    "as the of to and he she her his him was were not but with that which who they we you".split()
)
_HYPHEN_SPACED_RE = re.compile(r"([a-z]{2,})-([a-z]{2,}|I)\Z")
_APOSTROPHE_SPACED_RE = re.compile(r"([a-z]{2,})['\u2019]([a-z]{3,}|a|I)\Z")


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# Where ``_spaced`` may find one (the trigger and the slow-line test use it).
_SPACED_SITE_RE = re.compile(
    r"(?<![\w-])(?:%s)-[a-zI]|[a-z]-(?:%s|to)(?![\w-])|[a-z]['\u2019](?:a|I)(?!\w)"
    r"|[a-z]{3}['\u2019][a-z]{3}" % (_alternation(_HYPHEN_LEFT), _alternation(_HYPHEN_RIGHT))
)
# The same sites found from the hyphen or the apostrophe (see ``_spaced_site``).
_HYPHEN_AT_RE = re.compile(r"-(?<=[a-z]-)(?=[a-zI])")
_APOSTROPHE_SITE_RE = re.compile(
    r"['\u2019](?<=[a-z]['\u2019])(?:(?:a|I)(?!\w)|(?<=[a-z]{3}['\u2019])[a-z]{3})")


def _spaced_site(line: str) -> bool:
    """Whether ``line`` may hold a site of ``_SPACED_SITE_RE`` (a fast superset test)."""
    if "-" in line:
        for m in _HYPHEN_AT_RE.finditer(line):
            i = j = k = m.start()
            while j > 0 and "a" <= line[j - 1] <= "z":
                j -= 1
            k += 1
            while k < len(line) and line[k].isascii() and line[k].isalpha():
                k += 1
            right = line[i + 1 : k]
            if line[j:i] in _HYPHEN_LEFT or right in _HYPHEN_RIGHT or right == "to":
                return True
    return ("'" in line or "\u2019" in line) and _APOSTROPHE_SITE_RE.search(line) is not None


# Words no sentence ends with: a full stop after one, before a lower-case word, is a
# speck ("the. bed", "my. other").
_NEVER_LAST = frozenset("the an my your our their its of very and nor than whose every".split())
# A full stop between two lower-case words is a speck ("hardly. aware", "to. leave")
# unless the first is an abbreviation or a roman numeral ("etc. and", "ii. moral").
_LOWER_ABBREVIATIONS = frozenset(
    "etc vs cf viz approx ca al eg ie no nos fig figs vol vols pp ed eds esp incl dept est "
    "misc min max sec hr hrs mins oz lb lbs ft yd in cm mm km kg mg ml st nd rd th jr sr co "
    "corp inc ltd mt ave blvd apt univ bros op cit ibid seq pl lit trans orig var ch chap "
    "sect para art abbr adj adv pron prep conj interj pt pts yr yrs mo mos wk wks gal qt "
    "doz sq cu ref refs resp rev ver".split()
)
_ROMAN_RE = re.compile(r"[ivxlc]+\Z")
# Paragraph openings (the first line of the text or after a blank line) and the
# pronoun in lower case: the marks of writing in lower case.
# (The first paragraph is counted apart: "\A" in a pattern defeats the scan.)
_OPENING_UPPER_RE = re.compile(r"[\"\u201c\u2018']?[A-Z]")
_LOWER_PARAGRAPH_RE = re.compile(r"\n[ \t]*\n[ \t]*[a-z]")
_UPPER_PARAGRAPH_RE = re.compile(r"\n[ \t]*\n[ \t]*[\"\u201c\u2018']?[A-Z]")
_LOWER_I_RE = re.compile(r"i(?<![\w'\u2019.(-]i)(?:['\u2019](?:m|ll|ve|d))? (?=[a-z])")
# An opening single quote before a letter, a closing one after a word or a sign, and
# the elisions an opening quote mark may stand for ("‘tis", "‘em").
_OPENING_SINGLE_RE = re.compile("\u2018(?<!\\S\u2018)(?=[A-Za-z])")
_CLOSING_SINGLE_RE = re.compile("['\u2019](?<=[A-Za-z.,!?;:\u2014)]['\u2019])(?![A-Za-z])")
_LETTERS_RE = re.compile(r"[A-Za-z]+")
_ELISIONS = frozenset(
    "tis twas twill twere twould em gainst neath till til cause round bout ere un n squire "
    "prentice possum mongst twixt tween".split()
)
# Words that follow the pronoun "I" and that OCR glues to it ("Iam", "Ido", "Lshould").
_AFTER_I = frozenset(
    "am was have had do did should would could will shall must might may can cannot often never "
    "always think thought know knew hope wish believe suppose fear see saw said say feel felt "
    "mean meant want wanted like love beg assure declare dare tell told went came really only "
    "also hardly were remember understand heard found".split()
)
# A chapter label and its number, nothing else: "Chapter 6", "CHAPTER XIII" (the
# page stages keep it as a heading).
CHAPTER_LABEL = r"(?i:chapter|book|part|canto)[ \t]+(?:\d{1,3}|[IVXLCivxlc]{1,6})\.?"


def _is_english(language: str) -> bool:
    return language.split("-")[0] == "en"


def _case_shape(core: str) -> str:
    """``lower``, ``title``, ``mixed`` or ``none`` (no letter), for ASCII cores."""
    if core.islower():
        return "lower"
    if not any(c.isalpha() for c in core):
        return "none"
    if core[0].isupper() and core[1:] == core[1:].lower():
        return "title"
    return "mixed"


def _variants(core: str, limit: int = 2) -> Iterator[str]:
    """``core`` with one or ``limit`` confusion sites replaced (bounded: at most 8 sites)."""
    sites = [(m.start(), m.group()) for m in _CONFUSION_SITES_RE.finditer(core)][:8]
    for i, (pos, old) in enumerate(sites):
        for new in _CONFUSION_MAP[old]:
            one = core[:pos] + new + core[pos + len(old):]
            yield one
            if limit < 2:
                continue
            shift = len(new) - len(old)
            for pos2, old2 in sites[i + 1:]:
                if pos2 < pos + len(old):
                    continue
                p2 = pos2 + shift
                for new2 in _CONFUSION_MAP[old2]:
                    yield one[:p2] + new2 + one[p2 + len(old2):]


_WORD_RE = regex.compile(r"\p{L}{2,}")


_SHARE_SAMPLE = 100_000  # characters: a document's language shows in its first pages


def _known_share(text: str, language: str, min_words: int = 1) -> float:
    """The share of ``text``'s words (2+ letters) with Zipf 3 or more; 1.0 under ``min_words``."""
    words = _WORD_RE.findall(text[:_SHARE_SAMPLE])
    if len(words) < min_words or not words:
        return 1.0
    known = _known_words(language, 3.0)
    return sum(map(known.__contains__, map(str.lower, words))) / len(words)


# Letter tokens of a lower-cased line (curly apostrophes straightened).
_LOWER_TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Two-letter capitalised tokens: a stricter test than other words (see ``_repair``).
_TITLE2_RE = re.compile(r"(?<![A-Za-z])[A-Z][a-z](?![A-Za-z])")
# Lower-case tokens as ``_repair`` sees their cores (letters, one inner apostrophe).
_LOWER_WORD_RE = re.compile(r"(?<![A-Za-z0-9|])[a-z]+(?:['\u2019][a-z]+)?(?![A-Za-z0-9|])")
# Capitalised tokens that may open a sentence: at the line start or after a sentence
# end, a colon or a quote mark, behind opening punctuation.
_OPENING_TITLE_RE = re.compile(
    r"(?:\A\s*|[.!?:\"'\u201c\u2018\u201d\u2019]\s+|\s[^\w\s]+)[^\w\s]*"
    r"([A-Z][a-z]*(?:['\u2019][a-z]+)?)(?![A-Za-z0-9|])"
)
# The pronoun glued to its verb ("Iam", "Lshould", "Toften").
_GLUED_I_RE = re.compile(
    r"[ILT|](?<![A-Za-z][ILT|])(?:%s)(?![A-Za-z])" % "|".join(sorted(_AFTER_I, key=len, reverse=True)))
# What sends a line past the fast test of ``OcrConfusions``: digits and bars (confusion
# sites no word has), speck tokens, fused words, a lone "l" or "T".
# (Each alternative opens with the character it is about: see ``_CODE_IN_LINE_RE``.)
# Specks and misread spaces are tested apart (``_SPECK_AT_RE``, ``_spaced_site``).
# One character class first, then what each character needs: a digit inside a word, a
# bar, a full stop or colon inside a token or between lower-case words, a lone l or T.
_SLOW_LINE_RE = re.compile(
    r"[0-9|.:lT](?:(?<=[A-Za-z][0-9])|(?<=[0-9])(?<![0-9][0-9])(?=[A-Za-z])|(?<=\|)"
    r"|(?<=[A-Za-z][.:])(?=[A-Za-z])|(?<=[a-z]\.)\s+[a-z]"
    r"|(?<=[lT])(?<![A-Za-z0-9_][lT])(?![A-Za-z0-9_]))"
)
_SPECK_AT_RE = re.compile(_SPECK_CLASS + r"(?<!\S" + _SPECK_CLASS + ")" + _SPECK_CLASS + r"?(?!\S)")
# The last answer of ``_unknown``: ((line, language, min_zipf), answer), one tuple so
# that threads replace it whole.
_last_unknown: list[tuple[tuple[str, str, float], int]] = [(("", "", 0.0), 0)]


def _unknown(line: str, language: str, min_zipf: float) -> int:
    """How many letter tokens of ``line`` are no words at least ``min_zipf`` frequent.

    ``ocr_confusions`` and ``split_words`` never change a word, and ``split_words``
    needs two non-words; the last answer is kept, as the two stages ask it of the
    same line in turn.
    """
    key = (line, language, min_zipf)
    last_key, last = _last_unknown[0]
    if last_key == key:
        return last
    known = _known_words(language, min_zipf)
    tokens = _LOWER_TOKEN_RE.findall(line.lower().replace("\u2019", "'"))
    result = 0 if known.issuperset(tokens) else sum(1 for t in tokens if t not in known)
    _last_unknown[0] = (key, result)
    return result


@dataclass(frozen=True, kw_only=True)
class OcrConfusions(LineStage):
    """Repair tokens that OCR spelt with look-alike characters (``tlie`` -> ``the``).

    A token is repaired only when it is not a word (Zipf below ``rare_word_zipf``) and one
    or two confusions (rn/m, cl/d, li/h, vv/w, 0/o, 1/l, 5/s, 8/B...) turn it into a
    word at least ``min_gain`` more frequent and at least ``min_zipf``. Left alone:
    words (``modem`` stays, although it may have been ``modern``), capitalised tokens
    inside a sentence (names), all-capitals and mixed-case tokens (codes, acronyms),
    numbers (``10am``, ``1st``), URLs and anything with ``/``, ``@``, ``_`` or ``.``
    inside. Punctuation around the token is kept. Only in English (the configured
    ``language``): a document, or a line of six words or more, where fewer than
    ``min_known`` (``min_known_line``) of the words are words is left alone.

    In English, the same evidence (a non-word that becomes common words) repairs
    what else OCR does to words: the pronoun glued to its verb (``Iam``,
    ``Lshould``; ``Toften`` at a sentence start only; ``Tam`` is a word and stays),
    two words fused by a speck read as a full stop or colon (``its.own``, ``not:go``; a function word first, no file
    name or domain), and a full stop after a word no sentence ends with, before a
    lower-case word (``my. other``). Specks read as a token of their own (``:``,
    ``;``, ``~``, ``_``, ``\u00a2``, a lone quote mark between words) go, unless a
    number, bracket, straight quote or operator stands beside them (``3 : 1``) or the
    line is indented. A line whose tokens are all words is left alone at once.

    >>> OcrConfusions().fix_line("It was tlie rnost irnportant part of tbat day.")
    'It was the most important part of that day.'
    >>> OcrConfusions().fix_line("The modem at 10am, by Harnett (see x1.org/p).")
    'The modem at 10am, by Harnett (see x1.org/p).'
    >>> OcrConfusions().fix_line("Iam sure : of its.own value, on the. whole.")
    'I am sure of its own value, on the whole.'
    """

    name: ClassVar[str] = "ocr_confusions"
    summary: ClassVar[str] = "Repair OCR look-alike characters in non-words (tlie -> the)."
    trigger: ClassVar[re.Pattern[str]] = re.compile(
        "%s|%s|[a-z][.:][a-zA-Z]|[a-z]\\.\\s+[a-z]|L(?=[a-z])|%s"
        % (_CONFUSION_SITES_RE.pattern, _SPECK_TOKEN_RE.pattern, _SPACED_SITE_RE.pattern)
    )

    language: str = "en"
    word_zipf: float = 3.0  # a token at least this frequent is a word: never changed
    # A lower-case token at least this frequent is a rare word ("eases", "cometh"): no
    # look-alike replaces it, however common ("cases"). OCR's misreadings measure less.
    rare_word_zipf: float = 2.5
    min_zipf: float = 3.5  # the repaired word must be at least this frequent
    min_gain: float = 2.0  # ... and this much more frequent than the token
    # Share of a document's words (2+ letters) that are words of ``language``, at least:
    # English OCR output measures 0.89 or more, other languages' prose 0.52 or less.
    min_known: float = 0.6
    # The same on one line of ``line_words`` words or more, at least.
    min_known_line: float = 0.5
    line_words: int = 6
    document_known: bool = True  # set by ``for_document``: the document passed the test
    # Set by ``for_document``: two lines in a row open with "|", the margin bar of a
    # quoted block, not the pronoun ("| mean his client").
    bar_margins: bool = False
    # Set by ``for_document``: the text is written in lower case (see ``for_document``).
    lower_starts: bool = False
    # Set by ``for_document``: double quotes are the text's quotation marks, so an
    # opening single quote that nothing closes is a speck (see ``_stray_quotes``).
    double_quoted: bool = False

    def __post_init__(self) -> None:
        require_lexicon()

    def for_document(self, text: str) -> OcrConfusions:
        # Source code, Markdown, typed text: identifiers and comments ("dicts", "rohc")
        # are no OCR misreadings, nor is a joke list ("stupid. contemptible").
        if _known_share(text, self.language) < self.min_known or not facts_of(text).ocr_possible:
            return replace(self, document_known=False)
        bar_margins = _BAR_MARGINS_RE.search(text) is not None
        # Writing in lower case ("i went there. it was great."): a full stop before a
        # lower-case word is the writer's, not a speck. Judged on what the stage never
        # changes (paragraph openings, the pronoun "i"), so a second run judges alike.
        lower = sum(1 for _ in _LOWER_PARAGRAPH_RE.finditer(text))
        upper = sum(1 for _ in _UPPER_PARAGRAPH_RE.finditer(text))
        opening = text.lstrip(" \t")[:2]  # the first paragraph
        if opening[:1].islower() and opening[:1].isascii():
            lower += 1
        elif _OPENING_UPPER_RE.match(opening):
            upper += 1
        lower_starts = lower * 5 >= (lower + upper) * 2 and lower >= 2 or _at_least(_LOWER_I_RE, text, 2)
        doubles, singles = text.count("\u201c"), text.count("\u2018")
        double_quoted = doubles >= 3 and doubles >= 2 * singles
        if bar_margins or lower_starts or double_quoted:
            return replace(self, bar_margins=bar_margins, lower_starts=lower_starts,
                           double_quoted=double_quoted)
        return self

    def _stray_quotes(self, line: str) -> str:
        """Drop an opening single quote that nothing on the line closes ("to-day ‘the
        White Cross"): in a text quoted with double quotes, a speck. Elisions stay
        ("‘tis", "‘em")."""
        out = line
        for m in reversed(list(_OPENING_SINGLE_RE.finditer(line))):
            if _CLOSING_SINGLE_RE.search(line, m.end()) is not None:
                break  # this one and those before it may be closed
            word = _LETTERS_RE.match(line, m.end())
            if word is not None and word.group() in _ELISIONS:
                continue
            out = out[: m.start()] + out[m.end() :]
        return out

    def _stray_stop(self, core: str, following: str) -> bool:
        """Whether the full stop after ``core``, before ``following``, is a speck.

        A common lower-case word, no abbreviation (``etc.``, ``vs.``, ``in.``) nor
        roman numeral (``ii.``), then a common lower-case word ("hardly. aware").
        """
        if self.lower_starts or not core.isalpha() or not core.islower() or len(core) < 2:
            return False
        if core in _LOWER_ABBREVIATIONS or _ROMAN_RE.match(core):
            return False
        following = following.rstrip(_TRAIL)
        if not following.isalpha() or not following.islower():
            return False
        lex = _lexicon(self.language)
        return lex.get(core, 0.0) >= 3.0 and lex.get(following, 0.0) >= 3.0

    def _glued(self, core: str, own: float, sentence_start: bool) -> str | None:
        """``Iam`` -> ``I am`` (English; ``core`` is no word)."""
        if own >= self.word_zipf or not _is_english(self.language):
            return None
        if len(core) >= 3 and core[1:] in _AFTER_I and (
            core[0] in "IL|" or core[0] == "T" and sentence_start and core[1:] not in ("will", "would")
        ):
            return "I " + core[1:]
        return None

    def _fused(self, core: str) -> str | None:
        """``its.own`` -> ``its own``: two words fused by a speck (English)."""
        m = _FUSED_RE.match(core)
        if m is None or not _is_english(self.language):
            return None
        left, right = m.groups()
        if right.lower() in _NOT_FUSED:
            return None
        lex = _lexicon(self.language)
        if left in _FUSED_LEFT:
            if right == "I" or len(right) >= 2 and lex.get(right, 0.0) >= 4.0:
                return left + " " + right
            return None
        # Any common word, then a function word: "soon.as", "marry:as".
        if right in _FUSED_RIGHT and len(left) >= 3 and lex.get(left, 0.0) >= 3.5:
            return left + " " + right
        return None

    def _spaced(self, core: str) -> str | None:
        """``called-her`` -> ``called her``, ``had'a`` -> ``had a`` (English; see
        ``_HYPHEN_LEFT``): a space read as a hyphen or an apostrophe."""
        lex = _lexicon(self.language)
        m = _HYPHEN_SPACED_RE.match(core)
        if m is not None:
            left, right = m.groups()
            if left == right or lex.get(left, 0.0) < 3.0 or right != "I" and lex.get(right, 0.0) < 3.0:
                return None
            if left in _HYPHEN_LEFT or right in _HYPHEN_RIGHT or right == "to" and left in _OBJECTS:
                return left + " " + right
            return None
        m = _APOSTROPHE_SPACED_RE.match(core)
        if m is None:
            return None
        left, right = m.groups()
        if right in ("a", "I"):
            ok = lex.get(left, 0.0) >= 4.0
        else:  # two common words, no elision ("ma'am", "ne'er", "o'er" are too short)
            ok = len(left) >= 3 and lex.get(left, 0.0) >= 4.5 and lex.get(right, 0.0) >= 4.5
        return left + " " + right if ok else None

    def _repair(self, core: str, sentence_start: bool, elided: bool = False) -> str | None:
        if len(core) > 30 or not _CORE_RE.match(core) or _NUMBER_UNIT_RE.match(core):
            return None
        if len(core) == 1:
            # One character: only the pronoun, misread as "|", "l" or "T" ("| have").
            return "I" if core == "|" or core in "lT" and sentence_start else None
        if not any(c.isalpha() for c in core):
            return None
        lex = _lexicon(self.language)
        own = lex.get(core.lower().replace("\u2019", "'"), 0.0)
        glued = self._glued(core, own, sentence_start and not elided)
        if glued is not None:
            return glued
        shape = _case_shape(core)
        if shape == "mixed" and not any(c in core for c in "01|58"):
            return None
        if shape == "title" and not sentence_start:
            return None
        # "Tt", "Ts" opening a sentence: as capitalised words they are no words, whatever
        # web slang the lexicon holds for "tt"; two letters need a common word to stand.
        word_zipf = 4.5 if shape == "title" and len(core) == 2 else self.rare_word_zipf
        if own >= word_zipf:
            return None
        best, best_z = None, max(self.min_zipf, own + self.min_gain)
        for cand in _variants(core):
            if not cand.replace("'", "").replace("\u2019", "").isalpha():
                continue
            cshape = _case_shape(cand)
            if cshape == "mixed" or (cshape == "title" and not sentence_start and cand != "I"):
                continue
            z = lex.get(cand.lower().replace("\u2019", "'"), 0.0)
            if cshape == "title" and shape != "title":
                z -= 0.5  # a capital the token did not have needs more evidence
            if z >= best_z:
                best, best_z = cand, z
        return best

    def _verb_follows(self, core: str, texts: list[str], k: int) -> bool:
        """Whether the chunk after ``texts[k]`` is a word the pronoun "I" goes with.

        A verb "I" takes ("| were", "T am"; not "a | b", "T and E", nor the bar
        that marks a quoted block, "| people to abridge their king").
        """
        if k + 1 >= len(texts):
            return False
        following = texts[k + 1].rstrip(_TRAIL)
        if len(following) < 2 or not following.islower() or not following.replace("'", "").isalpha():
            return False
        return following in _AFTER_I and not (core == "|" and self.bar_margins)

    def _unchanged(self, line: str) -> bool:
        """A fast, sound test: no token of ``line`` can change.

        What ``_repair`` may change: a lower-case token that is no word (below
        ``rare_word_zipf``), a capitalised one at a sentence start, the pronoun glued
        to its verb, the sites of ``_SLOW_LINE_RE`` (digits inside words, bars, fused
        words, a lone "l" or "T"), speck tokens and spaced words (``_SPECK_AT_RE``,
        ``_spaced_site``). Names inside a sentence
        ("Musharraf"), numbers and capitals are left by ``_repair`` as they are.
        """
        if (_SLOW_LINE_RE.search(line) is not None or _GLUED_I_RE.search(line) is not None
                or _SPECK_AT_RE.search(line) is not None or _spaced_site(line)):
            return False
        known = _known_words(self.language, self.rare_word_zipf)
        for token in _LOWER_WORD_RE.findall(line):
            if token.replace("\u2019", "'") not in known:
                return False
        for token in _OPENING_TITLE_RE.findall(line):
            if token.lower().replace("\u2019", "'") not in known:
                return False
        known2 = _known_words(self.language, 4.5)
        return all(t.lower() in known2 for t in _TITLE2_RE.findall(line))

    def fix_line(self, line: str) -> str:
        if (not self.document_known or _code_in_line(line) or line.count("|") > 1
                or "\t" in line):  # tab-separated columns: a table, no OCR line
            return line
        if self.double_quoted and "\u2018" in line:
            unquoted = self._stray_quotes(line)
            if unquoted != line:
                return self._fix_words(unquoted)
        return self._fix_words(line)

    def _fix_words(self, line: str) -> str:
        if self._unchanged(line):
            return line
        if _known_share(line, self.language, self.line_words) < self.min_known_line:
            return line  # a line in another language ("Ben de bence ...")
        chunks = list(_CHUNK_RE.finditer(line))
        texts = [c.group() for c in chunks]
        english = _is_english(self.language)
        # Not in an indented line (code, tables) nor a line of nothing else (ocr_noise's).
        specks = [english and len(t) <= 2 and _SPECK_CHUNK_RE.match(t) is not None for t in texts]
        if all(specks) or line[:1] in " \t":
            specks = [False] * len(chunks)
        spans: list[tuple[int, int, str]] = []  # (start, end, replacement)
        known = _known_words(self.language, self.word_zipf)  # words: _repair leaves them
        sentence_start = True
        words_before = False  # a chunk that stays stands before this one
        for k, m in enumerate(chunks):
            chunk = texts[k]
            if specks[k]:
                near = [texts[j] for j in (k - 1, k + 1) if 0 <= j < len(chunks)]
                if not any(_NOT_BESIDE_SPECK_RE.search(c) for c in near):
                    if words_before:
                        spans.append((chunks[k - 1].end(), m.end(), ""))
                    else:
                        spans.append((m.start(), chunks[k + 1].start(), ""))
                    continue
            words_before = True
            # Opening punctuation, a core, closing punctuation.
            rest = chunk.lstrip(_LEAD)
            core = rest.rstrip(_TRAIL)
            lead, trail = chunk[: len(chunk) - len(rest)], rest[len(core):]
            if ("." in chunk or "/" in chunk) and _INNER_DOT_RE.search(chunk):
                fixed = self._fused(core) if lead == "" else None
                if fixed is None:
                    return line  # code, a URL, a file name: the line is left alone
                spans.append((m.start(), m.end(), fixed + trail))
            elif ":" in core and lead == "":
                fixed = self._fused(core)
                if fixed is not None:
                    spans.append((m.start(), m.end(), fixed + trail))
            elif (english and lead == "" and ("-" in core or "'" in core or "\u2019" in core)
                  and (spaced := self._spaced(core)) is not None):
                spans.append((m.start(), m.end(), spaced + trail))
            elif (english and trail == "." and lead == "" and k > 0 and k + 1 < len(chunks)
                  and texts[k + 1][:1].islower() and line[:1] not in " \t"
                  and (core in _NEVER_LAST or self._stray_stop(core, texts[k + 1]))):
                spans.append((m.start(), m.end(), core))
            elif len(core) > 2 and core.lower().replace("\u2019", "'") in known:
                pass  # a word (``_repair`` would say so, more slowly)
            elif len(core) == 2 and core.islower() and core in known or len(core) == 1 and core not in "|lT":
                pass
            elif core and (english or _CONFUSION_SITES_RE.search(core)):
                bare = lead in ("", "\u201c", '"') and trail in ("", ",", ".", ";")
                # After an apostrophe "T" may be the "it" of 'Twas, 'Tis: no glued "I".
                elided = lead[-1:] in ("'", "\u2018", "\u2019")
                if len(core) > 1:
                    fixed = self._repair(core, sentence_start, elided)
                else:  # the pronoun alone: only before a verb ("| have"; not "a | b", "T and E")
                    fixed = (self._repair(core, sentence_start, elided)
                             if bare and self._verb_follows(core, texts, k) else None)
                if fixed is not None:
                    spans.append((m.start(), m.end(), lead + fixed + trail))
            sentence_start = (bool(trail) and trail[-1] in _SENTENCE_END
                              and chunk not in _ABBREVIATIONS) or (not core and bool(lead))
        if not spans:
            return line
        out: list[str] = []
        last = 0
        for start, end, new in spans:
            out.append(line[last:start] + new)
            last = end
        out.append(line[last:])
        return "".join(out)


# ---------------------------------------------------------------------------------------
# Letter spacing and split words
# ---------------------------------------------------------------------------------------

# Five or more single letters, one or two spaces apart: "T h i s  i s", "C H A P T E R".
_SPACED_RE = re.compile(r"(?<!\S)[^\W\d_](?: {1,2}[^\W\d_]){4,}(?=[\s.,;:!?\"')\]\u201d\u2019]|\Z)")


def _segment(letters: str, lex: dict[str, float], min_zipf: float) -> list[str] | None:
    """The most probable split of ``letters`` into words of the lexicon, or ``None``.

    Dynamic programming over end positions, words of at most 20 letters: linear in
    the length. Each word scores its Zipf minus 9 (a log probability), so fewer,
    common words win.
    """
    low = letters.lower()
    n = len(low)
    best: list[tuple[float, int] | None] = [None] * (n + 1)
    best[0] = (0.0, 0)
    for end in range(1, n + 1):
        for start in range(max(0, end - 20), end):
            prev = best[start]
            if prev is None:
                continue
            piece = low[start:end]
            z = lex.get(piece, 0.0)
            if z < min_zipf or (len(piece) == 1 and piece not in ("a", "i")):
                continue
            score = prev[0] + z - 9.0
            if best[end] is None or score > best[end][0]:  # type: ignore[index]
                best[end] = (score, start)
    if best[n] is None:
        return None
    words: list[str] = []
    end = n
    while end > 0:
        start = best[end][1]  # type: ignore[index]
        words.append(letters[start:end])
        end = start
    return words[::-1]


@dataclass(frozen=True, kw_only=True)
class LetterSpacing(LineStage):
    """Close up letter-spaced words: ``T h i s  i s  s p a c e d`` -> ``This is spaced``.

    A run of five or more single letters is rejoined when its groups (split at double
    spaces) are all words, or, with single spaces only, when the letters split into
    common words of at least two letters on average. Anything else (initials, an
    alphabet, ``a b c d e``, DNA) is left alone.

    >>> LetterSpacing().fix_line("C H A P T E R  I I I and T h i s  i s  s p a c e d.")
    'CHAPTER III and This is spaced.'
    >>> LetterSpacing().fix_line("Options a b c d e, or x y z w v.")
    'Options a b c d e, or x y z w v.'
    """

    name: ClassVar[str] = "letter_spacing"
    summary: ClassVar[str] = "Close up letter-spaced words (T h i s -> This)."
    trigger: ClassVar[re.Pattern[str]] = _SPACED_RE

    language: str = "en"
    min_zipf: float = 3.0  # each rejoined word must be at least this frequent

    def __post_init__(self) -> None:
        require_lexicon()

    def _close(self, run: str) -> str | None:
        lex = _lexicon(self.language)
        groups = [g.replace(" ", "") for g in run.split("  ")]
        if len(groups) > 1:
            ok = all(
                lex.get(g.lower(), 0.0) >= self.min_zipf or _is_roman(g) or g in ("a", "A", "I")
                for g in groups
            )
            if ok and any(len(g) > 1 for g in groups):
                return " ".join(groups)
            return None
        letters = groups[0]
        words = _segment(letters, lex, self.min_zipf)
        # Short pieces are how any letter soup splits ("abc de"): words of one or two
        # letters must be very common ones, and the average word at least three long.
        if (
            words is None
            or len(letters) < 3 * len(words)
            or any(len(w) <= 2 and lex.get(w.lower(), 0.0) < 6.0 for w in words)
        ):
            return None
        return " ".join(words)

    def fix_line(self, line: str) -> str:
        def sub(m: re.Match[str]) -> str:
            fixed = self._close(m.group())
            return m.group() if fixed is None else fixed

        return _SPACED_RE.sub(sub, line)


_ROMAN_RE = re.compile(r"[IVXLC]+\Z")


def _is_roman(group: str) -> bool:
    return _ROMAN_RE.match(group) is not None


# Two lower-case letter tokens side by side: "informa tion".
_PAIR_RE = re.compile(r"(?<![\w'\u2019-])([a-z]{2,}) ([a-z]{2,})(?![\w'\u2019-])")


@dataclass(frozen=True, kw_only=True)
class SplitWords(LineStage):
    """Rejoin words split by a stray space: ``informa tion`` -> ``information``.

    Only when neither half is a word (both below ``word_zipf``) and the joined word
    is common (at least ``min_zipf``): real two-word phrases stay as they are.

    >>> SplitWords().fix_line("the informa tion was there")
    'the information was there'
    >>> SplitWords().fix_line("an arid plain, a woodchopper's axe")
    "an arid plain, a woodchopper's axe"
    """

    name: ClassVar[str] = "split_words"
    summary: ClassVar[str] = "Rejoin words split by a stray space (informa tion)."
    trigger: ClassVar[re.Pattern[str]] = _PAIR_RE

    language: str = "en"
    word_zipf: float = 3.0  # a half at least this frequent is a word: no join
    min_zipf: float = 4.0  # the joined word must be at least this frequent

    def __post_init__(self) -> None:
        require_lexicon()

    def fix_line(self, line: str) -> str:
        if _unknown(line, self.language, self.word_zipf) < 2:
            return line  # both halves of a join are non-words
        lex = _lexicon(self.language)
        out: list[str] = []
        last = 0
        pos = 0
        while True:
            m = _PAIR_RE.search(line, pos)
            if m is None:
                break
            a, b = m.group(1), m.group(2)
            if (
                lex.get(a, 0.0) < self.word_zipf
                and lex.get(b, 0.0) < self.word_zipf
                and lex.get(a + b, 0.0) >= self.min_zipf
            ):
                out.append(line[last:m.start()] + a + b)
                last = pos = m.end()
            else:
                pos = m.start(2)  # the second half may pair with the next token
        if not out:
            return line
        out.append(line[last:])
        return "".join(out)


STAGES = (OcrConfusions, LetterSpacing, SplitWords)
