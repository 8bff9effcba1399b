"""Clean a corpus: readers, writers, atomic output, workers and bad-record reports.

The ``textmend`` command (:mod:`textmend.cli`) parses arguments and prints; this
module does the work. A run is:

1. :func:`find_inputs` turns the command's INPUTs (files, folders, ``-``) into
   :class:`Source` objects, in a stable order;
2. :func:`plan_outputs` decides where each source's output goes (a mirrored
   file under a folder, one file, stdout, or the input itself with
   ``--in-place``) and refuses to write over an input;
3. :func:`iter_tasks` reads the sources (decompressing by extension) into
   :class:`Task` batches of about 1 MB of whole records;
4. :func:`process_task` (in a worker process, with a pipeline built once per
   worker) decodes, parses, cleans and re-encodes a batch, compressing its
   output when the destination is compressed;
5. :func:`run` writes results in input order to temporary files that are
   renamed into place when complete, and collects a :class:`Summary` (with
   ``--report``, also the edits each worker sampled: :mod:`textmend.report`).

Memory does not grow with the corpus: at most a few batches per worker are in
flight, and a document is held whole only while it is cleaned. A plain-text
file read as one document (the default for ``.txt``) is read whole; use
``--per-line`` or JSON Lines for files that are too big for that.

Bad records (undecodable bytes, broken JSON, a missing or non-string field, a
stage that raised) are reported with file and line, written through unchanged
(or to the rejects file), and the run goes on.
"""

from __future__ import annotations

import base64
import bz2
import dataclasses
import fnmatch
import gzip
import io
import itertools
import json
import lzma
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, cast

from textmend.errors import ConfigError, TextmendError
from textmend.pipeline import Pipeline
from textmend.profiles import PROFILES
from textmend.registry import get_stage_class
from textmend.report.sample import Sampler, process_sampler

__all__ = [
    "BadRecord",
    "CorpusOptions",
    "OutputPlan",
    "Source",
    "Summary",
    "UsageError",
    "build_pipeline",
    "find_inputs",
    "load_config",
    "plan_outputs",
    "run",
]

Format = Literal["text", "lines", "jsonl", "parquet"]
Compression = Literal["", "gz", "bz2", "xz", "zst"]

COMPRESSIONS: dict[str, Compression] = {".gz": "gz", ".bz2": "bz2", ".xz": "xz", ".zst": "zst"}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
CHUNK_BYTES = 1 << 20  # a batch is about 1 MB of input: big enough to amortise pickling
PARQUET_ROWS = 2048


class UsageError(TextmendError):
    """A mistake in the command line (exit code 2): bad paths, OUT equal to an INPUT..."""


# -- configuration ----------------------------------------------------------------------


def load_config(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a TOML config: top-level ``profile``/``stages``/``disable``, ``[stage]`` tables.

    ``[whitespace]`` followed by ``option = value`` lines sets that stage's
    options; the values are checked when the pipeline is built.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise UsageError(f"cannot read config {os.fspath(path)!r}: {e.strerror}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"config {os.fspath(path)!r} is not valid TOML: {e}") from None
    known = {"profile", "stages", "disable"}
    for key, value in data.items():
        if key not in known and not isinstance(value, dict):
            raise ConfigError(
                f"config {os.fspath(path)!r}: unknown setting {key!r}; top-level settings: "
                f"{', '.join(sorted(known))}, and [stage] tables of options"
            )
    return data


def _names(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [n.strip() for n in value.split(",") if n.strip()]
    return [str(n) for n in value]


def build_pipeline(
    profile: str | None = None,
    stages: str | Sequence[str] | None = None,
    disable: str | Sequence[str] | None = None,
    config: Mapping[str, Any] | None = None,
) -> Pipeline:
    """The pipeline a command line asks for; :class:`ConfigError` names the valid choices.

    Command-line values win over the config file's top-level settings.
    ``stages`` replaces the profile; ``disable`` removes stages from it.
    """
    config = dict(config or {})
    profile = profile or config.get("profile") or "default"
    stage_names = _names(stages) or _names(config.get("stages"))
    drop = _names(disable) or _names(config.get("disable"))
    if profile not in PROFILES:
        raise ConfigError(f"unknown profile {profile!r}; valid profiles: {', '.join(sorted(PROFILES))}")
    pipeline = Pipeline(stage_names) if stage_names else Pipeline(profile)
    for name in drop:
        get_stage_class(name)  # an unknown name is a typo: say which names exist
        if name not in pipeline.names:
            raise ConfigError(
                f"cannot disable {name!r}: not in the pipeline ({', '.join(pipeline.names)})"
            )
    if drop:
        pipeline = pipeline.remove(*drop)
    for name, options in config.items():
        if not isinstance(options, dict):
            continue
        get_stage_class(name)
        if name not in pipeline.names:
            raise ConfigError(
                f"config sets options of stage {name!r}, which is not in the pipeline; "
                f"its stages: {', '.join(pipeline.names)}"
            )
        pipeline = pipeline.configure(name, **options)
    return pipeline


# -- inputs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One input: a file (``path``) or stdin (``path == "-"``).

    ``rel`` is its name relative to the INPUT it was found under (the file name
    for a file given directly); outputs mirror it.
    """

    path: str
    rel: str
    format: Format
    compression: Compression

    @property
    def is_stdin(self) -> bool:
        return self.path == "-"

    @property
    def display(self) -> str:
        return "<stdin>" if self.is_stdin else self.path


def split_suffix(name: str) -> tuple[Compression, str]:
    """The compression of ``name`` and the suffix under it: ``a.jsonl.gz`` -> ``("gz", ".jsonl")``."""
    lower = name.lower()
    comp: Compression = ""
    for ext, c in COMPRESSIONS.items():
        if lower.endswith(ext):
            comp = c
            lower = lower[: -len(ext)]
            break
    dot = lower.rfind(".")
    slash = max(lower.rfind("/"), lower.rfind(os.sep))
    return comp, (lower[dot:] if dot > slash else "")


def detect_format(name: str, forced: str, per_line: bool) -> Format:
    if forced == "auto":
        _, suffix = split_suffix(name)
        if suffix in JSONL_SUFFIXES:
            return "jsonl"
        if suffix in PARQUET_SUFFIXES:
            return "parquet"
        forced = "text"
    if forced == "text":
        return "lines" if per_line else "text"
    if forced in ("jsonl", "parquet"):
        return forced  # type: ignore[return-value]
    raise UsageError(f"unknown format {forced!r}; valid formats: auto, text, jsonl, parquet")


def _glob_match(rel: str, patterns: Sequence[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    for pat in patterns:
        target = rel if "/" in pat else name
        if fnmatch.fnmatchcase(target, pat):
            return True
    return False


def find_inputs(
    inputs: Sequence[str],
    *,
    globs: Sequence[str] = (),
    format: str = "auto",
    per_line: bool = False,
    stdin_format: str | None = None,
) -> list[Source]:
    """The files to clean, in order: each INPUT in turn, folder contents sorted.

    Folders are searched recursively; hidden files and folders (``.name``) are
    skipped, and ``globs`` (matched against the file name, or the path under
    the folder when the pattern holds a ``/``) select files when given.
    """
    sources: list[Source] = []
    seen: set[str] = set()
    for item in inputs:
        if item == "-":
            if any(s.is_stdin for s in sources):
                raise UsageError("'-' (stdin) is given twice")
            fmt = detect_format("-", stdin_format or format, per_line)
            sources.append(Source("-", "-", fmt, ""))
            continue
        path = Path(item)
        if path.is_dir():
            found: list[tuple[str, Path]] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    full = Path(root) / name
                    rel = full.relative_to(path).as_posix()
                    if globs and not _glob_match(rel, globs):
                        continue
                    found.append((rel, full))
            for rel, full in found:
                key = os.path.realpath(full)
                if key in seen:
                    continue
                seen.add(key)
                comp, _ = split_suffix(full.name)
                sources.append(Source(str(full), rel, detect_format(full.name, format, per_line), comp))
        elif path.exists():
            if not path.is_file():
                raise UsageError(f"{item}: not a regular file or folder")
            key = os.path.realpath(path)
            if key in seen:
                continue
            seen.add(key)
            comp, _ = split_suffix(path.name)
            sources.append(Source(str(path), path.name, detect_format(path.name, format, per_line), comp))
        else:
            raise UsageError(f"{item}: no such file or folder")
    return sources


def open_input(source: Source) -> BinaryIO:
    """A binary stream of the source's decompressed bytes.

    Stdin is sniffed for the magic bytes of the four compressions.
    """
    if source.is_stdin:
        raw: Any = sys.stdin.buffer
        comp = _sniff(raw)
    else:
        raw = open(source.path, "rb")
        comp = source.compression
    return _decompress(raw, comp, source.display)


def _sniff(stream: Any) -> Compression:
    head = stream.peek(6)[:6] if hasattr(stream, "peek") else b""
    if head.startswith(b"\x1f\x8b"):
        return "gz"
    if head.startswith(b"BZh"):
        return "bz2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        return "zst"
    return ""


def _zstandard(display: str) -> Any:
    try:
        import zstandard
    except ImportError:
        raise UsageError(
            f"{display}: .zst needs the zstandard package: pip install 'textmend[zstd]'"
        ) from None
    return zstandard


def _decompress(raw: Any, comp: Compression, display: str) -> BinaryIO:
    if comp == "gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if comp == "bz2":
        return cast(BinaryIO, bz2.BZ2File(raw, "rb"))
    if comp == "xz":
        return cast(BinaryIO, lzma.LZMAFile(raw, "rb"))
    if comp == "zst":
        zstd = _zstandard(display)
        reader = zstd.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
        return io.BufferedReader(reader, buffer_size=CHUNK_BYTES)
    return raw  # type: ignore[no-any-return]


def compress_block(data: bytes, comp: Compression) -> bytes:
    """``data`` as one complete compressed stream (member, frame).

    Concatenated streams are a valid file for all four formats (gzip members,
    bzip2 and xz streams, zstd frames), so workers compress their own batches
    and the writer only appends: compression runs in parallel too.
    """
    if not data or not comp:
        return data
    if comp == "gz":
        return gzip.compress(data, compresslevel=6, mtime=0)
    if comp == "bz2":
        return bz2.compress(data, 9)
    if comp == "xz":
        return lzma.compress(data, preset=6)
    zstd = _zstandard("output")
    return bytes(zstd.ZstdCompressor(level=3).compress(data))


# -- outputs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OutputPlan:
    """Where outputs go. ``targets[i]`` is the output path of source ``i`` (or ``None``).

    ``mode`` is ``"stdout"``, ``"file"`` (one file for every source, concatenated
    in input order), ``"folder"`` (mirrored names) or ``"in-place"``.
    """

    mode: Literal["stdout", "file", "folder", "in-place"]
    targets: tuple[str | None, ...]
    compression: tuple[Compression, ...]
    backup_suffix: str | None = None


def plan_outputs(
    sources: Sequence[Source],
    out: str | None,
    *,
    in_place: bool = False,
    backup: bool = True,
    backup_suffix: str = ".bak",
    input_folders: Sequence[str] = (),
) -> OutputPlan:
    """Decide each source's output, refusing any plan that would write over an input."""
    if not sources:
        raise UsageError("no input files found")
    inputs = {os.path.realpath(s.path) for s in sources if not s.is_stdin}
    if in_place:
        if out is not None:
            raise UsageError("--in-place writes over the inputs: it takes no -o")
        if any(s.is_stdin for s in sources):
            raise UsageError("--in-place cannot rewrite stdin")
        suffix = backup_suffix if backup else None
        if suffix:
            for s in sources:
                if os.path.exists(s.path + suffix):
                    raise UsageError(
                        f"backup {s.path + suffix} exists: remove it, or use --no-backup"
                    )
        return OutputPlan(
            "in-place", tuple(s.path for s in sources), tuple(s.compression for s in sources), suffix
        )
    if out is None or out == "-":
        if any(s.format == "parquet" for s in sources):
            raise UsageError("Parquet output needs -o FOLDER or -o FILE.parquet, not stdout")
        none = cast("tuple[Compression, ...]", ("",) * len(sources))
        return OutputPlan("stdout", (None,) * len(sources), none)
    folder = os.path.isdir(out) or out.endswith(("/", os.sep)) or bool(input_folders)
    if folder:
        if os.path.exists(out) and not os.path.isdir(out):
            raise UsageError(f"-o {out}: inputs include a folder, so OUT must be a folder")
        if any(s.is_stdin for s in sources):
            raise UsageError("stdin has no name to mirror into a folder: use -o FILE or stdout")
        root = os.path.realpath(out)
        targets: list[str] = []
        for s in sources:
            target = os.path.join(out, s.rel)
            real = os.path.realpath(target)
            if real in inputs:
                raise UsageError(f"-o {out} would write over the input {s.path}")
            targets.append(target)
        dupes = {t for t in targets if targets.count(t) > 1}
        if dupes:
            raise UsageError(
                f"two inputs map to the same output {sorted(dupes)[0]}: clean them separately"
            )
        # An OUT inside an input folder would be read back as input by the next run.
        for folder_in in input_folders:
            top = os.path.realpath(folder_in)
            if root == top or root.startswith(top + os.sep):
                raise UsageError(f"-o {out} is inside the input folder {folder_in}: choose another OUT")
        return OutputPlan("folder", tuple(targets), tuple(s.compression for s in sources))
    real = os.path.realpath(out)
    if real in inputs:
        raise UsageError(f"-o {out} is also an INPUT: refusing to write over it (use --in-place)")
    comp, suffix = split_suffix(out)
    if suffix in PARQUET_SUFFIXES:
        if not all(s.format == "parquet" for s in sources):
            raise UsageError(f"-o {out}: only Parquet inputs can be written to a .parquet file")
        if len(sources) > 1:
            raise UsageError("Parquet inputs go to -o FOLDER, one output per input")
    elif any(s.format == "parquet" for s in sources):
        raise UsageError(f"-o {out}: Parquet inputs need -o FOLDER or -o FILE.parquet")
    return OutputPlan("file", (out,) * len(sources), (comp,) * len(sources))


class Sink:
    """An output written to a temporary file and renamed into place by :meth:`commit`."""

    def __init__(self, target: str | None, backup_suffix: str | None = None, like: str | None = None):
        self.target = target
        self.backup_suffix = backup_suffix
        self.tmp: str | None = None
        self.parquet: Any = None
        if target is None:
            self.stream: IO[bytes] = sys.stdout.buffer
            return
        folder = os.path.dirname(target) or "."
        os.makedirs(folder, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", suffix=".tmp", dir=folder)
        self.stream = os.fdopen(fd, "wb")
        if like is not None:
            try:
                os.chmod(self.tmp, os.stat(like).st_mode & 0o7777)
            except OSError:
                pass

    def write(self, data: bytes) -> None:
        if data:
            self.stream.write(data)

    def write_batch(self, batch: Any) -> None:
        if self.parquet is None:
            import pyarrow.parquet as pq

            self.parquet = pq.ParquetWriter(self.stream, batch.schema)
        self.parquet.write_batch(batch)

    def commit(self) -> None:
        if self.parquet is not None:
            self.parquet.close()
            self.parquet = None
        if self.tmp is None:
            self.stream.flush()
            return
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        assert self.target is not None
        if self.backup_suffix and os.path.exists(self.target):
            backup = self.target + self.backup_suffix
            try:
                os.link(self.target, backup)  # the original inode stays as the backup
            except OSError:
                import shutil

                shutil.copy2(self.target, backup)
        os.replace(self.tmp, self.target)
        self.tmp = None

    def abort(self) -> None:
        if self.tmp is None:
            return
        try:
            if self.parquet is not None:
                self.parquet.close()
        except Exception:  # noqa: BLE001 - the file is deleted anyway
            pass
        try:
            self.stream.close()
        finally:
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass
            self.tmp = None


# -- tasks and workers ------------------------------------------------------------------


@dataclass
class Piece:
    """Part of one source: whole records starting at 1-based input ``line``."""

    source: int
    path: str
    format: Format
    line: int
    data: Any  # bytes, or a pyarrow RecordBatch for Parquet
    last: bool  # the source's last piece: its output can be committed
    compression: Compression  # of the output, applied by the worker


@dataclass
class Task:
    pieces: list[Piece]


@dataclass(frozen=True)
class WorkerConfig:
    pipeline: Pipeline
    field: str = "text"
    id_field: str | None = "id"
    encoding: str = "utf-8"
    decode_errors: Literal["keep", "guess", "replace"] = "keep"
    explain: bool = False
    rejects: bool = False
    sample: str | None = None  # a run's token: sample edits for its report (textmend.report)


@dataclass
class BadRecord:
    """A record that could not be cleaned: where, what kind, and why."""

    path: str
    line: int | None
    kind: str  # decode | json | field | type | stage | encode
    message: str
    kept: bool = True  # written through unchanged (False: decoded with a fallback and cleaned)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.kind}: {self.message}"


@dataclass
class PieceResult:
    source: int
    last: bool
    data: Any  # bytes, or a pyarrow RecordBatch
    bytes_in: int = 0


@dataclass
class TaskResult:
    pieces: list[PieceResult] = field(default_factory=list)
    documents: int = 0
    changed: int = 0
    bytes_in: int = 0
    edits: Counter[tuple[str, str]] = field(default_factory=Counter)
    bad: list[BadRecord] = field(default_factory=list)
    explain: bytes = b""
    rejects: bytes = b""
    samples: Sampler | None = None  # what the worker's sampler took in since its last batch


_WORKER: WorkerConfig | None = None


def _init_worker(config: WorkerConfig) -> None:
    global _WORKER
    _WORKER = config
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def _get_path(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(obj, dict) or part not in obj:
            raise KeyError(part)
        obj = obj[part]
    return obj


def _set_path(obj: Any, dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        obj = obj[part]
    obj[parts[-1]] = value


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset)


class _Worker:
    """Clean the pieces of one task with one configuration."""

    def __init__(self, config: WorkerConfig) -> None:
        self.c = config
        self.utf8 = config.encoding.replace("_", "-").lower() in ("utf-8", "utf8")
        self.exact = self.utf8
        self.result = TaskResult()
        # One sampler per worker process and run (its samples are cut from all its batches).
        self.sampler = process_sampler(config.sample) if config.sample else None

    # decoding -------------------------------------------------------------------------

    def decode(self, raw: bytes, path: str, line: int) -> str | None:
        """The text of ``raw``; ``None`` (and a report) when it stays undecodable.

        ``self.exact`` says whether ``raw`` is the text's exact encoding (so that
        an unchanged record can be written as its input bytes).
        """
        self.exact = self.utf8
        try:
            return raw.decode(self.c.encoding)
        except UnicodeDecodeError as e:
            self.exact = False
            where = line + _line_of(raw, e.start)
            reason = f"invalid {self.c.encoding} at byte {e.start}: {raw[e.start:e.start + 4]!r}"
            if self.c.decode_errors == "keep":
                self.bad(path, where, "decode", reason)
                return None
            if self.c.decode_errors == "guess":
                import ftfy

                text, guessed = ftfy.guess_bytes(raw)
                self.bad(path, where, "decode", f"{reason}; decoded as {guessed}", kept=False)
                return text
            self.bad(path, where, "decode", f"{reason}; replaced with U+FFFD", kept=False)
            return raw.decode(self.c.encoding, errors="replace")

    def bad(self, path: str, line: int | None, kind: str, message: str, kept: bool = True) -> None:
        self.result.bad.append(BadRecord(path, line, kind, message, kept))

    def reject(self, raw: bytes, path: str, line: int | None, kind: str) -> bool:
        """Write ``raw`` to the rejects report when there is one; ``True`` if it went there."""
        if not self.c.rejects:
            return False
        entry: dict[str, Any] = {"path": path, "line": line, "error": kind}
        try:
            entry["text"] = raw.decode("utf-8")
        except UnicodeDecodeError:
            entry["bytes_b64"] = base64.b64encode(raw).decode("ascii")
        self.result.rejects += (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")
        return True

    # cleaning -------------------------------------------------------------------------

    def clean(self, text: str, path: str, line: int | None, doc_id: Any = None) -> str | None:
        """The cleaned text, counted and explained; ``None`` if a stage raised."""
        try:
            ex = self.c.pipeline.explain(text)
        except Exception as e:  # noqa: BLE001 - one bad record must not stop the run
            self.bad(path, line, "stage", f"{type(e).__name__}: {e}")
            return None
        r = self.result
        if ex.edits:
            r.changed += 1
            r.edits.update((edit.stage, edit.rule) for edit in ex.edits)
            if self.sampler is not None:
                self.sampler.add_document(path, line, doc_id, len(text), ex.edits)
            if self.c.explain:
                out = []
                for edit in ex.edits:
                    d = {"path": path, "doc_line": line, "doc_id": doc_id, "doc_chars": len(text)}
                    d.update(edit.to_dict())
                    out.append(json.dumps(d, ensure_ascii=False, default=str))
                r.explain += ("\n".join(out) + "\n").encode("utf-8", "surrogatepass")
        return ex.text

    def encode(self, text: str, path: str, line: int | None) -> bytes | None:
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError as e:
            self.bad(path, line, "encode", f"cleaned text is not encodable: {e.reason}")
            return None

    def text_piece(self, p: Piece) -> bytes:
        raw: bytes = p.data
        self.result.documents += 1
        text = self.decode(raw, p.path, 1)
        if text is None:
            return b"" if self.reject(raw, p.path, None, "decode") else raw
        new = self.clean(text, p.path, None)
        out = None if new is None else (raw if new == text and self.exact else self.encode(new, p.path, None))
        if out is None:
            return b"" if self.reject(raw, p.path, None, self.result.bad[-1].kind) else raw
        return out

    def lines_piece(self, p: Piece) -> bytes:
        lines = p.data.split(b"\n")
        out: list[bytes] = []
        bad = self.result.bad
        for i, raw in enumerate(lines):
            lineno = p.line + i
            if i == len(lines) - 1 and not raw:
                out.append(raw)  # after the last newline
                continue
            n_bad = len(bad)
            if p.format == "jsonl":
                new = self.json_line(raw, p.path, lineno)
            else:
                new = self.text_line(raw, p.path, lineno)
            if new is None:
                kind = bad[-1].kind if len(bad) > n_bad else "error"
                if self.reject(raw, p.path, lineno, kind):
                    continue
                new = raw
            out.append(new)
        return b"\n".join(out)

    def text_line(self, raw: bytes, path: str, line: int) -> bytes | None:
        self.result.documents += 1
        text = self.decode(raw, path, line)
        if text is None:
            return None
        new = self.clean(text, path, line)
        if new is None:
            return None
        if new == text and self.exact:
            return raw
        return self.encode(new, path, line)

    def json_line(self, raw: bytes, path: str, line: int) -> bytes | None:
        if not raw.strip():
            return raw  # a blank line is not a record
        self.result.documents += 1
        text = self.decode(raw, path, line)
        if text is None:
            return None
        try:
            obj = json.loads(text)
        except ValueError as e:
            self.bad(path, line, "json", f"broken JSON: {e}")
            return None
        try:
            value = _get_path(obj, self.c.field)
        except KeyError:
            self.bad(path, line, "field", f"no field {self.c.field!r}")
            return None
        if not isinstance(value, str):
            self.bad(path, line, "type", f"field {self.c.field!r} is {type(value).__name__}, not a string")
            return None
        doc_id = obj.get(self.c.id_field) if self.c.id_field and isinstance(obj, dict) else None
        new = self.clean(value, path, line, doc_id)
        if new is None:
            return None
        if new == value:
            return raw if self.exact else self.encode(text.rstrip("\r"), path, line)
        _set_path(obj, self.c.field, new)
        try:
            return json.dumps(obj, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: JSON escapes them
            return json.dumps(obj, ensure_ascii=True).encode("ascii")

    def parquet_piece(self, p: Piece) -> Any:
        import pyarrow as pa

        batch = p.data
        names = batch.schema.names
        if self.c.field not in names:
            self.bad(p.path, None, "field", f"no column {self.c.field!r}; columns: {', '.join(names)}")
            self.result.documents += batch.num_rows
            return batch
        i = names.index(self.c.field)
        values = batch.column(i).to_pylist()
        ids = batch.column(names.index(self.c.id_field)).to_pylist() if self.c.id_field in names else None
        out: list[Any] = []
        for k, value in enumerate(values):
            row = p.line + k
            self.result.documents += 1
            if not isinstance(value, str):
                self.bad(p.path, row, "type", f"column {self.c.field!r} is {type(value).__name__}, not a string")
                out.append(value)
                continue
            new = self.clean(value, p.path, row, ids[k] if ids else None)
            out.append(value if new is None else new)
        column = pa.array(out, type=batch.schema.field(i).type)
        arrays = [column if j == i else batch.column(j) for j in range(batch.num_columns)]
        return pa.RecordBatch.from_arrays(arrays, schema=batch.schema)


def process_task(task: Task, config: WorkerConfig | None = None) -> TaskResult:
    """Clean one batch (in a worker process; ``config`` defaults to the worker's)."""
    cfg = config or _WORKER
    assert cfg is not None, "process_task runs in a worker started by run()"
    w = _Worker(cfg)
    for p in task.pieces:
        if p.format == "parquet":
            data: Any = w.parquet_piece(p)
            w.result.pieces.append(PieceResult(p.source, p.last, data))
            continue
        w.result.bytes_in += len(p.data)
        if p.format == "text":
            out = w.text_piece(p)
        else:
            out = w.lines_piece(p)
        w.result.pieces.append(PieceResult(p.source, p.last, compress_block(out, p.compression)))
    if w.sampler is not None:
        w.result.samples = w.sampler.take()
    return w.result


def iter_tasks(
    sources: Sequence[Source], plan: OutputPlan, chunk_bytes: int = CHUNK_BYTES
) -> Iterator[Task]:
    """Batches of about ``chunk_bytes`` of whole records, in input order.

    Small files share a batch; a big line-based file is cut at line ends. A
    line longer than a batch makes a batch of its own.
    """
    pending: list[Piece] = []
    size = 0
    for i, s in enumerate(sources):
        comp = plan.compression[i]
        if s.format == "parquet":
            yield from _parquet_tasks(i, s, comp)
            continue
        try:
            stream = open_input(s)
        except OSError as e:
            raise UsageError(f"{s.display}: cannot read: {e.strerror}") from None
        try:
            if s.format == "text":
                data = stream.read()
                pending.append(Piece(i, s.display, s.format, 1, data, True, comp))
                size += len(data)
                if size >= chunk_bytes:
                    yield Task(pending)
                    pending, size = [], 0
                continue
            line = 1
            while True:
                data = stream.read(chunk_bytes)
                if data and not data.endswith(b"\n"):
                    data += stream.readline()
                if not data:
                    pending.append(Piece(i, s.display, s.format, line, b"", True, comp))
                    break
                nxt = stream.peek(1)[:1] if hasattr(stream, "peek") else None
                last = nxt == b"" if nxt is not None else False
                pending.append(Piece(i, s.display, s.format, line, data, last, comp))
                line += data.count(b"\n")
                size += len(data)
                if size >= chunk_bytes:
                    yield Task(pending)
                    pending, size = [], 0
                if last:
                    break
        finally:
            if not s.is_stdin:
                stream.close()
    if pending:
        yield Task(pending)


def _parquet_tasks(i: int, s: Source, comp: Compression) -> Iterator[Task]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(f"{s.display}: Parquet needs pyarrow: pip install 'textmend[parquet]'") from None
    pf = pq.ParquetFile(s.path)
    row = 1
    batches = pf.iter_batches(batch_size=PARQUET_ROWS)
    current = next(batches, None)
    if current is None:
        import pyarrow as pa

        empty = pa.RecordBatch.from_pylist([], schema=pf.schema_arrow)
        yield Task([Piece(i, s.display, "parquet", 1, empty, True, comp)])
        return
    while current is not None:
        following = next(batches, None)
        yield Task([Piece(i, s.display, "parquet", row, current, following is None, comp)])
        row += current.num_rows
        current = following


# -- the run ----------------------------------------------------------------------------


@dataclass
class Summary:
    """What a run did. ``errors`` counts bad records (kept or decoded by a fallback)."""

    files: int = 0
    documents: int = 0
    changed: int = 0
    bytes_in: int = 0
    seconds: float = 0.0
    edits: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    bad: list[BadRecord] = field(default_factory=list)  # the first few, for the report
    stopped: str | None = None  # why the run stopped early
    samples: Sampler | None = None  # the edits sampled for the HTML report (options.report)

    @property
    def n_errors(self) -> int:
        return sum(self.errors.values())

    @property
    def mb(self) -> float:
        return self.bytes_in / 1e6

    @property
    def mb_per_s(self) -> float:
        return self.mb / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "documents": self.documents,
            "documents_changed": self.changed,
            "mb": round(self.mb, 6),
            "seconds": round(self.seconds, 3),
            "mb_per_s": round(self.mb_per_s, 3),
            "edits": {f"{s}/{r}": n for (s, r), n in sorted(self.edits.items())},
            "errors": dict(sorted(self.errors.items())),
            "stopped": self.stopped,
        }

    def report(self) -> str:
        lines = [
            f"{self.files} files, {self.documents} documents, {self.mb:.1f} MB in "
            f"{self.seconds:.1f} s ({self.mb_per_s:.1f} MB/s); {self.changed} documents changed; "
            f"{self.n_errors} errors"
        ]
        for (stage, rule), n in sorted(self.edits.items(), key=lambda kv: (-kv[1], kv[0])):
            label = stage if rule == stage else f"{stage}/{rule}"
            lines.append(f"  {n:>9}  {label}")
        for kind, n in sorted(self.errors.items()):
            lines.append(f"  {n:>9}  error: {kind}")
        if self.stopped:
            lines.append(f"stopped: {self.stopped}")
        return "\n".join(lines)


@dataclass(frozen=True)
class CorpusOptions:
    workers: int = 1
    max_errors: int | None = None
    explain_path: str | None = None
    rejects_path: str | None = None
    chunk_bytes: int = CHUNK_BYTES
    keep_bad: int = 1000  # bad records kept in the summary for the report
    report: bool = False  # sample edits into Summary.samples for the HTML report
    run_info: Mapping[str, Any] | None = None  # the run's description, for the explain file's run record


def _ordered(
    tasks: Iterator[Task], config: WorkerConfig, workers: int
) -> Iterator[TaskResult]:
    """Results in task order, with at most a few tasks per worker in flight."""
    first = next(tasks, None)
    second = next(tasks, None) if first is not None else None
    if workers <= 1 or second is None:  # one batch: starting processes costs more than it saves
        for task in itertools.chain((first, second), tasks):
            if task is not None:
                yield process_task(task, config)
        return
    ctx = multiprocessing.get_context()
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(config,))
    try:
        inflight: deque[Any] = deque()
        limit = 2 * workers + 1
        for task in itertools.chain((first, second), tasks):
            inflight.append(pool.apply_async(process_task, (task,)))
            while len(inflight) >= limit:
                yield inflight.popleft().get()
        while inflight:
            yield inflight.popleft().get()
        pool.close()
        pool.join()
    finally:
        pool.terminate()


def _atomic_writer(path: str | None) -> Sink | None:
    return None if path is None else Sink(path)


def run(
    sources: Sequence[Source],
    plan: OutputPlan,
    config: WorkerConfig,
    options: CorpusOptions = CorpusOptions(),
    progress: Callable[[TaskResult], None] | None = None,
    on_bad: Callable[[BadRecord], None] | None = None,
) -> Summary:
    """Clean ``sources`` into ``plan``'s outputs and return the :class:`Summary`.

    Outputs are complete or absent: each goes to a temporary file renamed into
    place when its source is done; an exception (Ctrl-C included) deletes the
    open temporary files before it propagates.
    """
    config = dataclasses.replace(
        config,
        explain=options.explain_path is not None,
        rejects=options.rejects_path is not None,
        sample=os.urandom(8).hex() if options.report else None,
    )
    summary = Summary(files=len(sources), samples=Sampler() if options.report else None)
    start = time.perf_counter()
    sinks: dict[str, Sink] = {}
    shared: Sink | None = None
    side = [_atomic_writer(options.explain_path), _atomic_writer(options.rejects_path)]
    explain_sink, rejects_sink = side
    try:
        if plan.mode in ("stdout", "file"):
            shared = Sink(plan.targets[0])
        tasks = iter_tasks(sources, plan, options.chunk_bytes)
        for result in _ordered(tasks, config, options.workers):
            for piece in result.pieces:
                if shared is not None:
                    sink = shared
                else:
                    key = str(piece.source)
                    sink = sinks.get(key)  # type: ignore[assignment]
                    if sink is None:
                        src = sources[piece.source]
                        sink = Sink(plan.targets[piece.source], plan.backup_suffix, like=src.path)
                        sinks[key] = sink
                if isinstance(piece.data, bytes):
                    sink.write(piece.data)
                elif piece.data is not None:
                    sink.write_batch(piece.data)
                if piece.last and shared is None:
                    sink.commit()
                    del sinks[str(piece.source)]
            summary.documents += result.documents
            summary.changed += result.changed
            summary.bytes_in += result.bytes_in
            summary.edits.update(result.edits)
            if summary.samples is not None and result.samples is not None:
                summary.samples.merge(result.samples)
            for b in result.bad:
                summary.errors[b.kind] += 1
                if len(summary.bad) < options.keep_bad:
                    summary.bad.append(b)
                if on_bad is not None:
                    on_bad(b)
            if explain_sink is not None:
                explain_sink.write(result.explain)
            if rejects_sink is not None:
                rejects_sink.write(result.rejects)
            if progress is not None:
                progress(result)
            if options.max_errors is not None and summary.n_errors > options.max_errors:
                summary.stopped = f"more than {options.max_errors} bad records (--max-errors)"
                raise _Stop()
        if shared is not None:
            shared.commit()
        summary.seconds = time.perf_counter() - start
        if explain_sink is not None:
            explain_sink.write(_run_line(options.run_info, summary))
        for s in side:
            if s is not None:
                s.commit()
    except _Stop:
        for s in [*sinks.values(), shared, *side]:
            if s is not None:
                s.abort()
    except BaseException:
        for s in [*sinks.values(), shared, *side]:
            if s is not None:
                s.abort()
        raise
    finally:
        summary.seconds = summary.seconds or time.perf_counter() - start
    return summary


def _run_line(info: Mapping[str, Any] | None, summary: Summary) -> bytes:
    """The explain file's last line: the run's record, so that ``textmend report`` can tell it all."""
    from textmend.report.model import run_record

    line = json.dumps({"run": run_record(dict(info or {}), summary)}, ensure_ascii=False, default=str)
    return (line + "\n").encode("utf-8", "backslashreplace")


class _Stop(Exception):
    pass
