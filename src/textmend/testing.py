"""Property-based checks for textmend stages and pipelines, for the project and its plugins.

Hypothesis strategies:

- :func:`clean_prose` — documents that are clean by textmend's definition: sentences
  of real words (wordfreq's most frequent words in a dozen scripts), curly quotes,
  em dashes, numbers, names, URLs and hashes as words, lists, one paragraph per line.
- :func:`corrupted` — ``(corrupted, original)`` pairs where the damage is provably
  repairable: a stripped entity in a contraction, URL debris glued after a word, a
  mojibaked line, a mangled duplicate title, a truncated tail line.
- :func:`any_text` — any ``str``: lone surrogates, every control character, debris.

Contract checks, which fail with hypothesis's shrunk counterexample in a readable
:class:`ContractError`:

- :func:`check_stage` — a line stage's trigger matches every line it changes (also
  when searched over a whole document), the stage never raises or returns a
  newline, it is idempotent, and it leaves clean prose alone. A document stage's
  ``precheck`` is sound and its edits rebuild its output.
- :func:`check_pipeline` — the same for a whole pipeline, plus fast path ==
  reference mode and edits replayed on the input rebuild the output.

A plugin author runs them in their own tests::

    from textmend.testing import check_stage
    from my_package.stages import MyStage

    def test_my_stage_keeps_the_contract():
        check_stage(MyStage())

The number of examples follows the active hypothesis profile (``settings.load_profile``)
unless ``max_examples`` is given.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Literal

try:
    from hypothesis import HealthCheck, Phase, assume, given, settings
    from hypothesis import strategies as st
    from hypothesis.errors import HypothesisException
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "textmend.testing needs hypothesis (and wordfreq): pip install 'textmend[test]'"
    ) from exc

from textmend.pipeline import Pipeline
from textmend.stage import DocumentStage, LineStage, Stage, apply_edits

__all__ = [
    "CORRUPTIONS",
    "ContractError",
    "any_text",
    "check_pipeline",
    "check_stage",
    "clean_prose",
    "corrupted",
    "debris",
]

Corruption = Literal["entity", "url_debris", "mojibake", "mangled_title", "truncated_tail"]
# Every kind of damage :func:`corrupted` can make, and the stage that repairs it.
CORRUPTIONS: dict[str, str] = {
    "entity": "entity_residue",
    "url_debris": "url_debris",
    "mojibake": "mojibake",
    "mangled_title": "mangled_title",
    "truncated_tail": "truncated_tail",
}

Check = Literal["never_raises", "trigger", "idempotent", "no_harm", "edits"]
ALL_CHECKS: tuple[Check, ...] = ("never_raises", "trigger", "idempotent", "no_harm", "edits")


class ContractError(AssertionError):
    """A stage or pipeline broke the contract; the message holds the shrunk counterexample."""


class _Violation(AssertionError):
    """Raised inside a property; :func:`_run` turns the shrunk one into a ContractError."""


# -- vocabulary ---------------------------------------------------------------------

# Languages drawn from wordfreq for non-Latin (and accented Latin) prose, with how
# words are joined and the sentence ends each script uses.
_SCRIPTS: dict[str, tuple[str, str]] = {
    "en": (" ", "."),
    "fr": (" ", "."),
    "de": (" ", "."),
    "es": (" ", "."),
    "pl": (" ", "."),
    "vi": (" ", "."),
    "tr": (" ", "."),
    "ru": (" ", "."),
    "uk": (" ", "."),
    "el": (" ", "."),
    "ar": (" ", "."),
    "he": (" ", "."),
    "hi": (" ", "\u0964"),  # । danda
    "ko": (" ", "."),
    "zh": ("", "\u3002"),  # 。
    "ja": ("", "\u3002"),
}
_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f\u0900-\u097f\u0610-\u065f])*(?:'[a-z]+)?")

# Names and places from the project's seed article and real news, with diacritics
# from several languages: clean text has capitals, apostrophes and accents in names.
_NAMES = (
    "Emmanuel Macron", "Olaf Scholz", "Andrzej Duda", "Volodymyr Zelensky",
    "James O'Brien", "David Cameron", "John Leicester", "Sonia O'Sullivan",
    "François Hollande", "Pedro Sánchez", "Recep Tayyip Erdoğan", "Lech Wałęsa",
    "Søren Kierkegaard", "Gabriel García Márquez", "Antonín Dvořák", "Nguyễn Phú Trọng",
    "Shinzō Abe", "Chimamanda Ngozi Adichie", "Jean-Luc Mélenchon", "Björk",
    "Paris", "Kyiv", "São Paulo", "Reykjavík", "Zürich", "Kraków", "Montréal",
    "Düsseldorf", "Macmillan", "Simon & Schuster", "Hachette", "Amazon", "NATO",
)
_TLDS = ("com", "org", "net", "co.uk", "de", "fr", "io", "gov")


@lru_cache(maxsize=None)
def _words(lang: str, n: int = 2000) -> tuple[str, ...]:
    """wordfreq's ``n`` most frequent words of ``lang`` that are plain words."""
    try:
        from wordfreq import top_n_list
    except ImportError as exc:  # pragma: no cover
        raise ImportError(
            "textmend.testing draws its vocabulary from wordfreq: pip install 'textmend[test]'"
        ) from exc
    out = []
    for w in top_n_list(lang, n):
        if lang == "el":
            w = re.sub("\u03c3\\b", "\u03c2", w)  # wordfreq folds final sigma; prose does not
        if _WORD_RE.fullmatch(w) and (len(w) > 1 or w in {"a", "i"} or lang in {"zh", "ja"}):
            out.append("I" + w[1:] if lang == "en" and (w == "i" or w.startswith("i'")) else w)
    return tuple(out)


@lru_cache(maxsize=None)
def _contractions() -> tuple[str, ...]:
    return tuple(w for w in _words("en", 5000) if "'" in w and w[0] != "'")


# -- clean prose ----------------------------------------------------------------------
#
# Drawing every word through hypothesis costs ~0.4 ms a word; a sentence is built
# instead from one drawn seed and a drawn length, so a document costs a few dozen
# draws. Shrinking still removes paragraphs and sentences, shortens sentences and
# drops their quotes, names and URLs; the words left are real ones.


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _number(rng: random.Random) -> str:
    n = rng.randrange(10_000_000)
    style = rng.choice(["plain", "comma", "decimal", "percent", "money", "year", "range", "ordinal"])
    if style == "comma":
        return f"{n:,}"
    if style == "decimal":
        return f"{n % 1000}.{n % 97}"
    if style == "percent":
        return f"{n % 100}%"
    if style == "money":
        return rng.choice(["$", "£", "€"]) + f"{n % 1000}.{n % 10} million"
    if style == "year":
        return str(1900 + n % 130)
    if style == "range":
        return f"{n % 50}\u2013{n % 50 + 1 + n % 7}"  # en dash range
    if style == "ordinal":
        k = n % 100
        suffix = "th" if 10 <= k <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
        return f"{k}{suffix}"
    return str(n % 10_000)


def _url(rng: random.Random) -> str:
    en = _words("en")
    path = "/".join(rng.choice(en) for _ in range(rng.randrange(4)))
    slug = "-".join(rng.choice(en) for _ in range(rng.randrange(5)))
    url = f"https://{rng.choice(['', 'www.'])}{rng.choice(en)}.{rng.choice(_TLDS)}/{path}"
    if slug:
        url = url.rstrip("/") + "/" + slug
    if rng.random() < 0.3:
        url += f"?id={rng.randrange(1, 99999)}"
    return url


def _hash(rng: random.Random) -> str:
    size = rng.choice([7, 8, 12, 32, 40, 64])
    h = "".join(rng.choice("0123456789abcdef") for _ in range(size))
    # A hash as people quote it has digits and letters.
    if not re.search(r"\d", h):
        h = "1" + h[1:]
    if not re.search(r"[a-f]", h):
        h = h[:-1] + "e"
    if size == 32 and rng.random() < 0.5:  # a UUID
        h = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return h


def _extra(rng: random.Random) -> str:
    """A word that is no dictionary word: a name, number, URL, hash or contraction."""
    kind = rng.randrange(5)
    if kind == 0:
        return rng.choice(_NAMES)
    if kind == 1:
        return _number(rng)
    if kind == 2:
        return _url(rng)
    if kind == 3:
        return _hash(rng)
    return rng.choice(_contractions())


@st.composite
def _sentence(draw: st.DrawFn, lang: str = "en", apostrophe: str = "'") -> str:
    joiner, end = _SCRIPTS[lang]
    size = draw(st.integers(3, 18))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    vocabulary = _words(lang)
    words = [rng.choice(vocabulary) for _ in range(size)]
    if lang != "en":
        return _cap(joiner.join(words)) + end
    for _ in range(draw(st.integers(0, 3))):
        words.insert(rng.randrange(1, len(words) + 1), _extra(rng))
    words = [w.replace("'", apostrophe) for w in words]
    words[0] = _cap(words[0])
    if len(words) > 4 and draw(st.booleans()):  # an em-dash aside, a comma, a semicolon
        k = rng.randrange(1, len(words) - 2)
        mark = rng.choice([" \u2014", ",", ";", "\u2014"])
        if mark == "\u2014":
            words[k] += mark + words.pop(k + 1)
        else:
            words[k] += mark
    if draw(st.booleans()):  # a quoted phrase in curly quotes
        i = rng.randrange(1, len(words))
        j = rng.randrange(i, min(len(words), i + 6))
        words[i] = "\u201c" + words[i]
        words[j] = words[j] + "\u201d"
    end = rng.choice(".....?!")
    sentence = " ".join(words)
    if sentence.endswith("\u201d"):
        return sentence[:-1] + end + "\u201d"  # “… the end.”
    return sentence + end


@st.composite
def _paragraph(draw: st.DrawFn, lang: str, apostrophe: str) -> str:
    sep = "" if _SCRIPTS[lang][0] == "" else " "
    return sep.join(draw(st.lists(_sentence(lang, apostrophe), min_size=1, max_size=4)))


@st.composite
def _list_block(draw: st.DrawFn, apostrophe: str) -> str:
    marker = draw(st.sampled_from(["- ", "\u2022 ", "* ", "1. ", "1) "]))
    items = draw(st.lists(_sentence("en", apostrophe), min_size=2, max_size=5))
    lines = []
    for n, item in enumerate(items, 1):
        if n % 2:
            item = item.rstrip(".?!")  # list items often have no full stop
        lines.append((marker.replace("1", str(n)) if marker[0] == "1" else marker) + item)
    return "\n".join(lines)


@st.composite
def _title(draw: st.DrawFn) -> str:
    size = draw(st.integers(3, 12))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    words = [rng.choice(_words("en")) for _ in range(size)]
    return " ".join(_cap(w) if i == 0 or len(w) > 3 else w for i, w in enumerate(words))


@st.composite
def _prose(
    draw: st.DrawFn,
    languages: tuple[str, ...],
    sentences: tuple[str, ...],
    min_paragraphs: int,
    max_paragraphs: int,
    title: bool | None,
) -> str:
    apostrophe = draw(st.sampled_from(["'", "\u2019"]))
    blocks_of = [
        _paragraph("en", apostrophe),
        st.sampled_from(languages).flatmap(lambda lang: _paragraph(lang, apostrophe)),
        _list_block(apostrophe),
    ]
    if sentences:
        blocks_of.append(st.sampled_from(sentences))
    blocks = draw(st.lists(st.one_of(blocks_of), min_size=min_paragraphs, max_size=max_paragraphs))
    # The last block is a finished sentence: a document ending mid-sentence is what
    # the truncated-tail stage exists to remove.
    blocks.append(draw(_paragraph("en", apostrophe)))
    if title if title is not None else draw(st.booleans()):
        blocks.insert(0, draw(_title()))
    text = draw(st.sampled_from(["\n\n", "\n"])).join(blocks)
    if draw(st.booleans()):
        text += "\n"
    return text


def clean_prose(
    *,
    languages: Iterable[str] = tuple(_SCRIPTS),
    sentences: Iterable[str] = (),
    min_paragraphs: int = 0,
    max_paragraphs: int = 6,
    title: bool | None = None,
) -> st.SearchStrategy[str]:
    """Documents that are clean: every stage must leave them unchanged.

    Sentences of wordfreq's most frequent words in ``languages`` (scripts
    from Latin to Devanagari, Arabic, Hebrew, Hangul and CJK), with names,
    numbers, URLs, hashes and contractions as words, curly quotes, em dashes,
    list blocks, one paragraph per line and an optional headline. ``sentences``
    adds real clean paragraphs (each one line) to draw from. The document ends
    with a finished sentence.
    """
    langs = tuple(languages)
    unknown = [lang for lang in langs if lang not in _SCRIPTS]
    if unknown:
        raise ValueError(f"unknown languages {unknown}; valid: {', '.join(_SCRIPTS)}")
    extra = tuple(s for s in sentences if s and "\n" not in s)
    return _cached_prose(langs, extra, min_paragraphs, max_paragraphs, title)


@lru_cache(maxsize=64)
def _cached_prose(
    langs: tuple[str, ...], extra: tuple[str, ...], low: int, high: int, title: bool | None
) -> st.SearchStrategy[str]:
    return _prose(langs, extra, low, high, title)


# -- debris and any text ----------------------------------------------------------------

# Pieces of real scraper and OCR damage (see the seed and tests/data/scraped).
_FRAGMENTS = (
    "&#39;", "&#39", "#39;", "39", "&amp;", "&amp;amp;", "amp;", "&quot;", "quot;", "&nbsp;",
    "&#8217;", "8217", "&lt;b&gt;", "<b>", "</p>", "[link](http://x.co)", "%2F", "2F", "252F",
    ".com2F", "%20", "e9e46c6697954448ec5f", "https://", "www.", ".html", "Ã©", "â€™", "â€œ",
    "Ã¢â‚¬â„¢", "Â ", "ï¬", "\ufb01", "\ufb02", "\r\n", "\r", "\t", "  ", "\u00a0", "\u00ad",
    "\u200b", "\ufeff", "\u2028", "\u0085", "\x00", "\x1b", "\ud800", "\udfff", "\ufffd",
    "- ", "-\n", "\n\n\n", "1", "0", "l", "I", "|", "rn", "m", "\u201c", "\u201d", "\u2019",
    "\u2014", "é", "e\u0301", "ß", "İ", "ς", "Ⅻ", "٣", "𝔘", "👍🏽", "a\u200db",
)


@lru_cache(maxsize=None)
def debris() -> st.SearchStrategy[str]:
    """Short strings made of pieces of real scraper and OCR damage, and words."""
    piece = st.one_of(
        st.sampled_from(_FRAGMENTS),
        st.sampled_from(_words("en")),
        st.sampled_from(_NAMES),
        st.just(" "),
    )
    return st.lists(piece, max_size=20).map("".join)


_ANY_CHAR = st.characters(exclude_categories=())  # surrogates (Cs) included
_CONTROLS = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.characters(categories=["Cs"]),  # lone surrogates
)


@lru_cache(maxsize=None)
def any_text(*, lines: bool = True) -> st.SearchStrategy[str]:
    """Any ``str``: every code point (lone surrogates too), control runs, debris, prose.

    With ``lines=False`` the text has no ``"\\n"`` (input for ``fix_line``).
    """
    strategy = st.one_of(
        st.text(_ANY_CHAR),
        st.text(st.one_of(_CONTROLS, st.sampled_from(" \n\r\t\u00a0aZ09&#;%'.:/"))),
        debris(),
        st.lists(st.one_of(debris(), st.text(_ANY_CHAR, max_size=5)), max_size=6).map("".join),
        clean_prose(max_paragraphs=2),
    )
    if not lines:
        strategy = strategy.map(lambda s: s.replace("\n", " "))
    return strategy


# -- corruptions ------------------------------------------------------------------------

# How a stripped "&#39;" shows up in scraped text (AG News: "Karzai #39;s"; the seed: "39out").
_APOSTROPHE_RESIDUE = ("39", "#39;", " #39;", "&#39")
_CURLY_RESIDUE = ("8217", "#8217;", " #8217;", "&#8217")


def _some_words(draw: st.DrawFn, low: int, high: int) -> list[str]:
    """Between ``low`` and ``high`` frequent English words (two draws)."""
    size = draw(st.integers(low, high))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    return [rng.choice(_words("en")) for _ in range(size)]


@st.composite
def _entity(draw: st.DrawFn) -> tuple[str, str]:
    apostrophe = draw(st.sampled_from(["'", "\u2019"]))
    word = draw(st.sampled_from(_contractions())).replace("'", apostrophe)
    before = draw(_sentence("en", apostrophe))
    rest = _some_words(draw, 1, 8)
    line = f"{before} {_cap(word)} {' '.join(rest)}."
    residue = draw(st.sampled_from(_APOSTROPHE_RESIDUE if apostrophe == "'" else _CURLY_RESIDUE))
    bad = line.replace(f" {_cap(word)} ", " " + _cap(word).replace(apostrophe, residue) + " ", 1)
    doc = draw(clean_prose(languages=("en",), max_paragraphs=3))
    # Never first: a damaged first line with a similar line below is a mangled title.
    at = draw(st.integers(1, 8))
    return _insert_paragraph(doc, bad, at), _insert_paragraph(doc, line, at)


@st.composite
def _debris_run(draw: st.DrawFn) -> str:
    """Percent-encoded path residue and hex hashes, as in the seed's first line."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    hexrun = "".join(rng.choice("0123456789abcdef") for _ in range(draw(st.integers(16, 48))))
    parts = draw(st.lists(st.sampled_from(["2F", "252F", "2F24", "2F25"]), min_size=2, max_size=4))
    return draw(st.sampled_from(["", ".com", ".org"])) + "".join(parts) + hexrun


@st.composite
def _url_debris(draw: st.DrawFn) -> tuple[str, str]:
    words = _some_words(draw, 4, 14)
    i = draw(st.integers(0, len(words) - 2))
    line = _cap(" ".join(words)) + "."
    glued = list(words)
    glued[i] = glued[i] + draw(_debris_run())
    bad = _cap(" ".join(glued)) + "."
    doc = draw(clean_prose(languages=("en",), max_paragraphs=3))
    # Never first: a damaged first line with a similar line below is a mangled title.
    at = draw(st.integers(1, 8))
    return _insert_paragraph(doc, bad, at), _insert_paragraph(doc, line, at)


@st.composite
def _mojibake(draw: st.DrawFn) -> tuple[str, str]:
    import ftfy.bad_codecs  # registers sloppy-windows-1252; binds ftfy too

    lang = draw(st.sampled_from(["en", "fr", "de", "es", "pl", "ru", "el", "zh"]))
    line = draw(_paragraph(lang, "\u2019"))
    if line.isascii():
        line = line.replace(" ", " \u201c", 1)[:-1] + "\u201d."
    codec = draw(st.sampled_from(["sloppy-windows-1252", "latin-1"]))
    bad = line.encode("utf-8").decode(codec)
    # Only damage that ftfy undoes on the line alone: in a short line with one
    # accented letter ("Åšredniej stolicy dni.") the mojibake is no evidence.
    assume(ftfy.fix_text(bad, _ftfy_encoding_only()) == line)
    doc = draw(clean_prose(languages=("en",), max_paragraphs=3))
    # Never first: a damaged first line with a similar line below is a mangled title.
    at = draw(st.integers(1, 8))
    return _insert_paragraph(doc, bad, at), _insert_paragraph(doc, line, at)


@lru_cache(maxsize=1)
def _ftfy_encoding_only() -> Any:
    from textmend.stages.unicode import Mojibake

    return Mojibake().config


@st.composite
def _mangled_title(draw: st.DrawFn) -> tuple[str, str]:
    words = _some_words(draw, 6, 14)
    q = draw(st.integers(2, len(words) - 2))
    title = _cap(" ".join(words[:q])) + " '" + " ".join(words[q:]) + "'"
    keep = draw(st.integers(max(q + 1, (3 * len(words) + 3) // 4), len(words) - 1))
    mangled = _cap(" ".join(words[:q])) + " 39" + " ".join(words[q:keep]) + draw(_debris_run())
    body = draw(clean_prose(languages=("en",), min_paragraphs=1, max_paragraphs=4, title=False))
    return f"{mangled}\n\n{title}\n\n{body}", f"{title}\n\n{body}"


_CTA = ("Follow", "Read", "Watch", "See", "Sign up for")


@st.composite
def _truncated_tail(draw: st.DrawFn) -> tuple[str, str]:
    body = draw(clean_prose(languages=("en",), min_paragraphs=1, max_paragraphs=4))
    words = _some_words(draw, 2, 10)
    cut = draw(st.sampled_from(["at", "on", "of", "the", "to", "in", "and", "for", "with"]))
    tail = " ".join([draw(st.sampled_from(_CTA)), *words, cut])
    ending = "\n" if body.endswith("\n") else ""
    return f"{body.rstrip(chr(10))}\n\n{tail}{ending}", body


def _insert_paragraph(doc: str, line: str, at: int) -> str:
    """``doc`` with ``line`` as its paragraph number ``at`` (clipped to the end)."""
    blocks = doc.rstrip("\n").split("\n\n")
    blocks.insert(min(at, len(blocks)), line)
    return "\n\n".join(blocks) + ("\n" if doc.endswith("\n") else "")


_KINDS: dict[str, Callable[[], st.SearchStrategy[tuple[str, str]]]] = {
    "entity": _entity,
    "url_debris": _url_debris,
    "mojibake": _mojibake,
    "mangled_title": _mangled_title,
    "truncated_tail": _truncated_tail,
}


def corrupted(*kinds: str) -> st.SearchStrategy[tuple[str, str]]:
    """``(corrupted, original)`` pairs whose damage a repair can provably undo.

    ``kinds`` chooses among :data:`CORRUPTIONS` (all when none is given):
    ``entity`` (a contraction whose apostrophe became ``39``, ``#39;`` ...),
    ``url_debris`` (``2F252F`` and a hex hash glued after a word), ``mojibake``
    (a line decoded as Windows-1252 or Latin-1), ``mangled_title`` (a corrupted
    copy of the headline above it), ``truncated_tail`` (a call to action cut at a
    function word appended). ``original`` is clean prose.
    """
    chosen = kinds or tuple(_KINDS)
    unknown = [k for k in chosen if k not in _KINDS]
    if unknown:
        raise ValueError(f"unknown corruption kinds {unknown}; valid: {', '.join(_KINDS)}")
    return _cached_corrupted(tuple(chosen))


@lru_cache(maxsize=None)
def _cached_corrupted(kinds: tuple[str, ...]) -> st.SearchStrategy[tuple[str, str]]:
    return st.one_of(*(_KINDS[k]() for k in kinds))


# -- running a property ---------------------------------------------------------------------


def _settings(max_examples: int | None) -> settings:
    base = settings()  # the active profile
    return settings(
        base,
        max_examples=max_examples if max_examples is not None else base.max_examples,
        deadline=None,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        phases=[p for p in base.phases if p is not Phase.explain],
    )


def _run(
    header: str,
    prop: Callable[[Any], None],
    strategy: st.SearchStrategy[Any],
    examples: Sequence[Any],
    max_examples: int | None,
) -> None:
    """Run ``prop`` on ``examples`` then on ``strategy``; raise ContractError on a failure."""
    try:
        for value in examples:
            prop(value)
        given(strategy)(_settings(max_examples)(prop))()
    except _Violation as exc:
        raise ContractError(f"{header}: {exc}") from None
    except HypothesisException:
        raise
    except Exception as exc:  # the property itself crashed
        raise ContractError(f"{header}: unexpected {type(exc).__name__}: {exc}") from exc


def _show(text: str) -> str:
    return repr(text) if len(text) <= 300 else repr(text[:300]) + f"... ({len(text)} characters)"


def _call(what: str, fn: Callable[[], Any], arg: str) -> Any:
    try:
        return fn()
    except Exception as exc:
        raise _Violation(
            f"{what} raised {type(exc).__name__}: {exc}\n  input: {_show(arg)}"
        ) from exc


def _trigger_source(stage: LineStage) -> st.SearchStrategy[str] | None:
    """Strings the trigger matches, when hypothesis can generate them."""
    pattern = stage.trigger
    try:
        compiled = re.compile(pattern.pattern, pattern.flags & ~re.UNICODE) if not isinstance(
            pattern, re.Pattern
        ) else pattern
        strategy = st.from_regex(compiled, fullmatch=True)
        strategy.validate()
        return strategy
    except Exception:  # a regex-module feature re cannot compile
        return None


@st.composite
def _near(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """A string from ``base`` with one small edit: what a too-narrow trigger misses."""
    s = draw(base)
    op = draw(st.sampled_from(["keep", "delete", "insert", "case", "replace", "swapcase"]))
    if op == "swapcase":
        return s.swapcase()
    if not s or op == "keep":
        return s
    i = draw(st.integers(0, len(s) - 1))
    if op == "delete":
        return s[:i] + s[i + 1 :]
    if op == "insert":
        return s[:i] + draw(st.sampled_from(" ;&#.%0aA\u00a0")) + s[i:]
    if op == "case":
        return s[:i] + s[i].swapcase() + s[i + 1 :]
    return s[:i] + draw(st.characters(codec="utf-8")) + s[i + 1 :]


def _line_inputs(stage: LineStage) -> st.SearchStrategy[str]:
    sources: list[st.SearchStrategy[str]] = [
        any_text(lines=False),
        corrupted().map(lambda pair: pair[0].replace("\n", " ")),
    ]
    trig = _trigger_source(stage)
    if trig is not None:
        # Near misses of the trigger, alone and inside other text: half the inputs.
        near = st.one_of(
            _near(trig),
            st.tuples(st.text(_ANY_CHAR, max_size=3), _near(trig), debris()).map("".join),
        ).map(lambda s: s.replace("\n", " "))
        sources = [near, *sources]
        return st.one_of(near, st.one_of(*sources))
    return st.one_of(*sources)


# Inputs tried on every stage before hypothesis starts: each broke a stage once.
HARD_LINES = (
    "",
    " ",
    "\ud800",
    "a\udfffb",
    "\x00\x1b\x7f\x85\x9f",
    "\r",
    "\u2028\u0085",
    "Macron says sending Western troops to Ukraine not 39out of.com2F242F252Fe9e46c6697954448ec5f732dd8562F607468707c2c4786afc669fb280c3eeb",
    "&amp;amp;amp;#39;",
    "Ã¢â‚¬â„¢",
    "\ufeff\u200b\u00ad",
)


def _stage_label(stage: Stage) -> str:
    return f"check_stage({stage!r})"


def check_stage(
    stage: Stage,
    *,
    checks: Iterable[Check] = ALL_CHECKS,
    prose: st.SearchStrategy[str] | None = None,
    inputs: st.SearchStrategy[str] | None = None,
    examples: Iterable[str] = (),
    max_examples: int | None = None,
) -> None:
    """Run the stage contract on ``stage``; raise :class:`ContractError` on a violation.

    For a line stage: ``fix_line`` never raises and never returns a newline
    (``never_raises``); a line the trigger does not match comes out unchanged,
    also when the trigger is searched over a whole document (``trigger``);
    ``fix_line(fix_line(x)) == fix_line(x)`` (``idempotent``); clean prose is
    unchanged (``no_harm``); ``explain_line`` agrees with ``fix_line``
    (``edits``). For a document stage: ``fix_lines`` never raises; when
    ``precheck`` is false the lines are unchanged (``trigger``); it is
    idempotent; its edits rebuild its output (``edits``); clean prose is
    unchanged.

    ``prose`` replaces :func:`clean_prose` as the text the stage must leave
    alone; ``inputs`` adds text to try (documents; split into lines for a line
    stage); ``examples`` are tried first, every time.

    >>> from textmend.stages.layout import Whitespace
    >>> check_stage(Whitespace(), max_examples=20)
    """
    wanted: set[str] = set(checks)
    unknown = wanted - set(ALL_CHECKS)
    if unknown:
        raise ValueError(f"unknown checks {sorted(unknown)}; valid: {', '.join(ALL_CHECKS)}")
    prose_strategy = prose if prose is not None else clean_prose()
    given_examples = tuple(examples)
    if isinstance(stage, LineStage):
        _check_line_stage(stage, wanted, prose_strategy, inputs, given_examples, max_examples)
    elif isinstance(stage, DocumentStage):
        _check_document_stage(stage, wanted, prose_strategy, inputs, given_examples, max_examples)
    else:
        raise TypeError(f"{stage!r} is neither a LineStage nor a DocumentStage")


def _check_line_stage(
    stage: LineStage,
    wanted: set[str],
    prose: st.SearchStrategy[str],
    inputs: st.SearchStrategy[str] | None,
    examples: tuple[str, ...],
    max_examples: int | None,
) -> None:
    head = _stage_label(stage)
    lines = _line_inputs(stage)
    if inputs is not None:
        lines = st.one_of(lines, inputs.map(lambda s: s.replace("\n", " ")))
    hard = tuple(x.replace("\n", " ") for x in (*examples, *HARD_LINES))
    trigger = stage.trigger

    def fix(line: str) -> str:
        out = _call(f"{type(stage).__name__}.fix_line", lambda: stage.fix_line(line), line)
        if not isinstance(out, str):
            raise _Violation(f"fix_line returned {type(out).__name__}, not str\n  input: {_show(line)}")
        if "\n" in out:
            raise _Violation(f"fix_line returned a newline\n  input:  {_show(line)}\n  output: {_show(out)}")
        return out

    def never_raises(line: str) -> None:
        fix(line)

    def trigger_sound(line: str) -> None:
        out = fix(line)
        if out != line and trigger.search(line) is None:
            raise _Violation(
                f"the trigger {trigger.pattern!r} does not match a line fix_line changes\n"
                f"  line:     {_show(line)}\n  fix_line: {_show(out)}"
            )

    def trigger_in_document(doc: str) -> None:
        fast = Pipeline([stage]).clean(doc)
        slow = Pipeline([stage], reference=True).clean(doc)
        if fast != slow:
            raise _Violation(
                f"searched over a whole document, the trigger {trigger.pattern!r} misses a line "
                f"the stage changes (anchors without re.M?)\n  document:  {_show(doc)}\n"
                f"  fast path: {_show(fast)}\n  reference: {_show(slow)}"
            )

    def idempotent(line: str) -> None:
        once = fix(line)
        twice = fix(once)
        if twice != once:
            raise _Violation(
                "fix_line is not idempotent\n"
                f"  input:          {_show(line)}\n  fix_line(x):    {_show(once)}\n"
                f"  fix_line twice: {_show(twice)}"
            )

    def explains(line: str) -> None:
        out = fix(line)
        explained = _call("explain_line", lambda: stage.explain_line(line), line)
        if explained[0] != out:
            raise _Violation(
                f"explain_line disagrees with fix_line\n  input: {_show(line)}\n"
                f"  fix_line:     {_show(out)}\n  explain_line: {_show(explained[0])}"
            )

    def no_harm(doc: str) -> None:
        for line in doc.split("\n"):
            out = fix(line)
            if out != line:
                raise _Violation(
                    f"the stage changes clean prose\n  line:     {_show(line)}\n  fix_line: {_show(out)}"
                )

    if "never_raises" in wanted:
        _run(f"{head}: never raises", never_raises, lines, hard, max_examples)
    if "trigger" in wanted:
        _run(f"{head}: trigger soundness", trigger_sound, lines, hard, max_examples)
        docs = st.lists(lines, min_size=1, max_size=5).map("\n".join)
        _run(f"{head}: trigger soundness", trigger_in_document, docs, (), max_examples)
    if "idempotent" in wanted:
        _run(f"{head}: idempotence", idempotent, lines, hard, max_examples)
    if "edits" in wanted:
        _run(f"{head}: explain_line", explains, lines, hard, max_examples)
    if "no_harm" in wanted:
        _run(f"{head}: no harm to clean prose", no_harm, prose, (), max_examples)


def _doc_inputs(inputs: st.SearchStrategy[str] | None) -> st.SearchStrategy[str]:
    sources = [
        any_text(),
        corrupted().map(lambda pair: pair[0]),
        st.lists(st.one_of(debris(), st.sampled_from(["", " ", "\r"])), max_size=8).map("\n".join),
    ]
    if inputs is not None:
        sources.append(inputs)
    return st.one_of(*sources)


def _check_document_stage(
    stage: DocumentStage,
    wanted: set[str],
    prose: st.SearchStrategy[str],
    inputs: st.SearchStrategy[str] | None,
    examples: tuple[str, ...],
    max_examples: int | None,
) -> None:
    head = _stage_label(stage)
    docs = _doc_inputs(inputs)
    hard = (*examples, *HARD_LINES, "a\n\n\nb\n", "\n\n", "x\r\ny\r")

    def fix(text: str) -> tuple[list[str], list[Any]]:
        lines = text.split("\n")
        out = _call(f"{type(stage).__name__}.fix_lines", lambda: stage.fix_lines(list(lines)), text)
        if not (isinstance(out, tuple) and len(out) == 2 and isinstance(out[0], list)):
            raise _Violation(f"fix_lines must return (lines, edits), not {out!r}")
        new, _edits = out
        for line in new:
            if not isinstance(line, str) or "\n" in line:
                raise _Violation(f"fix_lines returned {line!r} as a line\n  input: {_show(text)}")
        return out

    def never_raises(text: str) -> None:
        fix(text)
        _call(f"{type(stage).__name__}.precheck", lambda: stage.precheck(text), text)

    def precheck_sound(text: str) -> None:
        new, _ = fix(text)
        out = "\n".join(new)
        if out != text and not stage.precheck(text):
            raise _Violation(
                "precheck() is False on a document fix_lines changes\n"
                f"  input:     {_show(text)}\n  fix_lines: {_show(out)}"
            )

    def idempotent(text: str) -> None:
        once = "\n".join(fix(text)[0])
        twice = "\n".join(fix(once)[0])
        if twice != once:
            raise _Violation(
                "fix_lines is not idempotent\n"
                f"  input:           {_show(text)}\n  fix_lines(x):    {_show(once)}\n"
                f"  fix_lines twice: {_show(twice)}"
            )

    def edits_rebuild(text: str) -> None:
        new, edits = fix(text)
        out = "\n".join(new)
        try:
            replayed = apply_edits(text, edits)
        except Exception as exc:
            raise _Violation(
                f"an edit does not apply to the input ({exc})\n  input: {_show(text)}"
            ) from exc
        if replayed != out:
            raise _Violation(
                "the edits do not rebuild the output\n"
                f"  input:    {_show(text)}\n  output:   {_show(out)}\n  replayed: {_show(replayed)}"
            )

    def no_harm(text: str) -> None:
        out = "\n".join(fix(text)[0])
        if out != text:
            raise _Violation(f"the stage changes clean prose\n  input:  {_show(text)}\n  output: {_show(out)}")

    if "never_raises" in wanted:
        _run(f"{head}: never raises", never_raises, any_text(), hard, max_examples)
    if "trigger" in wanted:
        _run(f"{head}: precheck soundness", precheck_sound, docs, hard, max_examples)
    if "idempotent" in wanted:
        _run(f"{head}: idempotence", idempotent, docs, hard, max_examples)
    if "edits" in wanted:
        _run(f"{head}: edits", edits_rebuild, docs, hard, max_examples)
    if "no_harm" in wanted:
        _run(f"{head}: no harm to clean prose", no_harm, prose, (), max_examples)


# -- pipelines ------------------------------------------------------------------------------

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_pipeline(
    pipeline: Pipeline,
    *,
    stages: bool = True,
    controls: bool | None = None,
    prose: st.SearchStrategy[str] | None = None,
    inputs: st.SearchStrategy[str] | None = None,
    examples: Iterable[str] = (),
    max_examples: int | None = None,
) -> None:
    """Run the contract on a whole pipeline; raise :class:`ContractError` on a violation.

    ``clean`` never raises, is idempotent, gives the same text on the fast path
    and in reference mode, leaves clean prose unchanged, and its edits replayed
    on the input rebuild the output. With ``controls`` (the default when the
    pipeline has ``control_chars``), no C0/C1 control other than newline and tab
    survives. With ``stages``, :func:`check_stage` runs on every stage too.
    """
    head = f"check_pipeline({pipeline!r})"
    if controls is None:
        controls = "control_chars" in pipeline.names
    reference = pipeline.with_reference()
    docs = _doc_inputs(inputs)
    prose_strategy = prose if prose is not None else clean_prose()
    hard = (*examples, *HARD_LINES)

    def run(text: str) -> str:
        out = _call("clean", lambda: pipeline.clean(text), text)
        assert isinstance(out, str)
        return out

    def never_raises(text: str) -> None:
        out = run(text)
        if controls and (m := _CONTROL_RE.search(out)):
            raise _Violation(
                f"control character U+{ord(m.group()):04X} survives\n"
                f"  input:  {_show(text)}\n  output: {_show(out)}"
            )

    def idempotent(text: str) -> None:
        once = run(text)
        twice = run(once)
        if twice != once:
            raise _Violation(
                "clean is not idempotent\n"
                f"  input:       {_show(text)}\n  clean(x):    {_show(once)}\n"
                f"  clean twice: {_show(twice)}\n  edits of the second run:\n    "
                + "\n    ".join(str(e) for e in pipeline.explain(once).edits)
            )

    def fast_is_reference(text: str) -> None:
        fast = run(text)
        slow = _call("clean (reference mode)", lambda: reference.clean(text), text)
        if fast != slow:
            raise _Violation(
                "the fast path and reference mode disagree (a trigger or precheck misses)\n"
                f"  input:     {_show(text)}\n  fast path: {_show(fast)}\n  reference: {_show(slow)}"
            )

    def edits_rebuild(text: str) -> None:
        result = _call("explain", lambda: pipeline.explain(text), text)
        try:
            replayed = apply_edits(text, result.edits)
        except Exception as exc:
            raise _Violation(f"an edit does not apply ({exc})\n  input: {_show(text)}") from exc
        if replayed != result.text:
            raise _Violation(
                "the edits do not rebuild the output\n"
                f"  input:    {_show(text)}\n  output:   {_show(result.text)}\n"
                f"  replayed: {_show(replayed)}"
            )
        if result.text != run(text):
            raise _Violation(f"explain and clean disagree\n  input: {_show(text)}")

    def no_harm(text: str) -> None:
        out = run(text)
        if out != text:
            raise _Violation(
                "clean changes clean prose\n"
                f"  input:  {_show(text)}\n  output: {_show(out)}\n  edits:\n    "
                + "\n    ".join(str(e) for e in pipeline.explain(text).edits)
            )

    _run(f"{head}: never raises", never_raises, st.one_of(any_text(), docs), hard, max_examples)
    _run(f"{head}: idempotence", idempotent, docs, hard, max_examples)
    _run(f"{head}: fast path == reference", fast_is_reference, docs, hard, max_examples)
    _run(f"{head}: edits rebuild the output", edits_rebuild, docs, hard, max_examples)
    _run(f"{head}: no harm to clean prose", no_harm, prose_strategy, (), max_examples)
    if stages:
        for stage in pipeline.stages:
            check_stage(stage, prose=prose, inputs=inputs, examples=examples, max_examples=max_examples)

