"""impresso/NZZ-black-letter-ground-truth: 167 front pages of the Neue Zürcher
Zeitung, one per year 1780-1947, set in black letter (Fraktur).

Two OCR versions per page, each its own record (the split keeps a page's
versions together, as one title):

* ``nzz-abbyy11``: ABBYY FineReader Engine 11 as run inside Transkribus
  (``xml/ABBYY_FineReader_Server11``, PAGE XML). The ground truth was made by
  correcting this output in Transkribus, so its regions and lines are the same
  ones; we read both in the PAGE reading order, one text line per line, a blank
  line between regions.
* ``nzz-xix``: the NZZ's own 2005 OCR, ABBYY FineReader XIX for black letter
  (``xml/ABBYY_FineReader_XIX``, text extracted from the PDF with PDFlib TET:
  words in TET's order, one ``Para`` per line). Its reading order and line
  breaks are TET's, not the ground truth's: use flat CER, and expect a floor
  of order errors no text corrector can remove.

TRUTH_CONVENTION (from the repository's README): line-based transcription of
the line-level ``TextEquiv`` (the word level is uncorrected on many pages and is
not used); long s transcribed ``s``; the ``sz`` ligature as ``ß``; letter-spaced
words fused; ``N°`` as ``Nr.``; I/J as modern spelling has them; line-end
hyphens as printed (``=`` is transcribed as ``-``); some curly/straight quote
inconsistencies remain. NFC. The transcribers wrote a line-end hyphen as
``¬`` (Transkribus's convention; 9,650 of them), which ABBYY 11 writes as ``¬``
about half the time and ``-`` otherwise, and ABBYY XIX never: ``truth`` has
``-`` (as printed), ``truth_diplomatic`` keeps ``¬``.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Snapshot, nfc, write_jsonl  # noqa: E402

REPO = "impresso/NZZ-black-letter-ground-truth"
COMMIT = "ab3d1e696580a3fde620435c9ddc3f5ef3b11155"
TITLE = "Neue Zürcher Zeitung (front pages)"


def page_text(xml: bytes) -> str:
    """Text of a PAGE XML file: regions in reading order, lines in document order."""
    root = etree.fromstring(xml)
    ns = {"p": root.nsmap.get(None)}
    regions = {r.get("id"): r for r in root.iter("{%s}TextRegion" % ns["p"])}
    order = [e.get("regionRef") for e in sorted(
        root.iter("{%s}RegionRefIndexed" % ns["p"]), key=lambda e: int(e.get("index")))]
    ordered = [regions[i] for i in order if i in regions]
    ordered += [r for i, r in regions.items() if i not in set(order)]
    blocks = []
    for reg in ordered:
        lines = []
        for tl in reg.iter("{%s}TextLine" % ns["p"]):
            te = tl.find("p:TextEquiv/p:Unicode", ns)
            txt = (te.text or "") if te is not None else ""
            if txt.strip():
                lines.append(txt)
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def tet_text(xml: bytes) -> str:
    root = etree.fromstring(xml)
    ns = root.nsmap.get(None)
    paras = []
    for para in root.iter("{%s}Para" % ns):
        words = [w.findtext("{%s}Text" % ns) or "" for w in para.iter("{%s}Word" % ns)]
        words = [w for w in words if w.strip()]
        if words:
            paras.append(" ".join(words))
    return "\n".join(paras)


def main() -> None:
    snap = Snapshot(REPO, COMMIT)
    test = set(snap.text("test-set-filenames.txt").split())
    names = sorted(p.rsplit("/", 1)[1] for p in snap.ls("xml/NZZ_groundtruth/"))
    records = []
    for name in names:
        dipl = nfc(page_text(snap.read(f"xml/NZZ_groundtruth/{name}")))
        truth = dipl.replace("\u00ac", "-")
        year = int(re.search(r"nzz_(\d{4})", name).group(1))
        base = {"lang": "de", "year": year, "genre": "newspaper", "title": TITLE, "truth": truth,
                "truth_diplomatic": dipl}
        meta = {"page": name, "nzz_htr_test_set": name in test, "repo": REPO, "commit": COMMIT}
        abbyy11 = nfc(page_text(snap.read(f"xml/ABBYY_FineReader_Server11/{name}")))
        records.append({"id": f"nzz/{name[:-4]}/abbyy11", "source": "nzz-abbyy11",
                        "engine": "ABBYY FineReader Engine 11 (Transkribus)", "ocr": abbyy11,
                        **base, "meta": meta})
        xix = nfc(tet_text(snap.read(f"xml/ABBYY_FineReader_XIX/{name}")))
        records.append({"id": f"nzz/{name[:-4]}/xix", "source": "nzz-xix",
                        "engine": "ABBYY FineReader XIX (2005, text via PDFlib TET)", "ocr": xix,
                        **base, "meta": meta})
    write_jsonl("nzz", records)


if __name__ == "__main__":
    main()
