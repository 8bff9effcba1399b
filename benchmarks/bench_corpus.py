"""The corpus command's throughput with 1 and 2 workers, and its peak memory on a multi-GB input.

1. Builds (or reuses) the 3 %-dirty news corpus of ``build_corpus.py`` and lays it
   out as a corpus folder: nested folders of ``.jsonl``, ``.jsonl.gz`` and
   ``.jsonl.zst`` files (JSON Lines, compressed outputs mirrored) plus one
   ``.txt`` file per article, with a few invalid-UTF-8 and broken JSON lines.
2. Runs ``textmend clean FOLDER -o OUT --workers K`` for K = 1 and 2 (rounds
   interleaved, best round kept), as a subprocess, and reports input MB/s
   (uncompressed text bytes / wall time, process start included) and the speed-up.
   Then checks a 2-worker run record by record: good records equal
   ``Pipeline.clean`` of them, bad ones are kept and reported with file and line,
   the inputs are untouched, the exit code is 1.
3. With ``--big-gb N``: writes an N GB JSON Lines file in the scratch folder,
   cleans it to /dev/null with 2 workers while sampling the resident memory of
   the whole process tree (parent + workers) every 0.1 s, does the same on a
   100 MB prefix, reports both peaks, and deletes the big file. The memory run
   uses fast stages (``--memory-stages``) so that it takes minutes, not hours.

Run: ``python benchmarks/bench_corpus.py`` (``--size-mb 40 --rounds 2``; add
``--big-gb 2`` for the memory figure; ``--json PATH`` writes the numbers).
The scratch folder (``--scratch``, default ``$TMPDIR/textmend-bench-corpus``)
is outside the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build_corpus  # noqa: E402

from textmend import Pipeline, registry  # noqa: E402
from textmend.errors import ConfigError  # noqa: E402
from textmend.profiles import PROFILES  # noqa: E402

TEXTMEND = [sys.executable, "-m", "textmend.cli"]


def pipeline_args(profile: str) -> list[str]:
    """``--profile`` when it builds; else the profile's stages that exist (others are in progress)."""
    try:
        Pipeline(profile)
        return ["--profile", profile]
    except ConfigError:
        have = set(registry.stage_classes())
        names = [n for n in PROFILES[profile] if n in have]
        print(f"profile {profile!r} incomplete; running its available stages: {','.join(names)}")
        return ["--stages", ",".join(names)]


def lay_out(src: Path, root: Path, n_files: int = 12, n_txt: int = 300) -> int:
    """Spread the records of ``src`` over a nested corpus folder; return the text bytes."""
    import zstandard

    if root.exists():
        shutil.rmtree(root)
    records = src.read_bytes().split(b"\n")
    records = [r for r in records if r]
    per = -(-len(records) // n_files)
    total = 0
    for k in range(n_files):
        chunk = records[k * per : (k + 1) * per]
        if k % 4 == 1:
            chunk.insert(len(chunk) // 2, b'{"text": "broken json line')  # a bad record
        if k % 4 == 2:
            chunk.insert(1, b'{"text": "caf\xe9 latin-1 byte"}')  # invalid UTF-8
        data = b"\n".join(chunk) + b"\n"
        total += len(data)
        folder = root / f"part{k % 3}" / f"sub{k % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = k % 3
        if kind == 0:
            (folder / f"news{k:02}.jsonl").write_bytes(data)
        elif kind == 1:
            (folder / f"news{k:02}.jsonl.gz").write_bytes(gzip.compress(data, 6))
        else:
            (folder / f"news{k:02}.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    txt = root / "articles"
    txt.mkdir()
    for k, rec in enumerate(records[:n_txt]):
        text = json.loads(rec)["text"].encode("utf-8")
        total += len(text)
        (txt / f"a{k:04}.txt").write_bytes(text)
    return total


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, ()))
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def run_cli(args: list[str], stdout: Any = subprocess.DEVNULL) -> dict[str, Any]:
    """Run textmend; return wall time, exit code, peak tree RSS and the --stats summary."""
    with tempfile.TemporaryDirectory() as tmp:
        stats = os.path.join(tmp, "stats.json")
        t0 = time.perf_counter()
        proc = subprocess.Popen([*TEXTMEND, *args, "--stats", stats, "-q"], stdout=stdout)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(proc.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        rc = proc.wait()
        wall = time.perf_counter() - t0
        done.set()
        sampler.join()
        summary = json.loads(Path(stats).read_text()) if os.path.exists(stats) else {}
    return {"rc": rc, "wall_s": wall, "peak_rss_mb": peak / 1e6, "summary": summary}


def throughput(corpus: Path, out: Path, pargs: list[str], rounds: int) -> dict[str, Any]:
    best: dict[int, dict[str, Any]] = {}
    for r in range(rounds):
        for workers in ((1, 2) if r % 2 == 0 else (2, 1)):
            if out.exists():
                shutil.rmtree(out)
            res = run_cli(["clean", str(corpus), "-o", str(out), "--workers", str(workers), *pargs])
            mb = res["summary"].get("mb", 0.0)
            res["mb_per_s"] = mb / res["wall_s"]
            print(
                f"  round {r + 1} workers={workers}: {mb:.1f} MB in {res['wall_s']:.2f} s = "
                f"{res['mb_per_s']:.2f} MB/s (rc={res['rc']}, peak RSS {res['peak_rss_mb']:.0f} MB)"
            )
            if workers not in best or res["wall_s"] < best[workers]["wall_s"]:
                best[workers] = res
    if out.exists():
        shutil.rmtree(out)
    speedup = best[1]["wall_s"] / best[2]["wall_s"]
    return {
        "mb": best[1]["summary"].get("mb"),
        "documents": best[1]["summary"].get("documents"),
        "errors": best[1]["summary"].get("errors"),
        "workers_1_mb_per_s": round(best[1]["mb_per_s"], 3),
        "workers_2_mb_per_s": round(best[2]["mb_per_s"], 3),
        "speedup": round(speedup, 3),
    }


def verify(corpus: Path, out: Path, pargs: list[str]) -> dict[str, Any]:
    """Clean ``corpus`` with 2 workers and check it against ``Pipeline.clean``, record by record.

    Good records must equal the pipeline's output, bad ones (undecodable, broken
    JSON) must come out unchanged and be reported with file and line, the inputs
    must be untouched and the exit code 1.
    """
    import hashlib

    import zstandard

    def read(path: Path) -> bytes:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            return gzip.decompress(data)
        if path.name.endswith(".zst"):
            return zstandard.ZstdDecompressor().stream_reader(data, read_across_frames=True).read()
        return data

    if pargs[0] == "--profile":
        pipe = Pipeline(pargs[1])
    else:
        pipe = Pipeline(pargs[1].split(","))
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    before = {p: hashlib.sha256(p.read_bytes()).digest() for p in files}
    if out.exists():
        shutil.rmtree(out)
    proc = subprocess.run(
        [*TEXTMEND, "clean", str(corpus), "-o", str(out), "--workers", "2", "-q", *pargs],
        capture_output=True,
    )
    reported = set(proc.stderr.decode().splitlines())
    good = bad = mismatched = unreported = 0
    for path in files:
        data_in, data_out = read(path), read(out / path.relative_to(corpus))
        if path.suffix == ".txt":
            good += 1
            mismatched += data_out.decode() != pipe.clean(data_in.decode())
            continue
        lines_in, lines_out = data_in.split(b"\n"), data_out.split(b"\n")
        assert len(lines_in) == len(lines_out), path
        for n, (a, b) in enumerate(zip(lines_in, lines_out), start=1):
            if not a:
                continue
            try:
                rec = json.loads(a.decode())
            except ValueError:
                bad += 1
                mismatched += a != b
                unreported += not any(x.startswith(f"textmend: {path}:{n}: ") for x in reported)
                continue
            good += 1
            mismatched += json.loads(b)["text"] != pipe.clean(rec["text"])
    untouched = all(hashlib.sha256(p.read_bytes()).digest() == h for p, h in before.items())
    shutil.rmtree(out)
    return {
        "exit_code": proc.returncode,
        "good_records": good,
        "bad_records": bad,
        "records_not_equal_to_clean_or_not_kept": mismatched,
        "bad_records_not_reported": unreported,
        "inputs_untouched": untouched,
    }


def memory(src: Path, scratch: Path, gb: float, pargs: list[str]) -> dict[str, Any]:
    """Peak tree RSS on a 100 MB prefix and on a ``gb`` GB file (deleted afterwards)."""
    data = src.read_bytes()
    small = scratch / "prefix.jsonl"
    big = scratch / "big.jsonl"
    out: dict[str, Any] = {}
    try:
        with open(small, "wb") as f:
            written = 0
            while written < 100e6:
                f.write(data)
                written += len(data)
        with open(big, "wb") as f:
            written = 0
            while written < gb * 1e9:
                f.write(data)
                written += len(data)
        for name, path in (("100MB", small), (f"{gb:g}GB", big)):
            size = path.stat().st_size
            res = run_cli(["clean", str(path), "--workers", "2", *pargs])
            out[name] = {
                "input_mb": round(size / 1e6, 1),
                "wall_s": round(res["wall_s"], 1),
                "mb_per_s": round(size / 1e6 / res["wall_s"], 2),
                "peak_tree_rss_mb": round(res["peak_rss_mb"], 1),
                "rc": res["rc"],
            }
            print(f"  {name}: {out[name]}")
    finally:
        for p in (small, big):
            if p.exists():
                p.unlink()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=40)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--profile", default="default")
    ap.add_argument("--big-gb", type=float, default=0, help="also measure peak memory on N GB")
    ap.add_argument(
        "--memory-stages",
        default="line_breaks,control_chars,whitespace,blank_lines",
        help="stages for the memory run (fast ones: memory, not repairs, is measured there)",
    )
    ap.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "textmend-bench-corpus")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--no-verify", action="store_true", help="skip the record-by-record check")
    args = ap.parse_args(argv)

    args.scratch.mkdir(parents=True, exist_ok=True)
    pargs = pipeline_args(args.profile)
    news = args.scratch / "news"
    build_corpus.ensure_built(news, args.size_mb)
    corpus = args.scratch / "corpus"
    size = lay_out(news / "dirty.jsonl", corpus)
    print(f"corpus: {corpus} ({size / 1e6:.1f} MB of text, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f})")
    results: dict[str, Any] = {"cpus": os.cpu_count(), "pipeline": pargs}
    results["throughput"] = throughput(corpus, args.scratch / "out", pargs, args.rounds)
    print(f"throughput: {results['throughput']}")
    if not args.no_verify:
        results["verify"] = verify(corpus, args.scratch / "out", pargs)
        print(f"verify: {results['verify']}")
    if args.big_gb:
        mem_args = ["--stages", args.memory_stages] if args.memory_stages else pargs
        results["memory"] = memory(news / "dirty.jsonl", args.scratch, args.big_gb, mem_args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
