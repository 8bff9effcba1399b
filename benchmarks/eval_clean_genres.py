"""Do no harm, by genre: what each profile changes on clean text and its variants.

The documents are ``benchmarks/data/clean_genres/`` (``build_clean_genres.py``;
real clean text of 7 genres in English, German, French, Spanish and Italian,
each genre with a tune and a held-out part from different sources).  Every
document is scored as it is and in three variants made from it (seeded by its
path, so every run scores the same texts):

* ``wrapped`` -- every paragraph joined, then hard-wrapped at a random width
  of 50-90 columns (``textwrap``, words and hyphenated words never split);
* ``cut``     -- the document (or its wrapped variant, one in two) cut at a
  random line, or in the middle of a line at a word boundary, somewhere in its
  second third: the end of a page or of a chunk;
* ``joined``  -- one line per paragraph (the lines of each blank-line separated
  block joined with a space).

None of these is damaged: a cleaner should return each unchanged.

Per split, genre and profile: documents, MB, characters changed per MB
(Levenshtein distance between input and output), the same "beyond whitespace"
(both texts with every whitespace run made one space first, so joining
or splitting lines and changing spaces do not count), documents changed (and
beyond whitespace); then per variant; then the edits of ``textmend.explain``
grouped by stage and rule, with their characters changed and an example, and
the ``--top`` single edits that change most beyond whitespace.

Run: ``python benchmarks/eval_clean_genres.py [--profile default] [--split tune]
[--ftfy] [--examples 2] [--top 15] [--json FILE]``.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import textwrap
import zlib
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

import textmend

ROOT = Path(__file__).resolve().parent / "data" / "clean_genres"
_WS = re.compile(r"\s+")
VARIANTS = ("as_is", "wrapped", "cut", "joined")


def _flat(text: str) -> str:
    return _WS.sub(" ", text).strip()


def joined(text: str) -> str:
    blocks = re.split(r"(\n[ \t]*\n+)", text)
    out = []
    for i, b in enumerate(blocks):
        out.append(b if i % 2 else " ".join(x.strip() for x in b.split("\n") if x.strip()))
    return "".join(out)


def wrapped(text: str, rng: random.Random) -> str:
    width = rng.randint(50, 90)
    blocks = re.split(r"(\n[ \t]*\n+)", joined(text))
    out = []
    for i, b in enumerate(blocks):
        out.append(b if i % 2 else textwrap.fill(b, width=width, break_long_words=False,
                                                  break_on_hyphens=False))
    return "".join(out)


def cut(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        text = wrapped(text, rng)
    lines = text.split("\n")
    lo, hi = len(lines) // 3, max(len(lines) // 3 + 1, 2 * len(lines) // 3)
    k = rng.randint(lo, hi)
    head = lines[:k]
    if rng.random() < 0.5 or k >= len(lines):
        return "\n".join(head) + "\n"
    line = lines[k]
    spaces = [m.start() for m in re.finditer(" ", line)]
    if not spaces:
        return "\n".join(head) + "\n"
    return "\n".join(head + [line[: rng.choice(spaces)]])


def variants(rel: str, text: str) -> dict[str, str]:
    rng = random.Random(zlib.crc32(rel.encode()))
    return {"as_is": text, "wrapped": wrapped(text, rng), "cut": cut(text, rng), "joined": joined(text)}


def load(split: str | None) -> list[dict]:
    docs = []
    for line in (ROOT / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        m = json.loads(line)
        if split and m["split"] != split:
            continue
        m["text"] = (ROOT / m["file"]).read_text(encoding="utf-8")
        docs.append(m)
    return docs


def evaluate(profile: str, docs: list[dict], n_examples: int) -> dict:
    clean = None
    pipeline = None
    if profile == "ftfy":
        import ftfy

        clean = ftfy.fix_text
    else:
        pipeline = textmend.Pipeline(profile)
    stats: dict[str, Counter] = defaultdict(Counter)
    rules: dict[tuple[str, str], Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    singles: list[tuple] = []
    for d in docs:
        for vname, text in variants(d["file"], d["text"]).items():
            if pipeline is not None:
                ex = pipeline.explain(text)
                out, edits = ex.text, ex.edits
            else:
                out, edits = clean(text), []
            changed = out != text
            chars = Levenshtein.distance(text, out) if changed else 0
            flat_chars = Levenshtein.distance(_flat(text), _flat(out)) if changed else 0
            nbytes = len(text.encode("utf-8"))
            keys = ["all", f"{d['split']}", f"{d['split']} {d['genre']}",
                    f"{d['split']} variant={vname}", f"{d['split']} lang={d['language']}"]
            if vname != "cut":
                keys += ["all variant!=cut", f"{d['split']} variant!=cut"]
            for key in keys:
                s = stats[key]
                s["docs"] += 1
                s["bytes"] += nbytes
                s["chars"] += chars
                s["flat_chars"] += flat_chars
                s["changed"] += changed
                s["changed_flat"] += flat_chars > 0
                s["edits"] += len(edits)
            for e in edits:
                k = (e.stage, e.rule)
                after = e.after if e.after is not None else ""
                singles.append((Levenshtein.distance(_flat(e.before), _flat(after)),
                                Levenshtein.distance(e.before, after), d["file"], vname, e))
                rules[k]["edits"] += 1
                rules[k]["chars"] += Levenshtein.distance(e.before, after)
                fc = Levenshtein.distance(_flat(e.before), _flat(after))
                rules[k]["flat_chars"] += fc
                rules[k][f"split={d['split']}"] += 1
                if len(examples[k]) < n_examples and (fc or not any(examples[k])):
                    b = e.before.replace("\n", "⏎")
                    a = "(removed)" if e.after is None else e.after.replace("\n", "⏎")
                    examples[k].append(f"{d['file']} [{vname}] line {e.line}: {b[:100]!r} -> {a[:100]!r}")
    singles.sort(key=lambda t: (-t[0], -t[1]))
    return dict(stats=stats, rules=rules, examples=examples, singles=singles)


def report(profile: str, res: dict, top: int = 0) -> None:
    stats = res["stats"]
    print(f"\n## profile {profile}\n")
    print("| group | docs | MB | chars changed/MB | beyond whitespace/MB | docs changed | beyond whitespace | edits |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

    def order(k: str) -> tuple:
        kind = k.split(" ", 1)[1].split("=")[0] if " " in k else ""
        return (k != "all", k.split(" ")[0], kind, k)

    for k in sorted(stats, key=order):
        s = stats[k]
        mb = s["bytes"] / 1e6
        print(f"| {k} | {s['docs']} | {mb:.3f} | {s['chars'] / mb:.1f} | {s['flat_chars'] / mb:.1f} | "
              f"{s['changed']} | {s['changed_flat']} | {s['edits']} |")
    rules = res["rules"]
    if rules:
        print("\nedits by stage/rule (edits, chars changed, beyond whitespace, tune/heldout edits), examples:")
        for k, c in sorted(rules.items(), key=lambda kv: (-kv[1]["flat_chars"], -kv[1]["edits"])):
            print(f"  {k[0]}/{k[1]}: {c['edits']} edits, {c['chars']} chars, {c['flat_chars']} beyond whitespace "
                  f"(tune {c['split=tune']}, heldout {c['split=heldout']})")
            for ex in res["examples"][k]:
                print(f"      {ex}")
    if top and res["singles"]:
        print(f"\nthe {top} single edits that change most beyond whitespace (then most characters), "
              f"at most 3 of one stage/rule:")
        per_rule: Counter[tuple[str, str]] = Counter()
        shown = []
        for t in res["singles"]:
            if per_rule[(t[4].stage, t[4].rule)] < 3:
                per_rule[(t[4].stage, t[4].rule)] += 1
                shown.append(t)
        for fc, c, f, v, e in shown[:top]:
            b = e.before.replace("\n", "⏎")[:90]
            a = "(removed)" if e.after is None else e.after.replace("\n", "⏎")[:90]
            print(f"  {fc:4d} {c:4d}  {e.stage}/{e.rule}  {f} [{v}] line {e.line}: {b!r} -> {a!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--profile", action="append", help="profile(s) (default: default, ocr)")
    ap.add_argument("--split", choices=["tune", "heldout"])
    ap.add_argument("--ftfy", action="store_true", help="also score ftfy.fix_text")
    ap.add_argument("--examples", type=int, default=2)
    ap.add_argument("--top", type=int, default=15, help="list the N largest single edits")
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    docs = load(args.split)
    out = {}
    for profile in (args.profile or ["default", "ocr"]) + (["ftfy"] if args.ftfy else []):
        res = evaluate(profile, docs, args.examples)
        report(profile, res, args.top)
        out[profile] = dict(stats={k: dict(v) for k, v in res["stats"].items()},
                            rules={f"{a}/{b}": dict(v) for (a, b), v in res["rules"].items()},
                            examples={f"{a}/{b}": v for (a, b), v in res["examples"].items()})
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
