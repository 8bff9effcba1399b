"""Do no harm: what each profile changes on real clean text (benchmarks/data/clean).

Reports, per profile and per folder: documents, MB, edits per MB, share of
documents changed, and characters changed per MB (Levenshtein distance between
input and output, from rapidfuzz), then the rules that fired with an example.
Markdown documents are reported apart: the default profile strips Markdown link
syntax by design (scraped text), and a Markdown corpus opts out with
``markup_residue(markdown="keep")``.

Run: ``python benchmarks/eval_clean.py [--profile default --profile ocr]``.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

import textmend

ROOT = Path(__file__).resolve().parent / "data" / "clean"


def documents() -> list[tuple[str, str, str]]:
    """``(folder, relative path, text)`` of every clean document."""
    docs = []
    for path in sorted(ROOT.rglob("*")):
        if path.is_dir() or path.name in {"SOURCES.md", "manifest.jsonl"}:
            continue
        rel = path.relative_to(ROOT).as_posix()
        docs.append((rel.split("/")[0], rel, path.read_text(encoding="utf-8")))
    return docs


def evaluate(profile: str, docs: list[tuple[str, str, str]]) -> None:
    pipeline = textmend.Pipeline(profile)
    by_folder: dict[str, Counter[str]] = defaultdict(Counter)
    rules: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    for folder, rel, text in docs:
        result = pipeline.explain(text)
        group = "markdown" if folder == "markdown" else "all but markdown"
        for key in (folder, group):
            stats = by_folder[key]
            stats["docs"] += 1
            stats["bytes"] += len(text.encode("utf-8"))
            stats["edits"] += len(result.edits)
            stats["changed"] += result.text != text
            if result.text != text:
                stats["chars"] += Levenshtein.distance(text, result.text)
        for edit in result.edits:
            rules[(edit.stage, edit.rule)] += 1
            examples.setdefault((edit.stage, edit.rule), f"{rel}:{edit.line} {edit.before[:70]!r}")
    print(f"\n## profile {profile}\n")
    print("| folder | docs | MB | edits/MB | docs changed | chars changed/MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for key in sorted(by_folder, key=lambda k: (k in {"markdown", "all but markdown"}, k)):
        s = by_folder[key]
        mb = s["bytes"] / 1e6
        print(
            f"| {key} | {s['docs']} | {mb:.2f} | {s['edits'] / mb:.1f} | "
            f"{s['changed']} ({100 * s['changed'] / s['docs']:.1f} %) | {s['chars'] / mb:.1f} |"
        )
    print("\nrules that fired:")
    for (stage, rule), n in rules.most_common():
        print(f"  {stage}/{rule}: {n}  e.g. {examples[(stage, rule)]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", action="append", help="profile(s) to run (default: default, ocr)")
    args = parser.parse_args()
    docs = documents()
    for profile in args.profile or ["default", "ocr"]:
        evaluate(profile, docs)


if __name__ == "__main__":
    main()
