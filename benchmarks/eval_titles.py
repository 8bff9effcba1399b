"""How often the default profile restores a mangled title, measured on real headlines.

Each of 124 real AG News headlines (benchmarks/data/headlines) is mangled the
way the seed's first line was: apostrophes and quotes turned into their entity
codes (``39``, ``34``), the title cut after a few words or kept whole, and URL
path residue (``.com2F242F252F`` + hex hashes) or a percent-encoded tail glued
on. The mangled line is put above the clean headline and a real body, as in the
seed. Reported:

- restored: the output's first line is the headline (as the pipeline prints
  it when it stands alone);
- kept: with no mangled line, the document is unchanged by the title stage;
- in place: with no clean twin, the mangled line has lost its debris.

Run: ``python benchmarks/eval_titles.py``.
"""

from __future__ import annotations

import random
from pathlib import Path

import textmend

HERE = Path(__file__).resolve().parent
HEADLINES = HERE / "data" / "headlines" / "ag_news_titles.txt"
SEED = HERE.parent / "seeds" / "000_d91eea6ecca854d0.golden.txt"


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def mangle(title: str, rng: random.Random, style: int) -> str:
    """The seed's corruption of ``title``, in one of four styles."""
    text = title.replace("'", "39").replace('"', "34")
    words = text.split()
    if style in (0, 1) and len(words) > 4:
        words = words[: rng.randint(3, len(words) - 1)]
    text = " ".join(words)
    if style == 0:  # the seed: .com + 2F / 252F path residue + hashes
        return f"{text}.com2F242F252F{_hex(rng, 32)}2F{_hex(rng, 40)}"
    if style == 1:  # a percent-encoded path glued on
        return f"{text}%2F{_hex(rng, 8)}%2F{_hex(rng, 24)}"
    if style == 2:  # whole title, residue after it
        return f"{text}.html2F252F{_hex(rng, 40)}"
    return f"{text}-{_hex(rng, 32)}"  # a hash glued with a hyphen


def main() -> None:
    rng = random.Random(20261128)
    headlines = [h for h in HEADLINES.read_text(encoding="utf-8").split("\n") if h.strip()]
    body = "\n".join(SEED.read_text(encoding="utf-8").split("\n")[2:])
    pipeline = textmend.Pipeline("default")
    restored = total = kept = in_place = 0
    failures: list[tuple[str, str]] = []
    for i, headline in enumerate(headlines):
        expected = pipeline.clean(headline)
        plain = f"{headline}\n\n{body}"
        kept += pipeline.clean(plain).split("\n")[0] == expected
        mangled = mangle(headline, rng, i % 4)
        out = pipeline.clean(f"{mangled}\n\n{headline}\n\n{body}")
        total += 1
        if out.split("\n")[0] == expected:
            restored += 1
        elif len(failures) < 10:
            failures.append((mangled, out.split("\n")[0]))
        alone = pipeline.clean(f"{mangled}\n\n{body}").split("\n")[0]
        in_place += not any(c in alone for c in ("2F", "%2F")) and len(alone) < len(mangled)
    n = len(headlines)
    print(f"headlines: {n}")
    print(f"restored to the clean headline: {restored}/{total} ({100 * restored / total:.1f} %)")
    print(f"clean headline kept when there is no mangled copy: {kept}/{n}")
    print(f"debris removed in place when there is no twin: {in_place}/{n}")
    for mangled, got in failures:
        print(f"  not restored: {mangled!r}\n           got: {got!r}")


if __name__ == "__main__":
    main()
