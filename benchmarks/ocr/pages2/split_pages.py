"""Cut the document pairs of ``pairs/`` into one pair per page (``pairs-pages/``).

A page on its own is what many users clean (one scanned page, one page of a
PDF at a time), and it is where the page-edge stages meet text that is not
damaged: a page ends in the middle of a sentence (``truncated_tail``), begins
in the middle of one, or opens with a heading (``mangled_title``).

* OCR side: the document's output cut at its page marks -- Tesseract's form
  feeds (the same text a one-page run writes), the form feeds of
  ``pdftotext``/``pdfminer``; ``pypdf`` pages are extracted one by one again
  (its document text has no page marks).
* Truth side: the span of the document's truth printed on that page.  Page
  ``k``'s words (``pdftotext -raw -f k -l k`` of the document's PDF in ``pages/``: content-stream order, which is the order the engine set the text in, where the reading-order mode can interleave columns)
  are aligned with the truth's words (``rapidfuzz`` Levenshtein opcodes on the
  normalised word lists); runs of 3 or more equal words fix where the page's
  text starts and ends in the truth, so the running header and the folio
  (not in the truth) do not count.  Pages tile the truth: page ``k`` starts
  where page ``k - 1`` ended; a word broken by a hyphen across the page break
  goes whole to the page where it starts.  The page's truth keeps the
  truth's layout: a paragraph cut at either edge is its first or last line.

Usage: ``python benchmarks/ocr/pages2/split_pages.py`` (after ``make_pages2.py``;
needs the PDFs in ``pages/``).  ``index.jsonl`` of ``pairs-pages/`` copies the
document's record and adds ``doc`` (the document pair's id), ``page`` (1-based)
and ``page_of``; ``pages`` is 1.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
from pathlib import Path

from rapidfuzz.distance import Levenshtein

HERE = Path(__file__).resolve().parent
_WORD = re.compile(r"\S+")


def _norm(w: str) -> str:
    return re.sub(r"[^0-9a-z]", "", w.lower())


def page_text(pdf: Path, k: int) -> str:
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(k), "-l", str(k), str(pdf), "-"],
                          capture_output=True, check=True).stdout.decode("utf-8")


def truth_spans(truth: str, pdf: Path, n_pages: int) -> list[tuple[int, int]]:
    """Character spans of ``truth`` printed on each page.

    Each page is aligned with the truth from where the page before ended, on a
    window somewhat longer than the page (so a phrase that recurs further on,
    as licences repeat theirs, cannot pull the page's end forward).
    """
    words = list(_WORD.finditer(truth))
    tnorm = [_norm(m.group()) for m in words]
    spans = []
    start = 0
    for k in range(1, n_pages + 1):
        if k == n_pages:
            end = len(words) - 1
        else:
            pw = [w for w in (_norm(x) for x in page_text(pdf, k).split()) if w]
            window = tnorm[start: start + int(len(pw) * 1.5) + 40]
            last = -1
            for op in Levenshtein.opcodes(pw, window):
                if op.tag == "equal" and op.dest_end - op.dest_start >= 3:
                    last = max(last, op.dest_end - 1)
            end = start + last
        if start >= len(words) or end < start:
            pos = words[start].start() if start < len(words) else len(truth)
            spans.append((pos, pos))
            continue
        spans.append((words[start].start(), words[end].end()))
        start = end + 1
    return spans


def ocr_pages(ocr: str, rec: dict, pdf: Path) -> list[str]:
    if rec.get("extractor") == "pypdf":
        from pypdf import PdfReader

        return [p.extract_text() for p in PdfReader(str(pdf)).pages]
    parts = ocr.split("\f")
    if rec.get("route") == "pdf" and parts and not parts[-1].strip():
        parts = parts[:-1]        # pdftotext and pdfminer end every page with a form feed
    return parts


def split(src: Path, pdfs: Path, out: Path) -> None:
    """Write the one-page pairs of the document pairs in ``src`` to ``out``."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    recs = [json.loads(x) for x in (src / "index.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    new = []
    skipped = []
    for rec in recs:
        doc = rec["id"]
        base = doc.rsplit("-", 1)[0] if rec["route"] == "tess" else doc[: -len(rec["extractor"]) - 1]
        pdf = pdfs / f"{base}.pdf"
        ocr = (src / f"{doc}.ocr.txt").read_text(encoding="utf-8")
        truth = (src / f"{doc}.truth.txt").read_text(encoding="utf-8")
        pages = ocr_pages(ocr, rec, pdf)
        if len(pages) != rec["pages"]:
            skipped.append(f"{doc}: {len(pages)} OCR pages for {rec['pages']} PDF pages")
            continue
        spans = truth_spans(truth, pdf, rec["pages"])
        for k, (page, (a, b)) in enumerate(zip(pages, spans), start=1):
            pid = f"{doc}-p{k}"
            t = truth[a:b].strip("\n") + "\n"
            (out / f"{pid}.ocr.txt").write_text(page, encoding="utf-8")
            (out / f"{pid}.truth.txt").write_text(t, encoding="utf-8")
            new.append(dict(rec, id=pid, doc=doc, page=k, page_of=rec["pages"], pages=1))
    with open(out / "index.jsonl", "w", encoding="utf-8") as fh:
        for r in new:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(new)} one-page pairs from {len(recs) - len(skipped)} documents -> {out}")
    for s in skipped:
        print("skipped:", s)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", default=str(HERE / "pairs"))
    ap.add_argument("--pdfs", default=str(HERE / "pages"))
    ap.add_argument("--out", default=str(HERE / "pairs-pages"))
    args = ap.parse_args()
    split(Path(args.pairs), Path(args.pdfs), Path(args.out))


if __name__ == "__main__":
    main()
