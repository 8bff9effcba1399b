"""ViralTexts/ocr-eval: Chronicling America (Library of Congress) newspaper OCR
with a line-by-line human correction.

Two whole front pages (The Potter Journal, Coudersport PA, 1859-01-13; the
Clearfield Republican?, Clearfield PA, 1868-11-04, ``loveletter/``) and two
clips (1874, 1896), each a ``<ROW>`` with ``<text>`` (the OCR shipped by
Chronicling America: a commercial engine run by the NDNP awardees on microfilm
scans) and ``<fixed>`` (the corrected text). The two have the same number of
lines, line i of one matching line i of the other, so a page is cut into
article-sized documents of about ``LINES_PER_DOC`` consecutive lines with the
alignment kept, each ending at a line whose truth ends a sentence (at most
twice that many lines), so that a piece reads like an article, not like a cut. ``wvu/belgium50`` holds corrected text only (no OCR) and is
not used.

TRUTH_CONVENTION: line-level, the OCR's own line breaks; line-end hyphens as
printed; rules and specks the OCR read as characters are removed from the
truth (so cleaning such garbage away is counted as a gain); the OCR's trailing
spaces are kept in ``ocr`` (flat CER ignores them). XML entities decoded.
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Snapshot, chunk_at_sentence_ends, nfc, write_jsonl  # noqa: E402

REPO = "ViralTexts/ocr-eval"
COMMIT = "9566c7de3665588e2459ec00371e56880f928d90"
LINES_PER_DOC = 40
FILES = ["snow/sn86081096-1859-01-13-1.xml", "loveletter/page.xml", "clips/clips.xml"]


def main() -> None:
    snap = Snapshot(REPO, COMMIT)
    records = []
    for path in FILES:
        root = ET.fromstring(snap.read(path))
        for row in root.iter("ROW"):
            rid = (row.findtext("id") or "").strip("/")
            ocr = nfc(row.findtext("text") or "").split("\n")
            fixed = nfc(row.findtext("fixed") or "").split("\n")
            if len(ocr) != len(fixed):
                raise SystemExit(f"{path} {rid}: {len(ocr)} OCR lines, {len(fixed)} corrected lines")
            lccn, date = rid.split("/")[1], rid.split("/")[2]
            pairs = list(zip(ocr, fixed))
            for k, piece in enumerate(chunk_at_sentence_ends(pairs, LINES_PER_DOC, lambda p: p[1])):
                o = "\n".join(a for a, _ in piece).strip("\n")
                t = "\n".join(b for _, b in piece).strip("\n")
                if not t.strip():
                    continue
                records.append({
                    "id": f"viraltexts/{lccn}/{date}/{path.split('/')[0]}/{k:03d}",
                    "source": "viraltexts",
                    "lang": "en",
                    "engine": "Chronicling America OCR (NDNP, commercial engine on microfilm)",
                    "year": int(date[:4]),
                    "genre": "newspaper",
                    "title": lccn,
                    "ocr": o,
                    "truth": t,
                    "meta": {"loc_id": rid, "lines": len(piece), "file": path, "repo": REPO, "commit": COMMIT},
                })
    write_jsonl("viraltexts", records)


if __name__ == "__main__":
    main()
