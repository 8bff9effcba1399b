"""Character- and token-level alignment of OCR text with its ground truth.

Both texts are compared flat (every whitespace run one space, ends stripped),
so a line break in one and a space in the other are the same thing.

``char_blocks(ocr, truth)``
    rapidfuzz's Levenshtein opcodes (unit costs), with runs of adjacent
    non-equal opcodes merged into one block, so that a many-to-one confusion
    comes out whole: ``rn`` read for ``m`` is one block ``('rn', 'm')``, not a
    substitution plus an insertion. Returns ``Block(tag, ocr, truth, o0, o1, t0, t1)``
    tuples covering both strings in order; ``tag`` is ``equal`` or ``edit``.

``token_groups(ocr, truth)``
    Which OCR tokens correspond to which truth tokens (tokens are
    whitespace-separated). An OCR token and a truth token are linked when a
    non-space character of one is aligned to a non-space character of the
    other (equal or substituted; inside a merged block of unequal lengths the
    characters are paired in proportion); the connected components are the
    groups. ``Group.kind`` is ``equal`` (1-1, same text), ``sub`` (1-1,
    different), ``split`` (n OCR tokens for 1 truth token: ``ap po nted``),
    ``merge`` (1 OCR token for n truth tokens: ``supplyof``), ``complex``
    (n-m), ``ins`` (OCR token aligned to nothing: noise) or ``del`` (truth
    token the OCR lost).

Run as a script to print the non-equal groups of one document of the set, or
a seeded sample of word errors (1-1 substitutions whose letters differ,
splits, merges) of one source::

    python benchmarks/ocr/real/align.py viraltexts/sn86081096/1859-01-13/snow/003
    python benchmarks/ocr/real/align.py --sample 20 --source viraltexts
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

_WS = re.compile(r"\s+")


def flat(s: str) -> str:
    return _WS.sub(" ", s).strip()


@dataclass(frozen=True)
class Block:
    tag: str          # "equal" or "edit"
    ocr: str
    truth: str
    o0: int
    o1: int
    t0: int
    t1: int


@dataclass(frozen=True)
class Group:
    kind: str                 # equal, sub, split, merge, complex, ins, del
    ocr: tuple[str, ...]
    truth: tuple[str, ...]
    o_index: tuple[int, ...]  # token indices in the OCR
    t_index: tuple[int, ...]  # token indices in the truth


def char_blocks(ocr: str, truth: str) -> list[Block]:
    """Merged Levenshtein opcodes of two (already flat) strings.

    >>> [(b.ocr, b.truth) for b in char_blocks("tbe rnan", "the man") if b.tag == "edit"]
    [('b', 'h'), ('rn', 'm')]
    """
    out: list[Block] = []
    pend: list[int] | None = None  # [o0, o1, t0, t1] of a pending edit run
    for op in Levenshtein.opcodes(ocr, truth):
        if op.tag == "equal":
            if pend:
                out.append(Block("edit", ocr[pend[0]:pend[1]], truth[pend[2]:pend[3]], *pend))
                pend = None
            out.append(Block("equal", ocr[op.src_start:op.src_end], truth[op.dest_start:op.dest_end],
                             op.src_start, op.src_end, op.dest_start, op.dest_end))
        elif pend is None:
            pend = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            pend[1], pend[3] = op.src_end, op.dest_end
    if pend:
        out.append(Block("edit", ocr[pend[0]:pend[1]], truth[pend[2]:pend[3]], *pend))
    return out


def _token_index(s: str) -> list[int]:
    """For each character, the index of its token (-1 for spaces)."""
    idx, k, inside = [], -1, False
    for ch in s:
        if ch == " ":
            idx.append(-1)
            inside = False
        else:
            if not inside:
                k += 1
                inside = True
            idx.append(k)
    return idx


def token_groups(ocr: str, truth: str, blocks: list[Block] | None = None) -> list[Group]:
    """Groups of OCR and truth tokens that align (see the module docstring).

    >>> [(g.kind, g.ocr, g.truth) for g in token_groups("ap po nted supplyof tbe", "appointed supply of the")]
    [('split', ('ap', 'po', 'nted'), ('appointed',)), ('merge', ('supplyof',), ('supply', 'of')), ('sub', ('tbe',), ('the',))]
    """
    ocr, truth = flat(ocr), flat(truth)
    if blocks is None:
        blocks = char_blocks(ocr, truth)
    oi, ti = _token_index(ocr), _token_index(truth)
    otoks, ttoks = ocr.split(" ") if ocr else [], truth.split(" ") if truth else []
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: tuple[str, int], b: tuple[str, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    for i in range(len(otoks)):
        find(("o", i))
    for j in range(len(ttoks)):
        find(("t", j))
    for b in blocks:
        lo, lt = b.o1 - b.o0, b.t1 - b.t0
        if lo == 0 or lt == 0:
            continue
        for k in range(max(lo, lt)):
            a = b.o0 + (k * lo) // max(lo, lt)
            c = b.t0 + (k * lt) // max(lo, lt)
            if oi[a] >= 0 and ti[c] >= 0:
                union(("o", oi[a]), ("t", ti[c]))
    comps: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in list(parent):
        r = find(node)
        o, t = comps.setdefault(r, ([], []))
        (o if node[0] == "o" else t).append(node[1])
    groups = []
    for o, t in comps.values():
        o.sort()
        t.sort()
        ot, tt = tuple(otoks[i] for i in o), tuple(ttoks[j] for j in t)
        if not t:
            kind = "ins"
        elif not o:
            kind = "del"
        elif len(o) == 1 and len(t) == 1:
            kind = "equal" if ot == tt else "sub"
        elif len(t) == 1:
            kind = "split"
        elif len(o) == 1:
            kind = "merge"
        else:
            kind = "complex"
        groups.append(Group(kind, ot, tt, tuple(o), tuple(t)))
    groups.sort(key=lambda g: (g.t_index[0] if g.t_index else -1, g.o_index[0] if g.o_index else -1))
    return groups


def sample_errors(source: str, n: int, seed: int = 13) -> list[tuple[str, str, str, str]]:
    """``n`` word errors (kind, OCR, truth, doc id) of a source, drawn with a fixed seed."""
    import random

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import OUT, read_jsonl

    found = []
    for path in sorted(OUT.glob("*.jsonl")):
        for rec in read_jsonl(path):
            if rec["source"] != source:
                continue
            for g in token_groups(rec["ocr"], rec["truth"]):
                if g.kind in ("split", "merge") or (
                        g.kind == "sub" and re.sub(r"\W", "", g.ocr[0]) != re.sub(r"\W", "", g.truth[0])):
                    found.append((g.kind, " ".join(g.ocr), " ".join(g.truth), rec["id"]))
    random.Random(seed).shuffle(found)
    return found[:n]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import OUT, read_jsonl

    if argv[:1] == ["--sample"]:
        n, source = int(argv[1]), argv[3]
        for kind, o, t, did in sample_errors(source, n):
            print(f"{kind:<6} {o!r:<28} -> {t!r:<24} {did}")
        return 0
    want = argv[0] if argv else None
    for path in sorted(OUT.glob("*.jsonl")):
        for rec in read_jsonl(path):
            if want and rec["id"] != want:
                continue
            for g in token_groups(rec["ocr"], rec["truth"]):
                if g.kind != "equal":
                    print(f"{g.kind:<8} {' '.join(g.ocr)!r:<30} -> {' '.join(g.truth)!r}")
            return 0
    print(f"no document {want!r}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
