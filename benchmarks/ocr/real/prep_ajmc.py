"""AjaxMultiCommentary/GT-commentaries-OCR: 19th-century commentaries on Sophocles' Ajax.

Line images (``GT-pairs/<book>_<page>_<n>.png``) with their transcription
(``.gt.txt``). We OCR every line with Debian's Tesseract 5 (``--psm 7``, the
language of the commentary: ``eng`` for Campbell 1881 and Jebb 1896, ``deu``
for Schneidewin 1853 and Wecklein 1894) and group the lines of one page into
one document, in reading order (top to bottom by the line boxes of the
repository's ``_training.tsv`` where a line's text is found there, else by the
line number).

TRUTH_CONVENTION: line-level, diplomatic (footnote digits such as ``origin1``
and the printer's typos kept), NFC; Wecklein's truth has long s (97 of them),
which ``truth`` writes ``s`` (Tesseract's German model has no ``ſ``) and
``truth_diplomatic`` keeps. Lines whose truth contains a Greek letter
are left out (Tesseract has no Greek model in this run; they would only add
garbage that no English or German corrector should touch), and so are lines
whose truth is empty. Page numbers and running heads are lines like any other
when the transcribers included them.
"""
from __future__ import annotations

import csv
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, Snapshot, nfc, tesseract_lines, tesseract_version, write_jsonl  # noqa: E402

REPO = "AjaxMultiCommentary/GT-commentaries-OCR"
COMMIT = "d2c4b09d12c2f73f804860938a7259317dca603c"
BOOKS = {
    # folder: (lang, tesseract lang, year, title)
    "cu31924087948174": ("en", "eng", 1881, "Campbell, Sophocles (Ajax commentary), 1881"),
    "sophoclesplaysa05campgoog": ("en", "eng", 1896, "Jebb, Sophocles: The Ajax, 1896"),
    "sophokle1v3soph": ("de", "deu", 1853, "Schneidewin, Sophokles Aias, 1853"),
    "Wecklein1894": ("de", "deu", 1894, "Wecklein, Sophokles Aias, 1894"),
}
GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
LINE = re.compile(r"GT-pairs/(.+)_(\d{4})_(\d+)\.gt\.txt$")


def main() -> None:
    snap = Snapshot(REPO, COMMIT)
    engine = f"{tesseract_version()} (Debian), --psm 7 per line"
    records = []
    dropped = 0
    for book, (lang, tlang, year, title) in BOOKS.items():
        files = [p for p in snap.ls(f"data/{book}/GT-pairs/") if p.endswith(".gt.txt")]
        gts = snap.read_many(files)
        # line boxes for reading order
        boxes: dict[tuple[str, str], tuple[int, int]] = {}
        try:
            tsv = snap.text(f"data/{book}/{book}_training.tsv")
            for row in csv.reader(io.StringIO(tsv), delimiter="\t"):
                if len(row) >= 3:
                    m = re.search(r"_(\d{4})\.png$", row[0])
                    xy = row[1].split()
                    if m and len(xy) == 4:
                        boxes.setdefault((m.group(1), nfc(row[2].strip())), (int(xy[1]), int(xy[0])))
        except Exception:  # noqa: BLE001 - the order falls back to line numbers
            pass
        pages: dict[str, list[tuple[tuple[int, int], str, str]]] = defaultdict(list)
        for path, data in gts.items():
            m = LINE.search(path)
            if not m:
                continue
            page, n = m.group(2), int(m.group(3))
            truth = nfc(data.decode("utf-8").lstrip("\ufeff").rstrip("\n"))
            if not truth.strip() or GREEK.search(truth):
                dropped += 1
                continue
            order = boxes.get((page, truth.strip()), (10**6 + n, 0))
            pages[page].append((order, truth, path[: -len(".gt.txt")] + ".png"))
        items = []
        for page, lines in pages.items():
            for _o, _t, png in lines:
                items.append((png, None))
        imgs = snap.read_many([k for k, _ in items])
        ocr = tesseract_lines([(k, imgs[k]) for k, _ in items], tlang, OUT / "cache" / "ajmc" / tlang)
        for page in sorted(pages):
            lines = sorted(pages[page])
            records.append({
                "id": f"ajmc/{book}/{page}",
                "source": "ajmc",
                "lang": lang,
                "engine": engine + f", -l {tlang}",
                "year": year,
                "genre": "book",
                "title": title,
                "ocr": "\n".join(nfc(ocr[p]) for _o, _t, p in lines),
                "truth": "\n".join(t for _o, t, _p in lines).replace("\u017f", "s"),
                "truth_diplomatic": "\n".join(t for _o, t, _p in lines),
                "meta": {"lines": len(lines), "repo": REPO, "commit": COMMIT},
            })
    print(f"ajmc: {dropped} lines left out (Greek or empty truth)")
    write_jsonl("ajmc", records)


if __name__ == "__main__":
    main()
