"""The documentation: every example runs, the stage reference is complete, the site builds.

- Every ```python block of docs/*.md runs (from the repository root, each in a
  fresh namespace). A block that must not run is preceded by a line
  ``<!-- no-run: why -->``; the reason is required.
- The generated stage reference (docs/hooks/gen_stages.py) has, for every
  stage, a repair example and a no-op example, and every example passes.
- ``mkdocs build --strict`` succeeds (with the ``docs`` extra).
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import textmend

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BLOCK_RE = re.compile(r"^(?P<mark><!-- no-run: (?P<why>.*?) -->\n)?```python\n(?P<code>.*?)^```", re.M | re.S)


def _blocks() -> list[Any]:
    params = []
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for i, m in enumerate(BLOCK_RE.finditer(text)):
            line = text.count("\n", 0, m.start("code")) + 1
            marks = []
            if m.group("mark"):
                marks.append(pytest.mark.skip(reason=m.group("why").strip() or "no reason given"))
            params.append(
                pytest.param(page, line, m.group("code"), m.group("why"), id=f"{page.name}:{line}", marks=marks)
            )
    return params


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_stages", DOCS / "hooks" / "gen_stages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_stages"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_no_run_marks_give_a_reason() -> None:
    for page in DOCS.glob("*.md"):
        for m in BLOCK_RE.finditer(page.read_text(encoding="utf-8")):
            if m.group("mark"):
                assert m.group("why").strip(), f"{page.name}: a no-run mark needs a reason"


@pytest.mark.parametrize(("page", "line", "code", "why"), _blocks())
def test_python_block_runs(page: Path, line: int, code: str, why: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    source = "\n" * (line - 1) + code  # tracebacks point at the page's line numbers
    module = types.ModuleType("__docs__")
    monkeypatch.setitem(sys.modules, "__docs__", module)  # dataclasses look their module up
    try:
        exec(compile(source, str(page), "exec"), module.__dict__)
    finally:
        ray = sys.modules.get("ray")
        if ray is not None and hasattr(ray, "is_initialized") and ray.is_initialized():
            ray.shutdown()  # a page that starts Ray must not leave it to the next test


def test_every_stage_has_a_repair_and_a_no_op_example() -> None:
    gen = _load_generator()
    for info in textmend.list_stages():
        if info.origin != "builtin":
            continue
        kinds = {ex.kind for ex in gen.stage_examples(info.cls)}
        assert {"repair", "no-op"} <= kinds, f"{info.name}: its docstring needs a repair and a no-op example"


def test_stage_reference_examples_pass() -> None:
    """The examples as the page shows them (pycon) pass when run by doctest."""
    gen = _load_generator()
    page = gen.render()
    for info in textmend.list_stages():
        assert f"## `{info.name}`" in page
    for info in textmend.list_stages():
        section = page.split(f"## `{info.name}`", 1)[1].split("\n## ", 1)[0]
        module = sys.modules[info.cls.__module__]
        for block in re.findall(r"```pycon\n(.*?)```", section, re.S):
            test = doctest.DocTestParser().get_doctest(
                block, dict(vars(module)), f"stages.md:{info.name}", None, 0
            )
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
            runner.run(test)
            assert runner.failures == 0, f"stages.md example for {info.name} fails:\n{block}"


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert (tmp_path / "site" / "stages" / "index.html").is_file()


def test_the_report_page_shows_a_real_screenshot() -> None:
    """docs/report.md is in the nav and shows a screenshot of a report, not a blank image."""
    from PIL import Image

    assert "report.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    page = (DOCS / "report.md").read_text(encoding="utf-8")
    (image,) = re.findall(r"!\[[^\]]+\]\((assets/[^)]+\.png)\)", page)
    with Image.open(DOCS / image) as img:
        rgb = img.convert("RGB")
    width, height = rgb.size
    assert width >= 1000 and height >= 1000
    colours = rgb.getcolors(maxcolors=width * height)
    assert colours is not None and len(colours) > 50
    assert 1 - max(colours)[0] / (width * height) > 0.03  # ink, not one colour
