"""textmend.testing: the contract checks fail, readably, on broken stages; plugins are checked.

Each broken stage below breaks one clause of the contract the way a real stage
could; check_stage must fail on it with the shrunk counterexample in its message.
The example plugin in tests/plugin_example is registered through the
``textmend.stages`` entry-point group (a ``.dist-info`` on ``sys.path``, nothing
installed) and must pass.
"""

from __future__ import annotations

import importlib
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textmend import DocumentStage, Edit, LineStage, Pipeline, registry
from textmend.testing import (
    ContractError,
    any_text,
    check_pipeline,
    check_stage,
    clean_prose,
    corrupted,
)

PLUGIN = Path(__file__).resolve().parent / "plugin_example"
FEW = 60  # examples per property for the broken stages: each is found in a few dozen


# -- broken stages, one clause each ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class NarrowTrigger(LineStage):
    """Restores "Don39t", but its trigger only knows lower case: "DON39T" is missed."""

    name: ClassVar[str] = "narrow_trigger"
    summary: ClassVar[str] = "broken: trigger misses upper case"
    trigger: ClassVar[re.Pattern[str]] = re.compile(r"[a-z]39[a-z]")

    def fix_line(self, line: str) -> str:
        return re.sub(r"(?<=[A-Za-z])39(?=[A-Za-z])", "'", line)


@dataclass(frozen=True, kw_only=True)
class AnchoredTrigger(LineStage):
    """A trigger anchored with ^ but no re.M: sound per line, blind in a document."""

    name: ClassVar[str] = "anchored_trigger"
    summary: ClassVar[str] = "broken: ^ without re.M"
    trigger: ClassVar[re.Pattern[str]] = re.compile("^\uf0b7 ")

    def fix_line(self, line: str) -> str:
        return "\u2022 " + line[2:] if line.startswith("\uf0b7 ") else line


@dataclass(frozen=True, kw_only=True)
class OnePassEntities(LineStage):
    """Decodes "&amp;" once: "&amp;amp;" needs two runs."""

    name: ClassVar[str] = "one_pass_entities"
    summary: ClassVar[str] = "broken: not idempotent"
    trigger: ClassVar[re.Pattern[str]] = re.compile("&amp;")

    def fix_line(self, line: str) -> str:
        return line.replace("&amp;", "&")


@dataclass(frozen=True, kw_only=True)
class RnToM(LineStage):
    """The OCR confusion rn -> m without a lexicon: "government" becomes "govemment"."""

    name: ClassVar[str] = "rn_to_m"
    summary: ClassVar[str] = "broken: damages clean prose"
    trigger: ClassVar[re.Pattern[str]] = re.compile("rn")

    def fix_line(self, line: str) -> str:
        return line.replace("rn", "m")


@dataclass(frozen=True, kw_only=True)
class EncodesUtf8(LineStage):
    """Round-trips through UTF-8, which raises on a lone surrogate."""

    name: ClassVar[str] = "encodes_utf8"
    summary: ClassVar[str] = "broken: raises"
    trigger: ClassVar[re.Pattern[str]] = re.compile("[^\x00-\x7f]")

    def fix_line(self, line: str) -> str:
        return line.encode("utf-8").decode("utf-8").replace("\ufb01", "fi")


@dataclass(frozen=True, kw_only=True)
class SplitsOnSemicolon(LineStage):
    """Returns a newline: a line stage may not split lines."""

    name: ClassVar[str] = "splits_on_semicolon"
    summary: ClassVar[str] = "broken: returns a newline"
    trigger: ClassVar[re.Pattern[str]] = re.compile(";;")

    def fix_line(self, line: str) -> str:
        return line.replace(";;", "\n")


@dataclass(frozen=True, kw_only=True)
class BlindPrecheck(DocumentStage):
    """Drops blank-line runs, but its precheck looks for tabs."""

    name: ClassVar[str] = "blind_precheck"
    summary: ClassVar[str] = "broken: precheck unsound"

    def precheck(self, text: str) -> bool:
        return "\t" in text

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        out = [ln for i, ln in enumerate(lines) if ln or i == 0 or lines[i - 1]]
        return out, [self.edit("run", 0, lines, out)] if out != lines else []


@dataclass(frozen=True, kw_only=True)
class SilentEdits(DocumentStage):
    """Capitalises the first line but records no edit."""

    name: ClassVar[str] = "silent_edits"
    summary: ClassVar[str] = "broken: edits do not rebuild"

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        if lines[0][:1].islower():
            return [lines[0][0].upper() + lines[0][1:], *lines[1:]], []
        return lines, []


BROKEN = [
    pytest.param(
        NarrowTrigger(),
        "trigger soundness",
        # found per line or, first, in a document: either message names the trigger's miss
        "(does not match a line fix_line changes|misses a line the stage changes)",
        id="narrow_trigger",
    ),
    pytest.param(AnchoredTrigger(), "trigger soundness", "anchors without re.M", id="anchored_trigger"),
    pytest.param(OnePassEntities(), "idempotence", "not idempotent", id="not_idempotent"),
    pytest.param(RnToM(), "no harm to clean prose", "changes clean prose", id="damages_prose"),
    pytest.param(EncodesUtf8(), "never raises", "raised UnicodeEncodeError", id="raises"),
    pytest.param(SplitsOnSemicolon(), "never raises", "returned a newline", id="newline"),
    pytest.param(BlindPrecheck(), "precheck soundness", r"precheck\(\) is False", id="blind_precheck"),
    pytest.param(SilentEdits(), "edits", "do not rebuild the output", id="silent_edits"),
]


@pytest.mark.parametrize(("stage", "clause", "says"), BROKEN)
def test_check_stage_fails_with_a_readable_counterexample(stage: object, clause: str, says: str) -> None:
    with pytest.raises(ContractError) as info:
        check_stage(stage, max_examples=FEW)  # type: ignore[arg-type]
    message = str(info.value)
    assert message.startswith(f"check_stage({stage!r}): {clause}: "), message
    assert re.search(says, message), message
    # The counterexample is shown as a Python literal, shrunk to something short.
    shown = re.findall(r"(?:input|line|document)[:\s]+('.*'|\".*\")", message)
    assert shown, message
    assert len(message) < 2000, message
    assert "Traceback" not in message and "hypothesis" not in message.lower()


def test_check_stage_counterexamples_are_shrunk() -> None:
    with pytest.raises(ContractError) as info:
        check_stage(NarrowTrigger(), checks=["trigger"], max_examples=FEW)
    # Shrunk to a few characters around the missed code: "A39a" at best; the
    # shrinker may stop at a local minimum one letter longer ("aA39a").
    line = re.search(r"(?:line|document):\s+'(.*)'", str(info.value))
    assert line is not None, str(info.value)
    assert len(line.group(1)) <= 6, str(info.value)
    assert re.search(r"[A-Z]39[A-Za-z]|[A-Za-z]39[A-Z]", line.group(1)), str(info.value)


def test_check_stage_runs_only_the_checks_asked_for() -> None:
    check_stage(RnToM(), checks=["never_raises", "trigger", "idempotent", "edits"], max_examples=FEW)
    with pytest.raises(ValueError, match="valid: never_raises"):
        check_stage(RnToM(), checks=["speed"])  # type: ignore[list-item]


def test_check_pipeline_fails_on_a_pipeline_with_a_broken_stage() -> None:
    with pytest.raises(ContractError, match="idempotence"):
        check_pipeline(Pipeline(["line_breaks", OnePassEntities()]), stages=False, max_examples=FEW)


def test_check_pipeline_passes_on_a_layout_pipeline() -> None:
    check_pipeline(Pipeline(["line_breaks", "whitespace", "blank_lines"]), max_examples=20)


# -- the strategies ---------------------------------------------------------------------------


@settings(max_examples=50)
@given(clean_prose())
def test_clean_prose_is_clean_by_construction(text: str) -> None:
    assert "  " not in text and "\r" not in text and "\t" not in text
    assert not re.search(r"(?m)^ | $|\n\n\n", text)
    assert text.rstrip("\n")[-1] in ".?!\u201d\u3002\u0964"
    assert text.count("\u201c") == text.count("\u201d")


@pytest.mark.parametrize(
    ("lang", "script"),
    [("ru", "CYRILLIC"), ("el", "GREEK"), ("ar", "ARABIC"), ("he", "HEBREW"), ("hi", "DEVANAGARI"),
     ("ko", "HANGUL"), ("zh", "CJK"), ("vi", "LATIN")],
)
def test_clean_prose_draws_real_words_in_many_scripts(lang: str, script: str) -> None:
    seen: set[str] = set()

    @settings(max_examples=10, database=None)
    @given(clean_prose(languages=(lang,), min_paragraphs=4))
    def collect(text: str) -> None:
        seen.update(unicodedata.name(c, "?").split()[0] for c in text if c.isalpha())

    collect()
    assert script in seen, seen


@pytest.mark.parametrize("kind", ["entity", "url_debris", "mojibake", "mangled_title", "truncated_tail"])
def test_corrupted_yields_damaged_clean_pairs(kind: str) -> None:
    @settings(max_examples=20, database=None)
    @given(corrupted(kind))
    def pair_differs(pair: tuple[str, str]) -> None:
        damaged, original = pair
        assert damaged != original
        assert damaged.count("\n") >= original.count("\n")

    pair_differs()


def test_corrupted_rejects_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="valid: entity"):
        corrupted("typos")


def test_any_text_reaches_surrogates_and_controls() -> None:
    seen: set[str] = set()

    @settings(max_examples=100, database=None)
    @given(any_text())
    def collect(text: str) -> None:
        for c in text:
            if 0xD800 <= ord(c) <= 0xDFFF:
                seen.add("surrogate")
            elif ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F:
                seen.add("control")

    collect()
    assert {"surrogate", "control"} <= seen


def test_a_clear_import_error_without_hypothesis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "textmend.testing")
    with pytest.raises(ImportError, match=r"pip install 'textmend\[test\]'"):
        importlib.import_module("textmend.testing")
    monkeypatch.undo()
    importlib.import_module("textmend.testing")


# -- the example plugin -----------------------------------------------------------------------


def _entry_points_txt() -> str:
    """The entry points the plugin's pyproject.toml declares, in entry_points.txt form."""
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = []
    for group, entries in project["entry-points"].items():
        lines.append(f"[{group}]")
        lines.extend(f"{name} = {value}" for name, value in entries.items())
    return "\n".join(lines) + "\n"


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The example plugin registered as if pip had installed it: a .dist-info on sys.path."""
    info = tmp_path / "textmend_example_plugin-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: textmend-example-plugin\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(_entry_points_txt(), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(PLUGIN / "src"))
    registry.refresh()
    yield importlib.import_module("textmend_example_plugin")
    monkeypatch.undo()
    sys.modules.pop("textmend_example_plugin", None)
    registry.refresh()


def test_the_registry_finds_the_plugin_stage(plugin) -> None:  # type: ignore[no-untyped-def]
    assert registry.get_stage_class("pua_bullets") is plugin.PuaBullets
    info = {i.name: i for i in registry.list_stages()}["pua_bullets"]
    assert info.origin == "textmend-example-plugin"
    assert info.kind == "line"
    pipeline = Pipeline("default").add("pua_bullets", before="whitespace")
    assert pipeline.clean("Items:\n\uf0b7 one\n\uf0b7 two") == "Items:\n\u2022 one\n\u2022 two"


def test_check_stage_passes_on_the_plugin_stage(plugin) -> None:  # type: ignore[no-untyped-def]
    check_stage(registry.make_stage("pua_bullets"))
    check_stage(registry.make_stage("pua_bullets", {"uniform": True}))


def test_the_plugin_own_tests_pass(plugin) -> None:  # type: ignore[no-untyped-def]
    path = PLUGIN / "tests" / "test_pua_bullets.py"
    spec = importlib.util.spec_from_file_location("test_pua_bullets", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.test_pua_bullets_keeps_the_contract()
    module.test_pua_bullets_is_registered_and_runs_in_a_pipeline()
