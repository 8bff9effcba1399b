"""Write split.json: every (source, title) of the real-OCR set is ``tune`` or ``heldout``.

Rules (so that nothing tuned on leaks into the held-out figures):

* a title (a book, a newspaper) is never in both splits; the several OCR
  versions of one page (cisocr's three engines, NZZ's two) share their title
  and therefore their split;
* German has several independent sources, so whole sources are kept apart:
  NZZ (both engines) and the AjMC German commentaries are ``tune``; the CIS
  ocrtestset (Goethe, Grenzboten, and Hobbes in Latin) and the BnL blocks are
  ``heldout``;
* English and French have too few sources to keep whole sources apart, so
  their sources are split by title: ViralTexts (Chronicling America) by
  newspaper, AjMC English by book (Campbell tune, Jebb held out), OCR17 by
  book (every third book in alphabetical order held out);
* sources with a single small title (the BnL blocks) are held out, and so is
  Huckleberry Finn (eMOP), one book whose truth is another edition's text.

Run after the prep scripts; it reads the titles from $TEXTMEND_OCR_REAL/*.jsonl
and fails if a title has no rule.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HERE, OUT, read_jsonl  # noqa: E402

RULES = {
    "nzz-abbyy11": lambda t, i: "tune",
    "nzz-xix": lambda t, i: "tune",
    "cisocr-abbyy": lambda t, i: "heldout",
    "cisocr-tess": lambda t, i: "heldout",
    "cisocr-ocropus": lambda t, i: "heldout",
    "nautilus": lambda t, i: "heldout",
    "ajmc": lambda t, i: "heldout" if t.startswith("Jebb") else "tune",
    # The Potter Journal 1859 page and the 1874 clip are tuned on; the 1868 page and 1896 clip held out.
    "viraltexts": lambda t, i: "tune" if t in ("sn86081096", "sn86079077") else "heldout",
    "ocr17": lambda t, i: "heldout" if i % 3 == 2 else "tune",
    # one English book whose truth is Gutenberg's text (an auxiliary source): held out
    "emop-huck": lambda t, i: "heldout",
}


def main() -> None:
    titles: dict[str, set[str]] = {}
    for path in sorted(OUT.glob("*.jsonl")):
        for rec in read_jsonl(path):
            titles.setdefault(rec["source"], set()).add(rec["title"])
    split: dict[str, dict[str, str]] = {}
    for source in sorted(titles):
        if source not in RULES:
            raise SystemExit(f"no split rule for source {source}")
        split[source] = {t: RULES[source](t, i) for i, t in enumerate(sorted(titles[source]))}
    # a title shared by sources (one page, several engines) must have one split
    seen: dict[str, str] = {}
    for source, d in split.items():
        for t, s in d.items():
            if seen.setdefault(t, s) != s:
                raise SystemExit(f"title {t!r} is in both splits")
    out = HERE / "split.json"
    out.write_text(json.dumps({"doc": __doc__.strip().splitlines()[0], "split": split},
                              ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for source, d in split.items():
        print(source, {s: sum(v == s for v in d.values()) for s in ("tune", "heldout")})
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
