"""A datatrove pipeline step that runs a textmend pipeline on every document.

Needs the ``datatrove`` extra (``pip install 'textmend[datatrove]'``)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from textmend.integrations.datatrove import TextmendStep

    LocalPipelineExecutor(
        pipeline=[JsonlReader("in/"), TextmendStep(profile="default"), JsonlWriter("out/")],
        tasks=4,
    ).run()

The step holds only its configuration (a profile name or stage
specifications), so it pickles and serialises to datatrove's ``executor.json``
and runs under any executor (local, Slurm, Ray). Each task builds the textmend
pipeline once, when it starts, and checks it in the constructor so that a bad
stage name fails before any job is launched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.typeshelper import StatHints

from textmend.pipeline import Pipeline, StageSpec

__all__ = ["TextmendStep"]


class TextmendStep(PipelineStep):  # type: ignore[misc]
    """Clean ``document.text`` with a textmend pipeline.

    ``profile`` and ``stages`` mean what they mean for :func:`textmend.clean`.
    Stats, per task, in datatrove's ``stats/`` files and log: ``total``
    (documents seen), ``changed`` (documents the pipeline changed) and
    ``edits/<stage>`` (edits each stage made; its mean is per changed
    document). With ``edits_key``, each document's edits are also kept in
    ``document.metadata[edits_key]`` as a list of dicts (``Edit.to_dict``).
    """

    name = "🩹 textmend"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        profile: str = "default",
        stages: Iterable[StageSpec] | None = None,
        *,
        edits_key: str | None = None,
    ) -> None:
        super().__init__()
        self.profile = profile
        self.stages = None if stages is None else list(stages)
        self.edits_key = edits_key
        self.pipeline()  # a bad profile, stage or option fails here, not in a worker

    def pipeline(self) -> Pipeline:
        """The textmend pipeline this step runs."""
        return Pipeline(self.profile if self.stages is None else self.stages)

    def run(
        self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1
    ) -> DocumentsPipeline:
        if data is None:
            return
        pipeline = self.pipeline()  # once per task
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                result = pipeline.explain(doc.text)
            if result.edits:
                doc.text = result.text
                self.stat_update("changed")
                for stage, n in sorted(Counter(e.stage for e in result.edits).items()):
                    self.stat_update(f"edits/{stage}", value=n)
            if self.edits_key is not None:
                doc.metadata[self.edits_key] = [e.to_dict() for e in result.edits]
            yield doc


def stage_counts(stats: Any) -> dict[str, int]:
    """Edits per stage from a :class:`TextmendStep`'s ``stats`` (one task's or merged)."""
    return {
        key[len("edits/") :]: int(value.total)
        for key, value in sorted(stats.stats.items())
        if key.startswith("edits/")
    }
