"""Score a cleaning function on the OCR (ocr, truth) pairs.

Usage::

    python benchmarks/ocr/evaluate.py raw
    python benchmarks/ocr/evaluate.py ftfy
    python benchmarks/ocr/evaluate.py clean-text
    python benchmarks/ocr/evaluate.py textmend:ocr        # any textmend profile
    python benchmarks/ocr/evaluate.py raw --pairs tests/data/ocr --by quality

Prints, over all pairs (micro-averaged: total edits / total reference length):
CER, WER, layout errors (hard wraps, hyphenation breaks, header/page-number
lines; see ``metrics.layout_errors``) and the number of pairs whose CER the
cleaner made worse than the raw OCR.  ``--by quality|work`` adds a breakdown.
``--only REGEX`` / ``--exclude REGEX`` select pairs by id (the tune and held-out
splits of ``RESULTS.md``).  ``--json`` prints one JSON object instead.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Callable

from rapidfuzz.distance import Levenshtein

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from metrics import _collapse, cer, layout_errors  # noqa: E402


def get_cleaner(name: str) -> Callable[[str], str]:
    """Return the cleaning function for ``name`` (imports lazily)."""
    if name == "raw":
        return lambda s: s
    if name == "ftfy":
        import ftfy

        return ftfy.fix_text
    if name in ("clean-text", "cleantext"):
        from cleantext import clean

        return lambda s: clean(s, fix_unicode=True, to_ascii=False, lower=False,
                               no_line_breaks=False, lang="en")
    if name.startswith("textmend"):
        profile = name.split(":", 1)[1] if ":" in name else "ocr"
        try:
            try:
                import textmend
            except ImportError:
                # not installed: use this checkout's src/ if there is one
                sys.path.append(str(HERE.parent.parent / "src"))
                import textmend
        except ImportError as exc:  # pragma: no cover - depends on the checkout
            raise SystemExit(f"cannot import textmend ({exc}); pip install -e . first") from exc
        return lambda s: textmend.clean(s, profile=profile)
    raise SystemExit(f"unknown cleaner {name!r}: raw, ftfy, clean-text, textmend[:PROFILE]")


def load_pairs(folder: Path):
    index = {}
    idx_path = folder / "index.jsonl"
    if idx_path.exists():
        for line in idx_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                index[rec["id"]] = rec
    for ocr_path in sorted(folder.glob("*.ocr.txt")):
        pid = ocr_path.name[: -len(".ocr.txt")]
        truth_path = folder / f"{pid}.truth.txt"
        if not truth_path.exists():
            continue
        yield pid, ocr_path.read_text(encoding="utf-8"), truth_path.read_text(encoding="utf-8"), index.get(pid, {})


def evaluate(cleaner_name: str, folder: Path, by: str | None = None,
             only: str | None = None, exclude: str | None = None) -> dict:
    clean = get_cleaner(cleaner_name)
    groups: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    worse = []
    for pid, ocr, truth, rec in load_pairs(folder):
        if only and not re.search(only, pid) or exclude and re.search(exclude, pid):
            continue
        out = clean(ocr)
        h, r = _collapse(out), _collapse(truth)
        ce = Levenshtein.distance(h, r)
        we = Levenshtein.distance(out.split(), truth.split())
        lay = layout_errors(out, truth)
        if cleaner_name != "raw" and cer(out, truth) > cer(ocr, truth) + 1e-12:
            worse.append(pid)
        keys = ["all"]
        if by:
            keys.append(f"{by}={rec.get(by, '?')}")
        for k in keys:
            g = groups[k]
            g["pairs"] += 1
            g["pages"] += rec.get("pages", 0)
            g["char_edits"] += ce
            g["ref_chars"] += len(r)
            g["word_edits"] += we
            g["ref_words"] += len(truth.split())
            for name, v in lay.items():
                g[name] += v
    result = {}
    for k, g in groups.items():
        result[k] = {
            "pairs": int(g["pairs"]),
            "pages": int(g["pages"]),
            "cer": g["char_edits"] / max(1, g["ref_chars"]),
            "wer": g["word_edits"] / max(1, g["ref_words"]),
            "layout_errors": int(g["total"]),
            "hard_wraps": int(g["hard_wraps"]),
            "hyphen_breaks": int(g["hyphen_breaks"]),
            "header_lines": int(g["header_lines"]),
            "paragraph_breaks_lost": int(g["paragraph_breaks_lost"]),
            "other_extra_lines": int(g["other_extra_lines"]),
        }
    result["all"]["worse"] = len(worse)
    result["all"]["worse_ids"] = worse
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cleaner", help="raw | ftfy | clean-text | textmend[:PROFILE]")
    ap.add_argument("--pairs", default=str(HERE / "pairs"), help="folder with *.ocr.txt / *.truth.txt")
    ap.add_argument("--by", choices=["quality", "work"], default=None)
    ap.add_argument("--only", metavar="REGEX", help="score only pairs whose id matches (re.search)")
    ap.add_argument("--exclude", metavar="REGEX", help="skip pairs whose id matches (re.search)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = evaluate(args.cleaner, Path(args.pairs), args.by, args.only, args.exclude)
    if args.json:
        print(json.dumps(res, indent=2))
        return
    hdr = f"{'group':28s} {'pairs':>5s} {'pages':>5s} {'CER':>7s} {'WER':>7s} {'layout':>6s} " \
          f"{'wraps':>6s} {'hyph':>5s} {'hdr/pg':>6s} {'paraLost':>8s} {'other':>5s}"
    print(f"cleaner: {args.cleaner}   pairs: {args.pairs}")
    print(hdr)
    for k in ["all"] + sorted(x for x in res if x != "all"):
        g = res[k]
        print(f"{k:28s} {g['pairs']:5d} {g['pages']:5d} {g['cer']:7.4f} {g['wer']:7.4f} "
              f"{g['layout_errors']:6d} {g['hard_wraps']:6d} {g['hyphen_breaks']:5d} "
              f"{g['header_lines']:6d} {g['paragraph_breaks_lost']:8d} {g['other_extra_lines']:5d}")
    if args.cleaner != "raw":
        print(f"pairs made worse (CER above raw OCR): {res['all']['worse']} of {res['all']['pairs']}"
              + (f": {', '.join(res['all']['worse_ids'][:20])}" if res['all']['worse_ids'] else ""))


if __name__ == "__main__":
    main()
