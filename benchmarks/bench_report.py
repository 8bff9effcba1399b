"""What ``--report`` costs: CPU time of a corpus run with and without it, and the page's size.

1. Builds (or reuses) the 3 %-dirty news corpus of ``build_corpus.py`` and, beside
   it, a dense one (every record a real scraped line with entity residue, mojibake
   or markup, a run of blank lines, another such line: about two edits a record).
2. Runs ``corpus.run`` in this process with one worker, ``report`` off and on,
   rounds interleaved, and reports the CPU time (``time.process_time``, which a
   busy shared machine disturbs less than the wall clock) of each, the best
   round kept, and the overhead per edit.
3. Renders the report of the last run and reports its time and size.

Run: ``python benchmarks/bench_report.py`` (``--size-mb 10 --dense 20000 --rounds 3``).
The scratch folder (``--scratch``, default ``$TMPDIR/textmend-bench-report``) is
outside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import build_corpus  # noqa: E402

from textmend import corpus, report  # noqa: E402


def dense_corpus(path: Path, n: int) -> None:
    from tests.datasets import cases

    lines = [c["input"] for c in cases("scraped")]
    with path.open("w", encoding="utf-8") as f:
        for k in range(n):
            text = lines[k % len(lines)] + "\n\n\n\n" + lines[(k * 7) % len(lines)]
            f.write(json.dumps({"id": k, "text": text}, ensure_ascii=False) + "\n")


def measure(path: Path, rounds: int, out: Path) -> dict[str, Any]:
    pipeline = corpus.build_pipeline("default")
    config = corpus.WorkerConfig(pipeline=pipeline)
    sources = corpus.find_inputs([str(path)])
    best: dict[bool, float] = {}
    summary: corpus.Summary | None = None
    for _ in range(rounds):
        for on in (False, True):
            plan = corpus.plan_outputs(sources, str(out))
            start = time.process_time()
            summary = corpus.run(sources, plan, config, corpus.CorpusOptions(workers=1, report=on))
            spent = time.process_time() - start
            best[on] = min(best.get(on, spent), spent)
    assert summary is not None and summary.samples is not None
    edits = sum(summary.edits.values())
    info = report.describe_run(pipeline, inputs=[str(path)], profile="default", workers=1)
    start = time.perf_counter()
    page = report.render(report.from_run(info, summary))
    render_s = time.perf_counter() - start
    return {
        "input_mb": round(summary.mb, 2),
        "documents": summary.documents,
        "edits": edits,
        "cpu_s_without": round(best[False], 3),
        "cpu_s_with": round(best[True], 3),
        "overhead_pct": round(100 * (best[True] - best[False]) / best[False], 1),
        "overhead_us_per_edit": round(1e6 * (best[True] - best[False]) / max(edits, 1), 1),
        "render_s": round(render_s, 3),
        "html_kb": round(len(page.encode("utf-8")) / 1000, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=10.0, help="news corpus size (default 10)")
    ap.add_argument("--dense", type=int, default=20000, help="records of the dense corpus (default 20000)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "textmend-bench-report")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    args.scratch.mkdir(parents=True, exist_ok=True)
    build_corpus.ensure_built(args.scratch, args.size_mb)
    dense = args.scratch / f"dense-{args.dense}.jsonl"
    if not dense.exists():
        dense_corpus(dense, args.dense)
    out = args.scratch / "out.jsonl"
    results = {
        "news_3pct_dirty": measure(args.scratch / "dirty.jsonl", args.rounds, out),
        "dense": measure(dense, args.rounds, out),
        "machine": {"cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2)},
    }
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
