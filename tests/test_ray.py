"""textmend on Ray Data, on a local Ray instance (the ``ray`` extra).

The acceptance test cleans the real 1,000-document corpus of
tests/scale_corpus.py with Ray and with the local engine and compares the texts.
One Ray instance (``num_cpus=2``) serves the whole module: starting one takes
about ten seconds.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import textmend  # noqa: E402
import textmend.ray as tray  # noqa: E402
from textmend.cli import main  # noqa: E402

from tests import scale_corpus  # noqa: E402

PROFILE = "default"


@pytest.fixture(scope="module")
def local_ray():  # type: ignore[no-untyped-def]
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    return path, scale_corpus.write(path)


def local_texts(records: list[dict[str, str]]) -> dict[str, str]:
    pipeline = textmend.Pipeline(PROFILE)
    return {r["id"]: pipeline.clean(r["text"]) for r in records}


def local_counts(records: list[dict[str, str]]) -> Counter[str]:
    pipeline = textmend.Pipeline(PROFILE)
    return Counter(e.stage for r in records for e in pipeline.explain(r["text"]).edits)


def run_local_command(corpus_path: Path, out: Path) -> dict[str, str]:
    """The local corpus script's output texts, by id."""
    assert main(["clean", str(corpus_path), "-o", str(out), "-q"]) == 0
    return scale_corpus.read_texts([out])


def test_ray_engine_matches_local_corpus_script(local_ray, corpus, tmp_path):  # type: ignore[no-untyped-def]
    """Acceptance: the same corpus, the local command and `--engine ray`: identical text."""
    path, records = corpus
    local = run_local_command(path, tmp_path / "local.jsonl")
    out = tmp_path / "ray"
    stats = tmp_path / "stats.json"
    code = main(["clean", str(path), "-o", str(out), "--engine", "ray", "--stats", str(stats), "-q"])
    assert code == 0
    shards = sorted(out.glob("*.jsonl"))
    assert shards
    texts = scale_corpus.read_texts(shards)
    assert texts == local  # byte-identical text, every document
    assert texts == local_texts(records)
    # Input order is kept across shards.
    order = [json.loads(line)["id"] for s in shards for line in s.read_text("utf-8").splitlines()]
    assert order == [r["id"] for r in records]
    summary = json.loads(stats.read_text())
    assert summary["documents"] == len(records)
    assert summary["errors"] == 0
    assert summary["edits"] == dict(sorted(local_counts(records).items()))
    assert 0 < summary["changed"] < len(records)


def test_ray_engine_usage_errors(capsys):  # type: ignore[no-untyped-def]
    assert main(["clean", "-", "--engine", "ray"]) == 2
    assert "--engine ray needs" in capsys.readouterr().err
    assert main(["clean", "x.jsonl", "-o", "y.jsonl", "--address", "auto"]) == 2


def test_clean_corpus_keeps_other_fields_and_reports_bad_records(local_ray, tmp_path):  # type: ignore[no-untyped-def]
    src = tmp_path / "in.jsonl"
    good = {"id": 1, "score": 0.12345678901234566, "tags": None, "text": "Don39t  panic.\r\n"}
    clean = {"id": 2, "text": "Already clean \u2028 text."}
    src.write_bytes(
        (json.dumps(good) + "\n").encode()
        + b"{not json\n"
        + b'{"id": 3, "text": "caf\xe9"}\n'
        + (json.dumps(clean, ensure_ascii=False) + "\n").encode()
    )
    result = tray.clean_corpus([str(src)], str(tmp_path / "out"), profile=PROFILE)
    lines = b"".join(p.read_bytes() for p in sorted((tmp_path / "out").glob("*"))).split(b"\n")
    first = json.loads(lines[0])
    assert first == {**good, "text": textmend.clean(good["text"], profile=PROFILE)}
    assert lines[1] == b"{not json"  # written through unchanged
    assert lines[2] == b'{"id": 3, "text": "caf\xe9"}'
    assert lines[3] == (json.dumps(clean, ensure_ascii=False)).encode()  # not split at U+2028
    assert len(result.errors) == 2
    assert result.errors[0].endswith("in.jsonl:2: invalid JSON (Expecting property name enclosed in double quotes)")
    assert "in.jsonl:3: invalid UTF-8" in result.errors[1]


def test_clean_dataset_edits_and_counts(local_ray):  # type: ignore[no-untyped-def]
    records = scale_corpus.documents()[::10]
    ds = ray.data.from_items([{"id": r["id"], "body": r["text"]} for r in records])
    out = tray.clean_dataset(
        ds, column="body", output_column="clean", profile=PROFILE, edits_column="edits"
    ).materialize()
    rows = out.take_all()
    pipeline = textmend.Pipeline(PROFILE)
    for row, record in zip(rows, records):
        assert row["body"] == record["text"]  # the input column is kept
        explained = pipeline.explain(record["text"])
        assert row["clean"] == explained.text
        assert [dict(e) for e in row["edits"]] == [e.to_dict() for e in explained.edits]
        # The edits column is enough to rebuild the output from the input.
        edits = [textmend.Edit.from_dict(dict(e)) for e in row["edits"]]
        assert textmend.apply_edits(record["text"], edits) == row["clean"]
    assert tray.stage_counts(out) == dict(sorted(local_counts(records).items()))


def test_clean_dataset_nulls_and_stage_list(local_ray):  # type: ignore[no-untyped-def]
    ds = ray.data.from_arrow(pa.table({"text": ["two  spaces between words " * 4, None]}))
    out = tray.clean_dataset(ds, stages=[("whitespace", {"trailing": True})]).take_all()
    assert out[0]["text"] == textmend.clean("two  spaces between words " * 4, stages=[("whitespace", {"trailing": True})])
    assert out[1]["text"] is None


def test_bad_pipeline_fails_on_the_driver(local_ray):  # type: ignore[no-untyped-def]
    ds = ray.data.from_items([{"text": "x"}])
    with pytest.raises(textmend.ConfigError, match="valid stages"):
        tray.clean_dataset(ds, stages=["no_such_stage"])


def test_clean_corpus_parquet(local_ray, tmp_path):  # type: ignore[no-untyped-def]
    records = scale_corpus.documents()[:200]
    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(records), src)
    result = tray.clean_corpus([str(src)], str(tmp_path / "out"), profile=PROFILE)
    table = pq.read_table(tmp_path / "out")
    got = dict(zip(table.column("id").to_pylist(), table.column("text").to_pylist()))
    assert got == local_texts(records)
    assert table.column_names == ["id", "source", "text"]
    assert result.counts == dict(sorted(local_counts(records).items()))
