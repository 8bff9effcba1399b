"""What a report is made of: the run's record and its sampled edits.

A report is built from one of three sources, always as a :class:`Report`:

- a ``textmend clean --report`` run: the run's record (:func:`run_record`, made
  from the same :class:`~textmend.corpus.Summary` that ``--stats`` writes) and
  the run's :class:`~textmend.report.sample.Sampler`;
- an ``--explain`` file (:func:`read_explain`): its edits, fed to a sampler in
  document order, and the run record the corpus command writes as its last
  line (``{"run": {...}}``);
- one document (:func:`for_document`, ``textmend explain FILE --html``).

The record is plain JSON data: ``info`` (the command, inputs, profile, stages
and their options, workers, textmend version, when it finished), ``summary``
(exactly the ``--stats`` JSON), ``bytes`` and ``bad_records`` (the first ones
the run kept, each with its file and line).
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
import os
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Literal

from textmend.errors import TextmendError
from textmend.report.sample import Sampler
from textmend.stage import Edit, Explained

if TYPE_CHECKING:
    from textmend.corpus import Summary
    from textmend.pipeline import Pipeline

__all__ = ["Report", "ReportError", "describe_run", "for_document", "from_run", "read_explain", "run_record"]

INPUTS_KEPT = 200  # inputs named in the record; the rest are counted


class ReportError(TextmendError):
    """An --explain file that cannot be read as one."""


def _plain(value: Any) -> Any:
    """``value`` as JSON data (an option's value): containers kept, anything else by repr."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return repr(value)


def describe_run(
    pipeline: Pipeline,
    *,
    inputs: Sequence[str],
    profile: str | None,
    workers: int,
    argv: Sequence[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``info`` part of a run record: what was asked, with which stages."""
    from textmend import __version__

    info: dict[str, Any] = {
        "textmend": __version__,
        "command": shlex.join(["textmend", *argv]) if argv is not None else None,
        "inputs": list(inputs[:INPUTS_KEPT]),
        "inputs_total": len(inputs),
        "profile": profile or pipeline.profile or "custom",
        "stages": [
            {"name": s.name, "options": _plain(s.options())} for s in pipeline.stages
        ],
        "workers": workers,
    }
    info.update(extra or {})
    return info


def run_record(info: dict[str, Any], summary: Summary) -> dict[str, Any]:
    """The record of a finished run: ``info``, the ``--stats`` summary, bytes and bad records."""
    finished = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return {
        "info": {**info, "finished": finished.isoformat().replace("+00:00", "Z")},
        "summary": summary.to_dict(),
        "bytes": summary.bytes_in,
        "bad_records": [dataclasses.asdict(b) for b in summary.bad],
    }


def from_run(info: dict[str, Any], summary: Summary) -> Report:
    """The report of a ``textmend clean --report`` run (its summary holds the samples)."""
    sampler = summary.samples if summary.samples is not None else Sampler()
    return Report("run", "textmend clean", run_record(info, summary), sampler)


@dataclass
class Report:
    """A report's data: where it came from, the run record and the sampled edits."""

    kind: Literal["run", "explain", "document"]
    source: str  # what it was made from, as shown
    record: dict[str, Any]
    sampler: Sampler
    notes: list[str] = field(default_factory=list)  # warnings shown at the top

    @property
    def summary(self) -> dict[str, Any]:
        s: dict[str, Any] = self.record.get("summary") or {}
        return s

    @property
    def info(self) -> dict[str, Any]:
        i: dict[str, Any] = self.record.get("info") or {}
        return i

    def counts(self) -> dict[tuple[str, str], int]:
        """Edits per stage/rule: the summary's (the ``--stats`` JSON), else the sampler's."""
        edits = self.summary.get("edits")
        if isinstance(edits, dict):
            out: dict[tuple[str, str], int] = {}
            for label, n in edits.items():
                stage, _, rule = str(label).partition("/")
                out[(stage, rule or stage)] = int(n)
            return out
        return dict(self.sampler.edits)


def _lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    for n, line in enumerate(stream, start=1):
        if line.strip():
            yield n, line


def read_explain(path: str, sampler: Sampler | None = None) -> Report:
    """The report of an ``--explain`` file (``-``: stdin; ``.gz``/``.bz2``/``.xz``/``.zst`` read).

    Edits are read one document at a time (the corpus command writes a
    document's edits together), so memory does not grow with the file.
    """
    from textmend import corpus

    sampler = sampler or Sampler()
    record: dict[str, Any] | None = None
    comp, _ = corpus.split_suffix(path)
    source = corpus.Source(path, os.path.basename(path), "lines", comp)
    try:
        raw = corpus.open_input(source)
    except OSError as e:
        raise ReportError(f"{path}: cannot read: {e.strerror}") from None

    current: tuple[str, Any, str] | None = None
    doc: list[Edit] = []
    chars: int | None = None

    def flush() -> None:
        if current is not None and doc:
            sampler.add_document(current[0], current[1], json.loads(current[2]), chars, doc)
        doc.clear()

    with io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape") as stream:
        for n, line in _lines(stream):
            try:
                obj = json.loads(line)
            except ValueError:
                raise ReportError(f"{path}:{n}: not a JSON line: is this an --explain file?") from None
            if not isinstance(obj, dict):
                raise ReportError(f"{path}:{n}: not an edit or a run record")
            if "run" in obj and "stage" not in obj:
                record = obj["run"] if isinstance(obj["run"], dict) else None
                continue
            try:
                edit = Edit.from_dict(obj)
                doc_line = obj.get("doc_line")
                key = (str(obj["path"]), None if doc_line is None else int(doc_line),
                       json.dumps(obj.get("doc_id"), sort_keys=True))
            except (KeyError, TypeError, ValueError):
                raise ReportError(
                    f"{path}:{n}: not an edit (stage, rule, line, before, after, path)"
                ) from None
            if key != current:
                flush()
                current = key
                dc = obj.get("doc_chars")
                chars = int(dc) if isinstance(dc, int) else None
            doc.append(edit)
        flush()
    notes: list[str] = []
    if record is None:
        record = {"info": {}, "summary": {}}
        notes.append(
            "This --explain file has no run record (its last line, written by `textmend clean` "
            "since this report was added): documents, bad records and timings are unknown; "
            "counts are those of the edits in the file."
        )
    report = Report("explain", path, record, sampler, notes)
    counted = dict(sampler.edits)
    if record.get("summary") and report.counts() != counted:
        notes.append(
            f"The file holds {sum(counted.values())} edits but its run record counts "
            f"{sum(report.counts().values())}: the file may be cut short. Counts are the run's."
        )
    return report


def for_document(
    where: str, text: str, explained: Explained, pipeline: Pipeline, *, profile: str | None = None
) -> Report:
    """The report of one document (``textmend explain FILE --html``): every edit is shown."""
    sampler = Sampler(examples=max(1, len(explained.edits)), top=0)
    path, _, line = where.rpartition(":")
    doc_line = int(line) if path and line.isdigit() else None
    sampler.add_document(path if doc_line is not None else where, doc_line, None, len(text), explained.edits)
    info = describe_run(pipeline, inputs=[where], profile=profile, workers=1)
    summary = {
        "files": 1,
        "documents": 1,
        "documents_changed": int(explained.changed),
        "edits": {f"{s}/{r}": n for (s, r), n in sorted(explained.counts().items())},
        "errors": {},
    }
    record = {"info": info, "summary": summary, "bytes": len(text.encode("utf-8", "surrogatepass")),
              "bad_records": []}
    return Report("document", where, record, sampler)
