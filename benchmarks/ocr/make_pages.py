"""Render real clean text to book-like page images, OCR them with Tesseract,
and write (ocr, truth) pairs for the OCR development set.

Deterministic for a given ``--seed`` (default 20240611): the page layout, fonts,
degradations and the JPEG/PNG bytes depend only on the seed and the texts.
Tesseract output is deterministic for a given Tesseract build
(``OMP_THREAD_LIMIT=1`` is set for each call).

Pipeline per document (a run of 2-5 consecutive pages of one work):

1. take the next blocks (paragraphs, verse stanzas, headings) of the work;
2. lay them out: justified (sometimes ragged) lines, real hyphenation at line
   ends (pyphen), paragraph indents or spacing, chapter headings (sometimes
   letter-spaced, ``C H A P T E R  I``), a running header (book title /
   chapter title, sometimes alternating left/right pages) and a page number in
   one of several styles at the top or bottom;
3. draw each page at 300 dpi, then degrade it to one scan quality
   (``clean``, ``scan``, ``poor``: see ``QUALITIES``);
4. run ``tesseract <pages.list> stdout --psm 3|4 -l eng`` on the document
   (one call per document, pages given as a list file, so the output is
   Tesseract's own multi-page text with a form feed ``\\f`` between pages)
   -> ``<id>.ocr.txt``;
5. write the printed blocks as truth -> ``<id>.truth.txt``: one paragraph per
   line, a blank line between paragraphs; verse stanzas keep their real line
   breaks (one verse line per line); headings appear as their own paragraph
   with letter-spacing removed; running headers and page numbers are absent; a
   paragraph split over a page break appears once, whole.

Usage::

    python benchmarks/ocr/make_pages.py                 # everything
    python benchmarks/ocr/make_pages.py --limit 3 --jobs 2   # quick look
    python benchmarks/ocr/make_pages.py --no-ocr        # images + truth only

The Alice check set (``pairs-alice/``; ``texts/alice.txt`` is made by
``prep_alice.py``) uses another work and one quality per document (``--keep``
leaves the set's README.md in place)::

    python benchmarks/ocr/make_pages.py --works alice --rotation single --seed 777 \\
        --limit 24 --jobs 2 --keep --out benchmarks/ocr/pairs-alice --pages benchmarks/ocr/pages/alice

Each document's design and degradation are seeded from the seed, the work key
and the document's index in its work (or its id), never from the other works
selected, so ``--works`` only chooses which documents exist; the quality
rotation counts the documents of the selected works in ``WORKS`` order.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyphen
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"
BASE_DPI = 300

# --------------------------------------------------------------------------
# Works and fonts
# --------------------------------------------------------------------------

WORKS = {
    "pride_and_prejudice": dict(
        short="pp", title="Pride and Prejudice", author="Jane Austen",
        genre="novel; dialogue", verse=False),
    "persuasion": dict(
        short="persuasion", title="Persuasion", author="Jane Austen",
        genre="novel; dates and numbers in chapter 1", verse=False),
    "devils_dictionary": dict(
        short="devil", title="The Devil's Dictionary", author="Ambrose Bierce",
        genre="satirical dictionary; prose entries with embedded verse", verse=False),
    "dracula": dict(
        short="dracula", title="Dracula", author="Bram Stoker",
        genre="epistolary novel; dated diary entries, times, numbers", verse=False),
    "walden": dict(
        short="walden", title="Walden", author="Henry David Thoreau",
        genre="essay; curly quotes and em dashes", verse=False),
    "wealth_of_nations": dict(
        short="wealth", title="The Wealth of Nations", author="Adam Smith",
        genre="economics treatise; ordinals and statute numbers", verse=False),
    "leaves_of_grass": dict(
        short="leaves", title="Leaves of Grass", author="Walt Whitman",
        genre="verse (long free-verse lines, turnovers)", verse=True),
    # not in the default run: the Alice check set (pairs-alice/, --works alice)
    "alice": dict(
        short="alice", title="ALICE'S ADVENTURES IN WONDERLAND", author="Lewis Carroll",
        genre="children's novel; dialogue in curly quotes, em dashes, embedded verse",
        verse=False),
}
# works of the development set (pairs/), the default of --works
DEFAULT_WORKS = ["pride_and_prejudice", "persuasion", "devils_dictionary", "dracula",
                 "walden", "wealth_of_nations", "leaves_of_grass"]

_TG = "/usr/share/texmf/fonts/opentype/public/tex-gyre/"
FONTS = [
    # name, regular, italic, has OpenType fi/fl ligatures
    ("TeX Gyre Termes", _TG + "texgyretermes-regular.otf", _TG + "texgyretermes-italic.otf", True),
    ("TeX Gyre Pagella", _TG + "texgyrepagella-regular.otf", _TG + "texgyrepagella-italic.otf", True),
    ("TeX Gyre Schola", _TG + "texgyreschola-regular.otf", _TG + "texgyreschola-italic.otf", True),
    ("TeX Gyre Bonum", _TG + "texgyrebonum-regular.otf", _TG + "texgyrebonum-italic.otf", True),
    ("Linux Libertine O", "/usr/share/fonts/opentype/linux-libertine/LinLibertine_R.otf",
     "/usr/share/fonts/opentype/linux-libertine/LinLibertine_RI.otf", True),
    ("EB Garamond 12", "/usr/share/fonts/opentype/ebgaramond/EBGaramond12-Regular.otf",
     "/usr/share/fonts/opentype/ebgaramond/EBGaramond12-Italic.otf", True),
    ("DejaVu Serif", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf", False),
    ("Liberation Serif", "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSerif-Italic.ttf", False),
]

# Scan qualities.  ``dpi`` is the resolution of the image handed to Tesseract.
QUALITIES = {
    "clean": dict(dpi=300, rotate=0.0, blur=0.0, noise=3.0, speckle=0.0, jpeg=None,
                  paper=(250, 255), ink=(0, 20), bleed=False, shadow=0.0),
    "scan": dict(dpi=200, rotate=0.7, blur=0.6, noise=8.0, speckle=0.0002, jpeg=(55, 75),
                 paper=(225, 245), ink=(15, 45), bleed=False, shadow=0.25),
    "poor": dict(dpi=150, rotate=1.5, blur=1.0, noise=14.0, speckle=0.001, jpeg=(25, 40),
                 paper=(200, 235), ink=(30, 70), bleed=True, shadow=0.6),
}

PAGE_SIZES = {  # inches
    "crown-octavo": (5.25, 8.0),
    "trade": (5.5, 8.5),
    "royal": (6.0, 9.0),
    "a5": (5.83, 8.27),
    "letter": (8.5, 11.0),
}

PAGE_NUMBER_STYLES = ["{n}", "- {n} -", "\u2014 {n} \u2014", "Page {n}", "[{n}]", "({n})"]


# --------------------------------------------------------------------------
# Text model
# --------------------------------------------------------------------------

@dataclass
class Block:
    kind: str            # "heading" | "prose" | "verse"
    text: str = ""        # prose / heading (raw, may contain _italics_)
    lines: list[str] = field(default_factory=list)   # verse


def parse_text(path: Path, verse_work: bool) -> list[Block]:
    raw = path.read_text(encoding="utf-8")
    blocks = []
    for chunk in re.split(r"\n\s*\n", raw.strip()):
        lines = [ln.rstrip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        if lines[0].startswith("# "):
            blocks.append(Block("heading", text=" ".join(ln.lstrip("# ").strip() for ln in lines)))
        elif all(ln.startswith("|") for ln in lines):
            blocks.append(Block("verse", lines=[ln[1:].strip() for ln in lines]))
        elif verse_work:
            blocks.append(Block("verse", lines=[ln.strip() for ln in lines]))
        else:
            blocks.append(Block("prose", text=re.sub(r"\s+", " ", " ".join(lines)).strip()))
    return blocks


def smarten(text: str) -> str:
    """Typographic quotes and dashes, as a typesetter would print them."""
    t = text.replace("--", "\u2014")
    t = re.sub(r'(^|[\s(\[\u2014_])"', "\\1\u201c", t)
    t = t.replace('"', "\u201d")
    t = re.sub(r"(^|[\s(\[\u2014_])'", "\\1\u2018", t)
    t = t.replace("'", "\u2019")
    # elisions at word start: 'tis, 'twas, 'twere
    t = re.sub(r"\u2018(?=(?:tis|twas|twere|Tis|Twas|Twere)\b)", "\u2019", t)
    return t


def plain(text: str) -> str:
    """Printed text without italic markers."""
    return text.replace("_", "")


def runs_of(word: str, italic_state: bool) -> tuple[list[tuple[str, bool]], bool]:
    """Split a word with ``_`` markers into (text, italic) runs."""
    runs: list[tuple[str, bool]] = []
    cur = ""
    for ch in word:
        if ch == "_":
            if cur:
                runs.append((cur, italic_state))
            cur = ""
            italic_state = not italic_state
        else:
            cur += ch
    if cur:
        runs.append((cur, italic_state))
    return runs, italic_state


# --------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------

@dataclass
class Op:
    """A piece of text drawn at (x, y) (y = top of the line box)."""
    x: float
    y: float
    text: str
    italic: bool = False
    scale: float = 1.0
    tracking: float = 0.0   # extra px between letters (letter-spaced headings)


@dataclass
class Page:
    number: int
    ops: list[Op] = field(default_factory=list)
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # x0, x1, y
    chapter_opening: bool = False
    chapter: str = ""
    header: str | None = None
    number_text: str | None = None
    hyphen_breaks: int = 0
    body_lines: int = 0


class Layout:
    def __init__(self, cfg: dict, work: dict):
        self.cfg = cfg
        self.work = work
        px = cfg["font_px"]
        self.features = None if cfg["ligatures"] else ["-liga", "-clig"]
        self.fonts = {}
        for italic, path in ((False, cfg["font_regular"]), (True, cfg["font_italic"])):
            self.fonts[(italic, 1.0)] = ImageFont.truetype(path, px)
        self.px = px
        self.line_h = px * cfg["leading"]
        self.hyph = pyphen.Pyphen(lang=cfg["hyph_lang"], left=2, right=3)
        w_in, h_in = PAGE_SIZES[cfg["page_size"]]
        self.W, self.H = int(w_in * BASE_DPI), int(h_in * BASE_DPI)
        m = cfg["margins"]
        self.left_inner, self.left_outer = int(m[0] * BASE_DPI), int(m[1] * BASE_DPI)
        self.top, self.bottom = int(m[2] * BASE_DPI), int(m[3] * BASE_DPI)
        self.text_w = self.W - self.left_inner - self.left_outer
        self.space = self.length(" ", False)
        self.current_chapter = cfg["initial_chapter"]

    # font helpers ---------------------------------------------------------
    def font(self, italic: bool, scale: float = 1.0):
        key = (italic, scale)
        if key not in self.fonts:
            path = self.cfg["font_italic"] if italic else self.cfg["font_regular"]
            self.fonts[key] = ImageFont.truetype(path, max(8, int(round(self.px * scale))))
        return self.fonts[key]

    def length(self, text: str, italic: bool, scale: float = 1.0) -> float:
        return self.font(italic, scale).getlength(text, features=self.features)

    def word_len(self, runs) -> float:
        return sum(self.length(t, it) for t, it in runs)

    # page helpers ---------------------------------------------------------
    def x0(self, page: Page) -> int:
        # recto (odd) pages have the inner margin on the left
        return self.left_inner if page.number % 2 else self.left_outer

    def new_page(self, pages: list[Page], chapter_opening=False) -> Page:
        n = self.cfg["first_page"] + len(pages)
        p = Page(number=n, chapter_opening=chapter_opening, chapter=self.current_chapter)
        pages.append(p)
        return p


def tokenize(text: str) -> list[list[tuple[str, bool]]]:
    words = []
    italic = False
    for w in text.split(" "):
        if not w:
            continue
        runs, italic = runs_of(w, italic)
        if runs:
            words.append(runs)
    return words


def split_word(lay: Layout, runs, avail: float):
    """Hyphenate a single-style word so that ``head-`` fits in ``avail``.

    Returns (head_runs, tail_runs) or None.  Words that already contain a hyphen
    are broken after it (no hyphen added); otherwise pyphen's points are used.
    """
    if len(runs) != 1:
        return None
    word, italic = runs[0]
    m = re.fullmatch(r"([^A-Za-z]*)([A-Za-z][A-Za-z\-\u2019']*[A-Za-z])([^A-Za-z]*)", word)
    if not m:
        return None
    pre, core, post = m.groups()
    candidates = []
    if "-" in core:
        parts = core.split("-")
        for i in range(1, len(parts)):
            head = "-".join(parts[:i]) + "-"
            tail = "-".join(parts[i:])
            if len(parts[i - 1]) >= 2 and len(tail) >= 2:
                candidates.append((pre + head, tail + post))
    elif len(core) >= 6 and "\u2019" not in core and "'" not in core:
        for head, tail in lay.hyph.iterate(core):
            candidates.append((pre + head + "-", tail + post))
    best = None
    for head, tail in candidates:
        if lay.length(head, italic) <= avail and (best is None or len(head) > len(best[0])):
            best = (head, tail)
    if best is None:
        return None
    return [(best[0], italic)], [(best[1], italic)]


def layout_document(blocks: list[Block], cfg: dict, work: dict, rng: random.Random):
    """Lay out ``blocks`` on pages.  Returns (pages, used_blocks)."""
    lay = Layout(cfg, work)
    pages: list[Page] = []
    target_pages = cfg["pages"]
    first_is_heading = blocks and blocks[0].kind == "heading"
    page = lay.new_page(pages, chapter_opening=bool(first_is_heading))
    y = lay.top + (lay.line_h * cfg["chapter_drop"] if first_is_heading else 0)
    y_max = lay.H - lay.bottom
    used: list[Block] = []
    chapter_title = cfg["initial_chapter"]
    after_heading = False
    prev_hyphen = 0

    def need_line():
        nonlocal page, y
        if y + lay.line_h > y_max:
            page = lay.new_page(pages)
            y = lay.top

    for bi, blk in enumerate(blocks):
        # stop at a block boundary once the page budget is used
        if len(pages) > target_pages or (len(pages) == target_pages and y > y_max - 3 * lay.line_h):
            break
        if len(used) and len(pages) >= target_pages and blk.kind == "heading":
            break
        used.append(blk)
        if blk.kind == "heading":
            printed = blk.text
            if cfg["heading_upper"]:
                printed = printed.upper()
            is_chapter = bool(re.match(r"(chapter|book|part)\b", printed, re.I))
            if is_chapter and bi > 0 and (y > lay.top):
                page = lay.new_page(pages, chapter_opening=True)
                y = lay.top + lay.line_h * cfg["chapter_drop"]
            elif y > lay.top:
                y += lay.line_h * 1.2
            if is_chapter or len(pages) == 1:
                chapter_title = blk.text
                lay.current_chapter = blk.text
                if page.chapter_opening or not page.ops:
                    page.chapter = blk.text
            spaced = (cfg["letter_spaced_headings"] and len(plain(printed)) <= 22
                      and rng.random() < 0.8)
            scale = cfg["heading_scale"]
            words = plain(printed).split()
            if spaced:
                tracking = lay.px * scale * 0.45
                gap = lay.px * scale * 1.1
                wl = [lay.length(w, False, scale) + tracking * (len(w) - 1) for w in words]
                total = sum(wl) + gap * (len(words) - 1)
                lines = [(words, total)]
            else:
                tracking = 0.0
                gap = lay.length(" ", False, scale)
                lines, cur = [], []
                for w in words:
                    trial = cur + [w]
                    if cur and lay.length(" ".join(trial), False, scale) > lay.text_w * 0.85:
                        lines.append((cur, lay.length(" ".join(cur), False, scale)))
                        cur = [w]
                    else:
                        cur = trial
                if cur:
                    lines.append((cur, lay.length(" ".join(cur), False, scale)))
            for ws, total in lines:
                if y + lay.line_h * scale > y_max:
                    page = lay.new_page(pages)
                    y = lay.top
                x = lay.x0(page) + (lay.text_w - total) / 2
                for w in ws:
                    page.ops.append(Op(x, y, w, False, scale, tracking))
                    x += lay.length(w, False, scale) + tracking * (len(w) - 1) + gap
                y += lay.line_h * scale * 1.15
                page.body_lines += 1
            y += lay.line_h * 0.8
            blk.printed = printed  # type: ignore[attr-defined]
            blk.chapter = chapter_title  # type: ignore[attr-defined]
            after_heading = True
            continue

        if blk.kind == "verse":
            indent = lay.px * cfg["verse_indent"]
            if cfg["para_style"] == "spaced" or y > lay.top:
                y += lay.line_h * 0.5
            for line in blk.lines:
                words = tokenize(line)
                first = True
                while words:
                    need_line()
                    x0 = lay.x0(page) + indent + (0 if first else lay.px * 2.5)
                    avail = lay.text_w - (x0 - lay.x0(page))
                    cur, width = [], 0.0
                    while words:
                        wl = lay.word_len(words[0])
                        add = wl + (lay.space if cur else 0)
                        if cur and width + add > avail:
                            break
                        cur.append(words.pop(0))
                        width += add
                    x = x0
                    for w in cur:
                        for t, it in w:
                            page.ops.append(Op(x, y, t, it))
                            x += lay.length(t, it)
                        x += lay.space
                    y += lay.line_h
                    page.body_lines += 1
                    first = False
            y += lay.line_h * 0.5
            blk.chapter = chapter_title  # type: ignore[attr-defined]
            after_heading = False
            continue

        # prose paragraph
        words = tokenize(blk.text)
        if cfg["para_style"] == "spaced" and y > lay.top and not after_heading:
            y += lay.line_h * 0.6
        indent = 0.0 if (after_heading or cfg["para_style"] == "spaced") else lay.px * cfg["indent_em"]
        first = True
        while words:
            need_line()
            x0 = lay.x0(page) + (indent if first else 0)
            avail = lay.text_w - (x0 - lay.x0(page))
            cur, width = [], 0.0
            hyphenated = False
            while words:
                wl = lay.word_len(words[0])
                add = wl + (lay.space if cur else 0)
                if width + add <= avail or not cur:
                    cur.append(words.pop(0))
                    width += add
                    continue
                slack = avail - width
                if (cfg["hyphenate"] and prev_hyphen < 2
                        and slack > lay.space * cfg["hyphen_slack"]):
                    sp = split_word(lay, words[0], slack - lay.space)
                    if sp:
                        head, tail = sp
                        cur.append(head)
                        width += lay.space + lay.word_len(head)
                        words[0] = tail
                        hyphenated = True
                break
            last_line = not words
            gaps = len(cur) - 1
            if cfg["justify"] and not last_line and gaps > 0:
                extra = (avail - width) / gaps
                if extra > lay.space * 3:   # too loose: leave it ragged
                    extra = 0.0
            else:
                extra = 0.0
            x = x0
            for w in cur:
                for t, it in w:
                    page.ops.append(Op(x, y, t, it))
                    x += lay.length(t, it)
                x += lay.space + extra
            if hyphenated:
                page.hyphen_breaks += 1
                prev_hyphen += 1
            else:
                prev_hyphen = 0
            y += lay.line_h
            page.body_lines += 1
            first = False
        blk.chapter = chapter_title  # type: ignore[attr-defined]
        after_heading = False

    # running headers and page numbers
    for p in pages:
        add_furniture(lay, p, cfg)
    return lay, pages, used


def add_furniture(lay: Layout, p: Page, cfg: dict) -> None:
    num = cfg["number_style"].format(n=p.number)
    p.number_text = num
    scale = cfg["header_scale"]
    hy = lay.top - lay.line_h * 2.0
    fy = lay.H - lay.bottom + lay.line_h * 1.3
    x0 = lay.x0(p)
    x1 = x0 + lay.text_w
    recto = p.number % 2 == 1
    pos = cfg["number_pos"]
    if p.chapter_opening:
        pos = "footer_center"   # chapter openings: no header, folio at the foot
    else:
        if cfg["header_kind"] == "alternating":
            text = chapter_header_text(p.chapter) if recto else cfg["book_header"]
        elif cfg["header_kind"] == "chapter":
            text = chapter_header_text(p.chapter)
        else:
            text = cfg["book_header"]
        text = text.upper() if cfg["header_upper"] else text
        italic = cfg["header_italic"] and not cfg["header_upper"]
        w = lay.length(text, italic, scale)
        if cfg["header_align"] == "outer":
            hx = x1 - w if recto else x0
            if pos == "header_outer":   # folio goes to the inner side then
                pos = "header_inner"
        else:
            hx = x0 + (lay.text_w - w) / 2
        p.ops.append(Op(hx, hy, text, italic, scale))
        p.header = text
        if cfg["header_rule"]:
            p.rules.append((x0, x1, hy + lay.line_h * scale * 1.05))
    nw = lay.length(num, False, scale)
    if pos == "header_outer":
        p.ops.append(Op(x1 - nw if recto else x0, hy, num, False, scale))
    elif pos == "header_inner":
        p.ops.append(Op(x0 if recto else x1 - nw, hy, num, False, scale))
    elif pos == "footer_outer":
        p.ops.append(Op(x1 - nw if recto else x0, fy, num, False, scale))
    else:
        p.ops.append(Op(x0 + (lay.text_w - nw) / 2, fy, num, False, scale))


# --------------------------------------------------------------------------
# Rendering and degradation
# --------------------------------------------------------------------------

def draw_page(lay: Layout, p: Page, ink: int, paper: int) -> Image.Image:
    img = Image.new("L", (lay.W, lay.H), paper)
    d = ImageDraw.Draw(img)
    for op in p.ops:
        f = lay.font(op.italic, op.scale)
        baseline_y = op.y + lay.px * op.scale * 0.9
        if op.tracking:
            x = op.x
            for ch in op.text:
                d.text((x, baseline_y), ch, font=f, fill=ink, anchor="ls", features=lay.features)
                x += lay.length(ch, op.italic, op.scale) + op.tracking
        else:
            d.text((op.x, baseline_y), op.text, font=f, fill=ink, anchor="ls", features=lay.features)
    for x0, x1, yy in p.rules:
        d.line([(x0, yy), (x1, yy)], fill=ink, width=max(2, lay.px // 20))
    return img


def degrade(img: Image.Image, q: dict, rng: random.Random, nprng) -> Image.Image:
    if q["bleed"] and rng.random() < 0.5:
        img = img.filter(ImageFilter.MinFilter(3))          # ink spread
    if q["rotate"]:
        angle = rng.uniform(-q["rotate"], q["rotate"])
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=int(np.median(np.asarray(img))))
    if q["blur"]:
        img = img.filter(ImageFilter.GaussianBlur(q["blur"] * rng.uniform(0.7, 1.3)))
    if q["dpi"] != BASE_DPI:
        f = q["dpi"] / BASE_DPI
        img = img.resize((int(img.width * f), int(img.height * f)), Image.BILINEAR)
    a = np.asarray(img).astype(np.float32)
    if q["shadow"] and rng.random() < q["shadow"]:
        # darkening towards the binding edge (gutter shadow)
        w = a.shape[1]
        band = int(w * rng.uniform(0.03, 0.08))
        ramp = np.linspace(rng.uniform(90, 150), 0, band)
        if rng.random() < 0.5:
            a[:, :band] -= ramp[None, :]
        else:
            a[:, w - band:] -= ramp[::-1][None, :]
    if q["noise"]:
        a += nprng.normal(0, q["noise"], a.shape)
    if q["speckle"]:
        mask = nprng.random(a.shape) < q["speckle"]
        a[mask] = nprng.uniform(0, 80, mask.sum())
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    return img


def save_image(img: Image.Image, q: dict, rng: random.Random, path_noext: Path) -> Path:
    if q["jpeg"]:
        path = path_noext.with_suffix(".jpg")
        img.save(path, "JPEG", quality=rng.randint(*q["jpeg"]), dpi=(q["dpi"], q["dpi"]))
    else:
        path = path_noext.with_suffix(".png")
        img.save(path, "PNG", dpi=(q["dpi"], q["dpi"]))
    return path


def run_tesseract(paths: list[Path], psm: int, list_file: Path) -> str:
    """OCR the pages of one document in one Tesseract call.

    The page images are given as a list file (one path a line), so Tesseract
    treats them as one multi-page input and writes its page separator (a form
    feed) between pages, exactly as it does for a multi-page TIFF or PDF scan.
    """
    list_file.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    out = subprocess.run(["tesseract", str(list_file), "stdout", "--psm", str(psm), "-l", "eng"],
                         capture_output=True, env=env, check=True)
    return out.stdout.decode("utf-8")


# --------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------

def choose_config(rng: random.Random, work: dict) -> dict:
    name, reg, ita, liga_capable = rng.choice(FONTS)
    size = rng.choice(["crown-octavo", "trade", "trade", "royal", "a5", "letter"])
    pt = rng.uniform(11.0, 12.5) if size == "letter" else rng.uniform(9.5, 11.5)
    big = size == "letter"
    inner = rng.uniform(0.9, 1.2) if big else rng.uniform(0.6, 0.85)
    outer = inner + rng.uniform(-0.1, 0.2)
    cfg = dict(
        font=name, font_regular=reg, font_italic=ita,
        ligatures=liga_capable and rng.random() < 0.6,
        font_pt=round(pt, 1), font_px=int(round(pt / 72 * BASE_DPI)),
        leading=rng.uniform(1.18, 1.38),
        page_size=size,
        margins=(inner, outer, rng.uniform(0.8, 1.05) if not big else rng.uniform(1.0, 1.3),
                 rng.uniform(0.7, 0.95) if not big else rng.uniform(0.9, 1.2)),
        justify=rng.random() < 0.85,
        hyphenate=rng.random() < 0.9,
        hyphen_slack=rng.uniform(1.5, 4.0),
        hyph_lang=rng.choice(["en_US", "en_GB"]),
        para_style="spaced" if rng.random() < 0.2 else "indent",
        indent_em=rng.uniform(1.0, 2.0),
        verse_indent=rng.uniform(1.0, 3.0),
        typographic=rng.random() < 0.6,
        heading_upper=rng.random() < 0.5,
        heading_scale=rng.uniform(1.1, 1.5),
        letter_spaced_headings=rng.random() < 0.45,
        chapter_drop=rng.uniform(2.0, 6.0),
        header_kind=rng.choice(["book", "chapter", "alternating", "alternating"]),
        header_upper=rng.random() < 0.6,
        header_italic=rng.random() < 0.4,
        header_align="outer" if rng.random() < 0.25 else "center",
        header_scale=rng.uniform(0.8, 0.95),
        header_rule=rng.random() < 0.3,
        number_style=rng.choice(PAGE_NUMBER_STYLES),
        number_pos=rng.choice(["header_outer", "header_outer", "footer_center", "footer_outer"]),
        first_page=rng.randint(1, 320),
        psm=4 if rng.random() < 0.25 else 3,
        pages=rng.choice([2, 3, 3, 4, 4, 5]),
        book_header=rng.choice([work["title"], work["title"], work["author"]]),
    )
    return cfg


def clone_blocks(blocks: list[Block], typographic: bool) -> list[Block]:
    out = []
    for b in blocks:
        f = smarten if typographic else (lambda s: s)
        out.append(Block(b.kind, text=f(b.text), lines=[f(x) for x in b.lines]))
    return out


def truth_text(used: list[Block]) -> str:
    paras = []
    for b in used:
        if b.kind == "heading":
            paras.append(plain(b.printed))  # type: ignore[attr-defined]
        elif b.kind == "verse":
            paras.append("\n".join(plain(x) for x in b.lines))
        else:
            paras.append(plain(b.text))
    return "\n\n".join(paras) + "\n"


def plan_documents(seed: int, works=DEFAULT_WORKS, rotation: str = "paired"):
    """Yield (doc_id, work_key, blocks_for_doc_start, cfg, quality).

    ``works``: the work keys to use (taken in ``WORKS`` order).  ``rotation``:
    ``paired`` (the development set) or ``single`` (one quality per document,
    clean/scan/poor in turn).
    """
    docs = []
    for wkey, work in WORKS.items():
        if wkey not in works:
            continue
        blocks = parse_text(TEXTS / f"{wkey}.txt", work["verse"])
        i = 0
        pos = 0
        chapter = work["title"]
        while pos < len(blocks):
            rng = random.Random(zlib.crc32(f"{seed}:{wkey}:{i}".encode()))
            cfg = choose_config(rng, work)
            # current chapter title for running headers of a doc starting mid-chapter
            for b in blocks[:pos + 1]:
                if b.kind == "heading":
                    chapter = b.text
            cfg["initial_chapter"] = chapter
            docs.append(dict(work=wkey, index=i, start=pos, cfg=cfg, rng_seed=rng.random()))
            # layout to find how many blocks fit (needed to know where the next doc starts)
            sub = clone_blocks(blocks[pos:], cfg["typographic"])
            _, _, used = layout_document(sub, cfg, work, random.Random(docs[-1]["rng_seed"]))
            docs[-1]["n_blocks"] = len(used)
            pos += max(1, len(used))
            i += 1
    out = []
    if rotation == "single":
        order = ["clean", "scan", "poor"]
        for k, d in enumerate(docs):
            out.append((d, order[k % len(order)]))
        return out
    # qualities: a fixed rotation, plus every 4th document also in a second quality
    order = ["clean", "scan", "poor", "scan", "clean"]
    for k, d in enumerate(docs):
        q = order[k % len(order)]
        out.append((d, q))
        if k % 4 == 1:
            out.append((d, {"clean": "poor", "scan": "clean", "poor": "scan"}[q]))
    return out


def chapter_header_text(text: str) -> str:
    return plain(re.sub(r"\s+", " ", text)).strip().rstrip(".")


def build(args) -> None:
    pairs_dir = Path(args.out)
    pages_dir = Path(args.pages)
    for d in (pairs_dir, pages_dir):
        if d.exists() and not args.keep:
            shutil.rmtree(d)
        d.mkdir(parents=True, exist_ok=True)
    plan = plan_documents(args.seed, args.works, args.rotation)
    if args.limit:
        plan = plan[: args.limit]
    all_blocks = {k: parse_text(TEXTS / f"{k}.txt", w["verse"]) for k, w in WORKS.items()
                  if k in args.works}
    jobs = []
    records = []
    for d, quality in plan:
        wkey = d["work"]
        work = WORKS[wkey]
        cfg = dict(d["cfg"])
        doc_id = f"{work['short']}-{d['index']:02d}-{quality}"
        blocks = clone_blocks(all_blocks[wkey][d["start"]: d["start"] + d["n_blocks"]], cfg["typographic"])
        rng = random.Random(d["rng_seed"])
        lay, pages, used = layout_document(blocks, cfg, work, rng)
        qrng = random.Random(zlib.crc32(f"{args.seed}:{doc_id}".encode()))
        nprng = np.random.default_rng(zlib.crc32(f"{args.seed}:{doc_id}:np".encode()))
        q = QUALITIES[quality]
        paths = []
        for p in pages:
            ink = qrng.randint(*q["ink"])
            paper = qrng.randint(*q["paper"])
            img = degrade(draw_page(lay, p, ink, paper), q, qrng, nprng)
            paths.append(save_image(img, q, qrng, pages_dir / f"{doc_id}-p{p.number:03d}"))
        (pairs_dir / f"{doc_id}.truth.txt").write_text(truth_text(used), encoding="utf-8")
        rec = dict(
            id=doc_id, work=work["title"], author=work["author"], source_file=f"texts/{wkey}.txt",
            genre=work["genre"], quality=quality, dpi=q["dpi"], pages=len(pages),
            page_numbers=[p.number for p in pages], font=cfg["font"], font_pt=cfg["font_pt"],
            ligatures=cfg["ligatures"], page_size=cfg["page_size"], justify=cfg["justify"],
            hyphenate=cfg["hyphenate"], typographic_quotes=cfg["typographic"],
            para_style=cfg["para_style"], psm=cfg["psm"],
            running_headers=sorted({p.header for p in pages if p.header}),
            page_number_texts=[p.number_text for p in pages],
            number_position=cfg["number_pos"], header_kind=cfg["header_kind"],
            hyphen_breaks=sum(p.hyphen_breaks for p in pages),
            body_lines=sum(p.body_lines for p in pages),
            letter_spaced_heading=any(op.tracking for p in pages for op in p.ops),
            chapter_openings=sum(p.chapter_opening for p in pages),
            images=[str(x.relative_to(pages_dir)) for x in paths],
        )
        notes = []
        if rec["letter_spaced_heading"]:
            notes.append("letter-spaced heading")
        if cfg["ligatures"]:
            notes.append("fi/fl ligatures on")
        if not cfg["justify"]:
            notes.append("ragged right")
        if any(b.kind == "verse" for b in used):
            notes.append("contains verse (truth keeps verse line breaks)")
        rec["notes"] = "; ".join(notes)
        records.append(rec)
        jobs.append((doc_id, paths, cfg["psm"]))

    if not args.no_ocr:
        def ocr(job):
            doc_id, paths, psm = job
            text = run_tesseract(paths, psm, pages_dir / f"{doc_id}.list")
            (pairs_dir / f"{doc_id}.ocr.txt").write_text(text, encoding="utf-8")

        with ThreadPoolExecutor(max_workers=args.jobs) as ex:
            list(ex.map(ocr, jobs))
    with open(pairs_dir / "index.jsonl", "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n_pages = sum(r["pages"] for r in records)
    print(f"{len(records)} pairs, {n_pages} pages -> {pairs_dir}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--out", default=str(HERE / "pairs"))
    ap.add_argument("--pages", default=str(HERE / "pages"), help="where page images go (not committed)")
    ap.add_argument("--jobs", type=int, default=2, help="parallel tesseract processes")
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument("--no-ocr", action="store_true")
    ap.add_argument("--keep", action="store_true", help="do not wipe the output folders first")
    ap.add_argument("--works", nargs="+", choices=list(WORKS), default=DEFAULT_WORKS, metavar="WORK",
                    help="works to set (keys of WORKS, used in WORKS order); default: the seven "
                         "works of the development set (not alice)")
    ap.add_argument("--rotation", choices=["paired", "single"], default="paired",
                    help="qualities: 'paired' = clean/scan/poor/scan/clean in turn, every 4th "
                         "document also in a second quality (default); 'single' = one quality "
                         "per document, clean/scan/poor in turn")
    build(ap.parse_args())


if __name__ == "__main__":
    main()
