"""Build the throughput corpora from real news text: clean, 3 %-dirty and typographic.

Sources (``benchmarks/news/``, see ``benchmarks/SOURCES-news.md``): 350 Australian
Broadcasting Corporation news articles (the Lee corpus, as shipped in gensim's
test data) and five BBC News articles (2004-5). None of it is used by the
project's tests or to tune a stage. Each article stays one document; the
corpora are made by repeating the article list until they reach the asked size
(50 MB by default), and are written as JSON lines to a scratch folder outside
the repository.

- ``clean.jsonl``: the articles as they are.
- ``dirty.jsonl``: about 3 % of the non-blank lines damaged the way scrapers damage
  them (seeded, so every build is the same): stripped entities in contractions
  (``Don39t``, ``Karzai #39;s``), real entities (``&#39;``, ``&quot;``, ``&amp;``),
  URL path residue glued after a word, mojibake (UTF-8 read as Windows-1252 or
  Latin-1), a mangled copy of the title above the article, a call to action cut
  at its link as the last line. Each record keeps ``expected`` (the article as
  it was before damage) and the list of corruptions, so the runner can count
  what each tool repaired.
- ``typographic.jsonl``: straight quotes and apostrophes made curly, `` - `` and
  ``--`` made dashes, ``...`` an ellipsis, on every line that has one.

Run: ``python benchmarks/build_corpus.py --size-mb 50`` (``--out`` picks the folder;
``--extra DIR`` adds the ``*.txt`` files of DIR as more articles).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NEWS = HERE / "news"
DEFAULT_OUT = Path(os.environ.get("TEXTMEND_BENCH_DIR", Path(tempfile.gettempdir()) / "textmend-bench"))
VARIANTS = ("clean", "dirty", "typographic")

# -- sources -----------------------------------------------------------------------

# A sentence ends at . ! or ? (with its closing quote) before a capital or a quote.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"'(A-Z0-9])|(?<=[.!?][\"'])\s+")


def _paragraphs(text: str, per: int = 2) -> list[str]:
    """``text`` (one line per article) cut into paragraphs of ``per`` sentences."""
    sentences = [s for s in _SENTENCE_END_RE.split(text.strip()) if s]
    return [" ".join(sentences[i : i + per]) for i in range(0, len(sentences), per)]


def load_sources(extra: list[Path] | None = None) -> list[dict[str, Any]]:
    """The source articles: ``{"id", "title", "text"}`` with ``text`` the whole document."""
    docs: list[dict[str, Any]] = []
    # Lee corpus: one article per line, no title, Latin-1 (one line has a pound sign).
    for name in ("lee_background.cor", "lee.cor"):
        raw = (NEWS / name).read_bytes().decode("latin-1")
        for i, line in enumerate(raw.split("\n")):
            if line.strip():
                # Wire copy: one or two sentences per paragraph, one paragraph a line.
                docs.append({"id": f"{name}:{i + 1}", "title": None, "text": "\n".join(_paragraphs(line))})
    # BBC sample: category, file, title, content with paragraphs joined by two spaces
    # (the dataset's flattening of its blank-line-separated paragraphs); rebuilt as
    # the original files were: title, blank line, paragraphs separated by blank lines.
    for line in (NEWS / "bbc_sample.tsv").read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        category, fname, title, content = line.split("\t")
        paras = [p.strip() for p in content.strip().split("  ") if p.strip()]
        docs.append(
            {"id": f"bbc/{category}/{fname}", "title": title, "text": "\n\n".join([title, *paras])}
        )
    for folder in extra or []:
        for path in sorted(Path(folder).rglob("*.txt")):
            text = path.read_text(encoding="utf-8").rstrip("\n")
            first = text.split("\n", 1)[0]
            title = first if 0 < len(first.split()) <= 20 and not first.endswith(".") else None
            docs.append({"id": str(path), "title": title, "text": text})
    return docs


# -- typography --------------------------------------------------------------------

_DOUBLE_OPEN_RE = re.compile(r'(?:(?<=^)|(?<=[\s(\[{\u2014\u2013]))"')
_SINGLE_OPEN_RE = re.compile(r"(?:(?<=^)|(?<=[\s(\[{\u201c\u2014\u2013]))'(?=\w)")


def typographize(line: str) -> str:
    """``line`` with modern typography: curly quotes, en/em dashes, ellipsis.

    >>> typographize('He said "it\\'s done" - really... -- twice')
    'He said \\u201cit\\u2019s done\\u201d \\u2013 really\\u2026 \\u2014 twice'
    """
    line = line.replace("...", "\u2026").replace("--", "\u2014").replace(" - ", " \u2013 ")
    line = _DOUBLE_OPEN_RE.sub("\u201c", line).replace('"', "\u201d")
    line = _SINGLE_OPEN_RE.sub("\u2018", line).replace("'", "\u2019")
    return line


# -- damage ------------------------------------------------------------------------

_HEX = "0123456789abcdef"


def _hexrun(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_HEX) for _ in range(n))


def url_residue(rng: random.Random) -> str:
    """Percent-encoded URL path residue with its ``%`` lost, as on the seed's first line."""
    return ".com2F" + rng.choice(["24", "23", "22"]) + "2F252F" + _hexrun(rng, 32) + "2F" + _hexrun(rng, 24)


def _sloppy_cp1252(data: bytes) -> str:
    # Windows-1252 with its five undefined bytes read as Latin-1, as browsers do.
    return "".join(
        data[i : i + 1].decode("cp1252", errors="strict") if data[i] not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
        else chr(data[i])
        for i in range(len(data))
    )


def _damage_line(line: str, rng: random.Random) -> tuple[str, str, str] | None:
    """``(kind, damaged, expected)`` for one line, or ``None`` when no kind applies."""
    kinds: dict[str, float] = {}
    if re.search(r"[^\W\d_]'[^\W\d_]", line):
        kinds.update(residue_39=2, residue_hash=2, entity_39=1)
    if '"' in line:
        kinds["entity_quot"] = 1
    if "&" in line:
        kinds["entity_amp"] = 1
    if re.search(r"\w\.$", line):
        kinds["url_debris"] = 1.5
    typo = typographize(line)
    if typo != line or not line.isascii():
        kinds.update(mojibake_cp1252=2, mojibake_latin1=1)
    if not kinds or (list(kinds) == ["url_debris"] and rng.random() < 0.6):
        return None  # most lines only fit URL debris: keep the kinds balanced
    kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
    if kind == "residue_39":  # Don't -> Don39t (the entity's "&#" and ";" stripped)
        spots = [m.start() + 1 for m in re.finditer(r"[^\W\d_]'[^\W\d_]", line)]
        i = rng.choice(spots)
        return kind, line[:i] + "39" + line[i + 1 :], line
    if kind == "residue_hash":  # Karzai's -> Karzai #39;s (AG News)
        spots = [m.start() + 1 for m in re.finditer(r"[^\W\d_]'[^\W\d_]", line)]
        i = rng.choice(spots)
        return kind, line[:i] + " #39;" + line[i + 1 :], line
    if kind == "entity_39":
        return kind, line.replace("'", "&#39;"), line
    if kind == "entity_quot":
        return kind, line.replace('"', "&quot;"), line
    if kind == "entity_amp":
        return kind, line.replace("&", "&amp;"), line
    if kind == "url_debris":  # glued after the last word: "... the question.com2F242F252Fe9e4..."
        return kind, line[:-1] + url_residue(rng), line[:-1]
    # Mojibake: the line (with its typography) encoded as UTF-8 and read as a legacy code page.
    data = typo.encode("utf-8")
    bad = _sloppy_cp1252(data) if kind == "mojibake_cp1252" else data.decode("latin-1")
    if bad == typo:
        return None
    return kind, bad, typo


_CTA = (
    "Follow {src}'s coverage of {topic} at",
    "Read more about {topic} on",
    "For the latest on {topic}, visit",
    "Click here to read more about",
    "Sign up for our newsletter at",
    "More on this story:",
)


def _mangle_title(title: str, rng: random.Random) -> str:
    words = title.replace("'", "39").split()
    keep = max(2, int(len(words) * rng.uniform(0.5, 1.0)))
    return " ".join(words[:keep]) + url_residue(rng)


def damage(doc: dict[str, Any], rng: random.Random, rate: float) -> dict[str, Any]:
    """A damaged copy of ``doc``: ``{"text", "expected", "corruptions"}``."""
    lines = doc["text"].split("\n")
    expected = list(lines)
    corruptions: list[dict[str, Any]] = []
    for i, line in enumerate(lines):
        if line.strip() and rng.random() < rate:
            got = _damage_line(line, rng) or _damage_line(line, rng)
            if got is not None:
                kind, lines[i], expected[i] = got
                corruptions.append({"kind": kind, "line": i})
    head: list[str] = []
    tail: list[str] = []
    # Document damage on about `rate` of each article's lines' worth: mangled title, cut tail.
    n = sum(1 for x in lines if x.strip())
    if doc["title"] and lines and lines[0] == doc["title"] and not any(c["line"] == 0 for c in corruptions):
        if rng.random() < rate * n / 2:
            head = [_mangle_title(doc["title"], rng), ""]
            corruptions.append({"kind": "mangled_title", "line": -1})
    if rng.random() < rate * n / 8:
        topic_words = re.findall(r"\b[A-Z][a-z]{3,}\b", doc["text"])
        topic = rng.choice(topic_words) if topic_words else "the story"
        src = "ABC" if doc["id"].startswith("lee") else "BBC"
        sep = [""] if "\n\n" in doc["text"] else []
        tail = [*sep, rng.choice(_CTA).format(src=src, topic=topic)]
        corruptions.append({"kind": "truncated_tail", "line": -2})
    if head:
        for c in corruptions:
            if c["line"] >= 0:
                c["line"] += len(head)
    return {
        "text": "\n".join(head + lines + tail),
        "expected": "\n".join(expected),
        "corruptions": corruptions,
    }


# -- corpora -----------------------------------------------------------------------


def make_corpus(
    variant: str, docs: list[dict[str, Any]], size_bytes: int, seed: int = 1, rate: float = 0.03
) -> Iterator[dict[str, Any]]:
    """Records of ``variant`` built by cycling through ``docs`` until ``size_bytes`` of text."""
    rng = random.Random(f"{seed}:{variant}")
    total = 0
    k = 0
    while total < size_bytes:
        doc = docs[k % len(docs)]
        k += 1
        if variant == "clean":
            rec: dict[str, Any] = {"text": doc["text"]}
        elif variant == "typographic":
            rec = {"text": "\n".join(typographize(x) for x in doc["text"].split("\n"))}
        elif variant == "dirty":
            rec = damage(doc, rng, rate)
        else:
            raise ValueError(f"unknown variant {variant!r}; valid: {', '.join(VARIANTS)}")
        total += len(rec["text"].encode("utf-8"))
        yield rec


def build(out: Path, size_mb: float, seed: int = 1, extra: list[Path] | None = None) -> dict[str, Any]:
    """Write ``out/{clean,dirty,typographic}.jsonl`` and ``out/meta.json``; return the meta."""
    out.mkdir(parents=True, exist_ok=True)
    docs = load_sources(extra)
    meta: dict[str, Any] = {
        "size_mb": size_mb,
        "seed": seed,
        "source_docs": len(docs),
        "source_bytes": sum(len(d["text"].encode("utf-8")) for d in docs),
        "extra": [str(p) for p in extra or []],
        "variants": {},
    }
    for variant in VARIANTS:
        path = out / f"{variant}.jsonl"
        n_docs = n_lines = n_bytes = n_nonascii = 0
        kinds: Counter[str] = Counter()
        with open(path, "w", encoding="utf-8") as fh:
            for rec in make_corpus(variant, docs, int(size_mb * 1e6), seed):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n_docs += 1
                text = rec["text"]
                n_bytes += len(text.encode("utf-8"))
                lines = [x for x in text.split("\n") if x.strip()]
                n_lines += len(lines)
                n_nonascii += sum(1 for x in lines if not x.isascii())
                kinds.update(c["kind"] for c in rec.get("corruptions", ()))
        meta["variants"][variant] = {
            "docs": n_docs,
            "bytes": n_bytes,
            "nonblank_lines": n_lines,
            "nonascii_line_share": round(n_nonascii / max(n_lines, 1), 4),
            "corrupted_line_share": round(sum(kinds.values()) / max(n_lines, 1), 4),
            "corruptions": dict(sorted(kinds.items())),
        }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def read_corpus(path: Path, limit_bytes: int | None = None) -> list[dict[str, Any]]:
    """The records of a built corpus file, the first ``limit_bytes`` of text when given."""
    recs: list[dict[str, Any]] = []
    total = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if limit_bytes is not None and total >= limit_bytes:
                break
            rec = json.loads(line)
            total += len(rec["text"].encode("utf-8"))
            recs.append(rec)
    return recs


def ensure_built(out: Path, size_mb: float, seed: int = 1, extra: list[Path] | None = None) -> dict[str, Any]:
    """Build the corpora unless ``out`` already holds them at this size, seed and extras."""
    meta_path = out / "meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if (
            meta.get("size_mb") == size_mb
            and meta.get("seed") == seed
            and meta.get("extra") == [str(p) for p in extra or []]
            and all((out / f"{v}.jsonl").exists() for v in VARIANTS)
        ):
            return dict(meta)
    return build(out, size_mb, seed, extra)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=50.0, help="text per corpus (default 50)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"folder (default {DEFAULT_OUT})")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--extra", type=Path, action="append", help="add the *.txt files of this folder")
    args = ap.parse_args(argv)
    meta = build(args.out, args.size_mb, args.seed, args.extra)
    json.dump(meta, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
