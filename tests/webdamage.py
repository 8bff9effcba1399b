"""A model of how web scrapers damage text, for tests and for the web development set.

Issue 12 describes the damage; each function below models one step of it and says
what it leaves out. The same functions build the committed fixtures
(``tests/data/web/*.jsonl``, by ``tests/data/web/make_fixtures.py`` from data already
in the repository) and the uncommitted development set built from real pages
(``benchmarks/web/build_devset.py``), so a property test and the dev-set figures speak
of the same damage.

The steps:

- :func:`encode_entities` writes characters the way a CMS or a share widget does:
  ``'`` as ``&#39;``/``&#039;``/``&#x27;``/``&apos;``, ``’`` as ``&#8217;``/``&rsquo;``/
  ``&#x2019;``, non-ASCII letters as named or numeric entities.
- :func:`strip_entity` is the scraper that loses ``&``, ``#``, ``;`` or all three
  (``&#39;`` -> ``39``, ``#39;``, ``&#39``, ``#39``, ``39;``; ``&nbsp;`` -> ``nbsp``).
- :func:`damage_entities` applies both to a text and records every residue instance:
  where it is in the damaged text, what it is, and what it stands for.
- :func:`share_encode` percent-encodes a URL or a sentence as share widgets and
  redirectors do (``quote(..., safe='')``, UTF-8 bytes, optionally twice: ``%252F``).
- :func:`strip_percent` removes the ``%`` signs (and entity punctuation) the way the
  scraper of the seed did, remembering where each escape was.
- :func:`pick_debris` takes a substring of such a stripped string at an arbitrary
  offset (it may start mid-domain or with ``2F2F``) that holds at least one escape.
- :func:`mangle_title` cuts a title at a word (or not), strips its entities and glues
  the debris on, with or without a space: the seed's line 1.

Not modelled: debris glued *inside* a title, two debris strings on one line, damage by
a scraper that also changes case or spacing, titles translated or rewritten by the
site (the twin is always a real second title of the same page or the title itself).
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field
from urllib.parse import quote

__all__: list[str] = [
    "ENTITY_FORMS",
    "STRIP_MODES",
    "EntityInstance",
    "MangledTitle",
    "damage_entities",
    "encode_entities",
    "entity_forms_in_html",
    "mangle_title",
    "pick_debris",
    "share_encode",
    "slugify",
    "strip_entity",
    "strip_percent",
    "synthetic_urls",
    "with_site_suffix",
]

# What a scraper loses of an entity: "&", ";", "&" and ";", "&" and "#", or all three.
STRIP_MODES: tuple[str, ...] = ("all", "amp", "semi", "amp_semi", "amp_hash")
# The seed lost all three; so do most scrapers that strip punctuation from entities.
STRIP_WEIGHTS: tuple[int, ...] = (6, 2, 1, 2, 1)

# The usual ways pages and CMSs write a character as an entity, most frequent first.
ENTITY_FORMS: dict[str, tuple[str, ...]] = {
    "'": ("&#39;", "&#039;", "&#x27;", "&apos;"),
    '"': ("&quot;", "&#34;", "&#034;"),
    "&": ("&amp;", "&#38;"),
    "\N{RIGHT SINGLE QUOTATION MARK}": ("&#8217;", "&rsquo;", "&#x2019;"),
    "\N{LEFT SINGLE QUOTATION MARK}": ("&#8216;", "&lsquo;", "&#x2018;"),
    "\N{LEFT DOUBLE QUOTATION MARK}": ("&#8220;", "&ldquo;", "&#x201C;"),
    "\N{RIGHT DOUBLE QUOTATION MARK}": ("&#8221;", "&rdquo;", "&#x201D;"),
    "\N{EM DASH}": ("&#8212;", "&mdash;", "&#x2014;"),
    "\N{EN DASH}": ("&#8211;", "&ndash;", "&#x2013;"),
    "\N{HORIZONTAL ELLIPSIS}": ("&#8230;", "&hellip;"),
    "\N{NO-BREAK SPACE}": ("&nbsp;", "&#160;", "&#xA0;"),
    "\N{BULLET}": ("&bull;", "&#8226;"),
    "\N{TRADE MARK SIGN}": ("&trade;", "&#8482;"),
    "\N{COPYRIGHT SIGN}": ("&copy;", "&#169;"),
    "\N{REGISTERED SIGN}": ("&reg;", "&#174;"),
    "\N{DEGREE SIGN}": ("&deg;", "&#176;"),
    "\N{POUND SIGN}": ("&pound;", "&#163;"),
    "\N{EURO SIGN}": ("&euro;", "&#8364;"),
}

# Characters that are invisible or removed by other stages: never encoded here, so
# an instance always has a visible, checkable repair.
_INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}

_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def entity_forms_in_html(raw_html: str) -> dict[str, list[str]]:
    """The entities a page's own source uses, by the character each stands for.

    Counted over the whole source (text and attributes alike), most frequent form
    first; entities for markup characters (``<``, ``>``) and invisible ones are left out.
    """
    counts: dict[str, dict[str, int]] = {}
    for m in _ENTITY_RE.finditer(raw_html):
        ent = m.group(0)
        ch = html.unescape(ent)
        if ch == ent or len(ch) != 1 or ch in "<>" or ch in _INVISIBLE or ch.isspace() and ch != "\xa0":
            continue
        if ch.isascii() and ch not in "'\"&":
            continue
        counts.setdefault(ch, {})
        counts[ch][ent] = counts[ch].get(ent, 0) + 1
    return {ch: sorted(forms, key=lambda f: -forms[f]) for ch, forms in counts.items()}


def cms_form(ch: str, style: str) -> str:
    """``ch`` as a CMS writes it in ``style`` ("named", "decimal", "hex")."""
    if style == "named":
        for ent, value in html.entities.html5.items():
            if value == ch and ent.endswith(";") and ent[:-1].isalpha():
                if ch in ENTITY_FORMS and not any(f == f"&{ent}" for f in ENTITY_FORMS[ch]):
                    continue
                return f"&{ent}"
        style = "decimal"
    if style == "hex":
        return f"&#x{ord(ch):X};"
    return f"&#{ord(ch)};"


def encode_entities(text: str, chars: dict[str, str]) -> str:
    """``text`` with each character of ``chars`` written as its entity ``chars[c]``."""
    return "".join(chars.get(c, c) for c in text)


def strip_entity(entity: str, mode: str) -> str:
    """What is left of ``entity`` (``&#39;``, ``&rsquo;``) after a scraper lost parts of it."""
    body = entity[1:-1] if entity.endswith(";") else entity[1:]
    hashless = body[1:] if body.startswith("#") else body
    if mode == "all":
        return hashless
    if mode == "amp":
        return f"{body};"
    if mode == "semi":
        return f"&{body}"
    if mode == "amp_semi":
        return body
    if mode == "amp_hash":
        return f"{hashless};"
    raise ValueError(f"unknown strip mode {mode!r}")


@dataclass(frozen=True)
class EntityInstance:
    """One residue instance: its span in the damaged text and in the expected text."""

    start: int  # in the damaged text
    residue: str
    expected_start: int  # in the expected text
    expected: str  # the character the entity stood for
    entity: str  # the complete entity before damage


def damage_entities(
    text: str, chars: dict[str, str], mode: str
) -> tuple[str, list[EntityInstance]]:
    """``text`` with each character of ``chars`` encoded as ``chars[c]`` and stripped by ``mode``.

    Returns the damaged text and its instances. ``text`` is the expected repair.
    """
    out: list[str] = []
    instances: list[EntityInstance] = []
    pos = 0
    for i, c in enumerate(text):
        ent = chars.get(c)
        if ent is None:
            out.append(c)
            pos += 1
            continue
        residue = strip_entity(ent, mode)
        instances.append(EntityInstance(pos, residue, i, c, ent))
        out.append(residue)
        pos += len(residue)
    return "".join(out), instances


def share_encode(s: str, *, double: bool = False, plus: bool = False) -> str:
    """``s`` percent-encoded as share widgets do (every reserved byte; UTF-8 bytes)."""
    enc = quote(s, safe="")
    if plus:
        enc = enc.replace("%20", "+")
    if double:
        enc = quote(enc, safe="")
    return enc


_PCT_RE = re.compile(r"%([0-9A-Fa-f]{2})")


def strip_percent(s: str, mode: str = "all") -> tuple[str, list[int]]:
    """``s`` without ``%`` signs and with its entities stripped by ``mode``.

    Returns the stripped string and the offsets in it where a ``%XX`` escape was.
    """
    out: list[str] = []
    escapes: list[int] = []
    n = 0
    i = 0
    while i < len(s):
        if s[i] == "%" and _PCT_RE.match(s, i):
            escapes.append(n)
            out.append(s[i + 1 : i + 3])
            n += 2
            i += 3
            continue
        m = _ENTITY_RE.match(s, i) if s[i] == "&" else None
        if m:
            r = strip_entity(m.group(0), mode)
            out.append(r)
            n += len(r)
            i = m.end()
            continue
        out.append(s[i])
        n += 1
        i += 1
    return "".join(out), escapes


def pick_debris(
    encoded: str, rng: random.Random, *, min_len: int = 10, max_len: int = 160
) -> str | None:
    """A random-offset substring of ``encoded`` stripped of ``%``, holding an escape.

    ``None`` when ``encoded`` has no escape or the piece would be shorter than
    ``min_len``. The substring runs to the end of the string (as in the seed) or
    stops at a random point after its first escape; it is at most ``max_len`` long.
    """
    stripped, escapes = strip_percent(encoded)
    if not escapes or len(stripped) < min_len:
        return None
    # Start anywhere up to the last escape (so the piece holds one) that leaves room
    # for ``min_len`` characters.
    start = rng.randint(0, min(escapes[-1], len(stripped) - min_len))
    min_end = max(next(e for e in escapes if e >= start) + 2, start + min_len)
    if rng.random() < 0.6:
        end = len(stripped)
    else:
        end = rng.randint(min_end, len(stripped))
    end = min(end, max(start + max_len, min_end))
    piece = stripped[start:end]
    return piece if len(piece) >= min_len else None


@dataclass(frozen=True)
class MangledTitle:
    """The seed's line 1: a cut title, entity residue, glued debris."""

    line: str  # the mangled line
    cut: str  # the cut title as the author wrote it (the no-twin repair)
    debris: str  # the glued debris, as it stands in ``line``
    words: int  # how many words of the title were kept
    glue: str = ""  # "" or " ": what stands between title and debris
    instances: list[str] = field(default_factory=list)  # entity residue in the kept words


def mangle_title(
    title: str,
    debris: str,
    rng: random.Random,
    *,
    chars: dict[str, str] | None = None,
    mode: str = "all",
    cut: bool | None = None,
    min_words: int = 2,
) -> MangledTitle:
    """``title`` cut at a random word (or not), its entities stripped, ``debris`` glued on.

    ``chars`` says how the page writes characters as entities (default: ``'`` as
    ``&#39;`` and ``"`` as ``&quot;``, as the seed's page did); ``mode`` how the scraper
    stripped them. ``cut`` forces a cut (True) or the whole title (False).
    """
    if chars is None:
        chars = {"'": "&#39;", '"': "&quot;"}
    words = title.split(" ")
    if cut is None:
        cut = rng.random() < 0.75 and len(words) > min_words
    k = rng.randint(min_words, len(words) - 1) if cut and len(words) > min_words else len(words)
    kept = " ".join(words[:k])
    damaged, inst = damage_entities(kept, chars, mode)
    glue = " " if rng.random() < 0.5 else ""
    return MangledTitle(
        line=f"{damaged}{glue}{debris}",
        cut=kept,
        debris=debris,
        words=k,
        glue=glue,
        instances=[i.residue for i in inst],
    )


# ---------------------------------------------------------------- synthetic URLs

SITES: tuple[tuple[str, str], ...] = (
    # (host, site name as it ends a <title>)
    ("www.nytimes.com", "The New York Times"),
    ("apnews.com", "AP News"),
    ("www.sportsnet.ca", "Sportsnet.ca"),
    ("techcrunch.com", "TechCrunch"),
    ("www.bbc.co.uk", "BBC News"),
    ("www.theguardian.com", "The Guardian"),
    ("www.lemonde.fr", "Le Monde"),
    ("www.spiegel.de", "DER SPIEGEL"),
    ("elpais.com", "EL PAÍS"),
    ("www1.folha.uol.com.br", "Folha"),
    ("t.ca", "T.ca"),
)
_SUFFIX_SEPS = (" - ", " | ", " \N{EN DASH} ", " \N{EM DASH} ", " : ")


def slugify(title: str) -> str:
    """A URL slug of ``title`` as CMSs make them (lower case ASCII words joined by '-')."""
    words = re.findall(r"[a-z0-9]+", title.lower().replace("'", "").replace("\N{RIGHT SINGLE QUOTATION MARK}", ""))
    return "-".join(words[:12]) or "story"


def synthetic_urls(title: str, sentence: str, rng: random.Random) -> list[tuple[str, str]]:
    """(origin, percent-encoded string) pairs a page about ``title`` could hold.

    The canonical URL (share-encoded, sometimes twice), share links of several
    widgets, an image CDN path behind an image proxy, a tracking redirect and a
    URL-encoded sentence (UTF-8 bytes of curly quotes become ``E28099``).
    """
    host, _name = rng.choice(SITES)
    y, m, d = rng.randint(2005, 2026), rng.randint(1, 12), rng.randint(1, 28)
    slug = slugify(title)
    canon = f"https://{host}/{y}/{m:02d}/{d:02d}/{rng.choice(['world', 'business', 'sport', 'tech'])}/{slug}.html"
    h = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    image = f"https://cdn.{host.removeprefix('www.')}/images/{y}/{m:02d}/{h}/{slug}.jpg?w=1200&q=75"
    return [
        ("canonical", share_encode(canon)),
        ("canonical-double", share_encode(canon, double=True)),
        ("share-facebook", "https://www.facebook.com/sharer/sharer.php?u=" + share_encode(canon)),
        ("share-twitter", "https://twitter.com/intent/tweet?text=" + share_encode(title) + "&url=" + share_encode(canon)),
        ("share-email", "mailto:?subject=" + share_encode(title) + "&body=" + share_encode(sentence + "\n\n" + canon)),
        ("image-proxy", f"https://{host}/_next/image?url=" + share_encode(image) + "&w=3840&q=75"),
        ("tracking", f"https://click.{host.removeprefix('www.')}/r?u=" + share_encode(canon) + "&utm_source=newsletter"),
        ("sentence", share_encode(sentence + rng.choice(["", "\n\n", " "]), plus=rng.random() < 0.3)),
    ]


def with_site_suffix(title: str, rng: random.Random) -> str:
    """``title`` as its <title> reads with the site's name after it."""
    _host, name = rng.choice(SITES)
    return f"{title}{rng.choice(_SUFFIX_SEPS)}{name}"


# ---------------------------------------------------------------- hypothesis strategies


try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    st = None  # type: ignore[assignment]

if st is not None:

    @st.composite
    def title_documents(
        draw: st.DrawFn, headlines: list[str], bodies: list[str], *, twin: bool = True
    ) -> tuple[str, str]:
        """``(document, expected)``: a real headline, cut anywhere, plus any percent-stripped
        string from a page about it, above its twin (``twin=True``) or alone.

        With a twin the expected document is the twin and the body; alone, it is the
        cut headline as written (entities restored) and the body.
        """
        title = draw(st.sampled_from(headlines))
        body = draw(st.sampled_from(bodies))
        seed = draw(st.integers(0, 2**32 - 1))
        rng = random.Random(seed)
        origin, enc = draw(st.sampled_from(synthetic_urls(title, body.split(". ")[0], rng)))
        del origin
        debris = pick_debris(enc, rng)
        if debris is None:  # every synthetic string has escapes; kept for safety
            debris = strip_percent(enc)[0][-40:]
        form = draw(st.sampled_from(ENTITY_FORMS["'"]))
        mode = draw(st.sampled_from(STRIP_MODES))
        mangled = mangle_title(title, debris, rng, chars={"'": form, '"': "&quot;", "&": "&amp;"}, mode=mode)
        if twin:
            shown = with_site_suffix(title, rng) if draw(st.booleans()) else title
            return f"{mangled.line}\n\n{shown}\n\n{body}", f"{shown}\n\n{body}"
        return f"{mangled.line}\n\n{body}", f"{mangled.cut}\n\n{body}"

    @st.composite
    def stripped_entities(
        draw: st.DrawFn, texts: list[str]
    ) -> tuple[str, str, list[EntityInstance]]:
        """``(damaged, expected, instances)``: a real text whose characters are written as
        entities (any form of :data:`ENTITY_FORMS` or a named/decimal/hex CMS form) and
        stripped in any of the :data:`STRIP_MODES`."""
        text = draw(st.sampled_from([t for t in texts if any(c in ENTITY_FORMS or ord(c) > 127 for c in t)]))
        present = sorted({c for c in text if c in ENTITY_FORMS or 0xC0 <= ord(c) <= 0x17F})
        chars: dict[str, str] = {}
        for c in present:
            if c in ENTITY_FORMS:
                chars[c] = draw(st.sampled_from(ENTITY_FORMS[c]))
            else:
                chars[c] = cms_form(c, draw(st.sampled_from(["named", "decimal", "hex"])))
        mode = draw(st.sampled_from(STRIP_MODES))
        damaged, inst = damage_entities(text, chars, mode)
        return damaged, text, inst

    __all__ += ["stripped_entities", "title_documents"]
