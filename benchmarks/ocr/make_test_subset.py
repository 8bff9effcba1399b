"""Copy a small, varied subset of the OCR pairs to ``tests/data/ocr/``.

Picks, per work, documents in turn from each scan quality (clean, scan, poor),
preferring documents that have the same text at two qualities, until about 32
pairs are chosen, staying under 1 MB.  Deterministic (no randomness).

Usage::

    python benchmarks/ocr/make_test_subset.py
"""
from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAIRS = HERE / "pairs"
DEST = HERE.parent.parent / "tests" / "data" / "ocr"
TARGET = 32
MAX_BYTES = 950_000


def main() -> None:
    recs = [json.loads(x) for x in (PAIRS / "index.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    by_text = defaultdict(list)
    for r in recs:
        by_text[r["id"].rsplit("-", 1)[0]].append(r)
    by_work: dict[str, list[dict]] = defaultdict(list)
    # documents rendered at two qualities first, then the rest, in plan order
    for key, rs in by_text.items():
        for r in rs:
            r["_twin"] = len(rs) > 1
    for r in sorted(recs, key=lambda r: (not r["_twin"], r["id"])):
        by_work[r["work"]].append(r)
    chosen, size = [], 0
    while len(chosen) < TARGET and any(by_work.values()):
        for work in sorted(by_work):
            if not by_work[work] or len(chosen) >= TARGET:
                continue
            have = {c["quality"] for c in chosen if c["work"] == work}
            pool = by_work[work]
            pick = next((r for r in pool if r["quality"] not in have), pool[0])
            pool.remove(pick)
            n = sum((PAIRS / f"{pick['id']}{s}").stat().st_size for s in (".ocr.txt", ".truth.txt"))
            if size + n > MAX_BYTES:
                continue
            chosen.append(pick)
            size += n
    if DEST.exists():
        for p in DEST.glob("*.txt"):
            p.unlink()
    DEST.mkdir(parents=True, exist_ok=True)
    with open(DEST / "index.jsonl", "w", encoding="utf-8") as fh:
        for r in sorted(chosen, key=lambda r: r["id"]):
            r = {k: v for k, v in r.items() if not k.startswith("_")}
            for s in (".ocr.txt", ".truth.txt"):
                shutil.copyfile(PAIRS / f"{r['id']}{s}", DEST / f"{r['id']}{s}")
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} pairs, {size} bytes -> {DEST}")


if __name__ == "__main__":
    main()
