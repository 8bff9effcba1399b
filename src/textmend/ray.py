"""Run textmend on Ray Data (the ``ray`` extra: ``pip install 'textmend[ray]'``).

Two levels:

- :func:`clean_dataset` cleans one string column of a ``ray.data.Dataset`` with
  ``map_batches``. The pipeline is sent to the workers once, as a pickled
  specification, and each worker process builds it once and keeps it for every
  batch it gets. Optionally it adds an edits column (a list of edit records per
  row) that :func:`stage_counts` sums per stage.
- :func:`clean_corpus` is what ``textmend --engine ray`` runs: it reads JSON
  Lines or Parquet files through Ray Data, cleans one field, and writes the
  result to an output directory of shards.

JSON Lines are read as bytes and split on ``"\\n"`` here, not with
``ray.data.read_json`` or ``read_text``: Arrow's JSON reader rewrites records
(a key missing from one record comes back as ``null``, floats are re-rounded by
pandas on the way out) and ``read_text`` splits lines with ``str.splitlines``,
which also breaks at U+2028 and U+0085 inside JSON strings. Each record is
parsed with :mod:`json`, its field cleaned and the record written back with
``json.dumps(..., ensure_ascii=False)``, so every other field survives as it
was and the cleaned text is the one the local engine produces.
"""

from __future__ import annotations

import gzip
import json
import pickle
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textmend.errors import ConfigError
from textmend.pipeline import Pipeline, StageSpec

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    import ray.data

__all__ = [
    "CorpusResult",
    "clean_corpus",
    "clean_dataset",
    "init",
    "read_jsonl",
    "stage_counts",
    "write_jsonl",
]



def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "textmend.ray needs Ray Data: pip install 'textmend[ray]'"
        ) from None
    return ray


def _spec_blob(
    profile: str, stages: Iterable[StageSpec] | Pipeline | None
) -> bytes:
    """The pipeline as bytes the workers can rebuild it from (and cache it by)."""
    if isinstance(stages, Pipeline):
        spec: Any = ("stages", stages.stages)
    elif stages is not None:
        spec = ("stages", tuple(stages))
    else:
        spec = ("profile", profile)
    pipeline_from_blob(pickle.dumps(spec))  # fail here, on the driver, on a bad spec
    return pickle.dumps(spec)


@lru_cache(maxsize=8)
def pipeline_from_blob(blob: bytes) -> Pipeline:
    """The pipeline a :func:`_spec_blob` describes, built once per process."""
    _kind, value = pickle.loads(blob)
    return Pipeline(value)


def _edits_type() -> pyarrow.DataType:
    import pyarrow as pa

    return pa.list_(
        pa.struct(
            [
                ("stage", pa.string()),
                ("rule", pa.string()),
                ("line", pa.int64()),
                ("before", pa.string()),
                ("after", pa.string()),
                ("step", pa.int64()),
            ]
        )
    )


def _clean_batch(
    batch: pyarrow.Table,
    *,
    blob: bytes,
    column: str,
    output_column: str,
    edits_column: str | None,
) -> pyarrow.Table:
    import pyarrow as pa

    pipeline = pipeline_from_blob(blob)
    texts = batch.column(column).to_pylist()
    out: list[str | None] = []
    edits: list[list[dict[str, Any]]] = []
    if edits_column is None:
        out = [None if t is None else pipeline.clean(t) for t in texts]
    else:
        for t in texts:
            if t is None:
                out.append(None)
                edits.append([])
                continue
            result = pipeline.explain(t)
            out.append(result.text)
            edits.append([e.to_dict() for e in result.edits])
    cleaned = pa.array(out, type=pa.string())
    if output_column in batch.column_names:
        batch = batch.set_column(batch.column_names.index(output_column), output_column, cleaned)
    else:
        batch = batch.append_column(output_column, cleaned)
    if edits_column is not None:
        batch = batch.append_column(edits_column, pa.array(edits, type=_edits_type()))
    return batch


def clean_dataset(
    ds: ray.data.Dataset,
    *,
    column: str = "text",
    output_column: str | None = None,
    profile: str = "default",
    stages: Iterable[StageSpec] | Pipeline | None = None,
    edits_column: str | None = None,
    batch_size: int | None = 256,
    concurrency: int | None = None,
    **ray_remote_args: Any,
) -> ray.data.Dataset:
    """``ds`` with the string ``column`` cleaned (lazily, like every Ray Data transform).

    ``output_column`` writes the cleaned text next to the original instead of
    over it. ``edits_column`` adds, per row, the list of edits (``stage``,
    ``rule``, ``line``, ``before``, ``after``, ``step``) that
    :func:`stage_counts` sums. ``profile`` and ``stages`` mean what they mean
    for :func:`textmend.clean`; the pipeline is checked here, on the driver,
    so a bad stage name fails before any work is scheduled. Null values stay
    null. Other keyword arguments (``num_cpus``, ``memory``...) go to
    ``map_batches``.
    """
    _import_ray()
    blob = _spec_blob(profile, stages)
    return ds.map_batches(
        _clean_batch,
        batch_format="pyarrow",
        batch_size=batch_size,
        concurrency=concurrency,
        fn_kwargs={
            "blob": blob,
            "column": column,
            "output_column": output_column or column,
            "edits_column": edits_column,
        },
        **ray_remote_args,
    )


def _count_batch(batch: pyarrow.Table, *, edits_column: str) -> pyarrow.Table:
    import pyarrow as pa

    counts: Counter[str] = Counter()
    for row in batch.column(edits_column).to_pylist():
        for edit in row or ():
            counts[edit["stage"]] += 1
    stages = sorted(counts)
    return pa.table(
        {"stage": pa.array(stages, pa.string()), "n": pa.array([counts[s] for s in stages], pa.int64())}
    )


def stage_counts(ds: ray.data.Dataset, edits_column: str = "edits") -> dict[str, int]:
    """Number of edits per stage in ``edits_column`` (counted on the workers)."""
    partial = ds.map_batches(
        _count_batch, batch_format="pyarrow", fn_kwargs={"edits_column": edits_column}
    )
    total: Counter[str] = Counter()
    for row in partial.iter_rows():
        total[row["stage"]] += int(row["n"])
    return dict(sorted(total.items()))


# -- JSON Lines corpora ------------------------------------------------------------


def _decompress(data: bytes, path: str) -> bytes:
    """Plain, gzip or zstd bytes as plain bytes (by magic number, not by name)."""
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:4] == b"\x28\xb5\x2f\xfd":
        try:
            import zstandard
        except ImportError:  # pragma: no cover
            raise ImportError(f"{path} is zstd-compressed: pip install zstandard") from None
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            return bytes(reader.read())
    return data


def _split_lines(batch: dict[str, Any]) -> dict[str, list[Any]]:
    """Rows of ``read_binary_files`` (one per file) as rows of raw JSON lines."""
    lines: list[bytes] = []
    paths: list[str] = []
    numbers: list[int] = []
    for data, path in zip(batch["bytes"], batch["path"]):
        data = _decompress(bytes(data), str(path))
        for i, raw in enumerate(data.split(b"\n"), start=1):
            if raw.strip():
                lines.append(raw)
                paths.append(str(path))
                numbers.append(i)
    return {"raw": lines, "path": paths, "lineno": numbers}


def read_jsonl(paths: str | Sequence[str], **read_args: Any) -> ray.data.Dataset:
    """JSON Lines files (plain, ``.gz`` or ``.zst``) as rows ``raw`` (bytes), ``path``, ``lineno``.

    Record order is the files' order and, within a file, the lines' order
    (with ``DataContext.execution_options.preserve_order``, which
    :func:`clean_corpus` sets).
    """
    ray = _import_ray()
    files = ray.data.read_binary_files(paths, include_paths=True, **read_args)
    return files.map_batches(_split_lines, batch_format="numpy", batch_size=1)


def _get_path(record: Any, dotted: str) -> Any:
    """``record["a"]["b"]`` for ``"a.b"``; ``None`` when a part is missing."""
    for part in dotted.split("."):
        if not isinstance(record, dict) or part not in record:
            return None
        record = record[part]
    return record


def _set_path(record: Any, dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        record = record[part]
    record[last] = value


def _clean_jsonl_batch(
    batch: dict[str, Any], *, blob: bytes, field: str, explain: bool
) -> dict[str, list[Any]]:
    pipeline = pipeline_from_blob(blob)
    out: list[bytes] = []
    errors: list[str] = []  # "" for a good record (a null would come back as NaN)
    counts: list[str] = []
    for raw, path, lineno in zip(batch["raw"], batch["path"], batch["lineno"]):
        raw = bytes(raw)
        where = f"{path}:{lineno}"
        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            out.append(raw)
            errors.append(f"{where}: invalid UTF-8 ({exc.reason} at byte {exc.start})")
            counts.append("{}")
            continue
        except json.JSONDecodeError as exc:
            out.append(raw)
            errors.append(f"{where}: invalid JSON ({exc.msg})")
            counts.append("{}")
            continue
        text = _get_path(record, field)
        if not isinstance(text, str):
            out.append(raw)
            errors.append(f"{where}: no string field {field!r}")
            counts.append("{}")
            continue
        per_stage: Counter[str] = Counter()
        if explain:
            result = pipeline.explain(text)
            new = result.text
            per_stage.update(e.stage for e in result.edits)
        else:
            new = pipeline.clean(text)
        if new == text:
            out.append(raw.rstrip(b"\r"))
        else:
            _set_path(record, field, new)
            out.append(_dump(record))
        errors.append("")
        counts.append(json.dumps(per_stage))
    return {"raw": out, "error": errors, "counts": counts}


def _dump(record: Any) -> bytes:
    """``record`` as one UTF-8 JSON line; ASCII escapes when it holds a lone surrogate."""
    try:
        return json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record).encode("ascii")


def _jsonl_datasink(path: str) -> Any:
    from ray.data.datasource import BlockBasedFileDatasink

    class JsonLinesDatasink(BlockBasedFileDatasink):  # type: ignore[misc]
        """Writes the ``raw`` column of each block, one line per row."""

        def __init__(self, path: str) -> None:
            super().__init__(path, file_format="jsonl")

        def write_block_to_file(self, block: Any, file: Any) -> None:
            column = block.to_arrow().column("raw").to_pylist()
            file.write(b"".join(bytes(line) + b"\n" for line in column))

    return JsonLinesDatasink(path)


def write_jsonl(ds: ray.data.Dataset, path: str) -> None:
    """Write the ``raw`` column of ``ds`` as JSON Lines shards under directory ``path``."""
    ds.select_columns(["raw"]).write_datasink(_jsonl_datasink(path))


# -- the corpus script's engine ----------------------------------------------------


@dataclass
class CorpusResult:
    """What :func:`clean_corpus` did: records, edits per stage, bad records."""

    records: int = 0
    changed: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": "ray",
            "documents": self.records,
            "changed": self.changed,
            "edits": self.counts,
            "errors": len(self.errors),
        }

    def report(self) -> str:
        """A summary for people: documents, changed, edits per stage, bad records."""
        lines = [
            f"textmend (ray): {self.records} documents, {self.changed} changed, "
            f"{len(self.errors)} bad records"
        ]
        width = max((len(s) for s in self.counts), default=0)
        lines += [f"  {stage:<{width}}  {n}" for stage, n in self.counts.items()]
        return "\n".join(lines)


def init(address: str | None = None, **init_args: Any) -> None:
    """Connect to the Ray cluster at ``address`` (``"auto"``, ``"ray://host:10001"``...)
    or, with ``None``, start a local one; a no-op when Ray is already initialised."""
    ray = _import_ray()
    if not ray.is_initialized():
        init_args.setdefault("log_to_driver", False)
        ray.init(address=address, **init_args)


def _format_of(paths: Sequence[str]) -> Literal["jsonl", "parquet"]:
    names: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            names.extend(str(f) for f in path.rglob("*") if f.is_file())
        else:
            names.append(p)
    if names and all(n.endswith(".parquet") for n in names):
        return "parquet"
    return "jsonl"


def clean_corpus(
    inputs: Sequence[str],
    output: str,
    *,
    field: str = "text",
    profile: str = "default",
    stages: Iterable[StageSpec] | Pipeline | None = None,
    fmt: Literal["jsonl", "parquet"] | None = None,
    address: str | None = None,
    summary: bool = True,
) -> CorpusResult:
    """Clean ``field`` (a dotted path in JSON Lines) of every record of ``inputs`` on Ray and write shards to directory ``output``.

    JSON Lines (plain, gzip or zstd) or Parquet; ``fmt=None`` decides by the
    file names (``.parquet`` is Parquet, anything else JSON Lines). Output
    shards keep the input order. A record that is not valid UTF-8, not JSON or
    has no string ``field`` is written out unchanged and reported in
    ``errors`` with its file and line. With ``summary``, the cleaned data is
    materialised once (Ray spills to disk as needed) so that it can be both
    written and counted.
    """
    ray = _import_ray()
    if not inputs:
        raise ConfigError("no input files")
    out_dir = Path(output)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise ConfigError(f"output directory {output} is not empty")
    fmt = fmt or _format_of(inputs)
    init(address)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    blob = _spec_blob(profile, stages)
    paths = [str(Path(p).resolve()) for p in inputs]
    result = CorpusResult()
    if fmt == "parquet":
        ds = ray.data.read_parquet(paths)
        if field not in ds.schema().names:
            raise ConfigError(f"the Parquet files have no column {field!r}")
        cleaned = clean_dataset(
            ds,
            column=field,
            profile=profile,
            stages=stages,
            edits_column="_textmend_edits" if summary else None,
        )
        if summary:
            cleaned = cleaned.materialize()
            result.counts = stage_counts(cleaned, "_textmend_edits")
            result.records = cleaned.count()
            cleaned = cleaned.drop_columns(["_textmend_edits"])
        cleaned.write_parquet(str(out_dir))
        return result
    ds = read_jsonl(paths).map_batches(
        _clean_jsonl_batch,
        batch_format="numpy",
        batch_size=256,
        fn_kwargs={"blob": blob, "field": field, "explain": summary},
    )
    if summary:
        ds = ds.materialize()
        totals: Counter[str] = Counter()
        for batch in ds.select_columns(["error", "counts"]).iter_batches(batch_format="numpy"):
            for error, counts in zip(batch["error"], batch["counts"]):
                result.records += 1
                if error:
                    result.errors.append(str(error))
                per_stage = json.loads(str(counts))
                if per_stage:
                    result.changed += 1
                totals.update(per_stage)
        result.counts = dict(sorted(totals.items()))
    write_jsonl(ds, str(out_dir))
    return result
