"""cisocrgroup/Resources ``ocrtestset``: about 100 pages each of books with
page-level ground truth and the output of three engines (ABBYY FineReader,
Tesseract, OCRopus), prepared by CIS/LMU for PoCoTo.

One record per page and engine, for the books with ground truth in German
(Goethe, Die Wahlverwandtschaften 1, 1809; Die Grenzboten, 1841, a periodical)
and Latin (Hobbes, Leviathan, Latin edition 1668: ground truth for 8 pages
only). The Greek books are left out. The engines' text is taken as the
repository has it: ``abbyy-txt/<page>.abbyy.txt``, ``tess-txt/<page>.tess.txt``,
and OCRopus's line files ``ocropus-book/<page>/<line>.txt`` joined with
newlines in line order. The same page therefore appears up to three times
(once per engine); the split keeps a book's pages together.

TRUTH_CONVENTION: page-level text with the print's line breaks, line-end
hyphens kept, running heads and page numbers included where printed (the first
line of a Grenzboten page is its page number), NFC. Grenzboten keeps the
abbreviation sign ``ꝛc.`` (U+A75B, ABBYY reads ``rc.``, Tesseract ``2c.``);
Goethe's truth is the Deutsches Textarchiv text (long s as ``s``, ``bey``
spellings kept); Hobbes's truth keeps long s (565) and ``æ``: ``truth`` has
``ſ`` as ``s`` (no engine here outputs ``ſ``), ``truth_diplomatic`` keeps it.
ABBYY's text starts with a byte-order mark, which is removed.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Snapshot, nfc, norm_newlines, write_jsonl  # noqa: E402

REPO = "cisocrgroup/Resources"
COMMIT = "3642562390735129ecccd5f27470fe42893a31f5"
BOOKS = {
    "german/1809-Goethe-Wahlverwandtschaften-1": ("de", 1809, "book", "Goethe, Die Wahlverwandtschaften 1 (1809)"),
    "german/1841-DieGrenzboten": ("de", 1841, "periodical", "Die Grenzboten (1841)"),
    "latin/1668-Hobbes-Leviathan": ("la", 1668, "book", "Hobbes, Leviathan, Latin ed. (1668)"),
}
ENGINES = {
    "abbyy": "ABBYY FineReader (CIS ocrtestset)",
    "tess": "Tesseract (CIS ocrtestset, legacy)",
    "ocropus": "OCRopus (CIS ocrtestset)",
}


def main() -> None:
    snap = Snapshot(REPO, COMMIT)
    records = []
    for book, (lang, year, genre, title) in BOOKS.items():
        base = f"ocrtestset/{book}"
        files = snap.ls(base + "/")
        gt = {re.sub(r"\.gt\.txt$", "", p.rsplit("/", 1)[1]): p for p in files if "/gt/" in p and p.endswith(".gt.txt")}
        have = set(files)
        ocropus: dict[str, list[str]] = {}
        for p in files:
            m = re.match(rf"{re.escape(base)}/ocropus-book/([^/]+)/(\w+)\.txt$", p)
            if m:
                ocropus.setdefault(m.group(1), []).append(p)
        for page in sorted(gt):
            truth = nfc(norm_newlines(snap.text(gt[page]))).strip("\n")
            if not truth.strip():
                continue
            texts = {}
            if f"{base}/abbyy-txt/{page}.abbyy.txt" in have:
                texts["abbyy"] = snap.text(f"{base}/abbyy-txt/{page}.abbyy.txt")
            if f"{base}/tess-txt/{page}.tess.txt" in have:
                texts["tess"] = snap.text(f"{base}/tess-txt/{page}.tess.txt")
            if page in ocropus:
                lines = snap.read_many(sorted(ocropus[page]))
                texts["ocropus"] = "\n".join(lines[p].decode("utf-8").rstrip("\n") for p in sorted(lines))
            for eng, text in texts.items():
                records.append({
                    "id": f"cisocr/{book.split('/')[1]}/{page}/{eng}",
                    "source": f"cisocr-{eng}",
                    "lang": lang,
                    "engine": ENGINES[eng],
                    "year": year,
                    "genre": genre,
                    "title": title,
                    "ocr": nfc(norm_newlines(text)).strip("\n"),
                    "truth": truth.replace("\u017f", "s"),
                    "truth_diplomatic": truth,
                    "meta": {"page": page, "repo": REPO, "commit": COMMIT},
                })
    write_jsonl("cisocr", records)


if __name__ == "__main__":
    main()
