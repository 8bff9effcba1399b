"""The ``textmend`` command: arguments, progress, summary. The work is in :mod:`textmend.corpus`.

``textmend clean INPUT... [-o OUT]``, ``textmend explain FILE``, ``textmend report EDITS.jsonl``,
``textmend stages``; ``textmend FILE`` (no subcommand) is ``textmend clean FILE`` to stdout.
The HTML reports (``--report``, ``report``, ``explain --html``) are made by :mod:`textmend.report`.

Exit codes: 0 clean run; 1 some records had errors (or ``--max-errors`` stopped
the run); 2 usage error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from textmend import corpus, report
from textmend.errors import TextmendError

__all__ = ["main"]

EXIT_OK, EXIT_BAD_RECORDS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
COMMANDS = ("clean", "explain", "report", "stages")
SHOWN_ERRORS = 20  # bad records printed as they come; the rest are counted


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(message)


def _pipeline_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("pipeline")
    g.add_argument("--profile", help="profile to run (default: default); see `textmend stages`")
    g.add_argument("--stages", help="comma-separated stages to run instead of the profile")
    g.add_argument("--disable", help="comma-separated stages to remove from the pipeline")
    g.add_argument(
        "--config", metavar="FILE", help="TOML: profile/stages/disable, and [stage] option = value"
    )


def _input_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("input")
    g.add_argument(
        "--format",
        choices=("auto", "text", "jsonl", "parquet"),
        default="auto",
        help="input format (default: by extension: .jsonl/.ndjson, .parquet, else text)",
    )
    g.add_argument(
        "--per-line", action="store_true", help="plain text: one document per line, not per file"
    )
    g.add_argument(
        "--field",
        default=None,
        help="JSON Lines / Parquet: the field to clean, dotted paths allowed (default: text)",
    )
    g.add_argument("--id-field", default="id", help="field reported as the document id (default: id)")
    g.add_argument("--encoding", default="utf-8", help="input encoding (default: utf-8)")
    g.add_argument(
        "--decode-errors",
        choices=("keep", "guess", "replace"),
        default="keep",
        help="a record that does not decode: keep it unchanged (default), guess its encoding "
        "with ftfy.guess_bytes and clean it, or replace bad bytes with U+FFFD; always reported",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="textmend",
        description="Repair text from web scrapers and OCR engines. "
        "`textmend FILE` cleans one file (or `-`, stdin) to stdout.",
        epilog="exit codes: 0 clean run, 1 records had errors, 2 usage error, 130 interrupted",
    )
    from textmend import __version__

    parser.add_argument("--version", action="version", version=f"textmend {__version__}")
    parser.add_argument("--list-stages", action="store_true", help="same as `textmend stages`")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    c = sub.add_parser(
        "clean",
        help="clean files, folders or stdin",
        description="Clean a corpus: files, folders (recursive) or - (stdin).",
        epilog="exit codes: 0 clean run, 1 records had errors, 2 usage error, 130 interrupted",
    )
    c.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, or - for stdin")
    c.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="a folder (mirrors input names, format and compression; used when an INPUT is a "
        "folder, OUT exists as one or ends with /), or one file; default: stdout",
    )
    c.add_argument(
        "--glob", action="append", default=[], help="in folders, only files matching (repeatable)"
    )
    _input_args(c)
    _pipeline_args(c)
    g = c.add_argument_group("run")
    g.add_argument(
        "-j", "--workers", type=int, default=None, help="worker processes (default: CPU count)"
    )
    g.add_argument("--in-place", action="store_true", help="rewrite the inputs (keeps FILE.bak)")
    g.add_argument("--no-backup", action="store_true", help="with --in-place: keep no backup")
    g.add_argument("--backup-suffix", default=".bak", help="backup suffix (default: .bak)")
    g.add_argument("--explain", metavar="FILE.jsonl", help="write every edit as JSON lines")
    g.add_argument(
        "--rejects", metavar="FILE.jsonl", help="write bad records here instead of the output"
    )
    g.add_argument(
        "--max-errors", type=int, default=None, metavar="N", help="stop after more than N bad records"
    )
    g.add_argument("--stats", metavar="FILE.json", help="write the summary as JSON")
    g.add_argument(
        "--report", metavar="FILE.html",
        help="write an HTML report of the run: counts, a chart, sampled before/after examples",
    )
    g.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    g.add_argument(
        "--engine", choices=("local", "ray"), default="local",
        help="local worker processes (default), or Ray Data (JSON Lines/Parquet to an OUT folder)",
    )
    g.add_argument("--address", help="with --engine ray: the cluster (auto, ray://host:10001); "
                   "default: start a local one")
    # Batch size in bytes; tests make it small to exercise many batches.
    g.add_argument("--chunk-bytes", type=int, default=corpus.CHUNK_BYTES, help=argparse.SUPPRESS)

    e = sub.add_parser(
        "explain",
        help="show what would change in one document",
        description="Show the edits and a coloured diff for one document of FILE.",
    )
    e.add_argument("file", metavar="FILE", help="a file, or - for stdin")
    e.add_argument(
        "--record",
        type=int,
        default=None,
        metavar="N",
        help="JSON Lines or --per-line: the document on line N (default: the first changed one)",
    )
    e.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    e.add_argument("--html", metavar="OUT.html", help="also write the document's edits as an HTML page")
    _input_args(e)
    _pipeline_args(e)

    r = sub.add_parser(
        "report",
        help="an HTML report from an --explain file",
        description="Build the HTML report of a run from its --explain file "
        "(e.g. one written on a cluster).",
    )
    r.add_argument("edits", metavar="EDITS.jsonl", help="the --explain file of a run, or - for stdin")
    r.add_argument(
        "-o", "--output", metavar="FILE.html",
        help="where to write the report (default: EDITS with .html for .jsonl; - for stdout)",
    )

    s = sub.add_parser("stages", help="list stages, profiles and options")
    s.add_argument("--json", action="store_true", help="as JSON")
    return parser


def _normalise(argv: list[str]) -> list[str]:
    """``textmend FILE ...`` (no subcommand) means ``textmend clean FILE ...``."""
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version", "--list-stages"):
        return ["clean", *argv]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit code."""
    given = list(sys.argv[1:] if argv is None else argv)
    args_list = _normalise(given)
    try:
        args = _parser().parse_args(args_list)
        if args.command == "clean" and args_list is not given:
            args.quiet = True  # the simple form `textmend FILE` prints only the text (and errors)
        if args.list_stages or args.command == "stages":
            return _stages(getattr(args, "json", False))
        if args.command == "explain":
            return _explain(args)
        if args.command == "report":
            return _report(args)
        if args.command == "clean":
            args.argv = args_list
            return _clean(args)
        _parser().print_help(sys.stderr)
        return EXIT_USAGE
    except _Usage as e:
        print(f"textmend: {e} (see textmend --help)", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `textmend big.txt | head`: the reader has what it wanted
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_OK
    except (TextmendError, OSError) as e:
        # ConfigError and UsageError name the valid choices; an OSError is a bad path.
        msg = f"{e.filename}: {e.strerror}" if isinstance(e, OSError) and e.filename else str(e)
        print(f"textmend: {msg}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("textmend: interrupted; no partial output was left", file=sys.stderr)
        return EXIT_INTERRUPTED


def _pipeline(args: argparse.Namespace) -> Any:
    config = corpus.load_config(args.config) if args.config else None
    return corpus.build_pipeline(args.profile, args.stages, args.disable, config)


def _worker_config(args: argparse.Namespace, pipeline: Any) -> corpus.WorkerConfig:
    try:
        "".encode(args.encoding)
    except LookupError:
        raise corpus.UsageError(f"unknown encoding {args.encoding!r}") from None
    return corpus.WorkerConfig(
        pipeline=pipeline,
        field=args.field or "text",
        id_field=args.id_field or None,
        encoding=args.encoding,
        decode_errors=args.decode_errors,
    )


def _sources(args: argparse.Namespace, inputs: Sequence[str]) -> list[corpus.Source]:
    stdin_format = "jsonl" if args.format == "auto" and args.field else None
    return corpus.find_inputs(
        inputs,
        globs=getattr(args, "glob", ()),
        format=args.format,
        per_line=args.per_line,
        stdin_format=stdin_format,
    )


def _clean(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        raise _Usage("--workers must be at least 1")
    if args.max_errors is not None and args.max_errors < 0:
        raise _Usage("--max-errors must be 0 or more")
    if args.no_backup and not args.in_place:
        raise _Usage("--no-backup goes with --in-place")
    pipeline = _pipeline(args)
    if args.engine == "ray":
        return _clean_ray(args, pipeline)
    if args.address:
        raise _Usage("--address goes with --engine ray")
    config = _worker_config(args, pipeline)
    sources = _sources(args, args.inputs)
    plan = corpus.plan_outputs(
        sources,
        args.output,
        in_place=args.in_place,
        backup=not args.no_backup,
        backup_suffix=args.backup_suffix,
        input_folders=[i for i in args.inputs if i != "-" and os.path.isdir(i)],
    )
    inputs = {os.path.realpath(s.path) for s in sources}
    for side in (args.explain, args.rejects, args.stats, args.report):
        if side and os.path.realpath(side) in inputs:
            raise corpus.UsageError(f"{side} is an INPUT: refusing to write over it")
    workers = args.workers or os.cpu_count() or 1
    info = report.describe_run(
        pipeline, inputs=args.inputs, profile=_profile_label(args), workers=workers, argv=args.argv
    )
    options = corpus.CorpusOptions(
        workers=workers,
        max_errors=args.max_errors,
        explain_path=args.explain,
        rejects_path=args.rejects,
        chunk_bytes=max(1, args.chunk_bytes),
        report=args.report is not None,
        run_info=info,
    )

    shown = 0

    def on_bad(b: corpus.BadRecord) -> None:
        nonlocal shown
        shown += 1
        if shown <= SHOWN_ERRORS:
            print(f"textmend: {b}", file=sys.stderr)
        elif shown == SHOWN_ERRORS + 1:
            print("textmend: more bad records (counted in the summary)", file=sys.stderr)

    bar = _progress_bar(args.quiet)
    # SIGTERM cleans up like Ctrl-C: temporary files are removed.
    old_term = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        summary = corpus.run(
            sources, plan, config, options, progress=bar.update if bar else None, on_bad=on_bad
        )
    finally:
        signal.signal(signal.SIGTERM, old_term)
        if bar:
            bar.close()
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as f:
            json.dump(summary.to_dict(), f, indent=2)
            f.write("\n")
    if args.report:
        report.write(report.from_run(info, summary), args.report)
    if not args.quiet:
        print(summary.report(), file=sys.stderr)
        if args.report:
            print(f"report: {args.report}", file=sys.stderr)
    elif summary.stopped:
        print(f"textmend: stopped: {summary.stopped}", file=sys.stderr)
    return EXIT_BAD_RECORDS if summary.n_errors or summary.stopped else EXIT_OK


def _clean_ray(args: argparse.Namespace, pipeline: Any) -> int:
    """``--engine ray``: the work is in :mod:`textmend.ray`."""
    unsupported = [f for f, on in (("--in-place", args.in_place), ("--explain", args.explain),
                   ("--rejects", args.rejects), ("--per-line", args.per_line),
                   ("--report", args.report)) if on]
    if unsupported or not args.output or "-" in args.inputs:
        raise _Usage("--engine ray needs INPUT files and -o OUT (a folder), without "
                     + (", ".join(unsupported) or "stdin"))
    from textmend import ray as ray_engine

    fmt = None if args.format == "auto" else args.format
    result = ray_engine.clean_corpus(args.inputs, args.output, field=args.field or "text",
                                     stages=pipeline, fmt=fmt, address=args.address)
    for error in result.errors[:SHOWN_ERRORS]:
        print(f"textmend: {error}", file=sys.stderr)
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as f:
            json.dump(result.to_dict(), f, indent=2)
            f.write("\n")
    if not args.quiet:
        print(result.report(), file=sys.stderr)
    return EXIT_BAD_RECORDS if result.errors else EXIT_OK


def _profile_label(args: argparse.Namespace) -> str:
    """The profile a run names in its report: the one given, or "custom" for a stage list."""
    config = corpus.load_config(args.config) if args.config else {}
    if args.stages or config.get("stages"):
        return "custom"
    return str(args.profile or config.get("profile") or "default")


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


class _Progress:
    """A tqdm bar in MB with documents/s, on stderr."""

    def __init__(self) -> None:
        from tqdm import tqdm

        self.bar = tqdm(unit="B", unit_scale=True, unit_divisor=1000, desc="textmend", file=sys.stderr)
        self.docs = 0

    def update(self, result: corpus.TaskResult) -> None:
        self.docs += result.documents
        elapsed = self.bar.format_dict.get("elapsed") or 0.0
        rate = self.docs / elapsed if elapsed > 0 else 0.0
        self.bar.set_postfix_str(f"{self.docs} docs, {rate:,.0f} docs/s", refresh=False)
        self.bar.update(result.bytes_in)

    def close(self) -> None:
        self.bar.close()


def _progress_bar(quiet: bool) -> _Progress | None:
    if quiet or not sys.stderr.isatty():
        return None
    return _Progress()


# -- textmend stages ----------------------------------------------------------------------


def _stages(as_json: bool) -> int:
    from textmend.profiles import PROFILES
    from textmend.registry import list_stages

    infos = list_stages()
    if as_json:
        data = {
            "stages": [
                {
                    "name": i.name,
                    "kind": i.kind,
                    "summary": i.summary,
                    "origin": i.origin,
                    "options": [
                        {"name": o.name, "type": o.type, "default": o.default} for o in i.options
                    ],
                }
                for i in infos
            ],
            "profiles": {k: list(v) for k, v in PROFILES.items()},
        }
        print(json.dumps(data, indent=2, default=repr))
        return EXIT_OK
    out = ["Stages:"]
    for i in infos:
        origin = "" if i.origin == "builtin" else f" [{i.origin}]"
        out.append(f"  {i.name} ({i.kind}){origin}: {i.summary}")
        for o in i.options:
            out.append(f"      {o.name}: {o.type} = {o.default!r}")
    out.append("")
    out.append("Profiles:")
    for name, stage_names in PROFILES.items():
        out.append(f"  {name}: {', '.join(stage_names)}")
    print("\n".join(out))
    return EXIT_OK


# -- textmend explain ---------------------------------------------------------------------


def _explain(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args)
    field = args.field or "text"
    (source,) = _sources(args, [args.file])
    if source.format == "parquet":
        raise corpus.UsageError("explain reads text and JSON Lines; use `clean --explain` for Parquet")
    with corpus.open_input(source) as stream:
        data = stream.read()
    label = source.display
    if source.format == "text":
        text = _decode(data, args.encoding, label)
        chosen: tuple[str, str] | None = (label, text)
    else:
        chosen = None
        for n, raw in enumerate(data.split(b"\n"), start=1):
            if args.record is not None and n != args.record:
                continue
            line = _decode(raw, args.encoding, f"{label}:{n}")
            if source.format == "jsonl":
                if not line.strip():
                    continue
                try:
                    value = corpus._get_path(json.loads(line), field)
                except (ValueError, KeyError):
                    if args.record is not None:
                        raise corpus.UsageError(f"{label}:{n}: not a JSON record with field {field!r}") from None
                    continue
                if not isinstance(value, str):
                    continue
                line = value
            if args.record is not None or pipeline.clean(line) != line:
                chosen = (f"{label}:{n}", line)
                break
        if chosen is None:
            if args.record is not None:
                raise corpus.UsageError(f"{label} has no line {args.record}")
            if args.html:
                _write_html(args, label, "", pipeline.explain(""), pipeline)
            print(f"{label}: nothing to change")
            return EXIT_OK
    assert chosen is not None
    where, text = chosen
    result = pipeline.explain(text)
    if args.html:
        _write_html(args, where, text, result, pipeline)
    color = args.color == "always" or (
        args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    print(_render(where, text, result, color))
    return EXIT_OK


def _write_html(args: argparse.Namespace, where: str, text: str, result: Any, pipeline: Any) -> None:
    if os.path.realpath(args.html) == os.path.realpath(args.file):
        raise corpus.UsageError(f"--html {args.html} is the INPUT: refusing to write over it")
    page = report.for_document(where, text, result, pipeline, profile=_profile_label(args))
    report.write(page, args.html)


# -- textmend report ----------------------------------------------------------------------


def _report(args: argparse.Namespace) -> int:
    out = args.output
    if out is None:
        if args.edits == "-":
            out = "-"
        else:
            _, suffix = corpus.split_suffix(args.edits)
            base = args.edits
            for ext in corpus.COMPRESSIONS:
                if base.lower().endswith(ext):
                    base = base[: -len(ext)]
            base = base[: -len(suffix)] if suffix else base
            out = base + ".html"
    if out != "-" and args.edits != "-" and os.path.realpath(out) == os.path.realpath(args.edits):
        raise corpus.UsageError(f"-o {out} is the INPUT: refusing to write over it")
    page = report.read_explain(args.edits)
    report.write(page, out)
    for note in page.notes:
        print(f"textmend: {note}", file=sys.stderr)
    if out != "-":
        print(f"report: {out}", file=sys.stderr)
    return EXIT_OK


def _decode(data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise corpus.UsageError(f"{where}: invalid {encoding} at byte {e.start}") from None
    except LookupError:
        raise corpus.UsageError(f"unknown encoding {encoding!r}") from None


def _render(where: str, text: str, result: Any, color: bool) -> str:
    codes = ("\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[1m", "\x1b[0m")
    red, green, cyan, bold, reset = codes if color else ("", "", "", "", "")
    if not result.edits:
        return f"{where}: nothing to change"
    out = [f"{bold}{where}: {len(result.edits)} edits{reset}"]
    for e in result.edits:
        out.append(f"{cyan}line {e.line} {e.stage}/{e.rule}{reset}")
        for line in e.before_lines:
            out.append(f"{red}- {line}{reset}")
        for line in e.after_lines:
            out.append(f"{green}+ {line}{reset}")
    out.append(f"{bold}diff{reset}")
    for line in difflib.unified_diff(
        text.split("\n"), result.text.split("\n"), "before", "after", lineterm="", n=1
    ):
        if line.startswith(("---", "+++")):
            out.append(f"{bold}{line}{reset}")
        elif line.startswith("-"):
            out.append(f"{red}{line}{reset}")
        elif line.startswith("+"):
            out.append(f"{green}{line}{reset}")
        elif line.startswith("@@"):
            out.append(f"{cyan}{line}{reset}")
        else:
            out.append(line)
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
