"""Document-level drift: is a whole page in another voice than its stage?

A page is compared, dimension by dimension, with what is usual for its stage: the
team's trained voice (median and MAD per stage, from ``planner train``) when there is
one, else the other pages of the stage in this estate (of the phase when a stage has
too few). The dimensions are the tone scores (0-100) and the rate of each kind of
voice break (per 100 words, planner.tone.voice), so a page written throughout in mild
hype or officialese is found here even when no single paragraph stands out.

The outlier test is Iglewicz and Hoaglin's modified z-score, ``0.6745 (x - median) /
MAD``, with the MAD floored so that a stage that agrees exactly does not make every
small difference an outlier.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Callable

from planner.tone import verdicts as v
from planner.tone.voice import KINDS, MARKS, rate_dim

# the score dimensions: direction that is worse, the least distance, the band a page
# must reach on its own (planner.tone.verdicts.VOICE), and the MAD floor
MAD_FLOOR = {"readability": 8.0, "personalism": 10.0, "informality": 8.0, "hype": 8.0, "hedging": 8.0,
             "jargon": 8.0}
# the voice-break rates (per 100 words): MAD floor, least distance, least rate on its own
RATE_RULE = {"hype": (0.4, 1.5, 2.0), "officialese": (0.4, 1.5, 2.0), "writer": (0.6, 2.5, 3.0),
             "buzzwords": (0.4, 1.5, 2.0)}
LARGE_GROUP = 200  # pages; above this a group's median and MAD are worked out once, with every page in


def page_values(analysis) -> dict[str, float | None]:
    """A page's value on every drift dimension."""
    out: dict[str, float | None] = {dim: analysis.tone["scores"].get(dim) for dim in v.VOICE}
    total = (analysis.tone.get("voice") or {}).get("total")
    if total and total[0] > 0:
        for k, kind in enumerate(KINDS):
            out[rate_dim(kind)] = 100.0 * total[k + 1] / total[0]
    return out


def rule_for(dim: str) -> tuple[int, float, float, float]:
    """(sign, MAD floor, least distance, floor on its own) of a dimension, given the
    rule's ``min_delta`` for the scores."""
    for kind in KINDS:
        if dim == rate_dim(kind):
            floor, delta, least = RATE_RULE[kind]
            return +1, floor, delta, least
    sign, _delta, bad = v.VOICE[dim]
    return sign, MAD_FLOOR[dim], 0.0, bad


@dataclass
class Outlier:
    dim: str
    value: float
    median: float
    z: float

    @property
    def score_dim(self) -> bool:
        """A tone score (0-100), not a voice-break rate: only these make a warning, since
        a short page with a few phrases of a kind has a high rate without a voice."""
        return self.dim in v.VOICE


def marks_for(dim: str) -> tuple[str, ...] | None:
    """The evidence marks of a dimension whose outliers need three different phrases:
    hype, jargon and the voice-break rates (one word used all over a page, say
    "omnichannel", is its topic, not its voice); None for the others."""
    for kind in KINDS:
        if dim == rate_dim(kind):
            return MARKS[kind]
    return v.MARKS_FOR[dim] if dim in ("hype", "jargon") else None


def outliers(analysis, peers: "Peers", options: dict[str, Any],
             distinct: Callable[[tuple[str, ...]], int]) -> list[Outlier]:
    """The dimensions on which a page is an outlier against ``peers``, worst first.
    ``analysis`` may be the stored summary; ``distinct(marks)`` counts the page's
    different phrases of those marks (from the whole analysis), asked only for a
    dimension that is already an outlier by its numbers."""
    out = []
    counts = analysis.tone["counts"]
    for dim, x in page_values(analysis).items():
        if x is None:
            continue
        sign, floor, delta, bad = rule_for(dim)
        # the cheap conditions first: most pages are not bad on most dimensions
        if not (x >= bad if sign > 0 else x <= bad):
            continue
        if dim in v.VOICE and not v.enough(dim, counts, whole=True):
            continue
        stats = peers.stats(dim, x)
        if stats is None:
            continue
        med, mad = stats
        z = 0.6745 * (x - med) / max(mad, floor)
        least = delta or float(options["min_delta"])
        if sign * z < options["z"] or sign * (x - med) < least:
            continue
        keys = marks_for(dim)
        if keys is not None and distinct(keys) < 3:
            continue
        out.append(Outlier(dim, x, med, abs(z)))
    out.sort(key=lambda o: -o.z)
    return out


class Peers:
    """What a page is compared with: either the sorted values of its group in the estate
    (its own value removed), or a trained voice's (median, MAD)."""

    def __init__(self, name: str, count: int, values: dict[str, list[float]] | None = None,
                 fixed: dict[str, list[float]] | None = None, min_peers: int = 5) -> None:
        self.name, self.count, self.values, self.fixed, self.min_peers = name, count, values, fixed, min_peers
        self._memo: dict[str, tuple[float, float]] = {}
        self._fingerprint: str | None = None

    def fingerprint(self) -> str:
        """Everything :meth:`stats` can answer, as text: a page's verdict against these
        peers stands while it is the same. A large group's median and MAD, not its
        values, so one changed page seldom moves it."""
        if self._fingerprint is None:
            if self.fixed is not None:
                basis: list = sorted(self.fixed.items())
            else:
                basis = [(dim, self.stats(dim, 0.0) if len(vals) > LARGE_GROUP else vals)
                         for dim, vals in sorted((self.values or {}).items())]
            self._fingerprint = repr((self.name, self.count, self.min_peers, basis))
        return self._fingerprint

    def stats(self, dim: str, own: float) -> tuple[float, float] | None:
        """(median, MAD) of the peers on ``dim``."""
        if self.fixed is not None:
            pair = self.fixed.get(dim)
            return (pair[0], pair[1]) if pair else None
        vals = (self.values or {}).get(dim) or []
        if len(vals) - 1 < self.min_peers:
            return None
        if len(vals) > LARGE_GROUP:  # one page hardly moves a large group's median and MAD
            if dim not in self._memo:
                self._memo[dim] = _median_mad(vals)
            return self._memo[dim]
        vals = list(vals)
        i = bisect.bisect_left(vals, own)
        if i < len(vals) and vals[i] == own:
            del vals[i]  # the page's own value
        return _median_mad(vals)


def _median_mad(vals: list[float]) -> tuple[float, float]:
    """Median and median absolute deviation of sorted values."""
    n = len(vals)
    med = (vals[(n - 1) // 2] + vals[n // 2]) / 2
    dev = sorted(abs(x - med) for x in vals)
    return med, (dev[(n - 1) // 2] + dev[n // 2]) / 2


def group_values(analyses: list) -> dict[str, list[float]]:
    """Each dimension's values over a group of pages, sorted (once per group: a page's
    peers are its group minus itself, so the rule stays linear in the estate)."""
    rows = [page_values(a) for a in analyses]
    dims = {d for r in rows for d in r}
    return {d: sorted(r[d] for r in rows if r.get(d) is not None) for d in dims}
