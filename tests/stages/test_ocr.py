"""OCR stages: noise lines, running headers, hyphenation, unwrap, confusions, spacing."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textmend import Pipeline, facts, registry
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
    order = [ocr.index(n) for n in ("html_entities", "mojibake", "control_chars", "ocr_noise",
                                    "running_headers", "letter_spacing", "whitespace",
                                    "ocr_hyphenation", "unwrap", "ocr_confusions")]
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


# Lines of fresh Tesseract pages of Alice's Adventures in Wonderland (rendered and read
# like the development set, benchmarks/ocr; not part of it).
def test_a_refrain_inside_a_page_is_no_running_header() -> None:
    page = ("\u2018Speak roughly to your little boy,\nAnd beat him when he sneezes:\n\nCHORUS.\n"
            "(In which the cook and the baby joined ):\u2014\n\n\u201cWow! wow! wow!\u2019\n\n"
            + BODY + "\n\nCHORUS.\n\n\u201cWow! wow! wow!\u2019\n\n" + BODY + "\n")
    text = "PIG AND PEPPER\n\n" + page + "\n\u2014 128 \u2014\n\fPIG AND PEPPER\n\n" + BODY + "\n"
    out = doc(RunningHeaders(), text)
    assert out.count("CHORUS.") == 2 and "PIG AND PEPPER" not in out


def test_a_chapter_title_under_its_label_stays() -> None:
    text = _pages(
        f"ALICE'S ADVENTURES IN WONDERLAND \u2014 150 \u2014\n\n{BODY}\n\nCHAPTER X\n\n"
        f"The Lobster Quadrille\n\n{BODY}\n",
        f"The Lobster Quadrille\n\n{BODY}\n\n\u2014 151 \u2014\n",
        f"ALICE'S ADVENTURES IN WONDERLAND\n\n{BODY}\n\n\u2014 152 \u2014\n",
        f"The Lobster Quadrille\n\n{BODY}\n\n\u2014 153 \u2014\n",
    )
    out = doc(RunningHeaders(), text)
    assert out.count("The Lobster Quadrille") == 1 and "CHAPTER X" in out
    assert "ALICE'S" not in out


def test_a_bare_title_opening_the_text_is_a_heading_where_headers_carry_numbers() -> None:
    # alice-13-scan: the chapter title opens the document; the running headers print
    # their page numbers on the same line.
    text = _pages(f"A Mad Tea-Party\n\n{BODY}\n\n(269)\n",
                  f"(270) Lewis Carroll\n\n{BODY}\n",
                  f"A Mad Tea-Party (271)\n\n{BODY}\n",
                  f"(272) Lewis Carroll\n\n{BODY}\n")
    out = doc(RunningHeaders(), text)
    assert out.startswith("A Mad Tea-Party\n") and out.count("Tea-Party") == 1
    assert "Lewis Carroll" not in out and "(271)" not in out
    # With its number set apart beside it, the same line is a running header.
    numbered = text.replace("A Mad Tea-Party\n\n", "A Mad Tea-Party\n- 268 -\n\n", 1)
    assert "Tea-Party" not in doc(RunningHeaders(), numbered)


def test_titles_that_ask_or_use_from_are_running_headers() -> None:
    text = _pages(f"- 164 - WHO STOLE THE TARTS?\n\n{BODY}\n",
                  f"WHO STOLE THE TARTS? - 165 -\n\n{BODY}\n",
                  f"Advice from a Caterpillar \u2014 57 \u2014\n\n{BODY}\n",
                  f"Advice from a Caterpillar\n\n{BODY}\n\n\u2014 58 \u2014\n")
    out = doc(RunningHeaders(), text)
    assert "TARTS" not in out and "Caterpillar" not in out


def test_a_header_whose_copy_lost_a_space_is_still_a_header() -> None:
    text = _pages(f"ALICE'S ADVENTURES IN WONDERLAND\n\n{BODY}\n",
                  f"{BODY}\n\n\u2014 40 \u2014\n",
                  f"ALICE'S ADVENTURES INWONDERLAND\n\n{BODY}\n")
    assert "ADVENTURES" not in doc(RunningHeaders(), text)


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


def _book(first: str, counts: list[int], tops: list[str]) -> str:
    """Pages of ``counts`` body lines; page k starts with ``tops[k]`` (page 1 with ``first``)."""
    pages = []
    for k, n in enumerate(counts):
        body = "\n".join(f"Line {j} of page {k} and the sentence goes on and" for j in range(n)) + "."
        head = first if k == 0 else tops[k]
        pages.append(f"{head}\n\n{body}\n\n- {200 + k} -\n")
    return _pages(*pages)


def test_chapter_label_atop_a_full_first_page_is_a_running_header() -> None:
    # pp-08-scan, pp-14-clean: "Chapter 6" heads every page, the first page included,
    # and the first page is as full as the others: no chapter opens there.
    text = _book("Chapter 6", [34, 34, 34], ["", "Chapter 6", "Chapter 6"])
    out = doc(RunningHeaders(), text)
    assert "Chapter 6" not in out


def test_chapter_label_atop_a_chapter_end_is_a_running_header() -> None:
    # persuasion-04-clean, pp-18-scan: a short first page, and the next page opens
    # another chapter: the first page ended chapter 2.
    text = _book("CHAPTER 2", [6, 30, 38], ["", "CHAPTER 3", "CHAPTER 3"])
    out = doc(RunningHeaders(), text)
    assert "CHAPTER 2" not in out and out.count("CHAPTER 3") == 1


def test_chapter_opening_with_a_drop_keeps_its_heading() -> None:
    # pp-00-clean, persuasion-00-clean: the first page opens the chapter lower down.
    text = _book("Chapter 1", [30, 38, 38], ["", "Chapter 1", "Chapter 1"])
    out = doc(RunningHeaders(), text)
    assert out.count("Chapter 1") == 1 and out.startswith("Chapter 1\n")


def test_heading_with_a_number_far_from_the_page_numbers_stays() -> None:
    # persuasion-14-clean: "CHAPEER 8" (CHAPTER 8 misread) on page 200 is no page header.
    text = _book("CHAPEER 8", [30, 38, 38], ["", "Persuasion", "Persuasion"])
    out = doc(RunningHeaders(), text)
    assert out.startswith("CHAPEER 8\n")


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
    # past a blank line or a speck on a poor scan (pp-12-poor, devil-06-poor)
    ("the night in her sister's room. and in the morn-\n\ning had the pleasure of",
     "the night in her sister's room. and in the morning\nhad the pleasure of"),
    ("A place of retirement for woman who wish for leis-\n\n\u201cure to meditate upon the vice",
     "A place of retirement for woman who wish for leisure\nto meditate upon the vice"),
    ("A specialist who knows everything about some-\n. thing and nothing about anything",
     "A specialist who knows everything about something\nand nothing about anything"),
    ("a man well-\n\nknown to all", None),  # no word: a compound, left for unwrap
    ("pre-\n\nand post-war", None),
    ("the fol-\n\nThe next paragraph", None),  # a capital: a new paragraph
    ("see the -\n\n. list", None),
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
    # the pronoun alone before a verb (persuasion-12-poor, persuasion-05-poor)
    ("than you are: If | were to shut myself up for ever with the child, 1",
     "than you are: If I were to shut myself up for ever with the child, 1"),
    ("seen him a hundred times; came to consult me once, | remember, about a tres-",
     "seen him a hundred times; came to consult me once, I remember, about a tres-"),
    ("\u201cT have no conception whom you can mean, Shepherd;",
     "\u201cI have no conception whom you can mean, Shepherd;"),
    # a bar or a letter that means what it says (CPython operator.py, diffutils NEWS,
    # As You Like It's cast list, /etc/protocols)
    ('    "Same as a | b."', None),
    ("      constant or a single letter interpreted as above.  T and E are", None),
    ("\t|  lords attending on the banished duke.", None),
    ("rohc\t142\tROHC\t\t# Robust Header Compression", None),
    # a rare word is no misreading of a common one (a news article of the benchmark corpus)
    ("If it eases its blockade of towns in the West Bank, then Yasser Arafat will have", None),
]


def test_bars_opening_lines_in_a_row_are_a_quoted_blocks_margin() -> None:
    # The Devil's Dictionary (Project Gutenberg e-text, public domain) marks quotations
    # with a bar; one "| have" in OCR output is the pronoun.
    quoted = (
        "| When, in the course of human events, it becomes necessary for one\n"
        "| people to abridge their king, a decent respect for the opinions of\n"
        "| mean his client.  The President, if he approves it, begins to\n"
    )
    assert doc(OcrConfusions(), quoted) == quoted
    assert doc(OcrConfusions(), "It was late.\n| have heard you.\n") == "It was late.\nI have heard you.\n"


@pytest.mark.parametrize(("text", "expected"), CONFUSIONS)
def test_confusions(text: str, expected: str | None) -> None:
    assert OcrConfusions().fix_line(text) == (text if expected is None else expected)


# Lines of the tune pairs (benchmarks/ocr/pairs, RESULTS.md's tune split) and of the clean
# corpus (benchmarks/data/clean) that must stay.
WORD_REPAIRS = [
    # specks read as tokens (pp-12-poor, persuasion-12-poor, devil-06-poor)
    ("worse than she expecied. : ais : :", "worse than she expecied. ais"),
    ("will not hear of her removal.\u201d : : : :", "will not hear of her removal.\u201d"),
    ("I am afraid is pitiful.\u201d ; :", "I am afraid is pitiful.\u201d"),
    (": CONNOISSEUR, n. A specialist who knows everything about",
     "CONNOISSEUR, n. A specialist who knows everything about"),
    ("tone of great. exultation\u2014 : :", "tone of great. exultation\u2014"),
    # the pronoun glued to its verb (persuasion-04-clean, devil-00-clean, pp-02-poor)
    ("it. Iam not particularly disposed to favour a tenant. The park would be open to him",
     "it. I am not particularly disposed to favour a tenant. The park would be open to him"),
    ('"So Iam, so Iam,\u201d said the scapegrace caught --',
     '"So I am, so I am,\u201d said the scapegrace caught --'),
    ("But I knew Lshould persuade you at last. I was sure",
     "But I knew I should persuade you at last. I was sure"),
    ("Lshould persuade you at last.", "I should persuade you at last."),
    ("\u2018but Ido not know", "\u2018but I do not know"),
    # two words fused by a speck (persuasion-06-scan, persuasion-08-scan, persuasion-12-poor)
    ("still. Such confidence, powerful in its.own warmth, and bewitch-",
     "still. Such confidence, powerful in its own warmth, and bewitch-"),
    ("who.not long afterwards found a more willing mind in her",
     "who not long afterwards found a more willing mind in her"),
    ("time. Then, forgetting to think of.it, she was at the",
     "time. Then, forgetting to think of it, she was at the"),
    ("I should not:go, you may be sure", "I should not go, you may be sure"),
    # a full stop after a word no sentence ends with, and "I" glued to "often" (pp-12-poor)
    ("Toften tell my. other girls they are nothing to her. You have a sweet roonr here, -",
     "I often tell my other girls they are nothing to her. You have a sweet roonr here, -"),
    # a lone quote mark read from a speck
    ("ENVY, n. \u2018 Emulation adapted to the meanest capacity",
     "ENVY, n. Emulation adapted to the meanest capacity"),
    # a space read as a hyphen, a colon, a full stop or an apostrophe (persuasion-04-poor,
    # persuasion-06-scan, devil-06-poor, pp-08-scan, devil-10-poor)
    ("natural; and if the child had not called-her to come and do something for",
     "natural; and if the child had not called her to come and do something for"),
    ("tion, as she-could not recover from, till enabled by the entrance of Mary",
     "tion, as she could not recover from, till enabled by the entrance of Mary"),
    ("ity in war. Having in mind the-former, the reverend Father Gassalasca",
     "ity in war. Having in mind the former, the reverend Father Gassalasca"),
    ("had even condescended to advise him to marry:as soon.as he could, provided",
     "had even condescended to advise him to marry as soon as he could, provided"),
    ("to call it \u201centuzy-muzy,\u201d had'a relapse, which carried him",
     "to call it \u201centuzy-muzy,\u201d had a relapse, which carried him"),
    # a full stop read from a speck between two lower-case words (persuasion-16-scan, pp-12-poor)
    ("must have spoken of her; she was hardly. aware of it, till she",
     "must have spoken of her; she was hardly aware of it, till she"),
    ("Mr. Jones says we must. not think of moving her. We must trespass a little",
     "Mr. Jones says we must not think of moving her. We must trespass a little"),
]

WORD_NO_OPS = [
    "The ratio was 3 : 1 and the time 10 : 30.",  # numbers beside the sign
    "    : 'linux';",  # code/js/js_glob_glob.js
    "                             cur_len : int, width : int)",  # code/python/py_textwrap.py
    '                , "baz" : path',  # markdown/md_npm_nopt_README_md.md
    "( (tarball entry mode value) ) ~ (umask)",
    "Tam and Lam were there, and Twas said so.",  # words (Tam, Lam): left alone
    "\t'Twill be a good way; and to-morrow the wrestling is.",  # literature/as_you_like_it_01
    "EPITAPH, n. An inscription ona tomb, showing that",  # no repair: "nota" may be Spanish
    "Hambre \u201cnota mesa\u201d.",  # found by the property tests
    "The caf\u00e9 and the r\u00e9sum\u00e9 of Ren\u00e9e and Jos\u00e9.",  # words and names
    "Autrement code cr\u00e9dit.",  # a French word (an accent is no OCR site)
    "if I did not fe\u00e9l",
    "Use self.name or os.path, see index.html and x1.org, e.g. this.",  # code, files, URLs
    "I said ok.it was late",  # "ok" is no function word of the list
    "key:value and time:10",
    ": ;",  # specks alone: ocr_noise's to judge
    "I know his. And her book",  # a capital follows
    "It is the end of the. Then we went",  # a capital follows
    "the dogs\u2019 bones and the cats\u2019 ones",
    # compounds and the kebab-case names of code keep their hyphens
    "To-day the so-called in-law, a passer-by, built a lean-to for the would-be star.",
    "a must-have for the she-wolf, a were-wolf or an I-beam; with-open and starts-with,",
    "index-of, yield-from, your-password, is-a and kind-of",
    # elisions and abbreviations
    "Ne'er o'er the ma'am at one o'clock; ha'penny",
    "He said the etc. and i.e. forms, vs. the rest, 12 in. long; ii. moral rights",
    "Use re.I and self.a and format.from here.",
]


@pytest.mark.parametrize(("text", "expected"), WORD_REPAIRS)
def test_word_repairs_from_real_ocr(text: str, expected: str) -> None:
    assert OcrConfusions().fix_line(text) == expected
    assert OcrConfusions().fix_line(expected) == expected


@pytest.mark.parametrize("text", WORD_NO_OPS)
def test_word_repairs_no_op(text: str) -> None:
    assert OcrConfusions().fix_line(text) == text


@pytest.mark.parametrize("line", [t for t, _ in WORD_REPAIRS] + WORD_NO_OPS + [t for t, _ in CONFUSIONS])
def test_fast_path_agrees_with_the_slow_one(line: str) -> None:
    # ``_unchanged`` may only say so of a line the token loop leaves as it is.
    stage = OcrConfusions()
    if stage._unchanged(line):
        assert stage.fix_line(line) == line


def test_an_opening_single_quote_nothing_closes_is_a_speck() -> None:
    # Lines of devil-06-poor, persuasion-18-scan, devil-04-scan and Persuasion's text, in a
    # text quoted with double quotes.
    quoted = "\u201cYes,\u201d she said. \u201cNo,\u201d he said. \u201cWhy?\u201d they asked.\n" * 4
    lines = (
        "the rites of primitive peoples. We have, to-day \u2018the White Cross as a\n"
        "Wentworth should do what he \u2018ought to have done himself. But neither\n"
    )
    kept = (
        "enemy?\u201d \u201cAh, \u2018tis true,\u201d replied the great Stoic; \u201cbut you\n"
        "but upon the marriage of the young \u2018squire, it had received the improvement of a\n"
        "He said \u2018go away\u2019 and left.\n"
    )
    out = doc(OcrConfusions(), quoted + lines + kept)
    assert out == quoted + lines.replace("\u2018", "") + kept
    # Where single quotes are the quotation marks, one may open a long quotation.
    british = "\u2018Yes,\u2019 she said. \u2018No,\u2019 he said.\n" + lines
    assert doc(OcrConfusions(), british) == british


def test_lower_case_sentence_starts_are_a_style_not_specks() -> None:
    # Two sentences in five or more opening in lower case: full stops stay.
    informal = "i went there. it was great. we ate. then we left. it rained.\n" * 3
    assert doc(OcrConfusions(), informal) == informal
    paragraphs = "we went there. it was great.\n\nthen we left. it rained.\n\nThe end.\n"
    assert doc(OcrConfusions(), paragraphs) == paragraphs
    edited = "She was hardly. aware of it. The rest went well. They left. Then it rained.\n" * 3
    assert doc(OcrConfusions(), edited) == edited.replace("hardly. aware", "hardly aware")


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
    OcrConfusions: (["tlie", "| have", "rnost", "l0ve", "its.own", "a : b", "my. other"],
                    ["xyz", "", "4242", "\u00e0 \u00f1", "Ask a"]),
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


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: str(p.relative_to(DATA)))
def test_clean_text_unchanged_by_ocr_profile(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert ocr_pipeline().clean(text) == text


def test_a_chapter_label_never_joins_a_paragraph() -> None:
    # alice-17-poor: "game." read as "game,", and the next page's label behind specks.
    text = ("come back with the Dutchess, it had entirely disappeared; so the King and the executioner ran\n"
            "wildly up and down looking for it, while the rest of the party went back to the game,\n"
            "_. CHAPTER IX\n")
    assert doc(Unwrap(), text).endswith("to the game,\n_. CHAPTER IX\n")


def test_a_speck_opening_a_line_does_not_hide_its_break() -> None:
    # pp-12-poor: "_" is a speck ocr_confusions removes; unwrap must join the first time.
    text = ("which she very early received from Mr. Bingley by a housemaid, and some\n"
            "_ time afterwards from the two elegant ladies who waited on his sisters. In spite\n")
    once = ocr_pipeline().clean(text)
    assert once == ("which she very early received from Mr. Bingley by a housemaid, and some "
                    "time afterwards from the two elegant ladies who waited on his sisters. In spite\n")
    assert ocr_pipeline().clean(once) == once


def test_a_speck_ending_a_line_does_not_end_its_paragraph() -> None:
    # alice-17-poor (the Alice set): " :" is a speck ocr_confusions removes.
    text = ("\u201cYou can't think how glad I am to see you again, you dear old thing!\u201d said the "
            "Duchess, as she :\ntucked her arm affectionately into Alice's, and they walked off together.\n")
    once = ocr_pipeline().clean(text)
    assert "as she tucked" in once
    assert ocr_pipeline().clean(once) == once


def test_program_wrapped_text_is_not_unwrapped() -> None:
    # Text filled to a width by a program (the CC0 licence, 75 columns) keeps its breaks;
    # the same words as an OCR engine breaks them, within the width, are joined.
    text = (DATA / "clean" / "legal" / "license_CC0-1_0_01.txt").read_text(encoding="utf-8")
    assert facts.program_wrapped(text.splitlines())
    assert doc(Unwrap(), text) == text
    pages = sorted((DATA / "ocr").glob("*.ocr.txt"))
    assert pages and not any(
        facts.program_wrapped(p.read_text(encoding="utf-8").splitlines()) for p in pages)
    words = text.split("\n\n")[1].split()
    ragged = [" ".join(words[i:i + 9]) for i in range(0, len(words), 9)]
    assert not facts.program_wrapped(ragged)
    assert "\n" not in doc(Unwrap(), "\n".join(ragged) + "\n").strip()


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


BENCH_PAIRS = sorted((DATA.parents[1] / "benchmarks" / "ocr").glob("pairs*/*.ocr.txt"))


@pytest.mark.skipif(not BENCH_PAIRS, reason="benchmarks/ocr/pairs not in this checkout")
def test_ocr_profile_is_idempotent_on_every_development_pair() -> None:
    p = ocr_pipeline()
    again = []
    for path in BENCH_PAIRS:
        once = p.clean(path.read_text(encoding="utf-8"))
        if p.clean(once) != once:
            again.append(path.name)
    assert again == []


# --- the fast patterns against their reference forms ---------------------------------------

_PIECES = [
    "a", "b", "x1", "1", "9", " ", "  ", "\t", "(", ")", "'", '"', ";", ",", ".", ". ", "=", "==",
    "&&", "||", "{", "}", "[", "]", ":", "#", "# define", "import ", "def ", "return", "/", "*",
    "//", "\n", "l", "T", "|", "f()", "'\'\'", '"""', "\u00e9", "I", "i", "-", "the", "her", "to",
    "\u2019", "had", "0", "::", "~", "_", "\u2018", "he", "an", "could", "which", "abc", "  ],",
]
_OLD_SLOW_RE = re.compile(
    r"[A-Za-z][0-9]|(?<![0-9])[0-9][A-Za-z]|\||(?<!\S)" + ocr_words._SPECKS + r"(?!\S)"
    r"|[A-Za-z][.:][A-Za-z]|[a-z]\.\s+[a-z]|(?<!\S)[^\w\s]*[lT][^\w\s]*(?!\S)|"
    + ocr_words._SPACED_SITE_RE.pattern
)


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_fast_patterns_agree_with_their_reference_forms(line: str) -> None:
    w = ocr_words
    f = facts
    assert bool(f.CODE_LINE_RE.search(line)) == bool(
        f._CODE_LINE_START_RE.match(line) or f._CODE_LINE_ANY_RE.search(line))
    reference_code = re.search(r"[{}=<>\\]|\|\||&&|//|/\*|\w\(|^\s*#|\"\"\"|\'\'\'", line)
    assert bool(reference_code) == w._code_in_line(line)
    # The slow-line test may send more lines to the token loop, never fewer.
    if _OLD_SLOW_RE.search(line):
        assert (w._SLOW_LINE_RE.search(line) or w._SPECK_AT_RE.search(line)
                or w._spaced_site(line))


# --- the lexicon ---------------------------------------------------------------------------

def test_missing_wordfreq_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from textmend import lexicon

    monkeypatch.setattr(lexicon.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigError, match=r"pip install wordfreq"):
        OcrConfusions()


def test_unknown_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="language"):
        OcrConfusions(language="xx-nonexistent").fix_line("tlie")
