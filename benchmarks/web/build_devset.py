"""Build the web development set (issue 12) from real pages of many sites.

    python benchmarks/web/build_devset.py [--mirror /work/.mirror] [--data /work/devdata/web]
                                         [--seed 12] [--write-split]

Reads the test-fixture pages of the repositories in ``sources.py`` from their git
snapshots (nothing fetched is committed) and writes ``<data>/cases.jsonl``: one
JSON object a line, each a document with damage made by a seeded model of the
scraper's process (``tests/webdamage.py``), its expected repair, the damage
instances to score and the sentences that must survive byte-exact. The split by
site (registered domain) is read from ``split.tsv`` beside this file; a site not
in it goes by the parity of a hash of its name (``--write-split`` rewrites the
file from the pages found). See README.md for what each kind models.

Kinds (``kind`` field):

- ``title_twin``: mangled title line, blank, its clean twin, blank, real body
  paragraphs (sometimes a stripped call to action after them, as in the seed).
  Expected: the document without the mangled line (and without the call to action).
- ``title_alone``: the mangled title alone atop the body. Expected: the cut title
  as the author wrote it (debris gone, entity residue repaired), then the body.
- ``title_clean``: the page's own <title> atop the body. Expected: unchanged.
- ``entity``: real paragraphs with their characters written as entities the way the
  page (or a CMS) writes them, then stripped. Expected: the paragraphs.
- ``entity_clean``: real paragraphs whose digits or letters look like entity codes
  (``amp`` in ``camp``, a number glued to a word), and the page's URLs. Unchanged.
- ``link``: the article converted to Markdown by html2text or markdownify (one of
  several settings), sometimes with a real navigation list of the page. Expected:
  the same converter run over the same DOM with link residue taken out (see
  ``strip_link_residue``).
- ``markdown_clean``: hand-written Markdown from the repository's clean corpus.
- ``cta``: real body paragraphs then a real call to action of the page whose link
  text was stripped. Expected: the body.
- ``wrapped_clean``: real paragraphs hard-wrapped at a random width and cut at a
  random line, or cut at a random word (chunked). Unchanged.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import html as htmllib
import json
import random
import re
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import ftfy
import html2text
import lxml.html
from lxml import etree
from markdownify import markdownify
from readability import Document

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from sources import Page, load_pages  # noqa: E402

from tests.webdamage import (  # noqa: E402
    ENTITY_FORMS,
    STRIP_MODES,
    STRIP_WEIGHTS,
    cms_form,
    damage_entities,
    entity_forms_in_html,
    mangle_title,
    pick_debris,
    share_encode,
)

SPLIT_FILE = HERE / "split.tsv"
CLEAN = ROOT / "benchmarks" / "data" / "clean"

_WS_RE = re.compile(r"[ \t\n\r\f\v]+")
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SENT_RE = re.compile(r"(?<=[.!?\u2026\u3002])[\"'\u201d\u2019)]*\s+")
_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "section", "article", "table", "tr", "td", "th", "dd", "dt", "dl", "nav", "header",
           "footer", "aside", "figure", "figcaption", "pre", "form", "main"}
_SEPARATORS_RE = re.compile(r"^[\s|·•/,;:\-\u2013\u2014>»«()\[\]]*$")


_SPACE_RUN_RE = re.compile("[ \xa0\t\n\r\f\v]{2,}|[\t\n\r\f\v]")


def norm(text: str) -> str:
    """One line of text: whitespace runs as one space; a no-break space alone between
    words is kept (it is typography), one in a run of spaces is folded into it."""
    return _SPACE_RUN_RE.sub(" ", _INVISIBLE_RE.sub("", text)).strip(" \xa0")


def site_split(site: str, table: dict[str, str]) -> str:
    if site in table:
        return table[site]
    h = hashlib.sha256(f"textmend-web-split:{site}".encode()).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def read_split() -> dict[str, str]:
    table: dict[str, str] = {}
    if SPLIT_FILE.exists():
        for line in SPLIT_FILE.read_text(encoding="utf-8").split("\n"):
            if line and not line.startswith("#"):
                site, split = line.split("\t")[:2]
                table[site] = split
    return table


def write_split(sites: dict[str, list[str]]) -> None:
    """Half the sites (by a hash of the name) tune, the other half held out."""
    ordered = sorted(sites, key=lambda s: hashlib.sha256(f"textmend-web-split:{s}".encode()).hexdigest())
    half = len(ordered) // 2
    lines = [
        "# site (registered domain)\tsplit\tpages",
        "# Written by build_devset.py --write-split: sites sorted by sha256('textmend-web-split:' + site),",
        "# the first half 'tune', the rest 'heldout'. A site not listed goes by the hash's parity.",
    ]
    for i, s in enumerate(sorted(ordered)):
        split = "tune" if ordered.index(s) < half else "heldout"
        lines.append(f"{s}\t{split}\t{len(sites[s])}")
    SPLIT_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- page facts


@dataclass
class PageFacts:
    titles: dict[str, str] = field(default_factory=dict)  # source -> decoded text
    raw_titles: dict[str, str] = field(default_factory=dict)  # source -> as in the HTML source
    paragraphs: list[str] = field(default_factory=list)
    article_html: str = ""
    encoded: list[str] = field(default_factory=list)  # percent-encoded strings in the page
    urls: list[str] = field(default_factory=list)  # the page's own URLs (canonical, og:url, og:image)
    hrefs: list[str] = field(default_factory=list)
    forms: dict[str, list[str]] = field(default_factory=dict)
    lang: str = ""
    ctas: list[str] = field(default_factory=list)
    navs: list[str] = field(default_factory=list)  # HTML of link lists


_PCT_RE = re.compile(r"%[0-9A-Fa-f]{2}")
_TOKEN_STOP = set(" \t\n\r\f\v\"'<>(){}[]\\,")


def pct_tokens(value: str) -> list[str]:
    """Whitespace/quote-delimited tokens of ``value`` that hold a ``%XX`` escape.

    Found from the escapes outwards (linear time; a regex with a leading ``[^…]*``
    is quadratic on long minified scripts).
    """
    out: list[str] = []
    end = -1
    for m in _PCT_RE.finditer(value):
        if m.start() < end:
            continue
        i = m.start()
        while i > 0 and value[i - 1] not in _TOKEN_STOP:
            i -= 1
        end = m.end()
        while end < len(value) and value[end] not in _TOKEN_STOP:
            end += 1
        out.append(value[i:end])
    return out


_RAW_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _raw_meta(raw: str, prop: str) -> str:
    for m in re.finditer(r"<meta\b[^>]*>", raw, re.IGNORECASE):
        tag = m.group(0)
        if re.search(rf"""(?:property|name)\s*=\s*["']?{re.escape(prop)}["'\s/>]""", tag, re.IGNORECASE):
            c = re.search(r"""content\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag, re.IGNORECASE | re.DOTALL)
            if c:
                return c.group(1) if c.group(1) is not None else c.group(2)
    return ""


def good_paragraph(text: str) -> bool:
    if len(text.split()) < 8 and not (len(text) >= 40 and " " not in text[:40]):  # CJK has no spaces
        return False
    if len(text) > 2000 or "\ufffd" in text or re.search(r"&[#A-Za-z0-9]+;", text):
        return False
    if re.search(r"%[0-9A-Fa-f]{2}|https?://|\{|\}|</?[a-z]+[ >]", text):
        return False
    return not ftfy.badness.is_bad(text)


def page_facts(page: Page) -> PageFacts | None:
    raw = page.html
    try:
        doc = lxml.html.document_fromstring(raw)
    except (etree.ParserError, ValueError):
        return None
    f = PageFacts()
    f.lang = (doc.get("lang") or "").lower()
    for name in ("og:title", "twitter:title"):
        v = _raw_meta(raw, name)
        if v:
            f.raw_titles[name] = v.strip()
            f.titles[name] = norm(htmllib.unescape(v))
    m = _RAW_TITLE_RE.search(raw)
    if m and norm(m.group(1)):
        f.raw_titles["title"] = _WS_RE.sub(" ", m.group(1)).strip()
        f.titles["title"] = norm(htmllib.unescape(m.group(1)))
    h1 = doc.find(".//h1")
    if h1 is not None and norm(h1.text_content()):
        f.titles["h1"] = norm(h1.text_content())
    f.titles = {k: v for k, v in f.titles.items() if 3 <= len(v.split()) and len(v) <= 250 and good_title(v)}
    # Percent-encoded strings the page holds: attribute values and script text.
    seen: set[str] = set()
    for el in doc.iter():
        values: list[str] = []
        if isinstance(el.tag, str):
            values.extend(el.attrib.values())
            if el.tag == "script" and el.text:
                values.append(el.text[:200_000])
        for v in values:
            for tok in pct_tokens(v):
                if 12 <= len(tok) <= 2000 and tok not in seen:
                    seen.add(tok)
                    f.encoded.append(tok)
    base = page.url or ""
    for el in doc.iter("link", "meta"):
        key = (el.get("rel") or el.get("property") or el.get("name") or "").lower()
        val = el.get("href") or el.get("content") or ""
        if key in {"canonical", "og:url", "og:image", "twitter:image", "shortlink"} and val:
            f.urls.append(urljoin(base, val))
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if href.startswith(("http://", "https://", "/")) and len(href) > 8:
            f.hrefs.append(urljoin(base, href) if base else href)
    f.forms = entity_forms_in_html(raw)
    try:
        f.article_html = Document(raw).summary(html_partial=True)
    except Exception:  # readability-lxml raises its own and lxml's errors on odd pages
        f.article_html = ""
    if f.article_html:
        art = lxml.html.fragment_fromstring(f.article_html, create_parent="div")
        for p in art.iter("p", "li", "blockquote"):
            t = norm(p.text_content())
            if good_paragraph(t) and t not in f.paragraphs:
                f.paragraphs.append(t)
    f.ctas = find_ctas(doc)
    f.navs = find_navs(doc)
    return f


def good_title(t: str) -> bool:
    return "\ufffd" not in t and not re.search(r"&[#A-Za-z0-9]+;|%[0-9A-Fa-f]{2}", t) and not ftfy.badness.is_bad(t)


# The word a call to action ends on when its link text is gone: a preposition or
# verb that wants the link as its object ("Follow AP's coverage of the war at",
# "Read more on", "Leia mais em", "Mehr dazu bei"), or a colon ("Read more:").
CTA_LAST_WORDS = frozenset(
    "at on to via visit see from by in of with for about into follow read watch listen "
    "subscribe download contact email call here: "
    "em no na do da para por en a de del al sur à au du par chez auf bei unter von zu im".split()
)


def _text_outside_links(el: Any) -> str:
    parts: list[str] = []

    def walk(e: Any) -> None:
        if e.text:
            parts.append(e.text)
        for c in e:
            if isinstance(c.tag, str) and c.tag != "a":
                walk(c)
            elif isinstance(c.tag, str) and c.tag == "a":
                parts.append(" ")
            if c.tail:
                parts.append(c.tail)

    walk(el)
    return norm("".join(parts))


def find_ctas(doc: Any) -> list[str]:
    """Short blocks ending in a link, as they read once the scraper dropped the link text.

    Kept when what is left ends on a word that wants the link as its object or on a
    colon, starts with a capital and has 3 to 14 words.
    """
    out: list[str] = []
    for el in doc.iter("p", "div", "li", "em", "strong", "span", "h3", "h4", "h5", "h6", "i", "b"):
        if any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in el.iterdescendants()):
            continue
        kids = [c for c in el if isinstance(c.tag, str)]
        if not kids or kids[-1].tag != "a" or not norm(kids[-1].text_content()):
            continue
        if (kids[-1].tail or "").strip() not in {"", "."}:
            continue
        before = _text_outside_links(el).rstrip(" .")
        words = before.split()
        if not (3 <= len(words) <= 14) or not before[0].isupper():
            continue
        if words[-1].lower() not in CTA_LAST_WORDS and not before.endswith(":"):
            continue
        if before not in out:
            out.append(before)
    return out


def find_navs(doc: Any) -> list[str]:
    """Lists of the page whose items are links only (menus, related stories), as HTML."""
    out: list[str] = []
    for ul in doc.iter("ul", "ol"):
        items = [li for li in ul if isinstance(li.tag, str) and li.tag == "li"]
        if not 3 <= len(items) <= 15:
            continue
        if all(li.find(".//a") is not None and link_only(li) for li in items):
            frag = copy.deepcopy(ul)
            frag.tail = None
            out.append(lxml.html.tostring(frag, encoding="unicode"))
        if len(out) >= 4:
            break
    return out


# ---------------------------------------------------------------- link residue


def link_only(el: Any) -> bool:
    """An element whose text is all inside links (separators aside)."""
    outside: list[str] = []

    def walk(e: Any, in_a: bool) -> None:
        if not in_a and e.text:
            outside.append(e.text)
        for c in e:
            if not isinstance(c.tag, str):
                if c.tail and not in_a:
                    outside.append(c.tail)
                continue
            walk(c, in_a or c.tag == "a")
            if c.tail and not in_a:
                outside.append(c.tail)

    walk(el, el.tag == "a")
    return bool(norm(el.text_content())) and bool(_SEPARATORS_RE.match("".join(outside)))


def strip_link_residue(fragment_html: str) -> str:
    """The HTML with what a careful human removes from scraped link residue taken out.

    - every image (``![alt](src)``, data-URI images included) goes;
    - an empty link (no text, or only an image) goes;
    - a block or list item whose text is all link text (a navigation line, a menu
      with its sub-menus) goes, and a list left with no item goes with it;
    - any other link is unwrapped: its text stays as prose, its URL goes.
    """
    root = lxml.html.fragment_fromstring(fragment_html, create_parent="div")
    for img in list(root.iter("img", "picture", "source", "svg")):
        img.drop_tree()
    for a in list(root.iter("a")):
        if not norm(a.text_content()):
            a.drop_tree()
    # Outermost first: a menu whose items (and sub-menus) are all links goes whole.
    for el in list(root.iter(*_BLOCKS)):
        if el is root or el.getparent() is None or not _attached(el, root):
            continue
        if el.find(".//a") is not None and link_only(el):
            el.drop_tree()
    for lst in list(root.iter("ul", "ol")):
        if lst.getparent() is not None and not norm(lst.text_content()):
            lst.drop_tree()
    for a in list(root.iter("a")):
        a.drop_tag()
    return lxml.html.tostring(root, encoding="unicode")


def _attached(el: Any, root: Any) -> bool:
    """Is ``el`` still under ``root`` (not inside a subtree dropped earlier)?"""
    while el is not None:
        if el is root:
            return True
        el = el.getparent()
    return False


def _h2t(body_width: int, inline: bool) -> Any:
    def conv(h: str) -> str:
        c = html2text.HTML2Text()
        c.body_width = body_width
        c.inline_links = inline
        c.unicode_snob = True
        return str(c.handle(h))

    return conv


CONVERTERS: dict[str, Any] = {
    "html2text": _h2t(0, True),
    "html2text-wrap78": _h2t(78, True),
    "html2text-reflinks": _h2t(0, False),
    "markdownify-atx": lambda h: markdownify(h, heading_style="ATX", bullets="-"),
    "markdownify": lambda h: markdownify(h),
}

# A link's markup in converted Markdown: the "](url)" of an inline link or image, a
# reference use "][3]" and its definition line, an autolink "<https://...>".
LINK_MARK_RE = re.compile(
    r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)|\]\[\d+\]|^ *\[\d+\]: *\S+|<https?://[^>\s]+>",
    re.MULTILINE,
)


def tidy_markdown(md: str) -> str:
    lines = [ln.rstrip() for ln in md.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text


# ---------------------------------------------------------------- survivors


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        for s in _SENT_RE.split(line):
            s = s.strip()
            if len(s) >= 20:
                out.append(s)
    return out


def survivors(inp: str, expected: str) -> list[str]:
    """Sentences of the expected text that stand untouched in the input."""
    return [s for s in dict.fromkeys(sentences(expected)) if s in inp]


# ---------------------------------------------------------------- case makers


def _mode(rng: random.Random) -> str:
    return rng.choices(STRIP_MODES, STRIP_WEIGHTS)[0]


def _body(f: PageFacts, rng: random.Random, n: int = 5) -> list[str]:
    k = min(len(f.paragraphs), rng.randint(2, n))
    start = rng.randint(0, max(0, min(3, len(f.paragraphs) - k)))
    return f.paragraphs[start : start + k]


def _title_chars(raw: str, rng: random.Random) -> dict[str, str]:
    """How the page writes the title's characters: its own entities, else the seed's."""
    chars: dict[str, str] = {}
    for m in re.finditer(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+[0-9]*);", raw):
        ch = htmllib.unescape(m.group(0))
        if len(ch) == 1 and ch not in chars and ch not in "<>":
            chars[ch] = m.group(0)
    if not chars or rng.random() < 0.3:
        # A share widget or CMS writing quotes as the seed's page did.
        chars.setdefault("'", rng.choice(ENTITY_FORMS["'"][:2]))
        chars.setdefault('"', "&quot;")
        chars.setdefault("\u2019", rng.choice(ENTITY_FORMS["\u2019"]))
        chars.setdefault("&", "&amp;")
    return chars


def _words_key(t: str) -> list[str]:
    return [re.sub(r"\W", "", w.lower()) for w in t.split()]


def title_pairs(f: PageFacts) -> list[tuple[str, str]]:
    """(source of the mangled copy, twin) pairs: the twin starts with the source's words."""
    pairs = []
    for s_name, s in f.titles.items():
        for t_name, t in f.titles.items():
            sk, tk = _words_key(s), _words_key(t)
            n = min(len(sk), len(tk))
            common = 0
            while common < n and sk[common] == tk[common]:
                common += 1
            if common >= 3:
                pairs.append((s_name, t_name))
    return pairs


def encodable_strings(f: PageFacts, page: Page, rng: random.Random) -> list[tuple[str, str]]:
    """Percent-encoded strings of the page, plus its URLs and sentences encoded as share widgets do."""
    out = [("page", e) for e in f.encoded]
    own = [u for u in f.urls + [page.url] if u]
    same_site = [h for h in f.hrefs if urlsplit(h).hostname and page.site in (urlsplit(h).hostname or "")]
    for u in own[:3] + rng.sample(same_site, min(3, len(same_site))):
        out.append(("share-url", share_encode(u)))
        if rng.random() < 0.3:
            out.append(("share-url-double", share_encode(u, double=True)))
    texts = list(f.titles.values())[:1] + f.paragraphs[:1]
    for t in texts:
        piece = t[: rng.randint(30, 200)] + rng.choice(["", "\n\n", " "])
        out.append(("share-text", share_encode(piece, plus=rng.random() < 0.3)))
    return out


def make_title_cases(page: Page, f: PageFacts, rng: random.Random) -> Iterator[dict[str, Any]]:
    if not f.titles or len(f.paragraphs) < 2:
        return
    pairs = title_pairs(f)
    pool = encodable_strings(f, page, rng)
    if not pool:
        return
    for n in range(3):
        body = _body(f, rng)
        if pairs:
            s_name, t_name = rng.choice(pairs)
        else:
            s_name = t_name = rng.choice(list(f.titles))
        src, twin = f.titles[s_name], f.titles[t_name]
        origin, enc = rng.choice(pool)
        debris = None
        for _ in range(5):
            debris = pick_debris(enc, rng)
            if debris:
                break
            origin, enc = rng.choice(pool)
        if not debris:
            continue
        # Cut no later than the words the twin shares with the source.
        shared = 0
        sk, tk = _words_key(src), _words_key(twin)
        while shared < min(len(sk), len(tk)) and sk[shared] == tk[shared]:
            shared += 1
        words = src.split(" ")
        if shared < len(words):
            src_used = " ".join(words[:shared])
            cut = None if shared > 3 else False
        else:
            src_used, cut = src, None
        chars = _title_chars(f.raw_titles.get(s_name, ""), rng)
        mangled = mangle_title(src_used, debris, rng, chars=chars, mode=_mode(rng), cut=cut, min_words=3)
        meta = {"title_source": s_name, "twin_source": t_name, "debris_origin": origin,
                "glued_debris": debris, "glue": mangled.glue, "words": mangled.words, "mangled": mangled.line}
        if n < 2:
            lines = [mangled.line, "", twin, "", "\n\n".join(body)]
            expected = [twin, "", "\n\n".join(body)]
            debris_items = [{"what": "title", "text": debris, "line": mangled.line}]
            if f.ctas and rng.random() < 0.3:
                cta = rng.choice(f.ctas)
                lines += ["", cta]
                debris_items.append({"what": "cta", "text": cta})
            inp, exp = "\n".join(lines), "\n".join(expected)
            yield {"kind": "title_twin", "input": inp, "expected": exp, "debris": debris_items,
                   "survivors": survivors(inp, exp), **meta}
        else:
            inp = "\n".join([mangled.line, "", "\n\n".join(body)])
            exp = "\n".join([mangled.cut, "", "\n\n".join(body)])
            yield {"kind": "title_alone", "input": inp, "expected": exp,
                   "debris": [{"what": "title_tail", "text": debris}],
                   "survivors": survivors(inp, exp), **meta}
    title = f.titles.get("title") or next(iter(f.titles.values()))
    body = _body(f, rng)
    doc = "\n".join([title, "", "\n\n".join(body)])
    yield {"kind": "title_clean", "input": doc, "expected": doc, "survivors": survivors(doc, doc)}


_ENTITY_RANGE_RE = re.compile("['\"&\u00a0-\u024f\u2010-\u2027\u2030-\u20cf\u2122\u2190-\u21ff]")


def make_entity_cases(page: Page, f: PageFacts, rng: random.Random) -> Iterator[dict[str, Any]]:
    if not f.paragraphs:
        return
    for style in ("page", "cms"):
        body = _body(f, rng, 6)
        text = "\n\n".join(body)
        present = {c for c in text if _ENTITY_RANGE_RE.match(c)}
        chars: dict[str, str] = {}
        if style == "page":
            for c in sorted(present):
                if c in f.forms:
                    chars[c] = f.forms[c][0]
            if not chars:
                continue
        else:
            # Decimal and named entities are what CMSs write; hex is rarer.
            cms = rng.choices(["named", "decimal", "hex"], [9, 9, 2])[0]
            for c in sorted(present):
                if c in ENTITY_FORMS and rng.random() < 0.5:
                    # The usual forms first: the first of each list is the most common.
                    forms = ENTITY_FORMS[c]
                    chars[c] = rng.choices(forms, [1 / (i + 1) ** 2 for i in range(len(forms))])[0]
                else:
                    chars[c] = cms_form(c, cms)
        mode = _mode(rng)
        damaged, inst = damage_entities(text, chars, mode)
        if not inst:
            continue
        yield {
            "kind": "entity", "style": style, "mode": mode, "input": damaged, "expected": text,
            "instances": [
                {"start": i.start, "residue": i.residue, "expected_start": i.expected_start,
                 "expected": i.expected, "entity": i.entity}
                for i in inst
            ],
            "survivors": survivors(damaged, text),
        }


_LOOKALIKE_RE = re.compile(
    r"[A-Za-z]\d{2,4}\b|\b\d{2,4}[a-z]|\b\w*(amp|quot|nbsp|rsquo|deg|reg|copy|trade|bull|hellip|mdash|ndash|pound|euro)\w*\b",
    re.IGNORECASE,
)


def make_entity_controls(page: Page, f: PageFacts, rng: random.Random) -> Iterator[dict[str, Any]]:
    paras = [p for p in f.paragraphs if _LOOKALIKE_RE.search(p)]
    # URLs as the page links them (a literal "&amp;" in one is double escaping: left out).
    urls = [h for h in f.hrefs if h.startswith("http") and re.search(r"\d{2,}", h) and len(h) < 200
            and not re.search(r"&[#A-Za-z0-9]+;", h)]
    lines = paras[:4] + rng.sample(urls, min(3, len(urls)))
    if lines:
        doc = "\n\n".join(lines)
        yield {"kind": "entity_clean", "input": doc, "expected": doc, "survivors": survivors(doc, doc)}


def make_link_cases(page: Page, f: PageFacts, rng: random.Random) -> Iterator[dict[str, Any]]:
    if not f.article_html or len(f.paragraphs) < 2:
        return
    for name in rng.sample(sorted(CONVERTERS), 2):
        frag = f.article_html
        if f.navs and rng.random() < 0.5:
            frag = rng.choice(f.navs) + frag
        if f.navs and rng.random() < 0.3:
            frag = frag + rng.choice(f.navs)
        # Soft hyphens and zero-width characters are removed by design (control_chars),
        # in text as in the paragraphs of the other kinds: not residue to score here.
        frag = _INVISIBLE_RE.sub("", f"<div>{frag}</div>")
        try:
            md = tidy_markdown(CONVERTERS[name](frag))
            exp = tidy_markdown(CONVERTERS[name](strip_link_residue(frag)))
        except Exception as exc:  # a converter that chokes on a page is reported, not fatal
            print(f"  {page.id}: {name} failed: {exc!r}")
            continue
        if len(md) > 40_000:
            continue
        marks = [m.group(0) for m in LINK_MARK_RE.finditer(md)]
        if not marks:
            continue
        yield {"kind": "link", "converter": name, "input": md, "expected": exp,
               "marks": marks, "survivors": survivors(md, exp)}


def make_cta_cases(page: Page, f: PageFacts, rng: random.Random) -> Iterator[dict[str, Any]]:
    if not f.ctas or len(f.paragraphs) < 2:
        return
    body = "\n\n".join(_body(f, rng))
    cta = rng.choice(f.ctas)
    inp = f"{body}\n\n{cta}"
    yield {"kind": "cta", "input": inp, "expected": body, "debris": [{"what": "cta", "text": cta}],
           "survivors": survivors(inp, body)}


def wrapped_control(paras: list[str], rng: random.Random) -> str:
    """Paragraphs hard-wrapped at a random width and cut at a random line, or chunked mid-sentence.

    Neither leaves a fragment standing alone after a finished paragraph (that is
    what a truncated tail looks like): a wrapped paragraph is cut after its second
    line at the earliest, a chunked one after its first sentence.
    """
    if rng.random() < 0.6:
        width = rng.randint(40, 100)
        lines: list[str] = []
        for i, p in enumerate(paras):
            if i:
                lines.append("")
            lines.extend(textwrap.wrap(p, width, break_long_words=False, break_on_hyphens=False))
        first_of_last = max((i for i, ln in enumerate(lines) if ln == ""), default=-1) + 1
        earliest = min(first_of_last + 1, len(lines) - 1)
        return "\n".join(lines[: rng.randint(earliest, len(lines) - 1) + 1])
    last = paras[-1]
    ends = [m.end() for m in re.finditer(r"[.!?][\"'\u201d\u2019)]*(?= )", last)]
    if not ends or ends[0] >= len(last) - 2:
        return "\n\n".join(paras)  # one sentence: kept whole
    words_after = last[ends[0] :].split(" ")
    k = rng.randint(2, max(2, len(words_after) - 1))
    return "\n\n".join(paras[:-1] + [last[: ends[0]] + " ".join(words_after[:k])])


def make_wrapped_controls(page: Page, f: PageFacts, rng: random.Random) -> Iterator[dict[str, Any]]:
    if len(f.paragraphs) < 2:
        return
    doc = wrapped_control(_body(f, rng), rng)
    yield {"kind": "wrapped_clean", "lang": f.lang, "input": doc, "expected": doc, "survivors": survivors(doc, doc)}


MAKERS = [make_title_cases, make_entity_cases, make_entity_controls, make_link_cases, make_cta_cases,
          make_wrapped_controls]


def repo_controls(seed: int, table: dict[str, str]) -> Iterator[dict[str, Any]]:
    """Clean controls from the repository's own clean corpus (Markdown; wrapped prose in many languages)."""
    for path in sorted((CLEAN / "markdown").glob("*.md")):
        doc = path.read_text(encoding="utf-8")
        site = f"repo:markdown/{path.stem}"
        yield {"kind": "markdown_clean", "page": f"repo:{path.relative_to(ROOT)}", "site": site,
               "split": site_split(site, table), "input": doc, "expected": doc, "survivors": survivors(doc, doc)}
    for sub in ("udhr", "literature", "news", "wikipedia"):
        for path in sorted((CLEAN / sub).glob("*.txt")):
            rng = random.Random(f"{seed}:{path.name}")
            paras = [norm(p) for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) >= 8]
            if len(paras) < 2:
                continue
            start = rng.randint(0, len(paras) - 2)
            doc = wrapped_control(paras[start : start + rng.randint(2, 4)], rng)
            site = f"repo:{sub}/{path.stem}"
            yield {"kind": "wrapped_clean", "page": f"repo:{path.relative_to(ROOT)}", "site": site,
                   "split": site_split(site, table), "input": doc, "expected": doc,
                   "survivors": survivors(doc, doc)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--data", type=Path, default=Path("/work/devdata/web"))
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--write-split", action="store_true")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (a quick look)")
    args = ap.parse_args(argv)
    t0 = time.time()
    pages = list(load_pages(args.mirror))
    if args.limit:
        pages = pages[: args.limit]
    if args.write_split:
        sites: dict[str, list[str]] = {}
        for p in pages:
            sites.setdefault(p.site, []).append(p.id)
        write_split(sites)
    table = read_split()
    args.data.mkdir(parents=True, exist_ok=True)
    out = args.data / "cases.jsonl"
    tmp = out.with_suffix(".tmp")
    counts: dict[str, int] = {}
    with tmp.open("w", encoding="utf-8") as fh:
        for page in pages:
            f = page_facts(page)
            if f is None:
                continue
            rng = random.Random(f"{args.seed}:{page.id}")
            split = site_split(page.site, table)
            n = 0
            for maker in MAKERS:
                for case in maker(page, f, rng):
                    case = {"id": f"{page.id}#{case['kind']}{n}", "page": page.id, "site": page.site,
                            "split": split, **case}
                    n += 1
                    counts[case["kind"]] = counts.get(case["kind"], 0) + 1
                    fh.write(json.dumps(case, ensure_ascii=False) + "\n")
        for i, case in enumerate(repo_controls(args.seed, table)):
            case = {"id": f"{case['page']}#{case['kind']}{i}", **case}
            counts[case["kind"]] = counts.get(case["kind"], 0) + 1
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")
    tmp.replace(out)
    n_sites = len({p.site for p in pages})
    print(f"{len(pages)} pages from {n_sites} sites -> {out} ({out.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f} s")
    for k in sorted(counts):
        print(f"  {k}: {counts[k]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
