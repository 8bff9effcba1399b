"""natliblux/nautilusocr ``examples/textblocks``: six text blocks of Luxembourg
newspapers (1858-1859) with their original OCR (``ori/``, ALTO, the library's
production OCR) and double-keyed ground truth (``gt/``, ALTO).

The ``bnl-ocr-public`` line set named in the repository's README is not in the
snapshot (it is downloaded from the library's site), so only these examples
are used. Each block is one record; its language is read from its ground
truth (German or French function words; ``lb`` if neither dominates).

TRUTH_CONVENTION: line-level (ALTO ``TextLine``, ``String`` contents joined by
single spaces; a ``HYP`` element adds the printed line-end hyphen), NFC. The
keyers wrote the Fraktur hyphen as U+2E17 (double oblique hyphen), which no
OCR engine outputs: ``truth`` has it as ``-``, ``truth_diplomatic`` keeps it.
Typographic apostrophes (U+2019) are kept in both (the OCR has ``'``: the
folded CER of eval_real.py does not count that difference).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Snapshot, nfc, write_jsonl  # noqa: E402

REPO = "natliblux/nautilusocr"
COMMIT = "563c1c7fa99208d389b2a8da1c59f622c5b43fa1"
DE = {"der", "die", "und", "den", "das", "von", "zu", "mit", "des", "dem", "ist", "nicht", "sich", "auf", "für"}
FR = {"le", "la", "les", "de", "des", "et", "du", "un", "une", "en", "que", "qui", "pour", "dans", "est"}


def alto_block(xml: bytes, block_id: str) -> str:
    root = etree.fromstring(xml)
    lines = []
    for tb in root.iter("{*}TextBlock"):
        if tb.get("ID") != block_id:
            continue
        for tl in tb.iter("{*}TextLine"):
            parts = []
            for el in tl:
                tag = etree.QName(el).localname
                if tag == "String":
                    parts.append(el.get("CONTENT", ""))
                elif tag == "HYP":
                    parts.append(("\x00" + el.get("CONTENT", "-")))
            line = " ".join(p for p in parts if p)
            lines.append(line.replace(" \x00", "").replace("\x00", ""))
    return "\n".join(lines)


def guess_lang(text: str) -> str:
    words = re.findall(r"\w+", text.lower())
    de = sum(w in DE for w in words)
    fr = sum(w in FR for w in words)
    if de > 2 * fr:
        return "de"
    if fr > 2 * de:
        return "fr"
    return "lb"


def main() -> None:
    snap = Snapshot(REPO, COMMIT)
    records = []
    for line in snap.text("examples/textblocks/example.jsonl").splitlines():
        if not line.strip():
            continue
        ex = json.loads(line)
        gt = nfc(alto_block(snap.read(ex["gt"].lstrip("./")), ex["gt-block-id"]))
        ori = nfc(alto_block(snap.read(ex["ori"].lstrip("./")), ex["ori-block-id"]))
        records.append({
            "id": f"nautilus/{ex['id']}",
            "source": "nautilus",
            "lang": guess_lang(gt),
            "engine": "BnL production OCR (original ALTO)",
            "year": ex.get("year"),
            "genre": "newspaper",
            "title": f"BnL example block {ex['id']}",
            "ocr": ori,
            "truth": gt.replace("\u2e17", "-"),
            "truth_diplomatic": gt,
            "meta": {"font": ex.get("font"), "repo": REPO, "commit": COMMIT},
        })
    write_jsonl("nautilus", records)


if __name__ == "__main__":
    main()
