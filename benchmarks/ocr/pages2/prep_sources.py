"""Write the source texts of the second page set (``texts/*.jsonl``).

Every source comes from a Debian package or is already in this repository
(see ``SOURCES.md``); run this on a machine with those packages installed::

    apt-get install bible-kjv bible-kjv-text sword-text-web diatheke doc-debian
    python benchmarks/ocr/pages2/prep_sources.py

Output: one JSON object per line, a *unit* (an article, a chapter, a licence
section) ``{"source", "unit", "blocks": [...]}``; a block is
``{"k": kind, "t": text}`` with kind ``h`` (heading), ``p`` (paragraph),
``li`` (list item; its marker is part of the text), ``v`` (a verse: its number
then its text).  A footnote is written inside the text where its mark goes, as
``[[fn:TEXT]]``.  The text is the author's: one paragraph per block, hard
wrapping of the source undone, nothing else changed.
"""
from __future__ import annotations

import gzip
import json
import random
import re
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
OUT = HERE / "texts"

# ---------------------------------------------------------------- news


def sentences(text: str) -> list[str]:
    """Split news copy into sentences (a full stop, ? or ! then a capital or a quote)."""
    parts = re.split(r'((?:[.?!]|[.?!]["\u201d\'])\s+)(?=["\u201c\'(]?[A-Z])', text.strip())
    out = [a + b.rstrip() for a, b in zip(parts[::2], parts[1::2] + [""])]
    return [p for p in out if p]


def wire_paragraphs(text: str, rng: random.Random) -> list[str]:
    """Group sentences into paragraphs of 1-3 sentences, as wire copy is set."""
    sents = sentences(text)
    paras, i = [], 0
    while i < len(sents):
        n = rng.choice([1, 2, 2, 2, 3])
        paras.append(" ".join(sents[i:i + n]))
        i += n
    return paras


def news_abc() -> list[dict]:
    lines = (REPO / "benchmarks/news/lee_background.cor").read_text(encoding="ascii").splitlines()
    units = []
    for i, art in enumerate(lines[:120]):
        rng = random.Random(f"abc:{i}")
        units.append(dict(unit=f"lee_background:{i + 1}",
                          blocks=[{"k": "p", "t": p} for p in wire_paragraphs(art, rng)]))
    return units


def news_heldout() -> list[dict]:
    units = []
    for line in (REPO / "benchmarks/news/bbc_sample.tsv").read_text(encoding="utf-8").splitlines():
        cat, fname, title, content = line.split("\t")
        paras = [p.strip() for p in re.split(r"\s{2,}", content) if p.strip()]
        units.append(dict(unit=f"bbc_sample:{fname}",
                          blocks=[{"k": "h", "t": title.strip()}] + [{"k": "p", "t": p} for p in paras]))
    raw = (REPO / "benchmarks/news/lee.cor").read_bytes().decode("latin-1")
    for i, art in enumerate(raw.splitlines()):
        if not art.strip():
            continue
        rng = random.Random(f"lee:{i}")
        units.append(dict(unit=f"lee:{i + 1}",
                          blocks=[{"k": "p", "t": p} for p in wire_paragraphs(art, rng)]))
    return units


# ---------------------------------------------------------------- scripture

KJV_BOOKS = [("Ruth", "Ruth", "THE BOOK OF RUTH", 4), ("Jonah", "Jonah", "THE BOOK OF JONAH", 4),
             ("Gen", "Genesis", "THE FIRST BOOK OF MOSES, CALLED GENESIS", 4),
             ("Mat5-7", "Matthew", "THE GOSPEL ACCORDING TO ST. MATTHEW", (5, 6, 7)),
             ("Phm", "Philemon", "THE EPISTLE OF PAUL TO PHILEMON", 1),
             ("Jas", "James", "THE GENERAL EPISTLE OF JAMES", 5)]


def kjv() -> list[dict]:
    units = []
    for code, name, title, chapters in KJV_BOOKS:
        chs = range(1, chapters + 1) if isinstance(chapters, int) else chapters
        abbrev = code[:3] if code.startswith("Mat") else code
        for c in chs:
            out = subprocess.run(["bible", "-f", f"{abbrev}{c}:1-200"], capture_output=True, text=True,
                                 check=True).stdout
            blocks = []
            if c == chs[0]:
                blocks.append({"k": "h", "t": title})
            blocks.append({"k": "h", "t": f"CHAPTER {c}"})
            for line in out.splitlines():
                m = re.match(r"^[1-3]?[A-Za-z]+(\d+):(\d+) (.*)$", line)
                if m and int(m.group(1)) == c:
                    blocks.append({"k": "v", "t": f"{m.group(2)} {m.group(3).strip()}"})
            units.append(dict(unit=f"kjv:{name} {c}", blocks=blocks))
    return units


WEB_BOOKS = [("Esther", 5), ("Mark", 3), ("Acts", 2), ("Philippians", 4)]


def _latin(s: str) -> bool:
    return all(ord(ch) < 0x250 or 0x2000 <= ord(ch) < 0x2070 for ch in s)


def web() -> list[dict]:
    units = []
    for book, n in WEB_BOOKS:
        for c in range(1, n + 1):
            out = subprocess.run(["diatheke", "-b", "engWEB2015eb", "-o", "f", "-f", "plain", "-k",
                                  f"{book} {c}"], capture_output=True, text=True, check=True).stdout
            verses = re.split(rf"(?m)^\s*{book} {c}:(\d+): ", out)
            blocks = [{"k": "h", "t": f"{book} {c}" if c > 1 else f"The Book of {book}"}]
            if c == 1:
                blocks.append({"k": "h", "t": f"Chapter {c}"})
            for i in range(1, len(verses), 2):
                text = verses[i + 1].replace("(engWEB2015eb)", "")

                def fn(m: re.Match) -> str:
                    note = " ".join(m.group(2).split())
                    # notes quoting Hebrew or Greek are dropped (no Latin OCR or
                    # pdflatex font can set them); the rest are kept as footnotes
                    return f"[[fn:{note}]]" if _latin(note) else ""

                text = re.sub(r"\s*\[(\d+:\d+) ([^\]]*)\]\s*", lambda m: fn(m) + " ", text)
                text = " ".join(text.split())
                text = re.sub(r" (\[\[fn:)", r"\1", text)
                blocks.append({"k": "v", "t": f"{verses[i]} {text}"})
            units.append(dict(unit=f"web:{book} {c}", blocks=blocks))
    return units


# ---------------------------------------------------------------- plain text documents

_ITEM = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.|\d+\)|\([a-z0-9]+\)|[a-z]\)|[a-z]\.|[*\u2022-])\s+\S")


def unwrap_plain(text: str, heading_underlines: bool = True) -> list[dict]:
    """Paragraphs of a hard-wrapped plain-text document.

    A blank line ends a paragraph; a line starting with a list marker starts a
    list item; a line indented far more than the text (a centred title) or
    underlined with ``===``/``---`` is a heading; separator rules are dropped.
    """
    blocks: list[dict] = []
    for chunk in re.split(r"\n\s*\n", text.strip("\n")):
        lines = [ln.rstrip() for ln in chunk.split("\n") if ln.strip()]
        centred = len(lines) <= 3 and all(
            len(ln) - len(ln.lstrip()) >= 12 and len(ln.strip()) < 70 and not _ITEM.match(ln)
            for ln in lines)
        cur: dict | None = None
        for j, ln in enumerate(lines):
            s = ln.strip()
            if re.fullmatch(r"[_=*\-\s]{5,}", s):
                if heading_underlines and cur and cur["k"] != "h" and re.fullmatch(r"[=\-*]{3,}", s) \
                        and "\n" not in cur["t"] and len(cur["t"]) < 80 and j > 0:
                    cur["k"] = "h"
                continue
            if centred:
                cur = {"k": "h", "t": s}
                blocks.append(cur)
                cur = None
                continue
            if _ITEM.match(ln) or cur is None:
                cur = {"k": "li" if _ITEM.match(ln) else "p", "t": s}
                blocks.append(cur)
            else:
                sep = "" if cur["t"].endswith("-") and re.match(r"[a-z]", s) and False else " "
                cur["t"] += sep + s
    for b in blocks:
        b["t"] = " ".join(b["t"].split())
        # a short numbered title ("1. Introduction") is a heading
        if b["k"] == "li" and len(b["t"]) < 60 and not b["t"].endswith((".", ":", ";", ",")):
            b["k"] = "h"
    return blocks


def split_units(blocks: list[dict], source: str, name: str, per: int = 14) -> list[dict]:
    """Cut a long document into units of about ``per`` blocks at headings."""
    units, cur = [], []
    for b in blocks:
        if cur and (len(cur) >= per and b["k"] == "h" or len(cur) >= 2 * per):
            units.append(dict(unit=f"{source}:{name}#{len(units) + 1}", blocks=cur))
            cur = []
        cur.append(b)
    if cur:
        units.append(dict(unit=f"{source}:{name}#{len(units) + 1}", blocks=cur))
    return units


def licences(names: list[str]) -> list[dict]:
    units = []
    for n in names:
        text = Path("/usr/share/common-licenses", n).read_text(encoding="utf-8")
        units += split_units(unwrap_plain(text), "common-licenses", n)
    return units


def _read(path: str) -> str:
    p = Path(path)
    return gzip.decompress(p.read_bytes()).decode("utf-8") if p.suffix == ".gz" else p.read_text("utf-8")


def debian_docs(files: list[str]) -> list[dict]:
    units = []
    for f in files:
        text = _read(f"/usr/share/doc/debian/{f}")
        text = re.sub(r"(?s)^Please note that this document.*?\n\n", "", text)
        units += split_units(unwrap_plain(text), "doc-debian", f.removesuffix(".gz"))
    return units


SOURCES = {
    # tune
    "news_abc": news_abc,
    "kjv": kjv,
    "licences_a": lambda: licences(["Apache-2.0", "GPL-3", "MPL-2.0"]),
    "tech_bugs": lambda: debian_docs(["bug-reporting.txt.gz", "bug-maint-info.txt.gz",
                                      "bug-log-access.txt", "mailing-lists.txt.gz"]),
    # held out
    "news_heldout": news_heldout,
    "web": web,
    "licences_b": lambda: licences(["GPL-2", "LGPL-2.1", "Artistic", "GFDL-1.3"]),
    "governance": lambda: debian_docs(["constitution.txt.gz", "social-contract.txt.gz",
                                       "debian-manifesto.gz"]),
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, fn in SOURCES.items():
        units = fn()
        with open(OUT / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for u in units:
                fh.write(json.dumps(dict(source=name, **u), ensure_ascii=False) + "\n")
        n = sum(len(b["t"]) for u in units for b in u["blocks"])
        print(f"{name}: {len(units)} units, {n} characters")


if __name__ == "__main__":
    main()
