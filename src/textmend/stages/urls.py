"""URL debris: percent-encoding residue and tracking tails glued onto words.

The seed's first line ends ``…not 39out of.com2F242F252Fe9e4…``: a percent-encoded
URL path whose ``%`` signs a scraper stripped, glued onto the title. Every pattern
here is linear (see :mod:`textmend.stages.markup`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import ClassVar, Literal
from urllib.parse import unquote

from textmend.stage import LineStage
from textmend.stages.markup import looks_like_code

__all__ = ["STAGES", "UrlDebris"]


_TOKEN_RE = re.compile(r"\S+")
_URL_RE = re.compile(r"(?:https?|ftp)://|www\.", re.I)
# Percent-encoded path residue glued to a word or a number: an optional ".com",
# then "2F" with or without "%" / "%25"; the tail runs to the end of the token
# and is checked in Python (hex only, two "2F" or more, 16 characters or more).
_DEBRIS_RE = re.compile(r"(?<=[A-Za-z0-9])(?:\.[a-z]{2,6})?(?=%?(?:25)?2[Ff])\S+")
_DEBRIS_BODY_RE = re.compile(r"[0-9A-Fa-f%]{16,}")
_HEX_WORD_RE = re.compile(r"[0-9A-Fa-f]*")
_WORD_TAIL_RE = re.compile(r"[0-9A-Za-z]*\Z")
_OPENERS = "\"'([{<*_\u201c\u2018\u201e\u201a\u00ab\u2039\u300c\u300e"
_TLD_RE = re.compile(r"^\.[a-z]{2,6}(?=%|2)")
# Tracking parameters glued after a word, or a dangling query of them.
_TRACKING_RE = re.compile(
    r"[?&](?:utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ref_src)=\S*"
)
# Starts only at the beginning of a run ("%2F" ends in a letter, so without the
# second look-behind every "F" of "%2F%2F…" would start a new, failing attempt).
_PCT_RE = re.compile(r"(?<=[A-Za-z])(?<!%[0-9A-Fa-f]{2})(?:%[0-9A-Fa-f]{2})+(?=[A-Za-z])")
_URL_FULL_RE = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]'\u2019\u201d]", re.I)


@dataclass(frozen=True, kw_only=True)
class UrlDebris(LineStage):
    """Remove percent-encoding residue and tracking tails glued onto words.

    Repairs: a hex tail full of ``2F`` (``%2F`` without its ``%``) glued to a
    word, as in the seed's ``not 39out of.com2F242F252Fe9e4…`` -> ``not 39out
    of``; a ``?utm_source=…&utm_medium=…`` tail glued after a word or left
    dangling; ``%20`` and UTF-8 percent sequences between two letters of a word
    that is not a URL (``don%E2%80%99t`` -> ``don’t``).

    Leaves alone: URLs (by default), e-mail addresses, a hash or hex digest that
    stands as its own word, ``%`` in numbers and format strings, code. With
    ``urls="remove"`` or ``"replace"``, URLs are dropped or replaced by
    ``url_placeholder``.

    >>> UrlDebris().fix_line("Ukraine not 39out of.com2F242F252Fe9e46c6697954448ec5f")
    'Ukraine not 39out of'
    >>> UrlDebris().fix_line("See https://example.com/a%2Fb?utm_source=x and 9e46c6697954448e")
    'See https://example.com/a%2Fb?utm_source=x and 9e46c6697954448e'
    >>> UrlDebris().fix_line("commit 5a3f30c7a0e98cbf2f2f2df4458ff539cd51375e fixed it")
    'commit 5a3f30c7a0e98cbf2f2f2df4458ff539cd51375e fixed it'
    """

    name: ClassVar[str] = "url_debris"
    summary: ClassVar[str] = "Remove URL-encoding debris and tracking tails glued to words."

    urls: Literal["keep", "remove", "replace"] = "keep"
    url_placeholder: str = "<URL>"

    @property
    def trigger(self) -> re.Pattern[str]:  # type: ignore[override]
        if self.urls == "keep":
            return _TRIGGER_KEEP
        return _TRIGGER_URLS

    def _token(self, tok: str, kinds: set[str]) -> str:
        if _URL_RE.search(tok) or "@" in tok:
            return tok
        m = _DEBRIS_RE.search(tok)
        if m is not None:
            tail = m.group()
            trail = tail[len(tail.rstrip(".,;:!?)\"'")) :]
            head = tail[: len(tail) - len(trail)]
            body = _TLD_RE.sub("", head, count=1)
            # A hex digest standing as its own word ("5a3f…cbf2f2f2d…") is content:
            # the word the debris is glued to must be more than hex digits, unless
            # the tail has a "%" (a digest has none: "Wizards 107%2F663f…").
            # Opening quotes and brackets before the digest are not part of a word.
            # A digest is in one case; "2F" residue glued to a word of hex letters
            # ("added2F2Fcd18…", found by the round-trip property) mixes the two.
            # The word is the run of letters and digits the tail is glued to ("share—d8ac4…"
            # glues a digest to a dash, not to "share").
            word = _WORD_TAIL_RE.search(tok, 0, m.start()).group()  # type: ignore[union-attr]
            run = word + body
            digest = _HEX_WORD_RE.fullmatch(word) is not None and (run.lower() == run or run.upper() == run)
            glued = body != head or "%" in body or not digest
            if glued and _DEBRIS_BODY_RE.fullmatch(body) and body.upper().count("2F") >= 2:
                kinds.add("encoded_path")
                tok = tok[: m.start()] + trail
        if "=" in tok:
            cut = _TRACKING_RE.search(tok)
            if cut is not None and (cut.start() > 0 or tok[0] == "?"):
                kinds.add("tracking")
                tok = tok[: cut.start()]
        if "%" in tok and "/" not in tok and "=" not in tok:

            def pct(m: re.Match[str]) -> str:
                try:
                    text = unquote(m.group(), errors="strict")
                except UnicodeDecodeError:
                    return m.group()
                if text == " " or (
                    all(ord(c) >= 0x80 for c in text)
                    and not any(unicodedata.category(c)[0] in "CZ" for c in text)
                ):
                    kinds.add("percent_encoding")
                    return text
                return m.group()

            tok = _PCT_RE.sub(pct, tok)
        return tok

    def explain_line(self, line: str) -> tuple[str, str]:
        if looks_like_code(line):
            return line, ""
        kinds: set[str] = set()
        new = line
        if self.urls != "keep":
            repl = "" if self.urls == "remove" else self.url_placeholder
            replaced = _URL_FULL_RE.sub(repl, new)
            if replaced != new:
                kinds.add("url")
                new = replaced
                if self.urls == "remove":
                    new = re.sub(r"(?<=\S)  +(?=\S)", " ", new)
                    new = re.sub(r" +$", "", new) if not line.endswith(" ") else new
        parts = []
        done = 0
        # Only the tokens (runs of non-space) that hold a trigger match are looked
        # at: from each match, out to the spaces around it. The trigger looks at
        # nothing but non-space characters, so it matches in the line exactly
        # where it matches in the token. Each token is walked once.
        pos = 0
        search = _TOKEN_TRIGGER_RE.search
        while (m := search(new, pos)) is not None:
            tok_start = m.start()
            while tok_start > pos and not new[tok_start - 1].isspace():
                tok_start -= 1
            tok_end = _TOKEN_RE.match(new, m.start()).end()  # type: ignore[union-attr]
            pos = tok_end
            tok = new[tok_start:tok_end]
            fixed = self._token(tok, kinds)
            if fixed != tok:
                start = tok_start
                if not fixed and start > 0 and new[start - 1] == " ":
                    start -= 1  # a dangling "?utm_source=..." takes its space along
                parts.append(new[done:start])
                parts.append(fixed)
                done = tok_end
        if parts:
            parts.append(new[done:])
            new = "".join(parts)
        return new, "+".join(sorted(kinds)) if new != line else ""

    def fix_line(self, line: str) -> str:
        return self.explain_line(line)[0]


# Tracking parameters are found from their "_" or "=" (rarer than a first letter).
_TOKEN_TRIGGER_RE = re.compile(
    r"2[Ff]|%[0-9A-Fa-f]{2}|_(?<=utm_)|=(?:(?<=clid=)|(?<=mc_[ce]id=)|(?<=igshid=)|(?<=ref_src=))"
)
_TRIGGER_KEEP = _TOKEN_TRIGGER_RE
_TRIGGER_URLS = re.compile(_TOKEN_TRIGGER_RE.pattern + r"|://|www\.", re.I)


STAGES = (UrlDebris,)
