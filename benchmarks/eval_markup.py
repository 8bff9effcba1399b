"""Evaluate the markup family on real scraped lines and real clean text (run by hand).

    python benchmarks/eval_markup.py [--show]

Prints, for the cases of benchmarks/data/scraped/cases.jsonl whose kinds the
markup family handles (entity_residue, entity, escaped_markup, markup,
negative):

- repair rate: positive cases whose output equals the hand repair;
- survival: characters of ``expected`` kept in the output (difflib matching
  blocks), over all cases;
- negatives changed;

then, over the real clean texts (benchmarks/data/clean, tests/data/clean), the
characters changed per MB and the share of lines each stage's trigger flags.
Markdown documents are run with ``markdown="keep"``: they are Markdown by design.
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

from textmend import Pipeline
from textmend.stages.markup import HtmlBreaks, HtmlEntities, MarkupResidue
from textmend.stages.residue import EntityResidue
from textmend.stages.urls import UrlDebris

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "benchmarks" / "data" / "scraped" / "cases.jsonl"
CLEAN_DIRS = [ROOT / "benchmarks" / "data" / "clean", ROOT / "tests" / "data" / "clean"]
KINDS = {"entity_residue", "entity", "escaped_markup", "markup", "negative"}
STAGES = [MarkupResidue(), HtmlEntities(), EntityResidue(), UrlDebris()]


def family(markdown: str = "strip") -> Pipeline:
    return Pipeline([HtmlBreaks(markdown=markdown), MarkupResidue(markdown=markdown), *STAGES[1:]])  # type: ignore[arg-type]


def kept(expected: str, out: str) -> int:
    sm = difflib.SequenceMatcher(None, expected, out, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks())


def changed(a: str, b: str) -> int:
    if a == b:
        return 0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return max(len(a), len(b)) - sum(x.size for x in sm.get_matching_blocks())


def eval_cases(show: bool) -> None:
    cases = [json.loads(line) for line in CASES.open(encoding="utf-8") if line.strip()]
    mine = [c for c in cases if KINDS & set(c["kinds"])]
    pipe = family()
    pos = [c for c in mine if c["input"] != c["expected"]]
    neg = [c for c in mine if c["input"] == c["expected"]]
    ok = 0
    exp_chars = keep_chars = 0
    by_kind: dict[str, list[int]] = {}
    for c in mine:
        out = pipe.clean(c["input"])
        exp_chars += len(c["expected"])
        keep_chars += kept(c["expected"], out)
        if c["input"] != c["expected"]:
            hit = out == c["expected"]
            ok += hit
            for k in c["kinds"]:
                by_kind.setdefault(k, [0, 0])
                by_kind[k][0] += hit
                by_kind[k][1] += 1
            if show and not hit:
                print("MISS", c["kinds"], repr(c["input"][:160]))
                print("  got", repr(out[:160]))
                print("  exp", repr(c["expected"][:160]))
    neg_changed = [c for c in neg if pipe.clean(c["input"]) != c["input"]]
    print(f"cases: {len(mine)} ({len(pos)} positive, {len(neg)} negative)")
    print(f"repair rate: {ok}/{len(pos)} = {ok / max(1, len(pos)):.1%} exact")
    for k, (h, n) in sorted(by_kind.items()):
        print(f"  {k}: {h}/{n}")
    print(f"survival: {keep_chars}/{exp_chars} = {keep_chars / max(1, exp_chars):.2%} of expected chars")
    print(f"negatives changed: {len(neg_changed)}")
    for c in neg_changed:
        print("  ", repr(c["input"][:120]), "->", repr(pipe.clean(c["input"])[:120]))


def eval_clean(show: bool) -> None:
    total_chars = total_changed = 0
    lines = 0
    flagged = {s.name: 0 for s in STAGES}
    by_cat: dict[str, list[int]] = {}
    for root in CLEAN_DIRS:
        for path in sorted(root.rglob("*")):
            if path.is_dir() or path.name in {"SOURCES.md", "manifest.jsonl"}:
                continue
            text = path.read_text(encoding="utf-8")
            md = "keep" if path.suffix == ".md" else "strip"
            out = family(md).clean(text)
            n = changed(text, out)
            total_chars += len(text)
            total_changed += n
            if n and show:
                for a, b in zip(text.split("\n"), out.split("\n")):
                    if a != b:
                        print("CLEAN", path.relative_to(ROOT), repr(a[:140]), "->", repr(b[:140]))
            cat = path.relative_to(root).parts[0]
            row = by_cat.setdefault(cat, [0] * (1 + len(STAGES)))
            for line in text.split("\n"):
                lines += 1
                row[0] += 1
                for k, s in enumerate(STAGES):
                    if s.trigger.search(line):
                        flagged[s.name] += 1
                        row[k + 1] += 1
    mb = total_chars / 1e6
    print(f"clean text: {mb:.2f} M chars, {total_changed} chars changed "
          f"({total_changed / mb:.1f} per M chars)")
    print(f"trigger hit rates over {lines} clean lines:")
    for name, n in flagged.items():
        print(f"  {name}: {n} lines ({n / lines:.2%})")
    print("by kind of text (lines; share flagged by " + ", ".join(s.name for s in STAGES) + "):")
    for cat, row in sorted(by_cat.items()):
        shares = " ".join(f"{x / row[0]:.2%}" for x in row[1:])
        print(f"  {cat:10} {row[0]:6} {shares}")


if __name__ == "__main__":
    show = "--show" in sys.argv
    eval_cases(show)
    eval_clean(show)
