"""The stage protocol: :class:`LineStage`, :class:`DocumentStage`, :class:`Edit`.

A *line stage* repairs one line at a time and declares a ``trigger``: a compiled
pattern that matches every line the stage could change. A line the trigger
does not match is guaranteed to come out of the stage unchanged, which is what
lets the pipeline skip most of a document (see :mod:`textmend.scan`).

A *document stage* needs several lines at once. It may declare a cheap
``precheck(text)``; when that returns ``False`` the stage must leave the
document unchanged.

Every change is recorded as an :class:`Edit`.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from re import Pattern
from typing import Any, ClassVar

from textmend.errors import TextmendError

__all__ = ["DocumentStage", "Edit", "Explained", "LineStage", "Stage", "apply_edits"]


@dataclass(frozen=True, slots=True)
class Edit:
    """One change made by one stage.

    ``line`` is the 1-based number of the first line concerned in the text as
    the stage received it. ``before`` holds the line or lines the stage
    replaced, joined with ``"\\n"``; ``after`` holds what replaced them, or is
    ``None`` when the lines were removed. ``step`` is the stage's position in
    its pipeline; :func:`apply_edits` uses it to replay edits in order.

    >>> e = Edit("entity_residue", "contraction", 3, "Don39t go", "Don't go")
    >>> print(e)
    line 3 entity_residue/contraction: 'Don39t go' -> "Don't go"
    >>> e.kind
    'replace'
    """

    stage: str
    rule: str
    line: int
    before: str
    after: str | None
    step: int = 0

    @property
    def kind(self) -> str:
        """``"replace"`` (same number of lines), ``"remove"``, ``"join"`` or ``"split"``."""
        if self.after is None:
            return "remove"
        n_before = self.before.count("\n")
        n_after = self.after.count("\n")
        if n_after == n_before:
            return "replace"
        return "join" if n_after < n_before else "split"

    @property
    def before_lines(self) -> list[str]:
        return self.before.split("\n")

    @property
    def after_lines(self) -> list[str]:
        return [] if self.after is None else self.after.split("\n")

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "rule": self.rule,
            "line": self.line,
            "before": self.before,
            "after": self.after,
            "step": self.step,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edit:
        return cls(
            stage=str(data["stage"]),
            rule=str(data["rule"]),
            line=int(data["line"]),
            before=str(data["before"]),
            after=None if data.get("after") is None else str(data["after"]),
            step=int(data.get("step", 0)),
        )

    def __str__(self) -> str:
        after = "(removed)" if self.after is None else repr(self.after)
        return f"line {self.line} {self.stage}/{self.rule}: {self.before!r} -> {after}"


@dataclass(frozen=True, slots=True)
class Explained:
    """The cleaned text and the edits that produced it, in the order they were made."""

    text: str
    edits: list[Edit] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.edits)

    def counts(self) -> Counter[tuple[str, str]]:
        """Number of edits per ``(stage, rule)``."""
        return Counter((e.stage, e.rule) for e in self.edits)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.edits)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Replay ``edits`` (as returned by ``explain``) on the original ``text``.

    Edits of one step refer to the text that step received, so each step's
    edits are applied from the bottom up. Raises :class:`TextmendError` when an
    edit's ``before`` does not match the text, which makes this a check too.

    >>> apply_edits("a\\nb 39s\\nc", [Edit("s", "r", 2, "b 39s", "b 's")])
    "a\\nb 's\\nc"
    """
    lines = text.split("\n")
    group: list[Edit] = []

    def flush() -> None:
        for e in sorted(group, key=lambda e: e.line, reverse=True):
            start = e.line - 1
            old = e.before_lines
            if lines[start : start + len(old)] != old:
                raise TextmendError(f"edit does not apply: {e}")
            lines[start : start + len(old)] = e.after_lines
        group.clear()

    for edit in edits:
        if group and group[-1].step != edit.step:
            flush()
        group.append(edit)
    flush()
    return "\n".join(lines)


class Stage:
    """What line and document stages share: a name, a summary and options.

    Concrete stages are frozen, keyword-only dataclasses whose fields are their
    options.
    """

    name: ClassVar[str]
    summary: ClassVar[str]

    def options(self) -> dict[str, Any]:
        """The stage's options as a plain dict (empty for a stage without any)."""
        if dataclasses.is_dataclass(self):
            return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {}

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self.options().items())
        return f"{type(self).__name__}({opts})"


class LineStage(Stage):
    """A stage that repairs one line at a time.

    Subclasses set ``trigger`` (a compiled pattern, or a property returning one
    when it depends on options) and implement :meth:`fix_line`. ``trigger``
    must match every line that ``fix_line`` would change, and must not depend
    on ``^``/``$`` anchors without ``re.MULTILINE``: the fast path searches it
    over the whole document. ``fix_line`` gets a line without its ``"\\n"``,
    must return a line without one, and must never raise on a ``str``.
    """

    trigger: ClassVar[Pattern[str]]

    def fix_line(self, line: str) -> str:
        raise NotImplementedError

    def for_document(self, text: str) -> LineStage:
        """The stage to run on the document ``text``: ``self``, or a copy whose
        ``"auto"`` options are decided from the whole document.

        Called at most once per document and line run, and only when the
        trigger matched a line, so it may look at the whole text. The copy must
        not change a line that ``self.trigger`` does not match.
        """
        return self

    def explain_line(self, line: str) -> tuple[str, str]:
        """The fixed line and the name of the rule that changed it.

        Stages with several rules override this to name the one that applied.
        """
        return self.fix_line(line), self.name


class DocumentStage(Stage):
    """A stage that needs several lines at once (titles, tails, hyphenation...)."""

    def precheck(self, text: str) -> bool:
        """A cheap test: ``False`` guarantees the stage leaves ``text`` unchanged."""
        return True

    def fix_lines(self, lines: list[str]) -> tuple[list[str], list[Edit]]:
        """Return the new lines and the edits that turn ``lines`` into them."""
        raise NotImplementedError

    def edit(
        self, rule: str, index: int, before: Sequence[str], after: Sequence[str] | None
    ) -> Edit:
        """An :class:`Edit` for ``before`` starting at 0-based ``index`` of the input.

        ``after=None`` (or an empty sequence) records a removal.
        """
        return Edit(
            self.name,
            rule,
            index + 1,
            "\n".join(before),
            None if not after else "\n".join(after),
        )
