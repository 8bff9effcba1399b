"""Pipeline building and the fast path against reference mode."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

import pytest

from textmend import ConfigError, DocumentStage, Edit, LineStage, Pipeline, apply_edits
from textmend.scan import candidate_lines, join_triggers


@dataclass(frozen=True, kw_only=True)
class Shout(LineStage):
    """Upper-case the word 'shout'."""

    name: ClassVar[str] = "shout"
    summary: ClassVar[str] = "Upper-case 'shout'."
    trigger: ClassVar[re.Pattern[str]] = re.compile("shout")

    def fix_line(self, line: str) -> str:
        return line.replace("shout", "SHOUT")


@dataclass(frozen=True, kw_only=True)
class DropMarked(DocumentStage):
    name: ClassVar[str] = "drop_marked"
    summary: ClassVar[str] = "Drop lines that are exactly 'DROP'."

    def precheck(self, text: str) -> bool:
        return "DROP" in text

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        out, edits = [], []
        for i, line in enumerate(lines):
            if line == "DROP":
                edits.append(self.edit("marked", i, [line], None))
            else:
                out.append(line)
        return out, edits


def test_build_from_instances_and_names() -> None:
    p = Pipeline([Shout(), ("whitespace", {"trailing": True, "min_line_length": 0, "min_run": 2}), DropMarked()])
    assert p.names == ("shout", "whitespace", "drop_marked")
    assert p.clean("shout  it\nDROP\nok  ") == "SHOUT it\nok"


def test_modifications_return_new_pipelines() -> None:
    p = Pipeline("default")
    q = p.remove("truncated_tail")
    assert "truncated_tail" in p.names and "truncated_tail" not in q.names
    r = q.add(Shout(), after="whitespace")
    assert r.names.index("shout") == r.names.index("whitespace") + 1
    s = r.replace("shout", "truncated_tail")
    assert s.names.index("truncated_tail") == r.names.index("shout")
    t = p.configure("blank_lines", max_run=2)
    assert t.get("blank_lines").max_run == 2  # type: ignore[attr-defined]
    assert p.get("blank_lines").max_run == 1  # type: ignore[attr-defined]
    m = p.move("whitespace", before="line_breaks")
    assert m.names[0] == "whitespace"


def test_duplicate_stage_refused() -> None:
    with pytest.raises(ConfigError, match="once"):
        Pipeline(["whitespace", "whitespace"])


def test_missing_stage_in_pipeline_names_its_stages() -> None:
    with pytest.raises(ConfigError, match="line_breaks"):
        Pipeline("default").remove("shout")


def test_line_stage_returning_newline_is_an_error() -> None:
    @dataclass(frozen=True)
    class Bad(LineStage):
        name: ClassVar[str] = "bad"
        summary: ClassVar[str] = "bad"
        trigger: ClassVar[re.Pattern[str]] = re.compile("x")

        def fix_line(self, line: str) -> str:
            return line.replace("x", "\n")

    from textmend import StageError

    with pytest.raises(StageError):
        Pipeline([Bad()]).clean("axb")


TEXTS = [
    "",
    "\n",
    "shout\n\nshout  twice  \n\n\n\nDROP\nend",
    "no match here",
    "a\r\nb\r\n\r\n\r\nc\r",
    "DROP\nDROP",
    "  shout  \n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_path_equals_reference(text: str) -> None:
    p = Pipeline([Shout(), "line_breaks", ("whitespace", {"trailing": True, "min_line_length": 0}), DropMarked(), "blank_lines"])
    fast, ref = p.explain(text), p.with_reference().explain(text)
    assert fast.text == ref.text
    assert apply_edits(text, fast.edits) == fast.text
    assert apply_edits(text, ref.edits) == ref.text


def test_candidate_lines_finds_each_line_once() -> None:
    text = "ab\nxx x\n\nx\nlast x"
    spans = list(candidate_lines(re.compile("x"), text))
    assert [text[s:e] for s, e in spans] == ["xx x", "x", "last x"]


def test_join_triggers_keeps_flags_scoped() -> None:
    joined = join_triggers([re.compile("abc", re.I), re.compile("xyz"), re.compile("q  # c", re.X)])
    assert joined.search("ABC") and joined.search("xyz") and joined.search("q")
    assert not joined.search("XYZ")
