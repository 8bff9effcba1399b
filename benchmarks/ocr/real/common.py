"""Shared helpers for the real-OCR development set (benchmarks/ocr/real/).

Every ``prep_<source>.py`` reads one fetched repository snapshot (a bare git
directory under ``$TEXTMEND_MIRROR``, default ``/work/.mirror``) at a pinned
commit, and writes ``$TEXTMEND_OCR_REAL/<source>.jsonl`` (default
``/work/devdata/ocr-real``): one JSON object per document with the fields

``id``, ``source``, ``lang`` (ISO 639-1), ``engine``, ``year`` (int or null),
``period`` (e.g. ``"19c"``), ``genre`` (``book`` / ``newspaper`` /
``periodical``), ``title`` (the book or newspaper; the split groups by it),
``ocr`` (the engine's text as it came out, line breaks kept), ``truth`` (the
ground truth in the same line layout where the source has it, normalised as
the source's ``TRUTH_CONVENTION`` says), and optionally ``truth_diplomatic``
(the truth before that normalisation) and ``meta`` (free-form).

Nothing fetched is committed: the scripts, SOURCES.md and split.json are.
"""
from __future__ import annotations

import json
import os
import subprocess
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable, Iterator

MIRROR = Path(os.environ.get("TEXTMEND_MIRROR", "/work/.mirror"))
OUT = Path(os.environ.get("TEXTMEND_OCR_REAL", "/work/devdata/ocr-real"))
HERE = Path(__file__).resolve().parent


class Snapshot:
    """Read files of a fetched repository snapshot at one commit, without a work tree."""

    def __init__(self, repo: str, commit: str) -> None:
        self.repo = repo
        self.git_dir = MIRROR / repo.replace("/", "+") / "repo"
        if not self.git_dir.exists():
            raise SystemExit(f"no snapshot of {repo} at {self.git_dir}: fetch github:{repo} first")
        self.commit = commit
        have = subprocess.run(["git", "--git-dir", str(self.git_dir), "cat-file", "-t", commit],
                              capture_output=True, text=True)
        if have.stdout.strip() != "commit":
            raise SystemExit(f"{repo}: commit {commit} is not in the snapshot {self.git_dir}")

    def ls(self, prefix: str = "") -> list[str]:
        out = subprocess.run(["git", "--git-dir", str(self.git_dir), "ls-tree", "-r", "--name-only",
                              self.commit, "--", prefix] if prefix else
                             ["git", "--git-dir", str(self.git_dir), "ls-tree", "-r", "--name-only", self.commit],
                             capture_output=True, check=True)
        return out.stdout.decode("utf-8").splitlines()

    def read(self, path: str) -> bytes:
        return subprocess.run(["git", "--git-dir", str(self.git_dir), "show", f"{self.commit}:{path}"],
                              capture_output=True, check=True).stdout

    def text(self, path: str) -> str:
        t = self.read(path).decode("utf-8")
        return t[1:] if t.startswith("\ufeff") else t

    def read_many(self, paths: list[str]) -> dict[str, bytes]:
        """Blobs for many paths with one ``git cat-file --batch`` process."""
        proc = subprocess.Popen(["git", "--git-dir", str(self.git_dir), "cat-file", "--batch"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert proc.stdin and proc.stdout
        out: dict[str, bytes] = {}
        for p in paths:
            proc.stdin.write(f"{self.commit}:{p}\n".encode())
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) < 3 or header[1] == b"missing":
                raise SystemExit(f"{self.repo}: {p} missing at {self.commit}")
            size = int(header[2])
            out[p] = proc.stdout.read(size)
            proc.stdout.read(1)
        proc.stdin.close()
        proc.wait()
        return out


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def norm_newlines(s: str) -> str:
    return s.replace("\r\n", "\n").replace("\r", "\n")


def tesseract_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).splitlines()[0].strip()


def tesseract_lines(items: list[tuple[str, bytes]], lang: str, cache: Path, psm: int = 7,
                    jobs: int = 2, extra: tuple[str, ...] = ()) -> dict[str, str]:
    """OCR line images with Tesseract (``--psm 7``: one text line), cached per key.

    ``items`` are (key, image bytes). The cache file ``cache/<key>.txt`` holds
    Tesseract's output with its trailing newline/form feed removed; delete the
    cache folder to rerun. OMP_THREAD_LIMIT=1, ``jobs`` processes at a time.
    """
    cache.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(item: tuple[str, bytes]) -> tuple[str, str]:
        key, data = item
        f = cache / (key.replace("/", "__") + ".txt")
        if f.exists():
            return key, f.read_text(encoding="utf-8")
        r = subprocess.run(["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm), *extra],
                           input=data, capture_output=True, env=env)
        txt = r.stdout.decode("utf-8", "replace").rstrip("\n\f").replace("\n", " ")
        tmp = f.with_suffix(".tmp")
        tmp.write_text(txt, encoding="utf-8")
        tmp.replace(f)
        return key, txt

    with ThreadPoolExecutor(max_workers=jobs) as ex:
        return dict(ex.map(one, items))


def write_jsonl(source: str, records: Iterable[dict]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{source}.jsonl"
    tmp = path.with_suffix(".jsonl.tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for rec in records:
            for k in ("id", "source", "lang", "engine", "genre", "title", "ocr", "truth"):
                if k not in rec:
                    raise ValueError(f"record {rec.get('id')} lacks {k}")
            rec.setdefault("year", None)
            rec.setdefault("period", century(rec["year"]) if rec["year"] else None)
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)
    print(f"{path}: {n} documents")
    return path


def century(year: int) -> str:
    return f"{(year - 1) // 100 + 1}c"


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


_SENTENCE_END = __import__("re").compile(r"[.!?:;][\"'\u2019\u201d\u00bb)]*\s*$")


def chunk_at_sentence_ends(seq: list, size: int, line_of=lambda x: x) -> list[list]:
    """Split into consecutive pieces of ``size`` lines or more, each ending where
    a line ends a sentence (``.``, ``!``, ``?``, ``:`` or ``;``, closing quotes
    allowed; judged on ``line_of(item)``), at most ``2 * size`` lines; the last
    piece takes what is left (merged into the one before if short).

    Pieces of a page are article-like then: a piece cut mid-sentence would end
    in a line that looks truncated, which no whole article or page-final
    paragraph does, and would penalise a stage that drops truncated tails.
    """
    out: list[list] = []
    cur: list = []
    for item in seq:
        cur.append(item)
        if len(cur) >= 2 * size or (len(cur) >= size and _SENTENCE_END.search(line_of(item) or "")):
            out.append(cur)
            cur = []
    if cur:
        if out and len(cur) < size // 2:
            out[-1].extend(cur)
        else:
            out.append(cur)
    return out


def chunk(seq: list, size: int) -> list[list]:
    """Split into consecutive pieces of about ``size`` (the last piece merged if short)."""
    out = [seq[i:i + size] for i in range(0, len(seq), size)]
    if len(out) > 1 and len(out[-1]) < size // 2:
        out[-2].extend(out.pop())
    return out
