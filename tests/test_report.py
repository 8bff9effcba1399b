"""The HTML report: sampling, diff highlighting, the page's data and the commands that write it.

What a person sees in a browser is tested in tests/test_report_browser.py;
here the parts are tested one by one, and the page as HTML text.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.datasets import cases
from tests.report_data import ATTACK_TEXT, ID_ATTACK, SCRIPT, make_corpus
from textmend import Edit, Pipeline
from textmend.report import diff, page, read_explain
from textmend.report.model import ReportError
from textmend.report.sample import EDITS_PER_DOCUMENT, Sampler, process_sampler

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "textmend.cli", *args], capture_output=True, cwd=cwd, timeout=300
    )


# -- real edits to sample ----------------------------------------------------------------

PIPE = Pipeline("default")
SCRAPED = [c["input"] for c in cases("scraped")]


def real_documents(n: int, files: int, seed: int = 0) -> list[tuple[str, int, str, str, list[Edit]]]:
    """``n`` documents (path, line, id, text, edits) of real scraped lines over ``files`` files."""
    rng = random.Random(seed)
    docs = []
    for k in range(n):
        text = "\n".join(rng.sample(SCRAPED, 3))
        docs.append((f"part{k % files}.jsonl", k // files + 1, f"d{k}", text, PIPE.explain(text).edits))
    return docs


DOCS = real_documents(300, files=30)  # more files than a rule keeps: files are evicted too


def feed(sampler: Sampler, docs: list[tuple[str, int, str, str, list[Edit]]]) -> Sampler:
    for path, line, ident, text, edits in docs:
        sampler.add_document(path, line, ident, len(text), edits)
    return sampler


def picture(s: Sampler) -> Any:
    """Everything a report shows from a sampler."""
    return (
        sorted(s.edits.items()),
        sorted(s.documents.items()),
        s.changed,
        {rule: [e.key for e in s.examples(*rule)] for rule in s.rules()},
        [d.key for d in s.top_documents()],
    )


# -- sampling ------------------------------------------------------------------------------


def test_the_sample_is_the_same_on_every_run_and_changes_with_the_seed() -> None:
    a, b = feed(Sampler(), DOCS), feed(Sampler(), DOCS)
    assert picture(a) == picture(b)
    assert picture(feed(Sampler(seed="other"), DOCS))[3] != picture(a)[3]


WHOLE = picture(feed(Sampler(), DOCS))


@given(st.lists(st.integers(0, 3), min_size=len(DOCS), max_size=len(DOCS)), st.integers(1, 40))
def test_worker_samples_merge_to_the_sample_of_the_whole_run(assign: list[int], batch: int) -> None:
    """Any split of the documents over workers, any batch size, any merge order: the same picture."""
    workers = [Sampler() for _ in range(4)]
    takes: list[Sampler] = []
    for start in range(0, len(DOCS), batch):
        for w, worker in enumerate(workers):
            part = [d for i, d in enumerate(DOCS[start : start + batch]) if assign[start + i] == w]
            feed(worker, part)
            takes.append(worker.take())  # what a worker hands over after each batch
    merged = Sampler()
    for t in reversed(takes):
        merged.merge(t)
    assert picture(merged) == WHOLE


def test_counts_are_exact_and_memory_is_bounded() -> None:
    docs = real_documents(3000, files=40, seed=1)
    s = feed(Sampler(examples=10, top=5), docs)
    expected: dict[tuple[str, str], int] = {}
    for *_, edits in docs:
        for e in edits:
            expected[(e.stage, e.rule)] = expected.get((e.stage, e.rule), 0) + 1
    assert dict(s.edits) == expected
    assert s.changed == sum(1 for *_, edits in docs if edits)
    for r in s._rules.values():
        assert len(r.items) <= 10 and len(r.files) <= 10
    assert len(s.top_documents()) == 5
    assert all(len(d.edits) <= EDITS_PER_DOCUMENT for d in s.top_documents())


def test_examples_are_spread_over_files() -> None:
    one = Edit("s", "r", 1, "Don39t", "Don't")
    # 40 files, one of which holds nearly all the edits: the examples still come from 24 files.
    s = Sampler()
    for n in range(5000):
        s.add_document("big.jsonl", n + 1, None, 20, [one])
    for f in range(39):
        s.add_document(f"small{f}.jsonl", 1, None, 20, [one])
    shown = s.examples("s", "r")
    assert len(shown) == 24 and len({e.path for e in shown}) == 24
    # 3 files: each gives one, then the files take turns.
    s = Sampler(examples=9)
    for n in range(3000):
        s.add_document(f"f{n % 3}.jsonl" if n < 2990 else "f0.jsonl", n + 1, None, 20, [one])
    paths = [e.path for e in s.examples("s", "r")]
    assert sorted(paths.count(p) for p in set(paths)) == [3, 3, 3]
    # A reservoir, not the head of the run: the sample reaches the end of a big file.
    lines = [e.doc_line or 0 for e in s.examples("s", "r")]
    assert max(lines) > 1500


def test_top_documents_are_the_most_changed_relative_to_length() -> None:
    s = feed(Sampler(top=5), DOCS)
    top = s.top_documents()
    shares = [d.share for d in top]
    assert shares == sorted(shares, reverse=True)
    every = []
    for path, line, ident, text, edits in DOCS:
        if edits:
            changed = sum(len(e.before) + 1 if e.after is None else _levenshtein(e.before, e.after) for e in edits)
            every.append(min(1.0, changed / len(text)))
    assert shares == sorted(every, reverse=True)[:5]


def _levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def test_a_process_keeps_one_sampler_per_run() -> None:
    a = process_sampler("run-a")
    assert process_sampler("run-a") is a
    assert process_sampler("run-b") is not a


# -- diff highlighting ---------------------------------------------------------------------------


def sides(segments: Any) -> tuple[str, str]:
    """(the side's text, its unchanged text) of untrimmed segments."""
    return "".join(t for _, t in segments), "".join(t for k, t in segments if k == "same")


@given(st.text(max_size=60), st.text(max_size=60))
def test_highlight_marks_exactly_what_changed(a: str, b: str) -> None:
    left, right = diff.highlight(a, b)
    assert sides(left)[0] == a and sides(right)[0] == b
    # Both sides share the same unchanged stretches, in the same places.
    assert [t for k, t in left if k == "same"] == [t for k, t in right if k == "same"]
    assert [k == "same" for k, _ in left] == [k == "same" for k, _ in right]
    if a == b:
        assert all(k == "same" for k, _ in left)


def test_highlight_on_real_repairs() -> None:
    left, right = diff.highlight("Karzai #39;s government", "Karzai's government")
    assert [t for k, t in left if k == "del"] == [" #39;"]
    assert [t for k, t in right if k == "ins"] == ["'"]
    left, right = diff.highlight("Itâ€™s fine", "It’s fine")
    assert [t for k, t in left if k == "del"] == ["â€™"] and [t for k, t in right if k == "ins"] == ["’"]
    # A pure insertion leaves a zero-width mark where the text went in.
    left, right = diff.highlight("a b", "a  b")
    assert ("del", "") in left and ("ins", " ") in right


@given(st.text(min_size=0, max_size=400), st.integers(0, 400), st.text(max_size=20))
def test_trim_keeps_every_character_accounted_for(text: str, at: int, new: str) -> None:
    at = min(at, len(text))
    left, right = diff.highlight(text, text[:at] + new + text[at + 3 :])
    for segs, full in ((left, text), (right, text[:at] + new + text[at + 3 :])):
        trimmed = diff.trim(segs, context=10)
        assert sum(int(t) if k == "gap" else len(t) for k, t in trimmed) == len(full)
        assert [t for k, t in trimmed if k in ("del", "ins")] == [t for k, t in segs if k in ("del", "ins") and len(t) < 300]


def test_a_long_line_is_trimmed_around_the_change() -> None:
    words = " ".join(SCRAPED)
    d = diff.diff_edit(words[:5000] + " #39;s " + words[5000:10000], words[:5000] + "'s " + words[5000:10000])
    shown = "".join(t for k, t in d.before if k != "gap")
    assert " #39;s " in shown and len(shown) <= 2 * diff.CONTEXT + 10
    assert [k for k, _ in d.before] == ["gap", "same", "del", "same", "gap"]
    # A removed line of a megabyte keeps its head and tail.
    d = diff.diff_edit("x" * 1_000_000, None)
    assert d.removed and sum(len(t) for k, t in d.lines[0] if k != "gap") <= diff.SHOWN


def test_removed_lines_are_shown_one_by_one() -> None:
    d = diff.diff_edit("\n\nFollow AP's coverage of the war at", None)
    assert d.removed and d.after is None
    assert d.lines == ((), (), (("del", "Follow AP's coverage of the war at"),))
    d = diff.diff_edit("\n".join(f"line {i}" for i in range(40)), None)
    assert len(d.lines) == diff.LINES and d.more_lines == 40 - diff.LINES


def test_segments_are_escaped_and_invisible_characters_shown() -> None:
    html = page.show_segment(("del", SCRIPT))
    assert "<script>" not in html and "&lt;script&gt;" in html
    html = page.show_segment(("same", "a\u200bb\u00a0c\td\r"))
    assert html.count('class="ctl"') == 4 and "U+200B" in html and "U+00A0" in html
    assert "<span" not in page.show_segment(("same", "plain text"))


# -- the page -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One real run over the report corpus, with every output of the run kept."""
    tmp = tmp_path_factory.mktemp("report")
    meta = make_corpus(tmp / "corpus")
    r = run("clean", "corpus", "-o", "out", "--report", "run.html", "--stats", "stats.json",
            "--explain", "edits.jsonl", "--workers", "2", "--chunk-bytes", "2000", cwd=tmp)
    assert r.returncode == 1, r.stderr  # the broken record
    return {"tmp": tmp, "meta": meta, "stats": json.loads((tmp / "stats.json").read_text()),
            "html": (tmp / "run.html").read_text(encoding="utf-8"), "stderr": r.stderr.decode()}


def chart(html: str) -> dict[str, int]:
    """Stage/rule -> edits, as the chart's rows say."""
    rows = re.findall(r'<tr data-rule="([^"]+)">.*?<td class="num count" data-value="(\d+)">(\d+)</td>', html, re.S)
    assert all(a == b for _, a, b in rows)
    return {label: int(n) for label, n, _ in rows}


def test_the_run_report_counts_are_the_stats_counts(corpus_run: dict[str, Any]) -> None:
    html, stats = corpus_run["html"], corpus_run["stats"]
    assert chart(html) == stats["edits"] and stats["edits"]
    assert f'<dd id="fact-documents">{stats["documents"]}</dd>' in html
    assert stats["documents"] == corpus_run["meta"]["records"]
    assert f'<dd id="fact-edits">{sum(stats["edits"].values())}</dd>' in html
    assert "report: run.html" in corpus_run["stderr"]
    # The bad record, with its file and line.
    assert "corpus/news/part1.jsonl:8</code> <span class=\"kind\">json</span>" in html
    # Every rule has examples on the page.
    for label in stats["edits"]:
        assert f'<article class="ex" data-stage="{label.split("/")[0]}" data-rule="{label}">' in html, label


def test_the_report_of_the_explain_file_is_the_same_report(corpus_run: dict[str, Any]) -> None:
    tmp = corpus_run["tmp"]
    r = run("report", "edits.jsonl", cwd=tmp)
    assert r.returncode == 0, r.stderr
    again = (tmp / "edits.html").read_text(encoding="utf-8")  # the default name
    strip = re.compile(r"<title>.*?</title>|<p class=\"sub\">.*?</p>", re.S)
    assert strip.sub("", again) == strip.sub("", corpus_run["html"])
    r = run("report", "edits.jsonl", "-o", "-", cwd=tmp)
    assert r.stdout.decode() == again
    assert run("report", "edits.jsonl", "-o", "edits.jsonl", cwd=tmp).returncode == 2


def test_the_page_is_self_contained_and_escaped(corpus_run: dict[str, Any]) -> None:
    html = corpus_run["html"]
    assert html.count("<script>") == 1 and html.count("</script>") == 1  # its own, at the end
    assert html.index("<script>") > html.index('<section id="documents"')
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html)
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?(https?:|//|data:)", html)
    assert "@import" not in html and "url(" not in html
    assert '<meta name="color-scheme" content="light dark">' in html
    assert "prefers-color-scheme: dark" in html
    # The attack is on the page, as text.
    assert "&lt;script&gt;document.documentElement" in html
    assert "&lt;img src=x onerror=" in html
    assert SCRIPT[:30] not in html and ID_ATTACK[:20] not in html


def test_the_page_stays_small_on_a_big_run(tmp_path: Path) -> None:
    lines = [json.dumps({"id": k, "text": SCRAPED[k % len(SCRAPED)] + "  \n\n\n\n" + "x " * (k % 50)})
             for k in range(20_000)]
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n")
    r = run("clean", "big.jsonl", "-o", "out.jsonl", "--report", "big.html", "--stats", "s.json", "-q",
            "--workers", "2", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    stats = json.loads((tmp_path / "s.json").read_text())
    html = (tmp_path / "big.html").read_text()
    assert sum(stats["edits"].values()) > 20_000
    assert chart(html) == stats["edits"]
    assert len(html) < 1_000_000
    for label in stats["edits"]:
        assert html.count(f'data-rule="{label}"') <= 24 + 3  # examples, the section, the row, the option


def test_explain_html_shows_every_edit_of_one_document(tmp_path: Path) -> None:
    f = tmp_path / "doc.jsonl"
    f.write_text(json.dumps({"text": "fine"}) + "\n" + json.dumps({"id": ID_ATTACK, "text": ATTACK_TEXT}) + "\n")
    r = run("explain", str(f), "--html", str(tmp_path / "one.html"), "--color", "never")
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "one.html").read_text()
    edits = PIPE.explain(ATTACK_TEXT).edits
    assert html.count('<article class="ex"') == len(edits) > 1
    assert f"{f}:2" in html and "&lt;script&gt;" in html
    assert 'id="documents"' not in html  # one document: no ranking
    assert r.stdout.decode().startswith(f"{f}:2: {len(edits)} edits")
    assert run("explain", str(f), "--html", str(f)).returncode == 2


def test_an_explain_file_without_a_run_record_still_reports(tmp_path: Path) -> None:
    edits = [{"path": "a.txt", "doc_line": None, "doc_id": None, **e.to_dict()} for e in PIPE.explain(ATTACK_TEXT).edits]
    f = tmp_path / "old.jsonl"
    f.write_text("".join(json.dumps(e) + "\n" for e in edits))
    rep = read_explain(str(f))
    assert rep.notes and "no run record" in rep.notes[0]
    assert sum(rep.counts().values()) == len(edits)
    html = page.render(rep)
    assert '<dd id="fact-documents">unknown</dd>' in html
    f.write_text("not json\n")
    with pytest.raises(ReportError, match=r"old.jsonl:1: not a JSON line"):
        read_explain(str(f))
    r = run("report", str(f))
    assert r.returncode == 2 and r.stderr.decode().count("\n") == 1


def test_the_report_template_is_installed_with_the_package() -> None:
    from importlib.resources import files

    templates = files("textmend.report") / "templates"
    names = {p.name for p in templates.iterdir()}
    assert {"report.html.j2", "report.css", "report.js"} <= names
