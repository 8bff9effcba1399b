"""A small real corpus for the report's tests: scraped lines and pages, one broken record, one attack.

Real scraped text (tests/data/scraped: AG News lines with entity residue, SMS
mojibake, IMDB ``<br />``, scraped pages) in JSON Lines and plain-text files,
a broken JSON record at a known line, and a record of its own file whose text
and id carry markup that would run if the report did not escape it. Fewer
files than a rule keeps examples (24), so every file that has an edit of a
rule gives that rule an example: the attack is always on the page.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from tests.datasets import DATA, cases

# Would mark the page if it ran; shown as text when escaped.
SCRIPT = '<script>document.documentElement.setAttribute("data-pwned", "script")</script>'
ID_ATTACK = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">"
# Mojibake on the line of the script ("It\u2019s" as UTF-8 read as Windows-1252): the line is
# repaired, so it is an example, before and after. (Entity residue beside real markup is kept.)
ATTACK_TEXT = f"It\u00e2\u20ac\u2122s here: {SCRIPT} and more.\n\n\n\nEnd  of   story"
BROKEN = b'{"id": "broken-1", "text": "cut off'


def make_corpus(root: Path) -> dict[str, Any]:
    """Write the corpus under ``root``; returns where its bad record is and the record counts."""
    inputs = [c["input"] for c in cases("scraped")]
    half = len(inputs) // 2
    news = root / "news"
    news.mkdir(parents=True)
    lines = [json.dumps({"id": f"ag{k}", "text": t}, ensure_ascii=False).encode() for k, t in enumerate(inputs[:half])]
    lines.insert(7, BROKEN)  # line 8 of its file
    (news / "part1.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    more = [json.dumps({"id": f"ag{k}", "text": t}, ensure_ascii=False) for k, t in enumerate(inputs[half:], half)]
    (news / "part2.jsonl.gz").write_bytes(gzip.compress(("\n".join(more) + "\n").encode()))
    (news / "attack.jsonl").write_text(json.dumps({"id": ID_ATTACK, "text": ATTACK_TEXT}) + "\n")
    pages = root / "pages"
    pages.mkdir()
    docs = sorted(p for p in (DATA / "scraped" / "docs").iterdir() if p.is_file())
    for p in docs:
        (pages / p.name).write_bytes(p.read_bytes())
    return {
        "bad": (str(news / "part1.jsonl"), 8),
        "records": len(inputs) + 1 + len(docs) + 1,  # the broken record counts as a document
        "files": 3 + len(docs),
    }
