"""The pipeline: an ordered, immutable list of stages, run with the fast path.

Consecutive line stages form one *run*: their triggers are joined into one
pattern, the document is searched once, and only the lines it flags go through
the run's stages. ``reference=True`` runs every stage on every line instead; it
exists to test that the fast path changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

from textmend import registry
from textmend.facts import enter_document, leave_document
from textmend.errors import ConfigError, StageError
from textmend.profiles import profile_stages
from textmend.scan import candidate_lines, join_triggers
from textmend.stage import DocumentStage, Edit, Explained, LineStage, Stage

__all__ = ["Pipeline", "StageSpec"]

# A stage given by name, by name with options, or as an instance.
StageSpec = Union[str, Stage, tuple[str, Mapping[str, Any]]]


def _build(spec: StageSpec) -> Stage:
    if isinstance(spec, Stage):
        return spec
    if isinstance(spec, str):
        return registry.make_stage(spec)
    if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], str):
        return registry.make_stage(spec[0], spec[1])
    raise ConfigError(
        f"a stage is a name, a (name, options) pair or a stage instance, not {spec!r}"
    )


def _check_text(text: object) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(
            "textmend cleans str, not bytes: decode first (for example "
            "data.decode('utf-8', errors='replace'), or use the `textmend` command, "
            "which reports undecodable records)"
        )
    raise TypeError(f"textmend cleans str, not {type(text).__name__}")


@dataclass(frozen=True)
class _LineRun:
    first_step: int
    stages: tuple[LineStage, ...]
    pattern: Any
    # Each stage's trigger rewritten for speed by ``join_triggers`` (the same
    # lines match): what a flagged line is checked against, stage by stage.
    checks: tuple[Any, ...]


@dataclass(frozen=True)
class _DocStep:
    step: int
    stage: DocumentStage


class Pipeline:
    """An ordered list of stages.

    Build one from a profile name or from stages (names, ``(name, options)``
    pairs or instances). Pipelines are immutable: :meth:`add`, :meth:`remove`,
    :meth:`replace` and :meth:`configure` return a new pipeline.

    >>> p = Pipeline("minimal").remove("blank_lines")
    >>> "blank_lines" in p.names
    False
    >>> Pipeline([("whitespace", {"trailing": True, "min_line_length": 0})]).clean("three   spaces ")
    'three spaces'
    """

    def __init__(
        self,
        stages: str | Iterable[StageSpec] = "default",
        *,
        reference: bool = False,
    ) -> None:
        if isinstance(stages, str):
            self.profile: str | None = stages
            specs: Iterable[StageSpec] = profile_stages(stages)
        else:
            self.profile = None
            specs = stages
        built = tuple(_build(s) for s in specs)
        names = [s.name for s in built]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ConfigError(f"a stage may appear once in a pipeline: {', '.join(dupes)}")
        self.stages: tuple[Stage, ...] = built
        self.reference = reference
        self._plan = self._make_plan()

    # -- building -------------------------------------------------------------------

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def __repr__(self) -> str:
        return f"Pipeline({list(self.names)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self.stages == other.stages

    def __hash__(self) -> int:
        return hash(self.stages)

    def _index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise ConfigError(
                f"stage {name!r} is not in this pipeline; its stages: {', '.join(self.names)}"
            ) from None

    def _with(self, stages: Sequence[Stage]) -> Pipeline:
        new = Pipeline(stages, reference=self.reference)
        new.profile = None
        return new

    def get(self, name: str) -> Stage:
        """The stage called ``name``."""
        return self.stages[self._index(name)]

    def add(
        self, stage: StageSpec, *, before: str | None = None, after: str | None = None
    ) -> Pipeline:
        """A pipeline with ``stage`` added at the end, or before/after a named stage."""
        if before is not None and after is not None:
            raise ConfigError("give `before` or `after`, not both")
        new = _build(stage)
        stages = list(self.stages)
        if before is not None:
            stages.insert(self._index(before), new)
        elif after is not None:
            stages.insert(self._index(after) + 1, new)
        else:
            stages.append(new)
        return self._with(stages)

    def remove(self, *names: str) -> Pipeline:
        """A pipeline without the named stages."""
        drop = {self._index(n) for n in names}
        return self._with([s for i, s in enumerate(self.stages) if i not in drop])

    def replace(self, name: str, stage: StageSpec) -> Pipeline:
        """A pipeline with the stage ``name`` replaced by ``stage`` at the same place."""
        stages = list(self.stages)
        stages[self._index(name)] = _build(stage)
        return self._with(stages)

    def configure(self, name: str, **options: Any) -> Pipeline:
        """A pipeline with the options of stage ``name`` changed (checked against its fields)."""
        i = self._index(name)
        current = self.stages[i]
        stages = list(self.stages)
        stages[i] = registry.configure(type(current), options, base=current)
        return self._with(stages)

    def move(self, name: str, *, before: str | None = None, after: str | None = None) -> Pipeline:
        """A pipeline with stage ``name`` moved before or after another stage."""
        stage = self.get(name)
        return self.remove(name).add(stage, before=before, after=after)

    def with_reference(self, reference: bool = True) -> Pipeline:
        """The same stages run in reference mode (every stage on every line)."""
        return Pipeline(self.stages, reference=reference)

    # -- running --------------------------------------------------------------------

    def _make_plan(self) -> list[_LineRun | _DocStep]:
        plan: list[_LineRun | _DocStep] = []
        pending: list[tuple[int, LineStage]] = []

        def flush() -> None:
            if pending:
                stages = tuple(s for _, s in pending)
                pattern = join_triggers([s.trigger for s in stages])
                checks = tuple(join_triggers([s.trigger]) for s in stages)
                plan.append(_LineRun(pending[0][0], stages, pattern, checks))
                pending.clear()

        for step, stage in enumerate(self.stages):
            if isinstance(stage, LineStage):
                pending.append((step, stage))
            elif isinstance(stage, DocumentStage):
                flush()
                plan.append(_DocStep(step, stage))
            else:
                raise ConfigError(f"{stage!r} is neither a LineStage nor a DocumentStage")
        flush()
        return plan

    def clean(self, text: str, *, lang: str | None = None) -> str:
        """The cleaned text.

        ``lang`` (an ISO 639-1 code such as ``"de"``) states the document's language
        instead of having it detected (:class:`textmend.facts.Facts`).
        """
        return self._run(_check_text(text), None, lang)

    def explain(self, text: str, *, lang: str | None = None) -> Explained:
        """The cleaned text with every edit that produced it."""
        edits: list[Edit] = []
        out = self._run(_check_text(text), edits, lang)
        return Explained(out, edits)

    def clean_many(self, texts: Iterable[str], *, lang: str | None = None) -> Iterator[str]:
        """Clean each text of ``texts`` in turn, lazily."""
        for text in texts:
            yield self.clean(text, lang=lang)

    def explain_many(self, texts: Iterable[str], *, lang: str | None = None) -> Iterator[Explained]:
        for text in texts:
            yield self.explain(text, lang=lang)

    def _run(self, text: str, edits: list[Edit] | None, lang: str | None = None) -> str:
        # Facts about the document (language, Markdown, OCR output...) are computed
        # once, when a stage first asks, and shared by every stage of this run.
        token = enter_document(text, lang)
        try:
            return self._run_stages(text, edits)
        finally:
            leave_document(token)

    def _run_stages(self, text: str, edits: list[Edit] | None) -> str:
        for item in self._plan:
            if isinstance(item, _LineRun):
                if self.reference:
                    text = self._reference_lines(item, text, edits)
                else:
                    text = self._fast_lines(item, text, edits)
            else:
                text = self._document(item, text, edits)
        return text

    @staticmethod
    def _fix(stage: LineStage, line: str, rules: bool) -> tuple[str, str]:
        if rules:
            new, rule = stage.explain_line(line)
        else:
            new, rule = stage.fix_line(line), ""
        if "\n" in new:
            raise StageError(f"line stage {stage.name!r} returned a newline for {line!r}")
        return new, rule

    def _fast_lines(self, run: _LineRun, text: str, edits: list[Edit] | None) -> str:
        pieces: list[str] = []
        done = 0  # text[:done] is already in pieces
        lineno = 1
        counted = 0  # newlines counted up to this offset
        per_stage: list[list[Edit]] | None = (
            [[] for _ in run.stages] if edits is not None else None
        )
        want_rules = edits is not None
        # Each stage is fitted to the document (its "auto" options) on first use.
        fitted: list[LineStage | None] = [None] * len(run.stages)
        for start, end in candidate_lines(run.pattern, text):
            line = text[start:end]
            new = line
            for k, stage in enumerate(run.stages):
                if run.checks[k].search(new) is None:
                    continue
                fit = fitted[k]
                if fit is None:
                    fit = fitted[k] = stage.for_document(text)
                fixed, rule = self._fix(fit, new, want_rules)
                if fixed != new:
                    if per_stage is not None:
                        lineno += text.count("\n", counted, start)
                        counted = start
                        per_stage[k].append(
                            Edit(stage.name, rule, lineno, new, fixed, run.first_step + k)
                        )
                    new = fixed
            if new != line:
                pieces.append(text[done:start])
                pieces.append(new)
                done = end
        if not pieces:
            return text
        pieces.append(text[done:])
        if edits is not None and per_stage is not None:
            for stage_edits in per_stage:
                edits.extend(stage_edits)
        return "".join(pieces)

    def _reference_lines(self, run: _LineRun, text: str, edits: list[Edit] | None) -> str:
        lines = text.split("\n")
        fitted = [stage.for_document(text) for stage in run.stages]
        for k, stage in enumerate(fitted):
            for i, line in enumerate(lines):
                new, rule = self._fix(stage, line, edits is not None)
                if new != line:
                    if edits is not None:
                        edits.append(Edit(stage.name, rule, i + 1, line, new, run.first_step + k))
                    lines[i] = new
        return "\n".join(lines)

    def _document(self, item: _DocStep, text: str, edits: list[Edit] | None) -> str:
        stage = item.stage
        if not self.reference and not stage.precheck(text):
            return text
        lines = text.split("\n")
        new_lines, stage_edits = stage.fix_lines(lines)
        if edits is not None:
            edits.extend(
                e if e.step == item.step else _with_step(e, item.step) for e in stage_edits
            )
        return "\n".join(new_lines)


def _with_step(edit: Edit, step: int) -> Edit:
    return Edit(edit.stage, edit.rule, edit.line, edit.before, edit.after, step)
