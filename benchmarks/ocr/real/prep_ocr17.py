"""e-ditiones/OCR17: ground truth for 17th-century French prints (and a 16th,
18th and 19th-century test set), as line images with their transcription.

We OCR the real line images (``Training_data/<dpi>/<book>/extracted*/`` and
``Testing_data/<century>/``; not ``training_data/``, which is synthetic, nor
``extracted_noise``, nor ``400dpi_mufi``, whose ligature-free transcriptions
drop the ligated letters) with Debian's Tesseract 5, ``-l fra --psm 7``, and
group each book's lines, in the repository's order, into page-sized
documents of ``LINES_PER_DOC`` lines or more, each ending at a line whose truth
ends a sentence (at most twice that many). At most ``MAX_LINES`` lines per
book (the first ones) are used.

TRUTH_CONVENTION: line-level, "almost diplomatic" (the repository's README):
long s kept (``plaiſir``), u/v and i/j as printed (``Auec``), lost ligatures
(``ſt``, ``ct``) resolved, ``œ``/``æ`` kept, NFC. ``truth`` maps long s to
``s`` and the transcribers' line-end hyphen ``¬`` (844 of them) to ``-`` (Tesseract's French model has no ``ſ``: it reads ``ſ`` as ``f`` or
``s``, which is the error a corrector should repair); ``truth_diplomatic`` keeps
the repository's text. Old spellings (``Auec``, ``diuerſes``) stay in both:
a corrector must not modernise them.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, Snapshot, chunk_at_sentence_ends, nfc, tesseract_lines, tesseract_version, write_jsonl  # noqa: E402

REPO = "e-ditiones/OCR17"
COMMIT = "98133010d957cfaa1eeadb28be9da6f37e96c9f2"
MAX_LINES = 140
LINES_PER_DOC = 35
BOOK_DIR = re.compile(r"^Training_data/(72dpi|400dpi|600dpi)/([^/]+)/(extracted|extracted_cleaned)/(\d+)\.gt\.txt$")
TEST_DIR = re.compile(r"^Testing_data/(XVI|XVIII|XIX)/(\d+)\.gt\.txt$")
TEST_YEAR = {"XVI": 1550, "XVIII": 1750, "XIX": 1850}


def main() -> None:
    snap = Snapshot(REPO, COMMIT)
    engine = f"{tesseract_version()} (Debian), -l fra --psm 7 per line"
    books: dict[str, list[str]] = {}
    meta: dict[str, tuple[str, int | None, str]] = {}
    for p in snap.ls():
        m = BOOK_DIR.match(p)
        if m:
            dpi, book = m.group(1), m.group(2)
            books.setdefault(book, []).append(p)
            y = re.search(r"(1[5-9]\d\d)", book)
            meta[book] = (dpi, int(y.group(1)) if y else None, "Training_data")
            continue
        m = TEST_DIR.match(p)
        if m:
            book = f"Testing_{m.group(1)}"
            books.setdefault(book, []).append(p)
            meta[book] = ("?", TEST_YEAR[m.group(1)], "Testing_data")
    records = []
    for book in sorted(books):
        gts_paths = sorted(books[book])[:MAX_LINES]
        gts = snap.read_many(gts_paths)
        pngs = [p[: -len(".gt.txt")] + ".png" for p in gts_paths]
        imgs = snap.read_many(pngs)
        ocr = tesseract_lines(list(imgs.items()), "fra", OUT / "cache" / "ocr17" / book)
        lines = []
        for gp, ip in zip(gts_paths, pngs):
            t = nfc(gts[gp].decode("utf-8").lstrip("\ufeff").rstrip("\n"))
            if t.strip():
                lines.append((ip, t, nfc(ocr[ip])))
        dpi, year, part = meta[book]
        for k, piece in enumerate(chunk_at_sentence_ends(lines, LINES_PER_DOC, lambda x: x[1])):
            dipl = "\n".join(t for _p, t, _o in piece)
            records.append({
                "id": f"ocr17/{book}/{k:03d}",
                "source": "ocr17",
                "lang": "fr",
                "engine": engine,
                "year": year,
                "genre": "book",
                "title": book,
                "ocr": "\n".join(o for _p, _t, o in piece),
                "truth": dipl.replace("\u017f", "s").replace("\u00ac", "-"),
                "truth_diplomatic": dipl,
                "meta": {"lines": len(piece), "first_line": piece[0][0], "dpi_folder": dpi,
                         "part": part, "repo": REPO, "commit": COMMIT},
            })
    write_jsonl("ocr17", records)


if __name__ == "__main__":
    main()
