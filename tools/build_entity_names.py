"""Rebuild ``src/textmend/data/entity_names.tsv``: which HTML5 entity names can be told
apart from words when a scraper strips their ``&`` and ``;``.

``entity_residue`` restores a bare entity name glued into text (``TermsnbspofnbspUse``)
only when the name is *distinctive*: no common word of the languages below contains
it. For every lower-case HTML5 entity name of 4 letters or more, this script finds
the most frequent word (wordfreq, Zipf scale, the largest lists of en, de, fr, es, it,
pt, nl) that contains the name and is not the name itself (wordfreq's web text holds
scraper residue too: "nbsp" and "rsquo" are in its lists) nor the name with a
trailing "s". A name whose best such word is below Zipf 2.5 is distinctive.

Source: wordfreq 3.1 (Apache-2.0 code; word lists CC-BY-SA 4.0, whose derived
facts here are a yes/no per entity name). Run: ``python tools/build_entity_names.py``.
"""

from __future__ import annotations

import math
import re
from html.entities import html5
from pathlib import Path

import wordfreq

LANGS = ("en", "de", "fr", "es", "it", "pt", "nl")
THRESHOLD = 2.5
OUT = Path(__file__).resolve().parents[1] / "src" / "textmend" / "data" / "entity_names.tsv"


def main() -> None:
    names = sorted({k.rstrip(";") for k in html5 if re.fullmatch(r"[a-z][a-z0-9]{3,}", k.rstrip(";"))})
    best: dict[str, float] = {}
    for lang in LANGS:
        for word, freq in wordfreq.get_frequency_dict(lang, wordlist="large").items():
            z = math.log10(freq) + 9.0
            if z >= THRESHOLD and word.isalpha():
                best[word] = max(best.get(word, 0.0), z)
    words = sorted(best, key=lambda w: -best[w])
    rows = []
    for name in names:
        top = next((w for w in words if name in w and w not in (name, name + "s")), None)
        if top is None:
            rows.append(name)
    OUT.write_text(
        "# HTML5 entity names no common word contains (tools/build_entity_names.py)\n"
        + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    print(f"{len(rows)} of {len(names)} names distinctive -> {OUT}")


if __name__ == "__main__":
    main()
