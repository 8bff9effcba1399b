"""An example textmend plugin: one line stage, registered through the ``textmend.stages`` group.

Word and PDF-to-text converters write list bullets set in the Symbol or
Wingdings font as private-use code points (U+F0B7, U+F0A7, U+F076, U+F0D8):
they show as boxes or nothing. This stage turns them into real bullets when
they stand where a bullet stands, at the start of a line before a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from textmend import LineStage

__all__ = ["PuaBullets"]

# U+F0B7 (Symbol bullet), U+F0A7 (Wingdings square), U+F076 (Wingdings diamond),
# U+F0D8 (Wingdings arrowhead), optionally indented, then a space or a tab.
_BULLET_RE = re.compile("^([ \t]*)[\uf0b7\uf0a7\uf076\uf0d8]([ \t])", re.M)
_GLYPHS = {"\uf0b7": "\u2022", "\uf0a7": "\u25aa", "\uf076": "\u2756", "\uf0d8": "\u27a2"}


@dataclass(frozen=True, kw_only=True)
class PuaBullets(LineStage):
    """Turn private-use bullet glyphs at the start of a line into real bullets.

    A private-use character elsewhere (an icon font, a CJK extension in a
    private agreement) is left alone.

    >>> PuaBullets().fix_line("\\uf0b7 First item")
    '• First item'
    >>> PuaBullets().fix_line("Price \\uf0b7 10")
    'Price \\uf0b7 10'
    """

    name: ClassVar[str] = "pua_bullets"
    summary: ClassVar[str] = "Turn private-use bullet glyphs (Symbol, Wingdings) into real bullets."
    trigger: ClassVar[re.Pattern[str]] = re.compile("[\uf0b7\uf0a7\uf076\uf0d8]")

    uniform: bool = False  # every glyph becomes U+2022 rather than its look-alike

    def fix_line(self, line: str) -> str:
        match = _BULLET_RE.match(line)
        if match is None:
            return line
        glyph = line[match.end(1)]
        bullet = "\u2022" if self.uniform else _GLYPHS[glyph]
        return line[: match.end(1)] + bullet + line[match.end(1) + 1 :]
