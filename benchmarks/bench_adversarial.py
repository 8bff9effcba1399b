"""Adversarial inputs stay linear: doubling the input at most about doubles the time.

The family (each built at a named full size, and at fractions of it):

- ``single_line``: real news text joined into one line (50 MB at full size);
- ``pct2f``: ``%2F`` a million times, glued after a word;
- ``hex``: a million hex characters (seeded), glued after a word;
- ``amp``: ``&amp;`` 10**5 times;
- ``alnum``: alternating letters and digits (``a1b2…``, 10**6 characters);
- ``title``: a mangled title above the clean title repeated 10**4 times;
- and a few more shapes the stages key on: ``2F`` residue without ``%``,
  ``Don39t`` residue, UTF-8/Windows-1252 mojibake, runs of spaces, blank-line
  runs, ``\\r`` runs, NBSP runs, one very long word, a line with a tag every few words,
  a line of ``<br>`` and ``</p><p>`` breaks, link markup (unclosed brackets, nested
  links, reference definitions, menus, URLs broken across lines).

For each input and profile the runner times ``Pipeline.clean`` at sizes n, 2n, 4n
(best of 3) and prints time(2n)/time(n) and time(4n)/time(2n); a ratio well
above 2 is a super-linear stage. ``tests/test_linearity.py`` checks the same
family at small sizes with a generous bound.

Run: ``python benchmarks/bench_adversarial.py`` (``--scale 0.1`` for a fast pass,
``--profile ocr`` for the OCR profile).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEWS = HERE / "news" / "lee_background.cor"

_HEX = "0123456789abcdef"


def _news_line(n: int) -> str:
    """``n`` characters of real news prose on one line (the Lee corpus, repeated)."""
    try:
        base = " ".join(NEWS.read_text(encoding="latin-1").split("\n"))
    except OSError:  # outside a checkout: any prose will do
        base = "The quick brown fox jumps over the lazy dog. " * 100
    reps = n // len(base) + 1
    return (base * reps)[:n]


def _hex(n: int) -> str:
    rng = random.Random(7)
    return "".join(rng.choice(_HEX) for _ in range(n))


# name -> (builder taking a size, the full size, what the size counts)
FAMILY: dict[str, tuple[Callable[[int], str], int, str]] = {
    "single_line": (_news_line, 50_000_000, "characters"),
    "pct2f": (lambda n: "report" + "%2F" * n, 1_000_000, "repeats of %2F"),
    "hex": (lambda n: "hash" + _hex(n), 1_000_000, "hex characters"),
    "amp": (lambda n: "&amp;" * n, 100_000, "repeats of &amp;"),
    "alnum": (lambda n: "a1" * (n // 2), 1_000_000, "characters"),
    "title": (
        lambda n: "Macron says troops not 39out of.com2F242F252Fe9e46c6697954448ec5f732dd8562F\n\n"
        + "Macron says troops not 'out of the question'\n" * n,
        10_000,
        "repeats of the title",
    ),
    "residue_2f": (lambda n: "of.com" + "2F252F" * (n // 6), 1_000_000, "characters"),
    "residue_39": (lambda n: "Don39t " * (n // 7), 1_000_000, "characters"),
    "mojibake": (lambda n: "\u00e2\u20ac\u2122" * (n // 3), 1_000_000, "characters"),
    "spaces": (lambda n: "a" + " " * n + "b", 1_000_000, "spaces"),
    "blank_lines": (lambda n: "a" + "\n" * n + "b", 1_000_000, "newlines"),
    "carriage_returns": (lambda n: "a" + "\r" * n + "b", 1_000_000, "carriage returns"),
    "nbsp": (lambda n: "a" + " \u00a0" * (n // 2) + "b", 1_000_000, "characters"),
    "long_word": (lambda n: "x" * n, 1_000_000, "characters"),
    # One line with a tag every few words: each tag's checks must look near the tag.
    "tags": (lambda n: ("Read <b>this</b> and <i>that</i> now. " * (n // 36 + 1))[:n], 1_000_000, "characters"),
    # One line of break tags, each splitting it (html_breaks).
    "breaks": (lambda n: ("word <br> next</p><p>" * (n // 21 + 1))[:n], 1_000_000, "characters"),
    # Blank lines after a link: the whole-document Markdown tests must not rescan them.
    "link_blank_lines": (lambda n: "[a](b)" + "\n" * n + "b", 1_000_000, "newlines"),
    # Link markup (link_residue): brackets that never close a link, links nested in
    # links, html2text's reference definitions and menus, URLs broken across lines.
    "link_brackets": (lambda n: "[" * (n // 4) + "](x" * (n // 4), 1_000_000, "characters"),
    "link_unclosed": (lambda n: "[" + "a" * n, 1_000_000, "characters"),
    "link_nested": (lambda n: ("[![a](b)](c) " * (n // 13 + 1))[:n], 1_000_000, "characters"),
    "link_definitions": (lambda n: "Text.\n\n" + "   [1]: https://x.co/a\n" * n, 50_000, "definitions"),
    "link_menu": (lambda n: "  * [Home](/home/)\n" * n + "\nText.", 50_000, "menu lines"),
    "link_wrapped": (lambda n: "[a\nb](http://x.co/a-\n" * n, 50_000, "broken links"),
    # One line of spaces OCR misread (ocr_confusions' word by word repairs).
    "misread_spaces": (
        lambda n: ("called-her soon.as had'a hardly. aware _ the " * (n // 46 + 1))[:n],
        1_000_000,
        "characters",
    ),
}


def best_of(fn: Callable[[str], str], text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--profile", default="default")
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the full sizes (largest = 4n)")
    ap.add_argument("--only", action="append", help="run only these inputs")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(HERE))
    from bench_throughput import machine, textmend_pipeline

    pipe, missing = textmend_pipeline(args.profile)
    print(f"Machine: {machine()}")
    print(f"Profile {args.profile}: {', '.join(pipe.names)}" + (f" (not yet available: {', '.join(missing)})" if missing else ""))
    print()
    print("| input | n (4n = full size x scale) | t(n) s | t(2n) s | t(4n) s | t(2n)/t(n) | t(4n)/t(2n) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    worst = 0.0
    for name, (build, full, unit) in FAMILY.items():
        if args.only and name not in args.only:
            continue
        n = max(1, int(full * args.scale) // 4)
        ts = []
        for k in (1, 2, 4):
            text = build(n * k)
            ts.append(best_of(pipe.clean, text, 1 if ts and ts[-1] > 5 else 3))
            del text
        r1, r2 = ts[1] / ts[0], ts[2] / ts[1]
        worst = max(worst, r1, r2)
        print(
            f"| {name} | {n:,} {unit} | {ts[0]:.3f} | {ts[1]:.3f} | {ts[2]:.3f} | {r1:.2f} | {r2:.2f} |",
            flush=True,
        )
    print()
    print(f"Worst doubling ratio: {worst:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
