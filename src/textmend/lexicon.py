"""What a word is: word frequencies from wordfreq, per language, loaded once.

Frequencies are on the Zipf scale: ``log10`` of occurrences per billion words, so
"the" is about 7.7 and a word seen once per million words is 3. A word list is
loaded the first time a decision needs it (about a second for one language), so a
pipeline that never asks pays nothing.
"""

from __future__ import annotations

import importlib.util
import math
from functools import lru_cache

from textmend.errors import ConfigError

__all__ = ["best_zipf", "common", "known_words", "lexicon", "require_lexicon", "zipf"]

_INSTALL_HINT = "this stage needs the wordfreq lexicon: pip install wordfreq"

# Languages whose words turn up in text of any other Latin-script language (names,
# loan words: "café", "Pokémon", "Zeitgeist"): what ``best_zipf`` asks besides the
# document's own language.
COMMON_LATIN = ("en", "fr", "de", "es", "it", "pt", "nl")


def require_lexicon() -> None:
    """Raise :class:`ConfigError` naming the install command when wordfreq is missing."""
    if importlib.util.find_spec("wordfreq") is None:
        raise ConfigError(_INSTALL_HINT)


@lru_cache(maxsize=16)
def lexicon(language: str) -> dict[str, float]:
    """Lower-case word -> Zipf frequency for ``language`` (an ISO 639-1 code)."""
    try:
        import wordfreq
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ConfigError(_INSTALL_HINT) from exc
    try:
        freqs = wordfreq.get_frequency_dict(language)
    except Exception as exc:  # wordfreq raises LookupError, langcodes ValueError subclasses
        raise ConfigError(f"wordfreq has no word list for language {language!r}") from exc
    return {w: math.log10(f) + 9.0 for w, f in freqs.items() if f > 0}


@lru_cache(maxsize=64)
def common(language: str) -> dict[str, float]:
    """The common words of ``language`` (wordfreq's small list: Zipf 3 and more, some
    30,000 words, a twentieth of a second and a few MB to load), or an empty dict when
    wordfreq has no list for it. What cheap "is this a word anywhere?" checks ask."""
    try:
        import wordfreq

        freqs = wordfreq.get_frequency_dict(language, wordlist="small")
    except Exception:  # wordfreq raises LookupError, langcodes ValueError subclasses
        return {}
    return {w: math.log10(f) + 9.0 for w, f in freqs.items() if f > 0}


def zipf(word: str, language: str = "en") -> float:
    """The Zipf frequency of ``word`` (lower-cased; curly apostrophes straightened), 0 if unknown.

    >>> zipf("information") > 5 > zipf("infor-mation")
    True
    """
    return lexicon(language).get(word.lower().replace("\u2019", "'"), 0.0)


def best_zipf(word: str, languages: tuple[str, ...] = COMMON_LATIN) -> float:
    """The highest Zipf frequency of ``word`` among the common words of ``languages``
    (:func:`common`: 0 for a word below Zipf 3 or in no list).

    >>> best_zipf("café") > 3 and best_zipf("cafx") == 0
    True
    """
    low = word.lower().replace("\u2019", "'")
    return max((common(lang).get(low, 0.0) for lang in languages), default=0.0)


@lru_cache(maxsize=16)
def known_words(language: str, min_zipf: float) -> frozenset[str]:
    """The lexicon's words at least ``min_zipf`` frequent (lower case)."""
    return frozenset(w for w, z in lexicon(language).items() if z >= min_zipf)
