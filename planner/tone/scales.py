"""The tone dimensions: how raw counts become bounded 0-100 scores, and their named bands.

Every dimension is computed from plain counts (words, sentences, lexicon hits), so a
score for any stretch of text (a document, a section, a paragraph, or "the rest of the
document") is the same function of summed counts. Rate-based dimensions use a
saturating curve, ``100 * (1 - exp(-rate / k))`` with the rate per 100 words: more hits
always means a higher score, and no amount of text goes past 100.

=============  ====================================================================  ======
dimension      0 means ... 100 means                                                 better
=============  ====================================================================  ======
readability    Flesch reading ease, clipped: 0 very difficult ... 100 very easy       higher
personalism    all "we/our" ... all "you/your" (50: neither, or balanced)           higher
informality    legalistic, nominal, passive ... contractions, "you", short words     middle
liveliness     share of sentences that ask, exclaim, instruct or address the reader  middle
hype           superlatives, intensifiers, hype words, "!", ALL CAPS per 100 words   lower
hedging        "might", "perhaps", "we believe" per 100 words                        lower
jargon         "synergy", "leverage", "paradigm" per 100 words                       lower
phase_emotion  0 buyer emotions (curiosity, doubt, excitement) ... 100 customer      fit
               emotions (trust, satisfaction, empowerment); 50 neutral
=============  ====================================================================  ======
"""
from __future__ import annotations

import math
from typing import Any

DIMENSIONS = ("readability", "personalism", "informality", "liveliness", "hype", "hedging", "jargon",
              "phase_emotion")

# Upper bounds (exclusive) and names, lowest first; the last band runs to 100.
BANDS: dict[str, list[tuple[float, str]]] = {
    # Flesch's own table (1949), as used by most readability tools
    "readability": [(30, "very difficult"), (50, "difficult"), (60, "fairly difficult"), (70, "plain"),
                    (80, "fairly easy"), (90, "easy"), (101, "very easy")],
    "personalism": [(25, "self-centred"), (45, "writer-leaning"), (60, "neutral"), (101, "reader-centred")],
    "informality": [(20, "stiff"), (40, "formal"), (65, "neutral"), (85, "conversational"), (101, "chatty")],
    "liveliness": [(15, "flat"), (40, "steady"), (70, "lively"), (101, "animated")],
    "hype": [(15, "restrained"), (35, "upbeat"), (60, "promotional"), (101, "hype")],
    "hedging": [(15, "assertive"), (35, "measured"), (60, "hedged"), (101, "evasive")],
    "jargon": [(15, "plain"), (35, "some jargon"), (60, "jargon-heavy"), (101, "buzzword soup")],
    "phase_emotion": [(40, "buyer-leaning"), (60, "neutral"), (101, "customer-leaning")],
}

# Saturation constants k (hits per 100 words that give a score of 63).
K_HYPE = 2.5
K_HEDGING = 2.0
K_JARGON = 1.5

# Weights of the hype components (per hit).
HYPE_WEIGHTS = {"hype": 1.0, "superlative": 1.0, "intensifier": 0.5, "exclamation": 0.5, "caps": 1.0}

# Count keys every stretch of text carries (see planner.tone.profile).
COUNT_KEYS = ("words", "prose_words", "prose_sentences", "syllables", "long_sentences", "sq_len",
              "sentences", "lively", "you", "we", "self", "contractions", "short_words", "nominal", "passive",
              "legal", "hype", "hedges", "jargon", "buyer_em", "customer_em",
              "mild_hype", "intensifiers", "formal", "nominal_of", "modal_passive", "company", "buzz",
              "we_narrative")


def saturate(hits: float, words: int, k: float) -> float:
    if words <= 0:
        return 0.0
    return 100.0 * (1.0 - math.exp(-(100.0 * hits / words) / k))


def flesch(words: int, sentences: int, syllables: int) -> float | None:
    if words <= 0 or sentences <= 0:
        return None
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def fk_grade(words: int, sentences: int, syllables: int) -> float | None:
    if words <= 0 or sentences <= 0:
        return None
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def _clip(x: float) -> float:
    """``round(max(0.0, min(100.0, x)), 1)``, without the two calls (same values and
    types: ``min`` keeps its first argument unless the second is smaller)."""
    y = x if x < 100.0 else 100.0
    return round(y if y > 0.0 else 0.0, 1)


def informality_raw(c: dict[str, float]) -> float:
    """Centred on 50: conversational markers push up, nominal and legal register down."""
    w = c["words"]
    if w <= 0:
        return 50.0
    per100 = 100.0 / w
    up = 6.0 * c["contractions"] * per100 + 1.5 * c["you"] * per100 + 60.0 * (c["short_words"] / w - 0.62)
    down = 2.5 * c["nominal"] * per100 + 4.0 * c["passive"] * per100 + 8.0 * c["legal"] * per100
    return 50.0 + up - down


def scores(c: dict[str, float]) -> dict[str, float | None]:
    """The 0-100 score of every dimension from summed counts."""
    w = int(c["words"])
    fre = flesch(int(c["prose_words"]), int(c["prose_sentences"]), int(c["syllables"]))
    return {
        "readability": None if fre is None else _clip(fre),
        "personalism": _clip(100.0 * (c["you"] + 1) / (c["you"] + c["we"] + 2)),
        "informality": _clip(informality_raw(c)),
        "liveliness": _clip(100.0 * c["lively"] / c["sentences"]) if c["sentences"] else 0.0,
        "hype": _clip(saturate(c["hype"], w, K_HYPE)),
        "hedging": _clip(saturate(c["hedges"], w, K_HEDGING)),
        "jargon": _clip(saturate(c["jargon"], w, K_JARGON)),
        "phase_emotion": _clip(100.0 * (c["customer_em"] + 1) / (c["buyer_em"] + c["customer_em"] + 2)),
    }


def band(dimension: str, score: float | None) -> str:
    if score is None:
        return "n/a"
    for upper, name in BANDS[dimension]:
        if score < upper:
            return name
    return BANDS[dimension][-1][1]


def bands(s: dict[str, float | None]) -> dict[str, str]:
    return {d: band(d, v) for d, v in s.items() if d in BANDS}


def add_counts(a: dict[str, float], b: dict[str, float], sign: int = 1) -> dict[str, float]:
    return {k: a.get(k, 0) + sign * b.get(k, 0) for k in COUNT_KEYS}


def readability_summary(c: dict[str, Any]) -> dict[str, Any]:
    """The ``Analysis.readability`` record for summed counts (prose sentences only)."""
    words, sents, syl = int(c["prose_words"]), int(c["prose_sentences"]), int(c["syllables"])
    fre, grade = flesch(words, sents, syl), fk_grade(words, sents, syl)
    mean = words / sents if sents else 0.0
    var = (c["sq_len"] / sents - mean * mean) if sents else 0.0
    return {
        "flesch_reading_ease": None if fre is None else round(fre, 1),
        "grade": None if grade is None else round(max(0.0, grade), 1),
        "sentence_mean": round(mean, 1),
        "sentence_spread": round(math.sqrt(max(0.0, var)), 1),
        "long_share": round(c["long_sentences"] / sents, 3) if sents else 0.0,
        "sentences": sents,
        "words": words,
    }
