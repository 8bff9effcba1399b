"""The unicode family against ftfy: trigger hit rates on clean text, µs per line.

Run by hand: ``python benchmarks/bench_unicode.py [extra clean .txt files...]``.
Hit rates are over the lines of benchmarks/data/clean (and any extra files);
timings use timeit on three kinds of line: ASCII, typographic (curly quotes,
em dash, accents) and mojibake.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

import ftfy

from textmend import Pipeline
from textmend.stages.unicode import ControlChars, Ligatures, Mojibake

HERE = Path(__file__).resolve().parent
LINES = {
    "ascii": "The quick brown fox jumped over the lazy dog, said the report on Tuesday.",
    "typographic": "“It’s a café—not a bistro,” said Zoë, paying £4.50 for the crème brûlée.",
    "mojibake": "â€œItâ€™s a cafÃ©â€”not a bistro,â€\x9d said ZoÃ«, paying Â£4.50.",
}


def rate(stage_trigger: object, lines: list[str]) -> tuple[int, float]:
    hits = sum(1 for ln in lines if stage_trigger.search(ln))  # type: ignore[attr-defined]
    return hits, 100 * hits / max(1, len(lines))


def main(argv: list[str]) -> int:
    files = sorted((HERE / "data" / "clean").rglob("*.txt")) + [Path(a) for a in argv]
    lines: list[str] = []
    for f in files:
        lines += f.read_text(encoding="utf-8").split("\n")
    non_ascii = [ln for ln in lines if not ln.isascii()]
    news = [ln for f in files if "news" in str(f) for ln in f.read_text("utf-8").split("\n")]
    print(f"{len(files)} files, {len(lines)} lines, {len(non_ascii)} with non-ASCII")
    moji = Mojibake()
    for name, stage in (("mojibake", moji), ("control_chars", ControlChars()),
                        ("ligatures", Ligatures())):
        hits, pct = rate(stage.trigger, lines)
        nhits, npct = rate(stage.trigger, non_ascii)
        whits, wpct = rate(stage.trigger, news)
        changed = sum(1 for ln in lines if stage.trigger.search(ln) and stage.fix_line(ln) != ln)
        print(f"  {name:14} trigger hits {hits} lines ({pct:.3f}%); of non-ASCII lines "
              f"{npct:.3f}%; news {whits}/{len(news)} ({wpct:.3f}%); lines changed {changed}")
    ftfy_enc = moji.config
    pipe = Pipeline(["mojibake", "control_chars"])
    print("µs per line (timeit, best of 5):")
    for kind, line in LINES.items():
        row = {
            "mojibake.fix_line": lambda: moji.fix_line(line),
            "pipeline(mojibake,control_chars)": lambda: pipe.clean(line),
            "ftfy.fix_text (defaults)": lambda: ftfy.fix_text(line),
            "ftfy.fix_text (encoding-only)": lambda: ftfy.fix_text(line, ftfy_enc),
        }
        cells = []
        for label, fn in row.items():
            n = 2000
            best = min(timeit.repeat(fn, number=n, repeat=5)) / n * 1e6
            cells.append(f"{label} {best:.1f}")
        print(f"  {kind:12} " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
