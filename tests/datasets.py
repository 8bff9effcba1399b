"""Loaders for the real test data in tests/data (sources in each SOURCES.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def clean_documents(*, markdown: bool = True) -> Iterator[tuple[str, str]]:
    """``(relative path, text)`` of every real clean document in tests/data/clean."""
    root = DATA / "clean"
    for path in sorted(root.rglob("*")):
        if path.is_dir() or path.name in {"SOURCES.md", "manifest.jsonl"}:
            continue
        rel = path.relative_to(root).as_posix()
        if not markdown and rel.startswith("markdown/"):
            continue
        yield rel, path.read_text(encoding="utf-8")


def cases(name: str) -> list[dict[str, Any]]:
    """The JSON-lines cases of tests/data/<name>/cases.jsonl."""
    path = DATA / name / "cases.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
