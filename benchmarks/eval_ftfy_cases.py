"""Pass counts on ftfy 6.3.1's own test cases: textmend beside ftfy, under each expectation.

Run by hand: ``python benchmarks/eval_ftfy_cases.py [--list]``.

ftfy's cases (``benchmarks/data/ftfy/test_cases.json``, 161 of them) carry two
expected values, and a tool passes more or fewer of them depending on which one
it is held to:

- ``fixed-encoding`` (where present, else ``fixed``): what ``ftfy.fix_encoding``
  should give. The encoding repair alone: quotes stay curly, controls stay.
- ``fixed``: what ``ftfy.fix_text`` with its defaults should give. That also
  straightens quotes, decodes HTML entities, removes control characters such as
  U+001A, applies NFC and so on.
- ``fixed, style aside``: the output with ftfy's non-encoding steps applied
  (``fix_text`` with ``fix_encoding=False``: quotes, widths, ligatures, controls,
  entities, NFC) equals ``fixed``. This asks whether a tool's repair is ftfy's
  up to ftfy's style choices, which textmend does not share (curly quotes are
  valid typography).

``expect`` marks 151 cases "pass" and 10 "fail" (ftfy's known failures). A
*negative* is a case whose original is already the expected text; there are two
sets, one per expected field.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import ftfy

import textmend
from textmend.stages.unicode import Mojibake

HERE = Path(__file__).resolve().parent
CASES: list[dict[str, str]] = json.loads(
    (HERE / "data" / "ftfy" / "test_cases.json").read_text(encoding="utf-8")
)

# ftfy's own steps other than the encoding fix, with its defaults.
STYLE_ONLY = ftfy.TextFixerConfig(fix_encoding=False)

EXPECTATIONS: dict[str, Callable[[dict[str, str], str], bool]] = {
    "fixed-encoding": lambda c, out: out == c.get("fixed-encoding", c["fixed"]),
    "fixed": lambda c, out: out == c["fixed"],
    "fixed, style aside": lambda c, out: ftfy.fix_text(out, STYLE_ONLY) == c["fixed"],
}
NEGATIVES = {
    "fixed-encoding": lambda c: c["original"] == c.get("fixed-encoding", c["fixed"]),
    "fixed": lambda c: c["original"] == c["fixed"],
}


def runners() -> dict[str, Callable[[str], str]]:
    encoding_only = Mojibake().config
    return {
        "textmend default": lambda t: textmend.clean(t, profile="default"),
        "textmend mojibake stage": lambda t: textmend.clean(t, stages=["mojibake"]),
        "ftfy encoding-only": lambda t: ftfy.fix_text(t, encoding_only),
        "ftfy fix_text defaults": ftfy.fix_text,
    }


def pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.1f} %)" if d else "0/0"


def main(argv: list[str]) -> int:
    show = "--list" in argv
    outputs = {name: [run(c["original"]) for c in CASES] for name, run in runners().items()}
    marked = {m: [i for i, c in enumerate(CASES) if c["expect"] == m] for m in ("pass", "fail")}
    print(f"ftfy 6.3.1 test cases: {len(CASES)} ({len(marked['pass'])} marked pass, "
          f"{len(marked['fail'])} marked fail, ftfy's known failures)")
    for field, ok in EXPECTATIONS.items():
        print(f"\nexpected = {field}")
        print("| tool | all | marked pass | marked fail |")
        print("| --- | --- | --- | --- |")
        for name, outs in outputs.items():
            hits = [ok(c, out) for c, out in zip(CASES, outs)]
            print(f"| {name} | {pct(sum(hits), len(CASES))} | "
                  f"{pct(sum(hits[i] for i in marked['pass']), len(marked['pass']))} | "
                  f"{pct(sum(hits[i] for i in marked['fail']), len(marked['fail']))} |")
    print("\nnegatives kept unchanged (a negative: original == the expected field)")
    print("| tool | " + " | ".join(f"negatives by {f}" for f in NEGATIVES) + " |")
    print("| --- |" + " --- |" * len(NEGATIVES))
    for name, outs in outputs.items():
        cells = []
        for is_negative in NEGATIVES.values():
            neg = [i for i, c in enumerate(CASES) if is_negative(c)]
            cells.append(pct(sum(outs[i] == CASES[i]["original"] for i in neg), len(neg)))
        print(f"| {name} | " + " | ".join(cells) + " |")
    if show:
        print("\ncases a tool misses under fixed-encoding (and whether it passes the others):")
        for name, outs in outputs.items():
            for c, out in zip(CASES, outs):
                if not EXPECTATIONS["fixed-encoding"](c, out):
                    also = [f for f, ok in EXPECTATIONS.items() if ok(c, out)]
                    print(f"  {name} [{c['expect']}] {c['label'][:60]!r}: {out[:60]!r}"
                          f" (passes: {', '.join(also) or 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
