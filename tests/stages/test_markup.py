"""markup_residue, html_entities, entity_residue, url_debris."""

from __future__ import annotations

import time

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.datasets import DATA, cases, clean_documents
from textmend import Pipeline
from textmend.stages.residue import EntityResidue
from textmend.stages.markup import HtmlBreaks, HtmlEntities, MarkupResidue
from textmend.stages.urls import UrlDebris
from textmend.facts import is_markdown

SEED_TITLE = (
    "Macron says sending Western troops to Ukraine not 39out of.com2F242F252Fe9e46c66979544"
    "48ec5f732dd8562F607468707c2c4786afc669fb280c3eeb"
)

# -- markup_residue -------------------------------------------------------------------

MARKUP = [
    # IMDB reviews (tests/data/scraped): a <br /> run between sentences
    ("Great film.<br /><br />The cast was superb.", "Great film. The cast was superb."),
    ("A little production. <br /><br />The filming", "A little production. The filming"),
    ("Hello world.</p>", "Hello world."),
    ('<span class="x">Price</span> rose', "Price rose"),
    ('See <div id="a">the table</div> below', "See the table below"),
    ("<p>Hello", "Hello"),
    ("Click <b>Save</b> now", "Click Save now"),
    ("Read [the report](https://example.com/r) now.", "Read the report now."),
    ("Logo ![](https://example.com/img.png) here", "Logo here"),
    ("Empty [](https://example.com) link", "Empty link"),
    ("click here [] to continue", "click here to continue"),
    ("[Docs](https://x.org/a_(b)) and [more](/path \"title\")", "Docs and more"),
    # no-ops
    ("Use the <b> tag for bold.", None),
    ("The `<p>` element starts a paragraph.", None),
    ("if a < b > c then", None),
    ("if (a<b && c>d) return;", None),
    ("Write to <john@example.com> or <https://example.com>.", None),
    ("Dell Inc. <DELL.O> and Texas Instruments <TXN.N> rose", None),
    ("I am  <#>  inches; find out @ <URL>", None),
    ("self.queue = []", None),
    ("p[key] = []", None),
    ("![alt text](https://example.com/a.png)", None),
    ("    <td><code>WSAEINTR</code></td>", None),
    ("</table>", None),
    ('## <a id="intro">1.</a> Introduction', None),
    ("List<String> names = new ArrayList<>();", None),
    ("The couple have been dating for the last year [Splash]", None),
    ("Write `[text](https://example.com)` for a link.", None),  # shown, not used
    ("", None),
]


@pytest.mark.parametrize(("text_in", "text_out"), MARKUP)
def test_markup_residue(text_in: str, text_out: str | None) -> None:
    assert MarkupResidue().fix_line(text_in) == (text_in if text_out is None else text_out)


def test_a_bare_tag_among_angle_bracket_labels_is_a_label() -> None:
    # FOLDOC (benchmarks/data/clean_genres): entries open with category labels in angle
    # brackets; "<body>" (an organisation) is one of them, not a stray tag.
    foldoc = (
        "Algol\n\n   <language> An early language.\n\n"
        "ALU\n\n   <body> (ALU) A user group which aims to promote\n\n"
        "arena\n\n   <programming> An area of memory.\n"
    )
    assert Pipeline(["markup_residue"]).clean(foldoc) == foldoc
    assert Pipeline("default").clean(foldoc) == foldoc
    # Without labels that are no HTML, a bare block tag opening a line is residue.
    scraped = "<body> The minister said the plan would be announced in May.\n<p> More follows.\n"
    assert Pipeline(["markup_residue"]).clean(scraped) == (
        "The minister said the plan would be announced in May.\nMore follows.\n"
    )
    assert Pipeline([MarkupResidue(labels="strip")]).clean(foldoc) != foldoc


def test_markup_residue_keep_options() -> None:
    line = "Read [the report](https://example.com/r) <kbd>Ctrl</kbd>."
    assert MarkupResidue(markdown="keep").fix_line(line) == line
    assert MarkupResidue(tags="keep").fix_line(line) == "Read the report <kbd>Ctrl</kbd>."
    assert MarkupResidue(tags="strip").fix_line("<td>x</td>") == "x"


def test_markup_residue_rules() -> None:
    assert MarkupResidue().explain_line("a</p> [b](http://x)")[1] == "tag+markdown_link"


MARKUP_MATCHES = ["a</p>", "<br />", "<SPAN class=x>", "[a](b)", "x [] y"]
MARKUP_NON_MATCHES = ["a < b", "<john@example.com>", "<TXN.N>", "[Splash]", "plain text", "<3"]

# -- html_entities --------------------------------------------------------------------

ENTITIES = [
    ("Tom &amp; Jerry", "Tom & Jerry"),
    ("it&#39;s &#x27;quoted&#x27; &quot;here&quot;", "it's 'quoted' \"here\""),
    ("it&#39s fine", "it's fine"),
    ("a&nbsp;b", "a\u00a0b"),
    ("&copy 2020 AT&amp;T &eacute;t&eacute;", "\u00a9 2020 AT&T \u00e9t\u00e9"),
    ("double &amp;amp; and &amp;#39;s and &amp;amp;quot;x&amp;quot;", 'double & and \'s and "x"'),
    ("R&amp;R. &#151; and &#8217;", "R&R. \u2014 and \u2019"),
    # AG News (tests/data/scraped): escaped markup goes, text about a tag stays
    ("killed during Red Sox &lt;b&gt;...&lt;/b&gt;", "killed during Red Sox ..."),
    ("&lt;strong&gt;Analysis&lt;/strong&gt; That'll be", "Analysis That'll be"),
    (
        'Office Depot Inc. &lt;A HREF="http://www.investor.reuters.com/FullQuote.aspx?ticker=ODP.N'
        ' target=/stocks/quickinfo/fullquote"&gt;ODP.N&lt;/A&gt;, the No. 2',
        "Office Depot Inc. ODP.N, the No. 2",
    ),
    ("Texas Instruments Inc. &lt;TXN.N&gt;, STMicro", "Texas Instruments Inc. <TXN.N>, STMicro"),
    ("use the &lt;b&gt; tag; I &lt;3 him", "use the <b> tag; I <3 him"),
    ('<a name="x"></a> Don&#39;t &lt; x', "<a name=\"x\"></a> Don't &lt; x"),
    # no-ops
    ("R&D, AT&T, Q&A and M&Ms", None),
    ("?a=1&copy=2&region=us &not bad &times", None),
    ("HistogramAddDistance(&copy_dist_histograms[context],", None),
    ('expect(escapeHtml("it\'s")).toBe("it&#x27;s");', None),
    ("references (e.g. &gt;, &#62;, &#x3e;)", None),
    ("Write `&amp;` for an ampersand", None),
    ('\t\t\tinput:    "&quot;Hello&#39;s World&quot;",', None),
    ("&#0; &#10; &#13; &NewLine; &#xD800; &#1114112;", None),
    ("&unknown; &#xZZ;", None),
    ("", None),
]


@pytest.mark.parametrize(("text_in", "text_out"), ENTITIES)
def test_html_entities(text_in: str, text_out: str | None) -> None:
    assert HtmlEntities().fix_line(text_in) == (text_in if text_out is None else text_out)


def test_html_entities_modes() -> None:
    code = 'x = "&lt;p&gt;";'
    assert HtmlEntities().fix_line(code) == code
    assert HtmlEntities(mode="always").fix_line(code) == 'x = "<p>";'
    assert HtmlEntities(mode="never").fix_line("a &amp; b") == "a &amp; b"
    kept = HtmlEntities(escaped_tags="keep").fix_line("a &lt;b&gt;x&lt;/b&gt;")
    assert kept == "a <b>x</b>"


def test_html_entities_rules() -> None:
    stage = HtmlEntities()
    assert stage.explain_line("a &amp; b")[1] == "entity"
    assert stage.explain_line("a &amp;amp; b")[1] == "double_escaped"
    assert stage.explain_line("x &lt;b&gt;y&lt;/b&gt;")[1] == "escaped_tag"


ENTITY_MATCHES = ["&amp;", "&#39;", "&#x27;", "&lt;b&gt;", "&copy 2020"]
ENTITY_NON_MATCHES = ["R&D", "AT&T", "a & b", "&", "plain", "& #39;"]

# -- entity_residue -------------------------------------------------------------------

RESIDUE = [
    # AG News (tests/data/scraped): the "&" became a space, which goes too
    ("Afghan President Hamid Karzai #39;s government", "Afghan President Hamid Karzai's government"),
    ("Virus  #39;talks #39; to victims", "Virus 'talks' to victims"),
    ("Media Player 9 --  quot;Copy from CD quot; and", 'Media Player 9 -- "Copy from CD" and'),
    ("Rogers to buy AT amp;T Wireless", "Rogers to buy AT&T Wireless"),
    ("The Standard  amp; Poor #39;s 500", "The Standard & Poor's 500"),
    ("up to  #36;50 million", "up to $50 million"),
    ("the value  #151; and the humor  #151; in", "the value \u2014 and the humor \u2014 in"),
    ("MAN UNITED #39;S share price", "MAN UNITED'S share price"),
    # other scrapers
    ("Don39t panic, it#39;s fine, we39re here", "Don't panic, it's fine, we're here"),
    ("I39m sure O39Brien can39t", "I'm sure O'Brien can't"),
    ("Don8217t and it8217s; wasn\\8217t", "Don\u2019t and it\u2019s; wasn\u2019t"),
    ("DON39T STOP", "DON'T STOP"),
    ("ATamp;T and AT&ampT and &quotHello", 'AT&T and AT&T and "Hello'),
    ("a nbsp;b", "a\u00a0b"),
    ("not 39out of the question39.", "not 'out of the question'."),
    ("He said 8220Hello8221 twice", "He said \u201cHello\u201d twice"),
    ("a word8212another and the end8230", "a word\u2014another and the end\u2026"),
    # The space may be the "&" or a real space before "&copy;": it stays (a sign that
    # needs no attaching leaves the text as spaced as it found it).
    ("Photo: AP copy; 2004 Reuters", "Photo: AP \u00a9 2004 Reuters"),
    # no-ops
    ("The matter whose copy; carried so.", None),  # found by the round-trip property
    ("Room 39, B-39, 49ers, the 1939s, 39th, 39km, 0x39", None),
    ("colour #393939; and color: #160; here", None),
    ("quota quotient camp example ampere", None),
    ("    long quot;", None),
    ("Quaternion quot;", None),
    # An opening "39" before a word: a quote, as in the seed's mangled title (the debris
    # is url_debris' business).
    ("not 39out of.com2F242F", "not 'out of.com2F242F"),
    ("commit b0b58222c7cc62efd8212c4fb65a545f58ebb22d", None),
    ("deadbeef39d and fe39d2", None),
    ('<a name="ignoreidl-don39t-process">', None),
    ("Call 555-0139 or 39 39 39", None),
    ("&amp; and &gt; stay for html_entities", None),
    ("", None),
]


@pytest.mark.parametrize(("text_in", "text_out"), RESIDUE)
def test_entity_residue(text_in: str, text_out: str | None) -> None:
    assert EntityResidue().fix_line(text_in) == (text_in if text_out is None else text_out)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Don39t", "contraction"),
        ("Karzai #39;s", "numeric_residue"),
        ("AT amp;T", "named_residue"),
        ("not 39out of it39 now", "quote"),
        ("word8212word and end8230", "glued_number"),
    ],
)
def test_entity_residue_rules(line: str, rule: str) -> None:
    assert EntityResidue().explain_line(line)[1] == rule


RESIDUE_MATCHES = ["Don39t", " #39;s", "quot;", "ATamp;T", "&ampT", "8220Hi", "end8230"]
RESIDUE_NON_MATCHES = ["Room 39", "the 1939s", "camp", "example", "B-39 and 49ers"]

# -- url_debris -----------------------------------------------------------------------

URLS = [
    (SEED_TITLE, "Macron says sending Western troops to Ukraine not 39out of"),
    ("Read this?utm_source=twitter&utm_medium=social now", "Read this now"),
    ("Read this ?utm_source=x&utm_campaign=y", "Read this"),
    ("hello%20world and don%E2%80%99t", "hello world and don\u2019t"),
    # Glued to a number (ABC news lines, benchmark corpus damage).
    (
        "the terrorist attacks of September 11.com2F242F252Fa9f1173728ebfe44a46cd8e7bb8d4e5b2Fa7cd747a9d9abd51bd2a1381",
        "the terrorist attacks of September 11",
    ),
    ("caught by Ricky Ponting, for 7.com2F222F252F028115380a1b521b3eeefb837f0564402Fe299ce947a38", "caught by Ricky Ponting, for 7"),
    # AG News headline (benchmarks/data/titles).
    ("76ers 114, Wizards 107%2F663f437f%2Fd1ad515846d21c7ea29277fa", "76ers 114, Wizards 107"),
    # Glued to a word of hex letters (found by the round-trip property).
    ("Form want almost added2F2Fcd18fc9fb6494384 boys.", "Form want almost added boys."),
    # no-ops
    ("mail me at 163.com or 126.com", None),
    ("a 2F2F2F2F2F2F2F2F2F2F digest and 12F2F2F2F2F2F2F2F2F2F2F", None),
    ("See https://example.com/a%2Fb?utm_source=x here", None),
    ("www.example.com/path%2Fto%2Fthing?fbclid=1", None),
    ("digest 9e46c6697954448ec5f732dd8562F607468707c2c4786afc669fb280c3eeb", None),
    ("mail smatthews@bloomberg.net now", None),
    ("prices rose 50%20 times; printf('%02X')", None),
    ("user:he%2F%2Fo@pypi.company.com", None),
    ("B2F and F2F meetings", None),
    ("", None),
]


@pytest.mark.parametrize(("text_in", "text_out"), URLS)
def test_url_debris(text_in: str, text_out: str | None) -> None:
    assert UrlDebris().fix_line(text_in) == (text_in if text_out is None else text_out)


def test_url_debris_url_options() -> None:
    line = "See https://example.com/a, then www.x.org."
    assert UrlDebris(urls="remove").fix_line(line) == "See , then ."
    assert UrlDebris(urls="replace").fix_line(line) == "See <URL>, then <URL>."
    assert UrlDebris(urls="replace", url_placeholder="[link]").fix_line("a http://x.y b") == (
        "a [link] b"
    )
    assert UrlDebris().fix_line(line) == line


URL_MATCHES = ["a.com2F242F", "%2F", "x?utm_source=y", "hello%20world"]
URL_NON_MATCHES = ["https://example.com/a", "plain text", "50% off", "#393939"]

# -- triggers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "matches", "non_matches"),
    [
        (MarkupResidue(), MARKUP_MATCHES, MARKUP_NON_MATCHES),
        (HtmlEntities(), ENTITY_MATCHES, ENTITY_NON_MATCHES),
        (EntityResidue(), RESIDUE_MATCHES, RESIDUE_NON_MATCHES),
        (UrlDebris(), URL_MATCHES, URL_NON_MATCHES),
    ],
    ids=lambda v: getattr(v, "name", ""),
)
def test_triggers(stage: object, matches: list[str], non_matches: list[str]) -> None:
    trigger = stage.trigger  # type: ignore[attr-defined]
    assert [s for s in matches if not trigger.search(s)] == []
    assert [s for s in non_matches if trigger.search(s)] == []


STAGES = [MarkupResidue(), HtmlEntities(), EntityResidue(), UrlDebris(), UrlDebris(urls="replace")]
TABLES = MARKUP + ENTITIES + RESIDUE + URLS


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: repr(s))
def test_table_lines_are_fixed_points_and_triggers_are_sound(stage: object) -> None:
    for text_in, _ in TABLES:
        once = stage.fix_line(text_in)  # type: ignore[attr-defined]
        assert stage.fix_line(once) == once, (text_in, once)  # type: ignore[attr-defined]
        if once != text_in:
            assert stage.trigger.search(text_in), text_in  # type: ignore[attr-defined]


# Characters the stages look at, so that hypothesis builds lines that reach them.
ALPHABET = st.sampled_from(
    list("&#;%<>/[]()!=?_ aAbBeEFpqtTuxz0123789.-\"'`\\\n\u00a0\ud800")
    + ["amp;", "quot;", "39", "8217", "2F", "&lt;", "&gt;", "<br>", "</p>", "](http://x)",
       "utm_source=", "&amp;", "&#39", "nbsp", "O39B", "%E2%80%99", ".com"]
)
LINES = st.lists(ALPHABET, max_size=40).map("".join)


@given(LINES)
@example("&amp;amp;lt;b&amp;amp;gt;")
@example("&#38;lt;")
@example("Don39t 39a39")
@example("a <br> </p> b")
def test_stages_never_raise_are_idempotent_and_sound(line: str) -> None:
    line = line.replace("\n", " ")
    for stage in STAGES:
        once = stage.fix_line(line)
        assert "\n" not in once
        assert stage.fix_line(once) == once, (stage, line, once)
        if once != line:
            assert stage.trigger.search(line), (stage, line)


@given(st.lists(LINES, max_size=6).map("\n".join))
def test_fast_path_equals_reference(text: str) -> None:
    p = Pipeline(["markup_residue", "html_entities", "entity_residue", "url_debris"])
    assert p.clean(text) == p.with_reference().clean(text)


# -- html_breaks ----------------------------------------------------------------------

# Real lines: IMDB reviews (AJ17052001/IMDB-analysis-streamlit, "IMDB Dataset.csv").
IMDB_1 = (
    "Basically there's a family where a little boy (Jake) thinks there's a zombie in his closet "
    "& his parents are fighting all the time.<br /><br />This movie is slower than a soap opera..."
)
IMDB_2 = "The cast played Shakespeare.<br /><br />Shakespeare lost.<br /><br />I appreciate that."
BREAKS = [
    (
        IMDB_1,
        "Basically there's a family where a little boy (Jake) thinks there's a zombie in his closet "
        "& his parents are fighting all the time.\n\nThis movie is slower than a soap opera...",
    ),
    (IMDB_2, "The cast played Shakespeare.\n\nShakespeare lost.\n\nI appreciate that."),
    ("A wonderful little production. <br /><br />The filming", "A wonderful little production.\n\nThe filming"),
    ("12 Main Street<br>Springfield<BR/>IL 62701", "12 Main Street\nSpringfield\nIL 62701"),
    ("First paragraph.</p><p>Second paragraph.", "First paragraph.\n\nSecond paragraph."),
    ("<br />Starts with a break.", "Starts with a break."),
    ("Ends with a break.<br /><br />", "Ends with a break."),
    ("one\ntwo<br><br>three\nfour", "one\ntwo\n\nthree\nfour"),
    # no-ops
    ("Use the <br> tag for a line break.", None),
    ('Write "<br>" where the line should break.', None),
    ("The <p> elements of the page.", None),
    ('html = "<p>" + text + "</p>"', None),
    ("<p>A line that is markup from end to end.</p>", None),
    ("a <brand> new <pre> tag", None),
    ("No tags at all, only a < b and c > d.", None),
    ("", None),
]


@pytest.mark.parametrize(("text_in", "text_out"), BREAKS)
def test_html_breaks(text_in: str, text_out: str | None) -> None:
    expected = text_in if text_out is None else text_out
    assert Pipeline([HtmlBreaks()]).clean(text_in) == expected


def test_html_breaks_leave_markdown_documents_alone() -> None:
    table = "# Options\n\n| flag | meaning |\n| --- | --- |\n| `-v` | verbose<br>output |\n"
    doc = "# Notes\n\n- run `make`\n- then `make test`\n\nFirst line<br>second line\n"
    assert is_markdown(doc) and is_markdown(table)
    assert Pipeline([HtmlBreaks()]).clean(doc) == doc
    assert Pipeline([HtmlBreaks(markdown="strip")]).clean(doc) == doc.replace("<br>", "\n")
    assert Pipeline([HtmlBreaks(markdown="strip")]).clean(table) == table  # a table row stays one line
    assert Pipeline([HtmlBreaks(markdown="keep")]).clean(IMDB_2) == IMDB_2


def test_html_breaks_edits_rebuild_the_output() -> None:
    from textmend import apply_edits

    result = Pipeline([HtmlBreaks()]).explain(IMDB_2)
    assert [e.rule for e in result.edits] == ["paragraph"]
    assert apply_edits(IMDB_2, result.edits) == result.text


def test_html_breaks_default_profile_repairs_real_imdb_reviews() -> None:
    got = [c for c in cases("scraped") if "<br" in c["input"]]
    assert len(got) >= 2
    assert [Pipeline("default").clean(c["input"]) for c in got] == [c["expected"] for c in got]


@given(st.text(alphabet="ab <>/brpBRP\n\"`", max_size=60))
@example("a<br>b<br>")
def test_html_breaks_idempotent(text: str) -> None:
    p = Pipeline([HtmlBreaks(markdown="strip")])
    once = p.clean(text)
    assert p.clean(once) == once


# -- real data -----------------------------------------------------------------------


def test_real_clean_documents_unchanged() -> None:
    changed = []
    for name, text in clean_documents():
        md = name.startswith("markdown/")
        p = Pipeline(
            [
                MarkupResidue(markdown="keep" if md else "strip"),
                HtmlEntities(mode="never" if md else "auto"),
                EntityResidue(),
                UrlDebris(),
            ]
        )
        if p.clean(text) != text:
            changed.append(name)
    assert changed == []


FAMILY_KINDS = {"entity_residue", "entity", "escaped_markup", "negative"}


def test_real_scraped_cases() -> None:
    # tests/data/scraped: AG News, Sentiment140, SMS and MS Docs lines with hand repairs.
    p = Pipeline(["markup_residue", "html_entities", "entity_residue", "url_debris"])
    mine = [c for c in cases("scraped") if FAMILY_KINDS & set(c["kinds"])]
    assert len(mine) >= 20
    wrong = [(c["input"], p.clean(c["input"])) for c in mine if p.clean(c["input"]) != c["expected"]]
    assert wrong == []


def test_seed_title_line() -> None:
    p = Pipeline(["markup_residue", "html_entities", "entity_residue", "url_debris"])
    # The quote its "&#39;" stood for is back (a title with no clean twin keeps its
    # words, repaired); the debris goes.
    assert p.clean(SEED_TITLE) == "Macron says sending Western troops to Ukraine not 'out of"
    assert (DATA / "scraped" / "cases.jsonl").exists()


# -- linear time ---------------------------------------------------------------------

ADVERSARIAL = {
    "pct2f": lambda n: "a" + "%2F" * n,
    "bare2f": lambda n: "of.com" + "2F" * n,
    "hex": lambda n: "word" + "9e46c669" * n,
    "amp_chain": lambda n: "&" + "amp;" * n,
    "amps": lambda n: "&amp;" * n,
    "lt_open": lambda n: "&lt;a " * n,
    "tags_open": lambda n: "<a x" * n,
    "attrs": lambda n: "<a " + "x=1 " * n,
    "links": lambda n: "[" * n + "](http://x" * n,
    "digits": lambda n: "a39" * n + "39b" * n,
    "residue": lambda n: " #39;s quot;" * n,
    "slug": lambda n: "a8212b" * n,
    "pct_words": lambda n: "a%20b" * n,
}


def _best(fn: object, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        fn(text)  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_linear_time(name: str) -> None:
    # Structural argument: every quantifier over an unbounded run is possessive or
    # bounded, and per-token work is done once per token. Smoke test: quadrupling
    # the input must cost well under the 16x of a quadratic stage.
    build = ADVERSARIAL[name]
    stages = [MarkupResidue(), HtmlEntities(), EntityResidue(), UrlDebris(urls="remove")]

    def run(text: str) -> None:
        for stage in stages:
            text = stage.fix_line(text)

    n = 2000
    while _best(run, build(n)) < 0.005 and n < 1 << 18:
        n *= 2
    ratio = min(_best(run, build(4 * n)) / _best(run, build(n)) for _ in range(2))
    assert ratio < 9, f"{name}: x4 input took x{ratio:.1f} time from n={n}"


# -- markdown="auto": a document written in Markdown keeps its syntax ------------------

def test_markdown_documents_keep_their_links_scraped_text_loses_them() -> None:
    readme = "# Usage\n\n- install with `pip`\n- read [the docs](https://example.org/docs)\n"
    scraped = "Officials said [the report](https://example.com/r) was late.\n\nMore follows.\n"
    p = Pipeline(["markup_residue"])
    assert p.clean(readme) == readme
    assert p.clean(scraped) == "Officials said the report was late.\n\nMore follows.\n"
    assert p.with_reference().clean(readme) == readme
    assert Pipeline([MarkupResidue(markdown="strip")]).clean(readme) != readme


# From the Node.js API docs (docs/api/os.md, MIT): an HTML table in a Markdown file.
NODE_OS_TABLE = """<table>
  <tr>
    <th>Constant</th>
    <th>Description</th>
  </tr>
  <tr>
    <td><code>EADDRNOTAVAIL</code></td>
    <td>Indicates that the network address is currently unavailable for
    use.</td>
  </tr>
</table>
"""


def test_an_html_block_in_a_markdown_file_keeps_its_tags() -> None:
    assert is_markdown(NODE_OS_TABLE)
    assert Pipeline("default").clean(NODE_OS_TABLE) == NODE_OS_TABLE
    # Residue inside scraped text is no HTML block: one tag-only line is not enough.
    scraped = "<tr>\nThe minister said the plan would be announced in May.</td> More follows.\n"
    assert not is_markdown(scraped)
    assert "</td>" not in Pipeline(["markup_residue"]).clean(scraped)


def test_entities_in_a_markdown_document_are_its_authors_escapes() -> None:
    # From node-gyp's README (MIT): "&nbsp;" indents a line in the rendered page.
    readme = "# node-gyp\n\nRun `node-gyp rebuild`.\n\n&nbsp;&nbsp;&nbsp;&nbsp;Or on Windows:\n"
    assert is_markdown(readme)
    assert Pipeline("default").clean(readme) == readme
    assert Pipeline([HtmlEntities(mode="always")]).clean(readme) != readme
    scraped = "Tom &amp; Jerry&#39;s show.\n\nMore follows.\n"
    assert Pipeline("default").clean(scraped) == "Tom & Jerry's show.\n\nMore follows.\n"
    # Bullet lists are no evidence: scraped pages have them (found by the round-trip property).
    listed = "- Leadership october you'd\n- one\n- two\n\nIt&#39s leadership.\n"
    assert Pipeline("default").clean(listed) == listed.replace("&#39", "'")


def test_headings_with_links_are_a_markdown_file() -> None:
    # brotli's CONTRIBUTING.md (MIT): "###" headings and links, no list or code span.
    text = (DATA / "clean" / "markdown" / "md_brotli_1_2_1_sdist_CONTRIBUTING_md.md").read_text(
        encoding="utf-8")
    assert is_markdown(text)
    assert Pipeline("default").clean(text) == text
    # One heading is no evidence: a scraped page has a title and link residue.
    scraped = "# Budget vote\n\nOfficials said [the report](https://example.com/r) was late.\n"
    assert not is_markdown(scraped)
    assert "](" not in Pipeline("default").clean(scraped)


def test_entity_residue_in_a_markdown_code_span_is_shown_on_purpose() -> None:
    # From the clean corpus's SOURCES.md: residue quoted in code spans of a Markdown table file.
    text = (
        "| folder | files |\n| --- | --- |\n| `news/` | 7 |\n\n"
        "Scanned for residue (`&\u2026;`, ` #39;`, `quot;`, `X39s`) and Karzai #39;s words.\n"
    )
    assert Pipeline("default").clean(text) == text.replace("Karzai #39;s", "Karzai's")
    # Outside a Markdown source the backticks are text: the residue between a space and
    # a backtick fits no apostrophe or quote, and stays; the possessive is repaired.
    scraped = "Scanned for residue (` #39;`) and Karzai #39;s words.\n"
    assert Pipeline("default").clean(scraped) == "Scanned for residue (` #39;`) and Karzai's words.\n"


def test_real_markdown_files_are_recognised() -> None:
    docs = [(n, t) for n, t in clean_documents() if n.startswith("markdown/") and "](" in t]
    assert docs
    missed = [n for n, t in docs if not is_markdown(t)]
    assert len(missed) <= len(docs) // 4, missed


# -- looks_like_code: the fast form against the reference pattern -------------------

_CODE_PIECES = [
    "a", "x1", " ", "  ", "\t", "(", ")", "'", '"', ";", ",", ".", "$", "=", "==", "=>", "&&",
    "||", "{", "}", "[", "]", ":", "#include", "import ", "from x import", "def ", "class ",
    "return", "var ", "if (", "//", "/*", "* ", "<?php", "int ", "quot;", "long ", "\n", "é",
]


@given(st.lists(st.sampled_from(_CODE_PIECES), max_size=14).map("".join))
@example('  x = "a", ')
@example("f.call(x);")
@example("long quot;")
def test_looks_like_code_is_the_reference_pattern(line: str) -> None:
    from textmend.stages.markup import _CODE_LINE_RE, _DECLARATION_RE, looks_like_code

    reference = bool(_CODE_LINE_RE.search(line) or _DECLARATION_RE.search(line))
    assert looks_like_code(line) == reference
