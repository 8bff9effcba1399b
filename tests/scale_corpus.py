"""The 1,000-document JSON Lines corpus the scaling tests clean with every engine.

Built at test time from the real text in benchmarks/data (sources and licences
in each SOURCES.md), so nothing large is committed:

- every clean document (code, legal, literature, Markdown, news, tables,
  technical, UDHR, Wikipedia) — must come out unchanged;
- every real scraped document, scraped line (``cases.jsonl`` inputs), mangled
  title and truncated tail case, and AG News headline;
- the rest composed from those real pieces: a headline, a blank line, a
  scraped line and a paragraph of a clean news article, a few with Windows
  line ends — the shape of a scraped article.

Records are ``{"id": "doc-0000", "source": ..., "text": ...}``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
SIZE = 1000


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def documents() -> list[dict[str, str]]:
    """The corpus records, in a fixed order."""
    pieces: list[tuple[str, str]] = []
    for entry in _jsonl(DATA / "clean" / "manifest.jsonl"):
        path = DATA / "clean" / entry["file"]
        pieces.append((f"clean/{entry['file']}", path.read_text(encoding="utf-8")))
    for entry in _jsonl(DATA / "scraped" / "docs.jsonl"):
        path = DATA / "scraped" / entry["file"]
        pieces.append((f"scraped/{entry['file']}", path.read_text(encoding="utf-8")))
    scraped_lines = [c["input"] for c in _jsonl(DATA / "scraped" / "cases.jsonl")]
    pieces.extend(("scraped/cases", s) for s in scraped_lines)
    for name in ("titles", "tails"):
        pieces.extend((f"{name}/cases", c["input"]) for c in _jsonl(DATA / name / "cases.jsonl"))
    headlines = [
        h for h in (DATA / "headlines" / "ag_news_titles.txt").read_text("utf-8").split("\n") if h
    ]
    pieces.extend(("headlines", h) for h in headlines)

    news = [t for src, t in pieces if src.startswith("clean/news/")]
    paragraphs = [p for t in news for p in t.split("\n\n") if len(p) > 200]
    rng = random.Random(7)
    while len(pieces) < SIZE:
        text = "\n\n".join(
            [rng.choice(headlines), rng.choice(scraped_lines), rng.choice(paragraphs)]
        )
        if rng.random() < 0.1:
            text = text.replace("\n", "\r\n")
        pieces.append(("composed", text))
    pieces = pieces[:SIZE]
    return [
        {"id": f"doc-{i:04d}", "source": source, "text": text}
        for i, (source, text) in enumerate(pieces)
    ]


def write(path: Path) -> list[dict[str, str]]:
    """Write the corpus to ``path`` as JSON Lines and return its records."""
    records = documents()
    with path.open("w", encoding="utf-8", newline="") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


def read_texts(paths: list[Path]) -> dict[str, str]:
    """``{id: text}`` of every record in the JSON Lines files ``paths``."""
    texts: dict[str, str] = {}
    for path in paths:
        with path.open(encoding="utf-8", newline="") as fh:
            for line in fh:
                if line.strip():
                    record = json.loads(line)
                    texts[record["id"]] = record["text"]
    return texts
