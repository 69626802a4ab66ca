"""Hyphenation points, the syllable count of words the CMU dictionary does not know.

textstat counts such a word as its hyphenation points plus one, with pyphen's en_US
patterns (``Pyphen(lang="en_US")``, at least two letters either side of a point).
These are the same points, by Liang's algorithm over the same pattern file
(``pyphen.LANGUAGES``), read differently: pyphen parses all ~11,000 patterns when it
starts (~0.05 s of every start-up, for the few words of a page the dictionary lacks);
here one pass indexes the file by each pattern's letters, and a pattern is parsed
when a word contains it. A test checks the points against pyphen's for every word of
the CMU dictionary.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pyphen

LANGUAGE = "en_US"  # what textstat asks pyphen for
LEFT = RIGHT = 2  # Pyphen's defaults, which textstat keeps: no point nearer an end than this
# header lines of a hyphenation file (its encoding line is the first one, skipped)
_HEADER = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
_BLANKS = re.compile(rb"^[ \t\r]+|[ \t\r]+$", re.M)
_PAIRS = re.compile(r"(\d?)(\D?)")  # a pattern is letters with a digit before any of them: "a1b4"


@lru_cache(maxsize=1)
def _patterns() -> tuple[dict[str, str], int]:
    """(letters -> the pattern line, the longest letters). A pattern without a nonzero
    digit changes nothing and is left out; of two with the same letters the later wins.
    Digits are single bytes in UTF-8, so they are dropped from the bytes, in C: the
    index costs ~5 ms."""
    path = pyphen.LANGUAGES[pyphen.language_fallback(LANGUAGE)]
    first, _, body = path.read_bytes().partition(b"\n")
    encoding = first.decode().strip()  # "UTF-8"
    if any(blank in body for blank in (b" \n", b"\n ", b"\t", b"\r")) or body[:1].isspace() or body[-1:].isspace():
        body = _BLANKS.sub(b"", body)  # each line stripped, as pyphen strips it

    def lines(data: bytes) -> list[str]:
        return data.decode(encoding).split("\n")

    index = {letters: line
             for line, letters, zeros in zip(lines(body), lines(body.translate(None, b"0123456789")),
                                             lines(body.translate(None, b"123456789")))
             if zeros != line and not line.startswith(_HEADER)}
    return index, max(map(len, index), default=0)


@lru_cache(maxsize=20_000)
def _parsed(line: str) -> tuple[int, tuple[int, ...]]:
    """A pattern line as (offset of its first nonzero value, the values from there to
    its last nonzero one): "a1b4" -> (1, (1, 0, 4)) over the gaps before a, b and after."""
    if "/" in line and "=" in line:  # a nonstandard hyphenation's extra data: not a count's concern
        line = line.split("/", 1)[0]
    values = [int(digit or 0) for digit, _ in _PAIRS.findall(line)]
    start = next(i for i, v in enumerate(values) if v)
    end = len(values) - next(i for i, v in enumerate(reversed(values)) if v)
    return start, tuple(values[start:end])


def points(word: str) -> list[int]:
    """Where ``word`` may be hyphenated: the offsets pyphen's ``positions`` gives."""
    index, longest = _patterns()
    dotted = f".{word.lower()}."
    score = [0] * (len(dotted) + 1)
    for i in range(len(dotted) - 1):
        for j in range(i + 1, min(i + longest, len(dotted)) + 1):
            line = index.get(dotted[i:j])
            if line is None:
                continue
            offset, values = _parsed(line)
            for k, value in enumerate(values, start=i + offset):
                if value > score[k]:
                    score[k] = value
    last = len(word) - RIGHT
    return [i - 1 for i, s in enumerate(score) if s % 2 and LEFT <= i - 1 <= last]
