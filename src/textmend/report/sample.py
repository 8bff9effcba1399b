"""Samples of a run's edits for its report: deterministic, bounded, mergeable.

A report shows a few dozen real edits per stage and rule, whatever the size of
the run. :class:`Sampler` keeps them as *bottom-k* samples: every edit gets a
key, a hash of a seed and the edit's place (file, record line, document id,
position among the document's edits), and a sample keeps the edits with the
smallest keys. That is a uniform random sample (the hash is the coin), the
same on every run, and it merges exactly: the sample of a whole run is the
bottom-k of the union of any partition's samples, so worker processes sample
their own share and the parent merges them, with the same result for any
number of workers and any order of batches.

To spread the examples over files, each stage/rule also keeps a bottom-k of
*files* (keyed by a hash of the file's name), each with the bottom
``ceil(k / files)`` of its own edits, and the examples are taken from the files
in turn: with k files or more they come from k different files, with three
files a third from each; a uniform sample fills the rest when the files run
short. (That depth only shrinks as files come in, so a partial sample always
holds what the whole needs: merging stays exact.)

It also counts edits and documents touched per stage/rule, and keeps the
documents changed most relative to their length (characters changed, as a
Levenshtein distance per edit, over the document's length).

Memory is bounded: per stage/rule about ``3 * examples`` samples, and ``top``
documents with at most :data:`EDITS_PER_DOCUMENT` edits each, every one
trimmed (:mod:`textmend.report.diff`). A worker keeps one :class:`Sampler`
for the run (:func:`process_sampler`) and hands the parent only what entered
it since the last batch (:meth:`Sampler.take`), so the work of sampling (the
diffs) and what crosses between processes stay small.

>>> from textmend import Edit
>>> s = Sampler(examples=2)
>>> for n in range(5):
...     s.add_document(f"f{n % 2}.jsonl", n + 1, f"d{n}", 20, [Edit("ws", "run", 1, "a  b", "a b")])
>>> s.edits[("ws", "run")], s.documents[("ws", "run")], s.changed
(5, 5, 5)
>>> sorted({e.path for e in s.examples("ws", "run")})  # one from each file
['f0.jsonl', 'f1.jsonl']
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

from textmend.report.diff import Diff, diff_edit
from textmend.stage import Edit

__all__ = [
    "EDITS_PER_DOCUMENT",
    "EXAMPLES",
    "TOP_DOCUMENTS",
    "Document",
    "Example",
    "Sampler",
    "changed_chars",
    "process_sampler",
]

SEED = "textmend-report-1"
EXAMPLES = 24  # per stage/rule: "a few dozen at most"
TOP_DOCUMENTS = 20
EDITS_PER_DOCUMENT = 8

Rule = tuple[str, str]


_MASK = (1 << 64) - 1


def _key(*parts: object) -> int:
    data = "\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def _mix(key: int, i: int) -> int:
    """The key of a document's edit ``i``: SplitMix64's finaliser of the document's key plus ``i``."""
    z = (key + (i + 1) * 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def changed_chars(edit: Edit) -> int:
    """Characters an edit changed: the Levenshtein distance, or the removed lines and their break.

    >>> changed_chars(Edit("s", "r", 1, "Don39t", "Don't"))
    2
    >>> changed_chars(Edit("s", "r", 1, "gone", None))
    5
    """
    if edit.after is None:
        return len(edit.before) + 1
    return int(Levenshtein.distance(edit.before, edit.after))


@dataclass(frozen=True)
class Example:
    """One sampled edit, where it was, and its before/after view."""

    stage: str
    rule: str
    path: str
    doc_line: int | None  # the record's line in its file (None: the file is the document)
    doc_id: str | None
    line: int  # in the document as the stage received it
    kind: str  # replace | remove | join | split
    diff: Diff
    key: int

    @property
    def where(self) -> str:
        return self.path if self.doc_line is None else f"{self.path}:{self.doc_line}"


@dataclass(frozen=True)
class Document:
    """A document that changed much relative to its length, with its first edits."""

    path: str
    doc_line: int | None
    doc_id: str | None
    chars: int
    changed: int  # characters changed, summed over its edits
    n_edits: int
    edits: tuple[Example, ...]
    key: int

    @property
    def share(self) -> float:
        return _share(self.changed, self.chars)

    @property
    def rank(self) -> tuple[float, int, int]:
        return (self.share, self.changed, self.key)

    @property
    def where(self) -> str:
        return self.path if self.doc_line is None else f"{self.path}:{self.doc_line}"


def _share(changed: int, chars: int) -> float:
    return min(1.0, changed / max(chars, 1))


@dataclass
class _Rule:
    """The two bottom-k samples of one stage/rule: over edits, and over files.

    The ``*_cap`` fields cache the largest key kept once a sample is full (the
    key a newcomer must beat), so that most edits are turned away in O(1).
    """

    items: dict[int, Example] = field(default_factory=dict)
    # path -> (file key, the file's bottom-depth edits by key)
    files: dict[str, tuple[int, dict[int, Example]]] = field(default_factory=dict)
    fresh_items: set[int] = field(default_factory=set)
    fresh_files: set[tuple[str, int]] = field(default_factory=set)
    item_cap: int | None = None
    file_cap: int | None = None
    own_cap: dict[str, int] = field(default_factory=dict)

    def depth(self, k: int) -> int:
        return -(-k // max(1, len(self.files)))

    def wants_item(self, k: int, key: int) -> bool:
        cap = self.item_cap
        return (cap is None or key < cap) and key not in self.items

    def wants_file(self, k: int, path: str, file_key: int, key: int) -> bool:
        cur = self.files.get(path)
        if cur is not None:
            cap = self.own_cap.get(path)
            return (cap is None or key < cap) and key not in cur[1]
        return self.file_cap is None or file_key < self.file_cap

    def put_item(self, k: int, ex: Example) -> None:
        self.items[ex.key] = ex
        self.fresh_items.add(ex.key)
        if len(self.items) > k:
            del self.items[max(self.items)]
        self.item_cap = max(self.items) if len(self.items) >= k else None

    def put_file(self, k: int, path: str, file_key: int, ex: Example) -> None:
        before = self.depth(k)
        entry = self.files.get(path)
        if entry is None:
            entry = self.files[path] = (file_key, {})
        entry[1][ex.key] = ex
        self.fresh_files.add((path, ex.key))
        if len(self.files) > k:
            worst = max(self.files, key=lambda p: self.files[p][0])
            del self.files[worst]
            self.own_cap.pop(worst, None)
        self.file_cap = max(fk for fk, _ in self.files.values()) if len(self.files) >= k else None
        depth = self.depth(k)
        for p in self.files if depth < before else (path,) if path in self.files else ():
            own = self.files[p][1]
            while len(own) > depth:
                del own[max(own)]
            if len(own) >= depth:
                self.own_cap[p] = max(own)
            else:
                self.own_cap.pop(p, None)


class Sampler:
    """Counts and bounded samples of the edits of a run (or of a part of one)."""

    def __init__(self, examples: int = EXAMPLES, top: int = TOP_DOCUMENTS, seed: str = SEED) -> None:
        self.k = examples
        self.top_n = top
        self.seed = seed
        self.edits: Counter[Rule] = Counter()
        self.documents: Counter[Rule] = Counter()  # documents with at least one edit of the rule
        self.changed = 0  # documents with at least one edit
        self._rules: dict[Rule, _Rule] = {}
        self._top: dict[int, Document] = {}
        self._fresh_top: set[int] = set()
        self._floor: tuple[float, int, int] | None = None  # the lowest rank kept, once full
        self._file_keys: dict[tuple[str, str, str], int] = {}  # a cache: files recur

    def _rule(self, rule: Rule) -> _Rule:
        r = self._rules.get(rule)
        if r is None:
            r = self._rules[rule] = _Rule()
        return r

    # -- adding -------------------------------------------------------------------------

    def add_document(
        self,
        path: str,
        doc_line: int | None,
        doc_id: Any,
        chars: int | None,
        edits: Sequence[Edit],
    ) -> None:
        """Count and sample the edits of one document (``chars``: its length, if known)."""
        if not edits:
            return
        self.changed += 1
        ident = None if doc_id is None else str(doc_id)
        doc_key = _key(self.seed, path, doc_line, ident)
        touched: set[Rule] = set()
        keys: list[int] = []
        file_keys = self._file_keys
        if len(file_keys) > 4096:
            file_keys.clear()
        for i, e in enumerate(edits):
            rule = (e.stage, e.rule)
            self.edits[rule] += 1
            touched.add(rule)
            key = _mix(doc_key, i)
            keys.append(key)
            r = self._rule(rule)
            fk = file_keys.get((e.stage, e.rule, path))
            if fk is None:
                fk = file_keys[(e.stage, e.rule, path)] = _key(self.seed, e.stage, e.rule, path)
            take_item = r.wants_item(self.k, key)
            take_file = r.wants_file(self.k, path, fk, key)
            if take_item or take_file:
                ex = self._example(e, path, doc_line, ident, key)
                if take_item:
                    r.put_item(self.k, ex)
                if take_file:
                    r.put_file(self.k, path, fk, ex)
        self.documents.update(touched)
        if chars is None or self.top_n <= 0:
            return
        if self._floor is not None:
            # No distance is more than the longer side: a document that cannot reach the
            # lowest share kept is turned away without computing any.
            bound = sum(len(e.before) + 1 if e.after is None else max(len(e.before), len(e.after)) for e in edits)
            if _share(bound, chars) < self._floor[0]:
                return
        changed = sum(changed_chars(e) for e in edits)
        if self._floor is not None and (_share(changed, chars), changed, doc_key) <= self._floor:
            return
        shown = tuple(
            self._example(e, path, doc_line, ident, keys[i])
            for i, e in enumerate(edits[:EDITS_PER_DOCUMENT])
        )
        self._put_top(Document(path, doc_line, ident, chars, changed, len(edits), shown, doc_key))

    @staticmethod
    def _example(e: Edit, path: str, doc_line: int | None, doc_id: str | None, key: int) -> Example:
        return Example(e.stage, e.rule, path, doc_line, doc_id, e.line, e.kind, diff_edit(e.before, e.after), key)

    def _put_top(self, doc: Document) -> None:
        if doc.key in self._top or self.top_n <= 0:
            return
        if self._floor is not None and doc.rank <= self._floor:
            return
        self._top[doc.key] = doc
        self._fresh_top.add(doc.key)
        if len(self._top) > self.top_n:
            worst = min(self._top, key=lambda k: self._top[k].rank)
            del self._top[worst]
        if len(self._top) >= self.top_n:
            self._floor = min(d.rank for d in self._top.values())

    # -- merging ------------------------------------------------------------------------

    def merge(self, other: Sampler) -> None:
        """Add ``other`` (a sample of other documents of the same run) to this sample."""
        self.edits.update(other.edits)
        self.documents.update(other.documents)
        self.changed += other.changed
        for rule, theirs in other._rules.items():
            mine = self._rule(rule)
            for key, ex in theirs.items.items():
                if mine.wants_item(self.k, key):
                    mine.put_item(self.k, ex)
            for path, (fk, own) in theirs.files.items():
                for ex in own.values():
                    if mine.wants_file(self.k, path, fk, ex.key):
                        mine.put_file(self.k, path, fk, ex)
        for doc in other._top.values():
            self._put_top(doc)

    def take(self) -> Sampler:
        """What was added since the last ``take``: counts, and samples still held.

        Merging every ``take`` of a sampler gives the same sample as merging
        the sampler itself (an edit dropped here is beaten by ``k`` others
        that are kept).
        """
        out = Sampler(self.k, self.top_n, self.seed)
        out.edits, out.documents, out.changed = self.edits, self.documents, self.changed
        self.edits, self.documents, self.changed = Counter(), Counter(), 0
        for rule, r in self._rules.items():
            if not (r.fresh_items or r.fresh_files):
                continue
            o = out._rule(rule)
            o.items = {k: r.items[k] for k in r.fresh_items if k in r.items}
            for path, key in r.fresh_files:
                entry = r.files.get(path)
                if entry is not None and key in entry[1]:
                    o.files.setdefault(path, (entry[0], {}))[1][key] = entry[1][key]
            r.fresh_items, r.fresh_files = set(), set()
        out._top = {k: self._top[k] for k in self._fresh_top if k in self._top}
        self._fresh_top = set()
        return out

    # -- reading ------------------------------------------------------------------------

    def rules(self) -> list[Rule]:
        return sorted(self.edits)

    def examples(self, stage: str, rule: str) -> list[Example]:
        """At most ``examples`` edits of ``stage/rule``, spread over files, in file order."""
        r = self._rules.get((stage, rule))
        if r is None:
            return []
        chosen: dict[int, Example] = {}
        queues = [sorted(own.values(), key=lambda e: e.key) for _, own in sorted(r.files.values(), key=lambda t: t[0])]
        turn = 0
        while len(chosen) < self.k and any(turn < len(q) for q in queues):
            for q in queues:
                if turn < len(q) and len(chosen) < self.k:
                    chosen[q[turn].key] = q[turn]
            turn += 1
        picks = Counter(ex.path for ex in chosen.values())
        rest = sorted((ex for key, ex in r.items.items() if key not in chosen), key=lambda e: e.key)
        while len(chosen) < self.k and rest:
            best = min(rest, key=lambda e: (picks[e.path], e.key))
            rest.remove(best)
            chosen[best.key] = best
            picks[best.path] += 1
        return sorted(chosen.values(), key=_place)

    def top_documents(self) -> list[Document]:
        """The documents changed most relative to their length, most first."""
        return sorted(self._top.values(), key=lambda d: d.rank, reverse=True)


def _place(e: Example) -> tuple[str, int, int, int]:
    return (e.path, e.doc_line or 0, e.line, e.key)


_PROCESS: tuple[str, Sampler] | None = None


def process_sampler(run: str, make: Callable[[], Sampler] = Sampler) -> Sampler:
    """This process's sampler for the run ``run`` (a token); a new run gets a new one."""
    global _PROCESS
    if _PROCESS is None or _PROCESS[0] != run:
        _PROCESS = (run, make())
    return _PROCESS[1]
