"""The seed document is the first acceptance test."""

from __future__ import annotations

from pathlib import Path

import textmend

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _pairs() -> list[tuple[Path, Path]]:
    return [(p, p.with_name(p.name.replace(".txt", ".golden.txt")))
            for p in sorted(SEEDS.glob("*.txt")) if not p.name.endswith(".golden.txt")]


def test_every_seed_has_a_golden_file() -> None:
    pairs = _pairs()
    assert pairs
    for _, golden in pairs:
        assert golden.exists(), golden


def test_seed_cleans_to_golden() -> None:
    for seed, golden in _pairs():
        text = seed.read_text(encoding="utf-8")
        assert textmend.clean(text) == golden.read_text(encoding="utf-8")


def test_seed_edits_are_the_title_and_the_tail() -> None:
    text = (SEEDS / "000_d91eea6ecca854d0.txt").read_text(encoding="utf-8")
    edits = textmend.explain(text).edits
    assert [(e.stage, e.rule) for e in edits if e.stage != "blank_lines"] == [
        ("mangled_title", "twin"),
        ("truncated_tail", "call_to_action"),
    ]


def test_golden_is_a_fixed_point() -> None:
    for _, golden in _pairs():
        text = golden.read_text(encoding="utf-8")
        assert textmend.clean(text) == text


def test_seed_typography_survives() -> None:
    out = textmend.clean((SEEDS / "000_d91eea6ecca854d0.txt").read_text(encoding="utf-8"))
    assert "\u201cruled out\u201d" in out and "\u2014" in out
