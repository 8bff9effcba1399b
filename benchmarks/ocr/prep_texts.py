"""Extract the Debian-packaged public-domain texts used by the OCR dev set.

Writes (into ``benchmarks/ocr/texts/``):

* ``pride_and_prejudice.txt`` and ``persuasion.txt`` -- Jane Austen, from the
  Debian package ``r-cran-janeaustenr`` (read through ``Rscript``);
* ``devils_dictionary.txt`` -- Ambrose Bierce, *The Devil's Dictionary*, from the
  Debian package ``dict-devil`` (``/usr/share/dictd/devil.dict.dz``).

The other files in ``texts/`` (Dracula, Walden, The Wealth of Nations, Leaves of
Grass) were transcribed from Project Gutenberg files; see ``SOURCES.md``.

Text file format (shared by all files in ``texts/``):

* blocks are separated by blank lines;
* a block whose first line starts with ``# `` is a heading (chapter title etc.);
* a block whose lines all start with ``| `` is verse: its line breaks are real;
* any other block is a prose paragraph: single newlines inside it are soft
  (the source's hard wrapping) and are joined with a space;
* ``_italic_`` marks italics (rendered in the italic face, dropped in truth).

The whole of ``leaves_of_grass.txt`` is verse (declared in ``make_pages.WORKS``).

Usage::

    apt-get install -y r-cran-janeaustenr dict-devil
    python benchmarks/ocr/prep_texts.py
"""
from __future__ import annotations

import gzip
import re
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"


def _r_lines(name: str) -> list[str]:
    out = subprocess.run(
        ["Rscript", "-e", f"library(janeaustenr); writeLines({name})"],
        check=True, capture_output=True, text=True,
    ).stdout
    return out.split("\n")


def austen(name: str, first_chapter: int, last_chapter: int) -> str:
    """Chapters ``first..last`` of a janeaustenr novel in the texts/ format."""
    lines = _r_lines(name)
    blocks: list[list[str]] = []
    cur: list[str] = []
    for line in lines:
        if line.strip():
            cur.append(line.rstrip())
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    out: list[str] = []
    chapter = 0
    for b in blocks:
        m = re.fullmatch(r"(?:Chapter|CHAPTER) (\d+|[IVXLC]+)", b[0].strip())
        if m and len(b) == 1:
            chapter += 1
            if first_chapter <= chapter <= last_chapter:
                out.append(f"# {b[0].strip()}")
            continue
        if first_chapter <= chapter <= last_chapter:
            text = " ".join(x.strip() for x in b)
            # quoted letters / inscriptions that were indented in the source
            out.append(re.sub(r"\s+", " ", text))
    return "\n\n".join(out) + "\n"


def devils_dictionary(first_letter: str, last_letter: str) -> str:
    """Entries ``first..last`` (by initial) of The Devil's Dictionary."""
    raw = gzip.open("/usr/share/dictd/devil.dict.dz", "rt", encoding="latin-1").read()
    start = raw.index("ABASEMENT, n.")
    body = raw[start:]
    blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip()]
    out: list[str] = []
    keep = False
    for b in blocks:
        lines = b.split("\n")
        m = re.match(r"^([A-Z][A-Z' -]+)[,.]", lines[0])
        if m and not lines[0].startswith(" "):
            initial = m.group(1)[0]
            keep = first_letter <= initial <= last_letter
        if not keep:
            continue
        # drop dictfmt headword lines (lowercase keys) if any
        lines = [ln for ln in lines if not re.fullmatch(r"[a-z'-]+", ln.strip())]
        if not lines:
            continue
        indented = all(ln.startswith("    ") or not ln.strip() for ln in lines)
        if indented and max(len(ln) for ln in lines) < 72 and len(lines) >= 2:
            verse = []
            for ln in lines:
                s = ln.rstrip()
                # right-aligned attribution such as "G.J." stays as its own line
                verse.append("| " + s.strip())
            out.append("\n".join(verse))
        else:
            text = " ".join(ln.strip() for ln in lines)
            out.append(re.sub(r"\s+", " ", text))
    return "\n\n".join(out) + "\n"


def main() -> None:
    TEXTS.mkdir(exist_ok=True)
    (TEXTS / "pride_and_prejudice.txt").write_text(austen("prideprejudice", 1, 15), encoding="utf-8")
    (TEXTS / "persuasion.txt").write_text(austen("persuasion", 1, 9), encoding="utf-8")
    (TEXTS / "devils_dictionary.txt").write_text(devils_dictionary("A", "E"), encoding="utf-8")
    for p in sorted(TEXTS.glob("*.txt")):
        print(f"{p.name:28s} {p.stat().st_size:8d} bytes")


if __name__ == "__main__":
    main()
