"""Which paragraphs depart from the voice around them, on which kind, and by how much.

A paragraph is compared on each kind of voice break (planner.tone.voice) with what is
usual *for this page*: the higher of the stage's rate (the team's voice profile, or
the estate's own) and the rate in the rest of the document (shrunk towards the
stage's rate when the rest is short). The evidence is the paragraph's weighted hits
``x`` against the ``mu`` hits that rate predicts for its length, scored as the signed
square root of the Poisson deviance, ``sqrt(2 (x ln(x / mu) - (x - mu)))``: roughly
"standard deviations above usual", large for a dense paragraph, small for one hit in
a long paragraph, and zero when the rest of the page sounds the same (a page that is
uniformly in another voice is a document-level matter: ``tone-drift``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from planner.tone.voice import KINDS

RATE_FLOOR = 0.0005  # hits per word below which no stage is trusted to be quieter
REST_PRIOR_WORDS = 300  # words of the stage's rate the rest of a page is shrunk with


@dataclass(frozen=True)
class Departure:
    kind: str
    start: int
    end: int
    words: int
    hits: float
    expected: float  # hits the page's usual rate predicts for this paragraph
    rest_rate: float  # hits per 100 words in the rest of the document
    usual_rate: float  # hits per 100 words in the stage's voice profile
    score: float  # signed root deviance: how far above usual

    @property
    def rate(self) -> float:
        return 100.0 * self.hits / self.words if self.words else 0.0


def deviance_z(x: float, mu: float) -> float:
    """Signed root of the Poisson deviance of ``x`` hits against ``mu`` expected (0 when
    ``x`` is not above ``mu``)."""
    if x <= mu or x <= 0:
        return 0.0
    mu = max(mu, 1e-9)
    return math.sqrt(2.0 * (x * math.log(x / mu) - (x - mu)))


def paragraph_departures(voice: dict[str, Any], usual: dict[str, float], min_hits: float = 1.5,
                         min_score: float = 0.0) -> list[Departure]:
    """Every (paragraph, kind) at least ``min_hits`` weighted hits and ``min_score`` above
    usual, the strongest kind of each paragraph first; ``usual`` is hits per word by kind."""
    rows, total = voice.get("rows") or [], voice.get("total") or [0.0] * (1 + len(KINDS))
    out: list[Departure] = []
    for row in rows:
        start, end, words, _you, _we, *hits = row
        found = []
        for k, kind in enumerate(KINDS):
            x = hits[k]
            if x < min_hits:
                continue
            stage_rate = max(usual.get(kind, 0.0), RATE_FLOOR)
            rest_words, rest_hits = max(0.0, total[0] - words), max(0.0, total[k + 1] - x)
            rest_rate = (rest_hits + REST_PRIOR_WORDS * stage_rate) / (rest_words + REST_PRIOR_WORDS)
            mu = max(stage_rate, rest_rate) * words
            z = deviance_z(x, mu)
            if z >= min_score:
                found.append(Departure(kind, start, end, words, x, mu,
                                       100.0 * rest_hits / rest_words if rest_words else 0.0,
                                       100.0 * usual.get(kind, 0.0), z))
        found.sort(key=lambda d: -d.score)
        out.extend(found)
    return out
