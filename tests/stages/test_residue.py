"""entity_residue: every HTML5 entity, stripped each way, restored where it fits.

The property the issue asks for: an entity of the HTML5 table (``html.entities``),
its ``&``, ``#`` or ``;`` stripped, inside a context its character fits (an
apostrophe between letters, a quote at a word's edge, a dash between words, a degree
sign after a number...) comes back; the same digits or names in identifiers, numbers,
URLs and code are left alone.
"""

from __future__ import annotations

import unicodedata
from html.entities import html5

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from textmend import Pipeline
from textmend.stages.residue import EntityResidue, _distinctive, _kind, _wordlike

STAGE = EntityResidue()

# One code point per entity: the table's single-character entities (names with ";").
SINGLE = {k[:-1]: v for k, v in html5.items() if k.endswith(";") and len(v) == 1}
CODES = sorted({ord(v) for v in SINGLE.values()})


def _context(char: str) -> tuple[str, str] | None:
    """A place ``char`` fits: (text before, text after), or None for the invisible ones."""
    kind = _kind(char)
    if kind == "invisible" or char in "\t\n":
        return None
    return {
        "apostrophe": ("Don", "t stop"),
        "quote": ("He said ", "Hello, "),
        "opening": ("He said ", "Hello, "),
        "closing": ("it was over", " she said"),
        "dash": ("a long", "winded talk"),
        "space": ("Terms", "of Use"),
        "ellipsis": ("and then", " nothing"),
        "degree": ("It was 21", "C today"),
        "currency": ("up to ", "50 million"),
        "ampersand": ("Barnes ", " Noble"),
        "letter": ("x ", " y"),  # a letter alone between spaces: only marked forms
        "symbol": ("x ", " y"),
    }[kind]


def _strip_ways(code: int, name: str | None) -> list[str]:
    """The residue forms that carry enough evidence to restore ``code`` anywhere it fits."""
    ways = [f"#{code};", f"#x{code:X};"]
    if name is not None:
        ways.append(f"{name};")
    return ways




def _cases() -> list[tuple[str, str]]:
    by_code: dict[int, str] = {}
    for name, char in sorted(SINGLE.items()):
        if not _wordlike(name):  # "copy;", "part;": words too, restored in their own context
            by_code.setdefault(ord(char), name)
    out = []
    for code in CODES:
        char = chr(code)
        ctx = _context(char)
        if ctx is None or code < 0x20 or code == 0x3B:
            continue
        if char.isascii() and char.isalnum():
            continue  # nobody writes an ASCII letter or digit as an entity
        if _kind(char) == "letter" and code < 0xC0:
            continue
        ways = _strip_ways(code, by_code.get(code))
        if (ctx[0][-1:].isalpha() or ctx[1][:1].isalpha()) and not ctx[1][:1].isdigit():
            # Without its ";", "#N" is residue only glued to a word ("it#39s"): standing
            # alone it is a number ("issue #39").
            ways.append(f"#{code}")
        for way in ways:
            out.append((ctx[0] + way + ctx[1], ctx[0] + char + ctx[1]))
    return out


CASES = _cases()


def test_every_entity_is_covered() -> None:
    assert len(CASES) > 4 * 1000


@pytest.mark.parametrize("chunk", range(8))
def test_every_stripped_entity_in_a_fitting_context_is_restored(chunk: int) -> None:
    failed = [(a, STAGE.fix_line(a), b) for a, b in CASES[chunk::8] if STAGE.fix_line(a) != b]
    assert not failed, failed[:10]


# Bare forms (no "#", no "&", no ";"): the typography and the letters, where they fit.
BARE = [
    ("It039s here", "It's here"),
    ("the museum8217s hall", "the museum\u2019s hall"),
    ("8220Yes,8221 she said", "\u201cYes,\u201d she said"),
    ("8216Yes8217 he said", "\u2018Yes\u2019 he said"),
    ("not 39out of the question39.", "not 'out of the question'."),
    ("from 1997 8211 2001", "from 1997 \u2013 2001"),
    # A dash between letters, an ellipsis after a word: with other residue on the line
    # (alone, "user8230" is as likely a user name).
    ("a word8212another and then8230 nothing", "a word\u2014another and then\u2026 nothing"),
    ("It039s a word8212another", "It's a word\u2014another"),
    ("Itx27s done", "It's done"),
    ("TermsnbspofnbspUse", "Terms\u00a0of\u00a0Use"),
    ("Itrsquos done", "It\u2019s done"),
    ("ldquoYesrdquo she said", "\u201cYes\u201d she said"),
    ("21degC and 21 degF", "21\u00b0C and 21 \u00b0F"),
    ("a caf233 and a na239ve fianc233", "a caf\u00e9 and a na\u00efve fianc\u00e9"),
    ("O39Brien", "O'Brien"),
    ("It&rsquos done, &ldquoYes&rdquo, ok", "It\u2019s done, \u201cYes\u201d, ok"),
    ("Helloquot; and ATamp;T", 'Hello" and AT&T'),
    ("Photo: AP copy; 2004 Reuters", "Photo: AP \u00a9 2004 Reuters"),
]


@pytest.mark.parametrize(("text_in", "text_out"), BARE)
def test_bare_forms(text_in: str, text_out: str) -> None:
    assert STAGE.fix_line(text_in) == text_out


# The same digits and names where they are identifiers, numbers, URLs, code or words.
LEFT_ALONE = [
    "Room 39, B-39, 49ers, the 1939s, 39th, 39km, 0x39, 8217 votes",
    "user39 and id_8217 and v8217 and h264 and A320 and mp300",
    "colour #393939; and color: #160; here, issue #39 and #8217",
    "https://example.com/a8217b?id=39 and name=nbsp and x@y8221.com",
    "commit b0b58222c7cc62efd8212c4fb65a545f58ebb22d and deadbeef39d",
    "quota quotient camp example ampere degree copyright trademark bullet",
    "a copy; the second part; not; and the times; of the half; at 4x27 in 2004;",
    "the 80s and 90s, 65mph, 1990s, 3D, 10am, 5th, 2nd; 100km",
    "Barnes&Noble, AT&T, R&D, Q&A, M&Ms, &c.",
    "    long quot;",
    'ignoreidl-don39t-process and snake_case39s',
    "Call 555-0139 or 39 39 39",
    "",
]


@pytest.mark.parametrize("line", LEFT_ALONE)
def test_identifiers_numbers_and_words_left_alone(line: str) -> None:
    assert STAGE.fix_line(line) == line


# Identifiers built around every code: "user{N}", "{N}px", "v{N}.{N}" stay.
@given(st.sampled_from(CODES), st.sampled_from(["user{}", "id_{}", "{}px", "v{}.2", "#{}-x", "x={}", "Room {}"]))
@example(8217, "user{}")
def test_codes_inside_identifiers_and_numbers_stay(code: int, template: str) -> None:
    line = "see " + template.format(code) + " now"
    assert STAGE.fix_line(line) == line


# Words of English text with a letter outside ASCII (English's common words: the stage
# asks English's list and the document's language's), that letter written as a bare number.
WORDS = ["café", "naïve", "Pokémon", "São", "fiancé", "cliché", "José", "Beyoncé"]


@given(st.sampled_from(WORDS), st.integers(min_value=0, max_value=2))
def test_a_letter_written_as_a_bare_number_in_a_word_is_restored(word: str, zeros: int) -> None:
    i = next(k for k, c in enumerate(word) if not c.isascii())
    line = "the " + word[:i] + "0" * zeros + str(ord(word[i])) + word[i + 1 :] + " today"
    if word.count(word[i]) > 1 or any(not c.isascii() for c in word[i + 1 :]):
        return  # one letter at a time
    assert STAGE.fix_line(line) == "the " + word + " today"


def test_distinctive_names_are_not_words() -> None:
    names = _distinctive()
    assert {"nbsp", "rsquo", "ldquo", "mdash", "ndash", "hellip", "eacute"} <= names
    assert not {"quot", "copy", "trade", "times", "bull", "acute", "grave"} & names


def test_in_the_default_profile() -> None:
    p = Pipeline("default")
    assert p.clean("It039s the museum8217s 8220best8221 show") == "It's the museum\u2019s \u201cbest\u201d show"
    text = "Totally clean text; it's fine (1997-2001), 39 rooms."
    assert p.clean(text) == text


def test_every_category_of_character_has_a_kind() -> None:
    for code in CODES:
        assert _kind(chr(code)) in {
            "apostrophe", "quote", "opening", "closing", "dash", "space", "ellipsis", "degree",
            "currency", "ampersand", "letter", "invisible", "symbol"}, unicodedata.name(chr(code), "?")
