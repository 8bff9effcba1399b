"""The datatrove step, under datatrove's local executor (the ``datatrove`` extra)."""

from __future__ import annotations

import json
import pickle
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("orjson")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

import textmend  # noqa: E402
from textmend.cli import main  # noqa: E402
from textmend.integrations.datatrove import TextmendStep, stage_counts  # noqa: E402

from tests import scale_corpus  # noqa: E402

PROFILE = "default"


def test_local_executor_matches_local_engine(tmp_path: Path) -> None:
    records = scale_corpus.documents()
    # Two input files and two tasks in two worker processes: the step is pickled
    # to the workers and each builds its pipeline once.
    (tmp_path / "in").mkdir()
    for k, part in enumerate((records[:500], records[500:])):
        with (tmp_path / "in" / f"part{k}.jsonl").open("w", encoding="utf-8") as fh:
            for r in part:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            TextmendStep(profile=PROFILE),
            JsonlWriter(str(tmp_path / "out"), compression=None),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()

    texts = scale_corpus.read_texts(sorted((tmp_path / "out").glob("*.jsonl")))
    pipeline = textmend.Pipeline(PROFILE)
    assert texts == {r["id"]: pipeline.clean(r["text"]) for r in records}
    # Acceptance: identical to the local corpus script's output on the same corpus.
    corpus = tmp_path / "corpus.jsonl"
    scale_corpus.write(corpus)
    assert main(["clean", str(corpus), "-o", str(tmp_path / "local.jsonl"), "-q"]) == 0
    assert texts == scale_corpus.read_texts([tmp_path / "local.jsonl"])

    # Per-stage edit counts in datatrove's stats files, summed over the tasks.
    counts: Counter[str] = Counter()
    changed = 0
    for stats_file in sorted((tmp_path / "logs" / "stats").glob("*.json")):
        (step,) = [s for s in json.loads(stats_file.read_text()) if "textmend" in s["name"]]
        for key, value in step["stats"].items():
            if key.startswith("edits/"):
                counts[key[len("edits/") :]] += value["total"] if isinstance(value, dict) else value
        changed += _total(step["stats"].get("changed", 0))
    expected = Counter(e.stage for r in records for e in pipeline.explain(r["text"]).edits)
    assert counts == expected
    assert changed == sum(1 for r in records if pipeline.clean(r["text"]) != r["text"])


def _total(value: object) -> int:
    return int(value["total"]) if isinstance(value, dict) else int(value)  # type: ignore[index, call-overload]


def test_step_edits_metadata_and_stats() -> None:
    step = TextmendStep(stages=["line_breaks", "whitespace", "blank_lines"], edits_key="edits")
    text = "Three   spaces in a line long enough to count as web prose, not as verse or as code.\r\n\n\n\nEnd"
    docs = [Document(text=text, id="a"), Document(text="clean", id="b")]
    out = list(step.run(iter(docs)))
    assert out[0].text == textmend.clean(text, stages=step.stages)
    assert [e["stage"] for e in out[0].metadata["edits"]] == ["line_breaks", "whitespace", "blank_lines"]
    assert out[1].text == "clean" and out[1].metadata["edits"] == []
    assert stage_counts(step.stats) == {"blank_lines": 1, "line_breaks": 1, "whitespace": 1}
    assert step.stats["total"].total == 2
    assert step.stats["changed"].total == 1


def test_step_pickles_and_checks_its_pipeline_early() -> None:
    step = pickle.loads(pickle.dumps(TextmendStep(stages=[("whitespace", {"trailing": True})])))
    assert step.pipeline() == textmend.Pipeline([("whitespace", {"trailing": True})])
    with pytest.raises(textmend.ConfigError, match="valid stages"):
        TextmendStep(stages=["no_such_stage"])
