"""Golden cases: every tests/golden/*.json file (see tests/golden/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import textmend

GOLDEN = Path(__file__).resolve().parent / "golden"
ROOT = GOLDEN.parent.parent


def _load() -> list[Any]:
    params = []
    for path in sorted(GOLDEN.glob("*.json")):
        for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            marks = []
            if case.get("expect", "pass") == "fail":
                marks.append(pytest.mark.xfail(reason=case.get("comment", ""), strict=True))
            params.append(pytest.param(case, id=f"{path.stem}:{i}:{case['label']}", marks=marks))
    return params


def _text(case: dict[str, Any], key: str) -> str:
    value = case[key]
    if isinstance(value, dict):  # {"file": "seeds/…"}
        return (ROOT / value["file"]).read_text(encoding="utf-8")
    return str(value)


@pytest.mark.parametrize("case", _load())
def test_golden(case: dict[str, Any]) -> None:
    text = _text(case, "input")
    expected = text if case.get("expected") is None else _text(case, "expected")
    assert textmend.clean(text, profile=case.get("profile", "default")) == expected


def test_golden_files_are_well_formed() -> None:
    origins = {"in_the_wild", "synthetic", "negative", "known_failures"}
    for path in GOLDEN.glob("*.json"):
        assert any(path.stem == o or path.stem.startswith(o + "_") for o in origins), path.name
        for case in json.loads(path.read_text(encoding="utf-8")):
            assert {"label", "comment", "input", "expect"} <= set(case), (path.name, case)
            assert case["expect"] in {"pass", "fail"}
            if path.stem.startswith("negative"):
                assert case.get("expected") is None, "negative cases must come out unchanged"
