"""idhmc-tamu/eMOP: a whole English novel's Internet Archive OCR with its
Project Gutenberg text, shipped as the example of the Recursive Text Alignment
Tool (Yalniz & Manmatha, ICDAR 2011) in
``RecursiveTextAlignmentTool_release_v1_1/texts/`` (removed from the
repository later; read at the commit pinned below).

``adventuresofhuck00clemrich_OCR_output.txt`` is the Internet Archive's OCR
(its commercial engine, ABBYY FineReader in the IA's pipeline of the time) of
Mark Twain, *Adventures of Huckleberry Finn* (Charles L. Webster, New York,
1885; the copy digitised from the University of California library), with the
book's running heads, page numbers, illustration captions, contents and list
of illustrations. ``adventuresofhuck_ground_truth.txt`` is Project
Gutenberg's transcription: no page furniture, its own line breaks.

The OCR from the first line of chapter I onwards (the front matter, contents
and list of illustrations before it are left out: the truth has none) is cut into pieces of
``LINES_PER_DOC`` lines or more (about a page), each ending at a line that ends
a sentence (at most twice that many); each piece's truth is the span of the
Gutenberg text that a Levenshtein alignment of the whole OCR with the whole
truth maps it to, its ends moved to the nearest whitespace. So the truth of a
piece has Gutenberg's line breaks: use flat CER.

TRUTH_CONVENTION: Gutenberg's text, CRLF -> LF, NFC; its ``--`` (an em dash,
which this OCR drops) is written ``—`` in ``truth`` (``truth_diplomatic`` keeps
``--``). Page furniture and illustration captions the OCR has count as errors
(the truth has none): removing them is a gain. Edition differences between
the printed 1885 text and Gutenberg's are possible but rare.
"""
from __future__ import annotations

import sys
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import _SENTENCE_END, Snapshot, nfc, norm_newlines, write_jsonl  # noqa: E402

REPO = "idhmc-tamu/eMOP"
COMMIT = "5d84b79a74be8fa679200aa08251be14f885ecce"
DIR = "RecursiveTextAlignmentTool_release_v1_1/texts"
LINES_PER_DOC = 45


def src_to_dest(ops, n_src: int) -> list[int]:
    """For each source offset 0..n_src, the aligned destination offset."""
    m = [0] * (n_src + 1)
    for op in ops:
        if op.tag == "insert":
            continue
        ls, ld = op.src_end - op.src_start, op.dest_end - op.dest_start
        for k in range(ls):
            m[op.src_start + k] = op.dest_start + (min(k, ld) if op.tag != "delete" else 0)
        m[op.src_end] = op.dest_end
    return m


def snap_ws(t: str, i: int, reach: int = 30) -> int:
    if i <= 0 or i >= len(t) or t[i - 1].isspace() or t[i].isspace():
        return i
    for d in range(1, reach):
        for j in (i - d, i + d):
            if 0 < j < len(t) and t[j].isspace():
                return j
    return i


def main() -> None:
    snap = Snapshot(REPO, COMMIT)
    ocr = nfc(norm_newlines(snap.text(f"{DIR}/adventuresofhuck00clemrich_OCR_output.txt")))
    dipl = nfc(norm_newlines(snap.text(f"{DIR}/adventuresofhuck_ground_truth.txt")))
    truth_all = dipl.replace("--", "\u2014")
    # the body starts at chapter I's first line (its heading and drop-cap "YOU" are lost in the OCR)
    start_o = ocr.rindex("\n", 0, ocr.index("don't know about me, without you")) + 1
    end_o = ocr.index("YOURS TRULY")
    end_o = ocr.index("\n", end_o)
    start_t = truth_all.index("YOU don't know about me")
    end_t = truth_all.index("\n", truth_all.index("YOURS TRULY"))
    o_body, t_body = ocr[start_o:end_o], truth_all[start_t:end_t]
    ops = Levenshtein.opcodes(o_body, t_body)
    m = src_to_dest(ops, len(o_body))
    lines = o_body.split("\n")
    offs, p = [], 0
    for ln in lines:
        offs.append(p)
        p += len(ln) + 1
    # cut after a line that ends a sentence, LINES_PER_DOC lines or more from the last cut
    cuts, last = [0], 0
    for i, ln in enumerate(lines):
        if i + 1 - last >= 2 * LINES_PER_DOC or (i + 1 - last >= LINES_PER_DOC and _SENTENCE_END.search(ln)):
            if i + 1 < len(lines):
                cuts.append(offs[i + 1])
                last = i + 1
    if len(lines) - last < LINES_PER_DOC // 2 and len(cuts) > 1:
        cuts.pop()
    cuts.append(len(o_body))
    records = []
    prev_t = 0
    for k in range(len(cuts) - 1):
        a, b = cuts[k], cuts[k + 1]
        ta = prev_t
        tb = len(t_body) if k == len(cuts) - 2 else snap_ws(t_body, m[b])
        o_piece = o_body[a:b].strip("\n")
        t_piece = t_body[ta:tb].strip()
        prev_t = tb
        if not t_piece or not o_piece:
            continue
        records.append({
            "id": f"emop-huck/{k:03d}",
            "source": "emop-huck",
            "lang": "en",
            "engine": "Internet Archive OCR (ABBYY FineReader, c. 2008-2010)",
            "year": 1885,
            "genre": "book",
            "title": "Twain, Adventures of Huckleberry Finn (1885)",
            "ocr": o_piece,
            "truth": t_piece,
            "meta": {"ocr_span": [start_o + a, start_o + b], "truth_span": [start_t + ta, start_t + tb],
                     "truth_diplomatic_note": "truth with -- for the em dash: Gutenberg text at truth_span",
                     "repo": REPO, "commit": COMMIT},
        })
    write_jsonl("emop_huck", records)


if __name__ == "__main__":
    main()
