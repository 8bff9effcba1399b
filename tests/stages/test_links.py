"""link_residue and the fact it asks (Facts.converted: a web page converted to Markdown)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.datasets import clean_documents
from textmend import Pipeline, apply_edits
from textmend.facts import Facts, converted_page, is_markdown
from textmend.stages.links import LinkResidue

ROOT = Path(__file__).resolve().parent.parent.parent
STAGE = Pipeline(["link_residue"])

# -- repairs: pages converted by html2text and markdownify --------------------------------

# html2text (body_width 0): a menu before the article, prose links, an image.
HTML2TEXT_PAGE = """\
  * [Home](https://news.example.com/)
  * [World](https://news.example.com/world/)
  * [Sport](https://news.example.com/sport/)

### Council approves budget

![The council chamber](https://cdn.example.com/img/chamber.jpg)

The [city council](https://news.example.com/tag/council/) approved the budget on Monday.

Officials said the vote was close."""

HTML2TEXT_CLEAN = """\
### Council approves budget

The city council approved the budget on Monday.

Officials said the vote was close."""

# html2text with reference links: "[text][n]" and the definitions at the end.
REFLINKS_PAGE = """\
  * [Reviews][1]
  * [Gear][2]

Lyft has [extended][3] its scooter program through May.

   [1]: https://www.example.com/reviews/
   [2]: https://www.example.com/gear/
   [3]: https://www.lyft.com/blog/posts/scooter-program"""

# html2text at 78 columns: a link's text and its URL broken across lines.
WRAPPED_PAGE = """\
Image credits: [IKEA](http://www.ikea.com/us/en/catalog/products/00278578/); [Brynne
Delerson](http://www.thegatheredhome.com/2014/11/diy-ikea-hack-cream-and-
black-club.html); Soffia Gardarsdottir."""

WRAPPED_CLEAN = """\
Image credits: IKEA; Brynne
Delerson; Soffia Gardarsdottir."""

# markdownify: titles that repeat the link text, an image inside a link, a link-only
# paragraph.
MARKDOWNIFY_PAGE = """\
For matrices with symmetry over the [real number](/wiki/Real_number "real number") field, \
see [symmetric matrix](/wiki/Symmetric_matrix "Symmetric matrix").

[![Screenshot](//cdn.example.org/webide.jpg)](https://www.youtube.com/watch?v=1R9)

[Learn more about WebIDE](https://developer.example.org/docs/WebIDE)

If the transpose of a matrix ![A](https://wikimedia.org/render/svg/7daff4) is denoted by \
![A^H](https://wikimedia.org/render/svg/d9415), then it is Hermitian."""

MARKDOWNIFY_CLEAN = """\
For matrices with symmetry over the real number field, see symmetric matrix.

If the transpose of a matrix is denoted by , then it is Hermitian."""

REPAIRS = [
    (HTML2TEXT_PAGE, HTML2TEXT_CLEAN),
    (REFLINKS_PAGE, "Lyft has extended its scooter program through May."),
    (WRAPPED_PAGE, WRAPPED_CLEAN),
    (MARKDOWNIFY_PAGE, MARKDOWNIFY_CLEAN),
    # A data-URI placeholder image and an empty share link.
    (
        "Drug formula regenerates brain cells ![](data:image/gif;base64,R0lGODlhAQABAIAAAP8=)\n\n"
        "[](https://twitter.com/intent/tweet?url=x) Researchers said on Tuesday.",
        "Drug formula regenerates brain cells\n\nResearchers said on Tuesday.",
    ),
    # A heading of nothing but a link, in a converted page.
    (
        "## [Related: the budget vote](https://news.example.com/budget)\n\n"
        "The vote is on Monday. ![](data:image/png;base64,iVBO=)",
        "The vote is on Monday.",
    ),
    # A menu closing the document after a block of text.
    (
        "The vote is on Monday.\n\n* [About us](/about/)\n* [Contact](/contact/)\n"
        "* [Jobs](https://careers.example.com/)\n",
        "The vote is on Monday.\n",
    ),
    # Scraped plain text (no Markdown structure): a link in prose keeps its text.
    (
        "Officials said [the report](https://example.com/r) was late.\n\nMore follows.",
        "Officials said the report was late.\n\nMore follows.",
    ),
    (
        "Read the ![photo](https://example.com/a.jpg) caption below.",
        "Read the caption below.",
    ),
    # A list item keeps its marker and its text.
    (
        "  * [Nav](/nav)\n  * [More](/more)\n  * [Last](/last)\n\n"
        "  * We fixed [Bug 1553982](https://bugzilla.example.org/1553982), the restart.\n",
        "  * We fixed Bug 1553982, the restart.\n",
    ),
]

# -- no-ops ---------------------------------------------------------------------------------

README = """\
# widget

[![Build](https://github.com/o/widget/workflows/CI/badge.svg)](https://github.com/o/widget/actions)

Widget draws [charts](https://widget.example.org/charts) in the terminal.

## Contents

- [Install](#install)
- [Usage](#usage)

## Install

```sh
pip install widget
```

See [the docs][docs] and [CONTRIBUTING](CONTRIBUTING.md).

## See also

* [npm adduser](/commands/npm-adduser)
* [npm registry](/using-npm/registry)
* [npm config](/commands/npm-config)

[docs]: https://widget.example.org/
"""

NO_OPS = [
    README,
    # Node.js API docs style: named reference definitions.
    "# os\n\n* `os.EOL` {string}\n* `os.arch()`: see [`process.arch`][].\n* [`os.cpus()`][]\n\n"
    "[`process.arch`]: process.md#processarch\n[`os.cpus()`]: #oscpus\n",
    # Plain text: brackets that are not links.
    "The couple have been dating for a year [Splash].",
    "See footnote [1] and the figure [a](b) in the margin.",
    "x = arr[i](y) + f[0](z)",
    "JSON (JavaScript Object Notation) <https://json.org> is a subset of JavaScript.",
    "[1]: Smith, J. (2003). A history.\n[2]: Jones, K. (2005). Another.",
    # A code span and fenced code keep their link syntax, also in a converted page.
    "Write `[text](https://example.com)` for a link.",
    "# Links\n\n- one\n- two\n- three\n\n```\n[text](https://example.com)\n```\n",
    "",
]


@pytest.mark.parametrize(("text_in", "text_out"), REPAIRS)
def test_link_residue_repairs(text_in: str, text_out: str) -> None:
    assert STAGE.clean(text_in) == text_out
    assert STAGE.clean(text_out) == text_out  # idempotent
    result = STAGE.explain(text_in)
    assert apply_edits(text_in, result.edits) == text_out


@pytest.mark.parametrize("text", NO_OPS)
def test_link_residue_no_ops(text: str) -> None:
    assert STAGE.clean(text) == text
    assert Pipeline("default").clean(text) == text


def test_code_in_a_converted_page_keeps_its_links() -> None:
    page = (
        "  * [Home](/)\n  * [News](/news/)\n  * [Sport](/sport/)\n\n"
        "Use `[x](https://a.example)` in text:\n\n```\n[x](https://a.example)\n```\n"
    )
    assert converted_page(page)
    assert STAGE.clean(page) == "Use `[x](https://a.example)` in text:\n\n```\n[x](https://a.example)\n```\n"


def test_rules_name_what_was_removed() -> None:
    rules = {e.rule for e in STAGE.explain(HTML2TEXT_PAGE).edits}
    assert rules == {"link_only", "image", "link"}
    rules = {e.rule for e in STAGE.explain(REFLINKS_PAGE).edits}
    assert rules == {"link_only", "reference_link", "reference_definition"}


def test_options() -> None:
    assert Pipeline([LinkResidue(markdown="keep")]).clean(HTML2TEXT_PAGE) == HTML2TEXT_PAGE
    assert "](" not in Pipeline([LinkResidue(markdown="strip")]).clean(README.split("```")[0])
    assert not LinkResidue().precheck("No links here [1] or <b>.")
    assert LinkResidue().precheck(HTML2TEXT_PAGE)


# -- the fact: a converted page or Markdown written by hand ----------------------------------

CONVERTED = [
    HTML2TEXT_PAGE,  # a menu before the first heading
    REFLINKS_PAGE,  # numbered reference definitions
    WRAPPED_PAGE,  # a URL broken across lines
    MARKDOWNIFY_PAGE,  # a title repeating the link text
    "# Title\n\n- a\n- b\n- c\n\nText ![](data:image/png;base64,iVBO=) here.",  # a data-URI image
    "# Title\n\n- a\n- b\n- c\n\n[](https://example.com/share) Text.",  # an empty link
    # A menu closing the document right after text, with headings and lists above.
    "# Title\n\n- a\n- b\n- c\n\nThe end.\n\n- [About](/about)\n- [Jobs](/jobs)\n- [Help](/help)",
]

AUTHORED = [
    README,
    # A list of links under a heading, or introduced by a line ending in a colon.
    "# Title\n\n- a\n- b\n- c\n\n## Links\n\n- [About](/about)\n- [Jobs](/jobs)\n- [Help](/help)",
    "# Title\n\n- a\n- b\n- c\n\nMaintainers:\n\n- [Ann](https://github.com/ann)\n"
    "- [Bo](https://github.com/bo)\n- [Cy](https://github.com/cy)",
    # A table of contents of the document's own sections, badges first.
    "[![CI](https://ci.example/b.svg)](https://ci.example/)\n\n- [Install](#install)\n"
    "- [Usage](#usage)\n- [API](#api)\n\n# Install\n\nRun it.",
    # A chunk of an author's list of links: the named reference definition tells.
    "- [Docs](https://x.example/docs)\n- [PyPI](https://pypi.org/x)\n- [Code](https://github.com/x)\n\n"
    "## Usage\n\n- a\n- b\n- c\n\n[x]: https://x.example",
]


@pytest.mark.parametrize("text", CONVERTED)
def test_converted_pages_are_not_markdown_by_hand(text: str) -> None:
    assert converted_page(text)
    assert not Facts(text).handwritten_markdown


@pytest.mark.parametrize("text", AUTHORED)
def test_markdown_by_hand_is_not_a_converted_page(text: str) -> None:
    assert is_markdown(text)
    assert not converted_page(text)
    assert Facts(text).handwritten_markdown
    assert STAGE.clean(text) == text


MARKDOWN_FILES = sorted(
    [(n, t) for n, t in clean_documents() if n.startswith("markdown/")]
    + [
        (p.name, p.read_text(encoding="utf-8"))
        for p in (ROOT / "benchmarks" / "data" / "clean" / "markdown").glob("*.md")
    ]
)


def test_real_markdown_files_are_no_converted_pages() -> None:
    assert len(MARKDOWN_FILES) > 50
    assert [n for n, t in MARKDOWN_FILES if converted_page(t)] == []
    assert [n for n, t in MARKDOWN_FILES if STAGE.clean(t) != t] == []


# -- properties -----------------------------------------------------------------------------

_WORDS = st.sampled_from(
    "the council said vote budget monday city plan report officials new year market "
    "school water people river open data".split()
)
_PHRASE = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)
_PATH = st.lists(st.sampled_from("news world sport tag 2014 story a1 b2".split()), min_size=1, max_size=3).map(
    lambda parts: "/" + "/".join(parts) + "/"
)


@st.composite
def converted_pages(draw: st.DrawFn) -> tuple[str, str]:
    """``(page, expected)``: a menu, then paragraphs of prose with links, as html2text
    (``  * ``) or markdownify (``* ``) write them; expected is the prose, links unwrapped."""
    bullet = draw(st.sampled_from(["  * ", "* ", "- "]))
    host = draw(st.sampled_from(["", "https://www.example.com", "//example.org"]))
    menu = [f"{bullet}[{draw(_PHRASE)}]({host}{draw(_PATH)})" for _ in range(draw(st.integers(3, 6)))]
    page: list[str] = ["\n".join(menu)]
    expected: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        words_in: list[str] = []
        words_out: list[str] = []
        for _ in range(draw(st.integers(1, 5))):
            phrase = draw(_PHRASE)
            if draw(st.booleans()):
                words_in.append(f"[{phrase}]({host}{draw(_PATH)})")
            elif draw(st.integers(0, 4)) == 0:
                words_in.append(f"![{phrase}](https://cdn.example.net/{draw(_WORDS)}.jpg) {phrase}")
            else:
                words_in.append(phrase)
            words_out.append(phrase)
        page.append("The " + " ".join(words_in) + ".")
        expected.append("The " + " ".join(words_out) + ".")
    return "\n\n".join(page), "\n\n".join(expected)


@given(converted_pages())
@example(("  * [a](/x/)\n  * [b](/y/)\n  * [c](/z/)\n\nThe [news](/news/).", "The news."))
def test_a_converted_page_loses_its_link_residue(case: tuple[str, str]) -> None:
    page, expected = case
    assert converted_page(page)
    out = Pipeline("default").clean(page)
    assert out == expected
    assert "](" not in out


@given(st.sampled_from(MARKDOWN_FILES), st.data())
def test_markdown_by_hand_stays_when_cut_at_its_end(doc: tuple[str, str], data: st.DataObject) -> None:
    # A file cut after any line: its links stay wherever the Markdown shows (a cut file
    # with no Markdown structure left is plain text, whose links are residue).
    lines = doc[1].split("\n")
    k = data.draw(st.integers(1, len(lines)))
    text = "\n".join(lines[:k])
    if is_markdown(text):
        assert STAGE.clean(text) == text
