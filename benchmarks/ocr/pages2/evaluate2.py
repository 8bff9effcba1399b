"""Score cleaners on the second page set, per split, and say which stage did harm.

Usage::

    python benchmarks/ocr/pages2/evaluate2.py                       # raw, ftfy, default, ocr
    python benchmarks/ocr/pages2/evaluate2.py textmend:ocr --by engine
    python benchmarks/ocr/pages2/evaluate2.py --pairs benchmarks/ocr/pairs --split-only all
    python benchmarks/ocr/pages2/evaluate2.py --harm 15 --json /tmp/p2.json

For each split of ``index.jsonl`` (``tune``, ``heldout``; and ``all``) and each
cleaner it prints (micro-averaged: total edits / total reference length):

* ``CER`` -- flat CER: whitespace runs collapsed (``metrics.cer``);
* ``layoutCER`` -- CER with line structure kept (``metrics.layout_cer``): a hard
  wrap, a hyphenation break, a header line, a lost paragraph break all count;
* ``WER``, ``layout`` -- layout errors (``metrics.layout_errors`` total);
* ``worse`` -- pairs whose flat CER the cleaner raised above the raw text, and
  the pages in them; ``worseL`` the same for layout CER.

Then, for every ``textmend:PROFILE`` cleaner, each pair it made worse with the
stages that did it: the edits of ``textmend.explain`` are replayed one stage at
a time and the change in edit distance to the truth (flat and layout) is
charged to that stage; the stage with the largest increase is "responsible".
``--split tune|heldout`` scores one split only (the per-stage sums and the
lists then cover that split).  ``--harm N`` lists the N single edits that raised the flat distance most (each
charged leave-one-out within its stage), with stage, rule, before and after.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from evaluate import get_cleaner, load_pairs  # noqa: E402
from metrics import _collapse, layout_errors, layout_normalise  # noqa: E402

DEFAULT_CLEANERS = ["raw", "ftfy", "textmend:default", "textmend:ocr"]


def _textmend():
    try:
        import textmend
    except ImportError:
        sys.path.append(str(HERE.parents[2] / "src"))
        import textmend
    return textmend


def _apply(lines: list[str], edits) -> list[str]:
    """Apply one step's edits (bottom up, as ``textmend.stage.apply_edits`` does)."""
    lines = list(lines)
    for e in sorted(edits, key=lambda e: e.line, reverse=True):
        start = e.line - 1
        old = e.before_lines
        if lines[start:start + len(old)] != old:
            raise RuntimeError(f"edit does not apply: {e}")
        lines[start:start + len(old)] = e.after_lines
    return lines


def attribute(ocr: str, truth: str, edits, want_edits: bool):
    """Per-stage change of flat and layout distance; per-edit flat changes.

    A stage is charged the change of distance between the text it received and
    the text it returned.  An edit is charged leave-one-out: the distance with
    all of its step's edits minus the distance with all but this one (edits of
    one step interact: a header removed above a heading can turn the heading's
    removal from harm into repair, whichever order they are replayed in).
    Only edits that change the text beyond whitespace are charged one by one.
    """
    r_flat, r_lay = _collapse(truth), layout_normalise(truth)

    def flat(lines: list[str]) -> int:
        return Levenshtein.distance(_collapse("\n".join(lines)), r_flat)

    def lay(lines: list[str]) -> int:
        return Levenshtein.distance(layout_normalise("\n".join(lines)), r_lay)

    stage_flat: Counter[str] = Counter()
    stage_lay: Counter[str] = Counter()
    per_edit = []
    steps: dict[int, list] = defaultdict(list)
    for e in edits:
        steps[e.step].append(e)
    lines = ocr.split("\n")
    cur_flat, cur_lay = flat(lines), lay(lines)
    for step in sorted(steps):
        group = steps[step]
        out = _apply(lines, group)
        f, lo = flat(out), lay(out)
        stage_flat[group[0].stage] += f - cur_flat
        stage_lay[group[0].stage] += lo - cur_lay
        if want_edits:
            for e in group:
                if e.after is not None and _collapse(e.before) == _collapse(e.after):
                    continue
                without = flat(_apply(lines, [x for x in group if x is not e])) if len(group) > 1 else cur_flat
                per_edit.append((f - without, e))
        lines, cur_flat, cur_lay = out, f, lo
    return stage_flat, stage_lay, per_edit


def score(cleaners: list[str], folder: Path, by: str | None, harm: int, split: str | None = None) -> dict:
    pairs = [p for p in load_pairs(folder) if not split or p[3].get("split") == split]
    res: dict = {"groups": {}, "worse": {}, "harm": {}, "stage_totals": {}}
    raw_scores = {}
    for pid, ocr, truth, rec in pairs:
        raw_scores[pid] = (Levenshtein.distance(_collapse(ocr), _collapse(truth)),
                           Levenshtein.distance(layout_normalise(ocr), layout_normalise(truth)))
    for name in cleaners:
        is_tm = name.startswith("textmend")
        clean = get_cleaner(name)
        profile = name.split(":", 1)[1] if ":" in name else "ocr"
        groups: dict = defaultdict(lambda: defaultdict(float))
        worse = []
        harmful = []
        stage_tot_flat: Counter[str] = Counter()
        stage_tot_lay: Counter[str] = Counter()
        for pid, ocr, truth, rec in pairs:
            if is_tm:
                ex = _textmend().explain(ocr, profile=profile)
                out, edits = ex.text, ex.edits
            else:
                out, edits = clean(ocr), []
            r_flat, r_lay = _collapse(truth), layout_normalise(truth)
            ce = Levenshtein.distance(_collapse(out), r_flat)
            le = Levenshtein.distance(layout_normalise(out), r_lay)
            we = Levenshtein.distance(out.split(), truth.split())
            lay = layout_errors(out, truth)
            w_flat = ce > raw_scores[pid][0]
            w_lay = le > raw_scores[pid][1]
            keys = ["all", f"split={rec.get('split', '?')}"]
            if by:
                keys += [f"split={rec.get('split', '?')} {by}={rec.get(by, '?')}"]
            for k in keys:
                g = groups[k]
                g["pairs"] += 1
                g["pages"] += rec.get("pages", 0)
                g["char_edits"] += ce
                g["ref_chars"] += len(r_flat)
                g["lay_edits"] += le
                g["ref_lay"] += len(r_lay)
                g["word_edits"] += we
                g["ref_words"] += len(truth.split())
                g["layout_errors"] += lay["total"]
                g["worse"] += w_flat
                g["worse_pages"] += rec.get("pages", 0) if w_flat else 0
                g["worse_layout"] += w_lay
                g["worse_layout_pages"] += rec.get("pages", 0) if w_lay else 0
            if is_tm and edits:
                sf, sl, per_edit = attribute(ocr, truth, edits, want_edits=harm > 0)
                stage_tot_flat.update(sf)
                stage_tot_lay.update(sl)
                for d, e in per_edit:
                    if d > 0:
                        harmful.append(dict(pair=pid, split=rec.get("split"), delta=d, stage=e.stage,
                                            rule=e.rule, line=e.line, before=e.before,
                                            after=e.after))
                if w_flat or w_lay:
                    bad = sorted(((v, s) for s, v in sf.items() if v > 0), reverse=True)
                    bad_l = sorted(((v, s) for s, v in sl.items() if v > 0), reverse=True)
                    worse.append(dict(
                        pair=pid, split=rec.get("split"), pages=rec.get("pages"),
                        route=rec.get("route"), engine=rec.get("engine"), genre=rec.get("genre"),
                        flat=[raw_scores[pid][0], ce], layout=[raw_scores[pid][1], le],
                        worse_flat=w_flat, worse_layout=w_lay,
                        harm_flat={s: v for v, s in bad}, harm_layout={s: v for v, s in bad_l},
                        responsible=(bad[0][1] if w_flat and bad else bad_l[0][1] if bad_l else None)))
        table = {}
        for k, g in groups.items():
            table[k] = dict(
                pairs=int(g["pairs"]), pages=int(g["pages"]),
                cer=g["char_edits"] / max(1, g["ref_chars"]),
                layout_cer=g["lay_edits"] / max(1, g["ref_lay"]),
                wer=g["word_edits"] / max(1, g["ref_words"]),
                layout_errors=int(g["layout_errors"]),
                worse=int(g["worse"]), worse_pages=int(g["worse_pages"]),
                worse_layout=int(g["worse_layout"]), worse_layout_pages=int(g["worse_layout_pages"]))
        res["groups"][name] = table
        if is_tm:
            res["worse"][name] = worse
            harmful.sort(key=lambda h: -h["delta"])
            res["harm"][name] = harmful[:harm] if harm else []
            res["harm_count"] = res.get("harm_count", {})
            res["harm_count"][name] = len(harmful)
            res["stage_totals"][name] = dict(flat=dict(stage_tot_flat), layout=dict(stage_tot_lay))
    return res


def _short(s: str | None, n: int = 90) -> str:
    if s is None:
        return "(removed)"
    s = s.replace("\n", "⏎")
    return s if len(s) <= n else s[: n - 1] + "…"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cleaners", nargs="*", default=DEFAULT_CLEANERS)
    ap.add_argument("--pairs", default=str(HERE / "pairs"))
    ap.add_argument("--by", choices=["genre", "engine", "route", "extractor", "quality", "source"])
    ap.add_argument("--split", choices=["tune", "heldout"], help="score only this split")
    ap.add_argument("--harm", type=int, default=15, help="list the N most harmful single edits (0: none)")
    ap.add_argument("--json", metavar="FILE", help="also write everything as JSON")
    args = ap.parse_args()
    res = score(args.cleaners or DEFAULT_CLEANERS, Path(args.pairs), args.by, args.harm, args.split)
    print(f"pairs: {args.pairs}")
    keys = sorted({k for t in res["groups"].values() for k in t}, key=lambda k: (k != "all", k))
    print(f"\n| group | cleaner | pairs | pages | CER | layout CER | WER | layout errors | worse (pages) "
          f"| worse layout (pages) |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k in keys:
        for name, table in res["groups"].items():
            if k not in table:
                continue
            g = table[k]
            w = "-" if name == "raw" else f"{g['worse']} ({g['worse_pages']})"
            wl = "-" if name == "raw" else f"{g['worse_layout']} ({g['worse_layout_pages']})"
            print(f"| {k} | {name} | {g['pairs']} | {g['pages']} | {g['cer']:.4f} | {g['layout_cer']:.4f} "
                  f"| {g['wer']:.4f} | {g['layout_errors']} | {w} | {wl} |")
    for name, worse in res["worse"].items():
        print(f"\n## {name}: pairs made worse ({len(worse)})\n")
        for w in worse:
            what = ("flat" if w["worse_flat"] else "") + ("+" if w["worse_flat"] and w["worse_layout"] else "") \
                + ("layout" if w["worse_layout"] else "")
            print(f"* {w['pair']} [{w['split']}, {w['pages']} p] worse {what}: flat {w['flat'][0]}->{w['flat'][1]}, "
                  f"layout {w['layout'][0]}->{w['layout'][1]}; responsible: {w['responsible']}; "
                  f"harm flat {w['harm_flat']} layout {w['harm_layout']}")
        tot = res["stage_totals"][name]
        print(f"\n{name}: net change of distance to truth per stage (negative = repair), flat / layout:")
        for s in sorted(set(tot["flat"]) | set(tot["layout"])):
            print(f"  {s:18s} {tot['flat'].get(s, 0):+7d} {tot['layout'].get(s, 0):+7d}")
        if res["harm"].get(name):
            print(f"\n{name}: the {len(res['harm'][name])} most harmful single edits "
                  f"(of {res['harm_count'][name]} that raised the flat distance):")
            for h in res["harm"][name]:
                print(f"  +{h['delta']:<3d} {h['pair']} {h['stage']}/{h['rule']} line {h['line']}: "
                      f"{_short(h['before'])!r} -> {_short(h['after'])!r}")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
