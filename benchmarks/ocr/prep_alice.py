"""Build ``texts/alice.txt`` for the Alice OCR check set (``pairs-alice/``).

Reads Lewis Carroll's *Alice's Adventures in Wonderland* from the repository,
``benchmarks/data/clean/literature/alice_01.txt`` ... ``alice_17.txt`` (in that
order), and writes it in the block format of ``texts/`` (see ``prep_texts.py``)
to ``benchmarks/ocr/texts/alice.txt``.  ``make_pages.py --works alice`` sets it
on pages.

Source and licence: the text is in the public domain (Lewis Carroll, 1865).
The pieces are the Canterbury Corpus copy (``alice29.txt``, Project Gutenberg
"Millennium Fulcrum Edition 2.9") from the PyPI sdist ``brotli-1.2.1.tar.gz``
(``tests/testdata/alice29.txt``; the brotli package itself is MIT), split into
17 pieces; see ``benchmarks/data/clean/manifest.jsonl``.

Conversions:

* chapter number and title -> two ``# `` heading blocks (``# CHAPTER I``,
  ``# Down the Rabbit-Hole``); ``THE END`` -> a heading;
* indented poems, letters and star separators -> ``| `` verse blocks
  (interior runs of spaces collapsed);
* prose paragraphs joined to one line each (a line ending in ``-`` joins
  without a space: compounds like WAISTCOAT-POCKET and dashes split as
  ``woman-`` / ``-but``);
* `` `quotes' `` -> curly single quotes, ``'`` -> ``\u2019`` (apostrophes and
  closing quotes), ``"..."`` -> curly double quotes; ``--`` -> em dash;
* dropped: the title/author/edition lines at the top, the trailing ``^Z``, and
  the Fulcrum editor's ``[later editions continued as follows ... ]`` note (its
  brackets and note line only; the later-edition verse lines are kept as their
  own stanza);
* the Lobster Quadrille, whose long lines the Fulcrum file hard-wrapped, is
  re-typed with one verse line per line.

The output is deterministic (md5 ``d0cc546c3ac67054e450f855addde91f``).

Usage::

    python benchmarks/ocr/prep_alice.py        # -> benchmarks/ocr/texts/alice.txt
"""
from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "data" / "clean" / "literature"
OUT = HERE / "texts" / "alice.txt"

# --- hand-fixed Lobster Quadrille (hard-wrapped long lines in the source) ---
LOBSTER_START = '`"Will you walk a little faster?"'
LOBSTER_END = "won't you join the\n         dance?\"'"
LOBSTER = """\
    `"Will you walk a little faster?" said a whiting to a snail.
    "There's a porpoise close behind us, and he's treading on my tail.
    See how eagerly the lobsters and the turtles all advance!
    They are waiting on the shingle--will you come and join the dance?

    Will you, won't you, will you, won't you, will you join the dance?
    Will you, won't you, will you, won't you, won't you join the dance?

    "You can really have no notion how delightful it will be
    When they take us up and throw us, with the lobsters, out to sea!"
    But the snail replied "Too far, too far!" and gave a look askance--
    Said he thanked the whiting kindly, but he would not join the dance.
    Would not, could not, would not, could not, would not join the dance.
    Would not, could not, would not, could not, could not join the dance.

    `"What matters it how far we go?" his scaly friend replied.
    "There is another shore, you know, upon the other side.
    The further off from England the nearer is to France--
    Then turn not pale, beloved snail, but come and join the dance.

    Will you, won't you, will you, won't you, will you join the dance?
    Will you, won't you, will you, won't you, won't you join the dance?"'"""


def curly(t: str) -> str:
    t = t.replace("--", "\u2014")
    t = t.replace("`", "\u2018")
    t = re.sub(r'(^|[\s(\[\u2014\u2018_])"(?=[\w\u2018\u2014(]|\'\w)', "\\1\u201c", t)
    t = t.replace('"', "\u201d")
    t = t.replace("'", "\u2019")
    return t


def read_source() -> str:
    raw = "\n\n".join(SRC.joinpath(f"alice_{i:02d}.txt").read_text(encoding="ascii").rstrip("\n\x1a")
                      for i in range(1, 18))
    raw = raw.replace("\x1a", "")
    a = raw.index(LOBSTER_START)
    b = raw.index(LOBSTER_END) + len(LOBSTER_END)
    return raw[:a] + LOBSTER + raw[b:]


def convert(raw: str) -> list[str]:
    chunks = [c for c in re.split(r"\n[ \t]*\n", raw) if c.strip()]
    out: list[str] = []
    heading_next = False
    for c in chunks:
        lines = [ln.rstrip() for ln in c.split("\n") if ln.strip()]
        first = lines[0].strip()
        if first in ("ALICE'S ADVENTURES IN WONDERLAND", "Lewis Carroll",
                     "THE MILLENNIUM FULCRUM EDITION 2.9"):
            continue
        if len(lines) == 1 and re.fullmatch(r"CHAPTER [IVXLC]+", first):
            out.append("# " + first)
            heading_next = True
            continue
        if heading_next:
            assert len(lines) == 1, lines
            out.append("# " + curly(first))
            heading_next = False
            continue
        if first == "THE END":
            out.append("# THE END")
            continue
        if re.fullmatch(r"[* ]+", first) and len(lines) == 1:
            if out and out[-1].startswith("| *"):
                out[-1] += "\n| " + re.sub(r"\s+", " ", first)
            else:
                out.append("| " + re.sub(r"\s+", " ", first))
            continue
        if all(re.match(r" {4,}", ln) for ln in lines):
            verse = []
            for ln in lines:
                s = re.sub(r"\s+", " ", ln.strip())
                if s.startswith("[later editions continued as follows"):
                    continue
                s = s.rstrip("]") if s.endswith("]") else s
                verse.append("| " + curly(s))
            out.append("\n".join(verse))
            continue
        # prose paragraph
        text = ""
        for ln in lines:
            s = ln.strip()
            if not text:
                text = s
            elif text.endswith("-"):
                text += s
            else:
                text += " " + s
        out.append(curly(re.sub(r"\s+", " ", text)))
    return out


def main() -> None:
    out = convert(read_source())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    print(len(out), "blocks;", sum(b.startswith("|") for b in out), "verse;",
          sum(b.startswith("#") for b in out), "headings ->", OUT)


if __name__ == "__main__":
    main()
