"""Write the committed web-damage fixtures (tests/data/web/*.jsonl) from repository data only.

    python tests/data/web/make_fixtures.py            # rewrite the files
    python tests/data/web/make_fixtures.py --check    # exit 1 if they are out of date

Sources, all already in the repository: the 124 real AG News headlines
(benchmarks/data/headlines/ag_news_titles.txt), real BBC news articles
(benchmarks/news/bbc_sample.tsv), the clean corpus (benchmarks/data/clean: news,
wikipedia, udhr in many languages, literature); URLs are synthetic
(``tests.webdamage.synthetic_urls``). The damage is the model of ``tests/webdamage.py``,
the same the web development set uses on real pages.

Files and their records (one JSON object a line, all with ``kind``, ``input``,
``expected``):

- ``titles.jsonl``: ``title_twin`` (mangled headline, blank, its twin, blank, body:
  expected is the twin and the body), ``title_alone`` (expected: the cut headline as
  written, then the body), ``title_clean`` (unchanged). Fields ``mangled``,
  ``glued_debris``, ``debris_origin``, ``strip_mode``.
- ``entities.jsonl``: ``entity`` (real sentences with entities stripped; ``instances``
  list each residue's ``start`` in the input, ``residue``, ``expected_start``,
  ``expected`` and ``entity``), one record per form and strip mode of every
  character of ``ENTITY_FORMS`` that the sentences hold, and ``entity_clean``
  (sentences where entity-like codes are numbers, words or URLs: unchanged).
- ``tails.jsonl``: ``cta`` (a stripped call to action after real paragraphs:
  expected is the paragraphs) and ``wrapped_clean`` (real prose in 30 languages
  hard-wrapped at a random width and cut at a random line or word: unchanged).

The generator is deterministic (seed below); ``tests/test_webdamage.py`` checks that the
files are what it writes.
"""

from __future__ import annotations

import html
import json
import random
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.webdamage import (  # noqa: E402
    ENTITY_FORMS,
    STRIP_MODES,
    damage_entities,
    mangle_title,
    pick_debris,
    synthetic_urls,
    with_site_suffix,
)

HERE = Path(__file__).resolve().parent
SEED = 20261203
HEADLINES = ROOT / "benchmarks" / "data" / "headlines" / "ag_news_titles.txt"
BBC = ROOT / "benchmarks" / "news" / "bbc_sample.tsv"
CLEAN = ROOT / "benchmarks" / "data" / "clean"

# Calls to action as scrapers leave them once the link text is gone; the site
# names are the synthetic ones of tests.webdamage.SITES.
CTAS = (
    "Follow AP's coverage of the war at",
    "Read more on",
    "Click here to",
    "For the latest updates, follow us on",
    "This article originally appeared on",
    "Read the full story at",
    "Sign up for our newsletter at",
    "Watch the full interview on",
    "Read more:",
    "Leia mais em",
    "Lire aussi :",
    "Mehr dazu bei",
)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n|  +", text) if len(p.split()) >= 8]


def bbc_articles() -> list[list[str]]:
    out = []
    for line in BBC.read_text(encoding="utf-8").split("\n"):
        cols = line.split("\t")
        if len(cols) >= 4:
            paras = _paragraphs(cols[3])
            if len(paras) >= 2:
                out.append(paras)
    return out


def clean_headline(h: str) -> str:
    """An AG News headline as its author wrote it: the corpus's own damage undone.

    AG News wrote entities as `` #39;`` (space, no ``&``) and kept escaped tags
    (``&lt;b&gt;...&lt;/b&gt;``); the fixtures need clean titles to damage.
    """
    h = h.replace("&lt;b&gt;...&lt;/b&gt;", "")
    h = re.sub(r" ?#(\d+);", lambda m: chr(int(m.group(1))), h)
    h = html.unescape(h)
    return " ".join(h.split())


def headlines() -> list[str]:
    out = []
    for line in HEADLINES.read_text(encoding="utf-8").split("\n"):
        h = clean_headline(line)
        if len(h.split()) >= 3 and not re.search(r"[#&<>]", h):
            out.append(h)
    return out


def title_cases(rng: random.Random) -> Iterator[dict[str, Any]]:
    arts = bbc_articles()
    for title in headlines():
        body = "\n\n".join(rng.choice(arts)[:2])
        sentence = body.split(". ")[0]
        for kind in ("title_twin", "title_alone"):
            origin, enc = rng.choice(synthetic_urls(title, sentence, rng))
            debris = pick_debris(enc, rng)
            if debris is None:
                continue
            mode = rng.choice(STRIP_MODES)
            chars = {"'": rng.choice(ENTITY_FORMS["'"]), '"': rng.choice(ENTITY_FORMS['"']), "&": "&amp;"}
            m = mangle_title(title, debris, rng, chars=chars, mode=mode)
            meta = {"mangled": m.line, "glued_debris": debris, "debris_origin": origin, "strip_mode": mode}
            if kind == "title_twin":
                twin = with_site_suffix(title, rng) if rng.random() < 0.4 else title
                yield {"kind": kind, "input": f"{m.line}\n\n{twin}\n\n{body}", "expected": f"{twin}\n\n{body}", **meta}
            else:
                yield {"kind": kind, "input": f"{m.line}\n\n{body}", "expected": f"{m.cut}\n\n{body}", **meta}
        doc = f"{with_site_suffix(title, rng) if rng.random() < 0.5 else title}\n\n{body}"
        yield {"kind": "title_clean", "input": doc, "expected": doc}


def clean_texts() -> list[str]:
    out = []
    for sub in ("news", "wikipedia"):
        for path in sorted((CLEAN / sub).glob("*.txt")):
            out.extend(_paragraphs(path.read_text(encoding="utf-8")))
    return out


_LOOKALIKE_RE = re.compile(
    r"[A-Za-z]\d{2,4}\b|\b\d{2,4}[a-z]|\w*(amp|quot|nbsp|deg|reg|copy|trade|bull|pound|euro)\w*", re.IGNORECASE
)


def entity_cases(rng: random.Random) -> Iterator[dict[str, Any]]:
    texts = clean_texts()
    for ch, forms in ENTITY_FORMS.items():
        holders = [t for t in texts if ch in t and len(t) < 1200]
        if not holders:
            # A character no clean text holds: a sentence of the corpus with it put
            # where it fits (a no-break space between words, a degree sign after a number).
            if ch == "\N{NO-BREAK SPACE}":
                holders = [t.replace(" ", ch, 1) for t in texts if len(t) < 400][:3]
            elif ch == "\N{DEGREE SIGN}":
                holders = ["Temperatures reached 21\N{DEGREE SIGN}C in London on Monday, the warmest day of the year."]
            else:
                continue
        for form in forms:
            for mode in STRIP_MODES:
                text = rng.choice(holders)
                damaged, inst = damage_entities(text, {ch: form}, mode)
                yield {
                    "kind": "entity", "char": ch, "entity": form, "strip_mode": mode,
                    "input": damaged, "expected": text,
                    "instances": [i.__dict__ for i in inst],
                }
    for text in texts:
        if _LOOKALIKE_RE.search(text) and len(text) < 1200:
            yield {"kind": "entity_clean", "input": text, "expected": text}


def wrapped(paras: list[str], rng: random.Random) -> str:
    """Paragraphs hard-wrapped at a random width and cut at a random line, or chunked mid-sentence.

    Neither leaves a fragment standing alone after a finished paragraph (that is
    what a truncated tail looks like): a wrapped paragraph is cut after its second
    line at the earliest, a chunked one after its first sentence.
    """
    if rng.random() < 0.6:
        width = rng.randint(40, 100)
        lines: list[str] = []
        for i, p in enumerate(paras):
            if i:
                lines.append("")
            lines.extend(textwrap.wrap(p, width, break_long_words=False, break_on_hyphens=False))
        first_of_last = max((i for i, ln in enumerate(lines) if ln == ""), default=-1) + 1
        earliest = min(first_of_last + 1, len(lines) - 1)
        return "\n".join(lines[: rng.randint(earliest, len(lines) - 1) + 1])
    last = paras[-1]
    ends = [m.end() for m in re.finditer(r"[.!?][\"'\u201d\u2019)]*(?= )", last)]
    if not ends or ends[0] >= len(last) - 2:
        return "\n\n".join(paras)  # one sentence: kept whole
    words_after = last[ends[0] :].split(" ")
    k = rng.randint(2, max(2, len(words_after) - 1))
    return "\n\n".join(paras[:-1] + [last[: ends[0]] + " ".join(words_after[:k])])


def tail_cases(rng: random.Random) -> Iterator[dict[str, Any]]:
    arts = bbc_articles()
    for cta in CTAS:
        for _ in range(3):
            body = "\n\n".join(rng.choice(arts)[:3])
            yield {"kind": "cta", "input": f"{body}\n\n{cta}", "expected": body, "cta": cta}
    for sub in ("udhr", "literature", "news", "wikipedia"):
        for path in sorted((CLEAN / sub).glob("*.txt")):
            paras = _paragraphs(path.read_text(encoding="utf-8"))
            if len(paras) < 2:
                continue
            start = rng.randint(0, len(paras) - 2)
            doc = wrapped(paras[start : start + rng.randint(2, 3)], rng)
            yield {"kind": "wrapped_clean", "source": f"benchmarks/data/clean/{sub}/{path.name}", "input": doc, "expected": doc}


def render() -> dict[str, str]:
    files = {}
    for name, maker in (("titles", title_cases), ("entities", entity_cases), ("tails", tail_cases)):
        rng = random.Random(f"{SEED}:{name}")
        files[f"{name}.jsonl"] = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in maker(rng))
    return files


def main(argv: list[str]) -> int:
    files = render()
    if "--check" in argv:
        stale = [n for n, text in files.items() if not (HERE / n).exists() or (HERE / n).read_text(encoding="utf-8") != text]
        if stale:
            print(f"out of date: {', '.join(stale)} (run python tests/data/web/make_fixtures.py)")
            return 1
        return 0
    for name, text in files.items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"{HERE / name}: {text.count(chr(10))} records, {len(text.encode()) / 1e3:.0f} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
