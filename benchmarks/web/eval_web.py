"""Score a textmend profile on the web development set (issue 12), tune and held-out apart.

    python benchmarks/web/eval_web.py [--data /work/devdata/web] [--profile default]
                                      [--stages a,b,c] [--show N] [--show-split tune]
                                      [--kinds title_twin,link] [--jobs 2] [--breakdown]

Build the set first with ``build_devset.py``. Measures (README.md defines each):

- seed-like documents restored exactly: ``title_twin`` cases whose output equals
  the expected text byte for byte;
- debris instances removed in those documents: the glued debris string of the
  mangled title is nowhere in the output; a stripped call to action after the
  body is no longer a line of it;
- no-twin titles: ``title_alone`` restored exactly, and their debris removed;
- stripped-entity residue repaired: an instance counts when the character it
  stood for is in the output at its place, with its neighbours (a difflib
  alignment of output and expected; no-break space and space count as one);
- link residue removed: each link's markup (``](url)``, ``][3]``, ``[3]: url``,
  ``<https://…>``) as many times fewer in the output as it was in the input;
- calls to action removed (``cta``);
- sentences kept byte-exact: every sentence of every case that must survive
  (it stands untouched in the input and in the expected text) is in the output;
- clean controls: share of control documents unchanged and characters changed
  per MB of them (``title_clean``, ``entity_clean``, ``markdown_clean``,
  ``wrapped_clean``).
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import textmend

CONTROL_KINDS = ("title_clean", "entity_clean", "markdown_clean", "wrapped_clean")

_PIPELINE: Any = None


def _init(profile: str, stages: str) -> None:
    global _PIPELINE
    if stages:
        _PIPELINE = textmend.Pipeline([s.strip() for s in stages.split(",") if s.strip()])
    else:
        _PIPELINE = textmend.Pipeline(profile)


def _run(case: dict[str, Any]) -> dict[str, Any]:
    out = _PIPELINE.clean(case["input"])
    return score(case, out)


def changed_chars(a: str, b: str) -> int:
    if a == b:
        return 0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal")


def entity_repaired(expected: str, out: str, instances: list[dict[str, Any]]) -> list[bool]:
    """Per instance: is the character it stood for in the output at its place?"""
    exp = expected.replace("\xa0", " ")
    got = out.replace("\xa0", " ")
    sm = difflib.SequenceMatcher(None, exp, got, autojunk=False)
    blocks = sm.get_matching_blocks()
    result = []
    for inst in instances:
        lo = max(0, inst["expected_start"] - 1)
        hi = min(len(exp), inst["expected_start"] + len(inst["expected"]) + 1)
        result.append(any(a <= lo and hi <= a + n for a, _b, n in blocks))
    return result


def score(case: dict[str, Any], out: str) -> dict[str, Any]:
    kind = case["kind"]
    r: dict[str, Any] = {"id": case["id"], "kind": kind, "split": case["split"], "exact": out == case["expected"]}
    r["survived"] = [s in out for s in case.get("survivors", [])]
    out_lines = {ln.strip() for ln in out.split("\n")}
    if kind in ("title_twin", "title_alone", "cta"):
        got = []
        for d in case.get("debris", []):
            if d["what"] == "cta":
                got.append(d["text"].strip() not in out_lines)
            else:  # the glued debris of a mangled title
                got.append(d["text"] not in out)
        r["debris"] = got
    if kind == "entity":
        r["entities"] = entity_repaired(case["expected"], out, case["instances"])
    if kind == "link":
        counts: dict[str, int] = defaultdict(int)
        for m in case["marks"]:
            counts[m] += 1
        removed = []
        for m, n in counts.items():
            left = min(n, out.count(m))
            removed += [True] * (n - left) + [False] * left
        r["links"] = removed
    if kind in CONTROL_KINDS:
        r["changed"] = changed_chars(case["input"], out)
        r["bytes"] = len(case["input"].encode("utf-8"))
    if not r["exact"] or not all(r["survived"]) or not all(r.get("debris", [True])) or not all(r.get("entities", [True])) or not all(r.get("links", [True])):
        r["out"] = out
    return r


def pct(num: int, den: int) -> str:
    return f"{100 * num / den:5.1f} % ({num}/{den})" if den else "   n/a"


MEASURES = [
    ("seed-like documents restored exactly", "title_twin", "exact"),
    ("debris instances removed in those documents", "title_twin", "debris"),
    ("no-twin titles restored exactly", "title_alone", "exact"),
    ("no-twin title debris removed", "title_alone", "debris"),
    ("stripped-entity residue repaired", "entity", "entities"),
    ("entity documents restored exactly", "entity", "exact"),
    ("link residue removed", "link", "links"),
    ("link documents restored exactly", "link", "exact"),
    ("calls to action removed", "cta", "debris"),
    ("sentences kept byte-exact", "*", "survived"),
]


def tally(results: Iterable[dict[str, Any]]) -> dict[tuple[str, str], list[int]]:
    t: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        for _label, kind, field in MEASURES:
            if kind not in ("*", r["kind"]):
                continue
            if field == "exact":
                vals = [r["exact"]]
            else:
                vals = r.get(field, [])
            t[(kind, field)][0] += sum(vals)
            t[(kind, field)][1] += len(vals)
        if r["kind"] in CONTROL_KINDS:
            t[("controls", "unchanged")][0] += r["changed"] == 0
            t[("controls", "unchanged")][1] += 1
            t[("controls", "chars")][0] += r["changed"]
            t[("controls", "chars")][1] += r["bytes"]
            t[(r["kind"], "unchanged")][0] += r["changed"] == 0
            t[(r["kind"], "unchanged")][1] += 1
    return t


def _entity_type(entity: str) -> str:
    return "hex" if entity.startswith("&#x") else "decimal" if entity.startswith("&#") else "named"


def breakdown(cases: dict[str, dict[str, Any]], results: list[dict[str, Any]]) -> None:
    """Where the measures fail: entities by form and strip mode, debris by origin, links by converter."""
    groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in results:
        c = cases[r["id"]]
        if r["kind"] == "entity":
            for inst, ok in zip(c["instances"], r["entities"]):
                for g, key in (("entity form", _entity_type(inst["entity"])), ("entity strip mode", c["mode"]),
                               ("entity source", c["style"])):
                    groups[g][key][0] += ok
                    groups[g][key][1] += 1
        elif r["kind"] == "title_twin":
            groups["twin restored, by debris origin"][c["debris_origin"]][0] += r["exact"]
            groups["twin restored, by debris origin"][c["debris_origin"]][1] += 1
            groups["twin restored, by glue"][repr(c["glue"])][0] += r["exact"]
            groups["twin restored, by glue"][repr(c["glue"])][1] += 1
        elif r["kind"] == "link":
            groups["link residue removed, by converter"][c["converter"]][0] += sum(r["links"])
            groups["link residue removed, by converter"][c["converter"]][1] += len(r["links"])
    for g, keys in groups.items():
        cells = ", ".join(f"{k} {100 * a / b:.0f} % of {b}" for k, (a, b) in sorted(keys.items()))
        print(f"  {g}: {cells}")


def report(name: str, results: list[dict[str, Any]]) -> None:
    t = tally(results)
    sites = len({r["id"].split("#")[0] for r in results})
    print(f"\n== {name}: {len(results)} cases")
    for label, kind, field in MEASURES:
        print(f"  {label:48s} {pct(*t[(kind, field)])}")
    ch, by = t[("controls", "chars")]
    print(f"  {'clean controls unchanged':48s} {pct(*t[('controls', 'unchanged')])}")
    for k in CONTROL_KINDS:
        print(f"    {k:46s} {pct(*t[(k, 'unchanged')])}")
    print(f"  {'clean controls chars changed per MB':48s} {1e6 * ch / by if by else 0:7.1f} ({ch} chars in {by / 1e6:.2f} MB)")
    del sites


def show_failures(cases: dict[str, dict[str, Any]], results: list[dict[str, Any]], n: int) -> None:
    for label, kind, field in MEASURES + [("clean controls changed", "controls", "changed")]:
        fails = []
        for r in results:
            if kind == "controls":
                if r["kind"] in CONTROL_KINDS and r["changed"]:
                    fails.append(r)
            elif kind in ("*", r["kind"]):
                ok = r["exact"] if field == "exact" else all(r.get(field, [True]))
                if not ok:
                    fails.append(r)
        print(f"\n-- failures: {label} ({len(fails)})")
        # A fixed random sample, one failure a site first, so the examples show many sites.
        random.Random(0).shuffle(fails)
        one_a_site: dict[str, dict[str, Any]] = {}
        for r in fails:
            one_a_site.setdefault(cases[r["id"]]["site"], r)
        picked = list(one_a_site.values())[:n]
        picked += [r for r in fails if r not in picked][: n - len(picked)]
        for r in picked:
            c = cases[r["id"]]
            print(f"  * {r['id']}")
            if field == "survived":
                lost = [s for s, ok in zip(c["survivors"], r["survived"]) if not ok]
                for s in lost[:2]:
                    print(f"    lost: {s[:200]!r}")
                continue
            if field == "entities":
                bad = [i for i, ok in zip(c["instances"], r["entities"]) if not ok]
                for i in bad[:4]:
                    s = i["start"]
                    print(f"    {i['residue']!r} ({i['entity']}) in {c['input'][max(0, s - 30):s + 30]!r}")
                continue
            if field == "links":
                print(f"    left: {[m for m in c['marks'] if m in r['out']][:3]}")
                continue
            at = _first_difference(r["out"], c["expected"])
            if kind not in ("title_twin", "title_alone"):  # the head of a title case says it all
                print(f"    first difference at character {at} of the output:")
            print(f"    input:    {_around(c['input'], at if kind == 'controls' else None)}")
            print(f"    output:   {_around(r['out'], at)}")
            print(f"    expected: {_around(c['expected'], at)}")


def _first_difference(a: str, b: str) -> int:
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


def _around(text: str, at: int | None) -> str:
    """The head of ``text`` (``at`` None or near it), or 80 characters either side of ``at``."""
    if at is None or at < 200:
        return repr("\n".join(text.split("\n")[:3])[:300])
    return repr("…" + text[at - 80 : at + 120])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("/work/devdata/web"))
    ap.add_argument("--profile", default="default")
    ap.add_argument("--stages", default="", help="comma-separated stage names instead of a profile")
    ap.add_argument("--show", type=int, default=0, help="print N failures per measure")
    ap.add_argument("--show-split", default="tune", choices=["tune", "heldout", "all"])
    ap.add_argument("--kinds", default="", help="comma-separated case kinds to run (default: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--breakdown", action="store_true", help="also print each measure by form, origin, converter")
    args = ap.parse_args(argv)
    path = args.data / "cases.jsonl"
    if not path.exists():
        print(f"no {path}: run benchmarks/web/build_devset.py first", file=sys.stderr)
        return 2
    kinds = {k for k in args.kinds.split(",") if k}
    cases = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            c = json.loads(line)
            if not kinds or c["kind"] in kinds:
                cases[c["id"]] = c
    t0 = time.time()
    todo = list(cases.values())
    if args.jobs > 1:
        with Pool(args.jobs, initializer=_init, initargs=(args.profile, args.stages)) as pool:
            results = pool.map(_run, todo, chunksize=16)
    else:
        _init(args.profile, args.stages)
        results = [_run(c) for c in todo]
    what = f"stages {args.stages}" if args.stages else f"profile {args.profile}"
    mb = sum(len(c["input"].encode("utf-8")) for c in todo) / 1e6
    print(f"textmend {what} on {path} ({len(todo)} cases, {mb:.1f} MB) in {time.time() - t0:.0f} s")
    for split in ("tune", "heldout"):
        report(split, [r for r in results if r["split"] == split])
        if args.breakdown:
            breakdown(cases, [r for r in results if r["split"] == split])
    if args.show:
        chosen = [r for r in results if args.show_split in ("all", r["split"])]
        show_failures(cases, chosen, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
