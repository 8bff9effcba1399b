"""Score cleaners on the real-OCR development set (benchmarks/ocr/real/).

Usage::

    python benchmarks/ocr/real/eval_real.py raw ftfy symspell textmend:ocr textmend:default
    python benchmarks/ocr/real/eval_real.py textmend:ocr --split heldout --lang en
    python benchmarks/ocr/real/eval_real.py raw --source viraltexts --json out.json

Reads ``$TEXTMEND_OCR_REAL/*.jsonl`` (default /work/devdata/ocr-real, written
by the prep_*.py scripts) and ``split.json``. For every cleaner it prints one
row per source x split x language and one total per split x language:

``docs``, ``chars`` (flat truth characters), ``CER`` before -> after and the
relative change, for four CER variants, each computed exactly (rapidfuzz
Levenshtein, unit costs, on the whole document) and micro-averaged (sum of
edits / sum of truth length):

* ``flat`` (the headline): a word hyphenated at a line end is joined
  (``Stun-`` newline ``de`` -> ``Stunde``; hyphen, ``¬``, U+2E17 or soft
  hyphen), then every whitespace run, line breaks included, is collapsed to
  one space, ends stripped; the same on both texts. Line breaks, line-end
  hyphenation and indentation do not count, so a corrector that unwraps and
  dehyphenates is neither rewarded nor penalised for it, and a source whose
  truth breaks lines differently from its OCR is not either. (A compound
  hyphen at a line end, ``Landboten-`` newline ``Korrespondent``, is joined
  too: a corrector that keeps it as ``Landboten-Korrespondent`` pays one edit.)
* ``ws``: whitespace runs collapsed only; a line-level truth keeps ``Stun- de``
  there, so dehyphenating costs an edit per word.
* ``raw``: the texts exactly as they are (a joined line costs one edit).
* ``fold``: ``flat`` after folding typographic variants that transcription
  conventions differ on (curly/straight quotes and apostrophes, hyphen and
  dash variants (``¬`` and U+2E17 as ``-``), long s to s, NFKC); it shows how much of a change is only
  convention.

``WER`` (flat tokens, punctuation attached), ``worse`` (share of documents
whose flat CER went up; ``better`` likewise) and throughput: the cleaner's
MB/s on the group's OCR text beside ``ftfy.fix_text`` timed on the same text
in the same run, right after it (``x ftfy`` = ftfy's time / the cleaner's
time; best of ``--repeat`` alternating rounds each; each is called once on a short text of each language
before the clock starts, so lexicon loading is not timed). The machine is
shared: use ``--repeat 3`` for speed figures and read them as ratios.

Cleaners: ``raw``; ``ftfy``; ``textmend[:PROFILE]`` (default profile ``ocr``;
``textmend:PROFILE:lang`` states the document's language to ``clean``, on a
textmend that takes ``lang=``);
``symspell`` (the issue's anchor: symspellpy, max edit distance 2, over the
wordfreq lexicon of the document's language (the 200,000 most frequent
words); every word not in the lexicon is replaced by symspell's top
suggestion, its case pattern kept; languages wordfreq lacks are left alone).
symspellpy is in the ``bench`` extra.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Callable

from rapidfuzz.distance import Levenshtein

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import OUT, read_jsonl  # noqa: E402

_WS = re.compile(r"\s+")
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2e17": "-", "\u00ac": "-", "\u00ad": "", "\u2212": "-", "\u017f": "s", "\ua75b": "r",
})


_LINE_END_HYPHEN = re.compile("[-\u00ac\u2e17\u00ad][ \t]*[\n\f][ \t\n\f]*")


def ws(s: str) -> str:
    """Whitespace runs (line breaks included) collapsed to one space, ends stripped."""
    return _WS.sub(" ", s).strip()


def flat(s: str) -> str:
    """``ws`` after joining words hyphenated at a line end (``Stun-\\nde`` -> ``Stunde``).

    >>> flat("a Stun-\\nde  b\\nc")
    'a Stunde b c'
    """
    return ws(_LINE_END_HYPHEN.sub("", s))


def fold(s: str) -> str:
    return flat(unicodedata.normalize("NFKC", s.translate(_FOLD)).translate(_FOLD))


# ---------------------------------------------------------------- cleaners

def _symspell_cleaner() -> Callable[[str, str], str]:
    from symspellpy import SymSpell, Verbosity
    from wordfreq import available_languages, top_n_list, word_frequency

    cache: dict[str, object] = {}
    have = set(available_languages())
    word_re = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")

    def get(lang: str):
        if lang not in cache:
            if lang not in have:
                cache[lang] = None
            else:
                sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
                words = top_n_list(lang, 200_000)
                for w in words:
                    if word_re.fullmatch(w):
                        sym.create_dictionary_entry(w, max(1, int(word_frequency(w, lang) * 1e9)))
                cache[lang] = (sym, set(words))
        return cache[lang]

    def fix_case(orig: str, sugg: str) -> str:
        if orig.isupper() and len(orig) > 1:
            return sugg.upper()
        if orig[:1].isupper():
            return sugg[:1].upper() + sugg[1:]
        return sugg

    def clean(text: str, lang: str) -> str:
        got = get(lang)
        if got is None:
            return text
        sym, lex = got

        def rep(m: re.Match[str]) -> str:
            w = m.group()
            lw = w.lower().replace("\u2019", "'")
            if lw in lex:
                return w
            sug = sym.lookup(lw, Verbosity.TOP, max_edit_distance=2, include_unknown=False)
            return fix_case(w, sug[0].term) if sug else w

        return word_re.sub(rep, text)

    return clean


def get_cleaner(name: str) -> Callable[[str, str], str]:
    if name == "raw":
        return lambda s, lang: s
    if name == "ftfy":
        import ftfy

        return lambda s, lang: ftfy.fix_text(s)
    if name == "symspell":
        return _symspell_cleaner()
    if name.startswith("textmend"):
        parts = name.split(":")
        profile = parts[1] if len(parts) > 1 and parts[1] else "ocr"
        try:
            import textmend
        except ImportError:
            # not installed: this checkout's src/
            sys.path.append(str(HERE.parent.parent.parent / "src"))
            import textmend
        if parts[2:] == ["lang"]:
            # state the document's language (textmend.clean(..., lang=...), where supported)
            return lambda s, lang: textmend.clean(s, profile=profile, lang=lang)
        return lambda s, lang: textmend.clean(s, profile=profile)
    raise SystemExit(f"unknown cleaner {name!r}: raw, ftfy, symspell, textmend[:PROFILE[:lang]]")


# ---------------------------------------------------------------- data

def load(sources: list[str] | None, langs: list[str] | None, split_name: str | None,
         limit: int | None) -> list[dict]:
    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))["split"]
    docs = []
    for path in sorted(OUT.glob("*.jsonl")):
        for rec in read_jsonl(path):
            s = split.get(rec["source"], {}).get(rec["title"])
            if s is None:
                raise SystemExit(f"{rec['id']}: ({rec['source']}, {rec['title']}) not in split.json; run make_split.py")
            rec["split"] = s
            if sources and rec["source"] not in sources and rec["source"].split("-")[0] not in sources:
                continue
            if langs and rec["lang"] not in langs:
                continue
            if split_name and split_name != "all" and s != split_name:
                continue
            docs.append(rec)
    docs.sort(key=lambda r: r["id"])
    if limit:
        docs = docs[:limit]
    return docs


# ---------------------------------------------------------------- scoring

def doc_scores(hyp: str, ref: str) -> dict[str, int]:
    fh, fr = flat(hyp), flat(ref)
    gh, gr = fold(hyp), fold(ref)
    wh, wr = ws(hyp), ws(ref)
    return {
        "raw_e": Levenshtein.distance(hyp, ref), "raw_n": len(ref),
        "ws_e": Levenshtein.distance(wh, wr), "ws_n": len(wr),
        "flat_e": Levenshtein.distance(fh, fr), "flat_n": len(fr),
        "fold_e": Levenshtein.distance(gh, gr), "fold_n": len(gr),
        "w_e": Levenshtein.distance(fh.split(" "), fr.split(" ")) if fr else len(fh.split()),
        "w_n": len(fr.split(" ")) if fr else 0,
    }


_BEFORE: dict[str, dict[str, int]] = {}

# Sources kept out of the ALL totals (their rows are printed) and out of the
# confusion learning: their OCR's reading order differs from the truth's
# (TET's word order for the NZZ's 2005 text; OCRopus's column-wise line
# pieces), or their truth is another edition's transcription (Gutenberg's
# Huckleberry Finn: punctuation differs from the 1885 print), a floor no text
# corrector removes.
AUX_SOURCES = {"nzz-xix", "cisocr-ocropus", "emop-huck"}


def timed(fn: Callable[[str, str], str], docs: list[dict], repeat: int) -> tuple[list[str], float]:
    # warm-up outside the clock: lexicons and dictionaries load on first use
    for lang in {d["lang"] for d in docs}:
        fn("warm up the lexicon", lang)
    best = float("inf")
    out: list[str] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = [fn(d["ocr"], d["lang"]) for d in docs]
        best = min(best, time.perf_counter() - t0)
    return out, best


def evaluate(cleaner: str, docs: list[dict], repeat: int = 1) -> dict:
    fn = get_cleaner(cleaner)
    ftfy_fn = get_cleaner("ftfy")
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for d in docs:
        groups[(d["source"], d["split"], d["lang"])].append(d)
    rows = {}
    per_doc = {}
    for key in sorted(groups):
        g = groups[key]
        # the cleaner and ftfy timed back to back, ``repeat`` rounds, best of each:
        # the machine is shared, so only a ratio taken at the same moment means much
        secs = ftfy_secs = float("inf")
        outs: list[str] = []
        for _ in range(repeat):
            outs, t = timed(fn, g, 1)
            secs = min(secs, t)
            ftfy_secs = min(ftfy_secs, timed(ftfy_fn, g, 1)[1])
        mb = sum(len(d["ocr"].encode("utf-8")) for d in g) / 1e6
        acc: dict[str, float] = defaultdict(float)
        for d, out in zip(g, outs):
            if d["id"] not in _BEFORE:
                _BEFORE[d["id"]] = doc_scores(d["ocr"], d["truth"])
            before = _BEFORE[d["id"]]
            after = before if out == d["ocr"] else doc_scores(out, d["truth"])
            for k, v in before.items():
                acc["b_" + k] += v
            for k, v in after.items():
                acc["a_" + k] += v
            b = before["flat_e"] / max(1, before["flat_n"])
            a = after["flat_e"] / max(1, after["flat_n"])
            acc["worse"] += a > b
            acc["better"] += a < b
            per_doc[d["id"]] = {"before": b, "after": a}
        acc["docs"] = len(g)
        acc["mb"] = mb
        acc["secs"] = secs
        acc["ftfy_secs"] = ftfy_secs
        rows[key] = dict(acc)
    return {"cleaner": cleaner, "rows": rows, "per_doc": per_doc}


def _total(rows: list[dict]) -> dict:
    acc: dict[str, float] = defaultdict(float)
    for r in rows:
        for k, v in r.items():
            acc[k] += v
    return dict(acc)


def fmt_row(label: str, r: dict) -> str:
    def cer(kind: str) -> str:
        b = r[f"b_{kind}_e"] / max(1, r[f"b_{kind}_n"])
        a = r[f"a_{kind}_e"] / max(1, r[f"a_{kind}_n"])
        rel = (a - b) / b * 100 if b else 0.0
        return f"{b:.4f}->{a:.4f} {rel:+6.1f}%"
    wb = r["b_w_e"] / max(1, r["b_w_n"])
    wa = r["a_w_e"] / max(1, r["a_w_n"])
    speed = r["mb"] / r["secs"] if r["secs"] else float("inf")
    ratio = r["ftfy_secs"] / r["secs"] if r["secs"] else float("inf")
    return (f"{label:<34} {int(r['docs']):>5} {int(r['b_flat_n']):>9}  {cer('flat')}  {cer('ws')}  {cer('raw')}  "
            f"{cer('fold')}  {wb:.4f}->{wa:.4f}  {r['worse'] / r['docs'] * 100:5.1f}% "
            f"{r['better'] / r['docs'] * 100:5.1f}%  {speed:7.2f} {ratio:6.2f}x")


HEADER = (f"{'source / split / lang':<34} {'docs':>5} {'chars':>9}  {'flat CER (headline)':<27}  "
          f"{'ws CER':<27}  {'raw CER':<27}  {'fold CER':<27}  {'WER':<14}  {'worse':>6} {'better':>6}  {'MB/s':>7} {'xftfy':>7}")


def report(res: dict) -> str:
    lines = [f"== {res['cleaner']}", HEADER]
    rows = res["rows"]
    for (src, sp, lang), r in rows.items():
        lines.append(fmt_row(f"{src} / {sp} / {lang}", r))
    lines.append(f"-- totals per split x language (without {', '.join(sorted(AUX_SOURCES))})")
    main = {k: r for k, r in rows.items() if k[0] not in AUX_SOURCES}
    keys = sorted({(sp, lang) for (_s, sp, lang) in main})
    for sp, lang in keys:
        lines.append(fmt_row(f"ALL / {sp} / {lang}", _total([r for (s, p, l), r in main.items() if p == sp and l == lang])))
    for sp in sorted({sp for _s, sp, _l in main}):
        lines.append(fmt_row(f"ALL / {sp} / *", _total([r for (s, p, l), r in main.items() if p == sp])))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cleaners", nargs="+")
    ap.add_argument("--split", default="all", choices=["tune", "heldout", "all"])
    ap.add_argument("--source", action="append", help="source name or prefix (repeatable)")
    ap.add_argument("--lang", action="append", help="language code (repeatable)")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--repeat", type=int, default=1, help="timing runs (best of)")
    ap.add_argument("--json", type=Path, help="write all rows and per-document CERs here")
    args = ap.parse_args(argv)
    docs = load(args.source, args.lang, args.split, args.limit)
    if not docs:
        raise SystemExit("no documents selected")
    results = []
    for c in args.cleaners:
        res = evaluate(c, docs, args.repeat)
        print(report(res), flush=True)
        results.append(res)
    if args.json:
        args.json.write_text(json.dumps([
            {"cleaner": r["cleaner"], "rows": [{"source": k[0], "split": k[1], "lang": k[2], **v} for k, v in r["rows"].items()],
             "per_doc": r["per_doc"]} for r in results], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
