"""The public API: names, types, errors."""

from __future__ import annotations

import pytest

import textmend
from textmend import ConfigError, Pipeline


def test_all_is_sorted_and_complete() -> None:
    assert textmend.__all__ == sorted(textmend.__all__)
    public = {n for n in dir(textmend) if not n.startswith("_")} - {
        # submodules and the version string are not part of __all__
        "api", "errors", "facts", "lexicon", "linkmarkup", "pipeline", "profiles", "registry",
        "scan", "stage", "stages", "corpus", "cli", "testing", "ray", "integrations", "report",
    }
    assert public == set(textmend.__all__)


def test_bytes_raise_type_error_that_says_decode() -> None:
    with pytest.raises(TypeError, match="decode"):
        textmend.clean(b"bytes")  # type: ignore[arg-type]


def test_non_str_raises_type_error() -> None:
    with pytest.raises(TypeError, match="str"):
        textmend.clean(42)  # type: ignore[arg-type]


def test_unknown_profile_names_valid_ones() -> None:
    with pytest.raises(ConfigError, match="default") as err:
        textmend.clean("x", profile="nope")
    assert "nope" in str(err.value)


def test_unknown_stage_names_valid_ones() -> None:
    with pytest.raises(ConfigError, match="whitespace"):
        textmend.clean("x", stages=["no_such_stage"])


def test_unknown_option_names_valid_ones() -> None:
    with pytest.raises(ConfigError, match="collapse_runs"):
        Pipeline("default").configure("whitespace", colapse=True)


def test_option_type_checked() -> None:
    with pytest.raises(ConfigError, match="must be"):
        Pipeline("default").configure("blank_lines", max_run="two")


def test_empty_and_whitespace_text() -> None:
    assert textmend.clean("") == ""
    assert textmend.clean("\n") == ""
    assert textmend.clean("   ") == ""  # a whitespace-only text is a run of blank lines


def test_stages_argument_replaces_profile() -> None:
    opts = {"min_line_length": 0, "min_run": 2}
    assert textmend.clean("a  b  ", stages=[("whitespace", opts)]) == "a b  "
    assert textmend.clean("a  b  ", stages=[("whitespace", {**opts, "trailing": True})]) == "a b"


def test_explain_edits_rebuild_output() -> None:
    text = "Title 39bad39.com2F252Fabcdef0123456789\n\nTitle 'bad'\n\nDon39t  stop.  \n\n\nRead more at"
    result = textmend.explain(text)
    assert textmend.apply_edits(text, result.edits) == result.text
    assert result.text == textmend.clean(text)
    assert all(isinstance(e, textmend.Edit) for e in result.edits)


def test_edit_serialises_round_trip() -> None:
    edit = textmend.Edit("s", "r", 3, "a\nb", None, 2)
    assert textmend.Edit.from_dict(edit.to_dict()) == edit
    assert edit.kind == "remove"


def test_list_stages_reports_summaries_and_options() -> None:
    infos = {info.name: info for info in textmend.list_stages()}
    for name in textmend.PROFILES["default"]:
        assert name in infos
        assert infos[name].summary
    ws = infos["whitespace"]
    assert ws.kind == "line"
    assert {o.name for o in ws.options} >= {"trailing", "collapse_runs"}
    assert infos["blank_lines"].kind == "document"
