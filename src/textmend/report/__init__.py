"""The HTML report of a cleaning run: what each stage and rule did, with real examples.

``textmend clean ... --report FILE.html``, ``textmend report EDITS.jsonl`` and
``textmend explain FILE --html OUT.html`` write it. The parts:

- :mod:`textmend.report.sample`: bounded, deterministic, mergeable samples of
  a run's edits (what the corpus command's workers collect);
- :mod:`textmend.report.diff`: an edit's before/after view with the changed
  characters marked and long lines trimmed;
- :mod:`textmend.report.model`: the report's data (the run record and the
  samples) from a run, an ``--explain`` file or one document;
- :mod:`textmend.report.page`: the self-contained HTML page (Jinja2).

Rendering imports Jinja2 only when it is used, so workers that only sample do
not pay for it.
"""

from __future__ import annotations

from textmend.report.model import (
    Report,
    ReportError,
    describe_run,
    for_document,
    from_run,
    read_explain,
    run_record,
)
from textmend.report.sample import Sampler

__all__ = [
    "Report",
    "ReportError",
    "Sampler",
    "describe_run",
    "for_document",
    "from_run",
    "read_explain",
    "render",
    "run_record",
    "write",
]


def render(report: Report) -> str:
    """The report as one self-contained HTML page."""
    from textmend.report import page

    return page.render(report)


def write(report: Report, path: str) -> None:
    """Render ``report`` and write it to ``path`` atomically (``-``: stdout)."""
    from textmend.report import page

    page.write(page.render(report), path)
