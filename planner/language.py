"""Cheap "is this English?" check, so English-only signals are not run on other languages.

English running text is ~35–55% function words (the, and, of, to, you, ...); technical
English rarely drops below 20%. German, French, Spanish, ... text scores well under
10% on the English stop-word list. Too little text to tell counts as English.
"""
from __future__ import annotations

from spacy.attrs import IS_ALPHA, IS_STOP
from spacy.tokens import Doc

MIN_WORDS = 30  # below this, the ratio is noise
SAMPLE = 3000  # tokens looked at: the opening of a long document is enough
THRESHOLD = 0.12  # English stop-word share below which a text is not taken as English


def stopword_ratio(sdoc: Doc) -> tuple[float, int]:
    """(share of alphabetic tokens that are English stop words, alphabetic tokens seen)."""
    if not len(sdoc):
        return 0.0, 0
    # arrays: no Token objects per word; Doc.to_array then a slice, since Span.to_array
    # is ten times slower than the Doc's even on the whole of a long document
    arr = sdoc.to_array([IS_ALPHA, IS_STOP])[:SAMPLE]
    alpha = arr[:, 0] == 1
    words = int(alpha.sum())
    stops = int((alpha & (arr[:, 1] == 1)).sum())
    return (stops / words if words else 0.0), words


def detect_language(sdoc: Doc) -> str:
    """``"en"``, or ``"unknown"`` when the text clearly is not English."""
    ratio, words = stopword_ratio(sdoc)
    if words < MIN_WORDS:
        return "en"
    return "en" if ratio >= THRESHOLD else "unknown"
