"""Named profiles: ordered tuples of stage names. The only place order is written."""

from __future__ import annotations

from textmend.errors import ConfigError

__all__ = ["PROFILES", "profile_stages"]

MINIMAL: tuple[str, ...] = (
    # Lines must be lines before any line stage runs: "\r\n" and lone "\r" go first.
    "line_breaks",
    # Mojibake before control characters: the C1 controls of Latin-1 mojibake are
    # evidence ftfy needs to undo it.
    "mojibake",
    # Real, complete entities (&amp; &#39;) after mojibake, before the residue rules.
    "html_entities",
    # Controls, stray BOMs, zero-width and soft-hyphen junk, lone surrogates.
    "control_chars",
    # In-line spacing last among line stages: the repairs above can leave spaces behind.
    "whitespace",
    # Blank-line runs after every stage that can blank a line.
    "blank_lines",
)

DEFAULT: tuple[str, ...] = (
    "line_breaks",
    # Link residue of a page converted to Markdown (menus, images, reference links)
    # before the title stage, which judges the first line (a menu above the title
    # would stand there on the first run and be gone on the second), and before
    # markup_residue, whose line-at-a-time link rules cannot see blocks, reference
    # definitions or links broken across lines. It leaves URL debris alone.
    "link_residue",
    # The mangled title before any line stage: URL debris and entity codes are the
    # evidence that the first line is a corrupted copy, and the line stages would
    # erase it (leaving a clean-looking truncated title beside its twin).
    "mangled_title",
    # Breaks written as tags ("<br /><br />") become real line breaks before the
    # line stages, which cannot split a line, see the lines.
    "html_breaks",
    # Markup residue (stray tags, Markdown links) before entities: "&lt;b&gt;" decoded to
    # "<b>" is text about a tag, never residue to strip.
    "markup_residue",
    # Entities before mojibake, as ftfy does: "10&Icirc;&frac14;s" is mojibake once
    # decoded ("10Î¼s" -> "10μs").
    "html_entities",
    "mojibake",
    # Residue of stripped entities (Don39t, quot;) once real entities are decoded.
    "entity_residue",
    # URL debris after entities: "&#39;" decoded first keeps "39" from reading as hex.
    "url_debris",
    "control_chars",
    "whitespace",
    # The truncated tail is judged on the repaired last line.
    "truncated_tail",
    # Last: removals above leave blank-line runs behind.
    "blank_lines",
)

OCR: tuple[str, ...] = (
    "line_breaks",
    "link_residue",  # as in the default profile
    "mangled_title",
    "html_breaks",  # as in the default profile
    # The character repairs first, as in the default profile: the page stages below
    # judge lines by what they say, and "&#33" or "\x01," alone on a line only turns
    # into specks once decoded (a noise line judged undecoded would go on a second run).
    "markup_residue",
    "html_entities",  # before mojibake, as in the default profile
    "mojibake",
    # Ligatures before any lexicon look-up: "ﬁnal" is not in the lexicon, "final" is.
    "ligatures",
    "entity_residue",
    "url_debris",
    # Form feeds stay (they mark the pages for running_headers).
    "control_chars",
    # Speck lines before page furniture: dust at a page edge would hide a running
    # header or a folio.
    "ocr_noise",
    # Page furniture before anything joins lines across a page break.
    "running_headers",
    # Letter-spaced words before whitespace, which would collapse the double spaces
    # that mark their word boundaries ("T h i s  i s").
    "letter_spacing",
    "whitespace",
    # Hyphenation needs the line breaks that unwrap removes.
    "ocr_hyphenation",
    "unwrap",
    # Word repairs on whole words: after hyphenated halves are joined, so a fragment
    # ("infor-", "mation") is never taken for a misread word.
    "ocr_confusions",
    "split_words",
    "truncated_tail",
    # Last: removed noise lines, headers and page breaks leave blank-line runs behind.
    "blank_lines",
)

PROFILES: dict[str, tuple[str, ...]] = {
    "minimal": MINIMAL,
    "default": DEFAULT,
    "ocr": OCR,
}


def profile_stages(name: str) -> tuple[str, ...]:
    """The stage names of profile ``name``; :class:`ConfigError` names the valid ones."""
    try:
        return PROFILES[name]
    except (KeyError, TypeError):
        valid = ", ".join(sorted(PROFILES))
        raise ConfigError(f"unknown profile {name!r}; valid profiles: {valid}") from None
