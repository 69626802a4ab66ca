"""Learned vocabulary next to the hand lexicon: words and word pairs whose weights
are fitted on labelled documents (planner/journey/train.py).

Only terms used by at least ``MIN_COMPANIES`` companies of the training corpus enter
the vocabulary, so no company's own jargon is learned; the product's names are
replaced by one placeholder first ("PRODUCT's dashboard" is learned once for every
team). Each present term is one feature ``w:<term>``, scaled so that a page's
terms together weigh about as much as one strong signal; the weights are strongly
regularised. Findings quote the terms present in the page that weigh most.
"""
from __future__ import annotations

import math
import re
from typing import Iterable, Sequence

PLACEHOLDER = "zzproduct"
LEX_SCALE = 3.0
_TOKEN = re.compile(r"[a-z][a-z'’]*[a-z]|[a-z]")
_STOP = frozenset("the a an and or of to in for on with is are be this that it as at by from you your we our "
                  "can will".split())
_STOP_PAIRS = frozenset(f"{a} {b}" for a in _STOP for b in _STOP)  # (words have no spaces: a pair is its words)


def mask_names(text: str, names: Sequence[str]) -> str:
    if not names:
        return text
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.sub(rf"(?<![\w.\-])(?:{alt})(?![\w\-])", f" {PLACEHOLDER} ", text)


def terms(text: str, names: Sequence[str] = ()) -> set[str]:
    """Every word and adjacent word pair of ``text`` (lower-cased), names masked."""
    words = _TOKEN.findall(mask_names(text, names).lower())
    out = set(words)
    out.update(map(" ".join, zip(words, words[1:])))  # every pair, joined in C...
    out.difference_update(_STOP_PAIRS)  # ...then those of two stop words dropped
    return out


def lexical_features(present: Iterable[str], vocabulary: frozenset[str]) -> dict[str, float]:
    """``w:<term>`` for every vocabulary term present (scaled by 1/sqrt(count))."""
    found = sorted(vocabulary.intersection(present))
    if not found:
        return {}
    v = round(LEX_SCALE / math.sqrt(len(found)), 4)
    return {"w:" + t: v for t in found}


def term_spans(text: str, term: str, limit: int = 3) -> list[tuple[int, int]]:
    """Where a vocabulary term occurs in ``text`` (case-insensitive, whole words)."""
    if term.startswith(PLACEHOLDER):
        return []
    words = [re.escape(w) for w in term.split()]
    rx = re.compile(r"(?<![\w'’])" + r"\s+".join(words) + r"(?![\w'’])", re.I)
    return [(m.start(), m.end()) for _, m in zip(range(limit), rx.finditer(text))]
