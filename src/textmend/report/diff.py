"""Before/after views of one edit, with the changed characters marked.

An edit's ``before`` and ``after`` are compared character by character (the
opcodes of rapidfuzz's ``Indel`` distance: the longest common subsequence, as a
line diff does for lines), changes split by one or two stray common
characters are merged so that a rewritten word reads as one change, and long
unchanged stretches are cut down to a little context on each side of the
change.

A view is a tuple of segments ``(kind, text)``: ``"same"``, ``"del"`` (only
in ``before``), ``"ins"`` (only in ``after``) or ``"gap"`` (unchanged text left
out; ``text`` is the number of characters). Segments hold raw text: escaping is
the template's job.

>>> d = diff_edit("Don39t go", "Don't go")
>>> d.before
(('same', 'Don'), ('del', '39'), ('same', 't go'))
>>> d.after
(('same', 'Don'), ('ins', "'"), ('same', 't go'))

An empty ``del`` or ``ins`` marks where the other side inserted or removed
text. Removed lines are kept line by line (``lines``), each trimmed:

>>> d = diff_edit("Follow AP's coverage at\\n", None)
>>> d.after is None, d.lines
(True, ((('del', "Follow AP's coverage at"),), ()))
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel, Postfix, Prefix

__all__ = ["CONTEXT", "Diff", "Segment", "diff_edit", "highlight", "trim"]

Segment = tuple[str, str]

CONTEXT = 60  # unchanged characters kept on each side of a change
CHANGE_HEAD, CHANGE_TAIL = 300, 80  # a longer change keeps its head and tail
SHOWN = 1200  # characters shown per side at most; the rest becomes one gap
LINES = 12  # removed lines shown at most
FINE = 5000  # middles longer than this are shown as one change, not aligned


@dataclass(frozen=True)
class Diff:
    """What an edit replaced (``before``) and what replaced it (``after``, ``None``: removed).

    For a removal, ``lines`` holds the removed lines one by one (an empty
    tuple is an empty line) and ``more_lines`` counts those left out.
    """

    before: tuple[Segment, ...]
    after: tuple[Segment, ...] | None
    lines: tuple[tuple[Segment, ...], ...] = ()
    more_lines: int = 0

    @property
    def removed(self) -> bool:
        return self.after is None


def _blocks(a: str, b: str) -> list[list[str]]:
    """``[a_part, b_part]`` blocks alternating equal (a_part == b_part) and changed."""
    p = Prefix.similarity(a, b)
    s = Postfix.similarity(a[p:], b[p:])
    am, bm = a[p : len(a) - s], b[p : len(b) - s]
    blocks: list[list[str]] = []
    if p:
        blocks.append([a[:p], a[:p]])
    if len(am) > FINE or len(bm) > FINE:
        blocks.append([am, bm])
    else:
        for op in Indel.opcodes(am, bm):
            x, y = am[op.src_start : op.src_end], bm[op.dest_start : op.dest_end]
            if op.tag == "equal":
                blocks.append([x, y])
            elif blocks and not _equal(blocks[-1]):
                blocks[-1][0] += x
                blocks[-1][1] += y
            else:
                blocks.append([x, y])
    if s:
        blocks.append([a[len(a) - s :], a[len(a) - s :]])
    return _cleanup(blocks)


def _equal(block: list[str]) -> bool:
    return block[0] == block[1]


def _cleanup(blocks: list[list[str]]) -> list[list[str]]:
    """Merge an unchanged stretch into the changes around it when it is shorter than both.

    After diff-match-patch's semantic clean-up: ``'Ã©tÃ©'`` against
    ``'été'`` is one change, not two around a kept ``t``, and a rewritten
    phrase is one change, not confetti of common letters; but a word between
    two repairs of its length stays (``' #39;talks #39;'``: ``talks`` is kept).
    """
    changed = True
    while changed:
        changed = False
        out: list[list[str]] = []
        i = 0
        while i < len(blocks):
            blk = blocks[i]
            if (
                _equal(blk)
                and out
                and not _equal(out[-1])
                and i + 1 < len(blocks)
                and not _equal(blocks[i + 1])
            ):
                left, right = out[-1], blocks[i + 1]
                n = len(blk[0])
                if n < max(len(left[0]), len(left[1])) and n < max(len(right[0]), len(right[1])):
                    left[0] += blk[0] + right[0]
                    left[1] += blk[1] + right[1]
                    i += 2
                    changed = True
                    continue
            out.append([blk[0], blk[1]])
            i += 1
        blocks = out
    return blocks


def highlight(before: str, after: str) -> tuple[list[Segment], list[Segment]]:
    """The two sides of a character diff, untrimmed.

    >>> highlight("CafÃ© au  lait", "Café au lait")
    ([('same', 'Caf'), ('del', 'Ã©'), ('same', ' au'), ('del', ' '), ('same', ' lait')], [('same', 'Caf'), ('ins', 'é'), ('same', ' au'), ('ins', ''), ('same', ' lait')])
    >>> highlight("Ã©tÃ©", "été")  # one word rewritten: one change, not two around a kept 't'
    ([('del', 'Ã©tÃ©')], [('ins', 'été')])
    >>> highlight("a b", "a  b")
    ([('same', 'a '), ('del', ''), ('same', 'b')], [('same', 'a '), ('ins', ' '), ('same', 'b')])
    >>> highlight("same", "same")
    ([('same', 'same')], [('same', 'same')])
    """
    left: list[Segment] = []
    right: list[Segment] = []
    for x, y in _blocks(before, after):
        if x == y:
            left.append(("same", x))
            right.append(("same", y))
            continue
        # An empty side stays as a zero-width mark: where text was inserted or removed.
        left.append(("del", x))
        right.append(("ins", y))
    return left, right


def trim(segments: list[Segment], context: int = CONTEXT) -> tuple[Segment, ...]:
    """``segments`` with long unchanged text cut to ``context`` characters around each change.

    A side that is all unchanged keeps its head. Long changes keep a head and a
    tail, and a side keeps at most :data:`SHOWN` characters.

    >>> trim([("same", "x" * 100), ("del", "39"), ("same", "y" * 100)], context=3)
    (('gap', '97'), ('same', 'xxx'), ('del', '39'), ('same', 'yyy'), ('gap', '97'))
    """
    out: list[Segment] = []
    last = len(segments) - 1
    only_same = all(kind == "same" for kind, _ in segments)
    for i, (kind, text) in enumerate(segments):
        if kind == "same":
            head = i > 0 or only_same  # text after a change (or a side with no change)
            tail = i < last  # text before a change
            if head and tail:
                if len(text) > 2 * context + 20:
                    out += [("same", text[:context]), ("gap", str(len(text) - 2 * context)), ("same", text[-context:])]
                else:
                    out.append((kind, text))
            elif head:
                if len(text) > context + 20:
                    out += [("same", text[:context]), ("gap", str(len(text) - context))]
                else:
                    out.append((kind, text))
            elif tail:
                if len(text) > context + 20:
                    out += [("gap", str(len(text) - context)), ("same", text[-context:])]
                else:
                    out.append((kind, text))
            else:
                out.append((kind, text))
        elif len(text) > CHANGE_HEAD + CHANGE_TAIL + 20:
            cut = len(text) - CHANGE_HEAD - CHANGE_TAIL
            out += [(kind, text[:CHANGE_HEAD]), ("gap", str(cut)), (kind, text[-CHANGE_TAIL:])]
        else:
            out.append((kind, text))
    return _cap(out)


def _cap(segments: list[Segment]) -> tuple[Segment, ...]:
    shown = 0
    out: list[Segment] = []
    for i, (kind, text) in enumerate(segments):
        if kind == "gap":
            out.append((kind, text))
            continue
        if shown + len(text) > SHOWN:
            keep = max(0, SHOWN - shown)
            if keep:
                out.append((kind, text[:keep]))
            rest = len(text) - keep + sum(
                int(t) if k == "gap" else len(t) for k, t in segments[i + 1 :]
            )
            out.append(("gap", str(rest)))
            return tuple(out)
        shown += len(text)
        out.append((kind, text))
    return tuple(out)


def diff_edit(before: str, after: str | None, context: int = CONTEXT) -> Diff:
    """The trimmed before/after view of one edit (``after=None``: lines removed)."""
    if after is None:
        lines = before.split("\n")
        shown = tuple(trim([("del", line)], context) if line else () for line in lines[:LINES])
        return Diff(trim([("del", before)] if before else [], context), None, shown, len(lines) - len(shown))
    left, right = highlight(before, after)
    return Diff(trim(left, context), trim(right, context))
