"""Pass counts on ftfy 6.3.1's own test cases: textmend default vs ftfy.

Run by hand: ``python benchmarks/eval_ftfy_cases.py``. A case passes when the
output equals its ``fixed-encoding`` field where present, else ``fixed`` (for
ftfy's defaults: ``fixed``). Negative cases are those whose original is already
the fixed text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import ftfy

import textmend
from textmend.stages.unicode import Mojibake

HERE = Path(__file__).resolve().parent
CASES = json.loads((HERE / "data" / "ftfy" / "test_cases.json").read_text(encoding="utf-8"))


def expected(case: dict[str, str]) -> str:
    return case.get("fixed-encoding", case["fixed"])


def main() -> int:
    encoding_only = Mojibake().config
    runners = {
        "textmend default": lambda t: textmend.clean(t, profile="default"),
        "textmend mojibake stage": lambda t: Pipeline_one(t),
        "ftfy encoding-only": lambda t: ftfy.fix_text(t, encoding_only),
        "ftfy fix_text defaults": ftfy.fix_text,
    }
    marked = [c for c in CASES if c["expect"] == "pass"]
    print(f"{len(CASES)} cases, {len(marked)} marked pass by ftfy")
    for name, run in runners.items():
        want = (lambda c: c["fixed"]) if name == "ftfy fix_text defaults" else expected
        ok = sum(run(c["original"]) == want(c) for c in CASES)
        ok_marked = sum(run(c["original"]) == want(c) for c in marked)
        neg = [c for c in CASES if c["original"] == want(c)]
        neg_ok = sum(run(c["original"]) == c["original"] for c in neg)
        print(f"{name:26} {ok:3}/{len(CASES)} all, {ok_marked:3}/{len(marked)} marked pass, "
              f"negatives unchanged {neg_ok}/{len(neg)}")
    return 0


def Pipeline_one(text: str) -> str:  # noqa: N802
    return textmend.clean(text, stages=["mojibake"])


if __name__ == "__main__":
    sys.exit(main())
