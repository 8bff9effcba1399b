"""The second OCR/PDF page set: real typesetting engines, real PDF extractors, Tesseract.

Independent of ``benchmarks/ocr/make_pages.py`` (which draws book pages with
Pillow): here the pages are set by real layout engines with their own line
breaking, hyphenation, columns, footnotes, running headers and folios:

* ``lo``    -- LibreOffice Writer (headless ``soffice --convert-to pdf``) from a
  generated flat ODF document (``.fodt``): 1-3 columns, justified with
  LibreOffice's hyphenation (``hyphen-en-us``) or ragged, header and footer
  with a page-number field, footnotes as ``text:note``;
* ``groff`` -- GNU troff with the ``ms`` macros (``groff -ms -k -Tpdf``):
  ``.2C``/``.MC`` columns, ``.hy``, ``.FS``/``.FE`` footnotes, ``LH/CH/RH`` and
  ``LF/CF/RF`` headers and footers with ``%``;
* ``latex`` -- pdfLaTeX (``article``, ``fancyhdr``, ``multicol``, ``babel``
  hyphenation, ``\\footnote``).

Each document's PDF then goes down one or two routes:

* ``tess``  -- ``pdftoppm -r 300 -gray``, degraded to a scan quality with
  ``make_pages.degrade`` (``clean`` 300 dpi, ``scan`` 200 dpi, ``poor`` 150 dpi:
  rotation, blur, noise, specks, gutter shadow, JPEG) and read by Tesseract
  (``--psm 3``, ``4`` or ``6``; ``3`` on pages set in columns) in one call over the page list: a form feed
  between pages, as ``tesseract`` writes a multi-page input;
* ``pdf``   -- a text extractor reads the PDF: ``pdftotext`` (poppler, reading
  order), ``pdftotext -layout``, ``pdfminer.six`` (``extract_text``) or
  ``pypdf`` (``page.extract_text()`` joined with a newline, as most callers
  do).  About a third of the documents (seeded) take this route too, with an
  extractor drawn at random (see ``build_doc`` for the ones passed over).

The truth is the text as written (``prep_sources.py``): one paragraph per line,
a blank line between paragraphs, headings as their own paragraph, no running
headers, folios or footers; a footnote's mark stays where it was printed (its
number, as a plain digit glued to the word) and its text is a paragraph of its
own (``1 text``) after the paragraph that holds the mark.  Quotes and dashes
are as printed: a document set "typographic" has curly quotes and em dashes in
its print and truth, the others print the source's ASCII quotes and ``--``
verbatim (every engine is told to).

Splits (``index.jsonl`` field ``split``): sources are tune or held out (see
``SOURCES``); tune sources are set by LibreOffice only, held-out sources by
all three engines, so ``groff`` and ``latex`` pages are never in the tune
split.

A full run then cuts the document pairs into one pair per page
(``split_pages.py`` -> ``pairs-pages/``).

Usage::

    python benchmarks/ocr/pages2/make_pages2.py --jobs 2          # everything
    python benchmarks/ocr/pages2/make_pages2.py --limit 4 --no-ocr # quick look

Deterministic for a ``--seed`` given the Debian builds named in README.md.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from make_pages import QUALITIES, degrade, save_image, smarten  # noqa: E402

TEXTS = HERE / "texts"

# source -> (split, genre, engines, number of documents, title for headers)
SOURCES = {
    "news_abc": ("tune", "news", ["lo"], 16, ["ABC News Online", "NATIONAL NEWS", "The Canberra Courier"]),
    "kjv": ("tune", "scripture", ["lo"], 8, None),
    "licences_a": ("tune", "licence", ["lo"], 7, None),
    "tech_bugs": ("tune", "technical", ["lo"], 7, ["Debian Bug Tracking System", "Reporting bugs"]),
    "news_heldout": ("heldout", "news", ["lo", "groff", "latex"], 10,
                     ["BBC News", "WORLD NEWS", "The Morning Herald"]),
    "web": ("heldout", "scripture", ["lo", "groff", "latex"], 10, None),
    "licences_b": ("heldout", "licence", ["lo", "groff", "latex"], 9, None),
    "governance": ("heldout", "governance", ["lo", "groff", "latex"], 9, ["The Debian Project"]),
}
EXTRACTORS = ["pdftotext", "pdftotext-layout", "pdfminer", "pypdf"]
FN_RE = re.compile(r"\[\[fn:(.*?)\]\]")

LO_FONTS = ["Liberation Serif", "DejaVu Serif", "TeX Gyre Termes", "TeX Gyre Pagella",
            "Linux Libertine O", "EB Garamond 12", "Liberation Sans", "TeX Gyre Schola"]
GROFF_FONTS = ["T", "P", "N", "BM", "H"]          # Times, Palatino, New Century, Bookman, Helvetica
LATEX_FONTS = ["lmodern", "mathptmx", "charter", "mathpazo", "bookman", "newcent"]
PAGES = {"a4": (21.0, 29.7), "letter": (21.59, 27.94), "a5": (14.8, 21.0)}  # cm
NUMBER_STYLES = ["{n}", "Page {n}", "- {n} -", "\u2014 {n} \u2014", "[{n}]"]


def load_units(source: str) -> list[dict]:
    return [json.loads(x) for x in (TEXTS / f"{source}.jsonl").read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- design

def choose_design(rng: random.Random, source: str, genre: str, engine: str, titles) -> dict:
    cols_w = {"news": [(1, 2), (2, 5), (3, 3)], "scripture": [(1, 4), (2, 6)]}.get(genre, [(1, 9), (2, 1)])
    cols = rng.choices([c for c, _ in cols_w], [w for _, w in cols_w])[0]
    page = rng.choice(["a4", "a4", "letter"] + (["a5"] if cols == 1 else []))
    pt = rng.uniform(8.5, 10.0) if cols == 3 else rng.uniform(9.5, 12.0)
    justify = rng.random() < 0.8
    return dict(
        engine=engine, columns=cols, page=page, font_pt=round(pt, 1),
        font={"lo": lambda: rng.choice(LO_FONTS), "groff": lambda: rng.choice(GROFF_FONTS),
              "latex": lambda: rng.choice(LATEX_FONTS)}[engine](),
        justify=justify, hyphenate=justify and rng.random() < 0.85 or rng.random() < 0.2,
        indent=rng.random() < 0.6, typographic=rng.random() < 0.5,
        header_align=rng.choice(["center", "left", "right", "outer"]),
        number_pos=rng.choice(["footer_center", "footer_outer", "header", "footer_center"]),
        number_style=rng.choice(NUMBER_STYLES),
        first_page=rng.choice([1, 1, rng.randint(2, 400)]),
        header_fixed=rng.choice(titles) if titles else None,
        pages_wanted=rng.choice([1, 2, 2, 3, 3, 4]),
        margin_cm=round(rng.uniform(1.5, 2.5), 2),
        verse_style=rng.choice(["para", "run"]) if genre == "scripture" else None,
    )


def pick_units(units: list[dict], start: int, design: dict) -> tuple[list[dict], int]:
    """Consecutive units worth about ``pages_wanted`` pages of text."""
    w, h = PAGES[design["page"]]
    area = (w - 2 * design["margin_cm"]) * (h - 2 * design["margin_cm"] - 1.5)
    chars_per_cm2 = 8.0 * (10.5 / design["font_pt"]) ** 2
    budget = area * chars_per_cm2 * design["pages_wanted"] * 0.92
    out, n, i = [], 0, start
    while i < len(units) and (not out or n + 0.5 * sum(len(b["t"]) for b in units[i]["blocks"]) < budget):
        out.append(units[i])
        n += sum(len(b["t"]) for b in units[i]["blocks"])
        i += 1
    if n > budget * 1.5 and len(out) == 1:   # one long unit: cut it at a block
        blocks, m = [], 0
        for b in out[0]["blocks"]:
            if blocks and m + len(b["t"]) > budget:
                break
            blocks.append(b)
            m += len(b["t"])
        out = [dict(out[0], blocks=blocks)]
        rest = dict(units[start], blocks=units[start]["blocks"][len(blocks):])
        units[start] = rest
        return out, start if rest["blocks"] else start + 1
    return out, i


# --------------------------------------------------------------------------- truth

def printed_blocks(units: list[dict], design: dict) -> list[dict]:
    """The blocks as they will be printed (quotes and dashes decided)."""
    out = []
    for u in units:
        for b in u["blocks"]:
            t = smarten(b["t"]) if design["typographic"] else b["t"]
            out.append(dict(k=b["k"], t=t))
    return out


def truth_text(blocks: list[dict]) -> str:
    paras, n = [], 0
    for b in blocks:
        notes = []

        def mark(m: re.Match) -> str:
            nonlocal n
            n += 1
            notes.append(f"{n} {m.group(1)}")
            return str(n)

        paras.append(FN_RE.sub(mark, b["t"]))
        paras.extend(notes)
    return "\n\n".join(paras) + "\n"


# --------------------------------------------------------------------------- LibreOffice

def _x(s: str) -> str:
    return html.escape(s, quote=False)


def fodt(blocks: list[dict], d: dict, header: str) -> str:
    w, h = PAGES[d["page"]]
    m = d["margin_cm"]
    pt = d["font_pt"]
    align = "justify" if d["justify"] else "start"
    hyph = "true" if d["hyphenate"] else "false"
    indent = f'fo:text-indent="{0.5 * pt / 10:.2f}cm" fo:margin-bottom="0cm"' if d["indent"] else \
        'fo:text-indent="0cm" fo:margin-bottom="0.18cm"'
    num = _x(d["number_style"]).replace("{n}", '<text:page-number text:select-page="current">1</text:page-number>')
    halign = {"center": "center", "left": "start", "right": "end", "outer": "end"}[d["header_align"]]
    head_p = f'<text:p text:style-name="Hdr">{_x(header)}</text:p>'
    if d["number_pos"] == "header":
        head_p = f'<text:p text:style-name="Hdr">{_x(header)}<text:tab/>{num}</text:p>'
    foot = ""
    if d["number_pos"].startswith("footer"):
        fal = "center" if d["number_pos"] == "footer_center" else "end"
        foot = f'<style:footer><text:p text:style-name="Ftr{fal}">{num}</text:p></style:footer>'
    body = []
    n_fn = 0
    for i, b in enumerate(blocks):
        parts = []
        pos = 0
        for mm in FN_RE.finditer(b["t"]):
            parts.append(_x(b["t"][pos:mm.start()]))
            n_fn += 1
            parts.append(f'<text:note text:id="ftn{n_fn}" text:note-class="footnote"><text:note-citation>{n_fn}'
                         f'</text:note-citation><text:note-body><text:p text:style-name="Footnote">'
                         f'{_x(mm.group(1))}</text:p></text:note-body></text:note>')
            pos = mm.end()
        parts.append(_x(b["t"][pos:]))
        txt = "".join(parts)
        style = {"h": "Head", "li": "Item", "v": "Verse"}.get(b["k"], "Body")
        if i == 0:
            style += "First"
        if b["k"] == "v":
            num_, rest = txt.split(" ", 1)
            txt = f'<text:span text:style-name="VNum">{num_}</text:span> {rest}'
        body.append(f'<text:p text:style-name="{style}">{txt}</text:p>')
    cols = d["columns"]
    first_styles = "".join(
        f'<style:style style:name="{s}First" style:family="paragraph" style:parent-style-name="{s}" '
        f'style:master-page-name="Main"><style:paragraph-properties style:page-number="{d["first_page"]}"/>'
        f'</style:style>' for s in ("Head", "Item", "Verse", "Body"))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Main" svg:font-family="'{d['font']}'"/></office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="2"/>
  <style:text-properties style:font-name="Main" fo:font-size="{pt}pt" fo:language="en" fo:country="US"
   fo:hyphenate="{hyph}" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="3"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-align="{align}" {indent}/></style:style>
 <style:style style:name="Item" style:family="paragraph">
  <style:paragraph-properties fo:text-align="{align}" fo:margin-left="0.6cm" fo:text-indent="-0.6cm" fo:margin-bottom="0.1cm"/></style:style>
 <style:style style:name="Verse" style:family="paragraph">
  <style:paragraph-properties fo:text-align="{align}" fo:text-indent="{'0.4cm' if d['verse_style'] == 'para' else '0cm'}" fo:margin-bottom="0cm"/></style:style>
 <style:style style:name="Head" style:family="paragraph">
  <style:paragraph-properties fo:text-align="{'center' if d['columns'] > 1 or d['header_align'] == 'center' else 'start'}" fo:margin-top="0.3cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-weight="bold" fo:font-size="{pt * 1.25:.1f}pt" fo:hyphenate="false"/></style:style>
 <style:style style:name="Footnote" style:family="paragraph">
  <style:paragraph-properties fo:text-align="start"/><style:text-properties fo:font-size="{pt * 0.8:.1f}pt"/></style:style>
 <style:style style:name="Hdr" style:family="paragraph">
  <style:paragraph-properties fo:text-align="{halign}" fo:border-bottom="{'0.5pt solid #000000' if d['columns'] > 1 else 'none'}">
   <style:tab-stops><style:tab-stop style:position="{w - 2 * m:.2f}cm" style:type="right"/></style:tab-stops></style:paragraph-properties>
  <style:text-properties fo:font-size="{pt * 0.9:.1f}pt" fo:font-style="italic" fo:hyphenate="false"/></style:style>
 <style:style style:name="Ftrcenter" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
 <style:style style:name="Ftrend" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/></style:style>
 <style:style style:name="VNum" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="PL">
  <style:page-layout-properties fo:page-width="{w}cm" fo:page-height="{h}cm" fo:margin-top="{m * 0.7:.2f}cm"
   fo:margin-bottom="{m * 0.7:.2f}cm" fo:margin-left="{m}cm" fo:margin-right="{m}cm">
   <style:columns fo:column-count="{cols}" fo:column-gap="0.6cm"/>
   <style:footnote-sep style:width="0.018cm" style:rel-width="25%" style:color="#000000" style:adjustment="left"/>
  </style:page-layout-properties>
  <style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
 {first_styles}
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Main" style:page-layout-name="PL">
  <style:header>{head_p}</style:header>{foot}
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body></office:document>
"""


def render_lo(blocks, d, header, work: Path) -> Path:
    src = work / "doc.fodt"
    src.write_text(fodt(blocks, d, header), encoding="utf-8")
    profile = work / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "pdf:writer_pdf_Export", "--outdir", str(work), str(src)],
                   capture_output=True, check=True, timeout=300)
    return work / "doc.pdf"


# --------------------------------------------------------------------------- groff

def _g(s: str, typographic: bool) -> str:
    s = s.replace("\\", "\\e")
    if not typographic:
        s = s.replace("'", "\\[aq]").replace("`", "\\[ga]")
    s = s.replace("-", "\\-") if not typographic else s.replace("--", "\\[em]")
    return s


def _gline(s: str) -> str:
    return "\\&" + s if s[:1] in ".'" else s


def groff_src(blocks, d, header) -> str:
    w, h = PAGES[d["page"]]
    m = d["margin_cm"]
    typo = d["typographic"]
    num = _g(d["number_style"], True).replace("{n}", "%")
    hdr = _g(header, typo)
    L = R = C = ""
    if d["header_align"] in ("left",):
        L = hdr
    elif d["header_align"] in ("right", "outer"):
        R = hdr
    else:
        C = hdr
    LF = CF = RF = ""
    if d["number_pos"] == "header":
        if R:
            L = num
        else:
            R = num
    elif d["number_pos"] == "footer_center":
        CF = num
    else:
        RF = num
    out = [
        f".nr PS {d['font_pt']}", f".nr VS {d['font_pt'] * 1.2:.1f}",
        f".nr LL {w - 2 * m:.2f}c", f".nr PO {m:.2f}c", f".nr HM {m * 0.8:.2f}c", f".nr FM {m * 0.8:.2f}c",
        f".pl {h}c", f".nr PI {'1.5m' if d['indent'] else '0'}", f".nr PD {'0' if d['indent'] else '0.4v'}",
        f".ds LH {L}", f".ds CH {C}", f".ds RH {R}", f".ds LF {LF}", f".ds CF {CF}", f".ds RF {RF}",
        f".pn {d['first_page']}",
        ".nr HY 14" if d["hyphenate"] else ".nr HY 0",
    ]
    body = [".LP"]
    if d["columns"] == 2:
        body.append(".2C")
    elif d["columns"] == 3:
        body.append(f".MC {(w - 2 * m - 1.2) / 3:.2f}c 0.6c")
    for b in blocks:
        if not d["justify"]:
            pass
        text = b["t"]
        notes = FN_RE.findall(text)
        pieces = FN_RE.split(text)
        if b["k"] == "h":
            body += [".SH", _gline(_g(pieces[0], typo))]
            body.append(".LP" if not d["indent"] else ".PP")
            continue
        if b["k"] == "li":
            body.append(".IP \"\" 1.5m")
            body.append(".ti -1.5m")
        elif b["k"] == "v":
            body.append(".LP" if d["verse_style"] == "run" else ".PP")
        else:
            body.append(".PP")
        if not d["justify"]:
            body.append(".ad l")
        if not d["hyphenate"]:
            body.append(".nh")
        # text pieces alternate: text, note, text, note, ...
        for j, piece in enumerate(pieces):
            if j % 2 == 0:
                piece = piece.strip(" ") if j else piece
                if b["k"] == "v" and j == 0:
                    n_, rest = piece.split(" ", 1)
                    body.append(_gline(f"\\fB{n_}\\fP " + _g(rest, typo)))
                else:
                    if piece:
                        body.append(_gline(_g(piece, typo)))
            else:
                body[-1] += "\\**"
                body += [".FS", _gline(_g(piece, typo)), ".FE"]
        del notes
    return "\n".join(out + body) + "\n"


def render_groff(blocks, d, header, work: Path) -> Path:
    src = work / "doc.ms"
    src.write_text(groff_src(blocks, d, header), encoding="utf-8")
    pdf = work / "doc.pdf"
    with open(pdf, "wb") as fh:
        subprocess.run(["groff", "-ms", "-k", "-Tpdf", f"-f{d['font']}", "-P-p" + (
            f"{PAGES[d['page']][1] * 10:.0f}m,{PAGES[d['page']][0] * 10:.0f}m"), str(src)],
                       stdout=fh, stderr=subprocess.PIPE, check=True, timeout=120)
    return pdf


# --------------------------------------------------------------------------- LaTeX

_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
        "%": r"\%", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
        "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}


def _t(s: str, typographic: bool) -> str:
    s = "".join(_TEX.get(c, c) for c in s)
    if not typographic:
        s = s.replace("'", r"\textquotesingle{}").replace("`", r"\textasciigrave{}").replace('"', r"\textquotedbl{}")
    s = s.replace("--", "-{}-").replace("-{}--", "-{}-{}-")
    s = s.replace("\u2014", "---").replace("\u2013", "--")
    return s


def latex_src(blocks, d, header) -> str:
    w, h = PAGES[d["page"]]
    m = d["margin_cm"]
    typo = d["typographic"]
    font = {"lmodern": r"\usepackage{lmodern}", "mathptmx": r"\usepackage{mathptmx}",
            "charter": r"\usepackage{charter}", "mathpazo": r"\usepackage{mathpazo}",
            "bookman": r"\usepackage{bookman}", "newcent": r"\usepackage{newcent}"}[d["font"]]
    num = _t(d["number_style"].replace("{n}", "\x02"), True).replace("\x02", r"\thepage{}")
    hdr = _t(header, typo)
    pos = {"center": "C", "left": "L", "right": "R", "outer": "RO,LE"}[d["header_align"]]
    heads = [rf"\fancyhead[{pos}]{{\small\itshape {hdr}}}"]
    if d["number_pos"] == "header":
        heads.append(rf"\fancyhead[{'L' if 'R' in pos else 'R'}]{{{num}}}")
    elif d["number_pos"] == "footer_center":
        heads.append(rf"\fancyfoot[C]{{{num}}}")
    else:
        heads.append(rf"\fancyfoot[RO,LE]{{{num}}}")
    cls = "twoside," if d["header_align"] == "outer" or d["number_pos"] == "footer_outer" else ""
    pre = [
        rf"\documentclass[{cls}{'twocolumn,' if d['columns'] == 2 else ''}10pt]{{article}}",
        r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}", r"\usepackage{textcomp}",
        font, r"\usepackage[english]{babel}",
        rf"\usepackage[paperwidth={w}cm,paperheight={h}cm,margin={m}cm,includehead,includefoot]{{geometry}}",
        r"\usepackage{fancyhdr}", r"\usepackage{multicol}", r"\pagestyle{fancy}", r"\fancyhf{}",
        *heads,
        r"\renewcommand{\headrulewidth}{" + ("0.4pt" if d["columns"] > 1 else "0pt") + "}",
        rf"\setlength{{\parindent}}{{{'1.5em' if d['indent'] else '0pt'}}}",
        rf"\setlength{{\parskip}}{{{'0pt' if d['indent'] else '0.5em'}}}",
        # hyphenation: LaTeX's defaults, or none at all
        "" if d["hyphenate"] else r"\hyphenpenalty=10000 \exhyphenpenalty=10000",
        r"\begin{document}",
        rf"\fontsize{{{d['font_pt']}}}{{{d['font_pt'] * 1.2:.1f}}}\selectfont",
        rf"\setcounter{{page}}{{{d['first_page']}}}",
    ]
    if not d["justify"]:
        pre.append(r"\raggedright\setlength{\parindent}{" + ("1.5em" if d["indent"] else "0pt") + "}")
    if d["columns"] == 3:
        pre.append(r"\begin{multicols}{3}")
    body = []
    for b in blocks:
        t = FN_RE.sub(lambda mm: "\x00" + mm.group(1) + "\x01", b["t"])
        t = _t(t, typo)
        t = re.sub("\x00(.*?)\x01", lambda mm: r"\footnote{" + mm.group(1) + "}", t)
        if b["k"] == "h":
            body.append(r"\par\medskip{\centering\large\bfseries\hyphenpenalty=10000 " + t + r"\par}\nopagebreak\smallskip")
        elif b["k"] == "li":
            body.append(r"\par\hangindent=1.5em\hangafter=1\noindent " + t)
        elif b["k"] == "v":
            n_, rest = t.split(" ", 1)
            body.append(r"\par" + (r"\noindent" if d["verse_style"] == "run" else "") + r"\textbf{" + n_ + "} " + rest)
        else:
            body.append(r"\par " + t)
    post = [r"\end{multicols}"] if d["columns"] == 3 else []
    return "\n".join(pre + body + post + [r"\end{document}"]) + "\n"


def render_latex(blocks, d, header, work: Path) -> Path:
    src = work / "doc.tex"
    src.write_text(latex_src(blocks, d, header), encoding="utf-8")
    r = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=work,
                       capture_output=True, timeout=300)
    if r.returncode:
        raise RuntimeError(r.stdout.decode("utf-8", "replace")[-2000:])
    return work / "doc.pdf"


RENDER = {"lo": render_lo, "groff": render_groff, "latex": render_latex}


# --------------------------------------------------------------------------- extraction

def extract(pdf: Path, how: str) -> str:
    if how == "pdftotext":
        return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
    if how == "pdftotext-layout":
        return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
    if how == "pdfminer":
        from pdfminer.high_level import extract_text
        return extract_text(str(pdf))
    if how == "pypdf":
        from pypdf import PdfReader
        return "\n".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    raise ValueError(how)


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def tesseract(paths: list[Path], psm: int, list_file: Path) -> str:
    list_file.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    return subprocess.run(["tesseract", str(list_file), "stdout", "--psm", str(psm), "-l", "eng"],
                          capture_output=True, env=env, check=True).stdout.decode("utf-8")


# --------------------------------------------------------------------------- plan and build

def header_for(source: str, units: list[dict], d: dict) -> str:
    if d["header_fixed"]:
        return d["header_fixed"]
    first = units[0]["unit"].split(":", 1)[1]
    if source in ("kjv", "web"):
        return re.sub(r"\s+\d+$", "", first)
    return re.sub(r"#\d+$", "", first).replace("-", " ").replace(".txt", "") if source != "licences_a" \
        and source != "licences_b" else re.sub(r"#\d+$", "", first)


def plan(seed: int) -> list[dict]:
    docs = []
    k = 0
    for source, (split, genre, engines, n_docs, titles) in SOURCES.items():
        units = load_units(source)
        start = 0
        for i in range(n_docs):
            if start >= len(units):
                break
            rng = random.Random(zlib.crc32(f"{seed}:{source}:{i}".encode()))
            engine = engines[i % len(engines)]
            d = choose_design(rng, source, genre, engine, titles)
            chosen, start = pick_units(units, start, d)
            quality = ["clean", "scan", "poor", "scan"][k % 4]
            if quality == "poor" and d["font_pt"] < 10:
                # 150 dpi, JPEG q25-40 on type under 10 pt loses whole pages to
                # noise (Tesseract reads a column of specks): such a page gets the
                # ``scan`` quality instead
                quality = "scan"
            # psm 4 and 6 take the page for one column and read straight across
            # columns: only psm 3 (automatic page segmentation) for several
            psm = rng.choice([3, 3, 4, 6]) if d["columns"] == 1 else 3
            extractor = rng.choice(EXTRACTORS) if rng.random() < 0.35 else None
            doc_id = f"{source}-{i:02d}-{engine}"
            docs.append(dict(id=doc_id, source=source, split=split, genre=genre, design=d,
                             units=chosen, quality=quality, psm=psm, extractor=extractor,
                             header=header_for(source, chosen, d)))
            k += 1
    return docs


def build_doc(doc: dict, args) -> list[dict]:
    d = doc["design"]
    blocks = printed_blocks(doc["units"], d)
    truth = truth_text(blocks)
    work = Path(tempfile.mkdtemp(prefix=f"p2-{doc['id']}-"))
    try:
        pdf = RENDER[d["engine"]](blocks, d, doc["header"], work)
        keep = Path(args.pages) / f"{doc['id']}.pdf"
        shutil.copy(pdf, keep)
        n_pages = pdf_pages(pdf)
        base = dict(source=doc["source"], split=doc["split"], genre=doc["genre"], engine=d["engine"],
                    units=[u["unit"] for u in doc["units"]], pages=n_pages, header=doc["header"],
                    **{k: v for k, v in d.items() if k not in ("engine", "pages_wanted")})
        recs = []
        out = Path(args.out)
        if doc["extractor"]:
            # the extractor in turn; pdftotext -layout only on one-column pages (it
            # sets columns side by side); one whose reading order is scrambled
            # (column order, CER > 0.08 against the truth) is passed over for the
            # next: no cleaner can repair that, it would only swamp the figures
            from metrics import cer
            order = EXTRACTORS[EXTRACTORS.index(doc["extractor"]):] + EXTRACTORS[:EXTRACTORS.index(doc["extractor"])]
            if d["columns"] > 1:
                order.remove("pdftotext-layout")
            skipped = []
            for how in order:
                text = extract(pdf, how)
                if cer(text, truth) <= 0.08:
                    break
                skipped.append(how)
            else:
                how = None
            doc = dict(doc, extractor=how, skipped=skipped)
        if doc["extractor"]:
            pid = f"{doc['id']}-{doc['extractor']}"
            (out / f"{pid}.ocr.txt").write_text(text, encoding="utf-8")
            (out / f"{pid}.truth.txt").write_text(truth, encoding="utf-8")
            recs.append(dict(id=pid, route="pdf", extractor=doc["extractor"],
                             extractors_passed_over=doc["skipped"], **base))
        pid = f"{doc['id']}-{doc['quality']}"
        (out / f"{pid}.truth.txt").write_text(truth, encoding="utf-8")
        rec = dict(id=pid, route="tess", quality=doc["quality"], psm=doc["psm"], **base)
        if not args.no_ocr:
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(work / "pg")], check=True)
            q = QUALITIES[doc["quality"]]
            qrng = random.Random(zlib.crc32(f"{args.seed}:{pid}".encode()))
            nprng = np.random.default_rng(zlib.crc32(f"{args.seed}:{pid}:np".encode()))
            paths = []
            for j, png in enumerate(sorted(work.glob("pg-*.png"))):
                img = Image.open(png).convert("L")
                a = np.asarray(img).astype(np.float32)
                paper = qrng.randint(*q["paper"])
                ink = qrng.randint(*q["ink"])
                a = ink + (a / 255.0) * (paper - ink)      # paper tone and ink density
                img = degrade(Image.fromarray(a.astype(np.uint8), "L"), q, qrng, nprng)
                paths.append(save_image(img, q, qrng, Path(args.pages) / f"{pid}-p{j + 1:02d}"))
            text = tesseract(paths, doc["psm"], Path(args.pages) / f"{pid}.list")
            (out / f"{pid}.ocr.txt").write_text(text, encoding="utf-8")
            rec["dpi"] = q["dpi"]
        recs.append(rec)
        return recs
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=20251203)
    ap.add_argument("--out", default=str(HERE / "pairs"))
    ap.add_argument("--pages", default=str(HERE / "pages"), help="PDFs and page images (not committed)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--only", help="regex on document ids")
    ap.add_argument("--no-ocr", action="store_true")
    args = ap.parse_args()
    for p in (Path(args.out), Path(args.pages)):
        if p.exists() and not args.only:
            shutil.rmtree(p)
        p.mkdir(parents=True, exist_ok=True)
    docs = plan(args.seed)
    if args.only:
        docs = [d for d in docs if re.search(args.only, d["id"])]
    if args.limit:
        docs = docs[: args.limit]
    with ThreadPoolExecutor(max_workers=args.jobs) as ex:
        results = list(ex.map(lambda doc: build_doc(doc, args), docs))
    recs = [r for rs in results for r in rs]
    index = Path(args.out) / "index.jsonl"
    if args.only and index.exists():
        # a partial rebuild replaces its documents' records in place
        new = {r["id"]: r for r in recs}
        old = [json.loads(x) for x in index.read_text(encoding="utf-8").splitlines() if x.strip()]
        recs = [new.pop(r["id"], r) for r in old] + list(new.values())
    with open(index, "w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(recs)} pairs, {sum(r['pages'] for r in recs)} pages "
          f"({sum(r['pages'] for r in recs if r['route'] == 'tess')} Tesseract) -> {args.out}")
    if not args.only and not args.no_ocr and not args.limit:
        from split_pages import split

        split(Path(args.out), Path(args.pages), Path(args.out).parent / "pairs-pages")


if __name__ == "__main__":
    main()
