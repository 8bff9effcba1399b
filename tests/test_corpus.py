"""textmend.corpus in-process: names, formats, output plans, batches, workers, config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textmend import Pipeline
from textmend import corpus
from textmend.corpus import UsageError
from textmend.errors import ConfigError

STAGES = ["line_breaks", "control_chars", "whitespace", "blank_lines"]
PIPE = Pipeline(STAGES)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("a.jsonl.gz", ("gz", ".jsonl")),
        ("a.JSONL.ZST", ("zst", ".jsonl")),
        ("a.txt.bz2", ("bz2", ".txt")),
        ("a.xz", ("xz", "")),
        ("dir.v2/file", ("", "")),
        ("t.parquet", ("", ".parquet")),
    ],
)
def test_split_suffix(name: str, expected: tuple[str, str]) -> None:
    assert corpus.split_suffix(name) == expected


def test_detect_format() -> None:
    assert corpus.detect_format("a.ndjson.xz", "auto", False) == "jsonl"
    assert corpus.detect_format("a.txt", "auto", True) == "lines"
    assert corpus.detect_format("a.md.gz", "auto", False) == "text"
    assert corpus.detect_format("a.txt", "jsonl", False) == "jsonl"
    with pytest.raises(UsageError, match="valid formats"):
        corpus.detect_format("a", "csv", False)


@pytest.mark.parametrize("comp", ["", "gz", "bz2", "xz", "zst"])
def test_compressed_blocks_concatenate(tmp_path: Path, comp: str) -> None:
    if comp == "zst":
        pytest.importorskip("zstandard")
    name = "a.txt" + (f".{comp}" if comp else "")
    path = tmp_path / name
    path.write_bytes(corpus.compress_block(b"one\n", comp) + corpus.compress_block(b"two\n", comp))
    (src,) = corpus.find_inputs([str(path)])
    with corpus.open_input(src) as f:
        assert f.read() == b"one\ntwo\n"


def test_find_inputs_order_hidden_and_glob(tmp_path: Path) -> None:
    for rel in ["b/2.txt", "b/1.jsonl", "a.txt", ".hid/x.txt", "b/.y.txt", "c/z.md"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    found = corpus.find_inputs([str(tmp_path)])
    assert [s.rel for s in found] == ["a.txt", "b/1.jsonl", "b/2.txt", "c/z.md"]
    assert [s.format for s in found] == ["text", "jsonl", "text", "text"]
    assert [s.rel for s in corpus.find_inputs([str(tmp_path)], globs=["*.txt"])] == ["a.txt", "b/2.txt"]
    assert [s.rel for s in corpus.find_inputs([str(tmp_path)], globs=["b/*"])] == ["b/1.jsonl", "b/2.txt"]
    # A file named twice (directly and in its folder) is cleaned once.
    both = corpus.find_inputs([str(tmp_path / "a.txt"), str(tmp_path)])
    assert [s.rel for s in both].count("a.txt") == 1
    with pytest.raises(UsageError, match="no such file"):
        corpus.find_inputs([str(tmp_path / "nope")])


def test_plan_outputs(tmp_path: Path) -> None:
    d = tmp_path / "in"
    (d / "s").mkdir(parents=True)
    (d / "s" / "a.jsonl.gz").write_text("")
    (d / "b.txt").write_text("")
    srcs = corpus.find_inputs([str(d)])
    plan = corpus.plan_outputs(srcs, str(tmp_path / "out"), input_folders=[str(d)])
    assert plan.mode == "folder"
    assert plan.targets == (str(tmp_path / "out" / "b.txt"), str(tmp_path / "out" / "s" / "a.jsonl.gz"))
    assert plan.compression == ("", "gz")
    single = corpus.plan_outputs(srcs, str(tmp_path / "all.jsonl.xz"))
    assert single.mode == "file" and single.compression == ("xz", "xz")
    assert corpus.plan_outputs(srcs, None).mode == "stdout"
    with pytest.raises(UsageError, match="inside the input folder"):
        corpus.plan_outputs(srcs, str(d / "out"), input_folders=[str(d)])
    with pytest.raises(UsageError, match="write over"):
        corpus.plan_outputs(srcs[:1], str(d / "b.txt"))
    with pytest.raises(UsageError, match="write over"):  # a mirrored name lands on an input
        corpus.plan_outputs(corpus.find_inputs([str(d / "b.txt")]), str(d) + "/")
    with pytest.raises(UsageError, match="takes no -o"):
        corpus.plan_outputs(srcs, "x", in_place=True)


def _task(fmt: str, data: bytes, path: str = "f") -> corpus.Task:
    return corpus.Task([corpus.Piece(0, path, fmt, 1, data, True, "")])  # type: ignore[arg-type]


def test_jsonl_batch_keeps_bad_records_and_other_fields() -> None:
    cfg = corpus.WorkerConfig(pipeline=PIPE, explain=True)
    good = {"id": 7, "text": "a\r\nb\n\n\n\nc", "z": {"k": [1.5, None]}}
    data = b"\n".join([
        json.dumps(good).encode(),
        b"{broken",
        b'{"text": "\xff"}',
        b'{"other": 1}',
        b'[1, 2]',
        b"",
        b'{"text": "unchanged", "n": 1.0}',
        b"",
    ])
    res = corpus.process_task(_task("jsonl", data), cfg)
    (piece,) = res.pieces
    lines = piece.data.split(b"\n")
    assert json.loads(lines[0]) == {**good, "text": PIPE.clean(good["text"])}
    assert lines[1:] == data.split(b"\n")[1:]  # bad, blank and unchanged records: byte-identical
    assert [(b.line, b.kind) for b in res.bad] == [(2, "json"), (3, "decode"), (4, "field"), (5, "field")]
    assert res.documents == 6 and res.changed == 1
    edits = [json.loads(x) for x in res.explain.decode().splitlines()]
    assert {e["doc_id"] for e in edits} == {7} and {e["doc_line"] for e in edits} == {1}


def test_decode_error_line_number_in_a_text_document() -> None:
    cfg = corpus.WorkerConfig(pipeline=PIPE)
    res = corpus.process_task(_task("text", b"ok\nok\nbad \xe9\n"), cfg)
    assert [(b.line, b.kind, b.kept) for b in res.bad] == [(3, "decode", True)]
    assert res.pieces[0].data == b"ok\nok\nbad \xe9\n"
    guess = dataclasses_replace(cfg, decode_errors="guess")
    res = corpus.process_task(_task("text", b"bad \xe9  \r\n"), guess)
    assert res.pieces[0].data.decode() == PIPE.clean("bad é  \r\n")
    assert res.bad[0].kept is False


def dataclasses_replace(cfg: corpus.WorkerConfig, **kw: object) -> corpus.WorkerConfig:
    import dataclasses

    return dataclasses.replace(cfg, **kw)  # type: ignore[arg-type]


def test_a_stage_that_raises_is_a_bad_record_not_a_crash() -> None:
    class Boom(Pipeline):
        def explain(self, text: str):  # type: ignore[no-untyped-def, override]
            if "boom" in text:
                raise RuntimeError("stage bug")
            return super().explain(text)

    cfg = corpus.WorkerConfig(pipeline=Boom(STAGES))
    res = corpus.process_task(_task("lines", b"fine\r\nboom\r\nfine"), cfg)
    assert res.pieces[0].data == b"fine\nboom\r\nfine"
    assert [(b.line, b.kind) for b in res.bad] == [(2, "stage")]


def test_batches_cut_at_line_ends(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    lines = [f"line {i} " * (i % 7) for i in range(500)]
    f.write_text("\n".join(lines))
    srcs = corpus.find_inputs([str(f)], per_line=True)
    plan = corpus.plan_outputs(srcs, None)
    tasks = list(corpus.iter_tasks(srcs, plan, chunk_bytes=300))
    assert len(tasks) > 10
    pieces = [p for t in tasks for p in t.pieces]
    assert b"".join(p.data for p in pieces).decode() == "\n".join(lines)
    assert [p.last for p in pieces].count(True) == 1 and pieces[-1].last
    starts = [p.line for p in pieces]
    assert starts[0] == 1 and starts == sorted(starts)
    for p in pieces:  # each piece starts on the line it says
        assert p.data.decode().split("\n")[0] == lines[p.line - 1]


def test_build_pipeline_and_config(tmp_path: Path) -> None:
    p = corpus.build_pipeline(None, "whitespace,blank_lines", None, None)
    assert p.names == ("whitespace", "blank_lines")
    assert corpus.build_pipeline(None, STAGES, "blank_lines").names == tuple(STAGES[:-1])
    with pytest.raises(ConfigError, match="valid stages"):
        corpus.build_pipeline(None, "whitespace", "nope")
    with pytest.raises(ConfigError, match="valid profiles"):
        corpus.build_pipeline("nope")
    cfg = tmp_path / "c.toml"
    cfg.write_text('stages = ["whitespace"]\n[whitespace]\nbogus = 1\n')
    with pytest.raises(ConfigError, match="valid options"):
        corpus.build_pipeline(config=corpus.load_config(cfg))
    cfg.write_text('stages = ["whitespace"]\n[blank_lines]\n')
    with pytest.raises(ConfigError, match="not in the pipeline"):
        corpus.build_pipeline(config=corpus.load_config(cfg))
    cfg.write_text("stages = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        corpus.load_config(cfg)
    cfg.write_text("profil = 'default'\n")
    with pytest.raises(ConfigError, match="top-level settings: disable, profile, stages"):
        corpus.load_config(cfg)


def test_summary_report() -> None:
    s = corpus.Summary(files=1, documents=3, changed=1, bytes_in=2_000_000, seconds=2.0)
    s.edits[("whitespace", "trailing")] += 2
    s.errors["json"] += 1
    text = s.report()
    assert "3 documents" in text and "2.0 MB" in text and "1.0 MB/s" in text
    assert "whitespace/trailing" in text and "error: json" in text
    assert s.to_dict()["edits"] == {"whitespace/trailing": 2}
