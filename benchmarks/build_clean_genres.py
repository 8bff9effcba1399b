"""Build the clean-genres do-no-harm set (``benchmarks/data/clean_genres/``).

Real, already clean text of several genres and languages, none of it in
``benchmarks/data/clean``; every source is a Debian package (see
``data/clean_genres/SOURCES.md`` for versions and licences).  Each document is
written as its source has it (hard-wrapped where the source is, one paragraph
a line where it is); ``eval_clean_genres.py`` makes the variants (re-wrapped,
cut, joined) from these.  Each genre has a tune and a held-out part drawn from
different sources or different parts of one (``manifest.jsonl``: ``split``).

Needs: ``apt-get install r-cran-janeaustenr bible-kjv sword-text-sparv diatheke
dict-foldoc debian-reference-en debian-reference-de debian-reference-fr
debian-reference-es fortunes-de fortunes-es fortunes-it``, then
``python benchmarks/build_clean_genres.py``.
"""
from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "data" / "clean_genres"
NEWS = ROOT / "news"


def chunks(paragraphs: list[str], size: int, sep: str = "\n\n") -> list[str]:
    """Join paragraphs into pieces of about ``size`` characters."""
    out, cur, n = [], [], 0
    for p in paragraphs:
        if cur and n + len(p) > size:
            out.append(sep.join(cur) + "\n")
            cur, n = [], 0
        cur.append(p)
        n += len(p) + len(sep)
    if cur:
        out.append(sep.join(cur) + "\n")
    return out


# ------------------------------------------------------------------ fiction (hard-wrapped, Gutenberg)

def austen(name: str) -> list[str]:
    """A janeaustenr novel as its Project Gutenberg lines (hard-wrapped ~70 columns)."""
    lines = subprocess.run(["Rscript", "-e", f"library(janeaustenr); writeLines({name})"],
                           capture_output=True, text=True, check=True).stdout.split("\n")
    text = "\n".join(lines).strip("\n")
    paras = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return chunks(paras[:400], 9000)[:5]


# ------------------------------------------------------------------ scripture (one verse a line)

def kjv_psalms(first: int, last: int) -> list[str]:
    docs = []
    for c in range(first, last + 1, 4):
        parts = []
        for ps in range(c, min(c + 4, last + 1)):
            out = subprocess.run(["bible", "-f", f"Psa{ps}:1-200"], capture_output=True, text=True,
                                 check=True).stdout
            verses = [re.sub(r"^Psa\d+:(\d+) ", r"\1 ", v) for v in out.splitlines() if v.strip()]
            parts.append(f"PSALM {ps}\n\n" + "\n".join(verses))
        docs.append("\n\n".join(parts) + "\n")
    return docs


def rv1909(book: str, first: int, last: int) -> list[str]:
    docs = []
    for c in range(first, last + 1, 3):
        parts = []
        for ch in range(c, min(c + 3, last + 1)):
            out = subprocess.run(["diatheke", "-b", "spaRV1909eb", "-f", "plain", "-k", f"{book} {ch}"],
                                 capture_output=True, text=True, check=True).stdout
            # the module's Strong's numbers (<G1520>) are markup of the module, not text
            out = re.sub(r" ?<[GH]\d+>", "", out.replace("(spaRV1909eb)", ""))
            verses = re.findall(r"(?ms)^\S.*? \d+:(\d+): (.*?)(?=^\S.*? \d+:\d+: |\Z)", out)
            lines = [f"{n} {' '.join(t.split())}" for n, t in verses]
            parts.append(f"Capítulo {ch}\n\n" + "\n".join(lines))
        docs.append("\n\n".join(parts) + "\n")
    return docs


# ------------------------------------------------------------------ encyclopedic (FOLDOC)

def foldoc(first: str, last: str, n_docs: int) -> list[str]:
    raw = gzip.decompress(Path("/usr/share/dictd/foldoc.dict.dz").read_bytes()).decode("utf-8")
    entries = re.split(r"\n(?=\S)", raw)
    picked = []
    for e in entries:
        head = e.split("\n", 1)[0].strip()
        if not head or not head[0].isalpha() or not (first <= head[0].lower() <= last) or "%%%" in e \
                or "00-database" in e:
            continue
        body = e.strip("\n")
        if 400 <= len(body) <= 4000 and "\n" in body:
            picked.append(body)
    step = max(1, len(picked) // (n_docs * 12))
    picked = picked[::step][: n_docs * 12]
    return chunks(picked, 8000)[:n_docs]


# ------------------------------------------------------------------ news (one article a line)

def lee(path: Path, first: int, last: int, encoding: str) -> list[str]:
    arts = [a for a in path.read_bytes().decode(encoding).splitlines() if a.strip()][first:last]
    # a few articles keep their HTML italics (<i>Diplomacy</i>): residue a cleaner
    # should remove, so not clean text
    return chunks([a for a in arts if "<" not in a], 6000)


# ------------------------------------------------------------------ legal (licence texts in copyright files)

def copyright_licences(first: str, last: str, n_docs: int) -> list[str]:
    seen, texts = set(), []
    for f in sorted(Path("/usr/share/doc").glob("*/copyright")):
        pkg = f.parent.name
        if not (first <= pkg[0] <= last):
            continue
        try:
            raw = f.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if not raw.startswith("Format:"):
            continue
        for m in re.finditer(r"(?m)^License: ([^\n]+)\n((?: [^\n]*\n?)+)", raw):
            body = "\n".join("" if ln.strip() == "." else ln[1:] for ln in m.group(2).rstrip("\n").split("\n"))
            key = " ".join(body.split())
            if len(body) < 600 or key in seen or "/usr/share/common-licenses" in body:
                continue
            seen.add(key)
            texts.append(body.strip("\n"))
            LICENCE_ORIGIN[body.strip("\n")] = pkg
    return chunks(texts, 7000)[:n_docs]


# the package whose copyright file each licence text came from (for the manifest):
# which packages a machine has decides what this builder finds, so the committed
# files, not a re-run, are the record
LICENCE_ORIGIN: dict[str, str] = {}


# ------------------------------------------------------------------ technical (Debian Reference, HTML -> paragraphs)

class _Paras(HTMLParser):
    """Paragraphs, headings and list items of a DocBook HTML page, one a line.

    Tables (package lists with popcon figures) and ``pre`` blocks (commands,
    whose line structure this one-paragraph-a-line form would lose) are left out.
    """

    BLOCK = {"p", "h1", "h2", "h3", "h4", "li", "dt", "dd", "title"}
    SKIP = {"script", "style", "head", "table", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.cur: list[str] = []
        self.depth = 0
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip -= 1
        if tag in self.BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)

    def flush(self):
        t = " ".join("".join(self.cur).split())
        if t:
            self.out.append(t)
        self.cur = []


def debref(lang: str, chapters: list[str]) -> list[str]:
    docs = []
    for ch in chapters:
        p = _Paras()
        p.feed(Path(f"/usr/share/debian-reference/{ch}.{lang}.html").read_text(encoding="utf-8"))
        p.flush()
        paras = [x for x in p.out if len(x) > 1]
        # navigation text of the page (first and last lines) is not the document
        docs += chunks(paras[3:-3], 10000, sep="\n")[:2]
    return docs


# ------------------------------------------------------------------ quotations and verse (fortune files)

def fortunes(path: str, n_docs: int) -> list[str]:
    raw = Path(path).read_text(encoding="utf-8", errors="strict")
    items = [x.strip("\n") for x in raw.split("\n%\n") if x.strip()]
    return chunks(items, 6000, sep="\n%\n")[:n_docs]


def _fortune_file(lang: str, name: str) -> str:
    base = Path("/usr/share/games/fortunes") / lang
    u8 = base / f"{name}.u8"
    return str(u8 if u8.exists() else base / name)


GENRES = {
    # genre: [(split, language, source, builder)]
    "fiction_gutenberg": [
        ("tune", "en", "janeaustenr: Sense and Sensibility", lambda: austen("sensesensibility")),
        ("tune", "en", "janeaustenr: Emma", lambda: austen("emma")),
        ("heldout", "en", "janeaustenr: Mansfield Park", lambda: austen("mansfieldpark")),
        ("heldout", "en", "janeaustenr: Northanger Abbey", lambda: austen("northangerabbey")),
    ],
    "scripture": [
        ("tune", "en", "bible-kjv: Psalms 1-40", lambda: kjv_psalms(1, 40)),
        ("heldout", "es", "sword-text-sparv: Salmos 1-30 (Reina-Valera 1909)", lambda: rv1909("Psalms", 1, 30)),
        ("heldout", "es", "sword-text-sparv: Juan 1-9 (Reina-Valera 1909)", lambda: rv1909("John", 1, 9)),
    ],
    "encyclopedic": [
        ("tune", "en", "dict-foldoc: entries a-l", lambda: foldoc("a", "l", 8)),
        ("heldout", "en", "dict-foldoc: entries m-z", lambda: foldoc("m", "z", 8)),
    ],
    "news": [
        ("tune", "en", "gensim lee_background.cor: articles 151-220", lambda: lee(NEWS / "lee_background.cor", 150, 220, "ascii")),
        ("heldout", "en", "gensim lee.cor: all 50 articles", lambda: lee(NEWS / "lee.cor", 0, 50, "latin-1")),
    ],
    "legal": [
        ("tune", "en", "licence texts in /usr/share/doc/[a-l]*/copyright", lambda: copyright_licences("a", "l", 8)),
        ("heldout", "en", "licence texts in /usr/share/doc/[m-z]*/copyright", lambda: copyright_licences("m", "z", 8)),
    ],
    "technical": [
        ("tune", lang, f"debian-reference-{lang}: chapters 1-2", (lambda lg: lambda: debref(lg, ["ch01", "ch02"]))(lang))
        for lang in ("en", "de", "fr", "es")
    ] + [
        ("heldout", lang, f"debian-reference-{lang}: chapters 5-6", (lambda lg: lambda: debref(lg, ["ch05", "ch06"]))(lang))
        for lang in ("en", "de", "fr", "es")
    ],
    "quotations": [
        ("tune", "de", "fortunes-de: zitate, gedichte, sprichworte",
         lambda: fortunes(_fortune_file("de", "zitate"), 3) + fortunes(_fortune_file("de", "gedichte"), 3)
         + fortunes(_fortune_file("de", "sprichworte"), 1)),
        ("heldout", "es", "fortunes-es: ciencia, filosofia, famosos",
         lambda: fortunes(_fortune_file("es", "ciencia.fortunes"), 2) + fortunes(_fortune_file("es", "filosofia.fortunes"), 2)
         + fortunes(_fortune_file("es", "famosos.fortunes"), 2)),
        ("heldout", "it", "fortunes-it: italia, definizioni", lambda: fortunes("/usr/share/games/fortunes/italia", 2)
         + fortunes("/usr/share/games/fortunes/definizioni", 2)),
    ],
}


def main() -> None:
    for split in ("tune", "heldout"):
        shutil.rmtree(OUT / split, ignore_errors=True)
    manifest = []
    for genre, parts in GENRES.items():
        for split, lang, source, build in parts:
            docs = build()
            slug = re.sub(r"[^a-z0-9]+", "_", source.lower().replace("/usr/share/doc/", "")).strip("_")[:48]
            folder = OUT / split / genre
            folder.mkdir(parents=True, exist_ok=True)
            for i, text in enumerate(docs):
                if not text.strip():
                    continue
                name = f"{slug}_{i + 1:02d}.txt"
                (folder / name).write_text(text, encoding="utf-8")
                rec = dict(file=f"{split}/{genre}/{name}", split=split, genre=genre, language=lang,
                           source=source, bytes=len(text.encode("utf-8")))
                if genre == "legal":
                    rec["packages"] = sorted({p for t, p in LICENCE_ORIGIN.items() if t in text})
                manifest.append(rec)
    with open(OUT / "manifest.jsonl", "w", encoding="utf-8") as fh:
        for m in manifest:
            fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    by = {}
    for m in manifest:
        k = (m["split"], m["genre"])
        by[k] = (by.get(k, (0, 0))[0] + 1, by.get(k, (0, 0))[1] + m["bytes"])
    for k, (n, b) in sorted(by.items()):
        print(k, n, f"{b / 1000:.0f} KB")


if __name__ == "__main__":
    main()
