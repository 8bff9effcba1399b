"""OCR stages: noise lines, running headers, hyphenation, unwrap, confusions, spacing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from textmend import Pipeline, registry
from textmend.errors import ConfigError
from textmend.profiles import PROFILES
from textmend.stage import apply_edits
from textmend.stages import ocr_words
from textmend.stages.ocr import OcrNoiseLines, RunningHeaders
from textmend.stages.ocr_layout import OcrHyphenation, Unwrap
from textmend.stages.ocr_words import LetterSpacing, OcrConfusions, SplitWords

pytest.importorskip("wordfreq")

DATA = Path(__file__).resolve().parents[1] / "data"
OCR_STAGES = (
    "ocr_noise", "running_headers", "letter_spacing", "ocr_hyphenation", "unwrap",
    "ocr_confusions", "split_words",
)


def ocr_pipeline() -> Pipeline:
    """The ``ocr`` profile with the stages this checkout registers (others may be pending)."""
    known = registry.stage_classes()
    return Pipeline([n for n in PROFILES["ocr"] if n in known])


def doc(stage: object, text: str) -> str:
    return Pipeline([stage]).clean(text)  # type: ignore[list-item]


# --- the profile -------------------------------------------------------------------------

def test_ocr_profile_is_default_plus_ocr_stages() -> None:
    ocr = PROFILES["ocr"]
    assert [n for n in ocr if n not in OCR_STAGES and n != "ligatures"] == list(PROFILES["default"])
    assert "ligatures" in ocr
    order = [ocr.index(n) for n in ("running_headers", "control_chars", "letter_spacing",
                                    "whitespace", "ocr_hyphenation", "unwrap", "ocr_confusions")]
    assert order == sorted(order)


# --- noise lines ---------------------------------------------------------------------------

NOISE = [
    ("A line.\n' ., ~\nNext.", "A line.\nNext."),
    ("A line.\n:\n;\nNext.", "A line.\nNext."),
    ("A line.\n---\nNext.", None),  # a rule
    ("A line.\n...\nNext.", None),  # an ellipsis
    ("A line.\n* * *\nNext.", None),  # a dinkus
    ("A line.\n- 12 -\nNext.", None),  # a page number, not specks
    ("def f():\n    x = 1;\n;\n    return x\n}\n", None),  # code
]


@pytest.mark.parametrize(("text", "expected"), NOISE)
def test_noise_lines(text: str, expected: str | None) -> None:
    assert doc(OcrNoiseLines(), text) == (text if expected is None else expected)


# --- running headers -----------------------------------------------------------------------

BODY = "\n".join(f"Line {k} of the body of the page, a sentence going on and" for k in range(20))


def test_form_feed_pages_lose_headers_and_numbers() -> None:
    text = f"WALDEN\n\n{BODY}\n\n12\n\fWALDEN\n\n{BODY}\n\n13\n\f"
    out = doc(RunningHeaders(), text)
    assert "WALDEN" not in out and "\f" not in out
    assert "12" not in out.split("\n") and "13" not in out.split("\n")
    # the paragraph ran on across the break: no blank line where the page turned
    assert "going on and\nLine 0" in out


def test_page_numbers_without_form_feeds() -> None:
    text = f"Pride and Prejudice\n\n{BODY}\n\n- 136 -\nChapter 1\n\n{BODY}\n\n- 137 -\n"
    out = doc(RunningHeaders(), text)
    assert "- 136 -" not in out and "- 137 -" not in out
    assert "Chapter 1" not in out  # the paragraph runs on across it: a running header


def test_a_heading_after_a_paragraph_end_stays() -> None:
    text = f"{BODY}.\n\n- 136 -\nChapter 2\n\nIt began.\n\n- 137 -\n"
    assert "Chapter 2" in doc(RunningHeaders(), text)


def _pages(*pages: str) -> str:
    return "\f".join(pages)


# Real shapes from benchmarks/ocr/pairs (pp-10-clean, persuasion-10-clean, devil-06-poor).
PAGE = "\n".join(f"line {k} of the body of the page, a sentence going on and" for k in range(16))


def test_chapter_label_and_page_number_header_goes() -> None:
    # "Chapter 7 - 89 -" and "[271] CHAPTER 6": a chapter title beside its page number
    text = _pages(f"Chapter 7 - 89 -\n\n{PAGE}\n", f"- 90 - Chapter 7\n\n{PAGE}\n",
                  f"[271] CHAPTER 6\n\n{PAGE}\n")
    out = doc(RunningHeaders(), text)
    assert "89" not in out and "90" not in out and "271" not in out and "CHAPTER" not in out.upper()


def test_chapter_heading_printed_like_its_running_header_stays() -> None:
    # pp-18-scan: "Chapter 14" opens the chapter and heads the next page; "Chapter 13"
    # headed the pages before. The heading is the first copy of its own number.
    text = _pages(f"Chapter 13\n\n{PAGE}.\n\n\u2014 201 \u2014\n",
                  f"Chapter 14\n\nDuring dinner, {PAGE}\n\n\u2014 202 \u2014\n",
                  f"Chapter 14\n\n{PAGE}.\n\n\u2014 203 \u2014\n")
    out = doc(RunningHeaders(), text)
    assert out.count("Chapter 14") == 1 and "Chapter 14\n\nDuring dinner" in out


def test_garbled_page_numbers_and_speck_before_a_header_go() -> None:
    # devil-06-poor: "+ 296 ~" at a page foot, "\u2018Ambrose Bierce" at the next page's head
    text = _pages(f"Ambrose Bierce\n\n{PAGE}\n\n+ 296 ~\n",
                  f"\u2018Ambrose Bierce\n\n{PAGE}\n\n= 298 -\n",
                  f"\u2018Ambrose Bierce\n\n{PAGE}.\n")
    out = doc(RunningHeaders(), text)
    assert "Bierce" not in out and "296" not in out and "298" not in out


def test_header_title_without_its_number_goes() -> None:
    # devil-08-poor: "- 145 - Ambrose Bierce" on one page, "Ambrose Bierce" alone on another
    text = _pages(f"Ambrose Bierce\n\n{PAGE}\n", f"- 145 - Ambrose Bierce\n\n{PAGE}.\n")
    out = doc(RunningHeaders(), text)
    assert "Bierce" not in out


NO_PAGES = [
    # a chapter heading and a year: one number, no page number beside it
    _pages("CHAPTER 6\n\nIt was 1812.\n", "Chapter 7\n\nIn 1813 it was.\n").replace("\f", "\n\n"),
    "Chapter 12 - 89 - 3\n\nsome text\n",  # no page evidence: no form feed, no lone number
    "Chapter 12\n\nIt was 1912.\n\n12",
    "Tables:\n1\n2\n3\n",  # numbers in a list, no page layout
    "ROSALIND\n\nA speech.\n\nROSALIND\n\nAnother.\n",  # repeated, no page evidence
    "GNU GENERAL PUBLIC LICENSE\n\fSee https://fsf.org  for details.  Two spaces.  Typed.\n",
]


@pytest.mark.parametrize("text", NO_PAGES)
def test_running_headers_no_op(text: str) -> None:
    assert doc(RunningHeaders(), text) == text


# --- hyphenation ---------------------------------------------------------------------------

HYPHENATION = [
    ("the infor-\nmation was", "the information\nwas"),
    ("some-\nthing new", "something\nnew"),
    ("a fine for-\ntune; four", "a fine fortune;\nfour"),
    ("a well-\nknown man", None),  # a compound: unwrap joins it, hyphen kept
    ("Jean-\nPierre came", None),
    ("pre-\nand post-war", None),
    ("in 1914-\n1918 war", None),
    ("to-morrow, or to-\nmorrow", None),  # the document's own spelling
    ("a line -\nwith a dash", None),
]


@pytest.mark.parametrize(("text", "expected"), HYPHENATION)
def test_hyphenation(text: str, expected: str | None) -> None:
    assert doc(OcrHyphenation(), text) == (text if expected is None else expected)


def test_hyphenation_chains_are_idempotent() -> None:
    text = "the infor-\nmation, the know-\nledge and more"
    once = doc(OcrHyphenation(), text)
    assert once == "the information,\nthe knowledge\nand more"
    assert doc(OcrHyphenation(), once) == once


# --- unwrap --------------------------------------------------------------------------------

WRAPPED = (
    "Mr. Bennet was so odd a mixture of quick parts, sarcastic\n"
    "humour, reserve, and caprice, that the experience of\n"
    "three-and-twenty years had been insufficient to make his wife\n"
    "understand his character. Her mind was less difficult to develop.\n"
    "\n"
    "\u201cI see no occasion for that.\u201d\n"
)

UNWRAP = [
    (WRAPPED,
     "Mr. Bennet was so odd a mixture of quick parts, sarcastic humour, reserve, and caprice, "
     "that the experience of three-and-twenty years had been insufficient to make his wife "
     "understand his character. Her mind was less difficult to develop.\n\n"
     "\u201cI see no occasion for that.\u201d\n"),
    ("a long line that ends with a compound well-\nknown to everybody in the whole of the land\n"
     "and another line",
     "a long line that ends with a compound well-known to everybody in the whole of the land "
     "and another line"),
    # one paragraph per line
    ("It was late.\nThe sun had set and the night was cold.\nShe went home.\n", None),
    # a list
    ("Things to bring along on the trip to the mountains:\n- warm socks and\n- a hat\n", None),
    # verse
    ("I will make the true poem of riches,\nTo earn for the body and the mind whatever\n"
     "And I will show of male and female\n", None),
    # Markdown
    ("# Title\n\nSome text that is wrapped at a width of about\nsixty characters, as people do.\n",
     None),
    # typed text: two spaces after full stops
    ("A licence.  It is wrapped at a width of about seventy characters and\n"
     "goes on.  And on.  And on.\n", None),
    # tables and code
    ("name     value     unit\nwidth    12        cm\nand so   on        more\n", None),
]


@pytest.mark.parametrize(("text", "expected"), UNWRAP)
def test_unwrap(text: str, expected: str | None) -> None:
    assert doc(Unwrap(), text) == (text if expected is None else expected)


def test_unwrap_precheck_is_sound() -> None:
    for text, expected in UNWRAP:
        if not Unwrap().precheck(text):
            assert expected is None


# --- confusions ----------------------------------------------------------------------------

CONFUSIONS = [
    ("tlie rnost irnportant part", "the most important part"),
    ("| have heard you", "I have heard you"),
    ("\u201cTt will be no use", "\u201cIt will be no use"),
    ("\u201cT hope so,\u201d she said", "\u201cI hope so,\u201d she said"),
    ("of tbat. Wliich", "of that. Which"),
    ("l0ve", "love"),
    # left alone
    ("The modem works.", None),  # a word
    ("met Mr. Harnett and Mr. T there", None),  # names
    ("at 10am on the 1st and 5th", None),  # numbers
    ("see x1.org/rn or user@rn.com", None),  # URLs, e-mail
    ("NASA and RNA and BBC", None),  # capitals
    ("x = a | b;  y = c || d", None),  # code
    ("| object | dict |", None),  # a table
    ("['|', '%7C']", None),
    ("An arid plain", None),
]


@pytest.mark.parametrize(("text", "expected"), CONFUSIONS)
def test_confusions(text: str, expected: str | None) -> None:
    assert OcrConfusions().fix_line(text) == (text if expected is None else expected)


# Through a pipeline, where ``for_document`` measures how English the document is.
CONFUSIONS_IN_DOCUMENTS = [
    ("It was tlie rnost irnportant part of the day, as I said.",
     "It was the most important part of the day, as I said."),
    ("Ben de bence \u00f6yle d\u00fc\u015f\u00fcn\u00fcyorum.", None),  # Turkish: not English
    ("Petrol atan bence.", None),
    # an English document with a line in Indonesian (udhr_ind): the line is left alone
    ("The text was read by tlie machine, and the pages were set in type again by hand\n"
     "Setiap orang berhak atas semua hak dan kebebasan yang tercantum dari pernyataan ini.",
     "The text was read by the machine, and the pages were set in type again by hand\n"
     "Setiap orang berhak atas semua hak dan kebebasan yang tercantum dari pernyataan ini."),
]


@pytest.mark.parametrize(("text", "expected"), CONFUSIONS_IN_DOCUMENTS)
def test_confusions_only_in_english(text: str, expected: str | None) -> None:
    assert doc(OcrConfusions(), text) == (text if expected is None else expected)


# --- letter spacing and split words --------------------------------------------------------

SPACING = [
    ("T h i s  i s  s p a c e d", "This is spaced"),
    ("C H A P T E R  I I I", "CHAPTER III"),
    ("T h i s i s s p a c e d", "This is spaced"),
    ("Options a b c d e, or x y z w v.", None),
    ("the genes A T G C A T", None),
    ("I a m here", None),  # too short to be sure
]


@pytest.mark.parametrize(("text", "expected"), SPACING)
def test_letter_spacing(text: str, expected: str | None) -> None:
    assert LetterSpacing().fix_line(text) == (text if expected is None else expected)


SPLIT = [
    ("the informa tion was", "the information was"),
    ("an arid plain", None),
    ("a woodchopper's axe", None),
    ("in to the house", None),  # halves are words
]


@pytest.mark.parametrize(("text", "expected"), SPLIT)
def test_split_words(text: str, expected: str | None) -> None:
    assert SplitWords().fix_line(text) == (text if expected is None else expected)


# --- triggers ------------------------------------------------------------------------------

TRIGGERS = {
    OcrConfusions: (["tlie", "| have", "rnost", "l0ve"], ["xyz", "", "4242", "\u00e9t\u00e9"]),
    LetterSpacing: (["T h i s  i s", "a b c d e"], ["a b c", "This is fine", ""]),
    SplitWords: (["informa tion"], ["a b", "Informa", "", "x1 y2"]),
}


@pytest.mark.parametrize("cls", list(TRIGGERS))
def test_triggers(cls: type) -> None:
    matches, non_matches = TRIGGERS[cls]
    for s in matches:
        assert cls.trigger.search(s), s
    for s in non_matches:
        assert not cls.trigger.search(s), s
        assert cls().fix_line(s) == s


@pytest.mark.parametrize("cls", [OcrConfusions, LetterSpacing, SplitWords])
@pytest.mark.parametrize(
    "line", ["", "\ud800 tlie", "\x00\x1b rn", "a\u0301b c d e f", "|" * 50, "I" * 200]
)
def test_line_stages_never_raise(cls: type, line: str) -> None:
    out = cls().fix_line(line)
    assert "\n" not in out
    assert cls().fix_line(out) == out


# --- linear time ---------------------------------------------------------------------------

ADVERSARIAL = [
    "a " * 200_000,
    "rn" * 200_000,
    ("word-\n" * 50_000),
    ("short line\n" * 50_000),
    ("12\n\n" * 20_000),
    ("|\n" * 50_000),
]


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_linear_time(text: str) -> None:
    p = ocr_pipeline()
    start = time.perf_counter()
    p.clean(text)
    assert time.perf_counter() - start < 20


# --- real data -----------------------------------------------------------------------------

CLEAN = sorted(p for p in (DATA / "clean").rglob("*") if p.is_file()
               and p.name not in ("SOURCES.md", "manifest.jsonl")) if (DATA / "clean").is_dir() else []


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: str(p.relative_to(DATA)))
def test_clean_text_unchanged_by_ocr_stages(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert Pipeline(list(OCR_STAGES)).clean(text) == text


OCR_PAIRS = sorted((DATA / "ocr").glob("*.ocr.txt")) if (DATA / "ocr").is_dir() else []


@pytest.mark.skipif(not OCR_PAIRS, reason="no OCR pairs in tests/data/ocr yet")
@pytest.mark.parametrize("path", OCR_PAIRS, ids=lambda p: p.name)
def test_real_ocr_pairs_get_closer_to_truth(path: Path) -> None:
    from rapidfuzz.distance import Levenshtein

    raw = path.read_text(encoding="utf-8")
    truth = Path(str(path).replace(".ocr.txt", ".truth.txt")).read_text(encoding="utf-8")
    p = ocr_pipeline()
    result = p.explain(raw)
    assert Levenshtein.distance(result.text.strip(), truth.strip()) <= Levenshtein.distance(
        raw.strip(), truth.strip())
    assert apply_edits(raw, result.edits) == result.text
    assert p.clean(result.text) == result.text


# --- the lexicon ---------------------------------------------------------------------------

def test_missing_wordfreq_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_words.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigError, match=r"pip install 'textmend\[ocr\]'"):
        OcrConfusions()


def test_unknown_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="language"):
        OcrConfusions(language="xx-nonexistent").fix_line("tlie")
