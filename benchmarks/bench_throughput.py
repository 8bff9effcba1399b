"""Throughput of textmend against ftfy, clean-text and a bare regex scan, on real news.

Builds (or reuses) the corpora of ``build_corpus.py`` and, in one run:

1. times, interleaved round by round (tool order rotated each round), textmend's
   ``default`` and ``ocr`` profiles (``Pipeline.clean`` per document, the pipeline
   built once), ``ftfy.fix_text`` with its defaults and encoding-only, clean-text
   with settings that keep the text, and one compiled character-class search per
   document (the limit); reports MB/s (median of the rounds) and the ratio to ftfy;
2. counts what each tool changed: characters changed on clean and typographic text,
   and on the dirty copy how many damaged lines each tool restored exactly and
   how many undamaged lines it changed;
3. the share of lines the fast path skipped, and the share each stage's trigger flags;
4. textmend's throughput at 1, 10 and 50 MB (prefixes of the same corpus);
5. peak memory: the largest ``tracemalloc`` peak per document, relative to the
   document, and the peak RSS of a process streaming 1 MB vs the whole corpus;
6. the speed-up with 2 worker processes (``multiprocessing.Pool``, chunks of documents);
7. that the fast path's output equals reference mode's (every stage on every line)
   on a sample of each corpus.

Run: ``python benchmarks/bench_throughput.py`` (about 10 minutes on 2 cores; ``--quick``
for a 1-minute smoke run). ``--json PATH`` also writes the raw numbers.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build_corpus  # noqa: E402
import ftfy  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

import textmend  # noqa: E402
from textmend import Pipeline, registry  # noqa: E402
from textmend.pipeline import _DocStep, _LineRun  # noqa: E402
from textmend.profiles import PROFILES  # noqa: E402
from textmend.scan import candidate_lines  # noqa: E402
from textmend.stage import LineStage  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import logging

    logging.disable(logging.WARNING)
    try:
        import cleantext
    except ImportError:  # pragma: no cover - optional
        cleantext = None
    logging.disable(logging.NOTSET)

MB = 1_000_000
# The limit: one C-level character-class search per document, for the characters
# most artifacts are made of (entities, percent signs, tags, brackets, C1 controls).
LIMIT_RE = re.compile(r"[&%<\[\x80-\x9f]")

# -- the tools -----------------------------------------------------------------------


def textmend_pipeline(profile: str, reference: bool = False) -> tuple[Pipeline, list[str]]:
    """The profile's pipeline, without the stages not written yet (their names returned)."""
    have = registry.stage_classes()
    names = PROFILES[profile]
    missing = [n for n in names if n not in have]
    return Pipeline([n for n in names if n in have], reference=reference), missing


FTFY_ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
)


def _ftfy_encoding(text: str) -> str:
    return ftfy.fix_text(text, FTFY_ENCODING_ONLY)


def _cleantext(text: str) -> str:
    # Everything that rewrites or drops text switched off: Unicode repair (ftfy) only.
    return cleantext.clean(  # type: ignore[no-any-return, union-attr]
        text,
        fix_unicode=True,
        to_ascii=False,
        lower=False,
        normalize_whitespace=False,
        no_line_breaks=False,
        strip_lines=False,
        keep_two_line_breaks=True,
    )


def _limit(text: str) -> str:
    LIMIT_RE.search(text)
    return text


def make_tools(quick: bool) -> dict[str, Callable[[str], str]]:
    tools: dict[str, Callable[[str], str]] = {}
    for profile in ("default", "ocr"):
        if profile in PROFILES:
            tools[f"textmend {profile}"] = textmend_pipeline(profile)[0].clean
    tools["ftfy.fix_text"] = ftfy.fix_text
    tools["ftfy encoding-only"] = _ftfy_encoding
    if cleantext is not None:
        tools["clean-text"] = _cleantext
    tools["regex scan (limit)"] = _limit
    return tools


# -- timing --------------------------------------------------------------------------


def time_docs(fn: Callable[[str], str], docs: Sequence[str]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    for d in docs:
        fn(d)
    return time.perf_counter() - t0


def nbytes(docs: Sequence[str]) -> int:
    return sum(len(d.encode("utf-8")) for d in docs)


def interleaved(
    tools: dict[str, Callable[[str], str]], corpora: dict[str, list[str]], rounds: int
) -> dict[str, dict[str, list[float]]]:
    """Seconds per round for each (corpus, tool); tool order rotates every round."""
    names = list(tools)
    times: dict[str, dict[str, list[float]]] = {c: {t: [] for t in names} for c in corpora}
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for corpus, docs in corpora.items():
            for name in order:
                times[corpus][name].append(time_docs(tools[name], docs))
        print(f"  round {r + 1}/{rounds} done", file=sys.stderr, flush=True)
    return times


# -- what the tools changed ----------------------------------------------------------


def changed_chars(a: str, b: str) -> int:
    """Characters changed between ``a`` and ``b``: their Levenshtein distance."""
    return 0 if a == b else Levenshtein.distance(a, b)


def _lenient(expected: str) -> set[str]:
    # ftfy uncurls quotes by default: its straight-quote version of a repaired
    # mojibake line counts as repaired too.
    return {expected, ftfy.fixes.uncurl_quotes(expected)}


def repair_counts(fn: Callable[[str], str], recs: list[dict[str, Any]], lenient: bool) -> dict[str, Any]:
    """On damaged records: damage repaired per kind, undamaged lines changed, docs restored."""
    repaired: Counter[str] = Counter()
    total: Counter[str] = Counter()
    harmed = 0
    undamaged = 0
    restored = 0
    missed: dict[str, set[tuple[int, int]]] = {}
    for k, rec in enumerate(recs):
        out = fn(rec["text"])
        exp_lines = rec["expected"].split("\n")
        out_lines = out.split("\n")
        if out == rec["expected"]:
            restored += 1
        head = 2 if any(c["kind"] == "mangled_title" for c in rec["corruptions"]) else 0
        damaged_idx = set()
        for c in rec["corruptions"]:
            kind = c["kind"]
            total[kind] += 1
            if kind == "mangled_title":
                ok = bool(out_lines) and out_lines[0] == exp_lines[0]
            elif kind == "truncated_tail":
                last = [x for x in out_lines if x.strip()]
                want = [x for x in exp_lines if x.strip()]
                ok = bool(last) and bool(want) and last[-1] == want[-1]
            else:
                ei = c["line"] - head
                damaged_idx.add(ei)
                want = _lenient(exp_lines[ei]) if lenient else {exp_lines[ei]}
                if len(out_lines) == len(exp_lines):
                    ok = out_lines[ei] in want
                else:
                    ok = bool(want & set(out_lines))
            if ok:
                repaired[kind] += 1
            else:
                missed.setdefault(kind, set()).add((k, c["line"]))
        if len(out_lines) == len(exp_lines):
            for i, (o, e) in enumerate(zip(out_lines, exp_lines)):
                if i in damaged_idx or not e.strip():
                    continue
                undamaged += 1
                if o != e:
                    harmed += 1
    return {
        "repaired": dict(repaired),
        "total": dict(total),
        "repaired_all": sum(repaired.values()),
        "total_all": sum(total.values()),
        "docs_restored": restored,
        "docs": len(recs),
        "undamaged_lines_changed": harmed,
        "undamaged_lines": undamaged,
        "_missed": missed,
    }


def _differs_in_spaces_only(rec: dict[str, Any], line: int, fn: Callable[[str], str]) -> bool:
    """Whether line ``line`` of the damaged record comes out as the undamaged line up to space runs."""
    head = 2 if any(c["kind"] == "mangled_title" for c in rec["corruptions"]) else 0
    out_lines = fn(rec["text"]).split("\n")
    exp_lines = rec["expected"].split("\n")
    i = line - head
    if len(out_lines) != len(exp_lines) or not 0 <= i < len(exp_lines):
        return False
    return out_lines[i] != exp_lines[i] and _SPACES_RE.sub(" ", out_lines[i]) == _SPACES_RE.sub(" ", exp_lines[i])


_SPACES_RE = re.compile(" {2,}")


# -- fast-path statistics ------------------------------------------------------------


def skip_stats(pipe: Pipeline, docs: Sequence[str]) -> dict[str, Any]:
    """Lines each line run's joined trigger flags, each stage's trigger, each precheck."""
    total_lines = sum(d.count("\n") + 1 for d in docs)
    runs = []
    stages: dict[str, float] = {}
    prechecks: dict[str, float] = {}
    for item in pipe._plan:
        if isinstance(item, _LineRun):
            flagged = sum(sum(1 for _ in candidate_lines(item.pattern, d)) for d in docs)
            runs.append({"stages": [s.name for s in item.stages], "flagged": flagged})
            for s in item.stages:
                n = sum(sum(1 for _ in candidate_lines(s.trigger, d)) for d in docs)
                stages[s.name] = n / total_lines
        elif isinstance(item, _DocStep):
            prechecks[item.stage.name] = sum(1 for d in docs if item.stage.precheck(d)) / len(docs)
    flagged_any = max((r["flagged"] for r in runs), default=0)
    return {
        "lines": total_lines,
        "runs": runs,
        "skipped_share": 1 - sum(r["flagged"] for r in runs) / max(1, total_lines * max(1, len(runs))),
        "flagged_share_by_stage": stages,
        "precheck_true_share": prechecks,
        "flagged_max_run": flagged_any,
    }


def stage_costs(pipe: Pipeline, docs: Sequence[str]) -> list[tuple[str, float, float]]:
    """Seconds spent per plan item: ``(name, check, work)``.

    ``check`` is the joined-trigger scan of a line run or a document stage's
    precheck; ``work`` is the rest (running the stages on what was flagged).
    """
    names = []
    for item in pipe._plan:
        if isinstance(item, _LineRun):
            names.append("+".join(s.name for s in item.stages))
        else:
            names.append(item.stage.name)
    check = [0.0] * len(names)
    total = [0.0] * len(names)
    clock = time.perf_counter
    for d in docs:
        text = d
        for k, item in enumerate(pipe._plan):
            if isinstance(item, _LineRun):
                t0 = clock()
                for _ in candidate_lines(item.pattern, text):
                    pass
                t1 = clock()
                new = pipe._fast_lines(item, text, None)
                t2 = clock()
            else:
                t0 = clock()
                item.stage.precheck(text)
                t1 = clock()
                new = pipe._document(item, text, None)
                t2 = clock()
            check[k] += t1 - t0
            total[k] += t2 - t1  # includes its own check again
            text = new
    return [(n, c, max(0.0, t - c)) for n, c, t in zip(names, check, total)]


# -- memory --------------------------------------------------------------------------


def tracemalloc_peaks(fn: Callable[[str], str], docs: Sequence[str]) -> dict[str, float]:
    """Largest peak allocation while cleaning one document, absolute and per document byte."""
    worst_ratio = 0.0
    worst_abs = 0
    tracemalloc.start()
    try:
        for d in docs:
            tracemalloc.reset_peak()
            base, _ = tracemalloc.get_traced_memory()
            fn(d)
            _, peak = tracemalloc.get_traced_memory()
            used = peak - base
            worst_abs = max(worst_abs, used)
            worst_ratio = max(worst_ratio, used / max(1, len(d.encode("utf-8"))))
    finally:
        tracemalloc.stop()
    return {"max_peak_bytes": worst_abs, "max_peak_per_doc_byte": round(worst_ratio, 2)}


def memprobe(path: Path, limit_mb: float, clean: bool) -> int:
    """Stream ``path`` record by record (cleaning each when ``clean``); print peak RSS in KB."""
    pipe = textmend_pipeline("default")[0]
    total = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            if clean:
                pipe.clean(text)
            total += len(text)
            if total >= limit_mb * MB:
                break
    print(_peak_rss_kb())
    return 0


def _peak_rss_kb() -> int:
    """This process's peak RSS in kB.

    ``VmHWM`` of the process's own address space: ``ru_maxrss`` also counts the
    parent's peak, which ``subprocess`` (vfork + exec) passes on to the child.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def rss_kb(path: Path, limit_mb: float, clean: bool) -> int:
    cmd = [sys.executable, __file__, "--memprobe", str(path), "--memprobe-mb", str(limit_mb)]
    if not clean:
        cmd.append("--memprobe-read-only")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return int(out.strip().split()[-1])


# -- workers -------------------------------------------------------------------------

_WORKER_PIPE: Pipeline | None = None


def _worker_init() -> None:
    global _WORKER_PIPE
    _WORKER_PIPE = textmend_pipeline("default")[0]


# The documents, inherited by the forked workers: like a corpus of files that each
# worker reads itself, no document text is pickled through a pipe.
_WORKER_DOCS: list[str] = []


def _worker_clean(span: tuple[int, int]) -> int:
    assert _WORKER_PIPE is not None
    n = 0
    for d in _WORKER_DOCS[span[0] : span[1]]:
        n += len(_WORKER_PIPE.clean(d))
    return n


def workers_speedup(docs: list[str], rounds: int, chunk: int = 256) -> dict[str, Any]:
    global _WORKER_DOCS
    _WORKER_DOCS = docs
    spans = [(i, min(i + chunk, len(docs))) for i in range(0, len(docs), chunk)]
    ctx = multiprocessing.get_context("fork")
    one: list[float] = []
    two: list[float] = []
    _worker_init()
    with ctx.Pool(2, initializer=_worker_init) as pool:
        pool.map(_worker_clean, spans[:4])  # warm both workers
        for _ in range(rounds):
            gc.collect()
            t0 = time.perf_counter()
            for span in spans:
                _worker_clean(span)
            one.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            sum(pool.imap_unordered(_worker_clean, spans))
            two.append(time.perf_counter() - t0)
    m1, m2 = statistics.median(one), statistics.median(two)
    return {"one_s": m1, "two_s": m2, "speedup": m1 / m2, "chunk_docs": chunk}


# -- fast path vs reference ----------------------------------------------------------


def reference_check(profile: str, docs: Sequence[str]) -> dict[str, Any]:
    fast = textmend_pipeline(profile)[0]
    ref = textmend_pipeline(profile, reference=True)[0]
    diffs = []
    for d in docs:
        a, b = fast.clean(d), ref.clean(d)
        if a != b:
            diffs.append(d)
    first = None
    if diffs:
        d = diffs[0]
        fl, rl = fast.clean(d).split("\n"), ref.clean(d).split("\n")
        for x, y in zip(fl, rl):
            if x != y:
                first = {"fast": x[:200], "reference": y[:200]}
                break
    return {"docs": len(docs), "differ": len(diffs), "first": first}


# -- report --------------------------------------------------------------------------


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"CPython {platform.python_version()}, ftfy {ftfy.__version__}"
    )


def fmt_table(rows: list[list[str]], header: list[str]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=50.0, help="corpus size (default 50)")
    ap.add_argument("--compare-mb", type=float, default=10.0, help="text per corpus in the tool comparison")
    ap.add_argument("--quality-mb", type=float, default=3.0, help="text per corpus for the change/repair counts")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=build_corpus.DEFAULT_OUT)
    ap.add_argument("--quick", action="store_true", help="2 MB corpora, 3 rounds: a smoke run")
    ap.add_argument("--skip", action="append", default=[], help="skip a section: compare, quality, skip, cost, scale, memory, workers, reference")
    ap.add_argument("--json", type=Path, help="also write the raw numbers here")
    ap.add_argument("--memprobe", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--memprobe-mb", type=float, default=1.0, help=argparse.SUPPRESS)
    ap.add_argument("--memprobe-read-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memprobe:
        return memprobe(args.memprobe, args.memprobe_mb, not args.memprobe_read_only)
    if args.quick:
        args.size_mb, args.compare_mb, args.quality_mb, args.rounds = 2.0, 1.0, 1.0, 3
        args.out = args.out.with_name(args.out.name + "-quick")
    skip = set(args.skip)

    t_start = time.time()
    load0 = os.getloadavg()
    meta = build_corpus.ensure_built(args.out, args.size_mb)
    full = {v: build_corpus.read_corpus(args.out / f"{v}.jsonl") for v in build_corpus.VARIANTS}
    texts = {v: [r["text"] for r in recs] for v, recs in full.items()}

    def prefix(v: str, mb: float) -> list[str]:
        out, total = [], 0
        for t in texts[v]:
            if total >= mb * MB:
                break
            out.append(t)
            total += len(t.encode("utf-8"))
        return out

    pipe, missing = textmend_pipeline("default")
    results: dict[str, Any] = {
        "machine": machine(),
        "textmend_commit": _git_head(),
        "default_stages": list(pipe.names),
        "default_missing": missing,
        "corpora": meta,
        "load_before": load0,
    }
    report: list[str] = []
    report.append(f"Machine: {results['machine']}")
    report.append(f"textmend {results['textmend_commit']}; default profile runs: {', '.join(pipe.names)}")
    if missing:
        report.append(f"NOT YET AVAILABLE (left out of the default profile): {', '.join(missing)}")
    v = meta["variants"]
    report.append(
        "Corpora: "
        + "; ".join(
            f"{k} {v[k]['bytes'] / MB:.1f} MB, {v[k]['docs']} docs, {v[k]['nonblank_lines']} lines"
            f", non-ASCII lines {v[k]['nonascii_line_share']:.0%}"
            + (f", damaged {v[k]['corrupted_line_share']:.1%}" if k == "dirty" else "")
            for k in v
        )
    )

    if "compare" not in skip:
        tools = make_tools(args.quick)
        corpora = {c: prefix(c, args.compare_mb) for c in build_corpus.VARIANTS}
        print(f"comparing {len(tools)} tools on {args.compare_mb} MB x 3, {args.rounds} rounds", file=sys.stderr)
        times = interleaved(tools, corpora, args.rounds)
        mbps = {
            c: {t: nbytes(corpora[c]) / MB / statistics.median(ts) for t, ts in times[c].items()}
            for c in corpora
        }
        results["mbps"] = mbps
        results["times"] = times
        rows = []
        for t in tools:
            row = [t]
            for c in corpora:
                ratio = mbps[c][t] / mbps[c]["ftfy.fix_text"]
                row.append(f"{mbps[c][t]:.1f} ({ratio:.1f}x)")
            rows.append(row)
        report.append("")
        report.append(
            f"Throughput, MB/s (x ftfy.fix_text), median of {args.rounds} interleaved rounds, "
            f"{args.compare_mb:g} MB per corpus:"
        )
        report.append(fmt_table(rows, ["tool", "clean news", "3 %-dirty news", "typographic news"]))

    if "quality" not in skip:
        qtools = {k: f for k, f in make_tools(args.quick).items() if "limit" not in k}
        rows = []
        qual: dict[str, Any] = {}
        for t, fn in qtools.items():
            row = [t]
            for c in ("clean", "typographic"):
                docs = prefix(c, args.quality_mb)
                outs = [fn(d) for d in docs]
                n = sum(changed_chars(d, o) for d, o in zip(docs, outs))
                n_docs = sum(d != o for d, o in zip(docs, outs))
                row.append(f"{n / (nbytes(docs) / MB):.0f} ({n_docs / len(docs):.1%} of docs)")
                qual.setdefault(t, {})[c] = n
                qual[t][f"{c}_docs_changed"] = n_docs
            recs = full["dirty"][: len(prefix("dirty", args.quality_mb))]
            rc = repair_counts(fn, recs, lenient=t.startswith("ftfy") or t == "clean-text")
            qual[t]["dirty"] = {k: v for k, v in rc.items() if not k.startswith("_")}
            qual[t]["_missed"] = rc["_missed"]
            row.append(f"{rc['repaired_all']}/{rc['total_all']}")
            row.append(f"{rc['docs_restored']}/{rc['docs']}")
            row.append(f"{rc['undamaged_lines_changed']}/{rc['undamaged_lines']}")
            rows.append(row)
        report.append("")
        report.append(f"What each tool changed ({args.quality_mb:g} MB per corpus):")
        report.append(
            fmt_table(
                rows,
                [
                    "tool",
                    "chars changed / MB clean (docs changed)",
                    "chars changed / MB typographic (docs changed)",
                    "damage repaired (dirty)",
                    "dirty docs restored exactly",
                    "undamaged lines changed",
                ],
            )
        )
        kinds = sorted({k for t in qual for k in qual[t]["dirty"]["total"]})
        krows = []
        for t in qual:
            d = qual[t]["dirty"]
            krows.append([t] + [f"{d['repaired'].get(k, 0)}/{d['total'].get(k, 0)}" for k in kinds])
        report.append("")
        report.append("Damage repaired by kind (a line counts when it equals the undamaged line; ftfy and clean-text may straighten quotes):")
        report.append(fmt_table(krows, ["tool", *kinds]))
        if "textmend default" in qual and "ftfy.fix_text" in qual:
            tm = qual["textmend default"]["_missed"]
            ff = qual["ftfy.fix_text"]["_missed"]
            lost_lines = [x for kind in kinds for x in sorted(tm.get(kind, set()) - ff.get(kind, set()))]
            recs = full["dirty"]
            default_clean = textmend_pipeline("default")[0].clean
            spaces_only = sum(_differs_in_spaces_only(recs[k], line, default_clean) for k, line in lost_lines)
            report.append(
                f"Damaged lines ftfy.fix_text repaired and textmend default did not: {len(lost_lines)} "
                f"({spaces_only} of them repaired too, and differ from the undamaged line only where the "
                "whitespace stage collapsed a run of spaces inside a sentence)"
            )
            results["ftfy_only_repairs"] = len(lost_lines)
            results["ftfy_only_repairs_spaces_only"] = spaces_only
        for t in qual:
            qual[t].pop("_missed", None)
        results["quality"] = qual

    if "skip" not in skip:
        report.append("")
        report.append("Fast path (default profile): share of lines skipped, and lines each trigger flags:")
        srows = []
        results["skip"] = {}
        for c in build_corpus.VARIANTS:
            st = skip_stats(pipe, prefix(c, min(args.compare_mb, 5.0)))
            results["skip"][c] = st
            flags = ", ".join(f"{k} {x:.2%}" for k, x in st["flagged_share_by_stage"].items())
            pre = ", ".join(f"{k} {x:.0%}" for k, x in st["precheck_true_share"].items())
            srows.append([c, f"{st['skipped_share']:.2%}", flags, pre])
        report.append(fmt_table(srows, ["corpus", "lines skipped", "lines flagged by each trigger", "documents passing each precheck"]))

    if "cost" not in skip:
        report.append("")
        report.append("Where textmend default spends its time (microseconds per document; check = joined-trigger scan or precheck):")
        crow = []
        results["cost"] = {}
        for c in build_corpus.VARIANTS:
            docs = prefix(c, min(args.compare_mb, 2.0))
            costs = stage_costs(pipe, docs)
            results["cost"][c] = costs
            whole = sum(x + y for _, x, y in costs) or 1.0
            crow.append(
                [c]
                + [f"{x / len(docs) * 1e6:.1f} + {y / len(docs) * 1e6:.1f} ({(x + y) / whole:.0%})" for _, x, y in costs]
            )
        report.append(fmt_table(crow, ["corpus", *[n for n, _, _ in costs]]))

    if "scale" not in skip:
        sizes = [s for s in (1.0, 10.0, 50.0) if s <= args.size_mb] or [args.size_mb]
        if args.quick:
            sizes = [0.5, 1.0, 2.0]
        scale: dict[str, dict[str, float]] = {}
        default_clean = textmend_pipeline("default")[0].clean
        for c in build_corpus.VARIANTS:
            sets = {s: prefix(c, s) for s in sizes}
            ts: dict[float, list[float]] = {s: [] for s in sizes}
            # A small set is cleaned several times per sample so that every sample
            # covers as many bytes as the largest set: a 1 MB pass lasts a few tens
            # of milliseconds, where one burst of another job decides the figure.
            reps = {s: max(1, round(max(sizes) / s)) for s in sizes}
            for _ in range(args.rounds):
                for s in sizes:
                    ts[s].append(sum(time_docs(default_clean, sets[s]) for _ in range(reps[s])) / reps[s])
            scale[c] = {f"{s:g}": nbytes(sets[s]) / MB / statistics.median(ts[s]) for s in sizes}
        results["scale"] = scale
        report.append("")
        report.append(
            "textmend default, MB/s by corpus size (prefixes of the same corpus, a smaller one cleaned "
            "repeatedly so that every sample covers the largest size; cost must grow linearly):"
        )
        rows = []
        for c, by in scale.items():
            vals = list(by.values())
            spread = (max(vals) - min(vals)) / statistics.median(vals)
            rows.append([c, *[f"{x:.1f}" for x in vals], f"{spread:.0%}"])
        report.append(fmt_table(rows, ["corpus", *[f"{s:g} MB" for s in sizes], "spread (max-min)/median"]))

    if "memory" not in skip:
        sample = prefix("dirty", 1.0)
        tm = tracemalloc_peaks(textmend_pipeline("default")[0].clean, sample)
        longest = max(sample, key=len)
        path = args.out / "clean.jsonl"
        small = rss_kb(path, 1.0, True)
        big = rss_kb(path, args.size_mb, True)
        base = rss_kb(path, args.size_mb, False)
        results["memory"] = {**tm, "rss_kb_1mb": small, "rss_kb_full": big, "rss_kb_read_only_full": base}
        report.append("")
        report.append(
            f"Memory: largest tracemalloc peak while cleaning one document {tm['max_peak_bytes'] / 1e3:.0f} kB "
            f"({tm['max_peak_per_doc_byte']:.1f} bytes per byte of that document; longest document "
            f"{len(longest.encode()) / 1e3:.1f} kB). Peak RSS streaming the clean corpus: "
            f"1 MB {small / 1e3:.1f} MB, {args.size_mb:g} MB {big / 1e3:.1f} MB "
            f"(reading only, no cleaning: {base / 1e3:.1f} MB)."
        )

    if "workers" not in skip:
        ws = {}
        for c in ("clean", "dirty"):
            # The whole corpus (at least 10 MB): a round must last long enough (over a
            # second) for the pool's fixed costs and the machine's noise to stay small.
            ws[c] = workers_speedup(prefix(c, max(10.0, args.size_mb)), max(3, args.rounds // 2))
        results["workers"] = ws
        report.append("")
        report.append(
            "2 worker processes vs 1 (textmend default, same documents, Pool.imap_unordered over "
            f"chunks of {ws['clean']['chunk_docs']} documents that the forked workers hold, as "
            "when each reads its own files): "
            + "; ".join(f"{c} {w['speedup']:.2f}x ({w['one_s']:.2f} s -> {w['two_s']:.2f} s)" for c, w in ws.items())
        )

    if "reference" not in skip:
        report.append("")
        refs = {}
        for profile in ("default", "ocr"):
            if profile not in PROFILES:
                continue
            for c in build_corpus.VARIANTS:
                sample = prefix(c, 0.3)
                if c == "dirty":
                    sample = [r["text"] for r in full["dirty"][:3000] if r["corruptions"]][:400]
                refs[f"{profile}/{c}"] = reference_check(profile, sample)
        results["reference"] = refs
        line = "; ".join(f"{k}: {r['differ']}/{r['docs']} differ" for k, r in refs.items())
        report.append(f"Fast path vs reference mode (every stage on every line): {line}")
        for k, r in refs.items():
            if r["first"]:
                report.append(f"  first difference in {k}: {r['first']}")

    results["load_after"] = os.getloadavg()
    results["seconds"] = time.time() - t_start
    report.append("")
    report.append(
        f"Load average before/after: {load0[0]:.2f} / {results['load_after'][0]:.2f}; "
        f"run took {results['seconds'] / 60:.1f} min."
    )
    print("\n".join(report))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


def _git_head() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(HERE), "log", "-1", "--format=%h %cd", "--date=short"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return out or textmend.__name__
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"


if __name__ == "__main__":
    raise SystemExit(main())
