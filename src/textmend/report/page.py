"""Render a :class:`~textmend.report.model.Report` as one self-contained HTML page.

The page is made by a Jinja2 template (``templates/report.html.j2``) with
autoescaping on: every piece of text that came from the corpus (edits, file
names, document ids, messages) is escaped, so a document holding ``<script>``
shows it as text. The CSS and the script are inlined from ``report.css`` and
``report.js`` beside the template; nothing is fetched from elsewhere, and
everything a reader needs (counts, examples) is in the HTML itself: the script
only sorts the table and filters the examples.
"""

from __future__ import annotations

import os
import sys
import tempfile
import unicodedata
from functools import lru_cache
from typing import Any

import regex
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from textmend.report.diff import Segment
from textmend.report.model import Report

__all__ = ["render", "show_segment", "write"]

BAD_SHOWN = 100  # bad records listed; all are counted

# Characters a reader would not see: controls, format characters (zero-width,
# soft hyphen, BOM), and spaces other than U+0020; a newline is shown as a break.
_INVISIBLE_RE = regex.compile(r"[[\p{C}\p{Z}]--[ \n]]", regex.V1)
_PICTURES = {"\t": "\N{RIGHTWARDS ARROW TO BAR}", "\x7f": "\N{SYMBOL FOR DELETE}",
             "\xa0": "\N{SHOULDERED OPEN BOX}"}


def _picture(ch: str) -> str:
    if ch in _PICTURES:
        return _PICTURES[ch]
    if ord(ch) < 0x20:
        return chr(0x2400 + ord(ch))  # the Control Pictures block: U+240D for "\r"
    return f"\N{MATHEMATICAL LEFT ANGLE BRACKET}U+{ord(ch):04X}\N{MATHEMATICAL RIGHT ANGLE BRACKET}"


def _visible(text: str, changed: bool) -> Markup:
    out: list[str] = []
    pos = 0
    for m in _INVISIBLE_RE.finditer(text):
        out.append(escape(text[pos : m.start()]))
        ch = m.group()
        title = f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()
        out.append(Markup('<span class="ctl" title="{}">{}</span>').format(title, _picture(ch)))
        pos = m.end()
    out.append(escape(text[pos:]))
    html = Markup("").join(out)
    if changed and "\n" in text:
        html = Markup(html.replace("\n", Markup('<span class="ctl" title="line break">\N{DOWNWARDS ARROW WITH CORNER LEFTWARDS}</span>\n')))
    return html


def show_segment(segment: Segment) -> Markup:
    """One segment of a diff view as HTML: text escaped, invisible characters shown.

    >>> print(show_segment(("del", "<script>\\r")))
    <del>&lt;script&gt;<span class="ctl" title="U+000D">␍</span></del>
    >>> print(show_segment(("ins", "")))
    <ins class="mark" title="text removed here"></ins>
    >>> print(show_segment(("gap", "1234")))
    <span class="gap" title="1234 characters not shown">[… 1234 characters …]</span>
    """
    kind, text = segment
    if kind == "gap":
        return Markup('<span class="gap" title="{0} characters not shown">[… {0} characters …]</span>').format(text)
    if kind in ("del", "ins"):
        if not text:
            what = "text inserted here" if kind == "del" else "text removed here"
            return Markup('<{0} class="mark" title="{1}"></{0}>').format(kind, what)
        return Markup("<{0}>{1}</{0}>").format(kind, _visible(text, True))
    return _visible(text, False)


def _segments(segments: Any) -> Markup:
    return Markup("").join(show_segment(s) for s in segments)


def _share(part: int | None, whole: int | None) -> str:
    if part is None or not whole:
        return ""
    return f"{100 * part / whole:.1f} %"


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("textmend.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["segments"] = _segments
    env.filters["share"] = lambda part, whole: _share(part, whole)
    return env


def _anchor(stage: str, rule: str) -> str:
    return "rule-" + regex.sub(r"[^A-Za-z0-9_-]", "-", f"{stage}--{rule}")


def _options(options: Any) -> str:
    if not isinstance(options, dict) or not options:
        return ""
    return ", ".join(f"{k}={v!r}" for k, v in options.items())


def context(report: Report) -> dict[str, Any]:
    """The template's variables: the run's facts, the rows of the chart, examples, documents."""
    from textmend import __version__

    summary, info = report.summary, report.info
    counts = report.counts()
    sampler = report.sampler
    documents = summary.get("documents")
    seconds = summary.get("seconds")
    peak = max(counts.values(), default=0)
    rows: list[dict[str, Any]] = []
    for (stage, rule), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        examples = sampler.examples(stage, rule)
        docs = sampler.documents.get((stage, rule))
        rows.append({
            "stage": stage,
            "rule": rule,
            "label": f"{stage}/{rule}",
            "count": n,
            "docs": docs,
            "share": _share(docs, documents),
            "share_value": f"{docs / documents:.6f}" if docs is not None and documents else "",
            "bar": round(100 * n / peak, 2) if peak else 0,
            "anchor": _anchor(stage, rule),
            "examples": examples,
        })
    bad = list(report.record.get("bad_records") or [])
    errors = summary.get("errors") or {}
    stages = [
        {"name": str(s.get("name")), "options": _options(s.get("options"))}
        for s in info.get("stages") or []
        if isinstance(s, dict)
    ]
    docs_per_s = documents / seconds if documents and seconds else None
    inputs = [str(i) for i in info.get("inputs") or []]
    return {
        "kind": report.kind,
        "source": report.source,
        "notes": report.notes,
        "version": __version__,
        "run_version": info.get("textmend"),
        "info": info,
        "summary": summary,
        "documents": documents,
        "changed": summary.get("documents_changed", sampler.changed),
        "changed_share": _share(summary.get("documents_changed"), documents),
        "bytes": report.record.get("bytes"),
        "mb": summary.get("mb"),
        "seconds": seconds,
        "mb_per_s": summary.get("mb_per_s"),
        "docs_per_s": round(docs_per_s) if docs_per_s is not None else None,
        "workers": info.get("workers"),
        "inputs": inputs,
        "inputs_more": max(0, int(info.get("inputs_total") or len(inputs)) - len(inputs)),
        "stages": stages,
        "errors": sorted(errors.items()),
        "n_errors": sum(errors.values()),
        "bad": bad[:BAD_SHOWN],
        "bad_more": max(0, sum(errors.values()) - min(len(bad), BAD_SHOWN)),
        "stopped": summary.get("stopped"),
        "rows": rows,
        "total_edits": sum(counts.values()),
        "total_examples": sum(len(r["examples"]) for r in rows),
        "top": sampler.top_documents() if report.kind != "document" else [],
    }


def render(report: Report) -> str:
    """The report as one HTML page."""
    return _env().get_template("report.html.j2").render(**context(report))


def write(html: str, path: str) -> None:
    """Write ``html`` to ``path`` atomically (a temporary file renamed into place); ``-``: stdout."""
    if path == "-":
        sys.stdout.write(html)
        sys.stdout.flush()
        return
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as f:
            f.write(html)
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
