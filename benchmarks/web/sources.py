"""The real pages of the web development set: where they come from and how they are read.

Nothing here is committed page content. Each source is a public repository's test
fixtures, read straight from a git snapshot (``fetch`` of the search tool puts it
under ``/work/.mirror/<owner>+<name>/repo``; ``git clone`` of the same repository
at the same commit works as well). ``SOURCES.md`` records the commits and licences.

A page is identified by ``<owner>/<name>:<path>``; its *site* is the registered
domain (eTLD+1, from the Public Suffix List shipped by ``publicsuffixlist``) of the
page's own URL (canonical link, ``og:url``, the fixture's recorded URL, or its
file name when that is a host name). The development split is by site.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import UnicodeDammit
from publicsuffixlist import PublicSuffixList

# repo -> (commit, licence, how to list its pages). The commit is the one the
# figures in README.md were measured on; a later snapshot is read too, with a warning.
SOURCES: dict[str, dict[str, str]] = {
    "mozilla/readability": {
        "commit": "ab4027a8b37669745016869a37a504727992b2ba",
        "licence": "Apache-2.0 (repository); page content (c) its publishers, kept there as test fixtures",
        "pages": r"^test/test-pages/[^/]+/source\.html$",
    },
    "postlight/parser": {
        "commit": "e8ba7ece291efa4d915d50dd4deeec17d54359f2",
        "licence": "MIT or Apache-2.0 (repository); page content (c) its publishers, kept there as test fixtures",
        "pages": r"^fixtures/[^/]+\.html$",
    },
    "codelucas/newspaper": {
        "commit": "1618b547f31c2d1fd19ae3b6afd8f7542dd02074",
        "licence": "MIT (repository); page content (c) its publishers, kept there as test fixtures",
        "pages": r"^tests/data/html/[^/]+\.html$",
    },
    "goose3/goose3": {
        "commit": "c5a8902eed0c4592a1ff5ec51a0277cf73a3aca7",
        "licence": "Apache-2.0 (repository); page content (c) its publishers, kept there as test fixtures",
        "pages": r"^tests/data/(content|images|opengraph|title|publishdate|authors|videos|tags|schema|links|metas|tweets|reportagenewsarticle)/[^/]+\.html$",
    },
}

# Fixture names that are not real pages from a site (hand-made test snippets).
SYNTHETIC_NAME_RE = re.compile(
    r"(articlebody_|pattern_config|retry_top_node|get_canonical_url|known_image|basic_image|base64_image|"
    r"opengraph_type|opengraph_types|_none\b|/test_\w*issue\d+|meta_refresh|/metas/|/links/)",
)

_PSL = PublicSuffixList()
_HOST_RE = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$")


@dataclass
class Page:
    """One real page: its id, HTML text, site and the fixture's own metadata."""

    id: str
    repo: str
    path: str
    html: str
    url: str = ""
    site: str = ""
    meta: dict[str, object] = field(default_factory=dict)


def registered_domain(host: str) -> str:
    """``www.nytimes.com`` -> ``nytimes.com``; ``news.bbc.co.uk`` -> ``bbc.co.uk``."""
    host = host.lower().strip(".").split(":")[0]
    if host.startswith("www."):
        host = host[4:]
    return _PSL.privatesuffix(host) or host


def _git(repo_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo_dir), *args], check=True, capture_output=True).stdout


def snapshot_dir(mirror: Path, repo: str) -> Path:
    return mirror / repo.replace("/", "+") / "repo"


def _decode(raw: bytes) -> str:
    dammit = UnicodeDammit(raw, is_html=True)
    return dammit.unicode_markup if dammit.unicode_markup is not None else raw.decode("utf-8", "replace")


_CANON_RE = re.compile(
    r"""<link[^>]+rel=["']?canonical["']?[^>]*>|<meta[^>]+(?:property|name)=["']og:url["'][^>]*>""",
    re.IGNORECASE,
)
_HREF_RE = re.compile(r"""(?:href|content)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def page_url(html: str) -> str:
    """The page's own absolute URL as the page states it (canonical or og:url), or ''."""
    for m in _CANON_RE.finditer(html):
        h = _HREF_RE.search(m.group(0))
        if h and h.group(1).startswith(("http://", "https://", "//")):
            return h.group(1)
    return ""


def _site_from_name(name: str) -> str:
    """postlight's ``www.nytimes.com--video.html`` / newspaper's ``cnn.com2.html``."""
    stem = name.rsplit("/", 1)[-1].removesuffix(".html")
    stem = stem.split("--", 1)[0]
    stem = re.sub(r"\d+$", "", stem)
    return stem if _HOST_RE.match(stem.lower()) else ""


def load_pages(mirror: Path, *, strict_commit: bool = False) -> Iterator[Page]:
    """Every page of every source present under ``mirror``, in a fixed order."""
    for repo, info in SOURCES.items():
        gdir = snapshot_dir(mirror, repo)
        if not gdir.exists():
            print(f"warning: no snapshot of {repo} at {gdir}; its pages are left out")
            continue
        head = _git(gdir, "rev-parse", "HEAD").decode().strip()
        if head != info["commit"]:
            msg = f"{repo} snapshot is at {head}, SOURCES names {info['commit']}"
            if strict_commit:
                raise SystemExit(msg)
            print(f"warning: {msg}")
        names = _git(gdir, "ls-tree", "-r", "--name-only", "HEAD").decode().split("\n")
        pat = re.compile(info["pages"])
        for path in sorted(n for n in names if pat.match(n)):
            if SYNTHETIC_NAME_RE.search(path):
                continue
            raw = _git(gdir, "show", f"HEAD:{path}")
            html = _decode(raw)
            page = Page(id=f"{repo}:{path}", repo=repo, path=path, html=html)
            _add_metadata(gdir, names, page)
            if page.site:
                yield page


def _add_metadata(gdir: Path, names: list[str], page: Page) -> None:
    path = page.path
    url = ""
    if page.repo == "mozilla/readability":
        meta_path = path.replace("source.html", "expected-metadata.json")
        if meta_path in names:
            page.meta = json.loads(_git(gdir, "show", f"HEAD:{meta_path}"))
    elif page.repo == "goose3/goose3":
        jpath = path[: -len(".html")] + ".json"
        if jpath in names:
            data = json.loads(_git(gdir, "show", f"HEAD:{jpath}"))
            url = str(data.get("url") or "")
            page.meta = dict(data.get("expected") or {})
    url = url or page_url(page.html)
    if url.startswith("//"):
        url = "https:" + url
    host = urlsplit(url).hostname or "" if url else ""
    if not host or host in {"localhost", "example.com"}:
        host = _site_from_name(path)
    if not host and page.repo == "mozilla/readability":
        # Test pages named after their site ("nytimes-3", "wikipedia-2").
        stem = path.split("/")[2]
        host = re.sub(r"-\d+$", "", stem) + ".readability-test"
    page.url = url
    page.site = registered_domain(host) if host else ""
