"""Learn OCR confusion counts from the TUNE split of the real-OCR set.

Usage::

    python benchmarks/ocr/real/learn_confusions.py            # all languages
    python benchmarks/ocr/real/learn_confusions.py --lang en --top 50

For every language, over the tune documents (not the sources in
``eval_real.AUX_SOURCES``, whose reading order spoils the alignment), each
document's OCR is aligned with its truth (``align.char_blocks`` on flat text)
and every edit block of at most ``--max-len`` (3) characters on each side is
counted as a confusion ``truth|ocr``: a substitution ``e|o``, a many-to-one
``m|rn`` or ``h|li``, a deletion ``e|`` (the OCR lost the truth's ``e``), an
insertion ``|.`` (a speck), a merge `` |`` (the OCR lost a space: words
joined) and a split ``|`` followed by a space (a space inside a word).
Longer blocks (garbage, lost lines) are counted apart, as ``long``.

Writes ``benchmarks/ocr/real/out/confusions_<lang>.tsv`` (and ``_all``):

    # comment lines: what, from which documents, how many characters
    truth <TAB> ocr <TAB> count <TAB> truth_count <TAB> p

``truth`` and ``ocr`` are written with ``\\t``, ``\\n`` and ``\\\\`` escaped
and a space as ``␠`` (U+2420) so that a row splits on tabs alone; an
empty side is empty. ``truth_count`` is how often the truth string occurs in
the flat truth texts (for an insertion: the number of truth characters), and
``p = count / truth_count`` estimates P(ocr | truth). Rows with count >= 2.

Also writes ``out/stats.json`` and prints, per language: the share of OCR word
errors that are non-words vs real words (the OCR token, punctuation stripped,
a word of letters (apostrophes and hyphens inside allowed) in wordfreq's
lexicon of the language or not; wordfreq's lexicon holds much
rare debris, so the share that is a common word, Zipf >= 2.5, is given too;
errors in letter case alone, ``DaS`` for ``Das``, are counted apart), split/merge/insertion/deletion
rates per truth token, the share of word errors whose truth word recurs in its
document (and whose OCR form recurs in the OCR), and the top confusions.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from align import char_blocks, flat, token_groups  # noqa: E402
from common import OUT, read_jsonl  # noqa: E402
from eval_real import AUX_SOURCES  # noqa: E402

SPACE = "\u2420"
_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace(" ", SPACE)


def core(tok: str) -> str:
    return _PUNCT.sub("", tok)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", action="append")
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--max-len", type=int, default=3)
    ap.add_argument("--split", default="tune", choices=["tune", "heldout", "all"],
                    help="which split to learn from (tune; the others only to inspect)")
    ap.add_argument("--out", type=Path, default=HERE / "out")
    args = ap.parse_args(argv)
    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))["split"]
    docs: dict[str, list[dict]] = defaultdict(list)
    for path in sorted(OUT.glob("*.jsonl")):
        for rec in read_jsonl(path):
            if rec["source"] in AUX_SOURCES:
                continue
            s = split[rec["source"]][rec["title"]]
            if args.split != "all" and s != args.split:
                continue
            if args.lang and rec["lang"] not in args.lang:
                continue
            docs[rec["lang"]].append(rec)
    try:
        from wordfreq import available_languages, zipf_frequency
        have = set(available_languages())
    except ImportError:  # pragma: no cover
        have, zipf_frequency = set(), None
    args.out.mkdir(parents=True, exist_ok=True)
    stats: dict[str, dict] = {}
    all_conf: Counter[tuple[str, str]] = Counter()
    all_truths: list[str] = []
    for lang in sorted(docs):
        conf: Counter[tuple[str, str]] = Counter()
        kinds: Counter[str] = Counter()
        truths: list[str] = []
        n_long = n_edits = 0
        werr = caseonly = nonword = realword = realword25 = rec_truth = rec_ocr = 0
        sources = Counter()
        for rec in docs[lang]:
            sources[rec["source"]] += 1
            o, t = flat(rec["ocr"]), flat(rec["truth"])
            truths.append(t)
            blocks = char_blocks(o, t)
            for b in blocks:
                if b.tag != "edit":
                    continue
                n_edits += max(len(b.ocr), len(b.truth))
                if len(b.ocr) <= args.max_len and len(b.truth) <= args.max_len:
                    conf[(b.truth, b.ocr)] += 1
                else:
                    n_long += 1
            tcount = Counter(core(w).lower() for w in t.split(" "))
            ocount = Counter(core(w).lower() for w in o.split(" "))
            for g in token_groups(o, t, blocks):
                kinds[g.kind] += 1
                if g.kind == "sub":
                    oc, tc = core(g.ocr[0]), core(g.truth[0])
                    if oc == tc:
                        kinds["sub_punct_only"] += 1
                        continue
                    werr += 1
                    if oc.lower() == tc.lower():
                        caseonly += 1
                    elif lang in have and oc:
                        # a token with digits or inner punctuation is no word (wordfreq would
                        # split it and score its pieces)
                        z = max(zipf_frequency(oc, lang), zipf_frequency(oc.lower(), lang)) \
                            if _WORD.fullmatch(oc) else 0.0
                        if z > 0:
                            realword += 1
                            realword25 += z >= 2.5
                        else:
                            nonword += 1
                    rec_truth += tcount[tc.lower()] >= 2
                    rec_ocr += ocount[oc.lower()] >= 2
        ntok = sum(len(t.split(" ")) for t in truths)
        nchar = sum(len(t) for t in truths)
        write_table(args.out / f"confusions_{lang}.tsv", conf, truths, lang, docs[lang], sources, nchar)
        all_conf.update(conf)
        all_truths.extend(truths)
        st = {
            "docs": len(docs[lang]), "sources": dict(sources), "truth_chars": nchar, "truth_tokens": ntok,
            "char_edits": n_edits, "long_blocks": n_long,
            "token_groups": dict(kinds),
            "word_errors_1to1": werr,
            "case_only_share": caseonly / werr if werr else None,
            "nonword_share": nonword / (nonword + realword) if nonword + realword else None,
            "realword_share": realword / (nonword + realword) if nonword + realword else None,
            "realword_zipf2.5_share": realword25 / (nonword + realword) if nonword + realword else None,
            "split_rate": kinds["split"] / ntok, "merge_rate": kinds["merge"] / ntok,
            "ins_rate": kinds["ins"] / ntok, "del_rate": kinds["del"] / ntok,
            "complex_rate": kinds["complex"] / ntok,
            "truth_word_recurs_share": rec_truth / werr if werr else None,
            "ocr_form_recurs_share": rec_ocr / werr if werr else None,
        }
        stats[lang] = st
        print_lang(lang, st, conf, truths, args.top)
    if len(docs) > 1:
        write_table(args.out / "confusions_all.tsv", all_conf, all_truths, "all",
                    [r for v in docs.values() for r in v], Counter(), sum(len(t) for t in all_truths))
    (args.out / "stats.json").write_text(json.dumps(stats, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def truth_count(s: str, truths: list[str], nchar: int) -> int:
    return nchar if not s else sum(t.count(s) for t in truths)


def write_table(path: Path, conf: Counter, truths: list[str], lang: str, docs: list[dict],
                sources: Counter, nchar: int) -> None:
    rows = []
    for (t, o), c in conf.most_common():
        if c < 2:
            break
        tc = max(c, truth_count(t, truths, nchar))
        rows.append(f"{esc(t)}\t{esc(o)}\t{c}\t{tc}\t{c / tc:.6f}")
    srcs = ", ".join(f"{k} {v}" for k, v in sorted(sources.items())) or "all languages"
    head = [
        f"# OCR confusions truth|ocr for lang={lang}, learned by benchmarks/ocr/real/learn_confusions.py",
        f"# from the tune split: {len(docs)} documents ({srcs}), {nchar} flat truth characters",
        "# columns: truth, ocr (space as U+2420, \\t \\n \\\\ escaped, empty = nothing), count, truth_count, p = count/truth_count",
    ]
    path.write_text("\n".join(head + rows) + "\n", encoding="utf-8")


def print_lang(lang: str, st: dict, conf: Counter, truths: list[str], top: int) -> None:
    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{x * 100:.1f}%"
    print(f"== {lang}: {st['docs']} docs {st['sources']}, {st['truth_chars']} chars, {st['truth_tokens']} tokens")
    k = st["token_groups"]
    print(f"   token groups: {k}")
    print(f"   1-1 word errors {st['word_errors_1to1']} (case only: {pct(st['case_only_share'])}); of the others: non-word {pct(st['nonword_share'])}, real-word "
          f"{pct(st['realword_share'])} (of which a common word, Zipf >= 2.5: {pct(st['realword_zipf2.5_share'])})")
    print(f"   per truth token: split {pct(st['split_rate'])}, merge {pct(st['merge_rate'])}, "
          f"inserted {pct(st['ins_rate'])}, deleted {pct(st['del_rate'])}, n-m {pct(st['complex_rate'])}")
    print(f"   word errors whose truth word recurs in the doc: {pct(st['truth_word_recurs_share'])}; "
          f"whose OCR form recurs: {pct(st['ocr_form_recurs_share'])}")
    print(f"   top {top} confusions truth|ocr count (p):")
    nchar = st["truth_chars"]
    items = conf.most_common(top)
    cells = [f"{esc(t)}|{esc(o)} {c} ({c / max(c, truth_count(t, truths, nchar)):.3g})" for (t, o), c in items]
    for i in range(0, len(cells), 5):
        print("     " + "   ".join(cells[i:i + 5]))


if __name__ == "__main__":
    raise SystemExit(main())
